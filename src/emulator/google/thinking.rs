//! `generationConfig.thinkingConfig`: `includeThoughts`, `thinkingBudget` (Gemini 2.5) and
//! `thinkingLevel` (Gemini 3), checked as the API checks them.

use super::error::GoogleError;
use super::request::{invalid_json, known};
use serde_json::{Map, Value};

/// Fields of `ThinkingConfig`.
const THINKING_FIELDS: &[&str] = &["includeThoughts", "thinkingBudget", "thinkingLevel"];
/// `ThinkingConfig.ThinkingLevel` values, compared without case (the SDKs send `LOW`, the REST
/// docs `low`).
const LEVELS: &[&str] = &["thinking_level_unspecified", "minimal", "low", "medium", "high"];

/// What a request asks of the model's thinking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThinkingAsked {
    pub include_thoughts: bool,
    /// `thinkingBudget`: tokens, 0 off, -1 dynamic.
    pub budget: Option<i64>,
    /// `thinkingLevel`, lower-case; `None` also when unspecified.
    pub level: Option<&'static str>,
}

/// Read `thinkingConfig` from a `generationConfig` whose names are already `camelCase`.
pub fn read(config: &Map<String, Value>) -> Result<ThinkingAsked, GoogleError> {
    let thinking = match config.get("thinkingConfig") {
        None => return Ok(ThinkingAsked::default()),
        Some(Value::Object(thinking)) => known(thinking, THINKING_FIELDS, "generation_config.thinking_config")?,
        Some(_) => {
            return Err(invalid_json("Invalid value at 'generation_config.thinking_config': expected a message."));
        }
    };
    let budget = match thinking.get("thinkingBudget") {
        None => None,
        Some(value) => Some(value.as_i64().ok_or_else(|| {
            GoogleError::invalid(format!(
                "Invalid value at 'generation_config.thinking_config.thinking_budget' (TYPE_INT32), {value}"
            ))
        })?),
    };
    let level = match thinking.get("thinkingLevel") {
        None => None,
        Some(value) => {
            let name = value.as_str().map(str::to_ascii_lowercase);
            let level = name.and_then(|name| LEVELS.iter().copied().find(|level| *level == name));
            let level = level.ok_or_else(|| {
                invalid_json(&format!(
                    "Invalid value at 'generation_config.thinking_config.thinking_level' \
                     (type.googleapis.com/google.ai.generativelanguage.v1beta.ThinkingConfig.ThinkingLevel), {value}"
                ))
            })?;
            Some(level).filter(|level| *level != LEVELS[0])
        }
    };
    if budget.is_some() && level.is_some() {
        return Err(GoogleError::invalid("You can only set only one of thinking budget and thinking level."));
    }
    let include_thoughts = thinking.get("includeThoughts").and_then(Value::as_bool).unwrap_or(false);
    Ok(ThinkingAsked { include_thoughts, budget, level })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn asked(config: &Value) -> Result<ThinkingAsked, String> {
        let config = config.as_object().cloned().unwrap_or_default();
        read(&config).map_err(|error| error.message().to_owned())
    }

    #[test]
    fn reads_budget_level_and_summaries() {
        assert_eq!(asked(&json!({})), Ok(ThinkingAsked::default()));
        let budget = asked(&json!({"thinkingConfig": {"include_thoughts": true, "thinkingBudget": -1}}));
        assert_eq!(budget, Ok(ThinkingAsked { include_thoughts: true, budget: Some(-1), level: None }));
        let level = asked(&json!({"thinkingConfig": {"thinking_level": "HIGH"}}));
        assert_eq!(level, Ok(ThinkingAsked { level: Some("high"), ..ThinkingAsked::default() }));
        let unspecified = asked(&json!({"thinkingConfig": {"thinkingLevel": "THINKING_LEVEL_UNSPECIFIED"}}));
        assert_eq!(unspecified, Ok(ThinkingAsked::default()));
    }

    #[test]
    fn refuses_like_the_api() {
        let both = asked(&json!({"thinkingConfig": {"thinkingBudget": 512, "thinkingLevel": "low"}}));
        assert_eq!(both.unwrap_err(), "You can only set only one of thinking budget and thinking level.");
        let level = asked(&json!({"thinkingConfig": {"thinkingLevel": "extreme"}})).unwrap_err();
        assert!(level.contains("thinking_level' (type.googleapis.com/") && level.ends_with("\"extreme\""), "{level}");
        let unknown = asked(&json!({"thinkingConfig": {"budget": 1}})).unwrap_err();
        assert!(unknown.contains("Unknown name \"budget\" at 'generation_config.thinking_config'"), "{unknown}");
        assert!(asked(&json!({"thinkingConfig": {"thinkingBudget": "x"}})).unwrap_err().contains("TYPE_INT32"));
    }
}
