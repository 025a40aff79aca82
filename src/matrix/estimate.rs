//! What a matrix will cost before it starts: its size, the input tokens (counted where the
//! route counts, else estimated from the prompt's length) and the most output it may bill.

use super::MatrixPlan;
use crate::models::Catalog;

/// Input tokens of one prompt on one target, counted by the route (`Some`) or not.
pub type Counted<'a> = &'a dyn Fn(u32, u32) -> Option<u64>;

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
    /// Targets without a price (the emulator, a model the catalog does not price).
    pub unpriced: Vec<String>,
}

/// The estimate for `plan`, with the input tokens the routes counted.
#[must_use]
pub fn estimate(plan: &MatrixPlan, catalog: &Catalog, counted: Counted<'_>) -> Estimate {
    let _ = (plan, catalog, counted);
    todo!()
}
