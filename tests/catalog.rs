//! The model catalog end to end: one family on every route and region, ids recognised back,
//! cost arithmetic, parity warnings, and a user catalog file.

use routeplay::models::parity::parity_warnings_with;
use routeplay::models::{Catalog, Places, RouteOffer, estimate, parity_warnings};
use routeplay::routes::event::Usage;
use routeplay::routes::request::Params;
use routeplay::routes::{Place, RouteId, Target};

fn places(region: Option<&str>, location: Option<&str>) -> Places {
    Places { region: region.map(Into::into), location: location.map(Into::into), ..Places::default() }
}

fn offers(family: &str, places: &Places) -> Vec<RouteOffer> {
    let catalog = Catalog::builtin();
    catalog.every_route(catalog.family(family).expect("family"), places)
}

fn target_on(offers: &[RouteOffer], route: RouteId) -> Target {
    match offers.iter().find(|offer| offer.route() == route) {
        Some(RouteOffer::Offered(target)) => target.clone(),
        other => panic!("{route} not offered: {other:?}"),
    }
}

#[test]
fn one_family_on_every_route_with_its_id_per_route() {
    let all = offers("Claude Sonnet 4.5", &places(None, None));
    assert!(all.iter().all(|offer| offer.route() != RouteId::Emulator));
    assert_eq!(all.len(), RouteId::ALL.len() - 1);
    assert_eq!(target_on(&all, RouteId::Anthropic).model, "claude-sonnet-4-5-20250929");
    assert_eq!(target_on(&all, RouteId::BedrockMantle).model, "anthropic.claude-sonnet-4-5");
    assert_eq!(target_on(&all, RouteId::VertexClaude).model, "claude-sonnet-4-5@20250929");
    // No region given: the us-east-1 profile, and the target names its region.
    let invoke = target_on(&all, RouteId::BedrockInvoke);
    assert_eq!(invoke.model, "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert_eq!(invoke.place.region(), Some("us-east-1"));
    for route in [RouteId::GeminiApi, RouteId::VertexGemini] {
        let Some(RouteOffer::NotOffered { reason, .. }) = all.iter().find(|offer| offer.route() == route) else {
            panic!("{route} should not offer Claude")
        };
        assert!(reason.contains("no ") && reason.contains(route.name()), "{reason}");
    }
}

#[test]
fn the_bedrock_profile_follows_the_region() {
    for (region, prefix) in
        [("us-east-1", "us."), ("eu-west-1", "eu."), ("ap-northeast-1", "jp."), ("ap-southeast-2", "au.")]
    {
        let all = offers("Claude Haiku 4.5", &places(Some(region), None));
        for route in [RouteId::BedrockInvoke, RouteId::BedrockConverse] {
            let target = target_on(&all, route);
            assert_eq!(target.model, format!("{prefix}anthropic.claude-haiku-4-5-20251001-v1:0"), "{region}");
            assert_eq!(target.place.region(), Some(region));
        }
    }
    // Sonnet 4 has an apac. profile; Sonnet 4.5 has none and falls back to global.
    let sonnet_4 = target_on(&offers("Claude Sonnet 4", &places(Some("ap-south-1"), None)), RouteId::BedrockInvoke);
    assert_eq!(sonnet_4.model, "apac.anthropic.claude-sonnet-4-20250514-v1:0");
    let sonnet_45 = target_on(&offers("Claude Sonnet 4.5", &places(Some("ap-south-1"), None)), RouteId::BedrockInvoke);
    assert!(sonnet_45.model.starts_with("global."), "{}", sonnet_45.model);
}

#[test]
fn a_vertex_location_without_the_family_is_not_offered() {
    let all = offers("Claude Sonnet 4.5", &places(None, Some("asia-northeast3")));
    let Some(RouteOffer::NotOffered { reason, .. }) = all.iter().find(|offer| offer.route() == RouteId::VertexClaude)
    else {
        panic!("offered in asia-northeast3")
    };
    assert!(reason.contains("asia-northeast3") && reason.contains("us-east5"), "{reason}");
    let served = offers("Claude Sonnet 4.5", &places(None, Some("europe-west1")));
    assert_eq!(target_on(&served, RouteId::VertexClaude).place.location(), Some("europe-west1"));
    let gemini = offers("Gemini 2.5 Flash", &places(None, Some("us-central1")));
    assert_eq!(target_on(&gemini, RouteId::VertexGemini).model, "gemini-2.5-flash");
}

#[test]
fn family_of_recognises_each_routes_id() {
    let catalog = Catalog::builtin();
    let cases = [
        (RouteId::Anthropic, "claude-opus-4-5-20251101", "Claude Opus 4.5"),
        (RouteId::BedrockMantle, "anthropic.claude-opus-4-5", "Claude Opus 4.5"),
        (RouteId::BedrockInvoke, "anthropic.claude-opus-4-5-20251101-v1:0", "Claude Opus 4.5"),
        (RouteId::BedrockInvoke, "eu.anthropic.claude-opus-4-5-20251101-v1:0", "Claude Opus 4.5"),
        (RouteId::BedrockConverse, "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5"),
        (RouteId::BedrockConverse, "jp.anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5"),
        (RouteId::BedrockConverse, "amazon.nova-pro-v1:0", "Amazon Nova Pro"),
        (RouteId::VertexClaude, "claude-sonnet-4@20250514", "Claude Sonnet 4"),
        (RouteId::GeminiApi, "gemini-2.5-pro", "Gemini 2.5 Pro"),
        (RouteId::VertexGemini, "gemini-2.0-flash-001", "Gemini 2.0 Flash"),
    ];
    for (route, model, name) in cases {
        assert_eq!(catalog.family_of(route, model).map(|family| family.name.as_str()), Some(name), "{route} {model}");
    }
    assert!(catalog.family_of(RouteId::Anthropic, "claude-opus-4-5@20251101").is_none(), "a Vertex id on Anthropic");
    assert!(catalog.family_of(RouteId::Anthropic, "claude-next").is_none());
}

fn usage(input: u64, output: u64, cache_read: u64, cache_write: u64, thinking: Option<u64>) -> Usage {
    Usage {
        input_tokens: Some(input),
        output_tokens: Some(output),
        cache_read_tokens: Some(cache_read),
        cache_write_tokens: Some(cache_write),
        thinking_tokens: thinking,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn cost_counts_input_output_and_cache_at_list_price() {
    let catalog = Catalog::builtin();
    let target = Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929");
    // Thinking is part of Anthropic's output_tokens already: not added again.
    let cost = estimate(&catalog, &target, &usage(1_234, 567, 1_000, 2_000, Some(300))).expect("priced");
    let expected = (1_234.0 * 3.0 + 567.0 * 15.0 + 1_000.0 * 0.30 + 2_000.0 * 3.75) / 1e6;
    assert!(close(cost.usd, expected), "{} vs {expected}", cost.usd);
    assert!(cost.basis.starts_with("in 1,234 × $3.00 + out 567 × $15.00 + cache read 1,000 × $0.30"), "{}", cost.basis);
    assert!(!cost.basis.contains("regional"), "{}", cost.basis);
}

#[test]
fn regional_endpoints_cost_ten_percent_more_and_global_does_not() {
    let catalog = Catalog::builtin();
    let tokens = usage(1_000_000, 100_000, 0, 0, None);
    let base = 3.0 + 1.5;
    let geo = Target::new(RouteId::BedrockConverse, "eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
    let cost = estimate(&catalog, &geo, &tokens).expect("priced");
    assert!(close(cost.usd, base * 1.1), "{}", cost.usd);
    assert!(cost.basis.contains("; +10% regional endpoint (https://"), "{}", cost.basis);
    let global = Target::new(RouteId::BedrockConverse, "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert!(close(estimate(&catalog, &global, &tokens).expect("priced").usd, base));
    let vertex = Target {
        place: Place::Vertex { location: Some("us-east5".into()), project: None },
        ..Target::new(RouteId::VertexClaude, "claude-sonnet-4-5@20250929")
    };
    assert!(close(estimate(&catalog, &vertex, &tokens).expect("priced").usd, base * 1.1));
    // Sonnet 4 predates the premium.
    let old = Target::new(RouteId::BedrockInvoke, "us.anthropic.claude-sonnet-4-20250514-v1:0");
    assert!(close(estimate(&catalog, &old, &tokens).expect("priced").usd, base));
}

#[test]
fn gemini_bills_thoughts_as_output_and_cached_prompt_tokens_once() {
    let catalog = Catalog::builtin();
    let target = Target::new(RouteId::GeminiApi, "gemini-2.5-flash");
    // promptTokenCount 10,000 of which 4,000 cached; 500 candidates + 1,500 thoughts.
    let cost = estimate(&catalog, &target, &usage(10_000, 500, 4_000, 0, Some(1_500))).expect("priced");
    let expected = (6_000.0 * 0.30 + 2_000.0 * 2.50 + 4_000.0 * 0.03) / 1e6;
    assert!(close(cost.usd, expected), "{} vs {expected}", cost.usd);
    assert!(cost.basis.contains("out 2,000 (incl. 1,500 thinking) × $2.50"), "{}", cost.basis);
    // Above 200k prompt tokens Gemini 2.5 Pro bills the whole request at the long-context rates.
    let pro = Target::new(RouteId::GeminiApi, "gemini-2.5-pro");
    let long = estimate(&catalog, &pro, &usage(300_000, 1_000, 0, 0, None)).expect("priced");
    assert!(close(long.usd, (300_000.0 * 2.5 + 1_000.0 * 15.0) / 1e6), "{}", long.usd);
}

#[test]
fn an_unknown_price_is_none_never_zero() {
    let catalog = Catalog::builtin();
    let tokens = usage(100, 100, 0, 0, None);
    let unknown = [
        Target::new(RouteId::Emulator, "emulator-sonnet"),
        Target::new(RouteId::Anthropic, "claude-next"),
        Target::new(RouteId::BedrockConverse, "amazon.nova-pro-v1:0"),
        Target::new(RouteId::VertexGemini, "gemini-2.5-pro"),
        Target::new(RouteId::BedrockMantle, "anthropic.claude-sonnet-4-5"),
    ];
    for target in &unknown {
        assert_eq!(estimate(&catalog, target, &tokens), None, "{target:?}");
    }
    // A cache count without a cache price, or no counts at all, is unknown too.
    let flash = Target::new(RouteId::GeminiApi, "gemini-2.0-flash");
    assert_eq!(estimate(&catalog, &flash, &usage(100, 10, 50, 0, None)), None);
    assert!(estimate(&catalog, &flash, &usage(100, 10, 0, 0, None)).is_some());
    assert_eq!(estimate(&catalog, &flash, &Usage::default()), None);
}

fn params(edit: impl FnOnce(&mut Params)) -> Params {
    let mut params = Params::default();
    edit(&mut params);
    params
}

#[test]
fn parity_rules_fire_where_they_apply() {
    let sonnet = Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929");
    let converse = Target::new(RouteId::BedrockConverse, "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    let gemini = Target::new(RouteId::GeminiApi, "gemini-2.5-flash");
    let one = |target: &Target, params: &Params, thinking: bool, needle: &str| {
        let warnings = parity_warnings(target, &with_thinking(params, thinking));
        assert!(
            warnings.iter().any(|w| w.starts_with(target.route.name()) && w.contains(needle)),
            "{needle}: {warnings:?}"
        );
    };
    one(&sonnet, &params(|p| p.temperature = Some(1.5)), false, "0–1 range");
    one(&gemini, &params(|p| p.temperature = Some(2.5)), false, "0–2 range");
    one(&sonnet, &params(|p| p.temperature = Some(0.5)), true, "extended thinking rejects temperature");
    one(&sonnet, &params(|p| p.top_p = Some(0.9)), true, "0.95–1 only");
    one(&converse, &params(|p| p.top_p = Some(0.97)), true, "on this route rejects top_p");
    one(&sonnet, &params(|p| (p.temperature, p.top_p) = (Some(0.5), Some(0.9))), false, "together");
    one(&gemini, &params(|p| p.stop_sequences = vec!["x".into(); 6]), false, "at most 5 stop sequences");
    one(&sonnet, &params(|p| p.max_tokens = 100_000), false, "output limit of 64000");
    let catalog = Catalog::builtin();
    let controls = params(|p| (p.controls.top_k, p.controls.cache) = (Some(40), true));
    let llama = Target::new(RouteId::BedrockConverse, "meta.llama3-3-70b-instruct-v1:0");
    let warnings = parity_warnings_with(&catalog, &llama, &controls, &[]);
    assert!(warnings.iter().any(|w| w.contains("top_k not sent: Converse for Llama has no top_k")), "{warnings:?}");
    let warnings = parity_warnings_with(&catalog, &converse, &controls, &[]);
    assert!(warnings.iter().any(|w| w.contains("top_k mapped to additionalModelRequestFields.top_k")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("prompt caching mapped to cachePoint")), "{warnings:?}");
}

#[test]
fn parity_rules_stay_quiet_when_not_applicable() {
    // Quiet but for saying where a route that maps thinking puts it.
    let quiet = |target: Target, params: Params, thinking: bool| {
        let warnings = parity_warnings(&target, &with_thinking(&params, thinking));
        let rules: Vec<_> = warnings.iter().filter(|w| !w.contains(": thinking budget mapped to ")).collect();
        assert!(rules.is_empty(), "{target:?}: {warnings:?}");
    };
    quiet(Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929"), Params::default(), true);
    quiet(Target::new(RouteId::GeminiApi, "gemini-2.5-flash"), params(|p| p.temperature = Some(1.5)), true);
    quiet(Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929"), params(|p| p.temperature = Some(1.0)), true);
    quiet(Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929"), params(|p| p.top_p = Some(0.97)), true);
    // Sonnet 4 still takes temperature and top_p together; the emulator enforces nothing.
    let both = || params(|p| (p.temperature, p.top_p) = (Some(0.5), Some(0.9)));
    quiet(Target::new(RouteId::VertexClaude, "claude-sonnet-4@20250514"), both(), false);
    quiet(Target::new(RouteId::Emulator, "emulator-sonnet"), params(|p| p.temperature = Some(5.0)), true);
    quiet(Target::new(RouteId::BedrockConverse, "amazon.nova-pro-v1:0"), params(|p| p.temperature = Some(1.0)), false);
    quiet(Target::new(RouteId::GeminiApi, "gemini-2.5-pro"), params(|p| p.stop_sequences = vec!["x".into(); 5]), false);
    quiet(Target::new(RouteId::GeminiApi, "gemini-2.5-pro"), params(|p| p.max_tokens = 65_536), false);
    // A route that carries a control as asked says nothing of it.
    let top_k = params(|p| p.controls.top_k = Some(40));
    let sonnet = Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929");
    assert!(parity_warnings_with(&Catalog::builtin(), &sonnet, &top_k, &[]).is_empty());
}

/// `params` with thinking on (a 2048-token budget) or left off.
fn with_thinking(params: &Params, thinking: bool) -> Params {
    let mut params = params.clone();
    if thinking {
        params.controls.thinking = routeplay::routes::controls::ThinkingMode::Budget(2048);
    }
    params
}

#[test]
fn a_user_catalog_is_merged_by_name_and_a_broken_one_is_named_with_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("models.toml");
    let text = "[[family]]\nname = \"Claude Sonnet 4.5\"\nvertex-locations = [\"global\", \"asia-northeast3\"]\n\n\
                [[family]]\nname = \"My Model\"\n[family.ids]\nanthropic = \"claude-mine\"\n";
    std::fs::write(&good, text).expect("write");
    let (catalog, problems) = Catalog::with_user_file(&good);
    assert!(problems.is_empty(), "{problems:?}");
    let sonnet = catalog.family("Claude Sonnet 4.5").expect("kept");
    assert_eq!(sonnet.vertex_locations, ["global", "asia-northeast3"]);
    assert_eq!(sonnet.id(RouteId::Anthropic), Some("claude-sonnet-4-5-20250929"), "other fields kept");
    assert!(catalog.models(RouteId::Anthropic).iter().any(|model| model.id == "claude-mine"));

    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[[family]]\nname = \"X\"\n[family.ids]\nbedrock = \"x\"\n").expect("write");
    let (catalog, problems) = Catalog::with_user_file(&broken);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with(&format!("{}:4:", broken.display())), "{}", problems[0]);
    assert_eq!(catalog, Catalog::builtin(), "a broken file changes nothing");

    let negative = dir.path().join("negative.toml");
    let text = "\n[[family]]\nname = \"Y\"\n[[family.price]]\nroutes = [\"anthropic\"]\ninput = -3.0\noutput = 1.0\n\
                as-of = \"2026-11-26\"\nsource = \"https://example.com\"\n";
    std::fs::write(&negative, text).expect("write");
    let (_, problems) = Catalog::with_user_file(&negative);
    assert!(problems[0].starts_with(&format!("{}:3:", negative.display())), "{problems:?}");

    let (_, none) = Catalog::with_user_file(&dir.path().join("missing.toml"));
    assert!(none.is_empty());
}
