//! A minimal S3 under `/s3`, path-style, as `object_store`'s S3 client calls it:
//! `PUT /s3/{bucket}/{key}`, `GET /s3/{bucket}/{key}` and `GET /s3/{bucket}?list-type=2…`
//! (`ListObjectsV2`). Every request is SigV4-signed for `s3` with the emulator's demo AWS
//! credentials, as S3 signs (the path encoded once, the payload hash in
//! `x-amz-content-sha256`, which must be the body's). Errors are S3's `<Error>` documents.

use super::listing::{self, ListQuery};
use super::objects::Full;
use crate::emulator::bedrock::failure::Failure;
use crate::emulator::bedrock::sigv4::{self, Received};
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::SystemTime;

/// S3's XML namespace.
const NAMESPACE: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// An S3 (or Cloud Storage XML API) error document with its status; no `RequestId` when
/// `request_id` is empty.
pub fn error(status: StatusCode, code: &str, message: &str, request_id: &str) -> Response {
    let id = if request_id.is_empty() {
        String::new()
    } else {
        format!("<RequestId>{}</RequestId>", listing::escape(request_id))
    };
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message>{id}</Error>",
        listing::escape(message)
    );
    (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

fn request_id(request: &Request) -> String {
    request.extensions().get::<RequestTag>().map(|tag| tag.id.clone()).unwrap_or_default()
}

/// The refusal S3 gives for each credential failure.
fn refused(failure: &Failure, id: &str) -> Response {
    let code = match failure {
        Failure::Missing | Failure::BadBearer | Failure::BearerNotAllowed => "AccessDenied",
        Failure::Incomplete(_) => "AuthorizationHeaderMalformed",
        Failure::UnknownKey => "InvalidAccessKeyId",
        Failure::WrongService(_) | Failure::Mismatch | Failure::Signature(_) => "SignatureDoesNotMatch",
    };
    let message = match failure {
        Failure::Missing | Failure::BadBearer | Failure::BearerNotAllowed => "Access Denied".to_owned(),
        Failure::UnknownKey => "The AWS Access Key Id you provided does not exist in our records.".to_owned(),
        other => other.message(),
    };
    error(StatusCode::FORBIDDEN, code, &message, id)
}

/// Check the signature (and that the signed payload hash is the body's) before the handler.
pub async fn guard(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    let id = request_id(&request);
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, super::objects::MAX_OBJECT_BYTES).await else {
        return error(
            StatusCode::BAD_REQUEST,
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed size",
            &id,
        );
    };
    let Some(authorization) = parts.headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok()) else {
        return refused(&Failure::Missing, &id);
    };
    let received = Received { method: &parts.method, uri: &parts.uri, headers: &parts.headers, body: &body };
    if let Err(failure) = sigv4::verify_s3(state.aws(), authorization, received, SystemTime::now()) {
        return refused(&failure, &id);
    }
    let claimed = parts.headers.get("x-amz-content-sha256").and_then(|value| value.to_str().ok()).unwrap_or("");
    let actual = hex(&Sha256::digest(&body));
    if claimed != "UNSIGNED-PAYLOAD" && claimed != actual {
        return error(
            StatusCode::BAD_REQUEST,
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            &id,
        );
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// `PUT /s3/{bucket}/{key}`.
pub async fn put(
    State(state): State<Arc<EmulatorState>>,
    axum::Extension(tag): axum::Extension<RequestTag>,
    Path((bucket, key)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    match state.cloud_batch.objects.put(&bucket, &key, body.to_vec()) {
        Ok(stored) => (StatusCode::OK, [(header::ETAG, stored.etag)]).into_response(),
        Err(Full::TooLarge(size)) => error(
            StatusCode::BAD_REQUEST,
            "EntityTooLarge",
            &format!("{size} bytes is over the emulator's {} bytes per object", super::objects::MAX_OBJECT_BYTES),
            &tag.id,
        ),
        Err(Full::Store(message)) => error(StatusCode::INSUFFICIENT_STORAGE, "EmulatorStorageFull", &message, &tag.id),
    }
}

/// `GET /s3/{bucket}/{key}`.
pub async fn get(
    State(state): State<Arc<EmulatorState>>,
    axum::Extension(tag): axum::Extension<RequestTag>,
    Path((bucket, key)): Path<(String, String)>,
) -> Response {
    match state.cloud_batch.objects.get(&bucket, &key) {
        Some(stored) => object_response(stored),
        None => error(StatusCode::NOT_FOUND, "NoSuchKey", "The specified key does not exist.", &tag.id),
    }
}

/// A whole object with the headers `object_store` reads (`ETag`, `Last-Modified`).
pub fn object_response(stored: super::objects::Stored) -> Response {
    let modified = DateTime::from(stored.modified).fmt(Format::HttpDate).unwrap_or_default();
    let mut response = (StatusCode::OK, stored.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    if let Ok(etag) = HeaderValue::from_str(&stored.etag) {
        headers.insert(header::ETAG, etag);
    }
    if let Ok(modified) = HeaderValue::from_str(&modified) {
        headers.insert(header::LAST_MODIFIED, modified);
    }
    response
}

/// `GET /s3/{bucket}?list-type=2&prefix=…`.
pub async fn list(
    State(state): State<Arc<EmulatorState>>,
    axum::Extension(tag): axum::Extension<RequestTag>,
    Path(bucket): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let Some(query) = ListQuery::from_pairs(&pairs) else {
        return error(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            "Only ListObjectsV2 (list-type=2) is emulated.",
            &tag.id,
        );
    };
    let document = listing::render(&state.cloud_batch.objects, &bucket, &query, NAMESPACE);
    ([(header::CONTENT_TYPE, "application/xml")], document).into_response()
}
