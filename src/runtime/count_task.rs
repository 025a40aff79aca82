//! Counting the next request's input tokens for the playground (`alt+t`): the credential is
//! resolved as a run's would be, then the route's counting endpoint is asked; the answer, or
//! why there is none, comes back as `Msg::TokensCounted`.

use super::RunContext;
use crate::app::msg::Msg;
use crate::app::token_count::CountAnswer;
use crate::auth::ProcessEnv;
use crate::client::setup::{self, Surroundings};
use crate::models::Places;
use crate::routes::Target;
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
        let around = Surroundings {
            config: &context.config,
            env: &ProcessEnv,
            emulator_url: context.emulator_url.as_deref(),
            demo,
            google_tokens: &context.google_tokens,
            // The target carries its own places.
            places: &Places::default(),
        };
        let result = match setup::resolve(&target, &around).await {
            Ok(setup) => context
                .client
                .count_tokens(&target, &request, &setup)
                .await
                .map(|counted| CountAnswer { input_tokens: counted.input_tokens, counted_model: counted.counted_model })
                .map_err(|error| error.to_string()),
            Err(error) => Err(error.to_string()),
        };
        let _ = tx.send(Msg::TokensCounted { ask, column, result });
    });
}
