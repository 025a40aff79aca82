//! Distributions of a column's samples, and whether two columns' ranking means anything.

/// p50, p90 and max (and min, mean) of some samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Distribution {
    pub count: usize,
    pub min: f64,
    pub p50: f64,
    pub p90: f64,
    pub max: f64,
    pub mean: f64,
}

/// The distribution of `values` (NaN ignored); `None` when there are none.
#[must_use]
pub fn distribution(values: &[f64]) -> Option<Distribution> {
    todo!("{values:?}")
}

/// How many of `values` fall in each of `bins` equal-width bins from min to max.
#[must_use]
pub fn histogram(values: &[f64], bins: usize) -> Vec<u32> {
    todo!("{values:?}{bins}")
}

/// A histogram as block characters (`▁▂▃▄▅▆▇█`), one per bin, scaled to the largest.
#[must_use]
pub fn sparkline(counts: &[u32]) -> String {
    todo!("{counts:?}")
}

/// A text bar of `width` cells for `value` out of `max` (`█` and partial blocks), for reports.
#[must_use]
pub fn text_bar(value: f64, max: f64, width: usize) -> String {
    todo!("{value}{max}{width}")
}

/// Whether one sample is really faster (lower) than another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ranking {
    /// Too few samples on one side to say anything (one sample is never a finding).
    TooFewSamples,
    /// The two overlap so much that the order is noise (two-sided p-value at or above 0.05).
    Overlapping { p_value: f64 },
    /// The first is lower than the second beyond noise.
    FirstLower { p_value: f64 },
    /// The second is lower.
    SecondLower { p_value: f64 },
}

/// A Mann–Whitney U test of `a` against `b` (normal approximation with tie correction).
#[must_use]
pub fn rank(a: &[f64], b: &[f64]) -> Ranking {
    todo!("{a:?}{b:?}")
}
