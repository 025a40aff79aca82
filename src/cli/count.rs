//! `routeplay ask --count-only`: the input tokens of the request `ask` would send, counted by
//! the route's own counting endpoint (nothing is generated, nothing is billed), and what they
//! would cost at the catalog's input price.

use crate::client::setup;
use crate::models::Catalog;
use crate::models::cost;
use crate::routes::Target;
use crate::routes::event::Usage;
use crate::routes::request::ChatRequest;
use crate::runtime::RunContext;

/// Count `request` on `target` and print the count and its input cost; the error names the
/// route and why when it cannot count.
///
/// # Errors
/// When the credential cannot be resolved, the route has no counting endpoint, or the count
/// fails.
pub async fn count_only(
    context: &RunContext,
    target: &Target,
    request: &ChatRequest,
    demo: bool,
) -> Result<i32, String> {
    // Said before any credential is looked for: no credential would help.
    crate::routes::count::counting_of(target.route.spec())?;
    let places = target.place.clone().into_parts();
    let around = context.surroundings(demo, &places);
    let setup = setup::resolve(target, &around).await.map_err(|error| error.to_string())?;
    let counted = context.client.count_tokens(target, request, &setup).await.map_err(|error| error.to_string())?;
    println!("input tokens: {}", counted.input_tokens);
    let model_note = if counted.counted_model == target.model {
        String::new()
    } else {
        format!(" (counted as {}: the counting endpoint takes no profile id)", counted.counted_model)
    };
    println!("counted by: {} {}{model_note} at {}", target.route, target.model, counted.url);
    let usage = Usage { input_tokens: Some(counted.input_tokens), output_tokens: Some(0), ..Usage::default() };
    match cost::estimate(Catalog::shared(), target, &usage) {
        Some(estimate) => println!("input cost: ${:.6} ({})", estimate.usd, estimate.basis),
        None => println!("input cost: unknown (no list price for {} on {})", target.model, target.route),
    }
    Ok(0)
}
