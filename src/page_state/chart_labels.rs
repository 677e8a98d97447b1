//! Short labels for the page's charts that keep what tells files apart: a file path is shown
//! by its file name and as many of its folders as make it unique, and a label too long for
//! the chart keeps its start and its end with "…" between, the start long enough to differ
//! from every other label that would otherwise read the same. Two different paths never get
//! the same label; the chart shows the full path beside it (a tooltip, the table, the text
//! for screen readers).

/// The labels for `paths` (in their order), each at most `max` characters where a distinct
/// one of that length exists, else the path as given.
pub fn distinct_labels(paths: &[&str], max: usize) -> Vec<String> {
    let max = max.max(MIN_MAX);
    let texts: Vec<Vec<char>> = paths
        .iter()
        .map(|path| unique_folder_suffix(path, paths, max).chars().collect())
        .collect();
    let head = best_head(&texts, max);
    let labels: Vec<String> = texts.iter().map(|text| cut(text, head, max)).collect();
    // What still collides (two very long names that differ only deep in the middle) is shown whole.
    let clashes = |i: usize| {
        (0..texts.len()).any(|j| j != i && labels[j] == labels[i] && texts[j] != texts[i])
    };
    (0..texts.len())
        .map(|i| {
            if clashes(i) {
                texts[i].iter().collect()
            } else {
                labels[i].clone()
            }
        })
        .collect()
}

/// Below this a label could not say anything useful.
const MIN_MAX: usize = 12;
/// The end of a long label always keeps this much (the extension and a little more).
const MIN_TAIL: usize = 8;

/// How many characters every long label keeps before its "…" (the rest of `max` is its end):
/// the split that tells the most pairs of long labels apart, two labels being told apart when
/// their kept starts or their kept ends differ; of those, the one that shows most of the
/// differences (the least margin past a first difference, largest), then the most even.
fn best_head(texts: &[Vec<char>], max: usize) -> usize {
    let long: Vec<&Vec<char>> = texts.iter().filter(|text| text.len() > max).collect();
    // For each pair of different long texts: how long their common start and end are.
    let mut pairs = Vec::new();
    for (i, a) in long.iter().enumerate() {
        for b in &long[i + 1..] {
            if a != b {
                pairs.push((common_prefix(a, b), common_suffix(a, b)));
            }
        }
    }
    let even = (max - 1) / 2;
    (1..=max - 1 - MIN_TAIL)
        .max_by_key(|&head| {
            let tail = max - 1 - head;
            // How far past the first difference each pair is told apart, the least of them.
            let margins: Vec<usize> = pairs
                .iter()
                .filter_map(|&(start, end)| {
                    let by_start = head.checked_sub(start + 1);
                    let by_end = tail.checked_sub(end + 1);
                    by_start.max(by_end)
                })
                .collect();
            let least =
                (margins.len() == pairs.len()).then(|| margins.iter().min().copied().unwrap_or(0));
            (margins.len(), least, std::cmp::Reverse(head.abs_diff(even)))
        })
        .unwrap_or(even)
}

/// `path` whole when it fits in `max` characters, else its file name and as few of its folders
/// as make it differ from the same number of folders of every other path ("…/" before the
/// folders kept).
fn unique_folder_suffix(path: &str, paths: &[&str], max: usize) -> String {
    if path.chars().count() <= max {
        return path.to_owned();
    }
    let parts: Vec<&str> = path.split('/').collect();
    for kept in 1..parts.len() {
        let suffix = parts[parts.len() - kept..].join("/");
        let shared = paths
            .iter()
            .any(|other| *other != path && last_parts(other, kept) == suffix);
        if !shared {
            // The file name alone needs no mark; folders left out above kept ones do.
            return if kept == 1 {
                suffix
            } else {
                format!("…/{suffix}")
            };
        }
    }
    path.to_owned()
}

fn last_parts(path: &str, count: usize) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    parts[parts.len().saturating_sub(count)..].join("/")
}

/// `text` whole when it fits in `max` characters, else its first `head` characters, "…", and
/// its end.
fn cut(text: &[char], head: usize, max: usize) -> String {
    if text.len() <= max {
        return text.iter().collect();
    }
    let tail = max - 1 - head;
    let mut label: String = text[..head].iter().collect();
    label.push('…');
    label.extend(&text[text.len() - tail..]);
    label
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two files of msdynce_FieldServiceIntegration 2.0.0.1, which read the same
    /// ("…nce_invoicedunitamount.xaml") when cut from the left.
    #[test]
    fn two_long_names_alike_at_the_end_keep_the_part_that_differs() {
        let paths = [
            "customizations.xml",
            "PluginAssemblies/MicrosoftDynamicsP2CFieldServicePlugins-7892E833-0D0F-4BE7-B921-47B0C97FD12F/MicrosoftDynamicsP2CFieldServicePlugins.dll",
            "Formulas/msdyn_workorderservice-msdynce_invoicedunitamount.xaml",
            "Formulas/msdyn_workorderproduct-msdynce_invoicedunitamount.xaml",
            "Formulas/msdyn_workorderservice-msdynce_invoiceddiscountamount.xaml",
            "Formulas/msdyn_workorderproduct-msdynce_invoiceddiscountamount.xaml",
        ];
        let labels = distinct_labels(&paths, 34);
        assert_eq!(labels[0], "customizations.xml");
        assert!(
            labels.iter().all(|label| label.chars().count() <= 34),
            "{labels:?}"
        );
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert_ne!(a, b, "{labels:?}");
            }
        }
        assert!(
            labels[2].starts_with("msdyn_workorderser")
                && labels[3].starts_with("msdyn_workorderpro"),
            "{labels:?}"
        );
        assert!(labels[4].ends_with("ountamount.xaml"), "{labels:?}");
        assert!(labels[2].ends_with("unitamount.xaml"), "{labels:?}");
        assert!(labels[1].ends_with("Plugins.dll"), "{labels:?}");
    }

    #[test]
    fn the_same_file_name_in_two_folders_is_told_apart_by_its_folder() {
        let paths = [
            "CanvasApps/appr_aieducation_83040/BackgroundImageUri",
            "CanvasApps/appr_staging_7db47/BackgroundImageUri",
            "Formulas/short.xaml",
        ];
        assert_eq!(
            distinct_labels(&paths, 45),
            [
                "…/appr_aieducation_83040/BackgroundImageUri",
                "…/appr_staging_7db47/BackgroundImageUri",
                "Formulas/short.xaml"
            ]
        );
    }

    #[test]
    fn names_that_differ_only_deep_in_the_middle_are_shown_whole() {
        let a = format!("{}A{}", "x".repeat(30), "y".repeat(30));
        let b = format!("{}B{}", "x".repeat(30), "y".repeat(30));
        let labels = distinct_labels(&[&a, &b], 20);
        assert_ne!(labels[0], labels[1]);
        assert!(labels
            .iter()
            .all(|label| label.chars().count() <= 20 || *label == a || *label == b));
    }

    #[test]
    fn labels_that_fit_are_kept_and_the_same_path_twice_reads_the_same() {
        assert_eq!(
            distinct_labels(&["Tables", "Forms", "Forms"], 28),
            ["Tables", "Forms", "Forms"]
        );
        assert_eq!(distinct_labels(&[], 28), Vec::<String>::new());
    }
}
