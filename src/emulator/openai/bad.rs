//! A refused field, worded as OpenAI words it: the message, the `param` it names (a JSON path
//! such as `messages[0].content[1].type`) and the error `code`.

use serde_json::Value;

/// What was wrong with a request body, before a surface shapes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub message: String,
    pub param: Option<String>,
    pub code: Option<&'static str>,
}

impl Bad {
    pub fn new(message: impl Into<String>, param: &str, code: &'static str) -> Self {
        Self { message: message.into(), param: Some(param.to_owned()), code: Some(code) }
    }

    /// `Invalid type for 'X': expected Y, but got Z instead.`
    pub fn wrong_type(param: &str, expected: &str, got: &Value) -> Self {
        let got = kind_of(got);
        Self::new(
            format!("Invalid type for '{param}': expected {expected}, but got {got} instead."),
            param,
            "invalid_type",
        )
    }

    /// `Invalid value: 'X'. Supported values are: 'a', 'b', and 'c'.`
    pub fn wrong_value(param: &str, value: &str, supported: &[&str]) -> Self {
        let quoted: Vec<String> = supported.iter().map(|value| format!("'{value}'")).collect();
        let list = match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{}, and {last}", rest.join(", ")),
            _ => quoted.join(""),
        };
        Self::new(format!("Invalid value: '{value}'. Supported values are: {list}."), param, "invalid_value")
    }

    /// `Missing required parameter: 'X'.`
    pub fn missing(param: &str) -> Self {
        Self::new(format!("Missing required parameter: '{param}'."), param, "missing_required_parameter")
    }
}

/// How OpenAI names a JSON value's type in its errors.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "an integer",
        Value::Number(_) => "a decimal",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wording() {
        assert_eq!(
            Bad::wrong_value("messages[0].role", "bot", &["system", "user", "assistant"]).message,
            "Invalid value: 'bot'. Supported values are: 'system', 'user', and 'assistant'."
        );
        let bad = Bad::wrong_type("temperature", "a decimal", &json!("hot"));
        assert_eq!(bad.message, "Invalid type for 'temperature': expected a decimal, but got a string instead.");
        assert_eq!((bad.param.as_deref(), bad.code), (Some("temperature"), Some("invalid_type")));
    }
}
