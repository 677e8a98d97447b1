//! Text encodings of package XML, and byte offsets turned into lines and columns.
//!
//! Packages come as UTF-8 with or without a BOM, or UTF-16 with a BOM. Everything
//! is parsed as UTF-8; UTF-16 is transcoded first.

use serde::{Deserialize, Serialize};

/// The encoding a document was stored in, so a rewrite can store it the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    pub fn sniff(bytes: &[u8]) -> TextEncoding {
        match bytes {
            [0xEF, 0xBB, 0xBF, ..] => TextEncoding::Utf8Bom,
            [0xFF, 0xFE, ..] => TextEncoding::Utf16Le,
            [0xFE, 0xFF, ..] => TextEncoding::Utf16Be,
            _ => TextEncoding::Utf8,
        }
    }

    pub fn bom(self) -> &'static [u8] {
        match self {
            TextEncoding::Utf8 => &[],
            TextEncoding::Utf8Bom => &[0xEF, 0xBB, 0xBF],
            TextEncoding::Utf16Le => &[0xFF, 0xFE],
            TextEncoding::Utf16Be => &[0xFE, 0xFF],
        }
    }

    /// Encodes UTF-8 text back into this encoding, BOM included.
    pub fn encode(self, text: &str) -> Vec<u8> {
        let mut out = self.bom().to_vec();
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => out.extend_from_slice(text.as_bytes()),
            TextEncoding::Utf16Le => text
                .encode_utf16()
                .for_each(|unit| out.extend(unit.to_le_bytes())),
            TextEncoding::Utf16Be => text
                .encode_utf16()
                .for_each(|unit| out.extend(unit.to_be_bytes())),
        }
        out
    }
}

/// Decodes a whole document to UTF-8 text (BOM removed). Invalid sequences become
/// U+FFFD; the second value says whether that happened.
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, TextEncoding, bool) {
    let encoding = TextEncoding::sniff(bytes);
    let body = &bytes[encoding.bom().len()..];
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => match std::str::from_utf8(body) {
            Ok(text) => (std::borrow::Cow::Borrowed(text), encoding, false),
            Err(_) => (String::from_utf8_lossy(body), encoding, true),
        },
        TextEncoding::Utf16Le => {
            let (text, had_errors) = encoding_rs::UTF_16LE.decode_without_bom_handling(body);
            (
                std::borrow::Cow::Owned(text.into_owned()),
                encoding,
                had_errors,
            )
        }
        TextEncoding::Utf16Be => {
            let (text, had_errors) = encoding_rs::UTF_16BE.decode_without_bom_handling(body);
            (
                std::borrow::Cow::Owned(text.into_owned()),
                encoding,
                had_errors,
            )
        }
    }
}

/// The text with every control character except line breaks and tabs escaped
/// (`\u{1b}`), so that names from a package never drive a terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let is_unsafe = |ch: char| ch.is_control() && ch != '\n' && ch != '\t';
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        if is_unsafe(ch) {
            out.extend(ch.escape_unicode());
        } else {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Like [`decode`], but takes the bytes by value: UTF-8 text is validated and
/// kept in the same allocation (the BOM is shifted out), so a large document is
/// never held twice. Only invalid UTF-8 and UTF-16 are copied.
pub fn decode_owned(mut bytes: Vec<u8>) -> (String, TextEncoding, bool) {
    let encoding = TextEncoding::sniff(&bytes);
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => {
            bytes.drain(..encoding.bom().len());
            let (text, had_errors) = utf8_owned(bytes);
            (text, encoding, had_errors)
        }
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
            let (text, encoding, had_errors) = decode(&bytes);
            (text.into_owned(), encoding, had_errors)
        }
    }
}

/// UTF-8 bytes (BOM already removed) as text, in place when they are valid;
/// otherwise a copy with U+FFFD for the bad sequences, and `true`.
pub fn utf8_owned(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(err) => (String::from_utf8_lossy(err.as_bytes()).into_owned(), true),
    }
}

/// 1-based line and column (in characters) of a byte offset in UTF-8 text.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line as u32, column as u32)
}

/// Maps many byte offsets to lines and columns in one pass over the text.
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        // `match_indices` with a char uses core's memchr: per newline, not per
        // byte (a 50 MB one-line attribute took seconds byte by byte in debug).
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { line_starts }
    }

    /// 1-based line of a byte offset, without counting columns (cheap on very long lines).
    pub fn line(&self, offset: usize) -> u32 {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .max(1) as u32
    }

    pub fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line_idx = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line_idx];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |slice| slice.chars().count());
        (line_idx as u32 + 1, column as u32 + 1)
    }
}

/// Line numbers of offsets that arrive in increasing order (a streaming parse):
/// each call counts only the newlines since the previous offset, so a whole
/// document costs one pass and no index of every line is kept.
#[derive(Debug, Default)]
pub struct LineCounter {
    offset: usize,
    line: u32,
}

impl LineCounter {
    /// The 1-based line of `offset` in `text`. An offset before the previous one
    /// is counted again from the start (correct, only slower).
    pub fn line(&mut self, text: &str, offset: usize) -> u32 {
        let offset = offset.min(text.len());
        if offset < self.offset || self.line == 0 {
            self.offset = 0;
            self.line = 1;
        }
        let newlines = text
            .as_bytes()
            .get(self.offset..offset)
            .map_or(0, |between| memchr::memchr_iter(b'\n', between).count());
        self.line = self.line.saturating_add(newlines as u32);
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        let text = "<a>é</a>";
        for encoding in [
            TextEncoding::Utf8,
            TextEncoding::Utf8Bom,
            TextEncoding::Utf16Le,
            TextEncoding::Utf16Be,
        ] {
            let bytes = encoding.encode(text);
            let (decoded, sniffed, bad) = decode(&bytes);
            assert_eq!(decoded, text);
            assert_eq!(sniffed, encoding);
            assert!(!bad);
        }
    }

    #[test]
    fn line_columns() {
        let text = "ab\ncdé\nf";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 0), (1, 1));
        assert_eq!(index.line_column(text, 3), (2, 1));
        assert_eq!(index.line_column(text, 7), (2, 4));
        assert_eq!(line_column(text, 7), (2, 4));
    }

    #[test]
    fn line_counter_agrees_with_the_index_in_any_order() {
        let text = "a\nbb\n\nccc\nd";
        let index = LineIndex::new(text);
        let mut counter = LineCounter::default();
        for offset in [0, 1, 2, 5, 6, 7, 7, 12, 3, 0, 9, 100] {
            assert_eq!(
                counter.line(text, offset),
                index.line_column(text, offset).0,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn decodes_in_place_and_reports_bad_bytes() {
        for encoding in [
            TextEncoding::Utf8,
            TextEncoding::Utf8Bom,
            TextEncoding::Utf16Le,
            TextEncoding::Utf16Be,
        ] {
            let (text, sniffed, bad) = decode_owned(encoding.encode("<a>é</a>"));
            assert_eq!((text.as_str(), sniffed, bad), ("<a>é</a>", encoding, false));
        }
        let (text, encoding, bad) = decode_owned(b"\xEF\xBB\xBF<a>\xFF</a>".to_vec());
        assert_eq!(
            (text.as_str(), encoding, bad),
            ("<a>\u{FFFD}</a>", TextEncoding::Utf8Bom, true)
        );
    }
}
