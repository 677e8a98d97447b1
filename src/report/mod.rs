//! Reports: the public JSON and text forms of results.

pub mod import_log;
pub mod import_times;
pub mod importjob;
pub mod inspect_json;
pub mod inspect_text;
pub mod simulate_json;
pub mod validate_json;
pub mod validate_sarif;
pub mod validate_text;

/// Bytes for people: `1.4 MB (1,468,006 bytes)` with MB = 1,048,576 bytes.
/// Text as part of a download's file name: every character a plain file name
/// cannot hold becomes `_`.
pub fn file_name_part(text: &str) -> String {
    text.chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '_' || ch == '-' {
                ch
            } else {
                '_'
            }
        })
        .collect()
}

/// [`file_name_part`] for the name a download starts with: `solution` when
/// the text is empty.
pub fn file_name_stem(text: &str) -> String {
    if text.is_empty() {
        "solution".to_owned()
    } else {
        file_name_part(text)
    }
}

pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    const MB: f64 = 1024.0 * 1024.0;
    let value = bytes as f64;
    if value >= MB {
        format!("{:.1} MB", value / MB)
    } else if value >= KB {
        format!("{:.1} KB", value / KB)
    } else {
        format!("{bytes} B")
    }
}

/// `1234567` → `1,234,567`.
pub fn group_digits(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, ch) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sizes() {
        assert_eq!(group_digits(1234567), "1,234,567");
        assert_eq!(group_digits(12), "12");
        assert_eq!(human_size(6 * 1024 * 1024), "6.0 MB");
        assert_eq!(human_size(1536), "1.5 KB");
    }
}
