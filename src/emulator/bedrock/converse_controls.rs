//! The request controls of a Converse body outside its messages, checked as Bedrock checks them
//! (BCR `ConverseStreamRequest`): thinking in `additionalModelRequestFields` (Claude's
//! `thinking`, Nova 2's `reasoningConfig`, gpt-oss's `reasoning_effort`), `guardrailConfig`,
//! `serviceTier`, `performanceConfig` and `requestMetadata`.

use super::converse_body::invalid;
use super::error::AwsError;
use serde_json::{Map, Value};

/// Claude's smallest thinking budget.
const MIN_BUDGET: u64 = 1024;
const TIERS: [&str; 4] = ["priority", "default", "flex", "reserved"];
const LATENCIES: [&str; 2] = ["standard", "optimized"];
const TRACES: [&str; 3] = ["enabled", "disabled", "enabled_full"];
const STREAM_MODES: [&str; 2] = ["sync", "async"];
const MAX_METADATA: usize = 16;
const MAX_METADATA_TEXT: usize = 256;
/// `[a-zA-Z0-9\s:_@$#=/+,-.]` (BCR `RequestMetadata`).
const METADATA_PUNCTUATION: &str = ":_@$#=/+,-.";

/// The controls read, beside what [`crate::emulator::turn::Asked`] holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConverseControls {
    /// Thinking asked for, up to a budget (`None`: the model decides).
    #[expect(clippy::option_option, reason = "the shape of `Asked::thinking`, which it fills")]
    pub thinking: Option<Option<u32>>,
    /// The guardrail's id and version.
    pub guardrail: Option<(String, String)>,
    /// Whether the guardrail's trace is asked for.
    pub trace: bool,
    /// `serviceTier.type`, echoed in the response.
    pub service_tier: Option<String>,
    /// `performanceConfig.latency`, echoed in the response.
    pub latency: Option<String>,
}

/// Read the controls of `body`, whose `inferenceConfig.maxTokens` is `max_tokens`.
pub fn read(body: &Map<String, Value>, max_tokens: u32) -> Result<ConverseControls, AwsError> {
    let (guardrail, trace) = guardrail(body.get("guardrailConfig"))?;
    let service_tier = enum_in_object(body.get("serviceTier"), "serviceTier", "type", &TIERS)?;
    let latency = enum_in_object(body.get("performanceConfig"), "performanceConfig", "latency", &LATENCIES)?;
    request_metadata(body.get("requestMetadata"))?;
    let thinking = thinking(body.get("additionalModelRequestFields"), max_tokens)?;
    Ok(ConverseControls { thinking, guardrail, trace, service_tier, latency })
}

/// Thinking from the family's field. Claude's budget is checked as Claude checks it, and its
/// errors come back wrapped as Bedrock wraps a model's.
#[expect(clippy::option_option, reason = "the shape of `Asked::thinking`, which it fills")]
fn thinking(fields: Option<&Value>, max_tokens: u32) -> Result<Option<Option<u32>>, AwsError> {
    let Some(fields) = fields else { return Ok(None) };
    if let Some(thinking) = fields.get("thinking") {
        return match (thinking.get("type").and_then(Value::as_str), thinking.get("budget_tokens")) {
            (Some("enabled"), Some(budget)) => {
                let budget = budget.as_u64().filter(|budget| *budget >= MIN_BUDGET).ok_or_else(|| {
                    model_error(&format!(
                        "thinking.enabled.budget_tokens: Input should be greater than or equal to {MIN_BUDGET}"
                    ))
                })?;
                if budget >= u64::from(max_tokens) {
                    return Err(model_error("`max_tokens` must be greater than `thinking.budget_tokens`"));
                }
                refuse_top_k_beside_thinking(fields)?;
                Ok(Some(u32::try_from(budget).ok()))
            }
            (Some("adaptive"), None) => refuse_top_k_beside_thinking(fields).map(|()| Some(None)),
            (Some("disabled"), None) => Ok(None),
            _ => Err(model_error(
                "thinking: Input tag does not match the expected tags: 'enabled', 'disabled', 'adaptive'",
            )),
        };
    }
    let reasons = fields.pointer("/reasoningConfig/type").and_then(Value::as_str) == Some("enabled")
        || fields.get("reasoning_effort").is_some();
    Ok(reasons.then_some(None))
}

/// Claude refuses `top_k` while it thinks ("Thinking isn't compatible with temperature,
/// `top_p`, or `top_k` modifications"), with the Messages API's wording.
fn refuse_top_k_beside_thinking(fields: &Value) -> Result<(), AwsError> {
    match fields.get("top_k") {
        Some(_) => Err(model_error("`top_k` must be unset when thinking is enabled.")),
        None => Ok(()),
    }
}

/// A model's own refusal, as Converse passes it on.
fn model_error(problem: &str) -> AwsError {
    AwsError::validation(format!("The model returned the following errors: {problem}"))
}

fn guardrail(config: Option<&Value>) -> Result<(Option<(String, String)>, bool), AwsError> {
    let Some(config) = config else { return Ok((None, false)) };
    let member = |name: &str| config.get(name).and_then(Value::as_str);
    let Some(id) = member("guardrailIdentifier") else {
        return Err(invalid("null", "guardrailConfig.guardrailIdentifier", "Member must not be null"));
    };
    let plain = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let arn = id.starts_with("arn:aws") && id.contains(":guardrail/");
    if !plain && !arn {
        let pattern = "(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))";
        return Err(invalid(
            id,
            "guardrailConfig.guardrailIdentifier",
            &format!("Member must satisfy regular expression pattern: {pattern}"),
        ));
    }
    let Some(version) = member("guardrailVersion") else {
        return Err(invalid("null", "guardrailConfig.guardrailVersion", "Member must not be null"));
    };
    let numbered =
        !version.starts_with('0') && (1..=8).contains(&version.len()) && version.bytes().all(|b| b.is_ascii_digit());
    if version != "DRAFT" && !numbered {
        let constraint = "Member must satisfy regular expression pattern: (([1-9][0-9]{0,7})|(DRAFT))";
        return Err(invalid(version, "guardrailConfig.guardrailVersion", constraint));
    }
    let trace = enum_in_object(Some(config), "guardrailConfig", "trace", &TRACES)?;
    enum_in_object(Some(config), "guardrailConfig", "streamProcessingMode", &STREAM_MODES)?;
    Ok((Some((id.to_owned(), version.to_owned())), trace.is_some_and(|trace| trace != "disabled")))
}

/// `object.member`, which must be one of `allowed` when present.
fn enum_in_object(
    object: Option<&Value>,
    name: &str,
    member: &str,
    allowed: &[&str],
) -> Result<Option<String>, AwsError> {
    let Some(object) = object else { return Ok(None) };
    let Some(value) = object.as_object() else {
        return Err(invalid(&object.to_string(), name, "Member must be an object"));
    };
    let Some(value) = value.get(member) else { return Ok(None) };
    if let Some(known) = value.as_str().filter(|value| allowed.contains(value)) {
        return Ok(Some(known.to_owned()));
    }
    let shown = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
    let constraint = format!("Member must satisfy enum value set: [{}]", allowed.join(", "));
    Err(invalid(&shown, &format!("{name}.{member}"), &constraint))
}

/// 1–16 entries; keys of 1–256 and values of 0–256 characters of `[a-zA-Z0-9\s:_@$#=/+,-.]`. The
/// refusal names the bad key.
fn request_metadata(metadata: Option<&Value>) -> Result<(), AwsError> {
    let Some(metadata) = metadata else { return Ok(()) };
    let Some(entries) = metadata.as_object() else {
        return Err(invalid(&metadata.to_string(), "requestMetadata", "Member must be a map"));
    };
    if entries.is_empty() || entries.len() > MAX_METADATA {
        let constraint = format!("Member must have length between 1 and {MAX_METADATA} (it has {})", entries.len());
        return Err(invalid(&metadata.to_string(), "requestMetadata", &constraint));
    }
    let allowed = |text: &str| {
        text.chars().all(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || METADATA_PUNCTUATION.contains(c))
    };
    for (key, value) in entries {
        if key.is_empty() || key.chars().count() > MAX_METADATA_TEXT || !allowed(key) {
            let constraint = r"Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z0-9\s:_@$#=/+,-.]{1,256}]";
            return Err(invalid(key, "requestMetadata", constraint));
        }
        let text = value.as_str().unwrap_or_default();
        if !value.is_string() || text.chars().count() > MAX_METADATA_TEXT || !allowed(text) {
            let constraint = format!(
                r"Map value of key '{key}' must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z0-9\s:_@$#=/+,-.]{{0,256}}]"
            );
            return Err(invalid(
                &value.as_str().map_or_else(|| value.to_string(), str::to_owned),
                "requestMetadata",
                &constraint,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
