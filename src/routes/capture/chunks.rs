//! Received chunks in JSON (the history and exported run files): each as its time in
//! microseconds and its bytes in base64, since a body need not be UTF-8 (event-stream frames
//! are binary).

use super::ReceivedBody;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::time::Duration;

#[derive(Serialize, Deserialize)]
struct StoredChunk {
    at_us: u64,
    base64: String,
}

pub fn serialize<S: Serializer>(body: &ReceivedBody, serializer: S) -> Result<S::Ok, S::Error> {
    let stored: Vec<StoredChunk> = body
        .iter()
        .map(|chunk| StoredChunk {
            at_us: u64::try_from(chunk.at.as_micros()).unwrap_or(u64::MAX),
            base64: STANDARD.encode(chunk.bytes),
        })
        .collect();
    stored.serialize(serializer)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ReceivedBody, D::Error> {
    let stored = Vec::<StoredChunk>::deserialize(deserializer)?;
    let mut body = ReceivedBody::default();
    for chunk in stored {
        let bytes = STANDARD.decode(&chunk.base64).map_err(serde::de::Error::custom)?;
        body.push(Duration::from_micros(chunk.at_us), &bytes);
    }
    Ok(body)
}
