//! Per route and model figures over the whole history: how often it fails, how fast it is,
//! how many tokens it used.

use std::collections::BTreeMap;

use super::Store;
use super::error::StoreError;
use super::sql::get_u64;
use super::status::RunStatus;

/// Figures for one route and model.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteModelStats {
    pub route: String,
    pub model: String,
    /// Every stored run, whatever its status.
    pub runs: u64,
    pub failed: u64,
    /// Failed runs among those that ended on their own (done or failed); cancelled, interrupted
    /// and running ones say nothing about the route. `None` before any ended.
    pub failure_rate: Option<f64>,
    /// Medians over `done` runs.
    pub median_first_token_ms: Option<u64>,
    pub median_total_ms: Option<u64>,
    /// Token sums over every run (failed and cancelled runs are billed too).
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_read_tokens: u64,
    pub cache_write_tokens: u64,
    pub thinking_tokens: u64,
    /// The estimated cost of every run, in USD; `None` when a run with tokens has no known
    /// price (a sum that leaves runs out would read as a total).
    pub estimated_cost_usd: Option<f64>,
}

/// What one stored run went to and used, for pricing it.
pub struct PricedRun<'a> {
    pub route: &'a str,
    pub model: &'a str,
    /// Where it went: prices may depend on the AWS region or the Vertex location.
    pub place: crate::routes::Place,
    pub usage: &'a crate::routes::event::Usage,
}

#[derive(Default)]
struct Tally {
    runs: u64,
    done: u64,
    failed: u64,
    first_token_ms: Vec<u64>,
    total_ms: Vec<u64>,
    tokens: [u64; 5],
    cost: f64,
    unpriced: bool,
}

impl Store {
    /// Figures for every route and model in the history, sorted by route then model, each
    /// run priced by `price` (`None`: unknown). Reads one row per run: meant for a stats
    /// screen, not for every frame.
    pub fn stats(&self, price: impl Fn(&PricedRun<'_>) -> Option<f64>) -> Result<Vec<RouteModelStats>, StoreError> {
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT route, model, status, first_token_ms, total_ms, input_tokens, output_tokens,
                    cache_read_tokens, cache_write_tokens, thinking_tokens, region, profile, location, project
                 FROM run",
            )
            .map_err(self.sql())?;
        let mut rows = select.query([]).map_err(self.sql())?;
        let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
        while let Some(row) = rows.next().map_err(self.sql())? {
            let mut add = || -> rusqlite::Result<()> {
                let tally = tallies.entry((row.get(0)?, row.get(1)?)).or_default();
                let status: RunStatus = row.get(2)?;
                tally.runs += 1;
                match status {
                    RunStatus::Done => {
                        tally.done += 1;
                        tally.first_token_ms.extend(get_u64(row, 3)?);
                        tally.total_ms.extend(get_u64(row, 4)?);
                    }
                    RunStatus::Failed => tally.failed += 1,
                    RunStatus::Running | RunStatus::Cancelled | RunStatus::Interrupted => {}
                }
                let mut counts = [None; 5];
                for ((sum, count), column) in tally.tokens.iter_mut().zip(&mut counts).zip(5..) {
                    *count = get_u64(row, column)?;
                    *sum = sum.saturating_add(count.unwrap_or(0));
                }
                let [input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, thinking_tokens] = counts;
                let usage = crate::routes::event::Usage {
                    input_tokens,
                    output_tokens,
                    cache_read_tokens,
                    cache_write_tokens,
                    thinking_tokens,
                };
                // A run that reported no tokens was billed nothing.
                if counts.iter().any(Option::is_some) {
                    let (route, model): (String, String) = (row.get(0)?, row.get(1)?);
                    let parts = crate::routes::Places {
                        region: row.get(10)?,
                        profile: row.get(11)?,
                        location: row.get(12)?,
                        project: row.get(13)?,
                    };
                    let place = crate::routes::Place::for_route_name(&route, parts);
                    let run = PricedRun { route: &route, model: &model, place, usage: &usage };
                    match price(&run) {
                        Some(usd) => tally.cost += usd,
                        None => tally.unpriced = true,
                    }
                }
                Ok(())
            };
            add().map_err(self.sql())?;
        }
        Ok(tallies.into_iter().map(|((route, model), tally)| tally.into_stats(route, model)).collect())
    }
}

impl Tally {
    fn into_stats(mut self, route: String, model: String) -> RouteModelStats {
        let ended = self.done + self.failed;
        let [input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, thinking_tokens] = self.tokens;
        RouteModelStats {
            route,
            model,
            runs: self.runs,
            failed: self.failed,
            failure_rate: (ended > 0).then(|| self.failed as f64 / ended as f64),
            median_first_token_ms: median(&mut self.first_token_ms),
            median_total_ms: median(&mut self.total_ms),
            input_tokens,
            output_tokens,
            cache_read_tokens,
            cache_write_tokens,
            thinking_tokens,
            estimated_cost_usd: (!self.unpriced).then_some(self.cost),
        }
    }
}

/// The median, the mean of the middle two for an even count.
fn median(values: &mut [u64]) -> Option<u64> {
    values.sort_unstable();
    let middle = values.len() / 2;
    match values.len() {
        0 => None,
        len if len % 2 == 1 => Some(values[middle]),
        _ => Some(values[middle - 1].midpoint(values[middle])),
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians_of_odd_even_and_empty_lists() {
        assert_eq!(median(&mut [30, 10, 20]), Some(20));
        assert_eq!(median(&mut [40, 10, 30, 20]), Some(25));
        assert_eq!(median(&mut []), None);
    }
}
