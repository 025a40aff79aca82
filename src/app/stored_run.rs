//! A run in the history's terms, both ways: what it was asked and what came back, as the
//! recorder stores them and as a loaded turn brings them back. The one place where a [`Run`]'s
//! fields meet the store's.

use super::runs::{Phase, Run, Timings};
use crate::store::{Asked, Ended, Outcome};
use std::time::{Duration, Instant};

impl Run {
    /// What it was asked, with the files its request's last turn carried.
    #[must_use]
    pub fn asked(&self) -> Asked {
        let attachments = self.request.as_ref().and_then(|request| request.turns.last());
        Asked {
            params: self.params.clone(),
            system: self.system.clone(),
            prompt: self.prompt.clone(),
            attachments: attachments.map(|turn| turn.attachments.clone()).unwrap_or_default(),
        }
    }

    /// How it ended and what came back, its durations measured from its start.
    #[must_use]
    pub fn ended(&self) -> (Outcome, Ended) {
        let (outcome, error) = match &self.phase {
            Phase::Failed(error) => (Outcome::Failed, Some(error.to_string())),
            Phase::Cancelled => (Outcome::Cancelled, None),
            _ => (Outcome::Done, None),
        };
        let since_start = |at: Option<Instant>| Some(millis(at?.saturating_duration_since(self.timings.started?)));
        let ended = Ended {
            answer: self.text.clone(),
            thinking: self.thinking.clone(),
            stop_reason: self.stop_reason.clone(),
            usage: self.usage,
            timings: crate::store::Timings {
                credential_ms: self.timings.credential.map(millis),
                first_token_ms: since_start(self.timings.first_token),
                total_ms: since_start(self.timings.ended),
            },
            request_ids: self.request_id.iter().cloned().collect(),
            error,
        };
        (outcome, ended)
    }

    /// Take back what a stored run brought: its answer, thinking and figures, its last request
    /// id, and its durations as clock readings rebuilt around `now`.
    pub fn restore(&mut self, mut ended: Ended, now: Instant) {
        let at = |ms: Option<u64>| ms.map(|ms| now + Duration::from_millis(ms));
        self.timings = Timings {
            started: Some(now),
            first_token: at(ended.timings.first_token_ms),
            ended: at(ended.timings.total_ms),
            ..Timings::default()
        };
        self.request_id = ended.request_ids.pop();
        self.text = ended.answer;
        self.thinking = ended.thinking;
        self.usage = ended.usage;
        self.stop_reason = ended.stop_reason;
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::msg::RunId;
    use crate::routes::event::{StopReason, Usage};
    use crate::routes::{RouteId, Target};

    #[test]
    fn what_came_back_survives_the_history_both_ways() {
        let now = Instant::now();
        let mut run = Run::new(RunId(1), Target::new(RouteId::Emulator, "m"), "hi".into());
        let ended = Ended {
            answer: "hello".into(),
            thinking: "hmm".into(),
            stop_reason: Some(StopReason::EndTurn),
            usage: Usage { output_tokens: Some(2), ..Usage::default() },
            timings: crate::store::Timings { credential_ms: None, first_token_ms: Some(5), total_ms: Some(9) },
            request_ids: vec!["req-1".into()],
            error: None,
        };
        run.restore(ended.clone(), now);
        run.phase = Phase::Done;
        assert_eq!(run.ended(), (Outcome::Done, ended));
        assert_eq!(run.asked().prompt, "hi");
    }
}
