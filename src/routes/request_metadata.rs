//! Bedrock request metadata (Converse `requestMetadata`, InvokeModel's
//! `X-Amzn-Bedrock-Request-Metadata` header), checked against the documented rules before it
//! is sent (BCR `RequestMetadata`, `RequestMetadataJson`; PROTOCOLS-WAVE2 §2b): 1–16 entries,
//! keys 1–256 and values 0–256 characters of `[a-zA-Z0-9\s:_@$#=/+,-.]`, and the header's JSON
//! at most 8500 characters. Bedrock uses it to filter invocation logs, not for billing.

use std::collections::BTreeMap;

/// Whose rules a route's request metadata follows, from the field it goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetadataRules {
    /// Bedrock's `requestMetadata` (and Invoke's header): [`validate`].
    Bedrock,
    /// Google Cloud labels (Vertex `labels`): `wire::gemini::check_labels`.
    GoogleLabels,
}

impl MetadataRules {
    /// Check `metadata` against these rules.
    ///
    /// # Errors
    /// A message naming the bad key and the rule it breaks.
    pub fn check(self, metadata: &BTreeMap<String, String>) -> Result<(), String> {
        match self {
            MetadataRules::Bedrock => validate(metadata),
            MetadataRules::GoogleLabels => super::wire::gemini::check_labels(metadata)
                .map_err(|problem| format!("labels: {problem} (--meta KEY=VALUE)")),
        }
    }
}

/// The most entries Bedrock takes.
pub const MAX_ENTRIES: usize = 16;
/// The longest key, in characters.
pub const MAX_KEY_CHARS: usize = 256;
/// The longest value, in characters.
pub const MAX_VALUE_CHARS: usize = 256;
/// The longest `X-Amzn-Bedrock-Request-Metadata` header value (the JSON object as text).
pub const MAX_HEADER_CHARS: usize = 8500;

/// Whether `c` is one of `[a-zA-Z0-9\s:_@$#=/+,-.]`.
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c.is_whitespace() || ":_@$#=/+,-.".contains(c)
}

/// Check `metadata` against Bedrock's rules; `Ok` for none at all (nothing is sent).
///
/// # Errors
/// A message naming the entry and the rule it breaks, and where it came from (`--meta`).
pub fn validate(metadata: &BTreeMap<String, String>) -> Result<(), String> {
    if metadata.len() > MAX_ENTRIES {
        return Err(format!(
            "request metadata: {} entries, Bedrock takes at most {MAX_ENTRIES} (--meta KEY=VALUE)",
            metadata.len()
        ));
    }
    for (key, value) in metadata {
        let key_chars = key.chars().count();
        if key_chars == 0 || key_chars > MAX_KEY_CHARS {
            return Err(format!(
                "request metadata key {key:?}: {key_chars} characters, Bedrock takes 1 to {MAX_KEY_CHARS}"
            ));
        }
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(format!(
                "request metadata {key:?}: the value has {} characters, Bedrock takes at most {MAX_VALUE_CHARS}",
                value.chars().count()
            ));
        }
        for (what, text) in [("key", key), ("value", value)] {
            if let Some(bad) = text.chars().find(|c| !allowed(*c)) {
                return Err(format!(
                    "request metadata {key:?}: the {what} holds {bad:?}; Bedrock takes only letters, digits, \
                     whitespace and : _ @ $ # = / + , - ."
                ));
            }
        }
    }
    let header = header_value(metadata);
    if header.chars().count() > MAX_HEADER_CHARS {
        return Err(format!(
            "request metadata: {} characters as JSON, the X-Amzn-Bedrock-Request-Metadata header takes at most \
             {MAX_HEADER_CHARS}",
            header.chars().count()
        ));
    }
    Ok(())
}

/// The metadata as the header's JSON object text (`{"team":"ml"}`).
#[must_use]
pub fn header_value(metadata: &BTreeMap<String, String>) -> String {
    serde_json::to_string(metadata).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn documented_characters_pass() {
        assert_eq!(
            validate(&meta(&[("team", "ml-ops"), ("run id", "a:b_c@d$e#f=g/h+i,j-k.l"), ("empty", "")])),
            Ok(())
        );
        assert_eq!(header_value(&meta(&[("team", "ml")])), r#"{"team":"ml"}"#);
    }

    #[test]
    fn each_rule_is_named() {
        assert!(validate(&meta(&[("", "x")])).unwrap_err().contains("1 to 256"));
        assert!(validate(&meta(&[(&"k".repeat(257), "x")])).unwrap_err().contains("1 to 256"));
        assert!(validate(&meta(&[("k", &"v".repeat(257))])).unwrap_err().contains("at most 256"));
        assert!(validate(&meta(&[("k!", "v")])).unwrap_err().contains("the key holds '!'"));
        assert!(validate(&meta(&[("k", "v\"")])).unwrap_err().contains("the value holds '\"'"));
        let many: BTreeMap<String, String> = (0..17).map(|n| (format!("k{n}"), String::new())).collect();
        assert!(validate(&many).unwrap_err().contains("17 entries"));
        // Newlines are allowed whitespace, and JSON writes each as two characters.
        let long: BTreeMap<String, String> = (0..16).map(|n| (format!("{n:0>256}"), "\n".repeat(256))).collect();
        assert!(validate(&long).unwrap_err().contains("8500"));
    }
}
