//! `POST /v1/messages/batches`: the body checked as the API checks it (1 to 100,000 requests,
//! each `custom_id` matching `^[a-zA-Z0-9_-]{1,64}$` and unique, each `params` a Messages body
//! that does not stream), then every record answered at once, as the streaming surface would
//! answer the same body, with `usage.service_tier: "batch"`. A record whose model asks for a
//! refusing fault (`emulator-sonnet-fault-500`, `…-fault-429-then-ok`) is `errored`.

use super::job::Outcome;
use crate::emulator::anthropic::blocks::Sources;
use crate::emulator::anthropic::error::ApiError;
use crate::emulator::anthropic::shape::{self, Head};
use crate::emulator::anthropic::validate::{self, ModelIn};
use crate::emulator::controls::Controls;
use crate::emulator::state::EmulatorState;
use crate::emulator::{catalog, ids, turn};
use crate::routes::wire::anthropic::MessagesBody;
use serde_json::Value;
use std::collections::HashSet;

/// The most requests one batch may hold.
pub const MAX_REQUESTS: usize = 100_000;
/// The longest `custom_id`.
const MAX_CUSTOM_ID: usize = 64;

/// One request of a batch, checked.
pub struct Request {
    pub custom_id: String,
    pub params: MessagesBody,
}

/// Check a create body; the error names the request and field at fault.
pub fn parse(body: &[u8]) -> Result<Vec<Request>, ApiError> {
    let value = validate::json_object(body).map_err(ApiError::invalid)?;
    let Some(requests) = value.get("requests").and_then(Value::as_array) else {
        return Err(ApiError::invalid("requests: Field required (a list of {custom_id, params})"));
    };
    if requests.is_empty() || requests.len() > MAX_REQUESTS {
        return Err(ApiError::invalid(format!(
            "requests: must hold 1 to {MAX_REQUESTS} items, not {}",
            requests.len()
        )));
    }
    let mut seen = HashSet::new();
    let mut parsed = Vec::with_capacity(requests.len());
    for (index, request) in requests.iter().enumerate() {
        let request = read_request(index, request).map_err(ApiError::invalid)?;
        if !seen.insert(request.custom_id.clone()) {
            return Err(ApiError::invalid(format!(
                "requests.{index}.custom_id: {:?} is used by an earlier request; custom ids must be unique \
                 within a batch",
                request.custom_id
            )));
        }
        parsed.push(request);
    }
    Ok(parsed)
}

fn read_request(index: usize, request: &Value) -> Result<Request, String> {
    let at = format!("requests.{index}");
    let custom_id = match request.get("custom_id") {
        Some(Value::String(id)) if valid_custom_id(id) => id.clone(),
        Some(Value::String(id)) => {
            return Err(format!("{at}.custom_id: {id:?} does not match ^[a-zA-Z0-9_-]{{1,{MAX_CUSTOM_ID}}}$"));
        }
        Some(_) => return Err(format!("{at}.custom_id: Input should be a valid string")),
        None => return Err(format!("{at}.custom_id: Field required")),
    };
    let Some(params) = request.get("params").filter(|params| params.is_object()) else {
        return Err(format!("{at}.params: Field required (a Messages request body)"));
    };
    if params.get("stream").is_some_and(|stream| stream != &Value::Bool(false)) {
        return Err(format!("{at}.params.stream: a batch request does not stream; leave it out"));
    }
    let params =
        validate::read(params.clone(), ModelIn::Body, Sources::Any).map_err(|e| format!("{at}.params: {e}"))?;
    Ok(Request { custom_id, params })
}

fn valid_custom_id(id: &str) -> bool {
    (1..=MAX_CUSTOM_ID).contains(&id.len())
        && id.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
}

/// Answer one record, as `POST /v1/messages` with `stream: false` would, in the batch tier.
pub fn answer(state: &EmulatorState, controls: &Controls, params: &MessagesBody) -> Outcome {
    let serial = state.next_serial();
    let request_id = ids::request_id(serial, state.salt);
    let errored = |error: &ApiError| Outcome::Errored(json(&error.body(Some(&request_id))));
    let model = params.model.clone().unwrap_or_default();
    let Some(choice) = catalog::resolve(&model) else {
        return errored(&ApiError::not_found(format!("model: {model}")));
    };
    match turn::take(state, serial, controls, &choice, &validate::conversation(params)) {
        Err(refusal) => errored(&ApiError::rejection(refusal.rejection, refusal.retry_after)),
        Ok(turn) => {
            let head = Head {
                cache: turn.cache,
                service_tier: Some("batch"),
                ..Head::new(ids::message_id(serial, state.salt), model, turn.input_tokens)
            };
            Outcome::Succeeded(json(&shape::whole_message(&head, &turn.plan)))
        }
    }
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids() {
        assert!(valid_custom_id("p0t1s2"));
        assert!(valid_custom_id("a-b_C"));
        assert!(!valid_custom_id(""));
        assert!(!valid_custom_id("a b"));
        assert!(!valid_custom_id(&"x".repeat(65)));
    }
}
