//! The cheapest live check, only when asked: one request for one output token through the
//! normal client, its list-price cost estimated first from the catalog.

use super::Check;
use crate::client::Client;
use crate::client::setup::RouteSetup;
use crate::models::{Catalog, estimate};
use crate::routes::Target;
use crate::routes::event::{RunUpdate, StreamEvent, Usage};
use crate::routes::request::ChatRequest;

/// The probe's prompt.
const PROMPT: &str = "Say OK.";
/// What the probe's input is estimated at, in tokens (a short prompt plus the wrapping).
const INPUT_ESTIMATE: u64 = 12;

/// The probe's estimated cost, to show before it is sent.
#[must_use]
pub fn estimate_line(target: &Target) -> Check {
    let usage = Usage { input_tokens: Some(INPUT_ESTIMATE), output_tokens: Some(1), ..Usage::default() };
    match estimate(Catalog::shared(), target, &usage) {
        Some(cost) => Check::ok("cost", format!("the probe costs about ${:.6} ({})", cost.usd, cost.basis)),
        None => Check::unconfirmed(
            "cost",
            "the probe's price is unknown: the catalog has no list price for this model on this route",
        ),
    }
}

/// Send the probe: `max_tokens` 1.
pub async fn probe(client: &Client, target: &Target, setup: RouteSetup) -> Check {
    let mut request = ChatRequest::single(PROMPT);
    request.params.max_tokens = 1;
    let mut usage = Usage::default();
    let mut status = None;
    let mut report = |update: RunUpdate| match update {
        RunUpdate::Responded { status: code, .. } => status = Some(code),
        RunUpdate::Event(StreamEvent::Usage(newer)) => usage.merge(newer),
        _ => {}
    };
    match client.run(target, &request, setup, &mut report).await {
        Ok(()) => {
            let tokens = |count: Option<u64>| count.map_or_else(|| "?".to_owned(), |count| count.to_string());
            let cost = estimate(Catalog::shared(), target, &usage)
                .map_or_else(|| "cost unknown".to_owned(), |cost| format!("${:.6}", cost.usd));
            Check::ok(
                "probe",
                format!(
                    "HTTP {} and a stream: {} tokens in, {} out, {cost}",
                    status.unwrap_or_default(),
                    tokens(usage.input_tokens),
                    tokens(usage.output_tokens)
                ),
            )
        }
        Err(error) => Check::from_error("probe", &error),
    }
}
