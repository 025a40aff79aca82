//! Text from servers and prompts made safe to show: every control character but newline and
//! tab (ESC, BEL, CR, backspace, the C1 set) is written out as `\x1b`, so an answer cannot
//! write the clipboard (`ESC]52`), set the window title (`ESC]0`), clear the screen
//! (`ESC[2J`) or hide text behind a carriage return. Character by character, so a sequence
//! split across two stream deltas is caught too. Escaped on a terminal, as is into a file or a pipe;
//! the escaping itself is [`crate::export::escape_controls`].

pub use crate::export::escape_controls;
use std::borrow::Cow;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// `text` as it may go to standard output: escaped when that is a terminal, as is when it is
/// a file or a pipe (which keeps the bytes the server sent).
#[must_use]
pub fn for_stdout(text: &str) -> Cow<'_, str> {
    static TERMINAL: OnceLock<bool> = OnceLock::new();
    if *TERMINAL.get_or_init(|| std::io::stdout().is_terminal()) { escape_controls(text) } else { Cow::Borrowed(text) }
}

/// `text` as it may go to standard error: escaped when that is a terminal.
#[must_use]
pub fn for_stderr(text: &str) -> Cow<'_, str> {
    static TERMINAL: OnceLock<bool> = OnceLock::new();
    if *TERMINAL.get_or_init(|| std::io::stderr().is_terminal()) { escape_controls(text) } else { Cow::Borrowed(text) }
}
