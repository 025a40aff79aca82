//! Counting a request's input tokens before sending it (`ask --count-only`): the route's
//! counting request (`routes/count.rs`), sent with the run's credential, signing and retries.

use super::setup::RouteSetup;
use super::{Client, plan};
use crate::routes::Target;
use crate::routes::count::{count_request, read_count};
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::request::ChatRequest;

/// A counting answer is a few fields; more than this is not one.
const MAX_COUNT_ANSWER: usize = 64 * 1024;

/// What a route counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub input_tokens: u64,
    /// The model id counted: the bare foundation id where the route refuses a profile id.
    pub counted_model: String,
    /// Where the count was asked, for the user to see which endpoint answered.
    pub url: String,
}

impl Client {
    /// Count `request`'s input tokens on `target`, as the route would send it.
    ///
    /// # Errors
    /// When the route has no counting endpoint, the request fails, or the answer holds no count.
    pub async fn count_tokens(
        &self,
        target: &Target,
        request: &ChatRequest,
        setup: &RouteSetup,
    ) -> Result<Counted, RunError> {
        let route = target.route.name();
        let request = plan::for_model(target, request);
        let count = count_request(target.route.spec(), &plan::endpoint(setup), &target.model, &request)
            .map_err(|why| RunError::new(ErrorKind::InvalidRequest, route, &target.model, why))?;
        let mut http = count.http;
        http.headers.extend(setup.extra_headers.iter().cloned());
        let response = self.send_with_retries(target, &http, setup, &mut |_| {}).await?;
        let read = crate::http_body::read_capped(response, MAX_COUNT_ANSWER, Some(self.idle_timeout)).await;
        let unreadable = |why: String| {
            RunError::new(
                ErrorKind::Protocol,
                route,
                &target.model,
                format!("the token count from {}: {why}", http.url),
            )
        };
        let answer: serde_json::Value =
            serde_json::from_slice(&read.bytes).map_err(|error| unreadable(format!("not JSON ({error})")))?;
        let input_tokens = read_count(&answer)
            .ok_or_else(|| unreadable("no input_tokens, inputTokens or totalTokens in it".to_owned()))?;
        Ok(Counted { input_tokens, counted_model: count.counted_model, url: http.url })
    }
}
