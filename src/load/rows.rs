//! Delimited rows (CSV, TSV) read from a stream, each field with the line and column it
//! starts on, so that a bad value is named where it is. The `csv` crate reads faster but
//! tells only where a record starts; importers must say which column is wrong.
//!
//! With quoting (RFC 4180), a field in double quotes may hold the delimiter, doubled
//! quotes and line breaks. Without it (GDELT, whose text is never quoted), a line is a row.

use std::io::BufRead;

/// One row: its fields, and where each starts.
#[derive(Default)]
pub struct Record {
    /// The line the row starts on.
    pub line: usize,
    text: String,
    /// Where each field is in `text`.
    spans: Vec<(usize, usize)>,
    /// The line and character column each field starts on; none for a row read without
    /// quoting, whose text is its line: the column is counted from it when asked.
    starts: Vec<(usize, usize)>,
    by_byte: bool,
}

impl Record {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Field `i`, or "" past the last.
    pub fn get(&self, i: usize) -> &str {
        match self.spans.get(i) {
            Some(&(start, end)) => &self.text[start..end],
            None => "",
        }
    }

    /// Field `i`, trimmed, or `None` where it is blank.
    pub fn value(&self, i: usize) -> Option<&str> {
        Some(self.get(i).trim()).filter(|v| !v.is_empty())
    }

    /// Where field `i` starts: its line and column; past the last field, the row's end.
    pub fn place(&self, i: usize) -> (usize, usize) {
        if self.by_byte {
            let byte = self.spans.get(i).or(self.spans.last()).map_or(0, |s| s.0);
            return (self.line, self.text[..byte].chars().count() + 1);
        }
        match self.starts.get(i).or(self.starts.last()) {
            Some(&place) => place,
            None => (self.line, 1),
        }
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    fn clear(&mut self, line: usize) {
        self.line = line;
        self.text.clear();
        self.spans.clear();
        self.by_byte = false;
        self.starts.clear();
    }
}

/// Why rows could not be read.
#[derive(Debug)]
pub enum RowError {
    Io(std::io::Error),
    /// Not UTF-8 text, at this line and column.
    NotUtf8 {
        line: usize,
        column: usize,
    },
    /// A quoted field that never closes, from where it opens.
    Unclosed {
        line: usize,
        column: usize,
    },
    /// A row longer than the loader's limit for one entry, from its line.
    TooLong {
        line: usize,
    },
}

/// Reads rows one at a time into [`Rows::record`].
pub struct Rows<R> {
    reader: R,
    delimiter: u8,
    quoting: bool,
    /// The longest row read, in bytes.
    limit: usize,
    /// Lines read so far.
    line: usize,
    /// Bytes read so far.
    consumed: usize,
    raw: Vec<u8>,
    pub record: Record,
}

impl<R: BufRead> Rows<R> {
    pub fn new(reader: R, delimiter: u8, quoting: bool, limit: usize) -> Self {
        Rows {
            reader,
            delimiter,
            quoting,
            limit,
            line: 0,
            consumed: 0,
            raw: Vec::new(),
            record: Record::default(),
        }
    }

    /// Reads the next line into `raw`, without its line break; `false` at the end.
    fn read_line(&mut self) -> Result<bool, RowError> {
        self.raw.clear();
        let read = std::io::Read::take(&mut self.reader, self.limit as u64 + 1)
            .read_until(b'\n', &mut self.raw)
            .map_err(RowError::Io)?;
        if read == 0 {
            return Ok(false);
        }
        self.line += 1;
        self.consumed += read;
        if self.raw.len() > self.limit {
            return Err(RowError::TooLong { line: self.line });
        }
        if self.raw.last() == Some(&b'\n') {
            self.raw.pop();
        }
        if self.raw.last() == Some(&b'\r') {
            self.raw.pop();
        }
        if simdutf8::basic::from_utf8(&self.raw).is_err() {
            let valid =
                std::str::from_utf8(&self.raw).map_or_else(|e| e.valid_up_to(), |s| s.len());
            let before = String::from_utf8_lossy(&self.raw[..valid]).chars().count();
            return Err(RowError::NotUtf8 {
                line: self.line,
                column: before + 1,
            });
        }
        // A byte-order mark opens some files written on Windows.
        if self.line == 1 && self.raw.starts_with("\u{feff}".as_bytes()) {
            self.raw.drain(..3);
        }
        Ok(true)
    }

    /// The bytes read so far (of the input as it comes: inflated, for a zip).
    pub fn consumed(&self) -> usize {
        self.consumed
    }

    /// Reads the next row that is not blank; `false` at the end of the input.
    pub fn next(&mut self) -> Result<bool, RowError> {
        loop {
            if !self.read_line()? {
                return Ok(false);
            }
            if self.raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.record.clear(self.line);
            match self.quoting {
                false => self.split_plain(),
                true => self.split_quoted()?,
            }
            // A row of empty cells (",,,,", as spreadsheets end their exports) is blank.
            if self.record.fields().all(|f| f.trim().is_empty()) {
                continue;
            }
            return Ok(true);
        }
    }

    /// A line as it is, cut at each delimiter.
    fn split_plain(&mut self) {
        let text = simdutf8::basic::from_utf8(&self.raw).expect("checked as UTF-8");
        let record = &mut self.record;
        record.text.push_str(text);
        record.by_byte = true;
        let mut start = 0;
        // Fields are short: a plain loop finds their ends sooner than memchr's.
        for (at, &b) in text.as_bytes().iter().enumerate() {
            if b == self.delimiter {
                record.spans.push((start, at));
                start = at + 1;
            }
        }
        record.spans.push((start, text.len()));
    }

    /// RFC 4180: fields may be quoted, a quoted field may run over several lines.
    fn split_quoted(&mut self) -> Result<(), RowError> {
        let delimiter = self.delimiter as char;
        let (mut line, mut column) = (self.line, 1);
        let mut field_start = (line, column);
        let mut quoted = false;
        let mut at_field_start = true;
        let mut opened = (line, column);
        let mut from = self.record.text.len();
        loop {
            let text = simdutf8::basic::from_utf8(&self.raw).expect("checked as UTF-8");
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if at_field_start {
                    field_start = (line, column);
                    from = self.record.text.len();
                    at_field_start = false;
                    if c == '"' {
                        quoted = true;
                        opened = (line, column);
                        column += 1;
                        continue;
                    }
                }
                column += 1;
                match (quoted, c) {
                    (true, '"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        column += 1;
                        self.record.text.push('"');
                    }
                    (true, '"') => quoted = false,
                    (false, c) if c == delimiter => {
                        self.record.spans.push((from, self.record.text.len()));
                        self.record.starts.push(field_start);
                        at_field_start = true;
                    }
                    (_, c) => self.record.text.push(c),
                }
            }
            if !quoted {
                break;
            }
            // A line break inside quotes belongs to the field.
            if !self.read_line()? {
                return Err(RowError::Unclosed {
                    line: opened.0,
                    column: opened.1,
                });
            }
            if self.record.text.len() + self.raw.len() > self.limit {
                return Err(RowError::TooLong { line: opened.0 });
            }
            self.record.text.push('\n');
            (line, column) = (self.line, 1);
        }
        if at_field_start {
            field_start = (line, column);
            from = self.record.text.len();
        }
        self.record.spans.push((from, self.record.text.len()));
        self.record.starts.push(field_start);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = Vec<(Vec<String>, Vec<(usize, usize)>)>;

    fn read(text: &str, delimiter: u8, quoting: bool) -> Read {
        let mut rows = Rows::new(text.as_bytes(), delimiter, quoting, 1 << 20);
        let mut out = Vec::new();
        while rows.next().unwrap() {
            let r = &rows.record;
            out.push((
                r.fields().map(String::from).collect(),
                (0..r.len()).map(|i| r.place(i)).collect(),
            ));
        }
        out
    }

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_line_breaks() {
        let rows = read(
            "a,\"b,c\",\"say \"\"hi\"\"\"\n\n1,\"two\nlines\",é,x\n",
            b',',
            true,
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, ["a", "b,c", "say \"hi\""]);
        assert_eq!(rows[0].1, [(1, 1), (1, 3), (1, 9)]);
        assert_eq!(rows[1].0, ["1", "two\nlines", "é", "x"]);
        assert_eq!(rows[1].1, [(3, 1), (3, 3), (4, 8), (4, 10)]);
    }

    #[test]
    fn plain_rows_split_at_each_delimiter_and_count_characters() {
        let rows = read("1\t\tzé\tz\r\n", b'\t', false);
        assert_eq!(rows[0].0, ["1", "", "zé", "z"]);
        assert_eq!(rows[0].1, [(1, 1), (1, 3), (1, 4), (1, 7)]);
    }

    #[test]
    fn bad_text_is_named_where_it_is() {
        let mut rows = Rows::new(&b"ok\nab\xffc\n"[..], b',', true, 100);
        assert!(rows.next().unwrap());
        assert!(matches!(
            rows.next(),
            Err(RowError::NotUtf8 { line: 2, column: 3 })
        ));
        let mut rows = Rows::new(&b"a,\"open\nstill\n"[..], b',', true, 100);
        assert!(matches!(
            rows.next(),
            Err(RowError::Unclosed { line: 1, column: 3 })
        ));
        let mut rows = Rows::new(&b"short\nmuch too long\n"[..], b',', false, 8);
        assert!(rows.next().unwrap());
        assert!(matches!(rows.next(), Err(RowError::TooLong { line: 2 })));
    }
}
