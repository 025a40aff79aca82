//! `contents[]` of a `generateContent` body: each content's role and the text of its parts,
//! and the files sent inline (`inlineData`), checked as the real services check them: a MIME
//! type they do not take is refused, and `data` must be base64.

use super::error::GoogleError;
use super::refuse::Wire;
use crate::emulator::turn::AttachmentSeen;
use crate::routes::request::Role;
use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::Value;

/// Padding optional, as proto JSON decoders take it.
const ANY_PADDING: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, ANY_PADDING);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, ANY_PADDING);

/// The MIME types taken inline: the images, documents, audio and video of Google's "supported
/// input files" lists (Gemini API and Vertex model reference). GIF is in neither (PROTOCOLS-
/// WAVE2 §3c marks it unconfirmed), so it is refused like any unknown type.
const INLINE_MIME_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/heic",
    "image/heif",
    "application/pdf",
    "text/plain",
    "audio/wav",
    "audio/mp3",
    "audio/mpeg",
    "audio/aac",
    "audio/flac",
    "audio/ogg",
    "video/mp4",
    "video/mpeg",
    "video/mov",
    "video/avi",
    "video/webm",
];

/// Where Vertex's refusal of a MIME type sends people.
const VERTEX_MODEL_REFERENCE: &str = "https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini";

/// The conversation and its inline files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contents {
    pub messages: Vec<(Role, String)>,
    pub attachments: Vec<AttachmentSeen>,
}

/// Read `contents` (already known to be a non-empty array).
pub fn read(contents: &[Value], wire: Wire) -> Result<Contents, GoogleError> {
    let mut out = Contents::default();
    for (index, content) in contents.iter().enumerate() {
        let role = match content.get("role").and_then(Value::as_str) {
            None | Some("user" | "") => Role::User,
            Some("model") => Role::Assistant,
            Some(_) => return Err(GoogleError::invalid("Please use a valid role: user, model.")),
        };
        let parts = content.get("parts").and_then(Value::as_array).filter(|parts| !parts.is_empty());
        let parts = parts.ok_or_else(|| {
            GoogleError::invalid(format!(
                "* GenerateContentRequest.contents[{index}].parts: contents.parts must not be empty.\n"
            ))
        })?;
        for (at, part) in parts.iter().enumerate() {
            if let Some(blob) = part.get("inlineData").or_else(|| part.get("inline_data")) {
                out.attachments.push(inline(blob, wire, &format!("contents[{index}].parts[{at}].inline_data"))?);
            }
        }
        out.messages.push((role, text_of(parts)));
    }
    Ok(out)
}

/// The text of a content's parts, thought summaries left out.
pub fn text_of(parts: &[Value]) -> String {
    let texts = parts.iter().filter(|part| part.get("thought") != Some(&Value::Bool(true)));
    texts.filter_map(|part| part.get("text").and_then(Value::as_str)).collect::<Vec<_>>().join("")
}

/// One `Blob`: its MIME type must be one the model takes, its `data` base64 (standard or
/// URL-safe alphabet, padded or not, as proto JSON allows).
fn inline(blob: &Value, wire: Wire, at: &str) -> Result<AttachmentSeen, GoogleError> {
    let field = |camel: &str, snake: &str| blob.get(camel).or_else(|| blob.get(snake)).and_then(Value::as_str);
    let mime_type = field("mimeType", "mime_type").unwrap_or_default();
    if !INLINE_MIME_TYPES.contains(&mime_type) {
        return Err(GoogleError::invalid(match wire {
            Wire::GeminiApi => format!("Unsupported MIME type: {mime_type}"),
            Wire::VertexGemini | Wire::VertexClaude => format!(
                "Unable to submit request because it has a mimeType parameter with value {mime_type}, which is not \
                 supported. Update the mimeType and try again. Learn more: {VERTEX_MODEL_REFERENCE}"
            ),
        }));
    }
    let data = field("data", "data").unwrap_or_default();
    let bytes = STANDARD.decode(data).or_else(|_| URL_SAFE.decode(data)).map_err(|_| {
        let quoted: String = data.chars().take(40).collect();
        GoogleError::invalid(format!(
            "Invalid JSON payload received. Invalid value at '{at}.data' (TYPE_BYTES), Base64 decoding failed for \
             \"{quoted}\""
        ))
    })?;
    Ok(AttachmentSeen { media_type: mime_type.to_owned(), size: bytes.len() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_one(part: &Value, wire: Wire) -> Result<Contents, String> {
        let contents = [json!({ "role": "user", "parts": [part, { "text": "What is it?" }] })];
        read(&contents, wire).map_err(|error| error.message().to_owned())
    }

    #[test]
    fn inline_files_are_seen_with_their_decoded_size() {
        let png = json!({ "inlineData": { "mimeType": "image/png", "data": "iVBORw==" } });
        let read = read_one(&png, Wire::GeminiApi).expect("taken");
        assert_eq!(read.attachments, [AttachmentSeen { media_type: "image/png".into(), size: 4 }]);
        assert_eq!(read.messages, [(Role::User, "What is it?".to_owned())]);
        let snake = json!({ "inline_data": { "mime_type": "application/pdf", "data": "JVBERi0xLjc" } });
        let read = read_one(&snake, Wire::VertexGemini).expect("taken");
        assert_eq!(read.attachments[0].size, 8, "unpadded base64 too");
    }

    #[test]
    fn an_unknown_mime_type_is_refused_in_each_service_words() {
        let gif = json!({ "inlineData": { "mimeType": "image/gif", "data": "R0lG" } });
        assert_eq!(read_one(&gif, Wire::GeminiApi), Err("Unsupported MIME type: image/gif".to_owned()));
        let vertex = read_one(&gif, Wire::VertexGemini).unwrap_err();
        assert!(
            vertex.starts_with("Unable to submit request because it has a mimeType parameter with value image/gif")
        );
    }

    #[test]
    fn data_must_be_base64() {
        let bad = json!({ "inlineData": { "mimeType": "image/png", "data": "not base64!" } });
        let message = read_one(&bad, Wire::GeminiApi).unwrap_err();
        assert!(message.contains("Invalid value at 'contents[0].parts[0].inline_data.data' (TYPE_BYTES)"), "{message}");
    }
}
