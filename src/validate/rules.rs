//! The catalogue of finding codes: one line each, for SARIF rules and the docs.

use crate::model::Severity;

use super::Category;

pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub title: &'static str,
    pub platform_code: Option<&'static str>,
}

const fn rule(
    code: &'static str,
    severity: Severity,
    category: Category,
    title: &'static str,
    platform_code: Option<&'static str>,
) -> Rule {
    Rule {
        code,
        severity,
        category,
        title,
        platform_code,
    }
}

use Category as C;
use Severity::{Error as E, Information as I, Warning as W};

pub const RULES: &[Rule] = &[
    rule(
        "SV0101",
        E,
        C::Size,
        "Package larger than the target's upload limit",
        Some("0x80040375"),
    ),
    rule(
        "SV0102",
        E,
        C::Size,
        "Uncompressed files larger than 200 MB",
        None,
    ),
    rule(
        "SV0103",
        E,
        C::Size,
        "Web resource larger than the maximum attachment size",
        None,
    ),
    rule(
        "SV0104",
        W,
        C::Size,
        "Package larger than the solution checker's upload cap",
        None,
    ),
    rule(
        "SV0201",
        E,
        C::Structure,
        "Required root file missing",
        Some("0x80048060"),
    ),
    rule(
        "SV0202",
        W,
        C::Structure,
        "Root component not defined in customizations.xml",
        Some("0x8004801F"),
    ),
    rule(
        "SV0203",
        I,
        C::Structure,
        "Root component of a type this tool does not map",
        None,
    ),
    rule(
        "SV0204",
        E,
        C::Structure,
        "Referenced payload file absent from the zip",
        None,
    ),
    rule(
        "SV0205",
        W,
        C::Structure,
        "Payload file that no component references",
        None,
    ),
    rule(
        "SV0206",
        E,
        C::Structure,
        "[Content_Types].xml cannot be read",
        Some("0x80048060"),
    ),
    rule(
        "SV0207",
        W,
        C::Structure,
        "Part without a content type in [Content_Types].xml",
        None,
    ),
    rule(
        "SV0208",
        E,
        C::Structure,
        "Solution version is not major.minor[.build[.revision]]",
        None,
    ),
    rule(
        "SV0209",
        E,
        C::Structure,
        "Package version newer than the target organization",
        Some("0x80048068"),
    ),
    rule(
        "SV0210",
        E,
        C::Structure,
        "Package exported online, target on-premises",
        Some("0x8004806B"),
    ),
    rule(
        "SV0211",
        E,
        C::Structure,
        "Component defined more than once",
        None,
    ),
    rule(
        "SV0212",
        E,
        C::Structure,
        "Managed value is neither 0 nor 1",
        None,
    ),
    rule(
        "SV0213",
        W,
        C::Structure,
        "A root file whose name differs from the export's only by case",
        None,
    ),
    rule(
        "SV0221",
        W,
        C::Naming,
        "Publisher customization prefix is not valid",
        None,
    ),
    rule(
        "SV0222",
        W,
        C::Naming,
        "Publisher option value prefix is not 10000-99999",
        None,
    ),
    rule(
        "SV0223",
        W,
        C::Naming,
        "Custom component name without the publisher's prefix",
        Some("0x80048062"),
    ),
    rule(
        "SV0224",
        W,
        C::Naming,
        "Option value outside the publisher's option value range",
        None,
    ),
    rule(
        "SV0301",
        E,
        C::ManagedProperties,
        "Managed property value is not a boolean",
        Some("0x8004801A"),
    ),
    rule(
        "SV0302",
        I,
        C::ManagedProperties,
        "Managed properties without effect because IsCustomizable = 0",
        None,
    ),
    rule(
        "SV0303",
        W,
        C::ManagedProperties,
        "Managed package locks down all its components",
        None,
    ),
    rule(
        "SV0304",
        I,
        C::ManagedProperties,
        "Managed package locks down some of its components",
        None,
    ),
    rule(
        "SV0401",
        W,
        C::Dependencies,
        "Missing dependency the target must already have",
        Some("0x8004801D"),
    ),
    rule(
        "SI1002",
        E,
        C::Reading,
        "solution.xml is not well-formed or has no manifest",
        Some("0x80048013"),
    ),
    rule(
        "SI1003",
        E,
        C::Reading,
        "An XML file of the package is not well-formed",
        Some("0x80048013"),
    ),
    rule(
        "SI1004",
        E,
        C::Reading,
        "solution.xml names no solution",
        None,
    ),
    rule(
        "SI1005",
        E,
        C::Reading,
        "A root file is not valid text in its encoding",
        None,
    ),
    rule("SI1006", E, C::Reading, "A zip entry cannot be read", None),
    rule(
        "SI1010",
        E,
        C::Reading,
        "Zip entry name that is not a safe path",
        None,
    ),
    rule(
        "SI1011",
        E,
        C::Reading,
        "Zip entry name used more than once",
        None,
    ),
    rule(
        "SI1012",
        W,
        C::Reading,
        "Zip entry name that is odd but harmless (backslash, control character, over 260 characters)",
        None,
    ),
    rule(
        "SI1013",
        E,
        C::Reading,
        "Zip structure that is inconsistent (local header names another file, overlapping entries)",
        None,
    ),
    rule(
        "SI1014",
        W,
        C::Reading,
        "Payload file stored twice with identical contents",
        None,
    ),
    rule(
        "SI2001",
        W,
        C::Reading,
        "Component without an identifying key",
        None,
    ),
];

pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}
