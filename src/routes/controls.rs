//! The request controls routes differ in, beyond sampling: thinking, top-k, prompt caching,
//! guardrails, service tier, latency mode and request metadata. Each route's capabilities
//! (`capabilities.rs`) decide whether a control is sent, mapped to its own shape or dropped with
//! a parity warning; this file only says what the user asked for.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Everything beyond [`super::request::Params`]' sampling settings; all off by default, and
/// stored with the run only where set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Controls {
    #[serde(default, skip_serializing_if = "ThinkingMode::is_off")]
    pub thinking: ThinkingMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Effort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<u32>,
    /// Mark the system prompt and the conversation prefix as cacheable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cache: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardrail: Option<Guardrail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<ServiceTier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<Latency>,
    /// Bedrock `requestMetadata` / Vertex `labels`: key-value pairs for the provider's logs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl Controls {
    /// Whether nothing beyond sampling is asked for.
    #[must_use]
    pub fn is_default(&self) -> bool {
        *self == Controls::default()
    }
}

/// Whether and how the model thinks before it answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThinkingMode {
    #[default]
    Off,
    /// The model decides how much to think (Claude's `adaptive`, Gemini's dynamic budget).
    Adaptive,
    /// Think up to this many tokens.
    Budget(u32),
}

impl ThinkingMode {
    #[must_use]
    pub fn is_off(&self) -> bool {
        *self == ThinkingMode::Off
    }
}

impl fmt::Display for ThinkingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThinkingMode::Off => f.write_str("off"),
            ThinkingMode::Adaptive => f.write_str("adaptive"),
            ThinkingMode::Budget(tokens) => write!(f, "{tokens}"),
        }
    }
}

impl FromStr for ThinkingMode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "off" | "" => Ok(ThinkingMode::Off),
            "adaptive" => Ok(ThinkingMode::Adaptive),
            budget => budget.parse().map(ThinkingMode::Budget).map_err(|_| {
                format!("thinking {budget:?} is not off, adaptive or a token budget (a whole number, e.g. 2048)")
            }),
        }
    }
}

/// How hard a model that reasons should try (Claude `output_config.effort`, Gemini
/// `thinkingLevel`, `reasoning_effort` elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effort {
    Low,
    Medium,
    High,
}

impl Effort {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Effort::Low => "low",
            Effort::Medium => "medium",
            Effort::High => "high",
        }
    }
}

impl fmt::Display for Effort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Effort {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [Effort::Low, Effort::Medium, Effort::High]
            .into_iter()
            .find(|effort| effort.name() == text.trim())
            .ok_or_else(|| format!("effort {text:?} is not low, medium or high"))
    }
}

/// A Bedrock guardrail to apply, `ID[:VERSION]`; the trace is always asked for, so an
/// intervention can say which policy acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardrail {
    /// `[a-z0-9]+` or a guardrail ARN.
    pub id: String,
    /// `[1-9][0-9]{0,7}` or `DRAFT` (the default: Invoke refuses an identifier without one).
    pub version: String,
}

impl fmt::Display for Guardrail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.id, self.version)
    }
}

impl FromStr for Guardrail {
    type Err = String;

    /// The id is split from the version at the last `:`, since an ARN holds `:` itself.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let (id, version) = match text.rsplit_once(':') {
            Some((id, version)) if is_guardrail_version(version) => (id, version),
            _ => (text, "DRAFT"),
        };
        let plain_id = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let arn = id.starts_with("arn:") && id.contains(":guardrail/");
        if !plain_id && !arn {
            return Err(format!(
                "guardrail {text:?}: the id must be lower-case letters and digits, or a guardrail ARN \
                 (arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID), optionally followed by :VERSION (1–99999999 or DRAFT)"
            ));
        }
        Ok(Guardrail { id: id.to_owned(), version: version.to_owned() })
    }
}

/// `[1-9][0-9]{0,7}` or `DRAFT` (BCR `GuardrailVersion`).
fn is_guardrail_version(text: &str) -> bool {
    text == "DRAFT"
        || (!text.is_empty() && text.len() <= 8 && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0'))
}

/// A service tier, under any route's name for it; each route's capabilities list the ones it
/// takes (`Capabilities::service_tiers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceTier {
    /// Bedrock and Gemini: served ahead of standard, at a premium.
    Priority,
    /// Bedrock's standard tier.
    Default,
    /// Gemini's standard tier.
    Standard,
    /// Bedrock and Gemini: a discount for slower service.
    Flex,
    /// Bedrock: capacity reserved through the account team.
    Reserved,
    /// Anthropic: priority capacity when the workspace has it, else standard.
    Auto,
    /// Anthropic: standard capacity only.
    StandardOnly,
}

impl ServiceTier {
    pub const ALL: [ServiceTier; 7] = [
        ServiceTier::Priority,
        ServiceTier::Default,
        ServiceTier::Standard,
        ServiceTier::Flex,
        ServiceTier::Reserved,
        ServiceTier::Auto,
        ServiceTier::StandardOnly,
    ];

    /// The name on the wire and on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ServiceTier::Priority => "priority",
            ServiceTier::Default => "default",
            ServiceTier::Standard => "standard",
            ServiceTier::Flex => "flex",
            ServiceTier::Reserved => "reserved",
            ServiceTier::Auto => "auto",
            ServiceTier::StandardOnly => "standard_only",
        }
    }
}

impl fmt::Display for ServiceTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ServiceTier {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ServiceTier::ALL.into_iter().find(|tier| tier.name() == text.trim()).ok_or_else(|| {
            let names: Vec<_> = ServiceTier::ALL.iter().map(|tier| tier.name()).collect();
            format!("service tier {text:?} is not one of {}", names.join(", "))
        })
    }
}

/// Bedrock's latency mode (`performanceConfig.latency`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Latency {
    Standard,
    Optimized,
}

impl Latency {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Latency::Standard => "standard",
            Latency::Optimized => "optimized",
        }
    }
}

impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Latency {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "standard" => Ok(Latency::Standard),
            "optimized" | "optimised" => Ok(Latency::Optimized),
            other => Err(format!("latency {other:?} is not standard or optimized")),
        }
    }
}

/// One `k=v` pair of request metadata, as `--meta` takes it.
///
/// # Errors
/// When there is no `=` or the key is empty.
pub fn parse_meta(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.trim().to_owned(), value.to_owned())),
        _ => Err(format!("metadata {text:?} is not KEY=VALUE")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinking_reads_off_adaptive_or_a_budget() {
        assert_eq!("off".parse(), Ok(ThinkingMode::Off));
        assert_eq!("adaptive".parse(), Ok(ThinkingMode::Adaptive));
        assert_eq!("2048".parse(), Ok(ThinkingMode::Budget(2048)));
        assert!("lots".parse::<ThinkingMode>().unwrap_err().contains("token budget"));
    }

    #[test]
    fn a_guardrail_takes_a_version_or_defaults_to_draft() {
        assert_eq!("abc123".parse(), Ok(Guardrail { id: "abc123".into(), version: "DRAFT".into() }));
        assert_eq!("abc123:7".parse(), Ok(Guardrail { id: "abc123".into(), version: "7".into() }));
        let arn = "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123";
        assert_eq!(format!("{arn}:2").parse(), Ok(Guardrail { id: arn.into(), version: "2".into() }));
        assert_eq!(arn.parse(), Ok(Guardrail { id: arn.into(), version: "DRAFT".into() }));
        assert!("Bad_Id".parse::<Guardrail>().unwrap_err().contains("lower-case"));
        assert!("abc:0".parse::<Guardrail>().is_err(), "version 0 is no version, and `abc:0` no id");
    }

    #[test]
    fn controls_are_stored_only_where_set() {
        assert_eq!(serde_json::to_string(&Controls::default()).unwrap(), "{}");
        let controls =
            Controls { thinking: ThinkingMode::Budget(1024), top_k: Some(5), cache: true, ..Controls::default() };
        let text = serde_json::to_string(&controls).unwrap();
        assert_eq!(text, r#"{"thinking":{"budget":1024},"top_k":5,"cache":true}"#);
        assert_eq!(serde_json::from_str::<Controls>(&text).unwrap(), controls);
    }

    #[test]
    fn tiers_and_metadata_read_as_typed() {
        assert_eq!("standard_only".parse(), Ok(ServiceTier::StandardOnly));
        assert!("gold".parse::<ServiceTier>().unwrap_err().contains("priority"));
        assert_eq!(parse_meta("team=ml"), Ok(("team".into(), "ml".into())));
        assert!(parse_meta("=x").is_err());
    }
}
