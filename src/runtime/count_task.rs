//! Counting the next request's input tokens for the playground (`alt+t`): the credential is
//! resolved as a run's would be, then the route's counting endpoint is asked; the answer, or
//! why there is none, comes back as `Msg::TokensCounted`.

use super::RunContext;
use crate::app::msg::Msg;
use crate::app::token_count::CountAnswer;
use crate::client::setup;
use crate::models::Places;
use crate::routes::Target;
use crate::routes::error::RunError;
use crate::routes::request::ChatRequest;
use tokio::sync::mpsc::UnboundedSender;

/// One count asked for: which ask and column it answers, and what to count where.
pub struct CountOrder {
    pub ask: u64,
    pub column: Option<usize>,
    pub target: Target,
    pub request: ChatRequest,
    pub demo: bool,
}

/// Count off the UI task; the result (or the error naming the route and why) goes to `tx`.
pub fn spawn_count(context: &RunContext, tx: UnboundedSender<Msg>, order: CountOrder) {
    let context = context.clone();
    tokio::spawn(async move {
        let CountOrder { ask, column, target, request, demo } = order;
        let no_places = Places::default();
        let around = context.surroundings(demo, &no_places);
        let result = match setup::resolve(&target, &around).await {
            Ok(setup) => context.client.count_tokens(&target, &request, &setup).await,
            Err(error) => Err(error),
        };
        let result = result
            .map(|counted| CountAnswer { input_tokens: counted.input_tokens, counted_model: counted.counted_model })
            .map_err(|error| why(&error));
        let _ = tx.send(Msg::TokensCounted { ask, column, result });
    });
}

/// Why a count failed, without the route and model the count's line already names; a 404 is
/// said to be the counting endpoint's, not the model id's (the hint a run's 404 gets).
fn why(error: &RunError) -> String {
    let mut error = error.clone();
    if error.status == Some(404) {
        error.hint = Some("no counting endpoint answers for this model on this route".to_owned());
    }
    let text = error.to_string();
    let named = format!("{} · {}: ", error.route, error.model);
    text.strip_prefix(&named).map_or_else(|| text.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::error::ErrorKind;

    #[test]
    fn a_failed_count_is_said_without_its_route_and_a_404_is_the_counting_endpoints() {
        let mut error = RunError::new(ErrorKind::InvalidRequest, "bedrock-invoke", "m1", "not found");
        error.status = Some(404);
        error.hint = Some("check the model id for this route".into());
        assert_eq!(why(&error), "HTTP 404 not found. no counting endpoint answers for this model on this route");
        let refused = RunError::new(ErrorKind::MissingCredential, "anthropic", "m2", "set ANTHROPIC_API_KEY");
        assert_eq!(why(&refused), "set ANTHROPIC_API_KEY");
    }
}
