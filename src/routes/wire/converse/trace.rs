//! A guardrail's trace (`metadata.trace.guardrail` on ConverseStream, BCR
//! `GuardrailTraceAssessment`) as one line per policy that acted: `inputAssessment` maps a
//! guardrail id to a `GuardrailAssessment`, `outputAssessments` to a list of them. Read from
//! loose JSON, so an absent or odd field only leaves a line out.

use serde_json::Value;

use crate::routes::event::GuardrailVerdict;

/// The verdict in `trace` (a `GuardrailTraceAssessment`), if it is an object: intervened when
/// any policy took an action other than `NONE`.
#[must_use]
pub fn guardrail_verdict(trace: &Value) -> Option<GuardrailVerdict> {
    trace.as_object()?;
    let input = trace.get("inputAssessment").and_then(Value::as_object).into_iter().flat_map(|map| map.values());
    let output = trace
        .get("outputAssessments")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|map| map.values())
        .filter_map(Value::as_array)
        .flatten();
    let mut assessment: Vec<String> = input.flat_map(|a| acted(a, "input")).collect();
    assessment.extend(output.flat_map(|a| acted(a, "output")));
    assessment.dedup();
    Some(GuardrailVerdict { intervened: !assessment.is_empty(), assessment })
}

/// The lines for one `GuardrailAssessment`, each ending with where it was found.
fn acted(assessment: &Value, place: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut each = |policy: &str, list: &str, label: &dyn Fn(&Value) -> String| {
        for entry in assessment.pointer(&format!("/{policy}/{list}")).and_then(Value::as_array).into_iter().flatten() {
            if let Some(action) = entry.get("action").and_then(Value::as_str).filter(|action| *action != "NONE") {
                lines.push(format!("{policy} {}: {action} ({place})", label(entry)));
            }
        }
    };
    let field = |name: &'static str| move |entry: &Value| text(entry, name);
    each("topicPolicy", "topics", &field("name"));
    each("contentPolicy", "filters", &field("type"));
    each("wordPolicy", "customWords", &|entry| format!("{:?}", text(entry, "match")));
    each("wordPolicy", "managedWordLists", &|entry| format!("{} {:?}", text(entry, "type"), text(entry, "match")));
    each("sensitiveInformationPolicy", "piiEntities", &field("type"));
    each("sensitiveInformationPolicy", "regexes", &|entry| format!("regex {}", text(entry, "name")));
    each("contextualGroundingPolicy", "filters", &field("type"));
    lines
}

/// A string member, or `?` when it is absent.
fn text(entry: &Value, name: &str) -> String {
    entry.get(name).and_then(Value::as_str).unwrap_or("?").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_line_per_policy_that_acted() {
        let trace = json!({
            "inputAssessment": {"gr1": {
                "contentPolicy": {"filters": [
                    {"type": "VIOLENCE", "confidence": "HIGH", "action": "BLOCKED", "detected": true},
                    {"type": "HATE", "confidence": "NONE", "action": "NONE", "detected": false},
                ]},
                "wordPolicy": {"customWords": [{"match": "x", "action": "BLOCKED"}],
                               "managedWordLists": [{"match": "darn", "type": "PROFANITY", "action": "BLOCKED"}]},
                "invocationMetrics": {"guardrailProcessingLatency": 12},
            }},
            "outputAssessments": {"gr1": [{
                "topicPolicy": {"topics": [{"name": "Investing", "type": "DENY", "action": "BLOCKED"}]},
                "sensitiveInformationPolicy": {
                    "piiEntities": [{"match": "a@b.c", "type": "EMAIL", "action": "ANONYMIZED"}],
                    "regexes": [{"name": "account", "match": "123", "action": "BLOCKED"}],
                },
                "contextualGroundingPolicy": {"filters": [{"type": "GROUNDING", "threshold": 0.5, "score": 0.1, "action": "BLOCKED"}]},
            }]},
            "actionReason": "Guardrail blocked.",
        });
        assert_eq!(
            guardrail_verdict(&trace),
            Some(GuardrailVerdict {
                intervened: true,
                assessment: vec![
                    "contentPolicy VIOLENCE: BLOCKED (input)".into(),
                    "wordPolicy \"x\": BLOCKED (input)".into(),
                    "wordPolicy PROFANITY \"darn\": BLOCKED (input)".into(),
                    "topicPolicy Investing: BLOCKED (output)".into(),
                    "sensitiveInformationPolicy EMAIL: ANONYMIZED (output)".into(),
                    "sensitiveInformationPolicy regex account: BLOCKED (output)".into(),
                    "contextualGroundingPolicy GROUNDING: BLOCKED (output)".into(),
                ],
            })
        );
    }

    #[test]
    fn odd_or_quiet_traces_are_tolerated() {
        let quiet =
            json!({"inputAssessment": {"gr1": {"contentPolicy": {"filters": [{"type": "HATE", "action": "NONE"}]}}}});
        assert_eq!(guardrail_verdict(&quiet), Some(GuardrailVerdict { intervened: false, assessment: vec![] }));
        let odd = json!({"inputAssessment": [1], "outputAssessments": {"gr1": {"not": "a list"}},
                         "modelOutput": ["x"]});
        assert_eq!(guardrail_verdict(&odd), Some(GuardrailVerdict::default()));
        let nameless = json!({"inputAssessment": {"g": {"contentPolicy": {"filters": [{"action": "BLOCKED"}]}}}});
        assert_eq!(guardrail_verdict(&nameless).unwrap().assessment, ["contentPolicy ?: BLOCKED (input)"]);
        assert_eq!(guardrail_verdict(&json!("guardrail")), None);
        assert_eq!(guardrail_verdict(&Value::Null), None);
    }
}
