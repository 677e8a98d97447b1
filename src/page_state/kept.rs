//! The organizations a user keeps in the browser (IndexedDB, under names they give):
//! what the page lists of each, and which names it accepts. Pure, so it is tested
//! natively; the page's `snapshot_store` does the storing.

use serde::Deserialize;

use crate::units::human_size;

/// The longest name the page keeps an organization under.
pub const MAX_NAME_CHARS: usize = 80;

/// One kept organization, as the browser's store lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptOrganization {
    pub name: String,
    /// Bytes of its snapshot's JSON.
    pub size: u64,
    /// When it was last kept (ISO 8601, the browser's clock), empty when unknown.
    #[serde(default)]
    pub saved_at: String,
}

impl KeptOrganization {
    /// "2.1 MB, kept 2026-12-07 12:40" for the list.
    pub fn summary(&self) -> String {
        let when = self
            .saved_at
            .get(..16)
            .unwrap_or(&self.saved_at)
            .replace('T', " ");
        if when.is_empty() {
            human_size(self.size)
        } else {
            format!("{}, kept {when} UTC", human_size(self.size))
        }
    }
}

/// The name to keep an organization under, trimmed, or why it cannot be one.
pub fn kept_name(typed: &str) -> Result<String, String> {
    let name = typed.trim();
    if name.is_empty() {
        return Err("Give the organization a name, such as Test or Production.".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "A name of at most {MAX_NAME_CHARS} characters, please."
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("A name without line breaks or tabs, please.".to_owned());
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(kept_name("  Production "), Ok("Production".to_owned()));
        assert!(kept_name("   ").is_err());
        assert!(kept_name("a\tb").is_err());
        assert!(kept_name(&"x".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(kept_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
    }

    #[test]
    fn the_summary_says_size_and_when() {
        let kept = KeptOrganization {
            name: "Test".into(),
            size: 2_200_000,
            saved_at: "2026-12-07T12:40:31.000Z".into(),
        };
        assert_eq!(
            kept.summary(),
            format!("{}, kept 2026-12-07 12:40 UTC", human_size(2_200_000))
        );
        let unknown = KeptOrganization {
            saved_at: String::new(),
            ..kept
        };
        assert_eq!(unknown.summary(), human_size(2_200_000));
    }

    #[test]
    fn a_listing_reads_from_json_as_the_store_gives_it() {
        let listed: Vec<KeptOrganization> = serde_json::from_str(
            r#"[{"name":"Production","size":10,"savedAt":"2026-12-07T12:00:00Z"},{"name":"Test","size":5}]"#,
        )
        .unwrap();
        assert_eq!(listed[1].saved_at, "");
        assert_eq!(listed[0].name, "Production");
    }
}
