//! Byte-span edits of XML text: find the elements a conversion changes with
//! one streaming pass, then splice replacements into the original text.
//!
//! Nothing is re-serialized: every byte outside an edit is kept, so the
//! declaration, BOM, attribute order, indentation and line endings survive.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use crate::xml::{self, Visitor, XmlError};

/// One change to the text: `start..end` is replaced (an insertion has `start == end`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// Applies edits to `text`. Edits are sorted by position; an edit that
/// overlaps one already applied is skipped (the first one wins).
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|edit| (edit.start, edit.end));
    let mut out = String::with_capacity(text.len());
    let mut position = 0;
    for edit in edits {
        if edit.start < position || edit.end < edit.start || edit.end > text.len() {
            continue;
        }
        let (Some(kept), true) = (
            text.get(position..edit.start),
            text.is_char_boundary(edit.end),
        ) else {
            continue;
        };
        out.push_str(kept);
        out.push_str(&edit.replacement);
        position = edit.end;
    }
    out.push_str(text.get(position..).unwrap_or_default());
    out
}

/// The line ending the document uses (CRLF when any line has one).
pub fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The spaces and tabs before `offset` on its line, when only those precede it.
pub fn indentation_before(text: &str, offset: usize) -> &str {
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let indentation = &before[line_start..];
    if indentation.chars().all(|ch| ch == ' ' || ch == '\t') {
        indentation
    } else {
        ""
    }
}

/// Widens `start..end` to whole lines when the element stands alone on its
/// lines: its indentation and the line ending after it go too.
pub fn whole_lines(text: &str, start: usize, end: usize) -> (usize, usize) {
    let indentation = indentation_before(text, start);
    let line_start = start - indentation.len();
    let standalone_start = line_start == 0 || text.as_bytes().get(line_start - 1) == Some(&b'\n');
    let rest = text.get(end..).unwrap_or_default();
    let trailing = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let after = &rest[trailing..];
    let eol = if after.starts_with("\r\n") {
        2
    } else if after.starts_with('\n') {
        1
    } else {
        0
    };
    if standalone_start && eol > 0 {
        (line_start, end + trailing + eol)
    } else {
        (start, end)
    }
}

/// The byte just past the `>` that closes the start tag beginning at `offset`.
pub fn start_tag_end(text: &str, offset: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    for (index, &byte) in bytes.iter().enumerate().skip(offset) {
        match (quote, byte) {
            (Some(open), b) if b == open => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'>') => return Some(index + 1),
            _ => {}
        }
    }
    None
}

/// A direct child of a container element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub name: String,
    /// Offset of its `<`.
    pub start: usize,
    /// Offset just past its end.
    pub end: usize,
}

/// How to find the element whose children hold a component's managed properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locate {
    /// The element whose `<` is at this offset.
    ElementAt(usize),
    /// `EntityInfo/entity` inside the element at this offset (tables).
    EntityInfoIn(usize),
    /// The document's root element (folder-defined components).
    Root,
}

/// A container found in the text, with its direct children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Container {
    pub start: usize,
    pub end: usize,
    pub children: Vec<Child>,
}

/// What one pass over customizations.xml finds.
#[derive(Debug, Default)]
pub struct Findings {
    /// One entry per requested [`Locate`], in the same order.
    pub containers: Vec<Option<Container>>,
    /// `systemform[@unmodified="1"]` spans, and spans of `forms` groups that
    /// hold nothing else (the whole group goes then).
    pub unmodified_forms: Vec<(usize, usize)>,
    pub emptied_form_groups: Vec<(usize, usize)>,
}

/// Finds containers (and, when asked, unmodified forms) in one pass.
pub fn find(text: &str, targets: &[Locate], forms: bool) -> (Findings, Option<XmlError>) {
    let mut by_offset: HashMap<usize, Vec<(usize, Locate)>> = HashMap::new();
    let mut at_root = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        match *target {
            Locate::ElementAt(at) | Locate::EntityInfoIn(at) => {
                by_offset.entry(at).or_default().push((index, *target))
            }
            Locate::Root => at_root.push(index),
        }
    }
    let mut finder = Finder {
        by_offset,
        at_root,
        forms,
        stack: Vec::new(),
        findings: Findings {
            containers: vec![None; targets.len()],
            ..Findings::default()
        },
    };
    let error = xml::scan(text, &mut finder).err();
    (finder.findings, error)
}

struct Frame {
    name: String,
    start: usize,
    /// Targets this element is the container of.
    containers: Vec<usize>,
    /// Targets waiting for `EntityInfo` (1) or `entity` (2) below this element.
    entity_wait: Vec<(usize, u8)>,
    children: Vec<Child>,
    unmodified: bool,
    forms_total: usize,
    forms_dropped: Vec<(usize, usize)>,
}

struct Finder {
    by_offset: HashMap<usize, Vec<(usize, Locate)>>,
    at_root: Vec<usize>,
    forms: bool,
    stack: Vec<Frame>,
    findings: Findings,
}

impl Finder {
    fn path_is(&self, names: &[&str]) -> bool {
        self.stack.len() == names.len()
            && self
                .stack
                .iter()
                .zip(names)
                .all(|(frame, name)| frame.name == *name)
    }
}

const SYSTEMFORM_PATH: &[&str] = &[
    "ImportExportXml",
    "Entities",
    "Entity",
    "FormXml",
    "forms",
    "systemform",
];

impl Visitor for Finder {
    fn start(&mut self, element: &BytesStart<'_>, local_name: &str, offset: usize) {
        let mut frame = Frame {
            name: local_name.to_owned(),
            start: offset,
            containers: Vec::new(),
            entity_wait: Vec::new(),
            children: Vec::new(),
            unmodified: false,
            forms_total: 0,
            forms_dropped: Vec::new(),
        };
        if self.stack.is_empty() {
            frame.containers.extend(self.at_root.iter().copied());
        }
        for &(index, target) in self.by_offset.get(&offset).into_iter().flatten() {
            match target {
                Locate::ElementAt(_) => frame.containers.push(index),
                Locate::EntityInfoIn(_) => frame.entity_wait.push((index, 1)),
                Locate::Root => {}
            }
        }
        if let Some(parent) = self.stack.last() {
            for &(index, step) in &parent.entity_wait {
                match (step, local_name) {
                    (1, "EntityInfo") => frame.entity_wait.push((index, 2)),
                    (2, "entity") => frame.containers.push(index),
                    _ => {}
                }
            }
        }
        self.stack.push(frame);
        if self.forms && self.path_is(SYSTEMFORM_PATH) {
            let unmodified = xml::attribute(element, "unmodified").is_some_and(|v| v.trim() == "1");
            if let Some(frame) = self.stack.last_mut() {
                frame.unmodified = unmodified;
            }
        }
    }

    fn text(&mut self, _text: &str) {}

    fn end(&mut self, local_name: &str, end_offset: usize) {
        let is_systemform = self.forms && self.path_is(SYSTEMFORM_PATH);
        let is_forms_group = self.forms && self.path_is(&SYSTEMFORM_PATH[..5]);
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if let Some(parent) = self.stack.last_mut() {
            if !parent.containers.is_empty() {
                parent.children.push(Child {
                    name: local_name.to_owned(),
                    start: frame.start,
                    end: end_offset,
                });
            }
            if is_systemform {
                parent.forms_total += 1;
                if frame.unmodified {
                    parent.forms_dropped.push((frame.start, end_offset));
                }
            }
        }
        if is_forms_group && !frame.forms_dropped.is_empty() {
            if frame.forms_dropped.len() == frame.forms_total {
                self.findings
                    .emptied_form_groups
                    .push((frame.start, end_offset));
            }
            self.findings.unmodified_forms.extend(frame.forms_dropped);
        }
        for index in frame.containers {
            if let Some(slot) = self.findings.containers.get_mut(index) {
                *slot = Some(Container {
                    start: frame.start,
                    end: end_offset,
                    children: frame.children.clone(),
                });
            }
        }
    }
}

/// The span of the text inside a leaf element `<Name>text</Name>`, or `None`
/// for a self-closing one.
pub fn leaf_content(text: &str, child: &Child) -> Option<(usize, usize)> {
    let open_end = start_tag_end(text, child.start)?;
    let element = text.get(child.start..child.end)?;
    if element.ends_with("/>") && open_end == child.end {
        return None;
    }
    let close_start = child.start + element.rfind("</")?;
    (open_end <= close_start).then_some((open_end, close_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_containers_and_unmodified_forms() {
        let text = "<ImportExportXml>\r\n  <Entities>\r\n    <Entity>\r\n      <EntityInfo>\r\n        <entity Name=\"a\">\r\n          <IsCustomizable>1</IsCustomizable>\r\n        </entity>\r\n      </EntityInfo>\r\n      <FormXml>\r\n        <forms type=\"quick\">\r\n          <systemform unmodified=\"1\"><formid>x</formid></systemform>\r\n        </forms>\r\n      </FormXml>\r\n    </Entity>\r\n  </Entities>\r\n</ImportExportXml>";
        let entity_at = text.find("<Entity>").unwrap();
        let (findings, error) = find(text, &[Locate::EntityInfoIn(entity_at), Locate::Root], true);
        assert!(error.is_none());
        let entity = findings.containers[0].as_ref().unwrap();
        assert_eq!(entity.children.len(), 1);
        let child = &entity.children[0];
        let (from, to) = leaf_content(text, child).unwrap();
        assert_eq!(&text[from..to], "1");
        assert_eq!(
            findings.containers[1].as_ref().unwrap().children[0].name,
            "Entities"
        );
        assert_eq!(findings.unmodified_forms.len(), 1);
        let (start, end) = findings.emptied_form_groups[0];
        let (start, end) = whole_lines(text, start, end);
        let edited = apply(
            text,
            vec![Edit {
                start,
                end,
                replacement: String::new(),
            }],
        );
        assert!(edited.contains("<FormXml>\r\n      </FormXml>"), "{edited}");
    }

    #[test]
    fn start_tag_end_skips_quoted_brackets() {
        let text = "<a x=\"1>2\">t</a>";
        assert_eq!(start_tag_end(text, 0), Some(11));
        assert_eq!(indentation_before("x\n  <a>", 4), "  ");
    }
}
