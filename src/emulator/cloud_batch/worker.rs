//! One batch record answered by the very handler that answers it on demand (Bedrock
//! `InvokeModel` or `Converse`, Vertex `generateContent` or Claude's `rawPredict`), unpaced,
//! so a batch answer equals an on-demand one. A record whose text holds
//! `routeplay-fault:NAME` is answered as a request with `x-routeplay-fault: NAME` would be:
//! a refusing fault (`500`, `429`, …) fails that record alone.

use crate::emulator::controls::{FAULT, TOKENS_PER_SECOND};
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use crate::emulator::{bedrock, google, ids};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;

/// The mark that gives one record a fault: `routeplay-fault:` and a fault's name.
pub const RECORD_FAULT: &str = "routeplay-fault:";
/// The largest answer read back from a handler.
const MAX_ANSWER: usize = 16 * 1024 * 1024;

/// Which surface answers a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Invoke,
    Converse,
    Gemini,
    Claude,
}

/// Where the job runs: the model, and for Vertex its project and location.
#[derive(Debug, Clone)]
pub struct Place {
    pub model: String,
    pub project: String,
    pub location: String,
}

/// A record's failure: the HTTP status its request got, and the error's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub status: u16,
    pub message: String,
}

/// The fault named in `body`'s text, if any.
fn fault_of(body: &str) -> Option<&str> {
    let at = body.find(RECORD_FAULT)? + RECORD_FAULT.len();
    let rest = &body[at..];
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|name| !name.is_empty())
}

/// Answer `body` on `surface`: the response body, or why it failed.
pub async fn answer(
    state: &Arc<EmulatorState>,
    surface: Surface,
    place: &Place,
    body: &Value,
) -> Result<Value, Failed> {
    let text = body.to_string();
    let mut headers = HeaderMap::new();
    headers.insert(TOKENS_PER_SECOND, HeaderValue::from_static("0"));
    if let Some(value) = fault_of(&text).and_then(|name| HeaderValue::from_str(name).ok()) {
        headers.insert(FAULT, value);
    }
    let serial = state.next_serial();
    let bytes = Bytes::from(text);
    let (project, location) = (place.project.clone(), place.location.clone());
    let response = match surface {
        Surface::Invoke => {
            let tag = RequestTag { serial, id: ids::aws_request_id(serial, state.salt) };
            let id = Ok(Path(place.model.clone()));
            bedrock::invoke::invoke(State(Arc::clone(state)), Extension(tag), id, headers, bytes).await
        }
        Surface::Converse => {
            let tag = RequestTag { serial, id: ids::aws_request_id(serial, state.salt) };
            let id = Ok(Path(place.model.clone()));
            bedrock::converse::converse(State(Arc::clone(state)), Extension(tag), id, headers, bytes).await
        }
        Surface::Gemini => {
            let tag = RequestTag { serial, id: ids::google_response_id(serial, state.salt) };
            let path = Path((project, location, format!("{}:generateContent", place.model)));
            google::generate::vertex(State(Arc::clone(state)), Extension(tag), path, RawQuery(None), headers, bytes)
                .await
        }
        Surface::Claude => {
            let tag = RequestTag { serial, id: ids::vertex_request_id(serial, state.salt) };
            let path = Path((project, location, format!("{}:rawPredict", place.model)));
            google::claude::predict(State(Arc::clone(state)), Extension(tag), path, headers, bytes).await
        }
    };
    read(response).await
}

async fn read(response: Response) -> Result<Value, Failed> {
    let status = response.status().as_u16();
    let code = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let bytes = axum::body::to_bytes(response.into_body(), MAX_ANSWER)
        .await
        .map_err(|_| Failed { status: 500, message: "the answer was too large to keep".into() })?;
    let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        return Ok(value);
    }
    let error = value.get("error").unwrap_or(&value);
    let message = error.get("message").and_then(Value::as_str).unwrap_or("the request failed");
    let code = code
        .map(|code| code.split(':').next().unwrap_or_default().to_owned())
        .or_else(|| error.get("status").or_else(|| error.get("type")).and_then(Value::as_str).map(str::to_owned));
    let message = code.map_or_else(|| message.to_owned(), |code| format!("{code}: {message}"));
    Err(Failed { status, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fault_mark_names_one_fault() {
        assert_eq!(fault_of(r#"{"text":"hi routeplay-fault:500 please"}"#), Some("500"));
        assert_eq!(fault_of(r#"{"text":"routeplay-fault:429-then-ok"}"#), Some("429-then-ok"));
        assert_eq!(fault_of(r#"{"text":"routeplay-fault: 500"}"#), None);
        assert_eq!(fault_of("plain"), None);
    }
}
