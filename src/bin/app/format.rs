//! Numbers for people, written the same way the CLI writes them.

/// `12.3 KB`, `4.0 MB`, `512 B`.
pub fn bytes(size: u64) -> String {
    solution_inspector::units::human_size(size)
}

/// `12,345`.
pub fn count(value: usize) -> String {
    solution_inspector::units::group_digits(value as u64)
}

/// "Yes" / "No" for a platform boolean, "not a boolean" when it is not one.
pub fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "not a boolean",
    }
}
