//! Target specs: `ROUTE[@REGION]:MODEL`.
//!
//! Model ids hold `:` (`…-v1:0`) and `@` (`claude-sonnet-4-5@20250929`), route names and
//! regions never do, so the spec splits at its first `:`; the part before it splits at `@`
//! into the route and its region (on Vertex routes, the location).

use crate::routes::{Place, RouteId, Target};

/// The form a target takes, for error messages.
pub const FORM: &str =
    "ROUTE[@REGION]:MODEL, e.g. bedrock-converse@eu-west-1:anthropic.claude-sonnet-4-5-20250929-v1:0";

/// Fewest and most targets in one compare.
pub const MIN_TARGETS: usize = 2;
pub const MAX_TARGETS: usize = 8;

/// Parse one spec into a target (region set only when the spec names one).
pub fn parse(spec: &str) -> Result<Target, String> {
    let bad = |why: &str| format!("bad target {spec:?}: {why}; expected {FORM}");
    let (place, model) = spec.split_once(':').ok_or_else(|| bad("no `:` between the route and the model"))?;
    let (route, region) = match place.split_once('@') {
        Some((route, region)) => (route, Some(region)),
        None => (place, None),
    };
    let route: RouteId = route.trim().parse().map_err(|error: String| bad(&error))?;
    let model = model.trim();
    if model.is_empty() {
        return Err(bad("no model after the `:`"));
    }
    let target = Target::new(route, model);
    let site = match region.map(str::trim) {
        Some("") => return Err(bad("no region after the `@`")),
        Some(region) if target.place == Place::None => {
            return Err(bad(&format!("route {route} takes no region (@{region})")));
        }
        other => other.map(str::to_owned),
    };
    Ok(Target { place: target.place.with_site(site), ..target })
}

/// Parse every spec, checking there are 2 to 8.
pub fn parse_all<'a>(specs: impl IntoIterator<Item = &'a str>) -> Result<Vec<Target>, String> {
    let targets = specs.into_iter().map(parse).collect::<Result<Vec<_>, _>>()?;
    if !(MIN_TARGETS..=MAX_TARGETS).contains(&targets.len()) {
        return Err(format!(
            "compare needs {MIN_TARGETS} to {MAX_TARGETS} targets, got {}; pass --target {FORM} (repeatable) or --set NAME",
            targets.len()
        ));
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_keeps_its_colons() {
        let target = parse("bedrock-converse@eu-west-1:us.anthropic.claude-sonnet-4-5-20250929-v1:0").unwrap();
        assert_eq!(target.route, RouteId::BedrockConverse);
        assert_eq!(target.place.region(), Some("eu-west-1"));
        assert_eq!(target.model, "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    #[test]
    fn the_model_keeps_its_at_sign_and_vertex_takes_a_location() {
        let target = parse("vertex-claude@us-east5:claude-sonnet-4-5@20250929").unwrap();
        assert_eq!((target.route, target.place.location()), (RouteId::VertexClaude, Some("us-east5")));
        assert_eq!(target.model, "claude-sonnet-4-5@20250929");
        let target = parse("vertex-claude:claude-sonnet-4-5@20250929").unwrap();
        assert_eq!((target.place.site(), target.model.as_str()), (None, "claude-sonnet-4-5@20250929"));
    }

    #[test]
    fn an_arn_model_survives() {
        let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-v1:0";
        let target = parse(&format!("bedrock-invoke@us-east-1:{arn}")).unwrap();
        assert_eq!(target.model, arn);
    }

    #[test]
    fn specs_round_trip() {
        for spec in ["anthropic:claude-x", "bedrock-mantle@us-west-2:anthropic.x", "vertex-gemini@eu:gemini-2.5-flash"]
        {
            assert_eq!(parse(spec).unwrap().spec(), spec);
        }
    }

    #[test]
    fn bad_specs_are_named_with_the_expected_form() {
        for (spec, why) in [
            ("anthropic", "no `:`"),
            ("anthropic:", "no model"),
            ("bedrock-invoke@:x", "no region"),
            ("bedrok:x", "unknown route \"bedrok\""),
            ("claude-sonnet-4-5@20250929", "no `:`"),
            ("anthropic@us-east-1:claude-x", "takes no region"),
        ] {
            let error = parse(spec).unwrap_err();
            assert!(error.contains(&format!("{spec:?}")) && error.contains(why), "{spec}: {error}");
            assert!(error.contains("ROUTE[@REGION]:MODEL"), "{error}");
        }
    }

    #[test]
    fn two_to_eight_targets() {
        assert!(parse_all(["emulator:a"]).unwrap_err().contains("2 to 8 targets, got 1"));
        assert_eq!(parse_all(["emulator:a"; 8]).unwrap().len(), 8);
        assert!(parse_all(["emulator:a"; 9]).unwrap_err().contains("got 9"));
    }
}
