use super::*;

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-6
}

fn p_of(ranking: Ranking) -> f64 {
    match ranking {
        Ranking::Overlapping { p_value } | Ranking::FirstLower { p_value } | Ranking::SecondLower { p_value } => {
            p_value
        }
        Ranking::TooFewSamples => panic!("no p-value: {ranking:?}"),
    }
}

#[test]
fn percentiles_interpolate_between_the_nearest_ranks() {
    let d = distribution(&[4.0, 1.0, 3.0, 2.0]).unwrap();
    assert_eq!((d.count, d.min, d.max), (4, 1.0, 4.0));
    assert!(close(d.p50, 2.5), "{d:?}");
    // (4 - 1) × 0.9 = 2.7: between 3 and 4.
    assert!(close(d.p90, 3.7), "{d:?}");
    assert!(close(d.mean, 2.5));
    let d = distribution(&(1..=11).map(f64::from).collect::<Vec<_>>()).unwrap();
    assert!(close(d.p50, 6.0) && close(d.p90, 10.0), "{d:?}");
    let d = distribution(&[7.0]).unwrap();
    assert_eq!((d.min, d.p50, d.p90, d.max, d.mean), (7.0, 7.0, 7.0, 7.0, 7.0));
}

#[test]
fn nan_and_infinities_are_left_out_of_a_distribution() {
    let d = distribution(&[f64::NAN, 2.0, f64::INFINITY, 4.0, f64::NEG_INFINITY]).unwrap();
    assert_eq!((d.count, d.min, d.max), (2, 2.0, 4.0));
    assert!(close(d.mean, 3.0));
    assert_eq!(distribution(&[]), None);
    assert_eq!(distribution(&[f64::NAN]), None);
}

#[test]
fn histogram_bins_are_equal_width_from_min_to_max() {
    assert_eq!(histogram(&[0.0, 1.0, 2.0, 3.0, 4.0, 10.0], 5), [2, 2, 1, 0, 1]);
    // The max lands in the last bin; equal values all in the first.
    assert_eq!(histogram(&[1.0, 2.0], 2), [1, 1]);
    assert_eq!(histogram(&[5.0, 5.0, 5.0], 4), [3, 0, 0, 0]);
    assert_eq!(histogram(&[f64::NAN, 1.0, f64::INFINITY, 3.0], 2), [1, 1]);
    assert_eq!(histogram(&[], 3), [0, 0, 0]);
    assert_eq!(histogram(&[1.0], 0), Vec::<u32>::new());
}

#[test]
fn a_sparkline_scales_to_the_largest_bin() {
    assert_eq!(sparkline(&[0, 1, 2, 4, 8]), " ▁▂▄█");
    // Any count shows at least the lowest block.
    assert_eq!(sparkline(&[1, 100]), "▁█");
    assert_eq!(sparkline(&[3, 3]), "██");
    assert_eq!(sparkline(&[0, 0]), "  ");
    assert_eq!(sparkline(&[]), "");
}

#[test]
fn a_text_bar_fills_eighths_and_pads_to_its_width() {
    assert_eq!(text_bar(5.0, 10.0, 4), "██  ");
    assert_eq!(text_bar(10.0, 10.0, 4), "████");
    assert_eq!(text_bar(20.0, 10.0, 4), "████");
    // 1/3 of 4 cells is 10.67 eighths, rounded to 11: one full cell and three eighths.
    assert_eq!(text_bar(1.0, 3.0, 4), "█▍  ");
    assert_eq!(text_bar(1.0, 80.0, 10), "▏         ");
    for (value, max) in [(0.0, 10.0), (-1.0, 10.0), (f64::NAN, 10.0), (1.0, 0.0), (1.0, f64::NAN)] {
        assert_eq!(text_bar(value, max, 3), "   ", "{value} of {max}");
    }
    assert_eq!(text_bar(1.0, 1.0, 0), "");
    assert_eq!(text_bar(1.0, 1.0, 3).chars().count(), 3);
}

#[test]
fn mann_whitney_matches_hand_computed_values() {
    // Fully apart, 3 and 3: U = 0, z = (4.5 - 0.5) / √5.25; p = 0.0809 — not enough to rank.
    assert!(
        matches!(rank(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), Ranking::Overlapping { p_value } if close(p_value, 0.080_855_6))
    );
    // Fully apart, 5 and 5: U = 0, p = 0.0122.
    let (low, high) = ([1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0]);
    assert!(matches!(rank(&low, &high), Ranking::FirstLower { p_value } if close(p_value, 0.012_185_8)));
    assert!(matches!(rank(&high, &low), Ranking::SecondLower { p_value } if close(p_value, 0.012_185_8)));
    // With ties: ranks 1, 2.5, 2.5, 5, 5 give U = 1; the tie term is 6 + 24 + 6 = 36, so the
    // variance is 25/12 × (11 − 36/90) and p = 0.0192.
    let ranking = rank(&[1.0, 2.0, 2.0, 3.0, 3.0], &[3.0, 4.0, 4.0, 5.0, 6.0]);
    assert!(matches!(ranking, Ranking::FirstLower { p_value } if close(p_value, 0.019_243_6)), "{ranking:?}");
    // Interleaved: U = 6 of 16, p = 0.665.
    let ranking = rank(&[10.0, 20.0, 30.0, 40.0], &[15.0, 25.0, 35.0, 45.0]);
    assert!(matches!(ranking, Ranking::Overlapping { p_value } if close(p_value, 0.665_005_5)), "{ranking:?}");
}

#[test]
fn too_few_samples_ties_and_nan() {
    assert_eq!(rank(&[1.0], &[2.0, 3.0, 4.0]), Ranking::TooFewSamples);
    assert_eq!(rank(&[1.0, 2.0, 3.0], &[4.0, 5.0]), Ranking::TooFewSamples);
    assert_eq!(rank(&[], &[]), Ranking::TooFewSamples);
    // NaN is no sample: two numbers and a NaN are too few.
    assert_eq!(rank(&[1.0, 2.0, f64::NAN], &[4.0, 5.0, 6.0]), Ranking::TooFewSamples);
    // Every value the same: nothing to rank.
    assert_eq!(rank(&[5.0; 4], &[5.0; 6]), Ranking::Overlapping { p_value: 1.0 });
    // The same samples on both sides: U is its mean, p = 1.
    let same = [1.0, 2.0, 3.0, 4.0];
    assert!(close(p_of(rank(&same, &same)), 1.0));
    // Infinities are ranked like any value.
    let slow = [f64::INFINITY; 5];
    assert!(matches!(rank(&[1.0, 2.0, 3.0, 4.0, 5.0], &slow), Ranking::FirstLower { .. }));
}

#[test]
fn erfc_is_accurate_where_p_values_are_read() {
    for (x, expected) in
        [(0.0, 1.0), (0.5, 0.479_500_122), (1.0, 0.157_299_207), (2.0, 0.004_677_735), (-1.0, 1.842_700_793)]
    {
        assert!((erfc(x) - expected).abs() < 1e-7 * expected.max(1.0), "erfc({x}) = {}", erfc(x));
    }
}
