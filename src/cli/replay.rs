//! `routeplay replay ID [--speed X]`: play a stored conversation's answers again from their
//! recorded stream events, with the original pacing (or faster), offline: no route, no
//! credential. The label on standard error says it is a replay, of what, and how fast.

use super::ReplayArgs;
use crate::config::paths::Paths;
use crate::routes::event::StreamEvent;
use crate::store::{ConversationId, RunRecord, Store, TimedEvent};
use std::io::Write;
use std::time::Instant;

pub async fn run(args: ReplayArgs) -> i32 {
    super::exit_code(replay(&args).await.map(|()| 0))
}

async fn replay(args: &ReplayArgs) -> Result<(), String> {
    if !crate::config::ranges::REPLAY_SPEED.allows(args.speed) {
        return Err(format!(
            "--speed {:?}: give a number from {} (1 is the original pace, 2 twice as fast)",
            args.speed,
            crate::config::ranges::REPLAY_SPEED
        ));
    }
    let store = Store::open(Store::file(&Paths::discover())).map_err(|e| e.to_string())?;
    let detail = store
        .conversation(ConversationId(args.id))
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no conversation {} in the history (see `routeplay history list`)", args.id))?;
    let runs: Vec<(RunRecord, Vec<TimedEvent>)> = detail
        .runs
        .into_iter()
        .map(|run| store.events(run.key).map(|events| (run, events)).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    if runs.iter().all(|(_, events)| events.is_empty()) {
        return Err(format!(
            "conversation {} was stored without its stream events (by an older routeplay, or cut short): nothing to replay",
            args.id
        ));
    }
    let mut stdout = std::io::stdout();
    for (run, events) in &runs {
        eprintln!(
            "▶ replay of {} · {} ({}, recorded {}) at {}x",
            run.route,
            run.model,
            run.status.as_str(),
            crate::store::when(run.started_ms),
            args.speed
        );
        eprintln!("> {}", super::terminal_text::for_stderr(run.asked.prompt.lines().next().unwrap_or_default()));
        play(events, args.speed, &mut stdout).await;
        let _ = writeln!(stdout);
    }
    Ok(())
}

/// Write each text delta when it is due: at its recorded time divided by `speed`.
async fn play(events: &[TimedEvent], speed: f64, out: &mut impl Write) {
    let started = Instant::now();
    for event in events {
        let StreamEvent::TextDelta(text) = &event.event else { continue };
        let due = crate::player::replay_offset(event.at_ms, speed);
        if let Some(wait) = due.checked_sub(started.elapsed()) {
            tokio::time::sleep(wait).await;
        }
        let _ = out.write_all(super::terminal_text::for_stdout(text).as_bytes());
        let _ = out.flush();
    }
}
