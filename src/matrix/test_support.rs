//! Matrices for the unit tests of this module's files.

use super::{CellKey, CellOutcome, CellStatus, Matrix, MatrixPlan, PromptItem, Vars};
use crate::routes::request::ChatRequest;
use crate::routes::{RouteId, Target};
use crate::store::{MatrixId, RunKey};
use std::path::PathBuf;

/// A prompt item with no system prompt, attachments or vars.
pub fn item(id: &str, prompt: &str) -> PromptItem {
    PromptItem { id: id.into(), prompt: prompt.into(), system: None, attachments: Vec::new(), vars: Vars::new() }
}

/// A plan of `prompts` items (`p0`, `p1`, …) across `targets`, `repeat` samples each.
pub fn plan(prompts: usize, targets: Vec<Target>, repeat: u32) -> MatrixPlan {
    let mut base = ChatRequest::single("");
    base.turns.clear();
    MatrixPlan {
        id: MatrixId(77),
        source: "set.jsonl".into(),
        folder: PathBuf::from("/nowhere"),
        prompts: (0..prompts).map(|n| item(&format!("p{n}"), &format!("prompt {n}"))).collect(),
        targets,
        repeat,
        base,
        demo: false,
        batch: false,
        created_ms: 1_700_000_000_000,
    }
}

/// `count` (up to 4) emulator targets: `emulator:a`, `emulator:b`, …
pub fn targets(count: usize) -> Vec<Target> {
    ["a", "b", "c", "d"].iter().take(count).map(|model| Target::new(RouteId::Emulator, *model)).collect()
}

/// A done sample with `ttft` ms to the first token and its other figures derived from it.
pub fn done(prompt: u32, target: u32, sample: u32, ttft: u64) -> CellOutcome {
    let key = CellKey { prompt, target, sample };
    CellOutcome {
        run: Some(RunKey(i64::from(prompt * 1000 + target * 100 + sample))),
        ttft_ms: Some(ttft),
        total_ms: Some(ttft * 2),
        input_tokens: Some(10),
        output_tokens: Some(20),
        tokens_per_second: Some(50.0),
        cost_usd: Some(0.001),
        ..CellOutcome::empty(key, CellStatus::Done)
    }
}

/// A failed sample with `why`.
pub fn failed(prompt: u32, target: u32, sample: u32, why: &str) -> CellOutcome {
    let key = CellKey { prompt, target, sample };
    CellOutcome { error: Some(why.into()), ..CellOutcome::empty(key, CellStatus::Failed) }
}

/// A matrix of `plan` with `outcomes` set.
pub fn matrix(plan: MatrixPlan, outcomes: impl IntoIterator<Item = CellOutcome>) -> Matrix {
    let mut matrix = Matrix::new(plan);
    for outcome in outcomes {
        matrix.set(outcome);
    }
    matrix
}
