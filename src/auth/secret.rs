//! A secret that never prints: `Debug` and `Display` show a mask, so a secret cannot reach a
//! log, the screen, a snapshot or a panic message by accident. Only `expose` reveals it, and
//! only the code that puts it on the wire calls that.

use std::fmt;

/// An API key or token.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the HTTP header that carries it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

/// Mask a secret for display: at most 4 leading and 4 trailing characters, never more than
/// half of the value, `****` when too short to show anything.
///
/// `routeplay-emulator` → `rout…ator`; `abcdefgh` → `ab…gh`; `short` → `****`. A value that
/// already is a mask stays as it is, so masking again (an imported run file) changes nothing.
#[must_use]
pub fn mask(value: &str) -> String {
    if is_masked(value) {
        return value.to_owned();
    }
    let chars: Vec<char> = value.chars().collect();
    let keep = (chars.len() / 4).min(4);
    if keep < 2 {
        return "****".to_owned();
    }
    let head: String = chars[..keep].iter().collect();
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{head}…{tail}")
}

/// Whether `value` is what [`mask`] makes: `****`, or 2 to 4 characters, `…`, as many again.
#[must_use]
pub fn is_masked(value: &str) -> bool {
    if value == "****" {
        return true;
    }
    let Some((head, tail)) = value.split_once('…') else { return false };
    let kept = head.chars().count();
    kept == tail.chars().count() && (2..=4).contains(&kept) && !tail.contains('…')
}

#[cfg(test)]
mod tests {
    use super::{Secret, is_masked, mask};

    #[test]
    fn secret_never_prints_itself() {
        let secret = Secret::new("sk-ant-very-secret");
        assert_eq!(format!("{secret}"), "****");
        assert_eq!(format!("{secret:?}"), "Secret(****)");
        assert_eq!(secret.expose(), "sk-ant-very-secret");
    }

    #[test]
    fn masks_keep_at_most_four_each_side() {
        assert_eq!(mask("routeplay-emulator"), "rout…ator");
        assert_eq!(mask("sk-ant-api03-0123456789abcdef"), "sk-a…cdef");
        assert_eq!(mask("abcdefgh"), "ab…gh");
        assert_eq!(mask("short"), "****");
        assert_eq!(mask(""), "****");
        assert_eq!(mask("ééééééééé"), "éé…éé");
    }

    #[test]
    fn masking_a_mask_changes_nothing() {
        for value in ["routeplay-emulator", "sk-ant-api03-0123456789abcdef", "abcdefgh", "short"] {
            let masked = mask(value);
            assert!(is_masked(&masked), "{masked}");
            assert_eq!(mask(&masked), masked);
        }
        for secret in ["sk-ant-api03-0123456789abcdef", "ab…cde", "a…b", "abcde…abcde", "ab…c…", "****x"] {
            assert!(!is_masked(secret), "{secret}");
        }
    }
}
