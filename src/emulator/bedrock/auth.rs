//! Who may call a Bedrock surface: a middleware that reads the whole body, checks the
//! `Authorization` header (SigV4 for the surface's signing name, or a Bedrock API key where
//! the surface takes one) and either refuses with 403 in the surface's error dialect or passes
//! the request on with a [`Caller`] in its extensions.

use super::credentials::AwsDemo;
use super::error::AwsError;
use super::failure::Failure;
use super::sigv4::{self, Received};
use super::sts;
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::SystemTime;

/// The largest body read (and signed); larger ones are refused with 413.
const MAX_BODY: usize = 32 * 1024 * 1024;

/// How refusals are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `{"message":…}` and `x-amzn-ErrorType`.
    Json,
    /// STS's `<ErrorResponse>`.
    Xml,
}

/// What one surface accepts.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// The SigV4 signing name.
    pub service: &'static str,
    /// Whether `Authorization: Bearer <Bedrock API key>` is accepted.
    pub bearer: bool,
    pub dialect: Dialect,
}

/// Who called, put in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The region the request was signed for; `None` with an API key.
    pub region: Option<String>,
}

/// The middleware's state: the server's and the surface's policy.
#[derive(Debug, Clone)]
pub struct Gate {
    pub state: Arc<EmulatorState>,
    pub policy: Policy,
}

/// The middleware.
pub async fn guard(State(gate): State<Gate>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return AwsError::too_large().into_response();
    };
    match check(gate.state.aws(), gate.policy, &parts, &body) {
        Ok(caller) => {
            parts.extensions.insert(caller);
            next.run(Request::from_parts(parts, Body::from(body))).await
        }
        Err(failure) => match gate.policy.dialect {
            Dialect::Json => AwsError::refused(&failure).into_response(),
            Dialect::Xml => {
                let id = parts.extensions.get::<RequestTag>().map_or("", |tag| tag.id.as_str());
                sts::refused(&failure, id)
            }
        },
    }
}

fn check(aws: &AwsDemo, policy: Policy, parts: &Parts, body: &[u8]) -> Result<Caller, Failure> {
    let value = parts.headers.get(header::AUTHORIZATION).ok_or(Failure::Missing)?;
    let value = value.to_str().map_err(|_| Failure::Incomplete("Authorization header is not ASCII.".into()))?;
    if let Some(key) = value.strip_prefix("Bearer ") {
        return match (policy.bearer, key.trim() == aws.bearer_key) {
            (false, _) => Err(Failure::BearerNotAllowed),
            (true, true) => Ok(Caller { region: None }),
            (true, false) => Err(Failure::BadBearer),
        };
    }
    let received = Received { method: &parts.method, uri: &parts.uri, headers: &parts.headers, body };
    let region = sigv4::verify(aws, policy.service, value, received, SystemTime::now())?;
    Ok(Caller { region: Some(region) })
}
