//! Fixes for the errors of OpenAI's Chat Completions (and the servers that answer in its shape),
//! chosen by the body's `code`: a rejected or missing key, an unknown model, no quota left.

use super::http_error::ErrorContext;
use crate::routes::RouteId;
use crate::routes::spec::{AuthScheme, ErrorShape};

/// What to do about OpenAI's errors (by their `code`), on a route whose errors come in its shape.
#[must_use]
pub fn hint(context: &ErrorContext<'_>, code: Option<&str>, status: u16) -> Option<String> {
    if context.shape != ErrorShape::OpenAiCompatible {
        return None;
    }
    let keyed = context.route.parse::<RouteId>().is_ok_and(|route| route.spec().auth == AuthScheme::OpenAiKey);
    let hint = match (code, status) {
        (Some("invalid_api_key"), _) | (_, 401) if keyed => {
            "the server wants a valid key: set OPENAI_API_KEY (or api_key under [routes.openai] in config.toml)".into()
        }
        (Some("model_not_found"), _) | (_, 404) => format!(
            "check the model id: the route pane's model list shows the models {} serves, and `routeplay doctor --route \
             {} --model ID` checks one",
            context.route, context.route
        ),
        (Some("insufficient_quota"), _) => {
            "the account has no quota left: check its plan and billing (platform.openai.com); waiting will not help"
                .into()
        }
        _ => return None,
    };
    Some(hint)
}
