//! A guardrail's verdict as InvokeModel reports it beside the model's own JSON:
//! `"amazon-bedrock-guardrailAction": "INTERVENED" | "NONE"` and, with the trace on,
//! `"amazon-bedrock-trace": {"guardrail": {"input": {ID: assessment}, "outputs": [{ID:
//! assessment}]}}`. Where they appear in a stream, and whether the trace key is `guardrail` or
//! `guardrails`, is unconfirmed (PROTOCOLS-WAVE2 §2a, open item 4): any chunk is read, both
//! keys are, and the assessments are found wherever they sit under them.

use crate::routes::event::GuardrailVerdict;
use serde_json::Value;

pub const ACTION_KEY: &str = "amazon-bedrock-guardrailAction";
pub const TRACE_KEY: &str = "amazon-bedrock-trace";

/// The verdict in one decoded event, if it holds either key.
#[must_use]
pub fn verdict(event: &Value) -> Option<GuardrailVerdict> {
    let action = event.get(ACTION_KEY).and_then(Value::as_str);
    let trace = event.get(TRACE_KEY).map(|trace| trace.get("guardrail").or_else(|| trace.get("guardrails")));
    if action.is_none() && trace.is_none() {
        return None;
    }
    let mut assessment = Vec::new();
    if let Some(Some(trace)) = trace {
        collect(trace, &mut assessment);
    }
    Some(GuardrailVerdict { intervened: action == Some("INTERVENED"), assessment })
}

/// One line per policy entry that acted (its `action` is not `NONE`), found anywhere below
/// `value`, without repeats.
fn collect(value: &Value, lines: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (key, inner) in fields {
                match policy_lines(key, inner) {
                    Some(found) => found.into_iter().for_each(|line| push_new(lines, line)),
                    None => collect(inner, lines),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, lines)),
        _ => {}
    }
}

fn push_new(lines: &mut Vec<String>, line: String) {
    if !lines.contains(&line) {
        lines.push(line);
    }
}

/// The lines of a policy's entries (`contentPolicy VIOLENCE: BLOCKED`, `wordPolicy "secret":
/// BLOCKED`); `None` for a key that names no policy.
fn policy_lines(policy: &str, value: &Value) -> Option<Vec<String>> {
    let lists: &[&str] = match policy {
        "topicPolicy" => &["topics"],
        "contentPolicy" | "contextualGroundingPolicy" => &["filters"],
        "wordPolicy" => &["customWords", "managedWordLists"],
        "sensitiveInformationPolicy" => &["piiEntities", "regexes"],
        _ => return None,
    };
    let entries = lists.iter().filter_map(|list| value.get(*list).and_then(Value::as_array)).flatten();
    Some(entries.filter_map(|entry| line(policy, entry)).collect())
}

fn line(policy: &str, entry: &Value) -> Option<String> {
    let text = |key: &str| entry.get(key).and_then(Value::as_str);
    let action = text("action").filter(|action| *action != "NONE")?;
    let what = match (text("name"), text("type"), text("match")) {
        (Some(name), _, _) => name.to_owned(),
        (None, Some(kind), Some(word)) if policy == "wordPolicy" => format!("{kind} {word:?}"),
        (None, Some(kind), _) => kind.to_owned(),
        (None, None, Some(word)) => format!("{word:?}"),
        (None, None, None) => "(unnamed)".to_owned(),
    };
    Some(format!("{policy} {what}: {action}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_intervention_lists_each_policy_that_acted() {
        let event = json!({
            "type": "message_stop",
            ACTION_KEY: "INTERVENED",
            TRACE_KEY: {"guardrail": {"input": {"gr1": {
                "contentPolicy": {"filters": [
                    {"type": "VIOLENCE", "confidence": "HIGH", "action": "BLOCKED"},
                    {"type": "HATE", "confidence": "NONE", "action": "NONE"}
                ]},
                "wordPolicy": {"customWords": [{"match": "secret", "action": "BLOCKED"}],
                               "managedWordLists": [{"match": "darn", "type": "PROFANITY", "action": "BLOCKED"}]},
                "topicPolicy": {"topics": [{"name": "Finance", "type": "DENY", "action": "BLOCKED"}]},
                "sensitiveInformationPolicy": {"piiEntities": [{"type": "EMAIL", "match": "a@b.c", "action": "ANONYMIZED"}]}
            }}}}
        });
        let verdict = verdict(&event).expect("a verdict");
        assert!(verdict.intervened);
        assert_eq!(
            verdict.assessment,
            [
                "contentPolicy VIOLENCE: BLOCKED",
                "sensitiveInformationPolicy EMAIL: ANONYMIZED",
                "topicPolicy Finance: BLOCKED",
                "wordPolicy \"secret\": BLOCKED",
                "wordPolicy PROFANITY \"darn\": BLOCKED",
            ]
        );
    }

    #[test]
    fn the_plural_trace_key_and_outputs_are_read_too() {
        let event = json!({TRACE_KEY: {"guardrails": {"outputs": [{"gr1": {
            "wordPolicy": {"customWords": [{"match": "blocked-word", "action": "BLOCKED"}]}}}]}}});
        let verdict = verdict(&event).expect("a verdict");
        assert!(!verdict.intervened, "no action key: not said to intervene");
        assert_eq!(verdict.assessment, ["wordPolicy \"blocked-word\": BLOCKED"]);
    }

    #[test]
    fn none_is_a_verdict_and_other_events_are_not() {
        let verdict = verdict(&json!({ACTION_KEY: "NONE"})).expect("a verdict");
        assert_eq!(verdict, GuardrailVerdict { intervened: false, assessment: vec![] });
        assert_eq!(super::verdict(&json!({"type": "message_stop"})), None);
    }
}
