//! Byte-span edits of XML text: find the elements a conversion changes with
//! one streaming pass, then splice replacements into the original text.
//!
//! Nothing is re-serialized: every byte outside an edit is kept, so the
//! declaration, BOM, attribute order, indentation and line endings survive.

use std::borrow::Cow;

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
pub fn apply(text: &str, edits: Vec<Edit>) -> String {
    Patched::new(text, edits).to_text()
}

/// A text with its edits, not yet spliced: the result is read piece by piece
/// ([`Patched::pieces`]), so a large document can be written out (deflated)
/// without a second copy of it in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patched<T> {
    text: T,
    /// The edits that apply, sorted, none overlapping another.
    edits: Vec<Edit>,
}

impl<T: AsRef<str>> Patched<T> {
    /// Sorts the edits by position and keeps those that apply: an edit that
    /// overlaps one already kept, runs backwards, ends past the text or cuts a
    /// character is skipped (the first one wins).
    pub fn new(text: T, mut edits: Vec<Edit>) -> Patched<T> {
        edits.sort_by_key(|edit| (edit.start, edit.end));
        let mut position = 0;
        let whole = text.as_ref();
        edits.retain(|edit| {
            let applies = edit.start >= position
                && edit.end >= edit.start
                && edit.end <= whole.len()
                && whole.is_char_boundary(edit.start)
                && whole.is_char_boundary(edit.end);
            if applies {
                position = edit.end;
            }
            applies
        });
        Patched { text, edits }
    }

    /// The edited text in order: kept stretches of the original and replacements.
    pub fn pieces(&self) -> impl Iterator<Item = &str> + '_ {
        let text = self.text.as_ref();
        let mut position = 0;
        self.edits
            .iter()
            .flat_map(move |edit| {
                let kept = text.get(position..edit.start).unwrap_or_default();
                position = edit.end;
                [kept, edit.replacement.as_str()]
            })
            .chain(std::iter::once(
                text.get(self.edits.last().map_or(0, |edit| edit.end)..)
                    .unwrap_or_default(),
            ))
            .filter(|piece| !piece.is_empty())
    }

    /// The original text.
    pub fn original(&self) -> &str {
        self.text.as_ref()
    }

    /// Length in bytes of the edited text.
    pub fn len(&self) -> usize {
        self.edits.iter().fold(self.original().len(), |len, edit| {
            len - (edit.end - edit.start) + edit.replacement.len()
        })
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the edited text differs from the original (edits may rewrite a
    /// value with the value it already has).
    pub fn changes_text(&self) -> bool {
        let text = self.original();
        if self.len() != text.len() {
            return true;
        }
        // Same length: compare piece by piece; a kept stretch at its own place is equal.
        let mut at = 0;
        for piece in self.pieces() {
            let end = at + piece.len();
            let same_place = std::ptr::eq(piece.as_ptr(), text.as_ptr().wrapping_add(at));
            if !same_place && text.as_bytes().get(at..end) != Some(piece.as_bytes()) {
                return true;
            }
            at = end;
        }
        false
    }

    /// The edited text as one string.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(self.len());
        self.pieces().for_each(|piece| out.push_str(piece));
        out
    }
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
pub struct Child<'t> {
    /// Its local name, borrowed from the text.
    pub name: Cow<'t, str>,
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
pub struct Container<'t> {
    pub start: usize,
    pub end: usize,
    pub children: Vec<Child<'t>>,
}

/// What one pass over customizations.xml finds.
#[derive(Debug, Default)]
pub struct Findings<'t> {
    /// One entry per requested [`Locate`], in the same order.
    pub containers: Vec<Option<Container<'t>>>,
    /// `systemform[@unmodified="1"]` spans, and spans of `forms` groups that
    /// hold nothing else (the whole group goes then).
    pub unmodified_forms: Vec<(usize, usize)>,
    pub emptied_form_groups: Vec<(usize, usize)>,
}

/// Finds containers (and, when asked, unmodified forms) in one pass.
pub fn find<'t>(
    text: &'t str,
    targets: &[Locate],
    forms: bool,
) -> (Findings<'t>, Option<XmlError>) {
    // Element targets in document order: the scan meets start offsets in
    // increasing order, so one cursor walks them (no lookup per element).
    let mut at_offsets: Vec<(usize, usize, Locate)> = Vec::new();
    let mut at_root = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        match *target {
            Locate::ElementAt(at) | Locate::EntityInfoIn(at) => {
                at_offsets.push((at, index, *target))
            }
            Locate::Root => at_root.push(index),
        }
    }
    at_offsets.sort_by_key(|&(at, index, _)| (at, index));
    let mut finder = Finder {
        text,
        at_offsets,
        next_target: 0,
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

/// One open element. Kept small (it is pushed and popped for every element);
/// what only a few elements need is in `roles`.
struct Frame<'t> {
    start: usize,
    /// Where its local name is in the text (after `<` and any prefix).
    name_span: (usize, usize),
    /// Whether this element and all its ancestors follow [`SYSTEMFORM_PATH`].
    on_form_path: bool,
    unmodified: bool,
    forms_total: usize,
    roles: Option<Box<Roles<'t>>>,
}

#[derive(Default)]
struct Roles<'t> {
    /// Targets this element is the container of.
    containers: Vec<usize>,
    /// Targets waiting for `EntityInfo` (1) or `entity` (2) below this element.
    entity_wait: Vec<(usize, u8)>,
    children: Vec<Child<'t>>,
    forms_dropped: Vec<(usize, usize)>,
}

impl<'t> Frame<'t> {
    fn roles(&mut self) -> &mut Roles<'t> {
        self.roles.get_or_insert_with(Box::default)
    }

    fn is_container(&self) -> bool {
        self.roles
            .as_ref()
            .is_some_and(|roles| !roles.containers.is_empty())
    }
}

struct Finder<'t> {
    text: &'t str,
    /// `(offset, target index, target)`, sorted by offset.
    at_offsets: Vec<(usize, usize, Locate)>,
    /// The first entry of `at_offsets` not yet reached by the scan.
    next_target: usize,
    at_root: Vec<usize>,
    forms: bool,
    stack: Vec<Frame<'t>>,
    findings: Findings<'t>,
}

impl Finder<'_> {
    /// Whether the open elements are exactly the first `depth` names of
    /// [`SYSTEMFORM_PATH`].
    fn on_form_path_at(&self, depth: usize) -> bool {
        self.stack.len() == depth && self.stack.last().is_some_and(|frame| frame.on_form_path)
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

impl Visitor for Finder<'_> {
    fn start(&mut self, element: &BytesStart<'_>, local_name: &str, offset: usize) {
        let depth = self.stack.len();
        let parent_on_path = self.stack.last().is_none_or(|parent| parent.on_form_path);
        // `<` and the qualified name start the tag; the local name ends it.
        let qualified_end = offset + 1 + element.name().as_ref().len();
        let mut frame = Frame {
            start: offset,
            name_span: (
                qualified_end.saturating_sub(local_name.len()),
                qualified_end,
            ),
            on_form_path: self.forms
                && parent_on_path
                && SYSTEMFORM_PATH.get(depth) == Some(&local_name),
            unmodified: false,
            forms_total: 0,
            roles: None,
        };
        if self.stack.is_empty() && !self.at_root.is_empty() {
            frame
                .roles()
                .containers
                .extend(self.at_root.iter().copied());
        }
        while let Some(&(at, index, target)) = self.at_offsets.get(self.next_target) {
            if at > offset {
                break;
            }
            self.next_target += 1;
            if at < offset {
                // No element starts there: the target is not found.
                continue;
            }
            match target {
                Locate::ElementAt(_) => frame.roles().containers.push(index),
                Locate::EntityInfoIn(_) => frame.roles().entity_wait.push((index, 1)),
                Locate::Root => {}
            }
        }
        if let Some(parent_roles) = self.stack.last().and_then(|parent| parent.roles.as_ref()) {
            for &(index, step) in &parent_roles.entity_wait {
                match (step, local_name) {
                    (1, "EntityInfo") => frame.roles().entity_wait.push((index, 2)),
                    (2, "entity") => frame.roles().containers.push(index),
                    _ => {}
                }
            }
        }
        if frame.on_form_path && depth + 1 == SYSTEMFORM_PATH.len() {
            frame.unmodified =
                xml::attribute(element, "unmodified").is_some_and(|v| v.trim() == "1");
        }
        self.stack.push(frame);
    }

    fn text(&mut self, _text: &str) {}

    fn wants_text(&self) -> bool {
        false
    }

    fn end(&mut self, local_name: &str, end_offset: usize) {
        let is_systemform = self.on_form_path_at(SYSTEMFORM_PATH.len());
        let is_forms_group = self.on_form_path_at(SYSTEMFORM_PATH.len() - 1);
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if let Some(parent) = self.stack.last_mut() {
            if parent.is_container() {
                let (name_start, name_end) = frame.name_span;
                let name = match self.text.get(name_start..name_end) {
                    Some(in_text) if in_text == local_name => Cow::Borrowed(in_text),
                    _ => Cow::Owned(local_name.to_owned()),
                };
                parent.roles().children.push(Child {
                    name,
                    start: frame.start,
                    end: end_offset,
                });
            }
            if is_systemform {
                parent.forms_total += 1;
                if frame.unmodified {
                    parent.roles().forms_dropped.push((frame.start, end_offset));
                }
            }
        }
        let Some(mut roles) = frame.roles else {
            return;
        };
        if is_forms_group && !roles.forms_dropped.is_empty() {
            if roles.forms_dropped.len() == frame.forms_total {
                self.findings
                    .emptied_form_groups
                    .push((frame.start, end_offset));
            }
            self.findings
                .unmodified_forms
                .append(&mut roles.forms_dropped);
        }
        // The children move to the last target this element contains (usually the only one).
        let mut children = std::mem::take(&mut roles.children);
        while let Some(index) = roles.containers.pop() {
            let container = Container {
                start: frame.start,
                end: end_offset,
                children: if roles.containers.is_empty() {
                    std::mem::take(&mut children)
                } else {
                    children.clone()
                },
            };
            if let Some(slot) = self.findings.containers.get_mut(index) {
                *slot = Some(container);
            }
        }
    }
}

/// The span of the text inside a leaf element `<Name>text</Name>`, or `None`
/// for a self-closing one.
pub fn leaf_content(text: &str, child: &Child<'_>) -> Option<(usize, usize)> {
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

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            start,
            end,
            replacement: replacement.to_owned(),
        }
    }

    #[test]
    fn patched_pieces_skip_overlapping_backward_and_split_edits() {
        let text = "<a>é1</a><b>0</b>";
        let one = text.find('1').unwrap();
        let zero = text.find('0').unwrap();
        let edits = vec![
            edit(zero, zero + 1, "1"),
            edit(one, one + 1, "0"),
            // Overlaps the edit before it: the first one wins.
            edit(one, one + 1, "X"),
            // Backwards, past the end, inside `é`: never applied.
            edit(5, 4, "Y"),
            edit(text.len(), text.len() + 1, "Z"),
            edit(4, 4, "W"),
            // An insertion at the very end.
            edit(text.len(), text.len(), "\n"),
        ];
        let patched = Patched::new(text, edits);
        let pieces: Vec<&str> = patched.pieces().collect();
        assert_eq!(pieces, ["<a>é", "0", "</a><b>", "1", "</b>", "\n"]);
        assert_eq!(patched.to_text(), "<a>é0</a><b>1</b>\n");
        assert_eq!(patched.len(), patched.to_text().len());
        assert!(patched.changes_text());
        assert_eq!(
            apply(text, vec![edit(one, one + 1, "0")]),
            "<a>é0</a><b>0</b>"
        );
    }

    #[test]
    fn patched_tells_a_rewrite_to_the_same_text_from_a_change() {
        let text = "<a>1</a><b>0</b>";
        let one = text.find('1').unwrap();
        let same = Patched::new(text, vec![edit(one, one + 1, "1"), edit(3, 3, "")]);
        assert_eq!(same.len(), text.len());
        assert!(!same.changes_text());
        assert_eq!(same.to_text(), text);
        // Same length, different bytes.
        assert!(Patched::new(text, vec![edit(one, one + 1, "0")]).changes_text());
        // Nothing to apply.
        assert!(!Patched::new(text, Vec::new()).changes_text());
        assert_eq!(Patched::new(String::new(), Vec::new()).pieces().count(), 0);
    }

    #[test]
    fn find_borrows_child_names_and_skips_targets_between_elements() {
        let text = "<x:root xmlns:x=\"u\"><x:one><x:IsCustomizable>1</x:IsCustomizable><two/></x:one></x:root>";
        let one = text.find("<x:one>").unwrap();
        let targets = [
            // No element starts here: not found, and the cursor moves past it.
            Locate::ElementAt(one - 1),
            Locate::ElementAt(one),
            Locate::ElementAt(one),
            Locate::Root,
        ];
        let (findings, error) = find(text, &targets, false);
        assert!(error.is_none());
        assert_eq!(findings.containers[0], None);
        let container = findings.containers[1].as_ref().unwrap();
        assert_eq!(findings.containers[2].as_ref(), Some(container));
        let names: Vec<&str> = container.children.iter().map(|c| c.name.as_ref()).collect();
        assert_eq!(names, ["IsCustomizable", "two"]);
        assert!(container
            .children
            .iter()
            .all(|child| matches!(child.name, Cow::Borrowed(_))));
        assert_eq!(
            &text[container.children[1].start..container.children[1].end],
            "<two/>"
        );
        let root = findings.containers[3].as_ref().unwrap();
        assert_eq!(root.children.len(), 1);
        assert_eq!(root.children[0].name, "one");
    }

    #[test]
    fn start_tag_end_skips_quoted_brackets() {
        let text = "<a x=\"1>2\">t</a>";
        assert_eq!(start_tag_end(text, 0), Some(11));
        assert_eq!(indentation_before("x\n  <a>", 4), "  ");
    }
}
