//! The parity lines for request controls and attachments, per route, as the compare view, the
//! explainer and `compare --json` show them: each read from the route's capabilities.

use routeplay::models::Catalog;
use routeplay::models::parity::parity_warnings_with;
use routeplay::routes::attachment::AttachmentKind;
use routeplay::routes::controls::{ServiceTier, ThinkingMode};
use routeplay::routes::request::Params;
use routeplay::routes::{RouteId, Target};

/// The four Claude targets the issue compares, plus Gemini.
fn sonnet(route: RouteId) -> Target {
    let id = match route {
        RouteId::Anthropic => "claude-sonnet-4-5-20250929",
        RouteId::BedrockMantle => "anthropic.claude-sonnet-4-5",
        RouteId::BedrockInvoke | RouteId::BedrockConverse => "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        RouteId::VertexClaude => "claude-sonnet-4-5@20250929",
        _ => "gemini-2.5-pro",
    };
    Target::new(route, id)
}

fn lines(route: RouteId, edit: impl FnOnce(&mut Params), files: &[AttachmentKind]) -> Vec<String> {
    let mut params = Params::default();
    edit(&mut params);
    parity_warnings_with(&Catalog::builtin(), &sonnet(route), &params, files)
}

/// The line for `route` that starts with `start` (after the route's name).
fn line(lines: &[String], route: RouteId, start: &str) -> String {
    let prefix = format!("{route}: {start}");
    lines.iter().find(|line| line.starts_with(&prefix)).cloned().unwrap_or_else(|| panic!("{prefix}: {lines:?}"))
}

#[test]
fn thinking_is_mapped_where_the_route_has_its_own_field_and_silent_where_carried() {
    let budget = |p: &mut Params| p.controls.thinking = ThinkingMode::Budget(2048);
    let gemini = lines(RouteId::GeminiApi, budget, &[]);
    assert_eq!(
        line(&gemini, RouteId::GeminiApi, "thinking"),
        "gemini-api: thinking budget mapped to generationConfig.thinkingConfig.thinkingBudget"
    );
    let converse = lines(RouteId::BedrockConverse, budget, &[]);
    assert!(
        line(&converse, RouteId::BedrockConverse, "thinking budget mapped to").contains("additionalModelRequestFields")
    );
    assert!(lines(RouteId::Anthropic, budget, &[]).is_empty(), "the Messages API carries thinking as asked");
    let adaptive = lines(RouteId::BedrockInvoke, |p| p.controls.thinking = ThinkingMode::Adaptive, &[]);
    assert!(line(&adaptive, RouteId::BedrockInvoke, "adaptive thinking").contains("only for a token budget"));
}

#[test]
fn top_k_is_dropped_by_converse_and_rejected_beside_thinking() {
    let top_k = |p: &mut Params| p.controls.top_k = Some(40);
    let converse = lines(RouteId::BedrockConverse, top_k, &[]);
    assert_eq!(converse, ["bedrock-converse: top_k mapped to additionalModelRequestFields.top_k"], "Claude's field");
    let mut params = Params::default();
    top_k(&mut params);
    let llama = Target::new(RouteId::BedrockConverse, "meta.llama3-3-70b-instruct-v1:0");
    let llama = parity_warnings_with(&Catalog::builtin(), &llama, &params, &[]);
    assert_eq!(llama, ["bedrock-converse: top_k not sent: Converse for Llama has no top_k"]);
    assert_eq!(
        line(&lines(RouteId::GeminiApi, top_k, &[]), RouteId::GeminiApi, "top_k"),
        "gemini-api: top_k mapped to generationConfig.topK"
    );
    let both = lines(
        RouteId::Anthropic,
        |p| (p.controls.thinking, p.controls.top_k) = (ThinkingMode::Budget(1024), Some(5)),
        &[],
    );
    assert_eq!(both, ["anthropic: extended thinking rejects top_k 5"]);
}

#[test]
fn a_guardrail_is_not_sent_where_the_route_has_none() {
    let guardrail = |p: &mut Params| p.controls.guardrail = Some("abc123:2".parse().unwrap());
    for route in [RouteId::Anthropic, RouteId::BedrockMantle, RouteId::VertexClaude] {
        let found = line(&lines(route, guardrail, &[]), route, "guardrail not sent: ");
        assert!(found.ends_with("the Messages API has no guardrail parameter"), "{found}");
    }
    assert!(
        line(&lines(RouteId::GeminiApi, guardrail, &[]), RouteId::GeminiApi, "guardrail not sent: ")
            .contains("safetySettings")
    );
    let converse = lines(RouteId::BedrockConverse, guardrail, &[]);
    assert_eq!(
        converse,
        ["bedrock-converse: guardrail mapped to guardrailConfig (trace enabled, streamProcessingMode sync)"]
    );
}

#[test]
fn a_service_tier_the_route_does_not_take_is_named_with_those_it_does() {
    let flex = |p: &mut Params| p.controls.service_tier = Some(ServiceTier::Flex);
    let anthropic = lines(RouteId::Anthropic, flex, &[]);
    assert_eq!(anthropic, ["anthropic: service tier flex not taken by anthropic (takes auto, standard_only)"]);
    assert_eq!(
        lines(RouteId::BedrockConverse, flex, &[]),
        ["bedrock-converse: service tier mapped to serviceTier.type"]
    );
}

#[test]
fn a_pdf_is_refused_or_unconfirmed_naming_the_routes_that_take_it() {
    let pdf = [AttachmentKind::Pdf];
    let invoke = lines(RouteId::BedrockInvoke, |_| {}, &pdf);
    let found = line(&invoke, RouteId::BedrockInvoke, "PDF ");
    // Whether the spec drops documents on Invoke or leaves them unconfirmed, the line says what
    // happens and names Converse as a route that takes them.
    assert!(found.contains("bedrock-converse"), "{found}");
    assert!(
        found.contains("refused: bedrock-invoke takes no documents")
            || found.contains("not confirmed for bedrock-invoke"),
        "{found}"
    );
    assert!(!found.contains("gemini-api"), "only routes serving the model's family are named: {found}");
    assert!(lines(RouteId::Anthropic, |_| {}, &pdf).is_empty(), "the Messages API carries documents");
    let gemini = lines(RouteId::GeminiApi, |_| {}, &[AttachmentKind::Pdf, AttachmentKind::Png]);
    assert!(line(&gemini, RouteId::GeminiApi, "image mapped to").contains("inlineData"));
    assert!(line(&gemini, RouteId::GeminiApi, "PDF mapped to").contains("application/pdf"));
}

#[test]
fn the_emulator_and_an_empty_request_get_no_lines() {
    let everything = |p: &mut Params| {
        p.controls.thinking = ThinkingMode::Adaptive;
        p.controls.top_k = Some(3);
        p.controls.cache = true;
        p.controls.guardrail = Some("g1".parse().unwrap());
    };
    let emulator = Target::new(RouteId::Emulator, "emulator-sonnet");
    let mut params = Params::default();
    everything(&mut params);
    assert!(parity_warnings_with(&Catalog::builtin(), &emulator, &params, &[AttachmentKind::Pdf]).is_empty());
    for route in RouteId::ALL.into_iter().filter(|route| *route != RouteId::Emulator) {
        assert!(lines(route, |_| {}, &[]).is_empty(), "{route}");
    }
}
