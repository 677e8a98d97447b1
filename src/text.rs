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

/// What a [`Utf8Stream`] found that it cannot hand on as UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamProblem {
    /// The text starts with a UTF-16 byte order mark.
    Utf16,
    /// A byte sequence is not UTF-8.
    InvalidUtf8,
    /// The underlying reader failed.
    ReadFailed,
}

/// UTF-8 text read from a stream, for a streaming XML scan: a leading BOM is
/// left out (offsets are then the same as in the decoded text), every byte is
/// checked to be UTF-8 before it is handed on, and line feeds are counted as
/// they are consumed. Anything else (UTF-16, invalid UTF-8) stops the stream
/// with a [`StreamProblem`], so the caller can read the text whole instead.
pub struct Utf8Stream<R> {
    inner: R,
    buffer: Box<[u8]>,
    /// Unconsumed, checked bytes are `buffer[start..checked]`; `checked..filled`
    /// is the start of a character whose rest has not arrived yet.
    start: usize,
    checked: usize,
    filled: usize,
    at_start: bool,
    had_bom: bool,
    /// Line feeds in the bytes before `buffer[counted]`; the rest are counted
    /// only when asked or when the buffer is refilled (counting on every
    /// `consume`, a few bytes at a time, cost a tenth of the scan).
    newlines: u64,
    counted: usize,
    problem: Option<StreamProblem>,
}

impl<R: std::io::Read> Utf8Stream<R> {
    pub fn new(inner: R) -> Utf8Stream<R> {
        Utf8Stream {
            inner,
            buffer: vec![0; 64 * 1024].into_boxed_slice(),
            start: 0,
            checked: 0,
            filled: 0,
            at_start: true,
            had_bom: false,
            newlines: 0,
            counted: 0,
            problem: None,
        }
    }

    /// Whether a UTF-8 BOM was left out.
    pub fn had_bom(&self) -> bool {
        self.had_bom
    }

    pub fn problem(&self) -> Option<StreamProblem> {
        self.problem
    }

    pub fn into_inner(self) -> R {
        self.inner
    }

    fn stop(&mut self, problem: StreamProblem) -> std::io::Error {
        self.problem = Some(problem);
        std::io::Error::other(format!("{problem:?}"))
    }

    /// Reads until `buffer` holds at least `want` bytes or the input ends.
    fn read_at_least(&mut self, want: usize) -> std::io::Result<()> {
        while self.filled < want {
            let Some(space) = self.buffer.get_mut(self.filled..) else {
                return Ok(());
            };
            match self.inner.read(space) {
                Ok(0) => return Ok(()),
                Ok(read) => self.filled += read,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(self.stop(StreamProblem::ReadFailed)),
            }
        }
        Ok(())
    }
}

impl<R: std::io::Read> std::io::Read for Utf8Stream<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use std::io::BufRead;
        let available = self.fill_buf()?;
        let count = available.len().min(out.len());
        if let (Some(target), Some(source)) = (out.get_mut(..count), available.get(..count)) {
            target.copy_from_slice(source);
        }
        self.consume(count);
        Ok(count)
    }
}

impl<R: std::io::Read> std::io::BufRead for Utf8Stream<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        // The common case first: quick-xml asks several times per event.
        if self.start < self.checked {
            return Ok(self
                .buffer
                .get(self.start..self.checked)
                .unwrap_or_default());
        }
        if let Some(problem) = self.problem {
            return Err(std::io::Error::other(format!("{problem:?}")));
        }
        if self.at_start {
            self.at_start = false;
            self.read_at_least(3)?;
            let head = self.buffer.get(..self.filled).unwrap_or_default();
            match TextEncoding::sniff(head) {
                TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                    return Err(self.stop(StreamProblem::Utf16));
                }
                TextEncoding::Utf8Bom => {
                    self.had_bom = true;
                    self.start = 3;
                    self.checked = 3;
                    self.counted = 3;
                }
                TextEncoding::Utf8 => {}
            }
        }
        while self.start == self.checked {
            self.count_newlines();
            // Bytes not checked yet (the start of a character cut by the last
            // read, or the first read's bytes) move to the front.
            self.buffer.copy_within(self.checked..self.filled, 0);
            self.filled -= self.checked;
            self.start = 0;
            self.checked = 0;
            self.counted = 0;
            let mut ended = false;
            // Fewer than four bytes may be one unfinished character: read more.
            if self.filled < 4 {
                let before = self.filled;
                self.read_at_least(before + 1)?;
                ended = self.filled == before;
            }
            let unchecked = self.buffer.get(..self.filled).unwrap_or_default();
            match std::str::from_utf8(unchecked) {
                Ok(_) => self.checked = self.filled,
                Err(err) if err.error_len().is_none() && !ended => {
                    self.checked = err.valid_up_to();
                }
                Err(_) => return Err(self.stop(StreamProblem::InvalidUtf8)),
            }
            if ended {
                break;
            }
        }
        Ok(self
            .buffer
            .get(self.start..self.checked)
            .unwrap_or_default())
    }

    fn consume(&mut self, amount: usize) {
        self.start = self.start.saturating_add(amount).min(self.checked);
    }
}

impl<R> Utf8Stream<R> {
    /// Brings the line feed count up to the bytes consumed.
    fn count_newlines(&mut self) {
        let consumed = self
            .buffer
            .get(self.counted..self.start)
            .unwrap_or_default();
        self.newlines += count_newlines(consumed);
        self.counted = self.start.max(self.counted);
    }
}

/// A source of text that counts the line ends it has handed out, so a stream
/// can tell lines without keeping the text.
pub trait CountsNewlines {
    /// Line feeds in the bytes consumed so far.
    fn newlines(&mut self) -> u64;
}

impl<T: CountsNewlines> CountsNewlines for &mut T {
    fn newlines(&mut self) -> u64 {
        (**self).newlines()
    }
}

impl<R> CountsNewlines for Utf8Stream<R> {
    fn newlines(&mut self) -> u64 {
        self.count_newlines();
        self.newlines
    }
}

/// Line feeds in `bytes`: a plain loop for the few dozen bytes of a tag (a
/// search call costs more there), memchr's vector count for longer runs.
pub fn count_newlines(bytes: &[u8]) -> u64 {
    if bytes.len() < 256 {
        bytes.iter().filter(|&&byte| byte == b'\n').count() as u64
    } else {
        memchr::memchr_iter(b'\n', bytes).count() as u64
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

    fn read_stream(bytes: &[u8], step: usize) -> (Vec<u8>, u64, bool, Option<StreamProblem>) {
        use std::io::Read;
        struct Trickle<'a>(&'a [u8], usize);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let count = self.1.min(out.len()).min(self.0.len());
                out[..count].copy_from_slice(&self.0[..count]);
                self.0 = &self.0[count..];
                Ok(count)
            }
        }
        let mut stream = Utf8Stream::new(Trickle(bytes, step));
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        let newlines = CountsNewlines::newlines(&mut stream);
        (out, newlines, stream.had_bom(), stream.problem())
    }

    #[test]
    fn a_utf8_stream_checks_every_byte_and_counts_lines() {
        let text = "a\né€𝄞\r\nb".repeat(3);
        for step in [1, 2, 3, 4, 7, 100_000] {
            let with_bom = [TextEncoding::Utf8Bom.bom(), text.as_bytes()].concat();
            assert_eq!(
                read_stream(&with_bom, step),
                (text.as_bytes().to_vec(), 6, true, None),
                "{step}"
            );
            assert_eq!(
                read_stream(text.as_bytes(), step),
                (text.as_bytes().to_vec(), 6, false, None)
            );
            let utf16 = TextEncoding::Utf16Le.encode(&text);
            assert_eq!(read_stream(&utf16, step).3, Some(StreamProblem::Utf16));
            assert_eq!(
                read_stream(b"ab\xFFcd", step).3,
                Some(StreamProblem::InvalidUtf8)
            );
            // A character cut off by the end of the input.
            assert_eq!(
                read_stream("ab€".as_bytes().split_last().unwrap().1, step).3,
                Some(StreamProblem::InvalidUtf8)
            );
        }
        assert_eq!(read_stream(b"", 1), (Vec::new(), 0, false, None));
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
