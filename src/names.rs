//! File names made from a package's text (a solution's unique name, its
//! version) for the files the tool writes or offers for download: the managed
//! export's name, snapshots, logs. Below convert and the shells; depends on nothing.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_plain_characters() {
        assert_eq!(file_name_part("1.2.0.0"), "1_2_0_0");
        assert_eq!(file_name_part("a/b\\c:d"), "a_b_c_d");
        assert_eq!(file_name_stem(""), "solution");
        assert_eq!(file_name_stem("My_Solution-1"), "My_Solution-1");
    }
}
