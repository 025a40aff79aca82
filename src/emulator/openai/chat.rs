//! A Chat Completions request body, read and checked as OpenAI checks it: the sampling and
//! length fields' types and ranges, `stop` (a string or at most 4), `stream_options` only with
//! `stream`, `reasoning_effort` and `service_tier` values, and (on the `openai` surface) no
//! argument the API does not know. Each refusal names its field in `param`.

use super::bad::Bad;
use super::content;
use crate::emulator::turn::{Asked, Conversation};
use serde_json::{Map, Value};

/// The most `stop` sequences OpenAI takes.
const MAX_STOP: usize = 4;
/// `max_completion_tokens` when the request sets none.
const DEFAULT_MAX_TOKENS: u32 = 16_384;
pub const REASONING_EFFORTS: &[&str] = &["minimal", "low", "medium", "high"];
const SERVICE_TIERS: &[&str] = &["auto", "default", "flex", "scale", "priority"];

/// Every top-level argument of Chat Completions; the `openai` surface refuses any other.
const KNOWN: &[&str] = &[
    "model",
    "messages",
    "stream",
    "stream_options",
    "max_completion_tokens",
    "max_tokens",
    "temperature",
    "top_p",
    "stop",
    "reasoning_effort",
    "service_tier",
    "n",
    "user",
    "seed",
    "frequency_penalty",
    "presence_penalty",
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "response_format",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "functions",
    "function_call",
    "metadata",
    "store",
    "modalities",
    "audio",
    "prediction",
    "web_search_options",
    "verbosity",
    "prompt_cache_key",
    "prompt_cache_retention",
    "safety_identifier",
];

/// What the body asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    pub model: String,
    pub conversation: Conversation,
    pub stream: bool,
    /// `stream_options.include_usage`: send the usage chunk.
    pub include_usage: bool,
    pub reasoning_effort: Option<String>,
    pub service_tier: Option<String>,
}

/// Read `body`; `strict` refuses unknown arguments, as OpenAI does.
pub fn parse(body: &[u8], strict: bool) -> Result<ChatRequest, Bad> {
    let value: Value = serde_json::from_slice(body).map_err(|error| Bad {
        message: format!(
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP \
             library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON: {error}.)"
        ),
        param: None,
        code: None,
    })?;
    let object = value.as_object().ok_or_else(|| Bad::wrong_type("body", "an object", &value))?;
    if strict && let Some(unknown) = object.keys().find(|key| !KNOWN.contains(&key.as_str())) {
        return Err(Bad {
            message: format!("Unrecognized request argument supplied: {unknown}"),
            param: None,
            code: None,
        });
    }
    let model = match object.get("model") {
        Some(Value::String(model)) if !model.is_empty() => model.clone(),
        None | Some(Value::Null) => {
            return Err(Bad { message: "you must provide a model parameter".into(), param: None, code: None });
        }
        Some(other) => return Err(Bad::wrong_type("model", "a non-empty string", other)),
    };
    let messages = content::read(object.get("messages"))?;
    let stream = flag(object, "stream")?;
    let include_usage = match present(object, "stream_options") {
        None => false,
        Some(_) if !stream => {
            return Err(Bad::new(
                "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                "stream_options",
                "invalid_value",
            ));
        }
        Some(Value::Object(options)) => flag(options, "include_usage")?,
        Some(other) => return Err(Bad::wrong_type("stream_options", "an object", other)),
    };
    number(object, "temperature", 2.0)?;
    number(object, "top_p", 1.0)?;
    let max_tokens = match (tokens(object, "max_completion_tokens")?, tokens(object, "max_tokens")?) {
        (Some(max), _) | (None, Some(max)) => max,
        (None, None) => DEFAULT_MAX_TOKENS,
    };
    if let Some(n) = present(object, "n").filter(|n| n.as_u64() != Some(1)) {
        return Err(Bad::new(
            format!("Invalid 'n': the emulator answers one choice (n = 1), not {n}."),
            "n",
            "invalid_value",
        ));
    }
    Ok(ChatRequest {
        model,
        conversation: Conversation {
            system: messages.system,
            messages: messages.messages,
            max_tokens,
            stop_sequences: stop(object)?,
            asked: Asked { cache: true, attachments: messages.attachments, ..Asked::default() },
        },
        stream,
        include_usage,
        reasoning_effort: choice(object, "reasoning_effort", REASONING_EFFORTS)?,
        service_tier: choice(object, "service_tier", SERVICE_TIERS)?,
    })
}

/// A field that is there and not `null`.
fn present<'o>(object: &'o Map<String, Value>, field: &str) -> Option<&'o Value> {
    object.get(field).filter(|value| !value.is_null())
}

fn flag(object: &Map<String, Value>, field: &str) -> Result<bool, Bad> {
    match present(object, field) {
        None => Ok(false),
        Some(Value::Bool(on)) => Ok(*on),
        Some(other) => Err(Bad::wrong_type(field, "a boolean", other)),
    }
}

/// A number in `0..=max`.
fn number(object: &Map<String, Value>, field: &str, max: f64) -> Result<(), Bad> {
    let Some(value) = present(object, field) else { return Ok(()) };
    let number = value.as_f64().ok_or_else(|| Bad::wrong_type(field, "a decimal", value))?;
    if number < 0.0 {
        return Err(Bad::new(
            format!("Invalid '{field}': decimal below minimum value. Expected a value >= 0, but got {value} instead."),
            field,
            "decimal_below_min_value",
        ));
    }
    if number > max {
        return Err(Bad::new(
            format!(
                "Invalid '{field}': decimal above maximum value. Expected a value <= {max}, but got {value} instead."
            ),
            field,
            "decimal_above_max_value",
        ));
    }
    Ok(())
}

/// A token count of at least 1.
fn tokens(object: &Map<String, Value>, field: &str) -> Result<Option<u32>, Bad> {
    let Some(value) = present(object, field) else { return Ok(None) };
    if !(value.is_i64() || value.is_u64()) {
        return Err(Bad::wrong_type(field, "an integer", value));
    }
    match value.as_u64().filter(|n| *n >= 1) {
        Some(n) => Ok(Some(u32::try_from(n).unwrap_or(u32::MAX))),
        None => Err(Bad::new(
            format!("Invalid '{field}': integer below minimum value. Expected a value >= 1, but got {value} instead."),
            field,
            "integer_below_min_value",
        )),
    }
}

/// `stop`: a string, or an array of at most [`MAX_STOP`] strings.
fn stop(object: &Map<String, Value>) -> Result<Vec<String>, Bad> {
    match present(object, "stop") {
        None => Ok(Vec::new()),
        Some(Value::String(one)) => Ok(vec![one.clone()]),
        Some(Value::Array(list)) if list.len() > MAX_STOP => Err(Bad::new(
            format!(
                "Invalid 'stop': array too long. Expected an array with maximum length {MAX_STOP}, but got an array \
                 with length {} instead.",
                list.len()
            ),
            "stop",
            "array_above_max_length",
        )),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(index, item)| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Bad::wrong_type(&format!("stop[{index}]"), "a string", item))
            })
            .collect(),
        Some(other) => Err(Bad::wrong_type("stop", "one of a string or array of strings", other)),
    }
}

/// One of `supported`.
fn choice(object: &Map<String, Value>, field: &str, supported: &[&str]) -> Result<Option<String>, Bad> {
    let Some(value) = present(object, field) else { return Ok(None) };
    let text = value.as_str().ok_or_else(|| Bad::wrong_type(field, "a string", value))?;
    if !supported.contains(&text) {
        return Err(Bad::wrong_value(field, text, supported));
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(extra: &Value) -> Vec<u8> {
        let mut body = json!({"model": "emulator-sonnet", "messages": [{"role": "user", "content": "hi"}]});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        body.to_string().into_bytes()
    }

    fn param(extra: &Value) -> Option<String> {
        parse(&body(extra), true).expect_err("refused").param
    }

    #[test]
    fn reads_the_controls() {
        let extra = json!({"stream": true, "stream_options": {"include_usage": true}, "max_tokens": 7,
            "stop": "END", "service_tier": "auto", "reasoning_effort": "low", "temperature": 2, "top_p": 0.5});
        let request = parse(&body(&extra), true).expect("valid");
        assert!(request.stream && request.include_usage);
        assert_eq!(request.conversation.max_tokens, 7);
        assert_eq!(request.conversation.stop_sequences, ["END"]);
        assert_eq!((request.service_tier.as_deref(), request.reasoning_effort.as_deref()), (Some("auto"), Some("low")));
        assert!(request.conversation.asked.cache);
        let defaults = parse(&body(&json!({})), true).expect("valid");
        assert_eq!((defaults.stream, defaults.conversation.max_tokens), (false, DEFAULT_MAX_TOKENS));
    }

    #[test]
    fn refusals_name_the_field() {
        assert_eq!(param(&json!({"temperature": 2.5})).as_deref(), Some("temperature"));
        assert_eq!(param(&json!({"top_p": "high"})).as_deref(), Some("top_p"));
        assert_eq!(param(&json!({"stop": ["a", "b", "c", "d", "e"]})).as_deref(), Some("stop"));
        assert_eq!(param(&json!({"max_completion_tokens": 0})).as_deref(), Some("max_completion_tokens"));
        assert_eq!(param(&json!({"stream_options": {"include_usage": true}})).as_deref(), Some("stream_options"));
        assert_eq!(param(&json!({"reasoning_effort": "extreme"})).as_deref(), Some("reasoning_effort"));
        assert_eq!(param(&json!({"service_tier": "gold"})).as_deref(), Some("service_tier"));
        let unknown = parse(&body(&json!({"colour": "red"})), true).expect_err("refused");
        assert_eq!(unknown.message, "Unrecognized request argument supplied: colour");
        assert!(parse(&body(&json!({"colour": "red"})), false).is_ok());
        assert!(
            parse(b"{not json", true).is_err_and(|bad| bad.message.starts_with("We could not parse the JSON body"))
        );
    }
}
