//! Filters typed into the history search, beside the words searched for: `route:bedrock-invoke`,
//! `model:claude-sonnet-4-5-20250929`, `status:failed`, `since:7d` (also `12h`, `30m` or a date
//! `2026-11-01`). Everything else is full-text search. A filter that names nothing real is an
//! error naming it and what it may be.

use crate::store::{Filter, RunStatus};

/// A history query taken apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub filter: Filter,
    /// The words to search for; empty lists the newest conversations.
    pub text: String,
}

/// Split `query` into filters and search words; `now_ms` anchors relative times.
pub fn parse(query: &str, now_ms: i64) -> Result<Query, String> {
    let mut parsed = Query::default();
    let (filters, words) = crate::app::history::filter_words(query);
    for (key, value) in filters {
        match key {
            "route" => parsed.filter.route = Some(value.parse()?),
            "model" => parsed.filter.model = Some(value.to_owned()),
            "status" => {
                parsed.filter.status = Some(value.parse::<RunStatus>().map_err(|_| {
                    format!("status:{value}: a status is done, failed, cancelled, interrupted or running")
                })?);
            }
            _ => parsed.filter.since_ms = Some(since(value, now_ms)?),
        }
    }
    parsed.text = words.join(" ");
    Ok(parsed)
}

/// Whether a search hit passes the filters (the store applies them itself when listing).
#[must_use]
pub fn keeps(filter: &Filter, route: &str, model: &str, status: RunStatus, started_ms: i64) -> bool {
    filter.route.is_none_or(|wanted| wanted.name() == route)
        && filter.model.as_deref().is_none_or(|wanted| wanted == model)
        && filter.status.is_none_or(|wanted| wanted == status)
        && filter.since_ms.is_none_or(|since| started_ms >= since)
}

/// `7d`, `12h`, `30m` ago, or midnight UTC of `YYYY-MM-DD`, in ms since the epoch.
fn since(value: &str, now_ms: i64) -> Result<i64, String> {
    let bad = || format!("since:{value}: give an age (7d, 12h, 30m) or a date (2026-11-01)");
    if let Some((number, unit)) = value.split_at_checked(value.len().saturating_sub(1)) {
        let minutes = match unit {
            "d" => Some(24 * 60),
            "h" => Some(60),
            "m" => Some(1),
            _ => None,
        };
        if let (Some(minutes), Ok(count)) = (minutes, number.parse::<i64>()) {
            return Ok(now_ms.saturating_sub(count.saturating_mul(minutes).saturating_mul(60_000)));
        }
    }
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return Err(bad()) };
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<i64>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return Err(bad());
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad());
    }
    Ok(days_from_civil(year, month, day) * 86_400_000)
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;

    const NOW: i64 = 1_764_115_200_000; // 2025-11-26T00:00:00Z

    #[test]
    fn filters_come_apart_from_the_words() {
        let query = parse("route:bedrock-invoke  status:failed inference profile model:m-1 since:2d", NOW).unwrap();
        assert_eq!(query.text, "inference profile");
        assert_eq!(query.filter.route, Some(RouteId::BedrockInvoke));
        assert_eq!(query.filter.status, Some(RunStatus::Failed));
        assert_eq!(query.filter.model.as_deref(), Some("m-1"));
        assert_eq!(query.filter.since_ms, Some(NOW - 2 * 86_400_000));
    }

    #[test]
    fn dates_and_ages() {
        assert_eq!(parse("since:2025-11-26", NOW).unwrap().filter.since_ms, Some(NOW));
        assert_eq!(parse("since:1970-01-01", NOW).unwrap().filter.since_ms, Some(0));
        assert_eq!(parse("since:30m", NOW).unwrap().filter.since_ms, Some(NOW - 1_800_000));
    }

    #[test]
    fn bad_filters_are_named_and_other_colons_are_search_words() {
        assert!(parse("route:nowhere", NOW).unwrap_err().contains("unknown route \"nowhere\""));
        assert!(parse("status:great", NOW).unwrap_err().contains("status:great"));
        assert!(parse("since:yesterday", NOW).unwrap_err().contains("since:yesterday"));
        let query = parse("anthropic.claude-3-haiku-v1:0 route: http://x", NOW).unwrap();
        assert_eq!(query.text, "anthropic.claude-3-haiku-v1:0 route: http://x");
        assert_eq!(query.filter, Filter::default());
    }

    #[test]
    fn hits_are_kept_by_every_filter_set() {
        let filter = Filter { route: Some(RouteId::Anthropic), since_ms: Some(100), ..Filter::default() };
        assert!(keeps(&filter, "anthropic", "m", RunStatus::Done, 100));
        assert!(!keeps(&filter, "anthropic", "m", RunStatus::Done, 99));
        assert!(!keeps(&filter, "emulator", "m", RunStatus::Done, 200));
    }
}
