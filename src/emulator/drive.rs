//! Plays a plan out as a paced stream of frames. Surface-neutral: an [`Encoder`] turns each
//! step into its surface's bytes; pacing, stream faults and shutdown are handled here, once.
//!
//! Frames are encoded one at a time as the stream is polled, so a slow pace really trickles.
//! Tokens are due at steady intervals from the first one, so pauses shorter than the timer's
//! millisecond still average out to the asked pace. On shutdown the remaining frames go out
//! without pauses and a stall ends.

use super::faults::StreamFault;
use super::plan::{Block, Plan};
use super::state;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use std::io;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// How many deltas go out before a stream fault strikes.
const DELTAS_BEFORE_FAULT: usize = 3;
/// How long `stall` keeps a connection silent before dropping it.
const STALL: Duration = Duration::from_mins(10);
/// The longest pause between two tokens, whatever the pace asked.
const MAX_PAUSE_SECS: f64 = 60.0;

/// One surface's wire encoding of a response stream.
pub trait Encoder: Send + 'static {
    fn start(&mut self) -> Bytes;
    fn block_start(&mut self, index: usize, block: &Block) -> Bytes;
    fn delta(&mut self, index: usize, block: &Block, piece: &str) -> Bytes;
    fn block_stop(&mut self, index: usize, block: &Block) -> Bytes;
    fn finish(&mut self, plan: &Plan) -> Bytes;
    /// An in-band error event.
    fn error(&mut self) -> Bytes;
    /// An in-band error blamed on the model; the plain error where the wire has no such thing.
    fn model_error(&mut self) -> Bytes {
        self.error()
    }
    /// A frame that is framed right but whose payload cannot be parsed.
    fn malformed(&mut self) -> Bytes;
    /// A frame whose checksum is wrong, on wires that have checksums.
    fn corrupt(&mut self) -> Bytes;
    /// The first half of a frame (the malformed one: its content never matters).
    fn truncated(&mut self) -> Bytes {
        let frame = self.malformed();
        frame.slice(..frame.len() / 2)
    }
}

/// The pause before each token at `tokens_per_second`, or `None` for no pause (0, negative,
/// not a number, or so fast the pause would be under a microsecond).
pub fn pace(tokens_per_second: f64) -> Option<Duration> {
    if !(tokens_per_second.is_finite() && tokens_per_second > 0.0) {
        return None;
    }
    let seconds = (1.0 / tokens_per_second).min(MAX_PAUSE_SECS);
    (seconds >= 1e-6).then(|| Duration::from_secs_f64(seconds))
}

/// Wait as long as streaming `plan` would take, for a response sent in one piece.
pub async fn wait_for_whole(plan: &Plan, pace: Option<Duration>, stop: watch::Receiver<bool>) {
    if let Some(pause) = pace {
        wait_until(Instant::now() + pause.saturating_mul(plan.output_tokens), stop).await;
    }
}

/// The frames of `plan`, paced, with `fault` after a few deltas.
pub fn play<E: Encoder>(
    plan: Plan,
    encoder: E,
    fault: Option<StreamFault>,
    pace: Option<Duration>,
    stop: watch::Receiver<bool>,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
    let steps = steps(&plan, fault).into_iter();
    let player = Player { plan, encoder, steps, pace, due: None, stop };
    let frames = futures_util::stream::unfold(player, |mut player| async move {
        let frame = player.next().await?;
        Some((frame, player))
    });
    // A step may have nothing to send on some wires (a Converse text block has no start event).
    frames.filter(|frame| std::future::ready(!matches!(frame, Ok(bytes) if bytes.is_empty())))
}

/// One step of a response; blocks and pieces are indices into the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Start,
    BlockStart(usize),
    Delta(usize, usize),
    BlockStop(usize),
    Fault(StreamFault),
    Finish,
}

fn steps(plan: &Plan, fault: Option<StreamFault>) -> Vec<Step> {
    let mut pending = fault;
    let mut deltas = 0;
    let mut steps = vec![Step::Start];
    for (index, block) in plan.blocks.iter().enumerate() {
        steps.push(Step::BlockStart(index));
        for piece in 0..block.pieces.len() {
            steps.push(Step::Delta(index, piece));
            deltas += 1;
            if deltas == DELTAS_BEFORE_FAULT {
                steps.extend(pending.take().map(Step::Fault));
            }
        }
        steps.push(Step::BlockStop(index));
    }
    steps.extend(pending.map(Step::Fault));
    steps.push(Step::Finish);
    steps
}

struct Player<E> {
    plan: Plan,
    encoder: E,
    steps: std::vec::IntoIter<Step>,
    pace: Option<Duration>,
    /// When the last token was due.
    due: Option<Instant>,
    stop: watch::Receiver<bool>,
}

impl<E: Encoder> Player<E> {
    async fn next(&mut self) -> Option<io::Result<Bytes>> {
        let step = self.steps.next()?;
        let blocks = &self.plan.blocks;
        Some(match step {
            Step::Start => Ok(self.encoder.start()),
            Step::BlockStart(index) => Ok(self.encoder.block_start(index, &blocks[index])),
            Step::Delta(index, piece) => {
                if let Some(pause) = self.pace {
                    let due = self.due.unwrap_or_else(Instant::now) + pause;
                    self.due = Some(due);
                    wait_until(due, self.stop.clone()).await;
                }
                Ok(self.encoder.delta(index, &blocks[index], &blocks[index].pieces[piece]))
            }
            Step::BlockStop(index) => Ok(self.encoder.block_stop(index, &blocks[index])),
            Step::Finish => Ok(self.encoder.finish(&self.plan)),
            Step::Fault(StreamFault::Malformed) => Ok(self.encoder.malformed()),
            Step::Fault(StreamFault::Corrupt) => Ok(self.encoder.corrupt()),
            Step::Fault(StreamFault::ErrorEvent) => {
                self.steps = Vec::new().into_iter();
                Ok(self.encoder.error())
            }
            Step::Fault(StreamFault::ModelError) => {
                self.steps = Vec::new().into_iter();
                Ok(self.encoder.model_error())
            }
            Step::Fault(StreamFault::Truncated) => {
                self.steps = Vec::new().into_iter();
                Ok(self.encoder.truncated())
            }
            Step::Fault(StreamFault::Cut) => {
                self.steps = Vec::new().into_iter();
                // Let the server flush what was sent: it drops its buffer on a body error.
                tokio::task::yield_now().await;
                Err(dropped("cut"))
            }
            Step::Fault(StreamFault::Stall) => {
                self.steps = Vec::new().into_iter();
                wait_until(Instant::now() + STALL, self.stop.clone()).await;
                Err(dropped("stall"))
            }
        })
    }
}

/// Wait until `due`, or less if shutting down.
async fn wait_until(due: Instant, stop: watch::Receiver<bool>) {
    tokio::select! {
        () = tokio::time::sleep_until(due) => {}
        () = state::stopping(stop) => {}
    }
}

/// The error that makes the server drop the connection mid-body.
fn dropped(fault: &str) -> io::Error {
    io::Error::new(io::ErrorKind::ConnectionAborted, format!("emulator fault {fault}: connection dropped"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::plan::{BlockKind, Stop};

    fn plan(pieces: &[&str]) -> Plan {
        let block = Block { kind: BlockKind::Text, pieces: pieces.iter().map(|p| (*p).to_owned()).collect() };
        Plan { blocks: vec![block], stop: Stop::EndTurn, output_tokens: 0, thinking_tokens: None }
    }

    #[test]
    fn fault_comes_after_three_deltas_or_before_the_end() {
        let fault = Some(StreamFault::Cut);
        let long = steps(&plan(&["a", "b", "c", "d"]), fault);
        assert_eq!(long[5], Step::Fault(StreamFault::Cut));
        assert_eq!(long[4], Step::Delta(0, 2));
        let short = steps(&plan(&["a"]), fault);
        assert_eq!(&short[3..], [Step::BlockStop(0), Step::Fault(StreamFault::Cut), Step::Finish]);
    }

    #[test]
    fn pace_bounds() {
        assert_eq!(pace(0.0), None);
        assert_eq!(pace(-3.0), None);
        assert_eq!(pace(f64::NAN), None);
        assert_eq!(pace(1e12), None);
        assert_eq!(pace(4.0), Some(Duration::from_millis(250)));
        assert_eq!(pace(1e-300), Some(Duration::from_mins(1)));
    }
}
