//! A thin, hardened layer over quick-xml's streaming reader.
//!
//! Document type declarations are refused and entities other than the five
//! predefined ones are never expanded (no billion laughs, no external fetches);
//! nesting depth is bounded. Callers see element starts, ends and text through a
//! [`Visitor`], with byte offsets into the UTF-8 text for diagnostics and spans.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Deeper nesting than any real export uses; deeper input is refused.
pub const MAX_DEPTH: usize = 256;

/// Why a text was refused as XML, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct XmlError {
    /// Byte offset into the UTF-8 text where the problem was found.
    pub offset: usize,
    pub kind: XmlErrorKind,
}

/// What is wrong with a text read as XML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlErrorKind {
    /// quick-xml's own well-formedness error (`detail` is its message).
    #[error("the XML is not well formed: {detail}")]
    NotWellFormed { detail: String },
    #[error("an element has no name (`<>`)")]
    UnnamedElement,
    /// Nesting past [`MAX_DEPTH`].
    #[error("elements are nested more than {MAX_DEPTH} levels deep")]
    TooDeep,
    #[error("the document has more than one root element")]
    SecondRoot,
    #[error("text outside the root element")]
    TextOutsideRoot,
    /// An entity other than the five XML predefines (never expanded).
    #[error(
        "the entity reference &{name}; is not one XML predefines; entities are never expanded"
    )]
    UndefinedEntity { name: String },
    #[error("the document has a document type declaration (<!DOCTYPE>); solution files never do, and its entities are not expanded")]
    DocumentType,
    /// The text ends inside `<open>`.
    #[error("the document ends before <{open}> is closed (truncated?)")]
    Truncated { open: String },
    #[error("the document has no root element")]
    NoRoot,
    /// Well formed, but without the element the caller's format needs;
    /// `missing` says so as that format's reader words it.
    #[error("{missing}")]
    MissingElement { missing: &'static str },
}

impl XmlError {
    pub fn new(offset: usize, kind: XmlErrorKind) -> XmlError {
        XmlError { offset, kind }
    }
}

pub trait Visitor {
    /// An element starts. `offset` is the byte offset of its `<`.
    fn start(&mut self, element: &BytesStart<'_>, local_name: &str, offset: usize);
    /// Character data inside the current element (may arrive in pieces).
    fn text(&mut self, text: &str);
    /// Whether [`Visitor::text`] would use text now; when it would not, text
    /// is not prepared for it (most text is the indentation between tags).
    fn wants_text(&self) -> bool {
        true
    }
    /// An element ends. `end_offset` is the byte offset just past its closing `>`.
    fn end(&mut self, local_name: &str, end_offset: usize);
    /// The raw text of every event inside the root element, in document order
    /// (a start tag after [`Visitor::start`], an end tag before [`Visitor::end`]),
    /// for fingerprints. `kind` tells markup kinds apart.
    fn raw(&mut self, _kind: RawKind, _text: &str) {}
    /// Whether [`Visitor::raw`] is wanted at all (asked once, before the scan).
    fn wants_raw(&self) -> bool {
        false
    }
    /// [`Visitor::start`] with the element's 1-based line, from scans that count
    /// lines as they go ([`scan_stream`]).
    fn start_on_line(
        &mut self,
        element: &BytesStart<'_>,
        local_name: &str,
        offset: usize,
        _line: &mut StartLine<'_>,
    ) {
        self.start(element, local_name, offset);
    }
    /// The scan has read the text up to `offset`; called about every
    /// [`POSITION_STEP`] bytes, for progress reports.
    fn position(&mut self, _offset: usize) {}
}

/// Bytes of text between two [`Visitor::position`] calls.
pub const POSITION_STEP: usize = 1 << 20;

/// Streams `text` through `visitor`. Stops at the first well-formedness error.
pub fn scan(text: &str, visitor: &mut dyn Visitor) -> Result<(), XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    scan_events(&mut TextEvents { reader }, Some(text), visitor)
}

/// What a [`Visitor::raw`] text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum RawKind {
    /// A start (or empty) tag's inside: name and attributes.
    Start = b'<',
    /// An end tag's name (also sent for an empty tag, after its start).
    End = b'/',
    /// Character data as written (line ends not normalised, references not resolved).
    Text = b't',
    CData = b'c',
    /// An entity or character reference, without `&` and `;`.
    Reference = b'&',
    Comment = b'!',
    ProcessingInstruction = b'?',
}

/// Streams give lines through this (it lives with the line counting in
/// [`crate::text`], below this module).
pub use crate::text::CountsNewlines;

/// The line of a start tag in a stream, counted only when asked: most elements
/// never need theirs.
pub struct StartLine<'s> {
    counter: &'s mut dyn CountsNewlines,
    tag: &'s [u8],
}

impl StartLine<'_> {
    /// The 1-based line of the tag's `<`.
    pub fn get(&mut self) -> u32 {
        // Line feeds inside the tag itself come after its `<`.
        let inside = crate::text::count_newlines(self.tag);
        let line = self
            .counter
            .newlines()
            .saturating_sub(inside)
            .saturating_add(1);
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

/// Like [`scan`], over text that arrives as a stream (never held whole). It
/// sees the same events at the same offsets, and also calls
/// [`Visitor::start_on_line`] with each element's line.
pub fn scan_stream<R: std::io::BufRead + CountsNewlines>(
    source: R,
    visitor: &mut dyn Visitor,
) -> Result<(), XmlError> {
    let mut reader = Reader::from_reader(source);
    reader.config_mut().check_end_names = true;
    scan_events(
        &mut StreamEvents {
            reader,
            buffer: Vec::new(),
        },
        None,
        visitor,
    )
}

/// One event, with the reader's position just after it.
struct Step<'s> {
    event: quick_xml::Result<Event<'s>>,
    /// Byte offset just past the event.
    end: usize,
    /// Where the reader places its last error.
    error_at: usize,
    /// Counts line feeds up to `end`, when the source counts them.
    newlines: Option<&'s mut dyn CountsNewlines>,
}

trait Events {
    fn next(&mut self) -> Step<'_>;
}

struct TextEvents<'a> {
    reader: Reader<&'a [u8]>,
}

impl Events for TextEvents<'_> {
    fn next(&mut self) -> Step<'_> {
        let event = self.reader.read_event();
        Step {
            event,
            end: self.reader.buffer_position() as usize,
            error_at: self.reader.error_position() as usize,
            newlines: None,
        }
    }
}

struct StreamEvents<R> {
    reader: Reader<R>,
    buffer: Vec<u8>,
}

impl<R: std::io::BufRead + CountsNewlines> Events for StreamEvents<R> {
    fn next(&mut self) -> Step<'_> {
        self.buffer.clear();
        let event = self.reader.read_event_into(&mut self.buffer);
        let (end, error_at) = (
            self.reader.buffer_position() as usize,
            self.reader.error_position() as usize,
        );
        Step {
            event,
            end,
            error_at,
            newlines: Some(self.reader.get_mut()),
        }
    }
}

/// The scan itself. `text` is the whole document when it is in memory.
fn scan_events(
    events: &mut dyn Events,
    text: Option<&str>,
    visitor: &mut dyn Visitor,
) -> Result<(), XmlError> {
    // The names of the open elements, one after the other, and where each starts.
    let mut open_names = String::new();
    let mut open_starts: Vec<usize> = Vec::new();
    // Text with CR LF / CR turned into LF, reused from one text node to the next.
    let mut normalized = String::new();
    let mut saw_root = false;
    let raw = visitor.wants_raw();
    let mut next_position = POSITION_STEP;
    let mut before = 0;
    loop {
        if before >= next_position {
            visitor.position(before);
            next_position = before.saturating_add(POSITION_STEP);
        }
        let Step {
            event,
            end,
            error_at,
            newlines,
        } = events.next();
        let event = event.map_err(|err| {
            XmlError::new(
                error_at,
                XmlErrorKind::NotWellFormed {
                    detail: err.to_string(),
                },
            )
        })?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let offset = start_tag_offset(text, before, end, element, &event);
                let local = local_name(element);
                if local.is_empty() {
                    return Err(XmlError::new(offset, XmlErrorKind::UnnamedElement));
                }
                if open_starts.len() >= MAX_DEPTH {
                    return Err(XmlError::new(offset, XmlErrorKind::TooDeep));
                }
                if open_starts.is_empty() && saw_root {
                    return Err(XmlError::new(offset, XmlErrorKind::SecondRoot));
                }
                saw_root = true;
                match newlines {
                    Some(counter) => {
                        let mut line = StartLine {
                            counter,
                            tag: element.as_bytes(),
                        };
                        visitor.start_on_line(element, local, offset, &mut line);
                    }
                    None => visitor.start(element, local, offset),
                }
                if raw {
                    visitor.raw(RawKind::Start, element);
                }
                if matches!(event, Event::Empty(_)) {
                    if raw {
                        visitor.raw(RawKind::End, local);
                    }
                    visitor.end(local, end);
                } else {
                    open_starts.push(open_names.len());
                    open_names.push_str(local);
                }
            }
            Event::End(ref element) => {
                if raw {
                    visitor.raw(RawKind::End, element);
                }
                let start = open_starts.pop().unwrap_or(open_names.len());
                visitor.end(open_names.get(start..).unwrap_or_default(), end);
                open_names.truncate(start);
            }
            Event::Text(content) => {
                if !open_starts.is_empty() {
                    if raw {
                        visitor.raw(RawKind::Text, &content);
                    }
                    if visitor.wants_text() {
                        visitor.text(normalize_line_ends(&content, &mut normalized));
                    }
                } else if !content.trim().is_empty() {
                    return Err(XmlError::new(before, XmlErrorKind::TextOutsideRoot));
                }
            }
            Event::CData(content) => {
                if !open_starts.is_empty() {
                    if raw {
                        visitor.raw(RawKind::CData, &content);
                    }
                    visitor.text(normalize_line_ends(&content, &mut normalized));
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = resolve_reference(&reference).ok_or_else(|| {
                    XmlError::new(
                        before,
                        XmlErrorKind::UndefinedEntity {
                            name: (*reference).to_string(),
                        },
                    )
                })?;
                if !open_starts.is_empty() {
                    if raw {
                        visitor.raw(RawKind::Reference, &reference);
                    }
                    let mut buf = [0u8; 4];
                    visitor.text(resolved.encode_utf8(&mut buf));
                }
            }
            Event::DocType(_) => {
                return Err(XmlError::new(before, XmlErrorKind::DocumentType));
            }
            Event::Eof => {
                if let Some(&start) = open_starts.last() {
                    let open = open_names.get(start..).unwrap_or_default();
                    return Err(XmlError::new(
                        text.map_or(end, str::len),
                        XmlErrorKind::Truncated {
                            open: open.to_owned(),
                        },
                    ));
                }
                if !saw_root {
                    return Err(XmlError::new(0, XmlErrorKind::NoRoot));
                }
                return Ok(());
            }
            Event::Comment(comment) => {
                if raw && !open_starts.is_empty() {
                    visitor.raw(RawKind::Comment, &comment);
                }
            }
            Event::PI(instruction) => {
                if raw && !open_starts.is_empty() {
                    visitor.raw(RawKind::ProcessingInstruction, &instruction);
                }
            }
            Event::Decl(_) => {}
        }
        before = end;
    }
}

/// XML 1.0 line ends (CR LF and a lone CR become LF), as quick-xml's
/// `xml10_content` does, into a reused buffer instead of a new string per node.
fn normalize_line_ends<'t>(text: &'t str, normalized: &'t mut String) -> &'t str {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    normalized.clear();
    let mut rest = text;
    while let Some(at) = rest.find('\r') {
        normalized.push_str(rest.get(..at).unwrap_or_default());
        normalized.push('\n');
        let after = rest.get(at + 1..).unwrap_or_default();
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    normalized.push_str(rest);
    normalized
}

/// The offset of a start tag's `<`: searched in the text when it is in memory,
/// else counted back from the tag's end (its content sits between `<` and `>`
/// or `/>`).
fn start_tag_offset(
    text: Option<&str>,
    before: usize,
    end: usize,
    element: &BytesStart<'_>,
    event: &Event<'_>,
) -> usize {
    match text {
        Some(text) => tag_offset(text, before),
        None => {
            let delimiters = if matches!(event, Event::Empty(_)) {
                3
            } else {
                2
            };
            end.saturating_sub(element.len() + delimiters)
        }
    }
}

/// quick-xml reports the position after leading whitespace was consumed as text;
/// the tag itself starts at the next `<`.
fn tag_offset(text: &str, from: usize) -> usize {
    text.as_bytes()
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
        .map_or(from, |delta| from + delta)
}

pub fn local_name<'e>(element: &'e BytesStart<'_>) -> &'e str {
    after_prefix(element.name().into_inner())
}

/// The part of a qualified name after its last `:` (a byte search: most names
/// have no prefix, and `rsplit` cost more than the rest of the name handling).
fn after_prefix(name: &str) -> &str {
    match name.bytes().rposition(|byte| byte == b':') {
        Some(colon) => name.get(colon + 1..).unwrap_or_default(),
        None => name,
    }
}

fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if let Ok(Some(ch)) = reference.resolve_char_ref() {
        return Some(ch);
    }
    match &**reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The unescaped value of the attribute with this local name (case-sensitive).
pub fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    attribute_where(element, |candidate| candidate == name)
}

/// Like [`attribute`], ignoring ASCII case.
pub fn attribute_ci(element: &BytesStart<'_>, name: &str) -> Option<String> {
    attribute_where(element, |candidate| candidate.eq_ignore_ascii_case(name))
}

fn attribute_where(element: &BytesStart<'_>, matches: impl Fn(&str) -> bool) -> Option<String> {
    element.attributes().flatten().find_map(|attr| {
        let key: &str = attr.key.into_inner();
        let local = after_prefix(key);
        if matches(local) {
            Some(
                attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|value| value.into_owned())
                    .unwrap_or_else(|_| attr.value.to_string()),
            )
        } else {
            None
        }
    })
}

/// All attributes as (local name, value) pairs; malformed ones are skipped.
pub fn attributes(element: &BytesStart<'_>) -> Vec<(String, String)> {
    element
        .attributes()
        .flatten()
        .map(|attr| {
            let key: &str = attr.key.into_inner();
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|value| value.into_owned())
                .unwrap_or_else(|_| attr.value.to_string());
            (after_prefix(key).to_owned(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect(Vec<String>);

    impl Visitor for Collect {
        fn start(&mut self, _: &BytesStart<'_>, local_name: &str, offset: usize) {
            self.0.push(format!("<{local_name}@{offset}"));
        }
        fn text(&mut self, text: &str) {
            self.0.push(text.to_owned());
        }
        fn end(&mut self, local_name: &str, _: usize) {
            self.0.push(format!("/{local_name}"));
        }
    }

    #[test]
    fn reads_elements_text_and_references() {
        let mut collect = Collect::default();
        scan(
            "<?xml version=\"1.0\"?>\n<a x=\"1\"><b>t&amp;u&#x41;</b><c/></a>",
            &mut collect,
        )
        .unwrap();
        assert_eq!(collect.0.join(" "), "<a@22 <b@31 t & u A /b <c@51 /c /a");
    }

    #[test]
    fn normalizes_line_ends_in_text() {
        let mut collect = Collect::default();
        scan("<a>x\r\ny\rz</a>", &mut collect).unwrap();
        assert_eq!(collect.0, vec!["<a@0", "x\ny\nz", "/a"]);
    }

    #[test]
    fn refuses_doctype_and_custom_entities() {
        let err = scan(
            "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
            &mut Collect::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("document type declaration"),
            "{err}"
        );
        let err = scan("<a>&x;</a>", &mut Collect::default()).unwrap_err();
        assert!(err.to_string().contains("&x;"), "{err}");
    }

    #[test]
    fn refuses_elements_without_a_name() {
        // Found by fuzzing customizations_xml (crash-f0917c78).
        for text in ["<>x</>", "<a><>b</></a>", "<a><x:/></a>", "<a></></a>"] {
            let err = scan(text, &mut Collect::default()).unwrap_err();
            assert!(!err.to_string().is_empty(), "{text}");
        }
    }

    #[test]
    fn bounds_depth_and_reports_truncation() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let err = scan(&deep, &mut Collect::default()).unwrap_err();
        assert!(err.to_string().contains("nested"), "{err}");
        let err = scan("<a><b></b>", &mut Collect::default()).unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}
