//! What a matrix will cost before it starts: its size, the input tokens (counted where the
//! route counts, else estimated from the prompt's length) and the most output it may bill.
//!
//! An estimated prompt is a token per 4 characters of its system prompt and prompt (rounded
//! up), plus [`ATTACHMENT_TOKENS`] per attached file. Prices are the catalog's, as a run is
//! priced ([`crate::models::cost`]): the regional premium and long-context rates apply, the
//! emulator has none, and a batch matrix costs half (every provider's batch discount).

use super::{CellStatus, Matrix, MatrixPlan};
use crate::models::{Catalog, cost};
use crate::routes::Target;
use crate::routes::event::Usage;

/// Input tokens of one prompt on one target, counted by the route (`Some`) or not.
pub type Counted<'a> = &'a dyn Fn(u32, u32) -> Option<u64>;

/// The tokens one attached file is estimated at when the route does not count: about what
/// Anthropic bills for a full-size image (width × height / 750 at 1.15 megapixels is ~1,600).
/// A PDF or a long text file costs more; a route that counts gives the real figure.
pub const ATTACHMENT_TOKENS: u64 = 1_600;

/// What one batch request costs of the same request on demand (Anthropic, Bedrock and Vertex
/// all charge half).
pub const BATCH_PRICE: f64 = 0.5;

/// The estimate shown before a matrix starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub cells: usize,
    pub input_tokens: u64,
    /// The most output tokens it may bill (`max_tokens` per cell).
    pub max_output_tokens: u64,
    /// Input priced plus the maximum output priced, in US dollars (batch price for a batch
    /// matrix); `None` when no target has a price.
    pub max_cost_usd: Option<f64>,
    /// How many cells' input tokens were counted by their route rather than estimated.
    pub counted_cells: usize,
    /// Targets without a price (the emulator, a model the catalog does not price), as
    /// `ROUTE[@SITE]:MODEL`, each once.
    pub unpriced: Vec<String>,
}

/// The most (prompt, target) pairs whose input tokens are counted by their route before a
/// matrix starts; a larger matrix is estimated from the prompts' length (counting is one
/// request per pair).
pub const MAX_COUNTED_PAIRS: usize = 40;

/// Whether the routes count `plan`'s input tokens before it starts: it has at most
/// [`MAX_COUNTED_PAIRS`] pairs and a target on a route that counts ([`counts`]).
#[must_use]
pub fn counted_by_routes(plan: &MatrixPlan) -> bool {
    plan.prompts.len() * plan.targets.len() <= MAX_COUNTED_PAIRS && plan.targets.iter().any(counts)
}

/// Whether `target`'s route has a token-counting endpoint.
#[must_use]
pub fn counts(target: &Target) -> bool {
    crate::routes::count::counting_of(target.route.spec()).is_ok()
}

/// The estimate for `plan`, with the input tokens the routes counted.
#[must_use]
pub fn estimate(plan: &MatrixPlan, catalog: &Catalog, counted: Counted<'_>) -> Estimate {
    estimate_samples(plan, catalog, counted, &|_, _| u64::from(plan.repeat))
}

/// The estimate for the cells of `matrix` still to send (a resume sends only those).
#[must_use]
pub fn estimate_rest(matrix: &Matrix, catalog: &Catalog, counted: Counted<'_>) -> Estimate {
    let to_send = |prompt, target| {
        matrix.samples(prompt, target).iter().filter(|cell| cell.status != CellStatus::Done).count() as u64
    };
    estimate_samples(&matrix.plan, catalog, counted, &to_send)
}

/// The estimate when `samples(prompt, target)` samples of each pair are sent.
fn estimate_samples(
    plan: &MatrixPlan,
    catalog: &Catalog,
    counted: Counted<'_>,
    samples: &dyn Fn(u32, u32) -> u64,
) -> Estimate {
    let max_tokens = u64::from(plan.base.params.max_tokens);
    let estimated: Vec<u64> = plan.prompts.iter().map(|item| estimated_tokens(plan, item)).collect();
    let mut totals = Estimate {
        cells: 0,
        input_tokens: 0,
        max_output_tokens: 0,
        max_cost_usd: None,
        counted_cells: 0,
        unpriced: Vec::new(),
    };
    for (column, target) in (0..).zip(&plan.targets) {
        let price = Pricing::of(catalog, target);
        let mut cost = 0.0;
        for (row, &estimate) in (0..).zip(&estimated) {
            let sent = samples(row, column);
            totals.cells += sent as usize;
            totals.max_output_tokens += max_tokens * sent;
            let tokens = match counted(row, column) {
                Some(tokens) => {
                    totals.counted_cells += sent as usize;
                    tokens
                }
                None => estimate,
            };
            totals.input_tokens += tokens * sent;
            if let Some(price) = &price {
                cost += price.cell(catalog, target, tokens, max_tokens) * sent as f64;
            }
        }
        match price {
            Some(_) => totals.max_cost_usd = Some(totals.max_cost_usd.unwrap_or(0.0) + cost),
            None if !totals.unpriced.contains(&target.spec()) => totals.unpriced.push(target.spec()),
            None => {}
        }
    }
    if plan.batch {
        totals.max_cost_usd = totals.max_cost_usd.map(|usd| usd * BATCH_PRICE);
    }
    totals
}

/// A prompt's input tokens from its length: its system prompt (or the base's) and prompt at
/// 4 characters a token, and [`ATTACHMENT_TOKENS`] per file.
fn estimated_tokens(plan: &MatrixPlan, item: &super::PromptItem) -> u64 {
    let system = item.rendered_system().or_else(|| plan.base.system.clone()).unwrap_or_default();
    let characters = (system.chars().count() + item.rendered_prompt().chars().count()) as u64;
    characters.div_ceil(4) + ATTACHMENT_TOKENS * item.attachments.len() as u64
}

/// One target's price per token, as the catalog prices a run, and the prompt size above which
/// the long-context price applies instead.
struct Pricing {
    input: f64,
    output: f64,
    long_above: Option<u64>,
}

impl Pricing {
    /// Worked out through [`cost::estimate`] itself (one input token, then one output token),
    /// so the premium and every rule of run pricing hold without a second copy of them.
    fn of(catalog: &Catalog, target: &Target) -> Option<Self> {
        let usd = |input, output| {
            let usage = Usage { input_tokens: Some(input), output_tokens: Some(output), ..Usage::default() };
            cost::estimate(catalog, target, &usage).map(|estimate| estimate.usd)
        };
        let long_above = catalog
            .family_of(target.route, &target.model)
            .and_then(|family| family.price(target.route))
            .and_then(|price| price.long_context.map(|long| long.above));
        Some(Self { input: usd(1, 0)?, output: usd(0, 1)?, long_above })
    }

    /// One cell of `input` tokens that answers with `output` tokens.
    fn cell(&self, catalog: &Catalog, target: &Target, input: u64, output: u64) -> f64 {
        if self.long_above.is_some_and(|above| input > above) {
            let usage = Usage { input_tokens: Some(input), output_tokens: Some(output), ..Usage::default() };
            return cost::estimate(catalog, target, &usage).map_or(0.0, |estimate| estimate.usd);
        }
        input as f64 * self.input + output as f64 * self.output
    }
}

#[cfg(test)]
#[path = "estimate_tests.rs"]
mod tests;
