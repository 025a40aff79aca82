//! One JSON call to a batch control plane (Bedrock's `model-invocation-job`, Vertex's
//! `batchPredictionJobs`), with the route's credential, and its error as one line: the HTTP
//! status, the provider's code and message.

use super::BatchContext;
use super::cloud_setup::{AwsBatch, AwsBatchAuth, GoogleBatch};
use crate::auth::aws::sigv4;
use crate::client::plain_http;
use serde_json::Value;
use std::time::SystemTime;

/// The largest control-plane answer read (a job, or a page of jobs).
const MAX_ANSWER: usize = 8 * 1024 * 1024;

/// A failed call: the status when one came, and what the provider said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub status: Option<u16>,
    pub message: String,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(status) => write!(f, "HTTP {status}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// `method url` with a JSON `body`, signed for Bedrock's control plane (`bedrock`).
pub async fn aws_json(
    context: &BatchContext,
    aws: &AwsBatch,
    method: &'static str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, CallError> {
    let bytes = body.map(|body| serde_json::to_vec(body).unwrap_or_default()).unwrap_or_default();
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    match &aws.auth {
        AwsBatchAuth::SigV4(credentials) => {
            let request = sigv4::SignRequest { method, url, headers: &headers, body: &bytes };
            let signed = sigv4::sign(&request, credentials, &aws.region, sigv4::service::BEDROCK, SystemTime::now())
                .map_err(|error| CallError { status: None, message: format!("cannot sign the request: {error}") })?;
            headers.extend(signed.headers);
        }
        AwsBatchAuth::Bearer(key) => {
            if let Some(problem) = plain_http::refusal(url) {
                return Err(CallError { status: None, message: format!("{problem}; {}", plain_http::HINT) });
            }
            headers.push(("authorization".into(), format!("Bearer {}", key.expose())));
        }
    }
    send(context, method, url, &headers, bytes).await
}

/// `method url` with a JSON `body` and the Vertex route's bearer token and quota project.
pub async fn google_json(
    context: &BatchContext,
    google: &GoogleBatch,
    method: &'static str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, CallError> {
    if let Some(problem) = plain_http::refusal_of("a Google access token", url) {
        return Err(CallError { status: None, message: format!("{problem}; {}", plain_http::HINT) });
    }
    let bytes = body.map(|body| serde_json::to_vec(body).unwrap_or_default()).unwrap_or_default();
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("authorization".to_owned(), format!("Bearer {}", google.bearer.expose())),
    ];
    headers.extend(google.extra_headers.iter().cloned());
    send(context, method, url, &headers, bytes).await
}

async fn send(
    context: &BatchContext,
    method: &'static str,
    url: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<Value, CallError> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut builder = context.client.http().request(method, url).timeout(context.config.network.idle_timeout());
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    if !body.is_empty() {
        builder = builder.body(body);
    }
    let response = builder.send().await.map_err(|error| CallError {
        status: None,
        message: format!("cannot reach {url}: {}", crate::client::connection_error::causes(&error).join(": ")),
    })?;
    let status = response.status().as_u16();
    let code = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).map(short_code);
    let bytes = read_capped(response).await.map_err(|message| CallError { status: Some(status), message })?;
    if !(200..300).contains(&status) {
        return Err(CallError { status: Some(status), message: error_message(code, &bytes) });
    }
    serde_json::from_slice(&bytes).map_err(|error| CallError {
        status: Some(status),
        message: format!("the answer from {url} is not JSON: {error}"),
    })
}

async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| format!("the answer was cut: {error}"))? {
        if bytes.len() + chunk.len() > MAX_ANSWER {
            return Err(format!("the answer is over {MAX_ANSWER} bytes"));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// `ValidationException:http://…` → `ValidationException`.
fn short_code(code: &str) -> String {
    code.split(':').next().unwrap_or(code).to_owned()
}

/// AWS `{"message"}` with its code from the header, or Google `{"error":{"status","message"}}`,
/// else the body's start.
fn error_message(code: Option<String>, body: &[u8]) -> String {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let error = value.get("error").unwrap_or(&value);
    let message = error.get("message").or_else(|| error.get("Message")).and_then(Value::as_str);
    let code = code.or_else(|| error.get("status").and_then(Value::as_str).map(str::to_owned));
    match (code, message) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (None, Some(message)) => message.to_owned(),
        (code, None) => {
            let text = String::from_utf8_lossy(body);
            let start: String = text.chars().take(200).collect();
            code.map_or(start.clone(), |code| format!("{code}: {start}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_aws_and_google_shapes() {
        let aws = error_message(Some(short_code("ValidationException:http://x/")), br#"{"message":"bad name"}"#);
        assert_eq!(aws, "ValidationException: bad name");
        let google = error_message(None, br#"{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"no"}}"#);
        assert_eq!(google, "INVALID_ARGUMENT: no");
        assert_eq!(error_message(None, b"<html>oops"), "<html>oops");
        let shown = CallError { status: Some(404), message: "gone".into() }.to_string();
        assert_eq!(shown, "HTTP 404: gone");
    }
}
