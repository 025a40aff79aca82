//! Search snippets carry their matches between two control characters that never occur in
//! what people type; the UI turns them into styles with [`segments`].

/// Starts a matched stretch of a [`super::SearchHit::snippet`].
pub const MATCH_START: &str = "\u{1}";
/// Ends a matched stretch.
pub const MATCH_END: &str = "\u{2}";
/// Stands for text left out before or after the snippet.
pub const ELLIPSIS: &str = "…";

/// A stretch of a snippet, matched or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub matched: bool,
}

/// Split a snippet into plain and matched stretches, without the markers. A marker out of
/// place (the stored text itself held one) just toggles nothing: it is dropped.
#[must_use]
pub fn segments(snippet: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut rest = snippet;
    let mut matched = false;
    while !rest.is_empty() {
        let marker = if matched { MATCH_END } else { MATCH_START };
        let stray = if matched { MATCH_START } else { MATCH_END };
        let (text, after, found) = match rest.find(marker) {
            Some(at) => (&rest[..at], &rest[at + marker.len()..], true),
            None => (rest, "", false),
        };
        for piece in text.split(stray).filter(|piece| !piece.is_empty()) {
            segments.push(Segment { text: piece, matched });
        }
        rest = after;
        matched ^= found;
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Segment<'_> {
        Segment { text, matched: false }
    }

    fn hit(text: &str) -> Segment<'_> {
        Segment { text, matched: true }
    }

    #[test]
    fn markers_become_matched_segments() {
        let snippet = "…the \u{1}route\u{2} and the \u{1}model\u{2}";
        assert_eq!(segments(snippet), vec![plain("…the "), hit("route"), plain(" and the "), hit("model")]);
    }

    #[test]
    fn stray_markers_are_dropped() {
        assert_eq!(segments("a\u{2}b"), vec![plain("a"), plain("b")]);
        assert_eq!(segments("\u{1}open"), vec![hit("open")]);
        assert_eq!(segments(""), vec![]);
    }
}
