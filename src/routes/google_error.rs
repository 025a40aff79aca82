//! Google API error bodies (Gemini API and Vertex AI, PROTOCOLS.md routes 4 and 5) and the
//! hints routeplay shows for the failures users commonly hit.
//!
//! The envelope is `{"error":{"code","message","status","details":[…]}}`; some clients saw
//! it wrapped in a one-element JSON array, so both shapes parse. `details` is read loosely
//! (one odd entry never hides the error itself): only the `google.rpc.ErrorInfo` entry's
//! `reason` and `metadata`, `google.rpc.Help` links for an API activation page, and the
//! `google.rpc.RetryInfo` entry's `retryDelay` (how long the server asks a client to wait).
//! A 400 that names a request control gets a hint from `controls`.

mod controls;

use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

/// The `@type` suffixes of the detail entries read here.
const ERROR_INFO: &str = "google.rpc.ErrorInfo";
const HELP: &str = "google.rpc.Help";
const RETRY_INFO: &str = "google.rpc.RetryInfo";

/// A Google API error. It deserializes from the `error` object of the body, which is how a
/// stream decoder reads one sent inside a chunk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "RawStatus")]
pub struct GoogleError {
    /// The HTTP status the error stands for; 0 when the body had none.
    pub code: u16,
    /// The RPC status name, e.g. `RESOURCE_EXHAUSTED`; empty when the body had none.
    pub status: String,
    pub message: String,
    /// `ErrorInfo.reason`, e.g. `API_KEY_INVALID`, `SERVICE_DISABLED`, `RATE_LIMIT_EXCEEDED`,
    /// `IAM_PERMISSION_DENIED`.
    pub reason: Option<String>,
    /// `ErrorInfo.metadata.service`, e.g. `aiplatform.googleapis.com`.
    pub service: Option<String>,
    /// Where to enable a disabled API: `ErrorInfo.metadata.activationUrl`, else the `Help`
    /// link that mentions activation.
    pub activation_url: Option<String>,
    /// `RetryInfo.retryDelay`: how long to wait before retrying, e.g. `"37s"`.
    pub retry_delay: Option<Duration>,
}

/// The `error` object as it is on the wire.
#[derive(Deserialize)]
struct RawStatus {
    #[serde(default)]
    code: u16,
    #[serde(default)]
    status: String,
    message: String,
    #[serde(default)]
    details: Value,
}

impl From<RawStatus> for GoogleError {
    fn from(raw: RawStatus) -> Self {
        let details = raw.details.as_array().map_or(&[][..], Vec::as_slice);
        let info = details.iter().find(|detail| is_type(detail, ERROR_INFO));
        let metadata = |key: &str| info.and_then(|info| text(&info["metadata"][key]));
        GoogleError {
            code: raw.code,
            status: raw.status,
            message: raw.message,
            reason: info.and_then(|info| text(&info["reason"])),
            service: metadata("service"),
            activation_url: metadata("activationUrl").or_else(|| activation_link(details)),
            retry_delay: details
                .iter()
                .find(|detail| is_type(detail, RETRY_INFO))
                .and_then(|info| info["retryDelay"].as_str())
                .and_then(duration),
        }
    }
}

/// The whole body: the envelope, or envelopes in an array (the first one counts).
#[derive(Deserialize)]
#[serde(untagged)]
enum Body {
    Envelope { error: GoogleError },
    Wrapped(Vec<Envelope>),
}

#[derive(Deserialize)]
struct Envelope {
    error: GoogleError,
}

/// The error in a Google error body, or `None` when `body` is not one.
#[must_use]
pub fn parse_google_error(body: &[u8]) -> Option<GoogleError> {
    match serde_json::from_slice(body).ok()? {
        Body::Envelope { error } => Some(error),
        Body::Wrapped(envelopes) => envelopes.into_iter().next().map(|envelope| envelope.error),
    }
}

/// What the user can do about `error`, for the failures with a known cause. `vertex` says
/// which route answered; `location` is the Vertex location the request went to.
#[must_use]
pub fn hint(error: &GoogleError, vertex: bool, location: Option<&str>) -> Option<String> {
    if error.message.contains("API keys are not supported") || (vertex && error.status == "UNAUTHENTICATED") {
        return Some(ADC_HINT.into());
    }
    match error.reason.as_deref() {
        Some("API_KEY_INVALID") => return Some(api_key_hint(vertex)),
        Some("SERVICE_DISABLED") => return Some(service_disabled_hint(error)),
        _ => {}
    }
    match (error.code, error.status.as_str()) {
        (404, _) | (_, "NOT_FOUND") => Some(not_found_hint(error, vertex, location)),
        (403, _) | (_, "PERMISSION_DENIED") => Some(permission_hint(vertex)),
        (429, _) | (_, "RESOURCE_EXHAUSTED") => Some(quota_hint(vertex, location)),
        (401, _) | (_, "UNAUTHENTICATED") => Some(api_key_hint(false)),
        (503, _) | (_, "UNAVAILABLE") => Some(unavailable_hint(vertex, location)),
        (_, "FAILED_PRECONDITION") if error.message.contains("location is not supported") => {
            Some("the Gemini API is not available from your region; use the Vertex AI route instead".into())
        }
        (400, _) | (_, "INVALID_ARGUMENT") => controls::invalid_argument_hint(&error.message),
        _ => None,
    }
}

const ADC_HINT: &str = "Vertex AI takes OAuth2 credentials, not API keys: run \
    `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS)";

fn api_key_hint(vertex: bool) -> String {
    let hint = "the API key was rejected: check GEMINI_API_KEY / GOOGLE_API_KEY (create a key in Google AI Studio)";
    if vertex {
        format!("{hint}; Vertex AI routes use ADC instead: `gcloud auth application-default login`")
    } else {
        hint.into()
    }
}

fn service_disabled_hint(error: &GoogleError) -> String {
    let api = error.service.as_deref().unwrap_or("the API");
    let page = error.activation_url.as_deref().map(|url| format!(" or at {url}")).unwrap_or_default();
    format!("enable {api} for the project (`gcloud services enable {api}`){page}, then wait a few minutes and retry")
}

fn not_found_hint(error: &GoogleError, vertex: bool, location: Option<&str>) -> String {
    if !vertex {
        return "check the model id: the Gemini API lists the ids it serves at GET /v1beta/models".into();
    }
    let mut hint = match location {
        Some("global") => "the model is not served at location `global`: try `us`, `eu` or a region, or check \
            the model id"
            .to_owned(),
        Some(location) => format!(
            "the publisher model is not served at location `{location}`: try location `global`, `us` or `eu`, \
            or check the model id"
        ),
        None => {
            "the publisher model was not found: try location `global`, `us` or `eu`, or check the model id".to_owned()
        }
    };
    if error.message.contains("publishers/anthropic") {
        hint.push_str("; Claude models must also be enabled in the Vertex AI Model Garden");
    }
    hint
}

fn permission_hint(vertex: bool) -> String {
    if vertex {
        "the caller lacks permission on the project: grant it the role `roles/aiplatform.user` and check \
        the project id"
            .into()
    } else {
        "the API key may not call this API: check the key's API restrictions in the Cloud console".into()
    }
}

fn quota_hint(vertex: bool, location: Option<&str>) -> String {
    match (vertex, location) {
        (true, Some("global")) => "quota exhausted: wait and retry, or request a higher quota".into(),
        (true, _) => "quota exhausted: wait and retry; the `global` location is recommended to reduce 429s, \
            or request a higher quota"
            .into(),
        (false, _) => "quota exhausted for the key's project: wait and retry, or check its rate limits and \
            billing tier in Google AI Studio"
            .into(),
    }
}

fn unavailable_hint(vertex: bool, location: Option<&str>) -> String {
    let hint = "the model is overloaded right now: wait a minute and try again, or switch to another model \
        for now";
    match (vertex, location) {
        (true, Some(place)) if place != "global" => format!("{hint}; location `global` spreads the load"),
        _ => hint.into(),
    }
}

/// A protobuf `Duration` as JSON writes it: seconds with up to nine decimals and an `s`
/// (`"37s"`, `"1.5s"`); `None` for anything else.
fn duration(text: &str) -> Option<Duration> {
    let seconds = text.trim().strip_suffix('s')?;
    if seconds.is_empty() || !seconds.bytes().all(|byte| byte.is_ascii_digit() || byte == b'.') {
        return None;
    }
    seconds.parse::<f64>().ok().filter(|seconds| seconds.is_finite()).and_then(|s| Duration::try_from_secs_f64(s).ok())
}

/// Whether a `details` entry has the `@type` ending in `suffix`.
fn is_type(detail: &Value, suffix: &str) -> bool {
    detail["@type"].as_str().is_some_and(|kind| kind.ends_with(suffix))
}

/// The URL of a `Help` link that points to an API activation page.
fn activation_link(details: &[Value]) -> Option<String> {
    let links = details.iter().filter(|detail| is_type(detail, HELP));
    links.filter_map(|help| help["links"].as_array()).flatten().find_map(|link| {
        let description = link["description"].as_str()?;
        description.to_ascii_lowercase().contains("activation").then(|| text(&link["url"])).flatten()
    })
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: u16, status: &str, message: &str, reason: Option<&str>) -> GoogleError {
        GoogleError {
            code,
            status: status.into(),
            message: message.into(),
            reason: reason.map(str::to_owned),
            service: None,
            activation_url: None,
            retry_delay: None,
        }
    }

    fn hint_for(error: &GoogleError, vertex: bool, location: Option<&str>) -> String {
        hint(error, vertex, location).expect("a hint")
    }

    #[test]
    fn parses_error_info_reason_and_service() {
        let body = br#"{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT",
            "details":[{"@type":"type.googleapis.com/google.rpc.DebugInfo","detail":"x"},
            {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",
            "metadata":{"service":"generativelanguage.googleapis.com"}}]}}"#;
        let parsed = parse_google_error(body).expect("parses");
        assert_eq!(parsed.code, 400);
        assert_eq!(parsed.status, "INVALID_ARGUMENT");
        assert_eq!(parsed.message, "API key not valid.");
        assert_eq!(parsed.reason.as_deref(), Some("API_KEY_INVALID"));
        assert_eq!(parsed.service.as_deref(), Some("generativelanguage.googleapis.com"));
        assert_eq!(parsed.activation_url, None);
    }

    #[test]
    fn parses_the_array_wrapped_form_without_details() {
        let body = br#"[{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}]"#;
        assert_eq!(parse_google_error(body), Some(error(429, "RESOURCE_EXHAUSTED", "Quota exceeded", None)));
    }

    #[test]
    fn odd_details_do_not_hide_the_error() {
        let body = br#"{"error":{"code":500,"message":"m","status":"INTERNAL","details":[1,{"@type":3},
            {"@type":"google.rpc.ErrorInfo","reason":7,"metadata":"x"}]}}"#;
        assert_eq!(parse_google_error(body), Some(error(500, "INTERNAL", "m", None)));
        let not_a_list = br#"{"error":{"code":500,"message":"m","status":"INTERNAL","details":{}}}"#;
        assert_eq!(parse_google_error(not_a_list), Some(error(500, "INTERNAL", "m", None)));
    }

    #[test]
    fn activation_url_from_metadata_or_help_link() {
        let metadata = br#"{"error":{"code":403,"message":"m","status":"PERMISSION_DENIED","details":[
            {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED",
            "metadata":{"service":"aiplatform.googleapis.com","activationUrl":"https://a/1"}}]}}"#;
        assert_eq!(parse_google_error(metadata).and_then(|e| e.activation_url).as_deref(), Some("https://a/1"));
        let help = br#"{"error":{"code":403,"message":"m","status":"PERMISSION_DENIED","details":[
            {"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Docs","url":"https://d"},
            {"description":"Google developers console API activation","url":"https://a/2"}]}]}}"#;
        assert_eq!(parse_google_error(help).and_then(|e| e.activation_url).as_deref(), Some("https://a/2"));
    }

    #[test]
    fn retry_info_gives_the_delay_the_server_asks_for() {
        let body = |delay: &str| {
            format!(
                r#"{{"error":{{"code":429,"message":"You exceeded your current quota","status":"RESOURCE_EXHAUSTED",
                "details":[{{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]}},
                {{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"{delay}"}}]}}}}"#
            )
        };
        let delay = |text: &str| parse_google_error(body(text).as_bytes()).and_then(|e| e.retry_delay);
        assert_eq!(delay("37s"), Some(Duration::from_secs(37)));
        assert_eq!(delay("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(delay("0.250s"), Some(Duration::from_millis(250)));
        for odd in ["", "s", "12", "-1s", "1e3s", "soon", "NaNs", "infs"] {
            assert_eq!(delay(odd), None, "{odd:?}");
        }
        let without = br#"{"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED"}}"#;
        assert_eq!(parse_google_error(without).and_then(|e| e.retry_delay), None);
    }

    #[test]
    fn unavailable_says_to_wait_or_switch_models() {
        let overloaded = error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", None);
        let text = hint_for(&overloaded, false, None);
        assert!(text.contains("wait") && text.contains("another model"), "{text}");
        assert!(hint_for(&overloaded, true, Some("us-central1")).contains("`global`"));
        assert!(!hint_for(&overloaded, true, Some("global")).contains("`global`"));
    }

    #[test]
    fn other_bodies_are_not_google_errors() {
        for body in [&b""[..], b"not json", b"{}", b"[]", br#"{"error":"x"}"#, br#"{"error":{"code":1}}"#] {
            assert_eq!(parse_google_error(body), None, "{}", String::from_utf8_lossy(body));
        }
        let two = br#"[{"error":{"message":"a"}},{"error":{"message":"b"}}]"#;
        assert_eq!(parse_google_error(two).map(|e| e.message).as_deref(), Some("a"));
    }

    #[test]
    fn not_found_suggests_locations_on_vertex_and_the_model_list_otherwise() {
        let missing = error(
            404,
            "NOT_FOUND",
            "Publisher Model `projects/p/locations/x/publishers/google/models/m` \
            was not found",
            None,
        );
        let regional = hint_for(&missing, true, Some("us-east5"));
        assert!(regional.contains("`us-east5`") && regional.contains("`global`"), "{regional}");
        assert!(regional.contains("`us`") && regional.contains("`eu`"), "{regional}");
        assert!(!hint_for(&missing, true, Some("global")).contains("try location `global`"));
        assert!(hint_for(&missing, true, None).contains("model id"));
        assert!(hint_for(&missing, false, None).contains("/v1beta/models"));
        let claude = error(404, "NOT_FOUND", "Publisher Model `…/publishers/anthropic/models/c` not found", None);
        assert!(hint_for(&claude, true, Some("us-east5")).contains("Model Garden"));
    }

    #[test]
    fn permission_denied_names_the_vertex_role() {
        let denied = error(403, "PERMISSION_DENIED", "Permission denied", Some("IAM_PERMISSION_DENIED"));
        assert!(hint_for(&denied, true, None).contains("roles/aiplatform.user"));
        assert!(hint_for(&denied, false, None).contains("API restrictions"));
    }

    #[test]
    fn service_disabled_names_the_api_and_its_page() {
        let mut disabled = error(403, "PERMISSION_DENIED", "API has not been used", Some("SERVICE_DISABLED"));
        disabled.service = Some("aiplatform.googleapis.com".into());
        disabled.activation_url = Some("https://console.developers.google.com/apis/x".into());
        let text = hint_for(&disabled, true, None);
        assert!(text.contains("gcloud services enable aiplatform.googleapis.com"), "{text}");
        assert!(text.contains("https://console.developers.google.com/apis/x"), "{text}");
        disabled.service = None;
        disabled.activation_url = None;
        assert!(hint_for(&disabled, false, None).starts_with("enable the API"));
    }

    #[test]
    fn quota_recommends_the_global_endpoint_unless_already_there() {
        let quota = error(429, "RESOURCE_EXHAUSTED", "Quota exceeded", Some("RATE_LIMIT_EXCEEDED"));
        assert!(hint_for(&quota, true, Some("us-central1")).contains("`global` location"));
        assert!(!hint_for(&quota, true, Some("global")).contains("`global`"));
        assert!(hint_for(&quota, false, None).contains("quota"));
    }

    #[test]
    fn invalid_api_key_names_the_variables() {
        let bad_key = error(400, "INVALID_ARGUMENT", "API key not valid.", Some("API_KEY_INVALID"));
        let text = hint_for(&bad_key, false, None);
        assert!(text.contains("GEMINI_API_KEY") && text.contains("GOOGLE_API_KEY"), "{text}");
        assert!(hint_for(&bad_key, true, None).contains("application-default login"));
    }

    #[test]
    fn api_keys_on_vertex_point_to_adc() {
        let unsupported = error(401, "UNAUTHENTICATED", "API keys are not supported by this API.", None);
        assert!(hint_for(&unsupported, true, None).contains("gcloud auth application-default login"));
        let expired = error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", None);
        assert!(hint_for(&expired, true, None).contains("gcloud auth application-default login"));
        assert!(hint_for(&expired, false, None).contains("GEMINI_API_KEY"));
    }

    #[test]
    fn unsupported_region_and_unknown_errors() {
        let region = error(400, "FAILED_PRECONDITION", "User location is not supported for the API use.", None);
        assert!(hint_for(&region, false, None).contains("Vertex AI"));
        assert_eq!(hint(&error(500, "INTERNAL", "oops", None), false, None), None);
        assert_eq!(hint(&error(400, "INVALID_ARGUMENT", "bad field", None), true, None), None);
    }
}
