//! Google Cloud label rules, for Vertex `labels` (request metadata, `--meta K=V`): keys of 1–63
//! characters that start with a lowercase letter, keys and values of lowercase letters
//! (international ones too), digits, `_` and `-`, values up to 63 characters, at most 64
//! labels, each key and value under 128 bytes ("Requirements for labels", Google Cloud docs;
//! the Vertex `GenerateContentRequest.labels` field doc says the same).

use std::collections::BTreeMap;

/// The most labels one request carries.
pub const MAX_LABELS: usize = 64;
/// The most characters (Unicode code points) in a key or a value.
pub const MAX_LABEL_CHARS: usize = 63;
/// The most bytes in a key or a value (UTF-8).
const MAX_LABEL_BYTES: usize = 127;

/// Check `labels` against Google's rules.
///
/// # Errors
/// A message naming the first bad key (and value) and the rule it breaks.
pub fn check_labels(labels: &BTreeMap<String, String>) -> Result<(), String> {
    if labels.len() > MAX_LABELS {
        return Err(format!("{} labels given; Google Cloud takes at most {MAX_LABELS} per request", labels.len()));
    }
    for (key, value) in labels {
        check_key(key)?;
        check_value(key, value)?;
    }
    Ok(())
}

fn check_key(key: &str) -> Result<(), String> {
    let problem = match key.chars().next() {
        None => Some("is empty".to_owned()),
        Some(first) if !is_lower_letter(first) => Some(format!("starts with {first:?}, not a lowercase letter")),
        Some(_) => size_problem(key).or_else(|| bad_char(key)),
    };
    problem.map_or(Ok(()), |problem| Err(format!("label key {key:?} {problem} (Google Cloud label rules)")))
}

fn check_value(key: &str, value: &str) -> Result<(), String> {
    match size_problem(value).or_else(|| bad_char(value)) {
        Some(problem) => Err(format!("label {key:?}: value {value:?} {problem} (Google Cloud label rules)")),
        None => Ok(()),
    }
}

fn size_problem(text: &str) -> Option<String> {
    let chars = text.chars().count();
    if chars > MAX_LABEL_CHARS {
        Some(format!("has {chars} characters, over the limit of {MAX_LABEL_CHARS}"))
    } else if text.len() > MAX_LABEL_BYTES {
        Some(format!("has {} bytes, over the limit of {MAX_LABEL_BYTES}", text.len()))
    } else {
        None
    }
}

/// The first character outside lowercase letters, digits, `_` and `-`.
fn bad_char(text: &str) -> Option<String> {
    text.chars()
        .find(|&c| !(is_lower_letter(c) || c.is_numeric() || c == '_' || c == '-'))
        .map(|c| format!("contains {c:?}; only lowercase letters, digits, '_' and '-' are allowed"))
}

/// A lowercase letter, or a letter without case (`\p{Ll}` or `\p{Lo}`).
fn is_lower_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pairs: &[(&str, &str)]) -> Result<(), String> {
        check_labels(&pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn good_labels_pass() {
        assert_eq!(check(&[("team", "ml"), ("cost-center", "cc_42"), ("env", ""), ("équipe", "données")]), Ok(()));
        assert_eq!(check(&[(&"k".repeat(63), &"v".repeat(63))]), Ok(()));
        assert_eq!(check(&[]), Ok(()));
    }

    #[test]
    fn each_rule_names_the_bad_key() {
        let error = |pairs: &[(&str, &str)]| check(pairs).unwrap_err();
        assert!(error(&[("Team", "ml")]).contains(r#"label key "Team" starts with 'T', not a lowercase letter"#));
        assert!(error(&[("1st", "x")]).contains(r#""1st" starts with '1'"#));
        assert!(error(&[("", "x")]).contains(r#"label key "" is empty"#));
        assert!(error(&[("team.name", "x")]).contains(r#""team.name" contains '.'"#));
        assert!(error(&[(&"k".repeat(64), "x")]).contains("64 characters, over the limit of 63"));
        assert!(error(&[("team", "ML")]).contains(r#"label "team": value "ML" contains 'M'"#));
        assert!(error(&[("team", &"v".repeat(64))]).contains(r#"label "team": value"#));
        assert!(error(&[("team", "a b")]).contains("contains ' '"));
        assert_eq!(check(&[("k", &"é".repeat(63))]), Ok(()), "63 two-byte letters fit in 127 bytes");
        let wider = "€".repeat(60);
        assert!(error(&[("k", &wider)]).contains("180 bytes, over the limit of 127"));
    }

    #[test]
    fn at_most_64_labels() {
        let many: BTreeMap<String, String> = (0..65).map(|n| (format!("k{n}"), String::new())).collect();
        assert!(check_labels(&many).unwrap_err().contains("65 labels given; Google Cloud takes at most 64"));
        let enough: BTreeMap<String, String> = (0..64).map(|n| (format!("k{n}"), String::new())).collect();
        assert_eq!(check_labels(&enough), Ok(()));
    }
}
