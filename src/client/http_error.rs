//! Turns a non-2xx response into one clear `RunError`: status, the provider's error type and
//! message, the request id, and a fix where one is known. The body is read in the shape the
//! route's spec names first (`error_shape.rs`), then in the others: Anthropic's
//! `{"type":"error","error":{type,message}}`, OpenAI's `{"error":{message,type,param,code}}`,
//! Google's `{"error":{code,message,status}}` (also wrapped in an array) and AWS's `{"message"}`
//! with `x-amzn-ErrorType`.

use super::error_shape::{self, ErrorBody};
use super::{aws_hints, openai_hints};
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::google_error::{GoogleError, hint as google_hint};
use crate::routes::spec::ErrorShape;
use reqwest::header::HeaderMap;

/// Where the failed request went, for the message and the hint.
pub struct ErrorContext<'a> {
    pub route: &'a str,
    pub model: &'a str,
    /// The AWS region on AWS routes, the location on Vertex routes.
    pub region: Option<&'a str>,
    /// Whether the route is a Vertex AI one (Google errors get Vertex hints then).
    pub vertex: bool,
    /// How to renew the credentials, when their source is known.
    pub refresh_hint: Option<&'a str>,
    /// The shape the route's errors come in (its spec's), read first.
    pub shape: ErrorShape,
}

/// The request id header of each provider, in the order they are tried.
pub const REQUEST_ID_HEADERS: [&str; 3] = ["request-id", "x-amzn-requestid", "x-request-id"];

/// The request id a response carries, under any provider's header name.
#[must_use]
pub fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| headers.get(*name)?.to_str().ok().map(str::to_owned))
}

/// The error for an HTTP `status` with `headers` and `body`.
#[must_use]
pub fn from_response(context: &ErrorContext<'_>, status: u16, headers: &HeaderMap, body: &[u8]) -> RunError {
    let kind = kind_for_status(status);
    let (provider_type, message, body_request_id) = match error_shape::read(context.shape, headers, body) {
        ErrorBody::Google(google) => return from_google(context, kind, status, headers, google),
        ErrorBody::Other { provider_type, message, request_id } => (provider_type, message, request_id),
    };
    let mut error = RunError::new(kind, context.route, context.model, message);
    error.status = Some(status);
    error.request_id = request_id(headers).or(body_request_id);
    error.hint = aws_hints::hint(context, provider_type.as_deref(), &error.message)
        .or_else(|| context.refresh_hint.filter(|_| status == 401).map(str::to_owned))
        .or_else(|| busy_hint(context, provider_type.as_deref()))
        .or_else(|| openai_hints::hint(context, provider_type.as_deref(), status))
        .or_else(|| hint_for(kind, status).map(str::to_owned));
    error.provider_type = provider_type;
    error
}

/// The error for a Google error body: its status and reason, and the fix for them.
fn from_google(
    context: &ErrorContext<'_>,
    kind: ErrorKind,
    status: u16,
    headers: &HeaderMap,
    google: GoogleError,
) -> RunError {
    let mut error = RunError::new(kind, context.route, context.model, google.message.clone());
    error.status = Some(status);
    error.request_id = request_id(headers);
    // A Vertex 401 is fixed where its credential came from, which the setup knows.
    let source_fix = context.refresh_hint.filter(|_| context.vertex && status == 401).map(str::to_owned);
    error.hint = source_fix
        .or_else(|| google_hint(&google, context.vertex, context.region))
        .or_else(|| context.refresh_hint.filter(|_| kind == ErrorKind::Auth).map(str::to_owned))
        .or_else(|| hint_for(kind, status).map(str::to_owned));
    error.provider_type = Some(match google.reason {
        Some(reason) if !google.status.is_empty() => format!("{} ({reason})", google.status),
        Some(reason) => reason,
        None => google.status,
    })
    .filter(|kind| !kind.is_empty());
    error
}

/// What a status means for retries and hints.
#[must_use]
pub fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::Auth,
        429 => ErrorKind::RateLimited,
        529 => ErrorKind::Overloaded,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::InvalidRequest,
    }
}

/// What to do about AWS's "busy" errors, which routeplay retries before it shows them.
fn busy_hint(context: &ErrorContext<'_>, error_type: Option<&str>) -> Option<String> {
    let region = context.region.unwrap_or("this region");
    match error_type? {
        "ServiceUnavailableException" => Some(format!(
            "Bedrock could not serve the model in {region} just now: wait and try \
             again, or use a cross-region inference profile id (us., eu., apac. or global.) to spread the load"
        )),
        "ModelNotReadyException" => Some(
            "the model is not ready to serve yet (an imported model loads after a while idle): wait a minute \
             and try again"
                .into(),
        ),
        _ => None,
    }
}

fn hint_for(kind: ErrorKind, status: u16) -> Option<&'static str> {
    match (kind, status) {
        (ErrorKind::Auth, 401) => {
            Some("the key or token was rejected: check that it is current and meant for this route")
        }
        (ErrorKind::Auth, _) => Some("the key lacks permission for this model or workspace"),
        (ErrorKind::InvalidRequest, 404) => Some("check the model id for this route"),
        (ErrorKind::InvalidRequest, 413) => Some("shorten the prompt or the conversation"),
        (ErrorKind::RateLimited, _) => Some("rate limited: wait, or lower the request rate"),
        (ErrorKind::Overloaded, _) => Some("the provider is overloaded: try again shortly"),
        (ErrorKind::Server, 502..=504) => Some("the service is briefly unavailable: try again shortly"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::retry_policy::RetryPolicy;
    use reqwest::header::HeaderValue;

    const ANTHROPIC: ErrorContext<'static> = ErrorContext {
        route: "anthropic",
        model: "nope",
        region: None,
        vertex: false,
        refresh_hint: None,
        shape: ErrorShape::Anthropic,
    };

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn an_anthropic_error_body_names_type_message_and_request_id() {
        let body =
            br#"{"type":"error","error":{"type":"not_found_error","message":"model: nope"},"request_id":"req_1"}"#;
        let error = from_response(&ANTHROPIC, 404, &HeaderMap::new(), body);
        assert_eq!(error.kind, ErrorKind::InvalidRequest);
        assert_eq!(
            error.to_string(),
            "anthropic · nope: HTTP 404 not_found_error: model: nope (request id req_1). check the model id for this route"
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_quoted() {
        let error = from_response(&ANTHROPIC, 502, &headers(&[("request-id", "req_h")]), b"<html>bad gateway</html>");
        assert_eq!(error.kind, ErrorKind::Server);
        assert_eq!(error.message, "<html>bad gateway</html>");
        assert_eq!(error.request_id.as_deref(), Some("req_h"));
    }

    #[test]
    fn an_aws_error_takes_its_type_from_the_header_and_its_id_from_x_amzn_requestid() {
        let context = ErrorContext {
            route: "bedrock-invoke",
            model: "m",
            region: Some("us-east-1"),
            vertex: false,
            refresh_hint: None,
            shape: ErrorShape::Aws,
        };
        let map = headers(&[
            ("x-amzn-errortype", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"),
            ("x-amzn-requestid", "3f1c-aws"),
        ]);
        let error =
            from_response(&context, 429, &map, br#"{"message":"Too many requests, please wait before trying again."}"#);
        assert_eq!(error.provider_type.as_deref(), Some("ThrottlingException"));
        assert_eq!(error.request_id.as_deref(), Some("3f1c-aws"));
        assert!(RetryPolicy::AwsStandard.retries(&error));
    }

    #[test]
    fn a_bedrock_503_and_a_model_not_ready_are_retried_and_say_what_to_do() {
        let context = ErrorContext {
            route: "bedrock-converse",
            model: "m",
            region: Some("eu-west-1"),
            vertex: false,
            refresh_hint: None,
            shape: ErrorShape::Aws,
        };
        let unavailable = headers(&[("x-amzn-errortype", "ServiceUnavailableException")]);
        let error =
            from_response(&context, 503, &unavailable, br#"{"message":"Bedrock is unable to process your request."}"#);
        assert_eq!(error.provider_type.as_deref(), Some("ServiceUnavailableException"));
        assert!(RetryPolicy::AwsStandard.retries(&error));
        let hint = error.hint.as_deref().unwrap();
        assert!(hint.contains("eu-west-1") && hint.contains("inference profile"), "{hint}");
        let not_ready = headers(&[("x-amzn-errortype", "ModelNotReadyException")]);
        let error = from_response(&context, 429, &not_ready, br#"{"message":"not ready"}"#);
        assert!(RetryPolicy::AwsStandard.retries(&error));
        assert!(error.hint.as_deref().unwrap().contains("not ready"), "{error}");
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(kind_for_status(401), ErrorKind::Auth);
        assert_eq!(kind_for_status(429), ErrorKind::RateLimited);
        assert_eq!(kind_for_status(529), ErrorKind::Overloaded);
        assert_eq!(kind_for_status(503), ErrorKind::Server);
        assert_eq!(kind_for_status(400), ErrorKind::InvalidRequest);
    }

    #[test]
    fn a_google_error_names_status_reason_and_the_fix() {
        let context = ErrorContext {
            route: "vertex-gemini",
            model: "gemini-x",
            region: Some("europe-west4"),
            vertex: true,
            refresh_hint: None,
            shape: ErrorShape::Google,
        };
        let body = br#"{"error":{"code":404,"message":"Publisher Model `projects/p/locations/europe-west4/publishers/google/models/gemini-x` not found.","status":"NOT_FOUND"}}"#;
        let error = from_response(&context, 404, &HeaderMap::new(), body);
        assert_eq!(error.provider_type.as_deref(), Some("NOT_FOUND"));
        assert!(error.message.starts_with("Publisher Model"), "{error}");
        assert!(error.hint.as_deref().unwrap().contains("try location `global`"), "{error}");
    }

    #[test]
    fn a_wrapped_google_quota_error_is_retryable_and_names_its_reason() {
        let context = ErrorContext {
            route: "vertex-claude",
            model: "c@1",
            region: Some("us-east5"),
            vertex: true,
            refresh_hint: None,
            shape: ErrorShape::Google,
        };
        let body = br#"[{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED"}]}}]"#;
        let error = from_response(&context, 429, &HeaderMap::new(), body);
        assert!(RetryPolicy::of(crate::routes::RouteId::VertexClaude).retries(&error));
        assert_eq!(error.provider_type.as_deref(), Some("RESOURCE_EXHAUSTED (RATE_LIMIT_EXCEEDED)"));
        assert!(error.hint.as_deref().unwrap().contains("global"), "{error}");
    }

    #[test]
    fn the_route_spec_decides_how_an_ambiguous_body_is_read() {
        // A gateway's body that passes for Anthropic's and Google's alike: each route reads it
        // in its own spec's shape first, and the other shape is still understood.
        let body = br#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","type":"rate_limit_error","message":"Quota exceeded"}}"#;
        let google =
            ErrorContext { route: "vertex-claude", vertex: true, ..context_for(crate::routes::RouteId::VertexClaude) };
        let error = from_response(&google, 429, &HeaderMap::new(), body);
        assert_eq!(error.provider_type.as_deref(), Some("RESOURCE_EXHAUSTED"));
        assert!(error.hint.as_deref().is_some_and(|hint| hint.contains("global")), "{error}");
        let anthropic = ErrorContext { route: "anthropic", ..context_for(crate::routes::RouteId::Anthropic) };
        let error = from_response(&anthropic, 429, &HeaderMap::new(), body);
        assert_eq!(error.provider_type.as_deref(), Some("rate_limit_error"));
        // A Google body on an Anthropic route and an AWS one on a Google route are still read.
        let quota = br#"{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}"#;
        assert_eq!(
            from_response(&anthropic, 429, &HeaderMap::new(), quota).provider_type.as_deref(),
            Some("RESOURCE_EXHAUSTED")
        );
        let throttled = headers(&[("x-amzn-errortype", "ThrottlingException")]);
        let aws = from_response(&google, 429, &throttled, br#"{"message":"slow down"}"#);
        assert_eq!((aws.provider_type.as_deref(), aws.message.as_str()), (Some("ThrottlingException"), "slow down"));
    }

    fn context_for(route: crate::routes::RouteId) -> ErrorContext<'static> {
        ErrorContext {
            route: route.name(),
            model: "m",
            region: None,
            vertex: false,
            refresh_hint: None,
            shape: route.spec().error_shape,
        }
    }
}
