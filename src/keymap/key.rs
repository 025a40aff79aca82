//! Key chords: parsed from strings such as `ctrl+s`, normalised from terminal key events, and
//! printed back in the same form.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;
use std::str::FromStr;

/// A key with its modifiers, normalised so that a binding and a key event compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct KeyChord {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl KeyChord {
    /// Normalise: only ctrl, alt and shift count; `BackTab` is shift+tab; for characters the
    /// character itself says whether shift was held (`G`, `?`), since terminals differ on
    /// whether they also report SHIFT, so SHIFT is dropped (after upper-casing a letter).
    fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers = modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            KeyCode::Char(c) => {
                let c = if modifiers.contains(KeyModifiers::SHIFT) { upper(c) } else { c };
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            other => other,
        };
        KeyChord { code, modifiers }
    }

    pub fn from_event(event: &KeyEvent) -> Self {
        KeyChord::new(event.code, event.modifiers)
    }
}

/// The upper-case form of a letter, when it is a single character.
fn upper(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

impl FromStr for KeyChord {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // The key is after the last `+`, unless the key is `+` itself (`+`, `ctrl++`).
        let (modifier_text, key) = if text == "+" {
            ("", "+")
        } else if let Some(modifier_text) = text.strip_suffix("++") {
            (modifier_text, "+")
        } else {
            text.rsplit_once('+').unwrap_or(("", text))
        };
        let mut modifiers = KeyModifiers::NONE;
        if !modifier_text.is_empty() {
            for name in modifier_text.split('+') {
                modifiers |= match name.to_ascii_lowercase().as_str() {
                    "ctrl" | "control" => KeyModifiers::CONTROL,
                    "alt" | "meta" | "option" => KeyModifiers::ALT,
                    "shift" => KeyModifiers::SHIFT,
                    _ => return Err(format!("unknown modifier `{name}` in `{text}`; use ctrl, alt or shift")),
                };
            }
        }
        let code = named_key(key).ok_or_else(|| format!("unknown key `{key}` in `{text}`"))?;
        Ok(KeyChord::new(code, modifiers))
    }
}

fn named_key(key: &str) -> Option<KeyCode> {
    let mut chars = key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    Some(match key.to_ascii_lowercase().as_str() {
        "esc" | "escape" => KeyCode::Esc,
        "enter" | "return" => KeyCode::Enter,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        name => {
            let number: u8 = name.strip_prefix('f')?.parse().ok()?;
            (1..=24).contains(&number).then_some(KeyCode::F(number))?
        }
    })
}

/// The form used in keymap files: `ctrl+alt+shift+key`.
impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (modifier, name) in
            [(KeyModifiers::CONTROL, "ctrl+"), (KeyModifiers::ALT, "alt+"), (KeyModifiers::SHIFT, "shift+")]
        {
            if self.modifiers.contains(modifier) {
                f.write_str(name)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(number) => write!(f, "f{number}"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            other => write!(f, "{}", format!("{other:?}").to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeyChord;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn chord(text: &str) -> KeyChord {
        text.parse().unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyChord {
        KeyChord::from_event(&KeyEvent::new(code, modifiers))
    }

    #[test]
    fn strings_round_trip() {
        for text in
            ["ctrl+s", "alt+enter", "shift+tab", "f1", "f12", "esc", "space", "?", "G", "ctrl+alt+x", "+", "ctrl++"]
        {
            assert_eq!(chord(text).to_string(), text);
        }
        assert_eq!(chord("Ctrl+Shift+S").to_string(), "ctrl+S");
        assert_eq!(chord("backtab").to_string(), "shift+tab");
        assert_eq!(chord("pgdn").to_string(), "pagedown");
    }

    #[test]
    fn bad_strings_are_errors() {
        for text in ["", "ctrl+", "hyper+x", "f25", "f0", "enterr", "ctrl+shift"] {
            assert!(text.parse::<KeyChord>().is_err(), "{text} parsed");
        }
    }

    #[test]
    fn back_tab_is_shift_tab() {
        assert_eq!(event(KeyCode::BackTab, KeyModifiers::SHIFT), chord("shift+tab"));
        assert_eq!(event(KeyCode::BackTab, KeyModifiers::NONE), chord("shift+tab"));
        assert_eq!(event(KeyCode::Tab, KeyModifiers::SHIFT), chord("shift+tab"));
    }

    #[test]
    fn characters_ignore_a_reported_shift() {
        assert_eq!(event(KeyCode::Char('?'), KeyModifiers::SHIFT), chord("?"));
        assert_eq!(event(KeyCode::Char('?'), KeyModifiers::NONE), chord("?"));
        assert_eq!(event(KeyCode::Char('G'), KeyModifiers::SHIFT), chord("G"));
        assert_eq!(event(KeyCode::Char('g'), KeyModifiers::SHIFT), chord("G"));
        assert_eq!(event(KeyCode::Char('G'), KeyModifiers::NONE), chord("shift+g"));
        assert_ne!(event(KeyCode::Char('g'), KeyModifiers::NONE), chord("G"));
        assert_eq!(event(KeyCode::Char('s'), KeyModifiers::CONTROL | KeyModifiers::SHIFT), chord("ctrl+S"));
        assert_eq!(event(KeyCode::Char('c'), KeyModifiers::CONTROL | KeyModifiers::SUPER), chord("ctrl+c"));
    }
}
