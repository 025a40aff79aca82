use super::*;
use crate::routes::event::{StopReason, Usage};

/// `events` logged at their times, with the answer and thinking they add up to, read back.
fn logged(events: &[(u64, StreamEvent)]) -> Vec<TimedEvent> {
    let (mut log, mut answer, mut thinking) = (EventLog::default(), String::new(), String::new());
    for (at_ms, event) in events {
        log.push(*at_ms, event);
        match event {
            StreamEvent::TextDelta(text) => answer.push_str(text),
            StreamEvent::ThinkingDelta(text) => thinking.push_str(text),
            _ => {}
        }
    }
    let timed: Vec<TimedEvent> = log.timed(&answer, &thinking);
    assert_eq!(log.len(), timed.len());
    timed
}

fn at(at_ms: u64, event: StreamEvent) -> TimedEvent {
    TimedEvent { at_ms, event }
}

fn text(text: &str) -> StreamEvent {
    StreamEvent::TextDelta(text.into())
}

fn thinking(text: &str) -> StreamEvent {
    StreamEvent::ThinkingDelta(text.into())
}

#[test]
fn deltas_of_one_kind_within_the_window_of_the_first_are_one_event_at_its_time() {
    let events = [(10, text("He")), (10, text("l")), (12, text("lo")), (10 + COALESCE_MS - 1, text("!"))];
    assert_eq!(logged(&events), [at(10, text("Hello!"))]);
    let thoughts = [(3, thinking("hm")), (4, thinking("m"))];
    assert_eq!(logged(&thoughts), [at(3, thinking("hmm"))]);
    let tool = [(5, StreamEvent::ToolInputDelta("{\"a\"".into())), (6, StreamEvent::ToolInputDelta(":1}".into()))];
    assert_eq!(logged(&tool), [at(5, StreamEvent::ToolInputDelta("{\"a\":1}".into()))]);
}

#[test]
fn a_delta_at_the_window_or_later_starts_a_new_event() {
    let events = [(10, text("a")), (12, text("b")), (10 + COALESCE_MS, text("c")), (500, text("d"))];
    assert_eq!(logged(&events), [at(10, text("ab")), at(10 + COALESCE_MS, text("c")), at(500, text("d"))]);
}

#[test]
fn deltas_of_different_kinds_or_split_by_another_event_stay_apart() {
    let usage = StreamEvent::Usage(Usage { output_tokens: Some(2), ..Usage::default() });
    let events = [
        (1, thinking("why")),
        (1, text("because")),
        (1, thinking(" so")),
        (2, text(" it")),
        (2, usage.clone()),
        (2, text(" is")),
        (3, StreamEvent::StopReason(StopReason::EndTurn)),
        (3, StreamEvent::Done),
    ];
    let expected = [
        at(1, thinking("why")),
        at(1, text("because")),
        at(1, thinking(" so")),
        at(2, text(" it")),
        at(2, usage),
        at(2, text(" is")),
        at(3, StreamEvent::StopReason(StopReason::EndTurn)),
        at(3, StreamEvent::Done),
    ];
    assert_eq!(logged(&events), expected);
}

#[test]
fn a_million_one_byte_deltas_cost_a_few_entries_not_a_million() {
    let mut log = EventLog::default();
    for n in 0..1_000_000_u64 {
        log.push(n / 1000, &text("y"));
    }
    let answer = "y".repeat(1_000_000);
    let timed: Vec<TimedEvent> = log.timed(&answer, "");
    assert_eq!(timed.len(), 1000_usize.div_ceil(usize::try_from(COALESCE_MS).unwrap()));
    let total: usize =
        timed.iter().map(|event| if let StreamEvent::TextDelta(t) = &event.event { t.len() } else { 0 }).sum();
    assert_eq!(total, answer.len(), "every byte is in exactly one event");
}

#[test]
fn a_multibyte_answer_splits_where_its_deltas_did() {
    let events = [(0, text("é")), (50, text("日本")), (100, thinking("ü"))];
    assert_eq!(logged(&events), [at(0, text("é")), at(50, text("日本")), at(100, thinking("ü"))]);
}

#[test]
fn text_shorter_than_the_log_reads_as_what_there_is() {
    let mut log = EventLog::default();
    log.push(0, &text("abc"));
    log.push(100, &text("def"));
    assert_eq!(log.timed("abcd", ""), [at(0, text("abc")), at(100, text("d"))]);
    assert_eq!(log.timed("a", ""), [at(0, text("a")), at(100, text(""))]);
}

#[test]
fn events_from_a_file_are_kept_whole_and_in_order() {
    let events = vec![at(5, text("Hel")), at(5, text("lo")), at(9, StreamEvent::Done)];
    let log = EventLog::from_events(events.clone());
    assert_eq!(log.timed("", ""), events);
}
