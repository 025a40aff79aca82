//! Request ids: every request gets a serial number and an id in its surface's format, put in
//! the request's extensions for handlers and in the response's request-id header(s).

use super::state::EmulatorState;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// A request's serial number and its id, in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestTag {
    pub serial: u64,
    pub id: String,
}

/// Tag `request` with an id made by `make_id` (from the serial number and the server's salt),
/// run it, and name the id in each of `headers` of the response.
pub async fn stamp(
    state: &EmulatorState,
    make_id: fn(u64, u64) -> String,
    headers: &[&'static str],
    mut request: Request,
    next: Next,
) -> Response {
    let serial = state.next_serial();
    let tag = RequestTag { serial, id: make_id(serial, state.salt) };
    let value = HeaderValue::from_str(&tag.id);
    request.extensions_mut().insert(tag);
    let mut response = next.run(request).await;
    if let Ok(value) = value {
        for name in headers {
            response.headers_mut().insert(*name, value.clone());
        }
    }
    response
}
