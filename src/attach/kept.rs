//! The attachment list as the history and run files keep it (`#[serde(with)]`): each file's
//! name, kind, size, SHA-256 and pixel size, and its bytes as base64 in `data` only when the
//! run kept them (`[history] keep_attachments`). Kept bytes are checked against the size and
//! hash when read back, so a run file cannot send other bytes than it names.

use crate::routes::attachment::Attachment;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

#[derive(Serialize)]
struct KeptRef<'a> {
    #[serde(flatten)]
    file: &'a Attachment,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<String>,
}

#[derive(Deserialize)]
struct Kept {
    #[serde(flatten)]
    file: Attachment,
    #[serde(default)]
    data: Option<String>,
}

/// Write `files`, with each one's bytes when it has them.
pub fn serialize<S: Serializer>(files: &[Attachment], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(files.iter().map(|file| KeptRef { file, data: file.bytes.is_some().then(|| file.base64()) }))
}

/// Read a list back, checking each kept file's bytes against its size and hash.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Attachment>, D::Error> {
    let kept = Vec::<Kept>::deserialize(deserializer)?;
    kept.into_iter().map(|Kept { file, data }| with_bytes(file, data).map_err(serde::de::Error::custom)).collect()
}

fn with_bytes(mut file: Attachment, data: Option<String>) -> Result<Attachment, String> {
    let Some(data) = data else { return Ok(file) };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|error| format!("the kept bytes of {} are not base64: {error}", file.name))?;
    if bytes.len() as u64 != file.size || super::read::sha256_hex(&bytes) != file.sha256 {
        return Err(format!("the kept bytes of {} do not match its size and sha256", file.name));
    }
    file.bytes = Some(Arc::from(bytes));
    Ok(file)
}
