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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset into the UTF-8 text where the problem was found.
    pub offset: usize,
    pub message: String,
}

pub trait Visitor {
    /// An element starts. `offset` is the byte offset of its `<`.
    fn start(&mut self, element: &BytesStart<'_>, local_name: &str, offset: usize);
    /// Character data inside the current element (may arrive in pieces).
    fn text(&mut self, text: &str);
    /// An element ends. `end_offset` is the byte offset just past its closing `>`.
    fn end(&mut self, local_name: &str, end_offset: usize);
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
    let mut stack: Vec<String> = Vec::new();
    let mut saw_root = false;
    let mut next_position = POSITION_STEP;
    loop {
        let before = reader.buffer_position() as usize;
        if before >= next_position {
            visitor.position(before);
            next_position = before.saturating_add(POSITION_STEP);
        }
        let event = reader.read_event().map_err(|err| XmlError {
            offset: reader.error_position() as usize,
            message: format!("the XML is not well formed: {err}"),
        })?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element)
                if local_name(element).is_empty() =>
            {
                return Err(XmlError {
                    offset: tag_offset(text, before),
                    message: "an element has no name (`<>`)".into(),
                });
            }
            Event::Start(ref element) | Event::Empty(ref element) => {
                let offset = tag_offset(text, before);
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError {
                        offset,
                        message: format!("elements are nested more than {MAX_DEPTH} levels deep"),
                    });
                }
                if stack.is_empty() && saw_root {
                    return Err(XmlError {
                        offset,
                        message: "the document has more than one root element".into(),
                    });
                }
                saw_root = true;
                let local = local_name(element).to_owned();
                visitor.start(element, &local, offset);
                if matches!(event, Event::Empty(_)) {
                    visitor.end(&local, reader.buffer_position() as usize);
                } else {
                    stack.push(local);
                }
            }
            Event::End(_) => {
                let local = stack.pop().unwrap_or_default();
                visitor.end(&local, reader.buffer_position() as usize);
            }
            Event::Text(content) => {
                if !stack.is_empty() {
                    visitor.text(&content.xml10_content());
                } else if !content.trim().is_empty() {
                    return Err(XmlError {
                        offset: before,
                        message: "text outside the root element".into(),
                    });
                }
            }
            Event::CData(content) => {
                if !stack.is_empty() {
                    visitor.text(&content.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = resolve_reference(&reference).ok_or_else(|| XmlError {
                    offset: before,
                    message: format!(
                        "the entity reference &{}; is not one XML predefines; entities are never expanded",
                        &*reference
                    ),
                })?;
                if !stack.is_empty() {
                    let mut buf = [0u8; 4];
                    visitor.text(resolved.encode_utf8(&mut buf));
                }
            }
            Event::DocType(_) => {
                return Err(XmlError {
                    offset: before,
                    message: "the document has a document type declaration (<!DOCTYPE>); solution files never do, and its entities are not expanded".into(),
                });
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(XmlError {
                        offset: text.len(),
                        message: format!(
                            "the document ends before <{open}> is closed (truncated?)"
                        ),
                    });
                }
                if !saw_root {
                    return Err(XmlError {
                        offset: 0,
                        message: "the document has no root element".into(),
                    });
                }
                return Ok(());
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
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
    let name: &str = element.name().into_inner();
    name.rsplit(':').next().unwrap_or(name)
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
        let local = key.rsplit(':').next().unwrap_or(key);
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
            (key.rsplit(':').next().unwrap_or(key).to_owned(), value)
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
            err.message.contains("document type declaration"),
            "{}",
            err.message
        );
        let err = scan("<a>&x;</a>", &mut Collect::default()).unwrap_err();
        assert!(err.message.contains("&x;"), "{}", err.message);
    }

    #[test]
    fn refuses_elements_without_a_name() {
        // Found by fuzzing customizations_xml (crash-f0917c78).
        for text in ["<>x</>", "<a><>b</></a>", "<a><x:/></a>", "<a></></a>"] {
            let err = scan(text, &mut Collect::default()).unwrap_err();
            assert!(!err.message.is_empty(), "{text}");
        }
    }

    #[test]
    fn bounds_depth_and_reports_truncation() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let err = scan(&deep, &mut Collect::default()).unwrap_err();
        assert!(err.message.contains("nested"), "{}", err.message);
        let err = scan("<a><b></b>", &mut Collect::default()).unwrap_err();
        assert!(err.message.contains("truncated"), "{}", err.message);
    }
}
