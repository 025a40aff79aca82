//! JSONL: one object per sample with the CSV's fields (numbers as numbers, unknown as
//! `null`), the prompt as sent (placeholders filled) and the answer where the caller has it.

use super::{Answers, figure, labels};
use crate::matrix::Matrix;
use serde::Serialize;

/// One sample, its fields in the CSV's order.
#[derive(Serialize)]
struct Line<'a> {
    prompt_id: &'a str,
    target: String,
    sample: u32,
    status: &'static str,
    ttft_ms: Option<u64>,
    total_ms: Option<u64>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    tokens_per_second: Option<f64>,
    cost_usd: Option<f64>,
    error: Option<&'a str>,
    run_id: Option<i64>,
    /// Retries before the first byte: a sign the route throttled.
    retries: u32,
    /// It came back through a provider's batch service.
    batch: bool,
    prompt: &'a str,
    answer: Option<String>,
}

pub(super) fn render(matrix: &Matrix, answers: Answers<'_>) -> String {
    let prompts: Vec<String> = matrix.plan.prompts.iter().map(crate::matrix::PromptItem::rendered_prompt).collect();
    let mut out = String::new();
    for cell in &matrix.cells {
        let (prompt_id, target) = labels(matrix, cell);
        let line = Line {
            prompt_id,
            target,
            sample: cell.key.sample,
            status: cell.status.as_str(),
            ttft_ms: cell.ttft_ms,
            total_ms: cell.total_ms,
            input_tokens: cell.input_tokens,
            output_tokens: cell.output_tokens,
            tokens_per_second: figure(cell.tokens_per_second),
            cost_usd: figure(cell.cost_usd),
            error: cell.error.as_deref(),
            run_id: cell.run.map(|run| run.0),
            retries: cell.retries,
            batch: cell.batch,
            prompt: prompts.get(cell.key.prompt as usize).map_or("", String::as_str),
            answer: cell.run.and_then(answers),
        };
        // A line of strings, numbers and options: serde_json cannot fail on it.
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    }
    out
}
