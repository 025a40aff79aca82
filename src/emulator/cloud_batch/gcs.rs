//! A minimal Cloud Storage under `/storage`, its XML API as `object_store`'s GCS client calls
//! it: `PUT /storage/{bucket}/{object}` (the object name percent-encoded, `/` as `%2F`),
//! `GET /storage/{bucket}/{object}` and `GET /storage/{bucket}?list-type=2…`. Callers bring a
//! bearer token the emulator issued with the cloud-platform scope, checked as Vertex checks
//! it (so its refusals are Google's JSON errors); other errors are the XML API's `<Error>`.

use super::listing::{self, ListQuery};
use super::objects::Full;
use super::s3::{error, object_response};
use crate::emulator::state::EmulatorState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The namespace Cloud Storage's XML listing carries.
const NAMESPACE: &str = "http://doc.s3.amazonaws.com/2006-03-01";

/// `PUT /storage/{bucket}/{object}`.
pub async fn put(
    State(state): State<Arc<EmulatorState>>,
    Path((bucket, object)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    match state.cloud_batch.objects.put(&bucket, &object, body.to_vec()) {
        Ok(stored) => (StatusCode::OK, [(header::ETAG, stored.etag)]).into_response(),
        Err(Full::TooLarge(size)) => error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "EntityTooLarge",
            &format!("{size} bytes is over the emulator's {} bytes per object", super::objects::MAX_OBJECT_BYTES),
            "",
        ),
        Err(Full::Store(message)) => error(StatusCode::INSUFFICIENT_STORAGE, "EmulatorStorageFull", &message, ""),
    }
}

/// `GET /storage/{bucket}/{object}`.
pub async fn get(State(state): State<Arc<EmulatorState>>, Path((bucket, object)): Path<(String, String)>) -> Response {
    match state.cloud_batch.objects.get(&bucket, &object) {
        Some(stored) => object_response(stored),
        None => error(StatusCode::NOT_FOUND, "NoSuchKey", "The specified key does not exist.", ""),
    }
}

/// `GET /storage/{bucket}?list-type=2&prefix=…`.
pub async fn list(
    State(state): State<Arc<EmulatorState>>,
    Path(bucket): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let Some(query) = ListQuery::from_pairs(&pairs) else {
        return error(StatusCode::NOT_IMPLEMENTED, "NotImplemented", "Only list-type=2 listings are emulated.", "");
    };
    let document = listing::render(&state.cloud_batch.objects, &bucket, &query, NAMESPACE);
    ([(header::CONTENT_TYPE, "application/xml")], document).into_response()
}
