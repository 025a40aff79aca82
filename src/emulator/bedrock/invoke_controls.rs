//! The control headers InvokeModel reads (PROTOCOLS-WAVE2 §2a, §2b), checked as Bedrock checks
//! them: a guardrail (identifier and version, both or neither), its trace, the service tier,
//! the latency mode and the request metadata. The tier and latency asked are echoed in the
//! response headers (the emulator serves whatever is asked; nothing is echoed when nothing was
//! asked).

use super::error::AwsError;
use crate::emulator::anthropic::shape::GuardrailReport;
use crate::emulator::turn::Intervention;
use crate::routes::request_metadata;
use crate::routes::wire::bedrock_invoke::{
    GUARDRAIL_IDENTIFIER, GUARDRAIL_VERSION, LATENCY, REQUEST_METADATA, SERVICE_TIER, TRACE,
};
use axum::http::HeaderMap;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// What the headers asked for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct InvokeControls {
    /// Identifier and version.
    pub guardrail: Option<(String, String)>,
    /// `ENABLED` or `ENABLED_FULL`.
    pub trace: bool,
    pub service_tier: Option<String>,
    pub latency: Option<String>,
}

impl InvokeControls {
    /// Read and check the headers; the error is Bedrock's `ValidationException`.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, AwsError> {
        let header =
            |name: &str| headers.get(name).map(|value| String::from_utf8_lossy(value.as_bytes()).trim().to_owned());
        let guardrail = match (header(GUARDRAIL_IDENTIFIER), header(GUARDRAIL_VERSION)) {
            (None, None) => None,
            (Some(_), None) => {
                return Err(AwsError::validation(
                    "Guardrail version is required when a guardrail identifier is specified.",
                ));
            }
            (None, Some(_)) => {
                return Err(AwsError::validation(
                    "Guardrail identifier is required when a guardrail version is specified.",
                ));
            }
            (Some(id), Some(version)) => Some((checked_id(id)?, checked_version(version)?)),
        };
        let trace = match header(TRACE).as_deref() {
            None | Some("DISABLED") => false,
            Some("ENABLED" | "ENABLED_FULL") => true,
            Some(other) => return Err(enum_error(other, "trace", "[ENABLED, DISABLED, ENABLED_FULL]")),
        };
        let service_tier = header(SERVICE_TIER);
        if let Some(tier) =
            service_tier.as_deref().filter(|tier| !["priority", "default", "flex", "reserved"].contains(tier))
        {
            return Err(enum_error(tier, "serviceTier", "[priority, default, flex, reserved]"));
        }
        let latency = header(LATENCY);
        if let Some(latency) = latency.as_deref().filter(|latency| !["standard", "optimized"].contains(latency)) {
            return Err(enum_error(latency, "performanceConfigLatency", "[standard, optimized]"));
        }
        if let Some(metadata) = header(REQUEST_METADATA) {
            let map: BTreeMap<String, String> = serde_json::from_str(&metadata).map_err(|_| {
                AwsError::validation("requestMetadata: the header must be a JSON object of string keys and values")
            })?;
            request_metadata::validate(&map).map_err(AwsError::validation)?;
        }
        Ok(Self { guardrail, trace, service_tier, latency })
    }

    /// The response headers that echo the tier and latency served.
    pub fn echo(&self) -> Vec<(&'static str, String)> {
        let tier = self.service_tier.clone().map(|tier| (SERVICE_TIER, tier));
        let latency = self.latency.clone().map(|latency| (LATENCY, latency));
        tier.into_iter().chain(latency).collect()
    }

    /// What the response adds beside the model's JSON: the action whenever a guardrail is
    /// named, and the trace when asked for.
    pub fn report(&self, intervention: Option<&Intervention>) -> Option<GuardrailReport> {
        let (id, _) = self.guardrail.as_ref()?;
        let action = if intervention.is_some() { "INTERVENED" } else { "NONE" };
        let trace = self.trace.then(|| trace(id, intervention));
        Some(GuardrailReport { action, trace })
    }
}

/// `{"guardrail": {"input": {ID: assessment}}}` (or `outputs` for a blocked answer), naming
/// the blocked word under `wordPolicy.customWords`.
fn trace(id: &str, intervention: Option<&Intervention>) -> Value {
    let Some(found) = intervention else { return json!({ "guardrail": { "input": { id: {} } } }) };
    let assessment =
        json!({ id: { "wordPolicy": { "customWords": [ { "match": found.word, "action": "BLOCKED" } ] } } });
    if found.in_input {
        json!({ "guardrail": { "input": assessment } })
    } else {
        json!({ "guardrail": { "outputs": [assessment] } })
    }
}

/// `[a-z0-9]+` or a guardrail ARN.
fn checked_id(id: String) -> Result<String, AwsError> {
    let plain = !id.is_empty() && id.len() <= 2048 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if plain || (id.starts_with("arn:") && id.contains(":guardrail/")) {
        Ok(id)
    } else {
        Err(pattern_error(
            &id,
            "guardrailIdentifier",
            "(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))",
        ))
    }
}

/// `[1-9][0-9]{0,7}` or `DRAFT`.
fn checked_version(version: String) -> Result<String, AwsError> {
    let number = !version.is_empty()
        && version.len() <= 8
        && !version.starts_with('0')
        && version.bytes().all(|b| b.is_ascii_digit());
    if number || version == "DRAFT" {
        Ok(version)
    } else {
        Err(pattern_error(&version, "guardrailVersion", "(([1-9][0-9]{0,7})|(DRAFT))"))
    }
}

fn pattern_error(value: &str, field: &str, pattern: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
    ))
}

fn enum_error(value: &str, field: &str, values: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy enum value set: {values}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (axum::http::HeaderName::from_static(name), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn controls_are_read_and_echoed() {
        let read = InvokeControls::from_headers(&headers(&[
            (GUARDRAIL_IDENTIFIER, "gr1"),
            (GUARDRAIL_VERSION, "DRAFT"),
            (TRACE, "ENABLED"),
            (SERVICE_TIER, "flex"),
            (LATENCY, "optimized"),
            (REQUEST_METADATA, r#"{"team":"ml"}"#),
        ]))
        .expect("valid");
        assert_eq!(read.guardrail, Some(("gr1".into(), "DRAFT".into())));
        assert_eq!(read.echo(), [(SERVICE_TIER, "flex".to_owned()), (LATENCY, "optimized".to_owned())]);
        let blocked =
            Intervention { guardrail: ("gr1".into(), "DRAFT".into()), word: "blocked-word".into(), in_input: true };
        let report = read.report(Some(&blocked)).expect("a report");
        assert_eq!(report.action, "INTERVENED");
        assert_eq!(
            report.trace.expect("a trace")["guardrail"]["input"]["gr1"]["wordPolicy"]["customWords"][0]["match"],
            "blocked-word"
        );
        assert_eq!(InvokeControls::default().report(None), None);
    }

    #[test]
    fn bad_headers_are_refused_as_bedrock_does() {
        let refused = |pairs| format!("{:?}", InvokeControls::from_headers(&headers(pairs)).unwrap_err());
        assert!(refused(&[(GUARDRAIL_IDENTIFIER, "gr1")]).contains("Guardrail version is required"));
        assert!(refused(&[(GUARDRAIL_IDENTIFIER, "gr1"), (GUARDRAIL_VERSION, "v1")]).contains("guardrailVersion"));
        assert!(refused(&[(GUARDRAIL_IDENTIFIER, "GR_1"), (GUARDRAIL_VERSION, "1")]).contains("guardrailIdentifier"));
        assert!(refused(&[(SERVICE_TIER, "gold")]).contains("[priority, default, flex, reserved]"));
        assert!(refused(&[(LATENCY, "fast")]).contains("[standard, optimized]"));
        assert!(refused(&[(REQUEST_METADATA, r#"{"k!":"v"}"#)]).contains("the key holds '!'"));
        assert!(refused(&[(REQUEST_METADATA, "[1]")]).contains("JSON object"));
    }
}
