//! `{{name}}` placeholders in a prompt item's prompt and system prompt (spaces inside the
//! braces allowed; `name` made of letters, digits, `_`, `-` and `.`). Anything else between
//! double braces (`{{"a": 1}}`, `{{}}`) is plain text.

use super::Vars;

/// The `{{name}}` placeholders in `text`, in order (names trimmed).
pub(super) fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    Placeholders { rest: text }.filter_map(|piece| match piece {
        Piece::Placeholder { name, .. } => Some(name),
        Piece::Text(_) => None,
    })
}

/// `text` with each placeholder that has a value in `vars` replaced by it, once (a value is not
/// filled again).
pub(super) fn fill(text: &str, vars: &Vars) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in (Placeholders { rest: text }) {
        match piece {
            Piece::Placeholder { name, written } => out.push_str(vars.get(name).map_or(written, String::as_str)),
            Piece::Text(text) => out.push_str(text),
        }
    }
    out
}

enum Piece<'a> {
    Text(&'a str),
    /// `written` is the placeholder as it stands in the text, braces included.
    Placeholder {
        name: &'a str,
        written: &'a str,
    },
}

/// `text` cut into plain pieces and placeholders.
struct Placeholders<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Placeholders<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let Some(open) = self.rest.find("{{") else {
            return Some(Piece::Text(std::mem::take(&mut self.rest)));
        };
        if open > 0 {
            let (text, rest) = self.rest.split_at(open);
            self.rest = rest;
            return Some(Piece::Text(text));
        }
        let name_end = self.rest[2..].find("}}").map(|close| close + 2);
        let name = name_end.map(|end| self.rest[2..end].trim()).filter(|name| is_name(name));
        if let (Some(name), Some(end)) = (name, name_end) {
            let (written, rest) = self.rest.split_at(end + 2);
            self.rest = rest;
            return Some(Piece::Placeholder { name, written });
        }
        // Not a placeholder: the first brace is text, and the scan goes on from the second.
        let (text, rest) = self.rest.split_at(1);
        self.rest = rest;
        Some(Piece::Text(text))
    }
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_once_and_leave_the_rest_as_written() {
        let vars: Vars =
            [("a", "1"), ("b", "{{a}}"), ("x.y", "dot")].into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        assert_eq!(fill("{{a}}-{{  a  }}-{{b}}-{{x.y}}", &vars), "1-1-{{a}}-dot");
        assert_eq!(
            fill("{{missing}} {{\"json\": 1}} {{}} {{a b}} {{a", &vars),
            "{{missing}} {{\"json\": 1}} {{}} {{a b}} {{a"
        );
        assert_eq!(fill("{{{a}}} }}{{a}}{", &vars), "{1} }}1{");
        assert_eq!(fill("héllo {{a}} wörld", &vars), "héllo 1 wörld");
        assert_eq!(fill("", &vars), "");
        let found: Vec<&str> = placeholders("{{ a }} {{\"j\"}} {{b-c}} {{a}}").collect();
        assert_eq!(found, ["a", "b-c", "a"]);
    }
}
