//! The `thinking` config a route is sent for the thinking mode asked.

use super::ThinkingConfig;
use crate::routes::capabilities::{Thinking, ThinkingShape};
use crate::routes::controls::ThinkingMode;

/// The smallest budget the Messages API takes ("`budget_tokens`: Input should be greater than
/// or equal to 1024").
pub const MIN_THINKING_BUDGET: u32 = 1024;

/// The budget adaptive thinking becomes on a route that takes only a budget
/// (`ThinkingShape::Budget`): half of `max_tokens`, and at least [`MIN_THINKING_BUDGET`]. It is
/// a mapping, not a silent change: the parity line names it ("adaptive sent as `budget_tokens`
/// N"). Below 2049 `max_tokens` the budget is not under `max_tokens`, and the service refuses
/// the request with its own message.
#[must_use]
pub fn adaptive_fallback_budget(max_tokens: u32) -> u32 {
    (max_tokens / 2).max(MIN_THINKING_BUDGET)
}

/// `None` when thinking is off or the route drops it.
pub(super) fn config(mode: ThinkingMode, max_tokens: u32, route: &Thinking) -> Option<ThinkingConfig> {
    route.support.field()?;
    match mode {
        ThinkingMode::Off => None,
        ThinkingMode::Budget(budget_tokens) => Some(ThinkingConfig::Enabled { budget_tokens }),
        ThinkingMode::Adaptive if route.shape == ThinkingShape::BudgetOrAdaptive => Some(ThinkingConfig::Adaptive),
        ThinkingMode::Adaptive => Some(ThinkingConfig::Enabled { budget_tokens: adaptive_fallback_budget(max_tokens) }),
    }
}
