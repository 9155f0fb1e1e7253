//! Output: aligned tables, human-readable sizes, and a small JSON writer.

use std::fmt::Write as _;

/// Column alignment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Renders rows as columns separated by one space, each as wide as its widest cell, without
/// trailing spaces.
pub fn table(rows: &[Vec<String>], align: &[Align]) -> String {
    let cols = align.len();
    let mut width = vec![0usize; cols];
    for row in rows {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate().take(cols) {
            if i > 0 {
                line.push(' ');
            }
            let pad = width[i].saturating_sub(cell.chars().count());
            let last = i + 1 == row.len().min(cols);
            match align[i] {
                Align::Right => {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(cell);
                }
                Align::Left => {
                    line.push_str(cell);
                    if !last {
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

const BINARY: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/// A byte count for people: exact (`8 MiB`, `800 KiB`) when it is a whole number of the
/// largest unit that fits, else to one decimal (`1.2 MiB`); below 1 KiB, the plain number.
pub fn human_bytes(v: u64) -> String {
    if v < 1024 {
        return v.to_string();
    }
    let mut k = 1;
    while k + 1 < BINARY.len() && v >> (10 * (k + 1)) != 0 {
        k += 1;
    }
    loop {
        let unit = 1u128 << (10 * k);
        let v = u128::from(v);
        if v % unit == 0 {
            return format!("{} {}", v / unit, BINARY[k]);
        }
        let tenths = (v * 10 + unit / 2) / unit;
        if tenths >= 10240 && k + 1 < BINARY.len() {
            k += 1;
            continue;
        }
        return format!("{}.{} {}", tenths / 10, tenths % 10, BINARY[k]);
    }
}

/// A JSON object or array being written into a `String`.
pub struct Json {
    buf: String,
    first: Vec<bool>,
}

impl Json {
    pub fn new() -> Json {
        Json {
            buf: String::new(),
            first: Vec::new(),
        }
    }

    fn sep(&mut self) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.buf.push_str(", ");
            }
            *first = false;
        }
    }

    /// Opens an object (`key` is `None` at the top level or in an array).
    pub fn open(&mut self, key: Option<&str>) -> &mut Json {
        self.key(key);
        self.buf.push('{');
        self.first.push(true);
        self
    }

    pub fn close(&mut self) -> &mut Json {
        self.buf.push('}');
        self.first.pop();
        self
    }

    pub fn open_array(&mut self, key: Option<&str>) -> &mut Json {
        self.key(key);
        self.buf.push('[');
        self.first.push(true);
        self
    }

    pub fn close_array(&mut self) -> &mut Json {
        self.buf.push(']');
        self.first.pop();
        self
    }

    fn key(&mut self, key: Option<&str>) {
        self.sep();
        if let Some(k) = key {
            string(&mut self.buf, k);
            self.buf.push_str(": ");
        }
    }

    /// A value written as given: a number, `null`, `true`...
    pub fn raw(&mut self, key: Option<&str>, value: impl std::fmt::Display) -> &mut Json {
        self.key(key);
        let _ = write!(self.buf, "{value}");
        self
    }

    pub fn str(&mut self, key: Option<&str>, value: &str) -> &mut Json {
        self.key(key);
        string(&mut self.buf, value);
        self
    }

    /// A number, or `null` for `None`.
    pub fn opt(&mut self, key: Option<&str>, value: Option<impl std::fmt::Display>) -> &mut Json {
        match value {
            Some(v) => self.raw(key, v),
            None => self.raw(key, "null"),
        }
    }

    pub fn finish(mut self) -> String {
        self.buf.push('\n');
        self.buf
    }
}

/// Appends `s` as a JSON string literal.
fn string(buf: &mut String, s: &str) {
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(buf, "\\u{:04x}", c as u32);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_bytes(0), "0");
        assert_eq!(human_bytes(1023), "1023");
        assert_eq!(human_bytes(1024), "1 KiB");
        assert_eq!(human_bytes(819200), "800 KiB");
        assert_eq!(human_bytes(8 << 20), "8 MiB");
        assert_eq!(human_bytes(1536 << 20), "1.5 GiB");
        assert_eq!(human_bytes(1234567), "1.2 MiB");
        assert_eq!(human_bytes((1 << 20) - 1), "1.0 MiB");
        assert_eq!(human_bytes(u64::MAX - 1), "16.0 EiB");
    }

    #[test]
    fn json() {
        let mut j = Json::new();
        j.open(None)
            .str(Some("a\"\n"), "x\u{1}")
            .open_array(Some("l"));
        j.raw(None, 1).opt(None, None::<u8>).close_array().close();
        assert_eq!(
            j.finish(),
            "{\"a\\\"\\n\": \"x\\u0001\", \"l\": [1, null]}\n"
        );
    }

    #[test]
    fn tables() {
        let rows = vec![
            vec!["A".to_string(), "1".to_string(), "x".to_string()],
            vec!["BBB".to_string(), "100".to_string(), "".to_string()],
        ];
        assert_eq!(
            table(&rows, &[Align::Left, Align::Right, Align::Left]),
            "A     1 x\nBBB 100\n"
        );
    }
}
