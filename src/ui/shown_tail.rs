//! A giant answer or thinking is shown by its tail. Rendered Markdown lines cost about fifty
//! bytes per byte of text, so a 64 MiB answer (the most a run keeps) would take gigabytes to
//! show whole; past [`SHOWN_BYTES`] the transcript shows the end, says how much it left out,
//! and the answer stays whole in the run, the history and the inspector.

/// The most of one text the transcript lays out.
pub const SHOWN_BYTES: usize = 1024 * 1024;

/// Where the shown part of `text` starts, given where it started at the last frame: unchanged
/// while the text fits, else a line start about half of [`SHOWN_BYTES`] before its end. So a
/// growing answer moves its start, and renders its shown part again, once per half MiB.
#[must_use]
pub fn start(text: &str, current: usize) -> usize {
    if text.len().saturating_sub(current) <= SHOWN_BYTES {
        return current.min(text.len());
    }
    let mut target = text.len() - SHOWN_BYTES / 2;
    while !text.is_char_boundary(target) {
        target += 1;
    }
    text[target..].find('\n').map_or(target, |newline| target + newline + 1)
}

/// The line that says what was left out.
#[must_use]
pub fn left_out(what: &str, bytes: usize) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    format!("⋯ the first {mib:.1} MiB of this {what} are not shown here; the run keeps it whole (history, inspector)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_that_fits_is_shown_whole() {
        assert_eq!(start("short", 0), 0);
        let fits = "x".repeat(SHOWN_BYTES);
        assert_eq!(start(&fits, 0), 0);
    }

    #[test]
    fn a_longer_text_is_shown_from_a_line_start_and_the_start_moves_in_steps() {
        let line = "a line of text\n";
        let text = line.repeat(SHOWN_BYTES / line.len() + 10);
        let from = start(&text, 0);
        assert!(from > 0 && text[..from].ends_with('\n'), "{from}");
        assert!(text.len() - from <= SHOWN_BYTES / 2 + line.len());
        let grown = format!("{text}{}", line.repeat(10));
        assert_eq!(start(&grown, from), from, "a little growth keeps the start");
    }

    #[test]
    fn the_start_is_a_char_boundary_without_newlines() {
        let text = "é".repeat(SHOWN_BYTES);
        let from = start(&text, 0);
        assert!(text.is_char_boundary(from) && from > 0);
    }
}
