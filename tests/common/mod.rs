//! Shared helpers for the integration tests: an app built from the real keymap file, and
//! key strings turned into key events.

#![allow(dead_code)] // each test binary uses its own subset

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use routeplay::app::msg::Msg;
use routeplay::app::{App, Startup};

/// An app as a fresh machine opens it: default keymap, emulator route, dark theme.
#[must_use]
pub fn app() -> App {
    let mut app = App::new(Startup::defaults(std::time::Instant::now()));
    app.update(Msg::Resize { width: 80, height: 24 });
    app
}

/// A key from its keymap spelling: `ctrl+s`, `alt+enter`, `esc`, `a`.
#[must_use]
pub fn key(spec: &str) -> KeyEvent {
    let mut modifiers = KeyModifiers::NONE;
    let mut parts: Vec<&str> = spec.split('+').collect();
    let name = if spec.ends_with("++") { "+" } else { parts.pop().unwrap_or_default() };
    for part in parts {
        match part {
            "ctrl" => modifiers |= KeyModifiers::CONTROL,
            "alt" => modifiers |= KeyModifiers::ALT,
            "shift" => modifiers |= KeyModifiers::SHIFT,
            _ => {}
        }
    }
    let code = match name {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "backspace" => KeyCode::Backspace,
        "delete" => KeyCode::Delete,
        "f1" => KeyCode::F(1),
        "f2" => KeyCode::F(2),
        "f3" => KeyCode::F(3),
        "f4" => KeyCode::F(4),
        "f5" => KeyCode::F(5),
        "f6" => KeyCode::F(6),
        "f7" => KeyCode::F(7),
        "f8" => KeyCode::F(8),
        "f9" => KeyCode::F(9),
        other => KeyCode::Char(other.chars().next().unwrap_or(' ')),
    };
    KeyEvent::new(code, modifiers)
}

/// Type `text` into the app character by character, as a user would.
pub fn type_text(app: &mut App, text: &str) {
    for ch in text.chars() {
        let event = if ch == '\n' {
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
        } else {
            KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE)
        };
        app.update(Msg::Key { key: event, at: std::time::Instant::now() });
    }
}

/// Press the keys in `spec`, separated by spaces (`tab ctrl+s`); return every effect.
pub fn press(app: &mut App, spec: &str) -> Vec<routeplay::app::effect::Effect> {
    spec.split_whitespace().flat_map(|k| app.update(Msg::Key { key: key(k), at: std::time::Instant::now() })).collect()
}

/// The app drawn at `width`x`height` with the dark theme at `now`, as text: each row with its
/// trailing blanks trimmed, for snapshots.
pub fn screen(app: &mut App, width: u16, height: u16, now: std::time::Instant) -> String {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    app.update(Msg::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut cache = routeplay::ui::transcript::TranscriptCache::default();
    let theme = routeplay::ui::theme::Themes::built_in().get("dark").unwrap().clone();
    terminal
        .draw(|frame| {
            routeplay::ui::draw(frame, app, &theme, &mut cache, now);
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Put two emulator models in the compare set from the route pane, then go to the prompt.
pub fn compare_two_emulator_models(app: &mut App) {
    press(app, "tab tab a down a i");
}
