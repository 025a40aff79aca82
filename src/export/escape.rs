//! Text from servers and prompts made safe to show: every control character but newline and
//! tab (ESC, BEL, CR, backspace, the C1 set) is written out as `\x1b`, so an answer cannot
//! write the clipboard (`ESC]52`), set the window title (`ESC]0`), clear the screen
//! (`ESC[2J`) or hide text behind a carriage return. Character by character, so a sequence
//! split across two stream deltas is caught too. Used for everything the commands print on a
//! terminal and for every Markdown export; JSON needs nothing (it escapes ESC as `\u001b`).

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with its control characters but newline and tab escaped.
#[must_use]
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn clipboard_title_and_clear_screen_sequences_are_shown_not_run() {
        let hostile = "a\u{1b}]52;c;aGk=\u{7}b\u{1b}]0;pwned\u{1b}\\c\u{1b}[2Jd\re\u{9b}31m";
        let shown = escape_controls(hostile);
        assert_eq!(shown, "a\\x1b]52;c;aGk=\\x07b\\x1b]0;pwned\\x1b\\c\\x1b[2Jd\\x0de\\x9b31m");
        assert!(!shown.chars().any(char::is_control));
    }

    #[test]
    fn newlines_tabs_and_plain_text_are_left_alone() {
        let text = "line one\n\tindented · ünïcode ✓";
        assert!(matches!(escape_controls(text), std::borrow::Cow::Borrowed(t) if t == text));
    }
}
