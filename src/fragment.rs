//! The raw XML of one component, cut from the package for people to read.

use crate::model::SourceSpan;
use crate::package::Package;
use crate::text;

/// The text a component's `SourceSpan` covers, re-read from the package bytes.
/// `None` when the file is missing or unreadable, or the span does not fall on
/// character boundaries of the decoded text (a span from another package).
pub fn fragment(bytes: &[u8], span: &SourceSpan) -> Option<String> {
    let text = source_text(bytes, &span.file)?;
    cut(&text, span).map(str::to_owned)
}

/// One file of the package decoded to UTF-8 text, as spans index it. Callers that
/// show many fragments of one file keep this and `cut` it, instead of inflating
/// the file again each time.
pub fn source_text(bytes: &[u8], file: &str) -> Option<String> {
    let mut package = Package::open(bytes).ok()?;
    let index = package.find(file)?.index;
    let content = package.read(index).ok()?;
    let (decoded, _, _) = text::decode(&content);
    Some(decoded.into_owned())
}

/// The part of `text` (from `source_text(.., &span.file)`) that `span` covers.
pub fn cut<'a>(text: &'a str, span: &SourceSpan) -> Option<&'a str> {
    text.get(span.start..span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::inspect;
    use crate::model::ComponentKind;

    const CORPUS: &str = "tests/corpus";

    fn corpus(name: &str) -> Vec<u8> {
        std::fs::read(format!("{CORPUS}/{name}")).expect("corpus package")
    }

    #[test]
    fn an_attribute_fragment_is_its_own_element() {
        let bytes = corpus(
            "KpdApps__KpdApps.Common.MsCrm2015__KpdApps_Base_1_0_55_0_unmanaged_rawfolder.zip",
        );
        let inspection = inspect(&bytes).expect("readable");
        let attribute = inspection
            .components
            .iter()
            .find(|component| component.kind == ComponentKind::Attribute)
            .expect("the package has columns");
        let text = fragment(&bytes, &attribute.source).expect("fragment");
        assert!(text.starts_with("<attribute"), "{text}");
        assert!(text.trim_end().ends_with("</attribute>"), "{text}");
        assert!(text.contains(&attribute.name), "{text}");
    }

    #[test]
    fn every_component_of_every_corpus_package_has_a_fragment() {
        let mut checked = 0;
        for entry in std::fs::read_dir(CORPUS).expect("corpus folder") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|ext| ext.to_str()) != Some("zip") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("package");
            let inspection = inspect(&bytes).expect("readable");
            // Up to three of each kind per package keeps the test quick (each call re-inflates).
            let mut per_kind = std::collections::HashMap::new();
            for component in &inspection.components {
                let seen = per_kind.entry(component.kind).or_insert(0);
                *seen += 1;
                if *seen > 3 {
                    continue;
                }
                let text = fragment(&bytes, &component.source);
                assert!(
                    text.as_deref()
                        .is_some_and(|text| text.trim_start().starts_with('<')),
                    "{}: {} has no fragment",
                    path.display(),
                    component.key()
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} components checked");
    }

    #[test]
    fn cutting_a_kept_source_text_gives_the_same_fragments() {
        let bytes = corpus("scottdurow__SparkleXrm__StartMenu_1_4_managed.zip");
        let inspection = inspect(&bytes).expect("readable");
        let text = source_text(&bytes, "customizations.xml").expect("customizations.xml");
        assert!(!inspection.components.is_empty());
        for component in inspection
            .components
            .iter()
            .filter(|component| component.source.file == "customizations.xml")
        {
            assert_eq!(
                cut(&text, &component.source).map(str::to_owned),
                fragment(&bytes, &component.source),
                "{}",
                component.key()
            );
        }
    }

    #[test]
    fn a_span_outside_the_text_or_a_missing_file_gives_none() {
        let bytes = corpus("scottdurow__SparkleXrm__StartMenu_1_4_managed.zip");
        let past_the_end = SourceSpan {
            file: "customizations.xml".into(),
            line: 1,
            start: 0,
            end: usize::MAX,
        };
        assert_eq!(fragment(&bytes, &past_the_end), None);
        let missing = SourceSpan {
            file: "nothing.xml".into(),
            line: 1,
            start: 0,
            end: 1,
        };
        assert_eq!(fragment(&bytes, &missing), None);
        assert_eq!(fragment(b"not a zip", &missing), None);
    }
}
