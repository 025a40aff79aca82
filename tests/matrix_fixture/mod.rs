//! A prompt set as the runtime hands it to the app (`Msg::PromptSetLoaded`), and cells filled
//! in by hand, for the matrix view's tests and bench.

#![allow(dead_code)] // each test binary uses its own subset

use routeplay::app::App;
use routeplay::app::matrix::{LoadedSet, MatrixState};
use routeplay::app::msg::Msg;
use routeplay::matrix::{CellKey, CellOutcome, CellStatus, MatrixPlan, PromptItem};
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{RouteId, Target};
use routeplay::store::MatrixId;

/// `prompts` prompts over emulator targets named `models`.
#[must_use]
pub fn loaded(prompts: usize, models: &[&str]) -> LoadedSet {
    let items: Vec<PromptItem> = (0..prompts)
        .map(|index| PromptItem {
            id: format!("q{}", index + 1),
            prompt: format!("Question number {} about routes", index + 1),
            system: None,
            attachments: Vec::new(),
            vars: std::collections::BTreeMap::new(),
        })
        .collect();
    let requests = items.iter().map(|item| ChatRequest::single(item.prompt.clone())).collect();
    let plan = MatrixPlan {
        id: MatrixId(42),
        source: "prompts.jsonl".into(),
        folder: ".".into(),
        prompts: items,
        targets: models.iter().map(|model| Target::new(RouteId::Emulator, *model)).collect(),
        repeat: 1,
        base: ChatRequest { turns: Vec::new(), ..ChatRequest::single("") },
        demo: false,
        batch: false,
        created_ms: 0,
    };
    LoadedSet { plan, requests }
}

/// Hand `set` to `app` as the runtime would.
pub fn load(app: &mut App, set: LoadedSet) {
    app.update(Msg::PromptSetLoaded(Ok(Box::new(set))));
}

/// A cell that ended with these figures.
#[must_use]
pub fn ended(key: CellKey, status: CellStatus, ttft_ms: u64, tokens: u64, cost: f64) -> CellOutcome {
    CellOutcome {
        ttft_ms: Some(ttft_ms),
        total_ms: Some(ttft_ms * 3),
        input_tokens: Some(20),
        output_tokens: Some(tokens),
        tokens_per_second: Some(tokens as f64 * 1000.0 / (ttft_ms * 2) as f64),
        cost_usd: Some(cost),
        ..CellOutcome::empty(key, status)
    }
}

/// Fill every cell of `state` in a fixed pattern: done cells with figures varying by row,
/// target and sample; some failed, some running, the last rows pending.
pub fn fill(state: &mut MatrixState) {
    let rows = state.matrix.plan.prompts.len() as u32;
    let keys: Vec<CellKey> = state.matrix.plan.keys().collect();
    for key in keys {
        let CellKey { prompt, target, sample } = key;
        let outcome = if prompt + 2 >= rows && rows > 3 {
            CellOutcome::empty(key, CellStatus::Pending)
        } else if prompt + 3 == rows && rows > 3 {
            CellOutcome::empty(key, CellStatus::Running)
        } else if (prompt + target) % 5 == 4 {
            CellOutcome {
                error: Some("HTTP 529 overloaded_error".into()),
                ..CellOutcome::empty(key, CellStatus::Failed)
            }
        } else {
            let ttft = 200 + u64::from((prompt * 37 + target * 91 + sample * 53) % 400);
            ended(
                key,
                CellStatus::Done,
                ttft,
                40 + u64::from((prompt + target) % 7) * 10,
                f64::from(target + 1) * 0.0004,
            )
        };
        state.matrix.set(outcome);
    }
}
