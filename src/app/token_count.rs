//! Token counts of the next request (`alt+t` in the prompt): what the route's own counting
//! endpoint says the request would take as input, and its input cost, for the chosen target
//! (in the status line) or for every compare column (under its header), until the next send.

use crate::models::cost::thousands;
use crate::routes::Target;

/// What a route's counting endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountAnswer {
    pub input_tokens: u64,
    /// The model id counted: the bare foundation id where the route refuses a profile id.
    pub counted_model: String,
}

/// Where one count stands.
#[derive(Debug, Clone, PartialEq)]
pub enum CountState {
    Counting,
    /// The count and its estimated input cost (`None`: no list price for the model).
    Counted {
        answer: CountAnswer,
        input_usd: Option<f64>,
    },
    /// Why it could not be counted: no counting endpoint, a refusal, no credential.
    Failed(String),
}

/// One target's count of the next request.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenCount {
    pub target: Target,
    pub state: CountState,
}

impl TokenCount {
    #[must_use]
    pub fn counting(target: Target) -> Self {
        Self { target, state: CountState::Counting }
    }

    /// `≈ 1,234 input tokens on bedrock-invoke (counted as anthropic.…) · input $0.0037`; a
    /// compare column, whose header names the route, leaves `on ROUTE` out.
    #[must_use]
    pub fn line(&self, with_route: bool) -> String {
        let route = &self.target.route;
        let on = if with_route { format!(" on {route}") } else { String::new() };
        match &self.state {
            CountState::Counting => format!("counting input tokens{on}…"),
            CountState::Counted { answer, input_usd } => {
                let model = if answer.counted_model == self.target.model {
                    String::new()
                } else {
                    format!(" (counted as {})", answer.counted_model)
                };
                let cost = input_usd.map_or_else(
                    || format!("input cost unknown (no list price for {})", self.target.model),
                    |usd| format!("input ${usd:.4}"),
                );
                format!("≈ {} input tokens{on}{model} · {cost}", thousands(answer.input_tokens))
            }
            CountState::Failed(why) => format!("token count{on} failed: {why}"),
        }
    }

    #[must_use]
    pub fn failed(&self) -> bool {
        matches!(self.state, CountState::Failed(_))
    }
}

/// The counts asked for last. `ask` grows with every count and every send, so an answer to an
/// older one is recognised and dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenCounts {
    pub ask: u64,
    /// The chosen target's, outside the compare view.
    pub prompt: Option<TokenCount>,
    /// Each compare column's, by column index (the column's target is kept to check it still
    /// is that column's).
    pub columns: Vec<Option<TokenCount>>,
}

impl TokenCounts {
    /// Forget every count (a send makes them stale) and every answer still on its way.
    pub fn forget(&mut self) {
        *self = Self { ask: self.ask + 1, ..Self::default() };
    }

    /// Column `index`'s count, when that column still has `target`.
    #[must_use]
    pub fn of_column(&self, index: usize, target: &Target) -> Option<&TokenCount> {
        self.columns.get(index)?.as_ref().filter(|count| count.target == *target)
    }
}
