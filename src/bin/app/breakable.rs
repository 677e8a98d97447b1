//! Names that may wrap only where a reader would break them: a long word of a unique name, a
//! file name or a publisher is written with a line-break opportunity (`<wbr>`) at each
//! camel-case boundary ("PentaWork|Scheduler") and after `_`, `.`, `-` and `/`, so a narrow card
//! wraps it there, not mid-word ("PentaWorkSchedule r"); short words ("GmbH") wrap whole. A part too long for its line still breaks, as a last
//! resort, by the stylesheet's `overflow-wrap: break-word`.

use yew::prelude::*;

/// Where `text` may break: before each character that starts a new word part.
fn starts_a_part(previous: char, next: char) -> bool {
    matches!(previous, '_' | '.' | '-' | '/') && next.is_alphanumeric()
        || previous.is_lowercase() && next.is_uppercase()
        || previous.is_alphabetic() && next.is_ascii_digit()
}

/// A word this short wraps whole, never at its parts ("GmbH", "msdyn_").
const SHORT_WORD_CHARS: usize = 12;

/// `text` as pieces with a `<wbr>` between the word parts of each long word.
pub fn breakable(text: &str) -> Html {
    let mut pieces: Vec<Html> = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    // The word (between spaces) the next character is in is long.
    let mut in_long_word = false;
    for (at, next) in text.char_indices() {
        if previous.is_none_or(char::is_whitespace) {
            in_long_word = text[at..]
                .split(char::is_whitespace)
                .next()
                .is_some_and(|word| word.chars().count() > SHORT_WORD_CHARS);
        }
        if in_long_word && previous.is_some_and(|previous| starts_a_part(previous, next)) {
            pieces.push(html! { <>{ text[start..at].to_owned() }<wbr /></> });
            start = at;
        }
        previous = Some(next);
    }
    pieces.push(html! { { text[start..].to_owned() } });
    html! { <>{ for pieces }</> }
}
