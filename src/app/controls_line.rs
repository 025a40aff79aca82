//! The request controls as words on the F4 parameters line (`thinking=2048 top_k=40 cache=on
//! guardrail=abc:1 tier=flex latency=optimized meta.team=ml`), and as the compact summary the
//! prompt pane and the inspector show. Values are read with the controls' own `FromStr`, so a
//! bad one is named the way `--thinking` or `--service-tier` name it.

use crate::routes::controls::{Controls, ThinkingMode, parse_meta};

/// The controls the parameters dialog also takes, under it (a bad value's error says what
/// the control takes).
pub const HINT: &str = "+ thinking effort top_k cache guardrail tier latency meta.K";

/// The names the line takes, for the error on an unknown one.
pub const NAMES: &str = "thinking, effort, top_k, cache, guardrail, tier, latency, meta.KEY";

/// The set controls as `name=value` words, in the order the line shows them.
#[must_use]
pub fn format(controls: &Controls) -> Vec<String> {
    let mut words = Vec::new();
    if !controls.thinking.is_off() {
        words.push(format!("thinking={}", controls.thinking));
    }
    if let Some(effort) = controls.effort {
        words.push(format!("effort={effort}"));
    }
    if let Some(top_k) = controls.top_k {
        words.push(format!("top_k={top_k}"));
    }
    if controls.cache {
        words.push("cache=on".to_owned());
    }
    if let Some(guardrail) = &controls.guardrail {
        words.push(format!("guardrail={guardrail}"));
    }
    if let Some(tier) = controls.service_tier {
        words.push(format!("tier={tier}"));
    }
    if let Some(latency) = controls.latency {
        words.push(format!("latency={latency}"));
    }
    for (key, value) in &controls.metadata {
        words.push(format!("meta.{key}={value}"));
    }
    words
}

/// Read one `name=value` word into `controls`. `None` when `name` is not a control (the caller
/// tries the sampling settings); else whether the value was good, the error naming the field.
pub fn parse(name: &str, value: &str, controls: &mut Controls) -> Option<Result<(), String>> {
    let named = |error: String| format!("{name}: {error}");
    let outcome = match name {
        "thinking" => value.parse::<ThinkingMode>().map(|mode| controls.thinking = mode).map_err(named),
        "effort" => value.parse().map(|effort| controls.effort = Some(effort)).map_err(named),
        "top_k" => value
            .parse::<u32>()
            .ok()
            .filter(|k| *k > 0)
            .map(|k| controls.top_k = Some(k))
            .ok_or_else(|| format!("top_k: expected a whole number above 0, got {value:?}")),
        "cache" => match value {
            "on" | "true" | "yes" => Ok(true),
            "off" | "false" | "no" => Ok(false),
            other => Err(format!("cache: expected on or off, got {other:?}")),
        }
        .map(|cache| controls.cache = cache),
        "guardrail" => value.parse().map(|guardrail| controls.guardrail = Some(guardrail)).map_err(named),
        "tier" | "service_tier" => value.parse().map(|tier| controls.service_tier = Some(tier)).map_err(named),
        "latency" => value.parse().map(|latency| controls.latency = Some(latency)).map_err(named),
        _ => {
            let key = name.strip_prefix("meta.")?;
            parse_meta(&format!("{key}={value}"))
                .map(|(key, value)| {
                    controls.metadata.insert(key, value);
                })
                .map_err(named)
        }
    };
    Some(outcome)
}

/// The set controls in a few words (`think 2048 · top_k 40 · cache · guardrail abc:1`), or
/// `None` when none is set.
#[must_use]
pub fn summary(controls: &Controls) -> Option<String> {
    let mut parts = Vec::new();
    if !controls.thinking.is_off() {
        parts.push(format!("think {}", controls.thinking));
    }
    if let Some(effort) = controls.effort {
        parts.push(format!("effort {effort}"));
    }
    if let Some(top_k) = controls.top_k {
        parts.push(format!("top_k {top_k}"));
    }
    if controls.cache {
        parts.push("cache".to_owned());
    }
    if let Some(guardrail) = &controls.guardrail {
        parts.push(format!("guardrail {guardrail}"));
    }
    if let Some(tier) = controls.service_tier {
        parts.push(format!("tier {tier}"));
    }
    if let Some(latency) = controls.latency {
        parts.push(format!("latency {latency}"));
    }
    if !controls.metadata.is_empty() {
        parts.push(format!("meta {}", controls.metadata.len()));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}
