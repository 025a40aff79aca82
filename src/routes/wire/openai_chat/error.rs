//! Errors inside a Chat Completions stream, as faults: a chunk's top-level `error`
//! (`{"error":{"message","type","code"}}`, OpenAI's shape, which Groq, vLLM and `openrouter.ai`
//! share; `status` where Google's shape comes through) and an `event: error` event.

use serde_json::Value;

use crate::routes::wire::StreamFault;

/// How much of an offending payload a detail quotes.
const MAX_QUOTED_CHARS: usize = 200;

/// The fault for an `error` value. The error type is `type`, else Google's `status`, else
/// `code` as text (`openrouter.ai` sends `{"code":400,…}`), else `error`; the message is
/// `message`, else the error itself, quoted. A bare string is the message.
pub(super) fn provider_fault(error: &Value) -> StreamFault {
    let field = |key: &str| match error.get(key) {
        Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    let error_type = ["type", "status", "code"].into_iter().find_map(field).unwrap_or_else(|| "error".to_owned());
    let message = match error {
        Value::String(text) => text.clone(),
        _ => error.get("message").and_then(Value::as_str).map_or_else(|| quote(&error.to_string()), str::to_owned),
    };
    StreamFault::Provider { error_type, message }
}

/// The fault for an `event: error` event: its data's `error`, or the data itself when it is
/// no such wrapper (an error object, or text).
pub(super) fn event_fault(data: &str) -> StreamFault {
    match serde_json::from_str::<Value>(data) {
        Ok(value) => match value.get("error").filter(|error| !error.is_null()) {
            Some(error) => provider_fault(error),
            None => provider_fault(&value),
        },
        Err(_) if data.trim().is_empty() => StreamFault::Provider {
            error_type: "error".to_owned(),
            message: "the server sent `event: error` with no data".to_owned(),
        },
        Err(_) => StreamFault::Provider { error_type: "error".to_owned(), message: quote(data) },
    }
}

/// The fault for a `data:` payload that is not a chunk.
pub(super) fn malformed(data: &str, err: &serde_json::Error) -> StreamFault {
    StreamFault::Malformed { detail: format!("Chat Completions chunk: {err}; data: {}", quote(data)) }
}

/// The start of `data`, cut at a char boundary, marked when cut.
fn quote(data: &str) -> String {
    match data.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &data[..cut]),
        None => data.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(error_type: &str, message: &str) -> StreamFault {
        StreamFault::Provider { error_type: error_type.into(), message: message.into() }
    }

    fn fault_of(json: &str) -> StreamFault {
        provider_fault(&serde_json::from_str(json).expect("json"))
    }

    #[test]
    fn error_type_falls_back_from_type_to_status_to_code() {
        let openai = r#"{"message":"Rate limit","type":"rate_limit_exceeded","code":"rate_limit_exceeded"}"#;
        assert_eq!(fault_of(openai), provider("rate_limit_exceeded", "Rate limit"));
        let google = r#"{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED"}"#;
        assert_eq!(fault_of(google), provider("RESOURCE_EXHAUSTED", "Quota"));
        assert_eq!(fault_of(r#"{"code":400,"message":"Token limit reached"}"#), provider("400", "Token limit reached"));
        assert_eq!(fault_of(r#"{"type":"","code":"tool_use_failed","message":"m"}"#), provider("tool_use_failed", "m"));
        assert_eq!(fault_of(r#"{"message":"m"}"#), provider("error", "m"));
        assert_eq!(fault_of(r#""overloaded""#), provider("error", "overloaded"));
        assert_eq!(fault_of(r#"{"type":"server_error"}"#), provider("server_error", r#"{"type":"server_error"}"#));
    }

    #[test]
    fn event_error_data_in_every_shape() {
        let wrapped = r#"{"error":{"message":"Tool call validation failed","type":"invalid_request_error"}}"#;
        assert_eq!(event_fault(wrapped), provider("invalid_request_error", "Tool call validation failed"));
        assert_eq!(event_fault(r#"{"message":"bare","type":"server_error"}"#), provider("server_error", "bare"));
        assert_eq!(event_fault("upstream went away"), provider("error", "upstream went away"));
        assert_eq!(event_fault(""), provider("error", "the server sent `event: error` with no data"));
    }

    #[test]
    fn quote_cuts_long_payloads_at_a_char_boundary() {
        let long = "é".repeat(300);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(quoted.ends_with('…'));
        assert_eq!(quote("short"), "short");
    }
}
