//! The route explainer overlay's state: the chosen target, the route it is diffed against,
//! and the diff (worked out when the other route changes, not on every frame).

use super::targets::Places;
use crate::models::parity::parity_warnings_with;
use crate::models::{Catalog, RouteOffer};
use crate::routes::explain::{RouteDiff, compare_routes};
use crate::routes::request::Params;
use crate::routes::{RouteId, Target};

/// What the explainer shows: the chosen route's card, and its request beside another route's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainView {
    /// The route and model chosen in the route pane.
    pub target: Target,
    /// The route it is compared with.
    pub other: RouteId,
    /// The diff, or why the model has no target on `other` ("this model is not offered on …").
    pub diff: Result<RouteDiff, String>,
    /// What each of the two routes would drop, map or leave unconfirmed of the parameters and
    /// request controls set in F4, one line each, named by route.
    pub parity: Vec<String>,
    /// Lines scrolled down.
    pub scroll: u16,
}

impl ExplainView {
    /// The explainer for `target`, diffed against the Anthropic route (or, for the Anthropic
    /// route itself, Bedrock ConverseStream: the other end of the spectrum of body shapes)
    /// where that route offers the model; else against the first route that does (an open
    /// model on a Chat Completions route beside Converse), so the diff shows one model on two
    /// routes.
    #[must_use]
    pub fn new(catalog: &Catalog, places: &Places, target: Target, params: &Params) -> Self {
        let preferred = if target.route == RouteId::Anthropic { RouteId::BedrockConverse } else { RouteId::Anthropic };
        let family = catalog.family_of(target.route, &target.model);
        let offers = |route: RouteId| route != target.route && family.is_some_and(|family| family.id(route).is_some());
        let other = if offers(preferred) {
            preferred
        } else {
            RouteId::ALL.into_iter().find(|route| offers(*route)).unwrap_or(preferred)
        };
        let mut view = Self { target, other, diff: Err(String::new()), parity: Vec::new(), scroll: 0 };
        view.set_other(catalog, places, other, params);
        view
    }

    /// Compare with the route `delta` steps along the route list, skipping the chosen one.
    pub fn cycle_other(&mut self, catalog: &Catalog, places: &Places, delta: isize, params: &Params) {
        let others: Vec<RouteId> = RouteId::ALL.into_iter().filter(|route| *route != self.target.route).collect();
        let at = others.iter().position(|route| *route == self.other).unwrap_or(0);
        let len = others.len().cast_signed();
        let next = (at.cast_signed() + delta).rem_euclid(len).cast_unsigned();
        self.set_other(catalog, places, others[next], params);
    }

    /// Compare with `other`, reached by the same model family's id there, and say what each
    /// route does with `params`.
    pub fn set_other(&mut self, catalog: &Catalog, places: &Places, other: RouteId, params: &Params) {
        self.other = other;
        let found = other_target(catalog, places, &self.target, other);
        self.parity = parity_warnings_with(catalog, &self.target, params, &[]);
        if let Ok(b) = &found {
            self.parity.extend(parity_warnings_with(catalog, b, params, &[]));
        }
        self.diff = found.map(|b| compare_routes(&self.target, &b));
    }

    /// Scroll by `lines` (negative: up), stopping at the top; the view stops at the bottom.
    pub fn scroll_by(&mut self, lines: isize) {
        let step = u16::try_from(lines.unsigned_abs()).unwrap_or(u16::MAX);
        self.scroll = if lines < 0 { self.scroll.saturating_sub(step) } else { self.scroll.saturating_add(step) };
    }
}

/// The target for `target`'s model on `other`: the family's id there, placed as the compare
/// view's "every route" places it (an inference profile on Bedrock, a serving location on
/// Vertex), or why there is none.
fn other_target(catalog: &Catalog, places: &Places, target: &Target, other: RouteId) -> Result<Target, String> {
    let not_offered = || format!("this model is not offered on {other}");
    let family = catalog.family_of(target.route, &target.model).ok_or_else(not_offered)?;
    let id = family.id(other).ok_or_else(not_offered)?;
    match catalog.every_route(family, places).into_iter().find(|offer| offer.route() == other) {
        Some(RouteOffer::Offered(found)) => Ok(found),
        Some(RouteOffer::NotOffered { reason, .. }) => Err(format!("{}: {reason}", not_offered())),
        None => Ok(Target::new(other, id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(route: RouteId, model: &str) -> ExplainView {
        ExplainView::new(&Catalog::builtin(), &Places::default(), Target::new(route, model), &Params::default())
    }

    #[test]
    fn the_other_route_gets_the_same_family_placed_for_its_region() {
        let view = view(RouteId::VertexClaude, "claude-sonnet-4-5@20250929");
        assert_eq!(view.other, RouteId::Anthropic);
        assert_eq!(view.diff.as_ref().map(|diff| diff.b.model.as_str()), Ok("claude-sonnet-4-5-20250929"));
        let mut view = view;
        view.set_other(&Catalog::builtin(), &Places::default(), RouteId::BedrockInvoke, &Params::default());
        let diff = view.diff.as_ref().expect("offered");
        assert_eq!(diff.b.model, "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "the profile id for us-east-1");
    }

    #[test]
    fn a_model_without_an_id_on_the_other_route_says_so() {
        let view = view(RouteId::Emulator, "emulator-sonnet");
        assert_eq!(view.diff, Err("this model is not offered on anthropic".into()));
        let mut gemini = self::view(RouteId::GeminiApi, "gemini-2.5-pro");
        assert_eq!(gemini.other, RouteId::VertexGemini, "the first route that offers the model");
        assert!(gemini.diff.is_ok());
        gemini.set_other(&Catalog::builtin(), &Places::default(), RouteId::Anthropic, &Params::default());
        assert_eq!(gemini.diff, Err("this model is not offered on anthropic".into()));
    }

    #[test]
    fn the_parameters_parity_is_said_for_both_routes() {
        let mut params = Params::default();
        params.controls.top_k = Some(40);
        params.controls.guardrail = Some("abc".parse().unwrap());
        let target = Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929");
        let view = ExplainView::new(&Catalog::builtin(), &Places::default(), target, &params);
        assert_eq!(view.other, RouteId::BedrockConverse);
        assert!(view.parity.iter().any(|line| line.starts_with("anthropic: guardrail not sent")), "{:?}", view.parity);
        assert!(view.parity.iter().any(|line| line.starts_with("bedrock-converse: top_k")), "{:?}", view.parity);
    }

    #[test]
    fn cycling_skips_the_chosen_route_and_wraps() {
        let catalog = Catalog::builtin();
        let mut view = view(RouteId::Anthropic, "claude-sonnet-4-5-20250929");
        assert_eq!(view.other, RouteId::BedrockConverse);
        let mut seen = Vec::new();
        for _ in 1..RouteId::ALL.len() {
            view.cycle_other(&catalog, &Places::default(), 1, &Params::default());
            seen.push(view.other);
        }
        assert!(!seen.contains(&RouteId::Anthropic));
        assert_eq!(view.other, RouteId::BedrockConverse, "as many steps as other routes go round them all");
        view.cycle_other(&catalog, &Places::default(), -1, &Params::default());
        assert_eq!(view.other, RouteId::BedrockInvoke);
    }
}
