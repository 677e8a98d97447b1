//! Where a JSON document the core reads (an organization snapshot, a
//! managed-properties policy) is not of its documented form: the JSON reader's
//! message with the line and column, kept by the errors of the modules that
//! read them. Below `org` and `convert`; depends only on serde_json.

/// A JSON document that does not read as the expected form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at line {line}, column {column}: {}", reason(detail))]
pub struct JsonSyntax {
    /// serde_json's message; it ends with ` at line L column C`.
    pub detail: String,
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column of the problem.
    pub column: usize,
}

/// What the JSON reader found, without the place it appends (the error says it first).
fn reason(detail: &str) -> &str {
    match detail.rfind(" at line ") {
        Some(end) => &detail[..end],
        None => detail,
    }
}

impl From<serde_json::Error> for JsonSyntax {
    fn from(err: serde_json::Error) -> JsonSyntax {
        JsonSyntax {
            detail: err.to_string(),
            line: err.line(),
            column: err.column(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_place_and_the_message() {
        let err = serde_json::from_str::<serde_json::Value>("{\n  \"a\": }").unwrap_err();
        let syntax = JsonSyntax::from(err);
        assert_eq!((syntax.line, syntax.column), (2, 8));
        assert!(syntax.detail.ends_with("at line 2 column 8"), "{syntax}");
        assert_eq!(syntax.to_string(), "at line 2, column 8: expected value");
    }
}
