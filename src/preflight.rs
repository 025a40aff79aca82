//! What is checked before a request goes to a target, by the CLI and the playground alike:
//! the model id's form (`ModelIds::problem`: a Vertex Model Garden id needs its publisher), the
//! attached files against the route's limits (`attach::check`) and the request metadata
//! against the rules of the field it goes in (Bedrock's `requestMetadata`, Google's labels). What
//! the route would refuse is refused here, naming the route, the rule and the flag; what it may
//! not honour is sent with a warning.

use crate::attach::{self, Checked};
use crate::routes::Target;
use crate::routes::request::ChatRequest;

/// The checks for `request` on `target`: `refused` must not be sent.
#[must_use]
pub fn check(target: &Target, request: &ChatRequest) -> Checked {
    let files = request.turns.last().map(|turn| &turn.attachments[..]).unwrap_or_default();
    let mut checked =
        if files.is_empty() { Checked::default() } else { attach::check(target.route, &target.model, files) };
    if let Some(problem) = target.route.spec().model_ids.problem(&target.model) {
        checked.refused.push(format!("{}: {problem}", target.route));
    }
    let metadata = &request.params.controls.metadata;
    let rules = target.route.spec().capabilities_for(&target.model).metadata_rules;
    if let Some(rules) = rules.filter(|_| !metadata.is_empty())
        && let Err(problem) = rules.check(metadata)
    {
        checked.refused.push(format!("{}: {problem}", target.route));
    }
    checked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;

    fn with_meta(key: &str, value: &str) -> ChatRequest {
        let mut request = ChatRequest::single("hi");
        request.params.controls.metadata.insert(key.into(), value.into());
        request
    }

    #[test]
    fn metadata_is_checked_by_the_rules_of_the_field_it_goes_in() {
        let converse = Target::new(RouteId::BedrockConverse, "meta.llama3-3-70b-instruct-v1:0");
        let vertex = Target::new(RouteId::VertexGemini, "gemini-2.5-flash");
        // Bedrock takes upper case and `!`-free punctuation; Google labels take neither.
        assert_eq!(check(&converse, &with_meta("Team", "ML/ops")), Checked::default());
        let refused = check(&vertex, &with_meta("Team", "ml")).refused;
        assert!(
            refused.len() == 1 && refused[0].starts_with("vertex-gemini: ") && refused[0].contains("Team"),
            "{refused:?}"
        );
        let refused = check(&converse, &with_meta("bad!key", "1")).refused;
        assert!(
            refused.len() == 1 && refused[0].starts_with("bedrock-converse: ") && refused[0].contains("bad!key"),
            "{refused:?}"
        );
    }

    #[test]
    fn a_route_that_drops_metadata_refuses_nothing_for_it() {
        let gemini = Target::new(RouteId::GeminiApi, "gemini-2.5-flash");
        assert_eq!(check(&gemini, &with_meta("Team", "x")), Checked::default(), "not sent: a parity line says so");
    }
}
