//! Cells of the commands' plain-text tables: a value cut with an ellipsis to its column's
//! width, so a long model id never pushes the columns after it out of line.

use unicode_width::UnicodeWidthChar;

/// `text` padded to `width` display columns, or cut to `width - 1` and ended with `…`.
#[must_use]
pub fn cell(text: &str, width: usize) -> String {
    let mut cut = String::new();
    let mut used = 0;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return format!("{text}{}", " ".repeat(width - total));
    }
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        cut.push(c);
        used += w;
    }
    cut.push('…');
    format!("{cut}{}", " ".repeat(width.saturating_sub(used + 1)))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn short_text_is_padded_and_long_text_is_cut_with_an_ellipsis_to_the_same_width() {
        assert_eq!(cell("emulator", 10), "emulator  ");
        assert_eq!(cell("global.anthropic.claude-sonnet-4-5", 12), "global.anth…");
        assert_eq!(cell("exactly-ten", 11), "exactly-ten");
        // A wide character that would straddle the edge is left out, and the gap padded.
        assert_eq!(cell("ab😀cd", 4), "ab… ");
    }
}
