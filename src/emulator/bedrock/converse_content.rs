//! One Converse message's content blocks, checked as Bedrock checks them (PROTOCOLS-WAVE2 §3b,
//! A-MSG): `text`, `image` (`png|jpeg|gif|webp`, ≤ 3.75 MB, ≤ 20 per message), `document`
//! (`pdf|csv|doc|docx|xls|xlsx|html|txt|md`, a name of 1–200 alphanumerics, single whitespace,
//! hyphens, parentheses and square brackets, distinct in the message, ≤ 4.5 MB unless a PDF,
//! ≤ 5 per message, and a `text` block beside it), images and documents only from the user, and
//! `cachePoint`. Other blocks (tool use and results, reasoning) are accepted and not read.
//!
//! The wording of the refusals follows Bedrock's validation messages where they are known ("A
//! text block must be included when using documents."); the rest name the field and the limit
//! in the same style.

use super::converse_body::invalid;
use super::error::AwsError;
use crate::emulator::turn::AttachmentSeen;
use crate::routes::request::Role;
use base64::Engine as _;
use serde_json::Value;
use std::collections::HashSet;

const MAX_IMAGES: usize = 20;
const MAX_DOCUMENTS: usize = 5;
/// 3.75 MB.
const MAX_IMAGE_BYTES: usize = 3_932_160;
/// 4.5 MB; not applied to PDFs (Claude 4 and later take larger ones).
const MAX_DOCUMENT_BYTES: usize = 4_718_592;
const MAX_NAME: usize = 200;
const IMAGE_FORMATS: [&str; 4] = ["png", "jpeg", "gif", "webp"];
const DOCUMENT_FORMATS: [(&str, &str); 9] = [
    ("pdf", "application/pdf"),
    ("csv", "text/csv"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("html", "text/html"),
    ("txt", "text/plain"),
    ("md", "text/markdown"),
];

/// What a message's content held.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Content {
    /// Its text blocks, joined by newlines.
    pub text: String,
    pub attachments: Vec<AttachmentSeen>,
    /// It holds a `cachePoint`.
    pub cache: bool,
}

/// Read the content of message `index` (0-based) from `role`.
pub fn read(index: usize, role: Role, blocks: &[Value]) -> Result<Content, AwsError> {
    let mut content = Content::default();
    let mut texts = Vec::new();
    let (mut images, mut names) = (0, HashSet::new());
    for (position, block) in blocks.iter().enumerate() {
        let path = format!("messages.{}.member.content.{}.member", index + 1, position + 1);
        if let Some(text) = block.get("text").and_then(Value::as_str) {
            texts.push(text);
        } else if let Some(image) = block.get("image") {
            images += 1;
            content.attachments.push(read_image(image, &format!("{path}.image"))?);
        } else if let Some(document) = block.get("document") {
            content.attachments.push(read_document(document, &format!("{path}.document"), &mut names)?);
        } else if let Some(point) = block.get("cachePoint") {
            if point.get("type").and_then(Value::as_str) != Some("default") {
                return Err(invalid(
                    &point.to_string(),
                    &format!("{path}.cachePoint.type"),
                    "Member must satisfy enum value set: [default]",
                ));
            }
            content.cache = true;
        }
    }
    if role == Role::Assistant && !content.attachments.is_empty() {
        return Err(AwsError::validation(format!(
            "Images and documents are only supported in user messages; message {} is from the assistant.",
            index + 1
        )));
    }
    if images > MAX_IMAGES {
        return Err(AwsError::validation(format!(
            "Too many images in message {}: {images}; a message can include up to {MAX_IMAGES} images.",
            index + 1
        )));
    }
    if names.len() > MAX_DOCUMENTS {
        return Err(AwsError::validation(format!(
            "Too many documents in message {}: {}; a message can include up to {MAX_DOCUMENTS} documents.",
            index + 1,
            names.len()
        )));
    }
    if !names.is_empty() && texts.iter().all(|text| text.trim().is_empty()) {
        return Err(AwsError::validation("A text block must be included when using documents."));
    }
    content.text = texts.join("\n");
    Ok(content)
}

fn read_image(image: &Value, path: &str) -> Result<AttachmentSeen, AwsError> {
    let format = enum_member(image, "format", path, &IMAGE_FORMATS)?;
    let size = source_bytes(image, path)?;
    if size > MAX_IMAGE_BYTES {
        return Err(AwsError::validation(format!(
            "The image at {path} is {size} bytes; an image can be at most 3.75 MB ({MAX_IMAGE_BYTES} bytes)."
        )));
    }
    Ok(AttachmentSeen { media_type: format!("image/{format}"), size })
}

fn read_document(document: &Value, path: &str, names: &mut HashSet<String>) -> Result<AttachmentSeen, AwsError> {
    let formats: Vec<&str> = DOCUMENT_FORMATS.iter().map(|(format, _)| *format).collect();
    let format = enum_member(document, "format", path, &formats)?;
    let Some(Value::String(name)) = document.get("name") else {
        return Err(invalid("null", &format!("{path}.name"), "Member must not be null"));
    };
    if !valid_name(name) {
        return Err(AwsError::validation(format!(
            "The document name '{name}' at {path}.name is not valid: a name is 1 to {MAX_NAME} characters of \
             alphanumerics, whitespace (no more than one in a row), hyphens, parentheses and square brackets."
        )));
    }
    if !names.insert(name.clone()) {
        return Err(AwsError::validation(format!(
            "Duplicate document name '{name}' at {path}.name: the documents of a message must have distinct names."
        )));
    }
    let size = source_bytes(document, path)?;
    if format != "pdf" && size > MAX_DOCUMENT_BYTES {
        return Err(AwsError::validation(format!(
            "The document at {path} is {size} bytes; a document can be at most 4.5 MB ({MAX_DOCUMENT_BYTES} bytes)."
        )));
    }
    let media_type = DOCUMENT_FORMATS.iter().find(|(known, _)| *known == format).map_or("", |(_, media)| media);
    Ok(AttachmentSeen { media_type: media_type.to_owned(), size })
}

/// The string `member` of `block`, one of `allowed`.
fn enum_member<'v>(block: &'v Value, member: &str, path: &str, allowed: &[&str]) -> Result<&'v str, AwsError> {
    let value = block.get(member).and_then(Value::as_str).unwrap_or("null");
    if allowed.contains(&value) {
        return Ok(value);
    }
    let constraint = format!("Member must satisfy enum value set: [{}]", allowed.join(", "));
    Err(invalid(value, &format!("{path}.{member}"), &constraint))
}

/// The decoded size of `source.bytes` (base64 in JSON); an S3 location counts as empty.
fn source_bytes(block: &Value, path: &str) -> Result<usize, AwsError> {
    let source = block.get("source");
    if source.and_then(|source| source.get("s3Location")).is_some() {
        return Ok(0);
    }
    let Some(bytes) = source.and_then(|source| source.get("bytes")).and_then(Value::as_str) else {
        return Err(AwsError::validation(format!(
            "The source at {path}.source must set one of the following keys: bytes, s3Location."
        )));
    };
    base64::engine::general_purpose::STANDARD
        .decode(bytes)
        .map(|decoded| decoded.len())
        .map_err(|_| AwsError::validation(format!("The bytes at {path}.source.bytes are not valid base64.")))
}

/// Bedrock's rule for a document name.
fn valid_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c.is_whitespace() || "-()[]".contains(c);
    (1..=MAX_NAME).contains(&name.chars().count())
        && name.chars().all(allowed)
        && !name.chars().zip(name.chars().skip(1)).any(|(a, b)| a.is_whitespace() && b.is_whitespace())
}

#[cfg(test)]
mod tests;
