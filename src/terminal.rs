//! The terminal's modes, set up and restored in one place: on normal exit (the guard drops),
//! on panic (the hook restores first, then the panic message prints), and on SIGTERM/SIGHUP
//! (the runtime leaves its loop and the guard drops). A panic on any other thread is reported,
//! never lost: in the playground while it runs, and on stderr once the terminal is restored.

pub mod background;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout, Write};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The terminal in playground mode; restores the terminal when dropped.
pub struct TerminalGuard {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    /// Enter raw mode, the alternate screen, bracketed paste and mouse capture, and install
    /// the panic hook that undoes them.
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        execute!(stdout, EnterAlternateScreen, EnableBracketedPaste, EnableMouseCapture)?;
        // Lets terminals that support it report Ctrl+Enter and a bare Esc unambiguously;
        // the others ignore it.
        let _ = execute!(stdout, PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES));
        let terminal = Terminal::new(CrosstermBackend::new(stdout))?;
        Ok(Self { terminal })
    }
}

impl Drop for TerminalGuard {
    /// Restore the terminal, then print what panicked on other threads meanwhile, which
    /// could not be printed over the screen.
    fn drop(&mut self) {
        restore();
        for report in std::mem::take(&mut *lock(&PANICS)) {
            eprintln!("routeplay: {report}; this is a bug in routeplay, please report it");
        }
    }
}

/// Put the terminal back the way the shell had it. Safe to call more than once.
pub fn restore() {
    let mut stdout = io::stdout();
    let _ = execute!(stdout, PopKeyboardEnhancementFlags);
    let _ = execute!(stdout, DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen, crossterm::cursor::Show);
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

/// Turn the terminal's mouse reporting on or off (off: its own text selection works). A
/// terminal that ignores the request is no reason to stop.
pub fn set_mouse_capture(on: bool) {
    let mut stdout = io::stdout();
    let _ = if on { execute!(stdout, EnableMouseCapture) } else { execute!(stdout, DisableMouseCapture) };
}

/// Panics on threads other than the UI's while the terminal is in playground mode, kept to
/// print once it is restored.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Where those panics are shown while the playground runs (the runtime puts them in the
/// sidebar).
type PanicSink = Box<dyn Fn(&str) + Send>;
static SINK: Mutex<Option<PanicSink>> = Mutex::new(None);

/// Show every later panic on another thread (the history writer, a blocking task, the
/// credential check) through `sink` too, besides printing it on exit.
pub fn forward_panics(sink: impl Fn(&str) + Send + 'static) {
    *lock(&SINK) = Some(Box::new(sink));
}

/// The panics on other threads not printed yet, taking them (for tests and for printing).
#[must_use]
pub fn take_panics() -> Vec<String> {
    std::mem::take(&mut *lock(&PANICS))
}

/// A lock that a panic while holding it does not make unusable: the hook must never panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A panic on the UI thread ends the app: restore the terminal first, so the message that
/// the default hook prints is readable. A panic on another thread does not end the app (a
/// run's task fails its run instead), so it must not restore the terminal or print over the
/// screen: it is kept, shown through the sink, and printed once the terminal is restored.
pub fn install_panic_hook() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        if thread.name() == Some("main") {
            restore();
            default_hook(info);
            return;
        }
        let report = describe(thread.name().unwrap_or("unnamed"), info);
        if let Some(sink) = lock(&SINK).as_ref() {
            sink(&report);
        }
        lock(&PANICS).push(report);
    }));
}

/// The report: `panic on thread T at FILE:LINE: MESSAGE`.
fn describe(thread: &str, info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic");
    match info.location() {
        Some(at) => format!("panic on thread {thread} at {}:{}: {message}", at.file(), at.line()),
        None => format!("panic on thread {thread}: {message}"),
    }
}

/// Put `text` on the clipboard with OSC 52, which terminals (and tmux with `set-clipboard`)
/// pass to the local clipboard, also over SSH.
pub fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut stdout = io::stdout();
    write!(stdout, "\x1b]52;c;{encoded}\x07")?;
    stdout.flush()
}
