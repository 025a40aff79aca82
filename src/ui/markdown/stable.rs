//! Where a streaming answer can be cut so the part before the cut never needs rendering again.

use super::options;
use pulldown_cmark::{Event, Parser, Tag};

/// Byte length of the longest prefix of `text` that ends with a blank line between two
/// top-level blocks (so never inside a fenced code block, a list or a quote).
///
/// Rendering `text[..n]` and `text[n..]` separately and joining them with one blank line
/// gives the same lines as rendering `text`, so a caller streaming an answer can cache the
/// rendered prefix and re-render only the rest. 0 means there is no such cut.
///
/// The cut is found with the Markdown parser itself, so it agrees with how the text renders.
/// After a list, the cut waits until the next block's first line is complete (a line such as
/// `2` could still become `2. item` and join the list). Documents with link reference
/// definitions are never cut, since a definition anywhere changes links everywhere.
#[must_use]
pub fn stable_prefix_len(text: &str) -> usize {
    let mut parser = Parser::new_ext(text, options()).into_offset_iter();
    let mut depth = 0usize;
    let mut cut = 0;
    let mut after_list = false;
    for (event, range) in parser.by_ref() {
        let top_level_block = match &event {
            Event::Start(tag) => {
                depth += 1;
                (depth == 1).then_some(matches!(tag, Tag::List(_)))
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                None
            }
            _ => (depth == 0).then_some(false),
        };
        if let Some(is_list) = top_level_block {
            let settled = !after_list || text[range.start..].contains('\n');
            if settled && follows_blank_line(text, range.start) {
                cut = range.start;
            }
            after_list = is_list;
        }
    }
    if parser.reference_definitions().iter().next().is_some() {
        return 0;
    }
    cut
}

/// `at` starts a line, the line before it is blank, and something precedes that.
fn follows_blank_line(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at).and_then(|before| before.strip_suffix('\n')) else {
        return false;
    };
    let (earlier, blank) = before.rsplit_once('\n').unwrap_or(("", before));
    blank.trim().is_empty() && !earlier.trim().is_empty()
}
