//! What a failing `credential_process` wrote to stderr, cut down before it reaches an error
//! message (and so the run's stored error and exports): `aws-config` puts the whole stderr in
//! its error, and a process that prints its token there would leak it. Only the first line
//! is kept, at most [`EXCERPT_CHARS`] characters, with anything that looks like a key, token or
//! secret masked.

/// `aws-config`'s words before the stderr of a failed process.
const STDERR_MARKER: &str = "Stderr:";
/// The most of a process's stderr an error message keeps.
pub(super) const EXCERPT_CHARS: usize = 120;
/// A word naming a secret: the value after it (`token=…`, `secret: …`) is masked.
const SECRET_WORDS: [&str; 8] = ["key", "token", "secret", "password", "passwd", "credential", "signature", "bearer"];

/// `message` with a process's stderr replaced by a short, masked excerpt of its first line.
pub(super) fn scrub_process_stderr(message: &str) -> String {
    let Some((before, stderr)) = message.split_once(STDERR_MARKER) else { return message.to_owned() };
    let first = stderr.lines().map(str::trim).find(|line| !line.is_empty());
    let before = before.trim_end().trim_end_matches('.');
    match first {
        None => format!("{before}; no stderr"),
        Some(line) => {
            let masked: String = mask_secrets(line).chars().take(EXCERPT_CHARS).collect();
            format!("{before}; stderr (first line, secrets masked): {masked}")
        }
    }
}

/// `text` with each word that looks like a secret replaced by `****`: a long run of letters
/// and digits (keys, tokens, base64), or any value written after a word such as `token=`.
#[must_use]
pub(super) fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_secret_word = false;
    let mut separator = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, separator: &mut String, out: &mut String, after: &mut bool| {
        if word.is_empty() {
            return;
        }
        let named = *after && separator.contains(['=', ':']);
        out.push_str(separator);
        out.push_str(if named || looks_secret(word) { "****" } else { word });
        let lower = word.to_ascii_lowercase();
        *after = SECRET_WORDS.iter().any(|secret| lower.contains(secret));
        separator.clear();
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || "+/_-.~".contains(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut separator, &mut out, &mut after_secret_word);
            separator.push(c);
        }
    }
    flush(&mut word, &mut separator, &mut out, &mut after_secret_word);
    out.push_str(&separator);
    out
}

/// Long, and mixing letters with digits, as keys and tokens do (`AKIA…`, `ya29.…`, base64).
fn looks_secret(word: &str) -> bool {
    let letters = word.chars().any(char::is_alphabetic);
    let digits = word.chars().any(|c| c.is_ascii_digit());
    (word.chars().count() >= 16 && letters && digits) || word.chars().count() >= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_named_values_are_masked_and_prose_is_kept() {
        assert_eq!(mask_secrets("token expired for profile dev"), "token expired for profile dev");
        assert_eq!(mask_secrets("aws_secret_access_key=hunter2x"), "aws_secret_access_key=****");
        assert_eq!(mask_secrets("Token: abcd, id AKIAIOSFODNN7EXAMPLE."), "Token: ****, id ****");
        assert_eq!(mask_secrets("session ya29.a0AfH6SMBx3jdk"), "session ****");
    }

    #[test]
    fn only_the_first_line_of_stderr_is_kept_short_and_masked() {
        let message = "Error retrieving credentials: external process exited with code exit status: 1. \
                       Stderr: \n  login failed: secret=wJalrXUtnFEMI/K7MDENG\nsecond line SECOND\n";
        assert_eq!(
            scrub_process_stderr(message),
            "Error retrieving credentials: external process exited with code exit status: 1; \
             stderr (first line, secrets masked): login failed: secret=****"
        );
        let long = format!("Stderr: {}", "word ".repeat(100));
        assert_eq!(scrub_process_stderr(&long).split(": ").last().unwrap().chars().count(), EXCERPT_CHARS);
        assert_eq!(scrub_process_stderr("exited with code 1. Stderr: "), "exited with code 1; no stderr");
        assert_eq!(scrub_process_stderr("no process here"), "no process here");
    }
}
