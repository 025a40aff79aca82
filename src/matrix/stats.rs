//! Distributions of a column's samples, and whether two columns' ranking means anything.
//!
//! Percentiles interpolate linearly between the two nearest ranks (Hyndman and Fan's type 7:
//! the default of `NumPy`, R and spreadsheets' `PERCENTILE.INC`), so p50 of an even count is the
//! mean of the middle two. NaN is ignored everywhere; infinities are ignored by
//! [`distribution`] and [`histogram`] (they have no place on a scale) but ranked by [`rank`].

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

/// The two-sided p-value under which a ranking is a finding.
pub const SIGNIFICANCE: f64 = 0.05;

/// The fewest samples on each side [`rank`] ranks.
pub const MIN_SAMPLES: usize = 3;

/// The distribution of `values` (NaN and infinities ignored); `None` when there are none.
#[must_use]
pub fn distribution(values: &[f64]) -> Option<Distribution> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|value| value.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    Some(Distribution {
        count: sorted.len(),
        min: sorted[0],
        p50: percentile(&sorted, 0.5),
        p90: percentile(&sorted, 0.9),
        max: sorted[sorted.len() - 1],
        mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
    })
}

/// The `fraction` (0 to 1) percentile of `sorted` (ascending, not empty), by linear
/// interpolation between the nearest ranks.
#[must_use]
#[expect(clippy::cast_sign_loss, reason = "the position is clamped to 0 or above")]
pub fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    let position = (sorted.len() - 1) as f64 * fraction.clamp(0.0, 1.0);
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (position - below as f64) * (sorted[above] - sorted[below])
}

/// How many of `values` fall in each of `bins` equal-width bins from min to max (the max in
/// the last bin; when every value is the same, all in the first). NaN and infinities ignored.
#[must_use]
#[expect(clippy::cast_sign_loss, reason = "no value is below the min")]
pub fn histogram(values: &[f64], bins: usize) -> Vec<u32> {
    let mut counts = vec![0; bins];
    let finite = || values.iter().copied().filter(|value| value.is_finite());
    let (Some(min), Some(max)) = (finite().reduce(f64::min), finite().reduce(f64::max)) else {
        return counts;
    };
    if bins == 0 {
        return counts;
    }
    let width = (max - min) / bins as f64;
    for value in finite() {
        let bin = if width > 0.0 { ((value - min) / width) as usize } else { 0 };
        counts[bin.min(bins - 1)] += 1;
    }
    counts
}

/// Eighths of a cell, from one to eight, rising from the bottom.
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A histogram as block characters (`▁▂▃▄▅▆▇█`), one per bin, scaled to the largest: an empty
/// bin is a space, any other at least `▁`.
#[must_use]
pub fn sparkline(counts: &[u32]) -> String {
    let largest = counts.iter().copied().max().unwrap_or(0);
    counts
        .iter()
        .map(|&count| match count {
            0 => ' ',
            count => {
                let level = (u64::from(count) * 8).div_ceil(u64::from(largest)).clamp(1, 8);
                LEVELS[level as usize - 1]
            }
        })
        .collect()
}

/// Eighths of a cell, from one to seven, growing from the left.
const PARTS: [char; 7] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A text bar of `width` cells for `value` out of `max` (`█` and partial blocks, to the nearest
/// eighth of a cell), padded with spaces to `width`, for reports. A value that is not a
/// number, not above 0, or a `max` that is not above 0 gives blanks; a value above `max` a
/// full bar.
#[must_use]
#[expect(clippy::cast_sign_loss, reason = "the fraction is 0 or above")]
pub fn text_bar(value: f64, max: f64, width: usize) -> String {
    let fraction = if max > 0.0 && value > 0.0 { (value / max).min(1.0) } else { 0.0 };
    let eighths = (fraction * width as f64 * 8.0).round() as usize;
    let (full, part) = (eighths / 8, eighths % 8);
    let mut bar = "█".repeat(full);
    if part > 0 {
        bar.push(PARTS[part - 1]);
    }
    let used = full + usize::from(part > 0);
    bar.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    bar
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

/// A Mann–Whitney U test of `a` against `b`: two-sided, by the normal approximation with the
/// tie correction of its variance and a continuity correction of 0.5 (`SciPy`'s
/// `mannwhitneyu(a, b, method="asymptotic")`). NaN is left out; fewer than [`MIN_SAMPLES`] on
/// either side is [`Ranking::TooFewSamples`]; every value tied is `Overlapping` with p = 1.
#[must_use]
pub fn rank(first: &[f64], second: &[f64]) -> Ranking {
    let numbers = |values: &[f64]| values.iter().copied().filter(|value| !value.is_nan()).collect::<Vec<_>>();
    let (first, second) = (numbers(first), numbers(second));
    if first.len() < MIN_SAMPLES || second.len() < MIN_SAMPLES {
        return Ranking::TooFewSamples;
    }
    let (n1, n2) = (first.len() as f64, second.len() as f64);
    let both = n1 + n2;
    // Every value with its side, in order; ties get the mean of the ranks they span.
    let mut pooled: Vec<(f64, bool)> =
        first.iter().map(|&v| (v, true)).chain(second.iter().map(|&v| (v, false))).collect();
    pooled.sort_by(|x, y| x.0.total_cmp(&y.0));
    let (mut rank_sum_first, mut tie_term) = (0.0, 0.0);
    let mut start = 0;
    while start < pooled.len() {
        let run = pooled[start..].iter().take_while(|(value, _)| value.total_cmp(&pooled[start].0).is_eq()).count();
        let end = start + run;
        let mean_rank = (start + end + 1) as f64 / 2.0;
        rank_sum_first += mean_rank * pooled[start..end].iter().filter(|(_, from_first)| *from_first).count() as f64;
        let run = run as f64;
        tie_term += run * run * run - run;
        start = end;
    }
    let u_first = rank_sum_first - n1 * (n1 + 1.0) / 2.0;
    let expected = n1 * n2 / 2.0;
    let variance = n1 * n2 / 12.0 * ((both + 1.0) - tie_term / (both * (both - 1.0)));
    if variance <= 0.0 {
        return Ranking::Overlapping { p_value: 1.0 };
    }
    let z_score = ((u_first - expected).abs() - 0.5).max(0.0) / variance.sqrt();
    let p_value = erfc(z_score / std::f64::consts::SQRT_2).min(1.0);
    if p_value >= SIGNIFICANCE {
        Ranking::Overlapping { p_value }
    } else if u_first < expected {
        Ranking::FirstLower { p_value }
    } else {
        Ranking::SecondLower { p_value }
    }
}

/// The complementary error function, to a relative error below 1.2e-7 (Numerical Recipes'
/// Chebyshev fit, `erfcc`): plenty for a p-value compared with 0.05.
fn erfc(x: f64) -> f64 {
    const COEFFICIENTS: [f64; 10] = [
        -1.265_512_23,
        1.000_023_68,
        0.374_091_96,
        0.096_784_18,
        -0.186_288_06,
        0.278_868_07,
        -1.135_203_98,
        1.488_515_87,
        -0.822_152_23,
        0.170_872_77,
    ];
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let series = COEFFICIENTS.iter().rev().fold(0.0, |sum, &c| c + t * sum);
    let value = t * (-x * x + series).exp();
    if x >= 0.0 { value } else { 2.0 - value }
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
