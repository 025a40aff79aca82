//! Tool calls: ids, names and arguments in pieces, however servers number and split them.

use super::*;

fn call(json: &str) -> String {
    delta(&format!("{{\"tool_calls\":[{json}]}}"), "")
}

fn start(id: &str, name: &str) -> StreamEvent {
    StreamEvent::ToolUseStart { id: id.into(), name: name.into() }
}

fn input(json: &str) -> StreamEvent {
    StreamEvent::ToolInputDelta(json.into())
}

#[test]
fn a_whole_call_in_one_piece_with_index_last() {
    let groq = call(
        "{\"id\":\"fc_1\",\"type\":\"function\",\"function\":{\"name\":\"get\",\"arguments\":\"{\\\"n\\\":1}\"},\"index\":0}",
    );
    assert_eq!(
        decode_ok(&format!("{groq}{DONE}")),
        [metadata(), start("fc_1", "get"), input("{\"n\":1}"), StreamEvent::Done]
    );
}

#[test]
fn parallel_calls_one_after_another() {
    let body = [
        call("{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}"),
        call("{\"index\":0,\"function\":{\"arguments\":\"{}\"}}"),
        call("{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{\"}}"),
        call("{\"index\":1,\"function\":{\"arguments\":\"}\"}}"),
        DONE.to_owned(),
    ]
    .concat();
    let expected =
        [metadata(), start("a", "f"), input("{}"), start("b", "g"), input("{"), input("}"), StreamEvent::Done];
    assert_eq!(decode_ok(&body), expected);
}

#[test]
fn a_new_id_under_the_same_index_is_a_new_call() {
    let body = [
        call("{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}"),
        call("{\"index\":0,\"id\":\"b\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}"),
        call("{\"index\":0,\"id\":\"b\",\"function\":{\"arguments\":\" \"}}"),
        DONE.to_owned(),
    ]
    .concat();
    let expected =
        [metadata(), start("a", "f"), input("{}"), start("b", "f"), input("{}"), input(" "), StreamEvent::Done];
    assert_eq!(decode_ok(&body), expected);
}

#[test]
fn a_call_without_id_or_index_is_named_by_its_place() {
    let body =
        [call("{\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"function\":{\"name\":\"g\"}}"), DONE.to_owned()]
            .concat();
    assert_eq!(
        decode_ok(&body),
        [metadata(), start("call_0", "f"), input("{}"), start("call_1", "g"), StreamEvent::Done]
    );
}

#[test]
fn arguments_going_back_to_an_earlier_call_are_a_fault() {
    let body = [
        call("{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\"}}"),
        call("{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\"}}"),
        call("{\"index\":0,\"function\":{\"arguments\":\"{}\"}}"),
    ]
    .concat();
    let outcome = decode(&[body.as_bytes()]);
    assert_eq!(outcome.events, [metadata(), start("a", "f"), start("b", "g")]);
    let Some(StreamFault::Malformed { detail }) = outcome.fault else { panic!("{:?}", outcome.fault) };
    assert!(detail.starts_with("tool call 0 went on after a later call began"), "{detail}");
}
