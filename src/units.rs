//! Sizes and counts for people: the one place every feature and report formats
//! bytes and large numbers (`6.0 MB`, `1,234,567`), so they read the same
//! everywhere. Below validate, simulate, convert and report; depends on nothing.

/// Bytes for people, with KB = 1,024 bytes and MB = 1,048,576 bytes: `1.4 MB`,
/// `1.5 KB`, `512 B`.
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
        assert_eq!(human_size(512), "512 B");
    }
}
