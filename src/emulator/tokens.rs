//! What the emulator calls a token: a word with the whitespace before it, or a 4-character
//! piece of a long word. Counts are estimates, but they are deterministic and concatenating the
//! pieces always gives the text back.

/// Words up to this many characters go out whole.
const WHOLE_WORD: usize = 6;
/// Longer words go out in pieces of this many characters.
const PIECE: usize = 4;

/// Split `text` into token pieces.
pub fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let space = rest.len() - rest.trim_start().len();
        let word = &rest[space..];
        let word = &word[..word.find(char::is_whitespace).unwrap_or(word.len())];
        let take = if word.chars().count() <= WHOLE_WORD { word.len() } else { char_boundary(word, PIECE) };
        let (piece, tail) = rest.split_at(space + take);
        out.push(piece);
        rest = tail;
    }
    out
}

/// How many pieces `text` has.
pub fn count(text: &str) -> usize {
    pieces(text).len()
}

/// Split JSON (or any text without meaningful words) into runs of `PIECE + 2` characters, the
/// way tool input arrives in pieces that ignore the JSON structure.
pub fn chunks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (piece, tail) = rest.split_at(char_boundary(rest, PIECE + 2));
        out.push(piece);
        rest = tail;
    }
    out
}

/// Estimated input tokens of some texts: four tokens per three words, rounded, at least 1.
pub fn estimate_input<'a>(texts: impl IntoIterator<Item = &'a str>) -> u32 {
    let words: usize = texts.into_iter().map(|text| text.split_whitespace().count()).sum();
    u32::try_from((words * 4 + 1) / 3).unwrap_or(u32::MAX).max(1)
}

/// Input tokens an image counts for, whatever its size: about what Anthropic's vision docs
/// give a 1.15-megapixel image (width × height / 750).
pub const IMAGE_TOKENS: u32 = 1600;
/// Input tokens per PDF page, the low end of Anthropic's 1,500–3,000 per page.
pub const PDF_PAGE_TOKENS: u32 = 1500;
/// A PDF counts one page per started this many bytes.
pub const PDF_PAGE_BYTES: usize = 50 * 1024;
/// Text and other files count one token per started this many bytes.
pub const TEXT_BYTES_PER_TOKEN: usize = 4;

/// Estimated input tokens of an attached file, from its media type and size: the same rule
/// for the usage and for token counting.
pub fn estimate_attachment(media_type: &str, size: usize) -> u32 {
    if media_type.starts_with("image/") {
        return IMAGE_TOKENS;
    }
    let tokens = if media_type == "application/pdf" {
        size.div_ceil(PDF_PAGE_BYTES).max(1).saturating_mul(PDF_PAGE_TOKENS as usize)
    } else {
        size.div_ceil(TEXT_BYTES_PER_TOKEN)
    };
    u32::try_from(tokens).unwrap_or(u32::MAX)
}

/// The byte offset after the first `chars` characters of `text` (or its length).
fn char_boundary(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_round_trip_and_split_long_words() {
        let text = "## Hello  comprehensive\nworld é€ ";
        let pieces = pieces(text);
        assert_eq!(pieces.concat(), text);
        assert_eq!(pieces, ["##", " Hello", "  comp", "rehe", "nsive", "\nworld", " é€", " "]);
    }

    #[test]
    fn chunks_respect_char_boundaries() {
        let text = r#"{"q":"ééééééé"}"#;
        assert_eq!(chunks(text).concat(), text);
        assert!(chunks(text).iter().all(|c| c.chars().count() <= 6));
    }

    #[test]
    fn input_estimate_rounds() {
        assert_eq!(estimate_input([""]), 1);
        assert_eq!(estimate_input(["a b c"]), 4);
        assert_eq!(estimate_input(["a b", "c d"]), 5);
        assert_eq!(estimate_input(["a"]), 1);
        assert_eq!(estimate_input(["a b"]), 3);
    }

    #[test]
    fn attachments_count_by_kind_and_size() {
        assert_eq!(estimate_attachment("image/png", 10), IMAGE_TOKENS);
        assert_eq!(estimate_attachment("image/webp", 10_000_000), IMAGE_TOKENS);
        assert_eq!(estimate_attachment("application/pdf", 1), PDF_PAGE_TOKENS);
        assert_eq!(estimate_attachment("application/pdf", PDF_PAGE_BYTES + 1), 2 * PDF_PAGE_TOKENS);
        assert_eq!(estimate_attachment("text/plain", 9), 3);
    }
}
