//! Plays recorded runs back as the messages a live run sends (`Started`, each event, then its
//! recorded ending), each event at its recorded time since its run started, divided by the
//! replay speed: the playground's replays, of a conversation or of a compare's columns at once.

use crate::app::effect::ReplayRun;
use crate::app::msg::Msg;
use crate::routes::event::RunUpdate;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// The longest any event of a replay waits from its run's start, whatever its recorded time:
/// a time from a hand-edited file cannot push a deadline past what a clock can hold.
const MAX_OFFSET: Duration = Duration::from_hours(366 * 24);

/// When an event recorded `at_ms` after its run started is due in a replay at `speed`: its
/// time divided by the speed, the speed held to its range (NaN plays at the recorded pace).
#[must_use]
pub fn replay_offset(at_ms: u64, speed: f64) -> Duration {
    let range = crate::config::ranges::REPLAY_SPEED;
    let speed = if speed.is_nan() { 1.0 } else { speed.clamp(range.min, range.max) };
    Duration::try_from_secs_f64(Duration::from_millis(at_ms).as_secs_f64() / speed)
        .map_or(MAX_OFFSET, |offset| offset.min(MAX_OFFSET))
}

/// Play `steps`: the runs of each step together, the steps one after another.
pub async fn play(tx: mpsc::UnboundedSender<Msg>, steps: Vec<Vec<ReplayRun>>, speed: f64) {
    for step in steps {
        futures_util::future::join_all(step.into_iter().map(|run| play_run(&tx, run, speed))).await;
    }
}

async fn play_run(tx: &mpsc::UnboundedSender<Msg>, ReplayRun { run, events, ending }: ReplayRun, speed: f64) {
    // Tokio's clock, so a test can run a replay in paused time.
    let started = Instant::now();
    let send = |update| {
        let _ = tx.send(Msg::Run { run, at: Instant::now().into_std(), update });
    };
    send(RunUpdate::Started);
    for event in events {
        let due = started + replay_offset(event.at_ms, speed);
        tokio::time::sleep_until(due).await;
        send(RunUpdate::Event(event.event));
    }
    send(RunUpdate::Finished(ending));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::msg::RunId;
    use crate::routes::event::StreamEvent;
    use crate::store::TimedEvent;

    fn recorded(run: u64, times_ms: &[u64]) -> ReplayRun {
        let events = times_ms
            .iter()
            .map(|&at_ms| TimedEvent { at_ms, event: StreamEvent::TextDelta(format!("at {at_ms}")) })
            .collect();
        ReplayRun { run: RunId(run), events, ending: Ok(()) }
    }

    /// Every message of a replay: run, time since the first message, update.
    async fn played(steps: Vec<Vec<ReplayRun>>, speed: f64) -> Vec<(u64, Duration, RunUpdate)> {
        let (tx, mut rx) = mpsc::unbounded_channel();
        play(tx, steps, speed).await;
        let mut out = Vec::new();
        let mut first = None;
        while let Ok(Msg::Run { run, at, update }) = rx.try_recv() {
            let start = *first.get_or_insert(at);
            out.push((run.0, at.duration_since(start), update));
        }
        out
    }

    fn event_times(messages: &[(u64, Duration, RunUpdate)], run: u64) -> Vec<Duration> {
        messages
            .iter()
            .filter(|(id, _, update)| *id == run && matches!(update, RunUpdate::Event(_)))
            .map(|(_, at, _)| *at)
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn events_come_at_their_recorded_times_divided_by_the_speed() {
        let messages = played(vec![vec![recorded(1, &[0, 120, 126, 900])]], 2.0).await;
        let millis: Vec<u128> = event_times(&messages, 1).iter().map(Duration::as_millis).collect();
        assert_eq!(millis, [0, 60, 63, 450]);
        let texts: Vec<&RunUpdate> = messages.iter().map(|(_, _, update)| update).collect();
        assert!(matches!(texts.first(), Some(RunUpdate::Started)));
        assert!(matches!(texts.last(), Some(RunUpdate::Finished(Ok(())))));
        assert_eq!(
            texts.iter().filter(|update| matches!(update, RunUpdate::Event(StreamEvent::TextDelta(_)))).count(),
            4
        );
    }

    #[test]
    fn any_recorded_time_and_speed_gives_a_bounded_offset() {
        assert_eq!(replay_offset(900, 2.0), Duration::from_millis(450));
        assert_eq!(replay_offset(1000, f64::NAN), Duration::from_secs(1));
        assert_eq!(replay_offset(1000, 1e-300), Duration::from_secs(100), "held to the slowest speed");
        assert_eq!(replay_offset(1000, f64::INFINITY), Duration::from_millis(1), "held to the fastest");
        assert_eq!(replay_offset(u64::MAX, 0.01), MAX_OFFSET);
    }

    #[tokio::test(start_paused = true)]
    async fn a_time_past_any_clock_does_not_panic() {
        let messages = played(vec![vec![recorded(1, &[5, u64::MAX])]], 1e-300).await;
        assert_eq!(event_times(&messages, 1), [Duration::from_millis(500), MAX_OFFSET]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_steps_runs_play_together_and_the_next_step_waits_for_them() {
        let steps = vec![vec![recorded(1, &[100, 300]), recorded(2, &[50, 500])], vec![recorded(3, &[10])]];
        let messages = played(steps, 1.0).await;
        assert_eq!(event_times(&messages, 1), [Duration::from_millis(100), Duration::from_millis(300)]);
        assert_eq!(event_times(&messages, 2), [Duration::from_millis(50), Duration::from_millis(500)]);
        assert_eq!(event_times(&messages, 3), [Duration::from_millis(510)], "after the slower column ended");
    }
}
