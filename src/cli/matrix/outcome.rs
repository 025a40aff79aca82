//! What an ended run comes to as a matrix cell: its figures, its cost and why it failed, and
//! whether its route pushed back (a 429, retried or not).

use crate::app::runs::{Phase, Run};
use crate::config::paths::Paths;
use crate::matrix::schedule::Throttle;
use crate::matrix::{CellKey, CellOutcome, CellStatus};
use crate::models::Catalog;
use crate::routes::error::ErrorKind;
use crate::store::RunKey;

/// The catalog cells are priced with: the built-in one with the user's `models.toml` over it.
pub struct Pricing {
    catalog: Catalog,
}

impl Pricing {
    #[must_use]
    pub fn load() -> Self {
        Self { catalog: Catalog::with_user_file(&Paths::discover().models_file()).0 }
    }

    /// The catalog, for the estimate before a matrix starts.
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}

/// Cell `key`'s outcome from its ended `run`, stored as `stored`.
#[must_use]
pub fn of_run(key: CellKey, run: &Run, stored: Option<RunKey>, pricing: &Pricing) -> CellOutcome {
    let millis = |duration: Option<std::time::Duration>| {
        duration.map(|duration| u64::try_from(duration.as_millis()).unwrap_or(u64::MAX))
    };
    let (status, error) = match &run.phase {
        Phase::Done => (CellStatus::Done, None),
        Phase::Failed(error) => (CellStatus::Failed, Some(one_line(&error.to_string()))),
        Phase::Cancelled => (CellStatus::Cancelled, Some("cancelled".to_owned())),
        _ => (CellStatus::Running, None),
    };
    let cost = crate::models::cost::estimate_served(
        &pricing.catalog,
        &run.target,
        &run.usage,
        run.served.service_tier.as_deref(),
    );
    CellOutcome {
        key,
        status,
        run: stored,
        ttft_ms: millis(run.time_to_first_token()),
        total_ms: millis(run.total_time()),
        input_tokens: run.usage.input_tokens,
        output_tokens: run.usage.output_tokens,
        tokens_per_second: run.tokens_per_second(),
        cost_usd: cost.map(|cost| cost.usd),
        error,
        retries: u32::try_from(run.retries.len()).unwrap_or(u32::MAX),
        batch: false,
    }
}

/// A retry's reason says the route throttled (HTTP 429: a rate limit, Bedrock's
/// `ThrottlingException`, Google's `RESOURCE_EXHAUSTED`).
#[must_use]
pub fn is_throttle(reason: &str) -> bool {
    reason.starts_with("HTTP 429")
}

/// The run failed because its route throttled it (no retry left, or none allowed).
#[must_use]
pub fn failed_throttled(run: &Run) -> Option<Throttle> {
    match &run.phase {
        Phase::Failed(error) if error.status == Some(429) || error.kind == ErrorKind::RateLimited => {
            Some(Throttle { retry_after: None })
        }
        _ => None,
    }
}

/// `text` on one line, for a cell's error.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::msg::RunId;
    use crate::routes::error::RunError;
    use crate::routes::{RouteId, Target};

    #[test]
    fn a_429_is_a_throttle_retried_or_failed_and_other_failures_are_not() {
        assert!(is_throttle("HTTP 429 rate_limit_error: slow down"));
        assert!(!is_throttle("HTTP 529 overloaded_error: busy"));
        let mut run = Run::new(RunId(1), Target::new(RouteId::Emulator, "emulator-fast"), "hi".into());
        let mut error = RunError::new(ErrorKind::Server, "emulator", "emulator-fast", "too many\nrequests");
        error.status = Some(429);
        run.phase = Phase::Failed(error.clone());
        assert_eq!(failed_throttled(&run), Some(Throttle { retry_after: None }));
        let pricing = Pricing { catalog: Catalog::builtin() };
        let cell = of_run(CellKey { prompt: 0, target: 0, sample: 0 }, &run, None, &pricing);
        assert_eq!(cell.status, CellStatus::Failed);
        assert!(cell.error.as_deref().is_some_and(|e| e.contains("too many requests")), "{cell:?}");
        error.status = Some(500);
        run.phase = Phase::Failed(error);
        assert_eq!(failed_throttled(&run), None);
    }
}
