//! Sizes and counts for people: the one place every feature and report formats
//! bytes and large numbers (`6.0 MB`, `1,234,567`), so they read the same
//! everywhere, and counted nouns (`1 entry`, `2 entries`: [`count_of`]). Below
//! validate, simulate, convert, answers and report; depends on nothing.

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

/// The text as a sentence: its first letter in upper case ("web resource x" → "Web
/// resource x"), surrounding white space trimmed.
pub fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `count` and the noun, singular for one: `1 component`, `312 components`,
/// `2 entries`, `3 processes`. The one helper every message counts with.
pub fn count_of(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {}", group_digits(count as u64), plural(noun))
    }
}

/// The plural of an English noun or of a kind's label: each side of a slash
/// (`process / cloud flow` → `processes / cloud flows`), the words before a
/// parenthesis (`choice (global option set)` → `choices (global option set)`),
/// the last word of what is left (`plug-in step image` → `plug-in step images`).
pub fn plural(noun: &str) -> String {
    if let Some((left, right)) = noun.split_once(" / ") {
        return format!("{} / {}", plural(left), plural(right));
    }
    if let Some((head, tail)) = noun.split_once(" (") {
        return format!("{} ({tail}", plural(head));
    }
    let (rest, last) = match noun.rsplit_once(' ') {
        Some((rest, last)) => (format!("{rest} "), last),
        None => (String::new(), noun),
    };
    format!("{rest}{}", plural_word(last))
}

fn plural_word(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let consonant_y = lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
        && !lower.ends_with("uy");
    if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|ending| lower.ends_with(ending))
    {
        format!("{word}es")
    } else if word.is_empty() || lower == "data" {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nouns() {
        assert_eq!(count_of(1, "entry"), "1 entry");
        assert_eq!(count_of(2, "entry"), "2 entries");
        assert_eq!(count_of(0, "warning"), "0 warnings");
        assert_eq!(count_of(1234, "component"), "1,234 components");
        assert_eq!(
            count_of(3, "process / cloud flow"),
            "3 processes / cloud flows"
        );
        assert_eq!(
            count_of(2, "choice (global option set)"),
            "2 choices (global option set)"
        );
        assert_eq!(count_of(5, "plug-in step image"), "5 plug-in step images");
        assert_eq!(count_of(2, "key"), "2 keys");
        assert_eq!(count_of(2, "table"), "2 tables");
    }

    #[test]
    fn formats_sizes() {
        assert_eq!(group_digits(1234567), "1,234,567");
        assert_eq!(group_digits(12), "12");
        assert_eq!(human_size(6 * 1024 * 1024), "6.0 MB");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(512), "512 B");
    }
}
