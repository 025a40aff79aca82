//! The allowed range of every number a user gives routeplay as a float (config.toml, the
//! command line, an imported run file), in one place so each of them says the same thing.
//! A value outside its range (NaN and infinities included) is refused, never clamped into a
//! panic later (`Duration::from_secs_f64(inf)`).

use std::fmt;

/// An inclusive range, and what 0 means where 0 is allowed outside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FloatRange {
    pub min: f64,
    pub max: f64,
    /// `Some(meaning)` when 0 is allowed too, e.g. "no limit".
    pub zero: Option<&'static str>,
}

/// `[network] connect_timeout_secs`: 0.1 s to 10 minutes.
pub const CONNECT_TIMEOUT_SECS: FloatRange = FloatRange { min: 0.1, max: 600.0, zero: None };
/// `[network] idle_timeout_secs`: 0.1 s to a day.
pub const IDLE_TIMEOUT_SECS: FloatRange = FloatRange { min: 0.1, max: 86_400.0, zero: None };
/// `[network] run_deadline_secs`: 0.1 s to a day, or 0 for none.
pub const RUN_DEADLINE_SECS: FloatRange = FloatRange { min: 0.1, max: 86_400.0, zero: Some("no limit") };
/// `[emulator] tokens_per_second`, `--tokens-per-second`: up to a million, or 0 for no pause.
pub const TOKENS_PER_SECOND: FloatRange = FloatRange { min: 0.1, max: 1_000_000.0, zero: Some("as fast as possible") };
/// `temperature`, `--temperature`: 0 to 2 (Gemini's range; Anthropic's API takes 0 to 1).
pub const TEMPERATURE: FloatRange = FloatRange { min: 0.0, max: 2.0, zero: None };
/// `top_p`, `--top-p`: 0 to 1.
pub const TOP_P: FloatRange = FloatRange { min: 0.0, max: 1.0, zero: None };
/// `[compare] concurrency`, `[compare.concurrency_per_route]`, `compare --concurrency`: cells of
/// a matrix in flight at once on one route.
pub const COMPARE_CONCURRENCY: std::ops::RangeInclusive<usize> = 1..=64;
/// `[compare] repeat_spacing_ms`: up to a minute between two samples of one cell.
pub const REPEAT_SPACING_MS: std::ops::RangeInclusive<u64> = 0..=60_000;
/// `routeplay replay --speed`: a hundredth of the recorded pace to a thousand times it.
pub const REPLAY_SPEED: FloatRange = FloatRange { min: 0.01, max: 1000.0, zero: None };

impl FloatRange {
    /// Whether `value` is finite and in the range (or 0 where 0 has a meaning).
    #[must_use]
    pub fn allows(&self, value: f64) -> bool {
        value.is_finite() && ((self.min..=self.max).contains(&value) || (self.zero.is_some() && value == 0.0))
    }

    /// `Ok(value)` when allowed, else what is allowed: `must be a number from 0.1 to 600`.
    pub fn check(&self, value: f64) -> Result<f64, String> {
        if self.allows(value) { Ok(value) } else { Err(format!("must be a number from {self}")) }
    }

    /// A command-line value parser: the flag's value as a number in the range.
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        let value: f64 = text.trim().parse().map_err(|_| format!("not a number; give a number from {self}"))?;
        self.check(value).map_err(|_| format!("{} is out of range; give a number from {self}", text.trim()))
    }

    /// The same for an `f32` flag.
    #[expect(clippy::cast_possible_truncation, reason = "the range is checked first and lies well inside f32")]
    pub fn parse_f32(&self, text: &str) -> Result<f32, String> {
        self.parse(text).map(|value| value as f32)
    }
}

impl fmt::Display for FloatRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.min, self.max)?;
        match self.zero {
            Some(meaning) => write!(f, " (or 0: {meaning})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finite_values_in_range_are_allowed() {
        assert!(IDLE_TIMEOUT_SECS.allows(60.0));
        for bad in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e300, -1.0, 0.0, 0.05] {
            assert!(!IDLE_TIMEOUT_SECS.allows(bad), "{bad}");
        }
        assert!(RUN_DEADLINE_SECS.allows(0.0), "0 means no limit");
        assert!(TEMPERATURE.allows(0.0) && TEMPERATURE.allows(2.0) && !TEMPERATURE.allows(2.01));
    }

    #[test]
    fn messages_name_the_range_and_what_zero_means() {
        assert_eq!(RUN_DEADLINE_SECS.check(-3.0).unwrap_err(), "must be a number from 0.1 to 86400 (or 0: no limit)");
        assert_eq!(
            REPLAY_SPEED.parse("1e-300").unwrap_err(),
            "1e-300 is out of range; give a number from 0.01 to 1000"
        );
        assert_eq!(REPLAY_SPEED.parse("fast").unwrap_err(), "not a number; give a number from 0.01 to 1000");
        assert_eq!(TOP_P.parse_f32(" 0.9 "), Ok(0.9));
    }
}
