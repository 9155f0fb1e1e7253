# Shared helpers of the ci/ scripts (sourced, not run).
step() { printf '\n==> %s\n' "$*"; }

apt_updated=
# need_cmd CMD PACKAGE: installs the Debian package if CMD is missing.
need_cmd() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ -z "$apt_updated" ]; then
        apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
