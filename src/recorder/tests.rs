use super::*;
use crate::routes::event::StreamEvent;
use crate::routes::{RouteId, Target};
use std::time::Instant;

fn streaming(text: &str) -> Run {
    let mut run = Run::new(RunId(1), Target::new(RouteId::Emulator, "m"), "p".into());
    let started = Instant::now();
    run.apply(started, crate::routes::event::RunUpdate::Started);
    run.apply(started, crate::routes::event::RunUpdate::Event(StreamEvent::TextDelta(text.into())));
    run
}

fn partial_text(commands: &[Command]) -> Option<(usize, usize)> {
    match commands {
        [Command::AppendPartial { answer, thinking, .. }] => Some((answer.len(), thinking.len())),
        _ => None,
    }
}

#[test]
fn a_partial_save_carries_the_text_so_far() {
    let mut recorder = Recorder::new(0);
    let run = streaming("hello");
    assert!(matches!(recorder.writes(&run).as_slice(), [Command::NewConversation { .. }, Command::StartRun { .. }]));
    assert_eq!(partial_text(&recorder.writes(&run)), Some((5, 0)));
    assert_eq!(partial_text(&recorder.writes(&run)), Some((5, 0)), "each save carries it all");
}

#[test]
fn past_the_partial_limit_one_save_carries_the_text_cut_there_then_the_end_carries_it_whole() {
    let mut recorder = Recorder::new(0);
    // A two-byte character straddles the limit: the cut falls before it.
    let text = format!("{}é{}", "a".repeat(MAX_PARTIAL_SAVE - 1), "b".repeat(10));
    let mut run = streaming(&text);
    recorder.writes(&run);
    assert_eq!(partial_text(&recorder.writes(&run)), Some((MAX_PARTIAL_SAVE - 1, 0)));
    assert!(recorder.writes(&run).is_empty(), "the cut text is saved once");
    run.apply(Instant::now(), crate::routes::event::RunUpdate::Finished(Ok(())));
    let writes = recorder.writes(&run);
    let [Command::FinishRun { end, .. }] = writes.as_slice() else { panic!("one finish: {writes:?}") };
    assert_eq!(end.ended.answer, text);
    let events: Vec<_> = end.events.timed(&end.ended.answer, &end.ended.thinking);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event, StreamEvent::TextDelta(text));
}
