//! Counting a small matrix's input tokens before it starts, for the command line's estimate and
//! the playground's start dialog: one request to the route's counting endpoint per (prompt,
//! target) pair, all at once; a pair that cannot be counted is left to the length estimate.

use super::RunContext;
use crate::app::msg::Msg;
use crate::client::setup;
use crate::matrix::estimate::{self, counted_by_routes};
use crate::matrix::{MatrixPlan, request};
use crate::models::Places;
use std::collections::HashMap;
use tokio::sync::mpsc::UnboundedSender;

/// Input tokens by (prompt, target) index, as the routes counted them.
pub type PairCounts = HashMap<(u32, u32), u64>;

/// Each (prompt, target) pair's input tokens as its route counts them, when the routes count
/// this matrix ([`counted_by_routes`]); a pair that cannot be counted is left out (estimated).
pub async fn count_pairs(plan: &MatrixPlan, context: &RunContext) -> PairCounts {
    let mut counts = HashMap::new();
    if !counted_by_routes(plan) {
        return counts;
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (target_index, target) in (0_u32..).zip(&plan.targets).filter(|(_, target)| estimate::counts(target)) {
        for prompt in (0_u32..).take(plan.prompts.len()) {
            let Ok(request) = request::cell_request(plan, prompt) else { continue };
            let (context, target, demo) = (context.clone(), target.clone(), plan.demo);
            tasks.spawn(async move {
                let places = Places::default();
                let around = context.surroundings(demo, &places);
                let setup = setup::resolve(&target, &around).await.ok()?;
                let counted = context.client.count_tokens(&target, &request, &setup).await.ok()?;
                Some(((prompt, target_index), counted.input_tokens))
            });
        }
    }
    while let Some(joined) = tasks.join_next().await {
        if let Ok(Some((pair, tokens))) = joined {
            counts.insert(pair, tokens);
        }
    }
    counts
}

/// Count `plan`'s pairs off the UI task; answers with `Msg::MatrixCounted`.
pub fn spawn_matrix_count(context: &RunContext, tx: &UnboundedSender<Msg>, plan: MatrixPlan) {
    let (context, tx) = (context.clone(), tx.clone());
    tokio::spawn(async move {
        let counts = count_pairs(&plan, &context).await;
        let _ = tx.send(Msg::MatrixCounted { matrix: plan.id, counts });
    });
}
