//! Shell quoting for the `curl` and `aws` snippets (POSIX `sh`: dash, bash, zsh).

/// `text` as one shell word. Words of only safe characters stay bare, so `--region us-east-1`
/// reads as typed; anything else goes in single quotes, where nothing is expanded, and each
/// single quote inside becomes `'\''` (close the quotes, an escaped quote, open them again).
#[must_use]
pub fn quote(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        return text.to_owned();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `text` for the inside of a double-quoted word, where the shell still expands `$`, `` ` ``
/// and `\`: those and `"` get a backslash, so the text arrives as it is.
#[must_use]
pub fn in_double_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '`' | '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `${FIRST:-${SECOND:-default}}`: the first of the environment variables `names` that is set
/// and not empty, else `default` (itself escaped for double quotes). Meant for the inside of a
/// double-quoted word.
#[must_use]
pub fn env_or(names: &[&str], default: &str) -> String {
    names.iter().rev().fold(in_double_quotes(default), |inner, name| format!("${{{name}:-{inner}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// What `sh` makes of `words`: one line per argument.
    fn sh_words(words: &str) -> Option<String> {
        let script = format!("for word in {words}; do printf '%s\\n' \"$word\"; done");
        let out = Command::new("sh").arg("-c").arg(script).env("SET", "from-env").env_remove("UNSET").output().ok()?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[test]
    fn safe_words_stay_bare_and_the_rest_is_single_quoted() {
        assert_eq!(quote("us-east-1"), "us-east-1");
        assert_eq!(quote("anthropic.claude-v1:0"), "anthropic.claude-v1:0");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("two words"), "'two words'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$HOME `id` \"x\" \\n"), "'$HOME `id` \"x\" \\n'");
    }

    #[test]
    fn double_quote_escapes_only_what_the_shell_would_expand() {
        assert_eq!(in_double_quotes("/v1/messages"), "/v1/messages");
        assert_eq!(in_double_quotes(r#"a$b`c"d\e"#), r#"a\$b\`c\"d\\e"#);
    }

    #[test]
    fn env_fallbacks_nest_in_order() {
        assert_eq!(env_or(&["A"], "https://x"), "${A:-https://x}");
        assert_eq!(env_or(&["A", "B"], "https://$x"), "${A:-${B:-https://\\$x}}");
    }

    #[test]
    fn the_shell_reads_quoted_words_back_unchanged() {
        let nasty = "it's a \"test\" with $HOME, `id`, \\ and\nnewline ☃";
        let Some(words) = sh_words(&format!("{} \"{}\"", quote(nasty), in_double_quotes(nasty))) else {
            eprintln!("skipped: no sh on this machine");
            return;
        };
        assert_eq!(words, format!("{nasty}\n{nasty}\n"));
        let fallbacks = format!("\"{}\" \"{}\"", env_or(&["UNSET", "SET"], "d"), env_or(&["UNSET"], "d$"));
        assert_eq!(sh_words(&fallbacks).unwrap(), "from-env\nd$\n");
    }
}
