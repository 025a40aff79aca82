//! The report of a turn with each control, and that the client's decoder reads it back.

use super::*;
use crate::emulator::turn::Intervention;
use crate::routes::event::GuardrailVerdict;
use crate::routes::wire::converse::guardrail_verdict;

fn report() -> Report {
    Report { input_tokens: 100, ..Report::default() }
}

#[test]
fn usage_splits_out_the_cache() {
    assert_eq!(report().usage(7), json!({"inputTokens": 100, "outputTokens": 7, "totalTokens": 107}));
    let cached = Report { cache: CacheUse { read: 60, write: 0 }, cache_asked: true, ..report() };
    assert_eq!(
        cached.usage(7),
        json!({"inputTokens": 40, "outputTokens": 7, "totalTokens": 107,
               "cacheReadInputTokens": 60, "cacheWriteInputTokens": 0})
    );
    let written = Report { cache: CacheUse { read: 0, write: 80 }, cache_asked: true, ..report() };
    assert_eq!(written.usage(0)["cacheWriteInputTokens"], 80);
    assert_eq!(Report { cache_asked: true, ..report() }.usage(0)["cacheReadInputTokens"], 0);
}

#[test]
fn the_tier_and_latency_are_echoed() {
    let echoed = Report { service_tier: Some("flex".into()), latency: Some("optimized".into()), ..report() };
    assert_eq!(
        Value::Object(echoed.extras()),
        json!({"serviceTier": {"type": "flex"}, "performanceConfig": {"latency": "optimized"}})
    );
    assert!(report().extras().is_empty());
}

fn guarded(intervention: Option<Intervention>) -> Report {
    Report { guardrail: Some(("gr1".into(), "DRAFT".into())), trace: true, intervention, ..report() }
}

#[test]
fn an_intervention_stops_with_guardrail_intervened_and_a_trace_the_decoder_reads() {
    let found = Intervention { guardrail: ("gr1".into(), "DRAFT".into()), word: "forbidden".into(), in_input: true };
    let report = guarded(Some(found.clone()));
    assert_eq!(report.stop_reason(&Stop::EndTurn), "guardrail_intervened");
    let trace = &report.extras()["trace"]["guardrail"];
    assert_eq!(
        guardrail_verdict(trace),
        Some(GuardrailVerdict {
            intervened: true,
            assessment: vec!["wordPolicy \"forbidden\": BLOCKED (input)".into()]
        })
    );
    let output = guarded(Some(Intervention { in_input: false, ..found }));
    assert_eq!(
        guardrail_verdict(&output.extras()["trace"]["guardrail"]).map(|verdict| verdict.assessment),
        Some(vec!["wordPolicy \"forbidden\": BLOCKED (output)".into()])
    );
}

#[test]
fn a_quiet_guardrail_is_traced_only_when_asked() {
    let quiet = guarded(None);
    assert_eq!(quiet.stop_reason(&Stop::MaxTokens), "max_tokens");
    assert_eq!(guardrail_verdict(&quiet.extras()["trace"]["guardrail"]), Some(GuardrailVerdict::default()));
    assert!(Report { trace: false, ..guarded(None) }.extras().is_empty());
}
