use super::*;
use crate::matrix::CellKey;
use crate::matrix::test_support::{done, failed, matrix, plan, targets};

fn with_status(prompt: u32, target: u32, sample: u32, status: CellStatus) -> CellOutcome {
    CellOutcome::empty(CellKey { prompt, target, sample }, status)
}

#[test]
fn columns_count_and_spread_every_sample() {
    let mut failed_with_cost = failed(1, 1, 0, "overloaded");
    failed_with_cost.cost_usd = Some(0.5);
    let m = matrix(
        plan(2, targets(3), 2),
        [
            done(0, 0, 0, 100),
            done(0, 0, 1, 200),
            done(1, 0, 0, 300),
            done(1, 0, 1, 400),
            done(0, 1, 0, 150),
            with_status(0, 1, 1, CellStatus::Cancelled),
            failed_with_cost,
            with_status(1, 1, 1, CellStatus::Running),
        ],
    );
    let columns = columns(&m);
    assert_eq!(columns.len(), 3);
    let first = &columns[0];
    assert_eq!((first.cells, first.done, first.failed, first.success_rate), (4, 4, 0, Some(1.0)));
    let ttft = first.ttft_ms.unwrap();
    assert_eq!((ttft.count, ttft.min, ttft.p50, ttft.max), (4, 100.0, 250.0, 400.0));
    assert_eq!((first.total_ms.unwrap().max, first.tokens_per_second.unwrap().p50), (800.0, 50.0));
    assert!((first.cost_usd.unwrap() - 0.004).abs() < 1e-12);
    // A cancelled cell is nobody's failure; a failed one's partial cost still counts.
    let second = &columns[1];
    assert_eq!((second.cells, second.done, second.failed, second.success_rate), (4, 1, 1, Some(0.5)));
    assert_eq!(second.ttft_ms.unwrap().count, 1);
    assert!((second.cost_usd.unwrap() - 0.501).abs() < 1e-12);
    // Nothing ended yet: no rate, no figures, no cost (unknown, not $0).
    let third = &columns[2];
    assert_eq!((third.cells, third.done, third.success_rate, third.ttft_ms, third.cost_usd), (4, 0, None, None, None));
}

#[test]
fn a_cell_shows_running_then_done_then_failed_or_cancelled() {
    use CellStatus::{Cancelled, Done, Failed, Pending, Running};
    let cases: [(&[CellStatus], CellStatus); 7] = [
        (&[Done, Running, Failed], Running),
        (&[Failed, Done, Pending], Done),
        (&[Failed, Cancelled, Failed], Failed),
        (&[Cancelled, Cancelled, Cancelled], Cancelled),
        (&[Failed, Pending, Failed], Pending),
        (&[Pending, Pending, Pending], Pending),
        (&[Done, Done, Done], Done),
    ];
    for (statuses, shown) in cases {
        let outcomes = statuses.iter().enumerate().map(|(sample, &status)| match status {
            Done => done(0, 0, sample as u32, 100),
            status => with_status(0, 0, sample as u32, status),
        });
        let m = matrix(plan(1, targets(1), 3), outcomes);
        assert_eq!(row(&m, 0)[0].status, shown, "{statuses:?}");
    }
}

#[test]
fn a_cell_gives_medians_of_its_done_samples_and_the_mean_cost() {
    let mut samples: Vec<CellOutcome> =
        [300, 100, 200, 400].iter().enumerate().map(|(s, &ms)| done(0, 0, s as u32, ms)).collect();
    for (sample, (tokens, cost)) in samples.iter_mut().zip([(10, 0.1), (11, 0.2), (12, 0.3), (13, 0.6)]) {
        sample.output_tokens = Some(tokens);
        sample.cost_usd = Some(cost);
    }
    samples[3].cost_usd = None;
    samples.push(failed(0, 0, 4, "x"));
    let m = matrix(plan(1, targets(1), 5), samples);
    let cell = &row(&m, 0)[0];
    assert_eq!((cell.status, cell.samples_done, cell.ttft_ms), (CellStatus::Done, 4, Some(250.0)));
    // The median of 10..13 is 11.5, rounded to 12.
    assert_eq!(cell.output_tokens, Some(12));
    assert!((cell.cost_usd.unwrap() - 0.2).abs() < 1e-12);
    let empty = &row(&matrix(plan(1, targets(1), 2), []), 0)[0];
    assert_eq!((empty.samples_done, empty.ttft_ms, empty.output_tokens, empty.cost_usd), (0, None, None, None));
}

#[test]
fn best_and_worst_are_marked_among_done_cells_that_differ() {
    use Mark::{Best, Neither, Worst};
    let mut cheap = done(0, 2, 0, 300);
    cheap.cost_usd = Some(0.0001);
    let mut failed_fast = failed(0, 3, 0, "x");
    failed_fast.ttft_ms = Some(1);
    let m = matrix(plan(1, targets(4), 1), [done(0, 0, 0, 100), done(0, 1, 0, 100), cheap, failed_fast]);
    let marks: Vec<(Mark, Mark)> = row(&m, 0).iter().map(|cell| (cell.ttft_mark, cell.cost_mark)).collect();
    // A tie for best marks both; the failed cell's figure is no rival.
    assert_eq!(marks, [(Best, Worst), (Best, Worst), (Worst, Best), (Neither, Neither)]);
    // One done cell, or every done cell equal: nothing to mark.
    let alone = matrix(plan(1, targets(2), 1), [done(0, 0, 0, 100)]);
    assert!(row(&alone, 0).iter().all(|cell| cell.ttft_mark == Neither && cell.cost_mark == Neither));
    let equal = matrix(plan(1, targets(2), 1), [done(0, 0, 0, 100), done(0, 1, 0, 100)]);
    assert!(row(&equal, 0).iter().all(|cell| cell.ttft_mark == Neither && cell.cost_mark == Neither));
}

/// A matrix of one prompt and `ttfts.len()` targets, sample `s` of target `t` at `ttfts[t][s]`.
fn sampled(ttfts: &[&[u64]]) -> Matrix {
    let repeat = ttfts.iter().map(|column| column.len()).max().unwrap_or(1) as u32;
    let outcomes = ttfts.iter().enumerate().flat_map(|(target, column)| {
        column.iter().enumerate().map(move |(sample, &ms)| done(0, target as u32, sample as u32, ms))
    });
    matrix(plan(1, targets(ttfts.len()), repeat), outcomes)
}

#[test]
fn findings_rank_only_beyond_noise() {
    // b against a: fully apart, U = 0 of 25, p = 0.012; b against c: U = 9, p = 0.531.
    let m = sampled(&[&[400, 410, 420, 430, 440], &[100, 110, 120, 130, 140], &[90, 500, 115, 420, 135]]);
    assert_eq!(
        findings(&m),
        [
            "Fastest to the first token by median: emulator:b (120 ms).",
            "emulator:b is faster to the first token than emulator:a (median 120 ms vs 420 ms, p = 0.012).",
            "emulator:b and emulator:c overlap (median 120 ms vs 135 ms, p = 0.531): their order may be noise.",
        ]
    );
}

#[test]
fn standings_say_the_same_as_the_findings_column_by_column() {
    let m = sampled(&[&[400, 410, 420, 430, 440], &[100, 110, 120, 130, 140], &[90, 500, 115, 420, 135]]);
    let (fastest, standings) = ttft_standings(&m).unwrap();
    assert_eq!(fastest, 1);
    assert!(matches!(standings[0], Ranking::FirstLower { p_value } if (p_value - 0.012).abs() < 0.001));
    assert!(matches!(standings[2], Ranking::Overlapping { p_value } if (p_value - 0.531).abs() < 0.001));
    let once = matrix(plan(3, targets(2), 1), (0..3).flat_map(|p| [done(p, 0, 0, 100), done(p, 1, 0, 900)]));
    assert_eq!(ttft_standings(&once), None, "one sample per cell ranks nothing");
    assert_eq!(ttft_standings(&sampled(&[&[100, 110, 120]])), None, "one target has nothing to rank against");
}

#[test]
fn one_sample_per_cell_is_no_finding() {
    let m = matrix(plan(3, targets(2), 1), (0..3).flat_map(|p| [done(p, 0, 0, 100), done(p, 1, 0, 900)]));
    assert_eq!(
        findings(&m),
        [
            "One sample per cell is not enough to rank targets by time to first token; run again with --repeat 5 or more."
        ]
    );
    // Repeated, but too few answered on one side.
    let m = sampled(&[&[100, 110, 120], &[900, 910]]);
    assert_eq!(findings(&m)[1], "emulator:a and emulator:b: too few answers to rank (3 and 2; at least 3 each).");
    // One target: nothing to rank it against.
    assert!(findings(&sampled(&[&[100, 110, 120]])).is_empty());
}

#[test]
fn findings_name_failures_and_missing_ttft() {
    let mut outcomes = vec![done(0, 0, 0, 100), failed(1, 1, 0, "x"), done(0, 1, 0, 120), failed(2, 1, 0, "y")];
    outcomes.push(done(1, 0, 0, 100));
    outcomes.push(done(2, 0, 0, 100));
    let m = matrix(plan(3, targets(2), 1), outcomes.clone());
    assert_eq!(findings(&m)[1], "emulator:b failed 2 of 3 cells (33% answered).");
    // A batch answer has no TTFT.
    let batch = outcomes.into_iter().map(|outcome| CellOutcome { ttft_ms: None, ..outcome });
    let m = matrix(plan(3, targets(2), 1), batch);
    assert_eq!(
        findings(&m)[0],
        "No answer has a time to first token (a batch does not stream), so targets are not ranked by it."
    );
    // Nothing has ended: nothing to say.
    assert!(findings(&matrix(plan(3, targets(2), 1), [])).is_empty());
}

#[test]
fn milliseconds_are_rounded_the_same_everywhere() {
    assert_eq!(millis(202.5), "203 ms");
    assert_eq!(millis(1_234.4), "1,234 ms");
    assert_eq!(millis(-3.0), "0 ms");
}
