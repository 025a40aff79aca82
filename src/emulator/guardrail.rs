//! The emulator's guardrail: a request that names one is intervened when its prompt holds a
//! blocked word ([`super::EmulatorOptions::blocked_words`], by default `blocked-word`), or its
//! answer does. The answer is then the guardrail's blocked message, as Bedrock replaces the
//! model's output with the message the guardrail is configured with.

/// What an intervened request is answered with: Bedrock's default blocked message.
pub const BLOCKED_MESSAGE: &str = "Sorry, the model cannot answer this question.";

/// The first of `words` found in `text` as a whole word, in any case. Words are runs of letters,
/// digits, `-` and `_`, so `blocked-word` matches in "a blocked-word here" but not in
/// "unblocked-words".
pub fn blocked_word<'w>(text: &str, words: &'w [String]) -> Option<&'w str> {
    let in_text: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().map(String::as_str).find(|word| in_text.iter().any(|found| *found == word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_in_any_case() {
        let words = vec!["blocked-word".to_owned(), "Secret".to_owned()];
        assert_eq!(blocked_word("say Blocked-Word, please", &words), Some("blocked-word"));
        assert_eq!(blocked_word("the secret is out", &words), Some("Secret"));
        assert_eq!(blocked_word("unblocked-words and secrets", &words), None);
        assert_eq!(blocked_word("anything", &[]), None);
    }
}
