//! What cache, thinking and tier do to a run's cost: cache tokens at cache prices (derived by
//! Anthropic's multipliers for a Claude price without them), and a tier without a confirmed
//! price named in the basis.

use routeplay::models::Catalog;
use routeplay::models::cost::{estimate, estimate_served};
use routeplay::routes::event::Usage;
use routeplay::routes::{RouteId, Target};

fn usage(input: u64, output: u64, cache_read: u64, cache_write: u64) -> Usage {
    Usage {
        input_tokens: Some(input),
        output_tokens: Some(output),
        cache_read_tokens: Some(cache_read),
        cache_write_tokens: Some(cache_write),
        thinking_tokens: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// A catalog with a Claude family and a Llama family priced without cache rates.
fn catalog_without_cache_prices() -> (Catalog, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("models.toml");
    let text = "[[family]]\nname = \"Claude Test\"\n[family.ids]\nanthropic = \"claude-test-1\"\n\
                [[family.price]]\nroutes = [\"anthropic\"]\ninput = 4.0\noutput = 20.0\nas-of = \"2026-12-01\"\n\
                source = \"https://example.test/pricing\"\n\n\
                [[family]]\nname = \"Llama Test\"\n[family.ids]\nbedrock-converse = \"meta.llama-test-v1:0\"\n\
                [[family.price]]\nroutes = [\"bedrock-converse\"]\ninput = 1.0\noutput = 2.0\nas-of = \"2026-12-01\"\n\
                source = \"https://example.test/pricing\"\n";
    std::fs::write(&path, text).expect("write");
    let (catalog, problems) = Catalog::with_user_file(&path);
    assert!(problems.is_empty(), "{problems:?}");
    (catalog, dir)
}

#[test]
fn a_claude_price_without_cache_rates_uses_anthropics_multipliers_and_says_so() {
    let (catalog, _dir) = catalog_without_cache_prices();
    let target = Target::new(RouteId::Anthropic, "claude-test-1");
    let cost = estimate(&catalog, &target, &usage(1_000, 100, 10_000, 2_000)).expect("priced");
    let expected = (1_000.0 * 4.0 + 100.0 * 20.0 + 10_000.0 * 0.4 + 2_000.0 * 5.0) / 1e6;
    assert!(close(cost.usd, expected), "{} vs {expected}", cost.usd);
    assert!(cost.basis.contains("cache read 10,000 × $0.40 + cache write 2,000 × $5.00"), "{}", cost.basis);
    assert!(cost.basis.contains("cache read 0.1×, cache write 1.25× input (Anthropic's"), "{}", cost.basis);
    let plain = estimate(&catalog, &target, &usage(1_000, 100, 0, 0)).expect("priced");
    assert!(!plain.basis.contains("multipliers"), "no cache tokens, no derived rate: {}", plain.basis);
}

#[test]
fn another_family_without_a_cache_price_stays_unknown() {
    let (catalog, _dir) = catalog_without_cache_prices();
    let llama = Target::new(RouteId::BedrockConverse, "meta.llama-test-v1:0");
    assert!(estimate(&catalog, &llama, &usage(1_000, 100, 0, 0)).is_some());
    assert_eq!(estimate(&catalog, &llama, &usage(1_000, 100, 500, 0)), None, "never priced at $0");
}

#[test]
fn the_catalogs_own_cache_prices_are_used_as_listed() {
    let catalog = Catalog::builtin();
    let gemini = Target::new(RouteId::GeminiApi, "gemini-2.5-flash");
    // Gemini's prompt count includes the cached tokens: 1,000 cached of 5,000.
    let cost = estimate(&catalog, &gemini, &usage(5_000, 100, 1_000, 0)).expect("priced");
    assert!(
        cost.basis.contains("in 4,000 × $0.30") && cost.basis.contains("cache read 1,000 × $0.03"),
        "{}",
        cost.basis
    );
    assert!(!cost.basis.contains("multipliers"), "{}", cost.basis);
}

#[test]
fn a_tier_other_than_standard_is_priced_as_standard_and_said_to_be() {
    let catalog = Catalog::builtin();
    let target = Target::new(RouteId::BedrockConverse, "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    let tokens = usage(1_000, 100, 0, 0);
    let standard = estimate(&catalog, &target, &tokens).expect("priced");
    let flex = estimate_served(&catalog, &target, &tokens, Some("flex")).expect("priced");
    assert!(close(standard.usd, flex.usd));
    assert!(flex.basis.ends_with("; tier flex priced as standard (unconfirmed)"), "{}", flex.basis);
    for standard_name in ["default", "standard", "ON_DEMAND"] {
        let served = estimate_served(&catalog, &target, &tokens, Some(standard_name)).expect("priced");
        assert_eq!(served.basis, standard.basis, "{standard_name}");
    }
}
