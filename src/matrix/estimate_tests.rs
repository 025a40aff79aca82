use super::*;
use crate::matrix::test_support::{item, plan};
use crate::routes::RouteId;
use std::path::PathBuf;

/// The built-in catalog with a made-up family priced $2 in / $10 out per million tokens ($4 / $20 above
/// 1,000 prompt tokens) on the Anthropic API and Bedrock Invoke, +10% on Bedrock's regional ids.
fn catalog() -> Catalog {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("models.toml");
    let file = r#"
[[family]]
name = "Test Model"
[family.ids]
anthropic = "test-model"
bedrock-invoke = "test.model-v1:0"
[[family.price]]
routes = ["anthropic", "bedrock-invoke"]
input = 2.0
output = 10.0
long-context = { above = 1000, input = 4.0, output = 20.0 }
as-of = "2026-01-01"
source = "test"
[[family.premium]]
routes = ["bedrock-invoke"]
percent = 10.0
as-of = "2026-01-01"
source = "test"
"#;
    std::fs::write(&path, file).unwrap();
    let (catalog, problems) = Catalog::with_user_file(&path);
    assert!(problems.is_empty(), "{problems:?}");
    catalog
}

fn targets() -> Vec<Target> {
    vec![
        Target::new(RouteId::Anthropic, "test-model"),
        Target::new(RouteId::Emulator, "a"),
        Target::new(RouteId::BedrockInvoke, "test.model-v1:0"),
        Target::new(RouteId::Anthropic, "unknown-model"),
        Target::new(RouteId::Emulator, "a"),
    ]
}

/// Two prompts: `sys abcd` + `prompt 0` (16 characters: 4 tokens), and the base's 11-character
/// system + `prompt 1` with two files (19 characters: 5 tokens, + 3,200).
fn two_prompts() -> MatrixPlan {
    let mut plan = plan(2, targets(), 2);
    plan.base.params.max_tokens = 100;
    plan.base.system = Some("12345678901".into());
    plan.prompts[0].system = Some("sys {{v}}".into());
    plan.prompts[0].vars.insert("v".into(), "abcd".into());
    plan.prompts[1].attachments = vec![PathBuf::from("a.png"), PathBuf::from("b.pdf")];
    plan
}

fn counted(prompt: u32, target: u32) -> Option<u64> {
    match (prompt, target) {
        (0, 2) => Some(7),
        (1, 0) => Some(2_000),
        _ => None,
    }
}

#[test]
fn prompts_are_counted_where_routes_count_and_estimated_elsewhere() {
    assert_eq!(estimated_tokens(&two_prompts(), &two_prompts().prompts[0]), 4);
    assert_eq!(estimated_tokens(&two_prompts(), &two_prompts().prompts[1]), 5 + 2 * ATTACHMENT_TOKENS);
    // Characters, not bytes.
    assert_eq!(estimated_tokens(&plan(1, Vec::new(), 1), &item("x", "ééééé")), 2);
    let estimate = estimate(&two_prompts(), &catalog(), &counted);
    assert_eq!(estimate.cells, 2 * 5 * 2);
    // Per sample: (4 + 2,000) + (4 + 3,205) + (7 + 3,205) + (4 + 3,205) × 2, twice.
    assert_eq!(estimate.input_tokens, 2 * (2_004 + 3 * 3_209 + 3_212));
    assert_eq!(estimate.counted_cells, 4);
    assert_eq!(estimate.max_output_tokens, 100 * 20);
    assert_eq!(estimate.unpriced, ["emulator:a", "anthropic:unknown-model"]);
}

#[test]
fn the_cost_is_the_run_price_of_the_input_and_the_most_output() {
    let estimate = estimate(&two_prompts(), &catalog(), &counted);
    // Anthropic: 4 × $2 + 100 × $10, then 2,000 tokens at the long-context $4 / $20.
    let anthropic = (4.0 * 2.0 + 100.0 * 10.0 + 2_000.0 * 4.0 + 100.0 * 20.0) / 1e6;
    // Bedrock regional, +10%: 7 tokens at $2 / $10, then 3,205 at $4 / $20.
    let bedrock = (7.0 * 2.0 + 100.0 * 10.0 + 3_205.0 * 4.0 + 100.0 * 20.0) / 1e6 * 1.1;
    let expected = 2.0 * (anthropic + bedrock);
    let usd = estimate.max_cost_usd.unwrap();
    assert!((usd - expected).abs() < 1e-12, "{usd} vs {expected}");
    let mut batch = two_prompts();
    batch.batch = true;
    let half = super::estimate(&batch, &catalog(), &counted).max_cost_usd.unwrap();
    assert!((half - expected / 2.0).abs() < 1e-12, "{half}");
}

#[test]
fn no_price_at_all_is_unknown_not_zero() {
    let mut unpriced = plan(3, vec![Target::new(RouteId::Emulator, "a")], 1);
    unpriced.prompts[2].prompt = "x".repeat(4_001);
    let estimate = estimate(&unpriced, &catalog(), &|_, _| None);
    assert_eq!(estimate.max_cost_usd, None);
    assert_eq!(estimate.unpriced, ["emulator:a"]);
    assert_eq!(estimate.input_tokens, 2 + 2 + 1_001);
    assert_eq!(estimate.max_output_tokens, 3 * 1_024);
}

#[test]
fn a_resume_is_estimated_on_the_cells_not_done_only() {
    use crate::matrix::test_support::{done, failed, matrix};
    let plan = two_prompts();
    let whole = estimate(&plan, &catalog(), &counted);
    let nothing_done = estimate_rest(&matrix(plan.clone(), []), &catalog(), &counted);
    assert_eq!(nothing_done, whole);
    // Prompt 0 on the Anthropic target done in both samples, once on Bedrock; a failure is sent again.
    let part = matrix(plan, [done(0, 0, 0, 90), done(0, 0, 1, 90), done(0, 2, 0, 90), failed(1, 0, 0, "529")]);
    let rest = estimate_rest(&part, &catalog(), &counted);
    assert_eq!(rest.cells, whole.cells - 3);
    assert_eq!(rest.input_tokens, whole.input_tokens - 2 * 4 - 7);
    assert_eq!(rest.counted_cells, whole.counted_cells - 1, "Bedrock counted prompt 0; Anthropic did not");
    assert_eq!(rest.max_output_tokens, whole.max_output_tokens - 3 * 100);
    let anthropic_prompt_0 = (4.0 * 2.0 + 100.0 * 10.0) / 1e6;
    let bedrock_prompt_0 = (7.0 * 2.0 + 100.0 * 10.0) / 1e6 * 1.1;
    let saved = 2.0 * anthropic_prompt_0 + bedrock_prompt_0;
    assert!((whole.max_cost_usd.unwrap() - rest.max_cost_usd.unwrap() - saved).abs() < 1e-12);
}
