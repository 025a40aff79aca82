//! Whether the terminal's background is light, asked with OSC 11 so a light terminal opens on
//! the light theme (the dark theme's code blocks are unreadable there). The terminal is asked
//! for its background and then for its attributes (DA1), which every terminal answers, so the
//! second answer ends the read; a terminal that answers neither within the timeout is taken as
//! dark. The read never blocks past the timeout: the terminal is opened non-blocking, so no
//! thread is left behind to eat the user's first keys.

use std::time::Duration;

/// The terminal's background, as far as it said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Light,
    Dark,
}

impl Background {
    /// The built-in theme that reads well on it.
    #[must_use]
    pub fn theme(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// The theme to open on for what the terminal said, when it is installed; `None` keeps the
/// default (a terminal that did not answer is taken as dark).
#[must_use]
pub fn theme_for(background: Option<Background>, installed: &[String]) -> Option<&'static str> {
    let theme = background.unwrap_or(Background::Dark).theme();
    installed.iter().any(|name| name == theme).then_some(theme)
}

/// How long to wait for the terminal's answer before taking it as dark.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(100);

/// Relative luminance (0 black, 1 white) above which a background is light.
const LIGHT_ABOVE: f64 = 0.5;

/// The background an OSC 11 answer names (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by `ESC \` or
/// BEL, each component 1 to 4 hex digits), or `None` when `answer` holds none.
#[must_use]
pub fn parse_answer(answer: &[u8]) -> Option<Background> {
    let text = String::from_utf8_lossy(answer);
    let start = text.find("\x1b]11;")? + "\x1b]11;".len();
    let rest = &text[start..];
    let end = rest.find(['\x07', '\x1b'])?;
    let spec = &rest[..end];
    let channels = spec.strip_prefix("rgb:").or_else(|| spec.strip_prefix("rgba:"))?;
    let mut values = channels.split('/').map(channel);
    let (r, g, b) = (values.next()??, values.next()??, values.next()??);
    // Rec. 709 weights on the (gamma-encoded) channels: close enough to tell light from dark.
    let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    Some(if luminance > LIGHT_ABOVE { Background::Light } else { Background::Dark })
}

/// One channel of 1 to 4 hex digits, scaled to 0..=1.
fn channel(hex: &str) -> Option<f64> {
    if hex.is_empty() || hex.len() > 4 {
        return None;
    }
    let value = u32::from_str_radix(hex, 16).ok()?;
    let max = (1_u32 << (4 * hex.len())) - 1;
    Some(f64::from(value) / f64::from(max))
}

/// Whether `answer` holds the DA1 answer (`ESC [ ? … c`), the last the terminal sends.
fn has_attributes_answer(answer: &[u8]) -> bool {
    let text = String::from_utf8_lossy(answer);
    text.find("\x1b[?").is_some_and(|at| text[at..].contains('c'))
}

/// Ask the terminal for its background; `None` when it did not say within `timeout` (or
/// could not be asked). Call only with stdin and stdout on a terminal, before the playground
/// takes the screen.
pub async fn query(timeout: Duration) -> Option<Background> {
    crossterm::terminal::enable_raw_mode().ok()?;
    let answer = tokio::time::timeout(timeout, read_answers()).await;
    let _ = crossterm::terminal::disable_raw_mode();
    parse_answer(&answer.ok()??)
}

/// How often the non-blocking terminal is read while waiting for its answers: the wait is
/// short (see [`QUERY_TIMEOUT`]), so polling costs nothing that matters and needs no reactor
/// registration (tokio's `AsyncFd::new` is deprecated and its replacement is `unsafe`).
const POLL_EVERY: Duration = Duration::from_millis(5);

#[cfg(unix)]
async fn read_answers() -> Option<Vec<u8>> {
    use std::io::{ErrorKind, Read, Write};
    use std::os::unix::fs::OpenOptionsExt;
    let mut tty =
        std::fs::OpenOptions::new().read(true).write(true).custom_flags(libc::O_NONBLOCK).open("/dev/tty").ok()?;
    tty.write_all(b"\x1b]11;?\x1b\\\x1b[c").ok()?;
    let mut answer = Vec::new();
    while !has_attributes_answer(&answer) && answer.len() < 1024 {
        let mut buf = [0_u8; 256];
        match tty.read(&mut buf) {
            Ok(read) if read > 0 => answer.extend_from_slice(&buf[..read]),
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted) => {
                tokio::time::sleep(POLL_EVERY).await;
            }
            Ok(_) | Err(_) => return None,
        }
    }
    Some(answer)
}

#[cfg(not(unix))]
async fn read_answers() -> Option<Vec<u8>> {
    None
}

#[cfg(test)]
mod tests {
    use super::{Background, has_attributes_answer, parse_answer, theme_for};

    #[test]
    fn white_and_black_answers_ended_by_st_or_bel() {
        assert_eq!(parse_answer(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"), Some(Background::Light));
        assert_eq!(parse_answer(b"\x1b]11;rgb:0000/0000/0000\x07"), Some(Background::Dark));
        // Solarized light and dark, as xterm reports them, followed by the DA1 answer.
        assert_eq!(parse_answer(b"\x1b]11;rgb:fdfd/f6f6/e3e3\x1b\\\x1b[?64;1;9c"), Some(Background::Light));
        assert_eq!(parse_answer(b"\x1b]11;rgb:0000/2b2b/3636\x07\x1b[?1;2c"), Some(Background::Dark));
    }

    #[test]
    fn short_components_and_rgba_are_scaled() {
        assert_eq!(parse_answer(b"\x1b]11;rgb:ff/ff/ff\x07"), Some(Background::Light));
        assert_eq!(parse_answer(b"\x1b]11;rgb:e/e/e\x07"), Some(Background::Light));
        assert_eq!(parse_answer(b"\x1b]11;rgba:1c1c/1c1c/1c1c/ffff\x1b\\"), Some(Background::Dark));
    }

    #[test]
    fn the_threshold_is_mid_grey_weighted_by_green() {
        assert_eq!(parse_answer(b"\x1b]11;rgb:7000/7000/7000\x07"), Some(Background::Dark));
        assert_eq!(parse_answer(b"\x1b]11;rgb:9000/9000/9000\x07"), Some(Background::Light));
        // Pure green is light, pure blue is dark.
        assert_eq!(parse_answer(b"\x1b]11;rgb:0000/ffff/0000\x07"), Some(Background::Light));
        assert_eq!(parse_answer(b"\x1b]11;rgb:0000/0000/ffff\x07"), Some(Background::Dark));
    }

    #[test]
    fn no_answer_or_a_broken_one_says_nothing() {
        assert_eq!(parse_answer(b"\x1b[?64;1;9c"), None, "only DA1: the terminal does not know OSC 11");
        assert_eq!(parse_answer(b"\x1b]11;rgb:ffff/ffff\x07"), None);
        assert_eq!(parse_answer(b"\x1b]11;rgb:fffff/0/0\x07"), None);
        assert_eq!(parse_answer(b"\x1b]11;#ffffff\x07"), None);
        assert_eq!(parse_answer(b"\x1b]11;rgb:ffff/ffff/ffff"), None, "unterminated");
    }

    #[test]
    fn a_light_answer_picks_the_light_theme_and_silence_the_dark_one() {
        let installed = ["dark".to_owned(), "light".to_owned()];
        assert_eq!(theme_for(Some(Background::Light), &installed), Some("light"));
        assert_eq!(theme_for(None, &installed), Some("dark"));
        assert_eq!(theme_for(Some(Background::Light), &installed[..1]), None, "not installed: keep the default");
    }

    #[test]
    fn the_attributes_answer_ends_the_read() {
        assert!(!has_attributes_answer(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"));
        assert!(has_attributes_answer(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c"));
    }
}
