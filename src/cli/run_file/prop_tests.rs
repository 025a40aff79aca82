//! Property tests of `import-run`'s parser: whatever the file holds, it is a conversation or
//! an error, never a panic; and what it accepts has no time a replay could wait for ever on.

use super::check::MAX_RUN_MS;
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A run file's keys and values, so cases get past the first check.
fn run_file() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from)
    ];
    let event = (number.clone(), any::<String>())
        .prop_map(|(at_ms, text)| json!({ "at_ms": at_ms, "event": { "TextDelta": text } }));
    let chunk = number.clone().prop_map(|at_us| json!({ "at_us": at_us, "base64": "AAAA" }));
    let header = (any::<String>(), any::<String>()).prop_map(|(name, value)| json!([name, value]));
    let run = (
        number.clone(),
        number.clone(),
        number,
        vec(event, 0..4),
        vec(chunk, 0..3),
        vec(header, 0..3),
        any::<Option<f32>>(),
    )
        .prop_map(|(started, total, position, events, chunks, headers, temperature)| {
            json!({
                "run_id": 1, "position": position, "route": "anthropic", "model": "m",
                "params": { "max_tokens": 10, "temperature": temperature, "top_p": null, "stop_sequences": [] },
                "prompt": "p", "answer": "a", "status": "done", "started_ms": started, "total_ms": total,
                "events": events,
                "exchange": { "request": { "method": "POST", "url": "u", "headers": headers, "body": "",
                    "signing": null, "credential": { "source": "s", "expires_in_secs": null } }, "chunks": chunks },
            })
        });
    vec(run, 0..3).prop_map(|runs| file(&runs))
}

fn file(runs: &[Value]) -> Value {
    json!({
        "format": super::FORMAT,
        "conversation": { "id": 1, "title": "t", "created_ms": 0, "updated_ms": 0 },
        "runs": runs,
    })
}

/// The shape generated above is a file the parser takes, when its numbers are sane: so the
/// property below is about accepted files, not only rejected ones.
#[test]
fn a_file_of_this_shape_is_accepted() {
    let run = json!({
        "run_id": 1, "position": 0, "route": "anthropic", "model": "m",
        "params": { "max_tokens": 10, "temperature": 0.5, "top_p": null, "stop_sequences": [] },
        "prompt": "p", "answer": "a", "status": "done", "started_ms": 5, "total_ms": 9,
        "events": [{ "at_ms": 3, "event": { "TextDelta": "x" } }],
        "exchange": { "request": { "method": "POST", "url": "u", "headers": [["x-api-key", "sk-ant-0123456789abcdef"]],
            "body": "", "signing": null, "credential": { "source": "s", "expires_in_secs": null } },
            "chunks": [{ "at_us": 7, "base64": "AAAA" }] },
    });
    let conversation = super::parse(&file(&[run]).to_string()).unwrap();
    let exchange = conversation.runs[0].exchange.as_ref().unwrap();
    assert_eq!(exchange.request.as_ref().unwrap().headers[0].1, "sk-a…cdef", "masked on import");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_conversation_or_an_error(text in any::<String>()) {
        let _ = super::parse(&text);
    }

    #[test]
    fn an_accepted_file_holds_only_replayable_times(file in run_file()) {
        if let Ok(conversation) = super::parse(&file.to_string()) {
            for run in &conversation.runs {
                let times: Vec<u64> = run.events.iter().map(|event| event.at_ms).collect();
                prop_assert!(times.iter().all(|&ms| ms <= MAX_RUN_MS), "{times:?}");
                prop_assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "{times:?}");
                prop_assert!(run.record.ended.timings.total_ms.is_none_or(|ms| ms <= MAX_RUN_MS));
            }
        }
    }
}
