//! `messages[]` of a Chat Completions body: each message's role and text, and the files it
//! attaches (`image_url` and `file` parts as base64 data URLs, `input_audio`), checked as OpenAI
//! checks them: an image type other than PNG, JPEG, GIF or WebP, or bytes that are not what the
//! data URL says, are refused, naming the part.

use super::bad::Bad;
use crate::emulator::anthropic::blocks;
use crate::emulator::turn::AttachmentSeen;
use crate::routes::request::Role;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

const ROLES: &[&str] = &["system", "assistant", "user", "function", "tool", "developer"];
const IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];
const UNSUPPORTED_IMAGE: &str = "You uploaded an unsupported image. Please make sure your image has of one the \
                                 following formats: ['png', 'jpeg', 'gif', 'webp'].";

/// The conversation a body's messages hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dialogue {
    /// The system and developer messages, joined.
    pub system: Option<String>,
    pub messages: Vec<(Role, String)>,
    pub attachments: Vec<AttachmentSeen>,
}

/// Read `messages` (the body's field, if any).
pub fn read(messages: Option<&Value>) -> Result<Dialogue, Bad> {
    let messages = messages.filter(|value| !value.is_null()).ok_or_else(|| Bad::missing("messages"))?;
    let list = messages.as_array().ok_or_else(|| Bad::wrong_type("messages", "an array", messages))?;
    if list.is_empty() {
        return Err(Bad::new(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
            "messages",
            "empty_array",
        ));
    }
    let mut out = Dialogue::default();
    let mut system = Vec::new();
    for (index, message) in list.iter().enumerate() {
        let at = format!("messages[{index}]");
        let object = message.as_object().ok_or_else(|| Bad::wrong_type(&at, "an object", message))?;
        let role_at = format!("{at}.role");
        let role = object.get("role").ok_or_else(|| Bad::missing(&role_at))?;
        let role = role.as_str().ok_or_else(|| Bad::wrong_type(&role_at, "a string", role))?;
        if !ROLES.contains(&role) {
            return Err(Bad::wrong_value(&role_at, role, ROLES));
        }
        let content_at = format!("{at}.content");
        let text = match object.get("content").filter(|content| !content.is_null()) {
            None if role == "assistant" => String::new(),
            None => return Err(Bad::missing(&content_at)),
            Some(Value::String(text)) => text.clone(),
            Some(Value::Array(parts)) => parts_text(parts, role, &content_at, &mut out.attachments)?,
            Some(other) => {
                return Err(Bad::wrong_type(&content_at, "one of a string or array of objects", other));
            }
        };
        match role {
            "system" | "developer" => system.push(text),
            "assistant" => out.messages.push((Role::Assistant, text)),
            _ => out.messages.push((Role::User, text)),
        }
    }
    out.system = (!system.is_empty()).then(|| system.join("\n\n"));
    Ok(out)
}

/// The text of a content array; files go to `attachments`.
fn parts_text(parts: &[Value], role: &str, at: &str, attachments: &mut Vec<AttachmentSeen>) -> Result<String, Bad> {
    let allowed: &[&str] = match role {
        "user" => &["text", "image_url", "input_audio", "file"],
        "assistant" => &["text", "refusal"],
        _ => &["text"],
    };
    let mut texts = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        let part_at = format!("{at}[{index}]");
        let type_at = format!("{part_at}.type");
        let kind = part.get("type").ok_or_else(|| Bad::missing(&type_at))?;
        let kind = kind.as_str().ok_or_else(|| Bad::wrong_type(&type_at, "a string", kind))?;
        if !allowed.contains(&kind) {
            return Err(Bad::wrong_value(&type_at, kind, allowed));
        }
        match kind {
            "text" | "refusal" => texts.push(string(part, kind, &part_at)?.to_owned()),
            "image_url" => attachments.push(image(part, &part_at)?),
            "file" => attachments.push(file(part, &part_at)?),
            _ => attachments.push(audio(part, &part_at)?),
        }
    }
    Ok(texts.join("\n"))
}

/// `part[field]` as a string.
fn string<'v>(part: &'v Value, field: &str, at: &str) -> Result<&'v str, Bad> {
    let field_at = format!("{at}.{field}");
    let value = part.get(field).ok_or_else(|| Bad::missing(&field_at))?;
    value.as_str().ok_or_else(|| Bad::wrong_type(&field_at, "a string", value))
}

/// An `image_url` part: a data URL of a supported type whose bytes are that type, or an
/// `http(s)` URL (not fetched: it counts as an image of unknown size).
fn image(part: &Value, at: &str) -> Result<AttachmentSeen, Bad> {
    let image_url = part.get("image_url").unwrap_or(&Value::Null);
    let url_at = format!("{at}.image_url.url");
    let url = image_url.get("url").ok_or_else(|| Bad::missing(&url_at))?;
    let url = url.as_str().ok_or_else(|| Bad::wrong_type(&url_at, "a string", url))?;
    if url.starts_with("https://") || url.starts_with("http://") {
        return Ok(AttachmentSeen { media_type: "image/*".to_owned(), size: 0 });
    }
    let (media_type, bytes) = data_url(url, &url_at)?;
    if !IMAGE_TYPES.contains(&media_type) {
        return Err(Bad::new(UNSUPPORTED_IMAGE, &url_at, "invalid_image_format"));
    }
    if !blocks::looks_like(media_type, &bytes) {
        return Err(Bad::new(
            format!(
                "The image data you provided does not represent a valid image: the data URL says {media_type}, but \
                 its bytes are not {media_type}. Please check your input and try again with one of the supported \
                 image formats: ['image/jpeg', 'image/png', 'image/gif', 'image/webp']."
            ),
            &url_at,
            "invalid_image_format",
        ));
    }
    Ok(AttachmentSeen { media_type: media_type.to_owned(), size: bytes.len() })
}

/// A `file` part: a PDF sent inline as `file_data`.
fn file(part: &Value, at: &str) -> Result<AttachmentSeen, Bad> {
    let data_at = format!("{at}.file.file_data");
    let file = part.get("file").unwrap_or(&Value::Null);
    if file.get("file_id").is_some() {
        return Err(Bad::new(
            format!("Invalid '{at}.file.file_id': the emulator has no Files API; send the file inline as 'file_data'."),
            &format!("{at}.file.file_id"),
            "invalid_value",
        ));
    }
    let data = file.get("file_data").ok_or_else(|| Bad::missing(&data_at))?;
    let data = data.as_str().ok_or_else(|| Bad::wrong_type(&data_at, "a string", data))?;
    let (media_type, bytes) = data_url(data, &data_at)?;
    if media_type != "application/pdf" || !blocks::looks_like(media_type, &bytes) {
        return Err(Bad::new(
            format!(
                "Invalid file data: '{data_at}'. Expected a base64-encoded data URL with an application/pdf MIME \
                 type (e.g. 'data:application/pdf;base64,SGVsbG8sIFdvcmxkIQ=='), but got {media_type} data that is \
                 not a PDF."
            ),
            &data_at,
            "invalid_value",
        ));
    }
    Ok(AttachmentSeen { media_type: media_type.to_owned(), size: bytes.len() })
}

/// An `input_audio` part: base64 `data` in a `format`.
fn audio(part: &Value, at: &str) -> Result<AttachmentSeen, Bad> {
    let input = part.get("input_audio").unwrap_or(&Value::Null);
    let data = string(input, "data", &format!("{at}.input_audio"))?;
    let format = string(input, "format", &format!("{at}.input_audio"))?;
    let data_at = format!("{at}.input_audio.data");
    let bytes = STANDARD
        .decode(data)
        .map_err(|_| Bad::new(format!("Invalid '{data_at}': not base64."), &data_at, "invalid_value"))?;
    Ok(AttachmentSeen { media_type: format!("audio/{format}"), size: bytes.len() })
}

/// `data:<media type>;base64,<data>` → the media type and the decoded bytes.
fn data_url<'u>(url: &'u str, at: &str) -> Result<(&'u str, Vec<u8>), Bad> {
    let invalid = || {
        Bad::new(
            format!("Invalid '{at}'. Expected a base64-encoded data URL (data:<media type>;base64,<data>) or a URL."),
            at,
            "invalid_value",
        )
    };
    let rest = url.strip_prefix("data:").ok_or_else(invalid)?;
    let (media_type, data) = rest.split_once(";base64,").ok_or_else(invalid)?;
    let bytes = STANDARD.decode(data).map_err(|_| invalid())?;
    Ok((media_type, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PNG: &str = "data:image/png;base64,iVBORw0KGgo=";

    #[test]
    fn roles_texts_and_files() {
        let messages = json!([
            {"role": "system", "content": "Be brief."},
            {"role": "developer", "content": [{"type": "text", "text": "Use Markdown."}]},
            {"role": "user", "content": [{"type": "text", "text": "Look"}, {"type": "image_url", "image_url": {"url": PNG}}]},
            {"role": "assistant", "content": null, "tool_calls": []},
            {"role": "tool", "content": "42", "tool_call_id": "call_1"},
        ]);
        let read = read(Some(&messages)).expect("valid");
        assert_eq!(read.system.as_deref(), Some("Be brief.\n\nUse Markdown."));
        assert_eq!(
            read.messages,
            [(Role::User, "Look".into()), (Role::Assistant, String::new()), (Role::User, "42".into())]
        );
        assert_eq!(read.attachments, [AttachmentSeen { media_type: "image/png".into(), size: 8 }]);
    }

    #[test]
    fn refusals_name_the_field() {
        let param = |messages: Value| read(Some(&messages)).expect_err("refused").param.unwrap_or_default();
        assert_eq!(read(None).expect_err("missing").code, Some("missing_required_parameter"));
        assert_eq!(param(json!([])), "messages");
        assert_eq!(param(json!([{"role": "bot", "content": "x"}])), "messages[0].role");
        assert_eq!(param(json!([{"role": "user", "content": 3}])), "messages[0].content");
        assert_eq!(
            param(json!([{"role": "system", "content": [{"type": "image_url"}]}])),
            "messages[0].content[0].type"
        );
        let bmp = json!([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/bmp;base64,Qk0="}}]}]);
        assert_eq!(param(bmp), "messages[0].content[0].image_url.url");
        let lying = json!([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,iVBORw0KGgo="}}]}]);
        let error = read(Some(&lying)).expect_err("refused");
        assert!(error.message.contains("not image/jpeg"), "{}", error.message);
        let text_pdf = json!([{"role": "user", "content": [{"type": "file", "file": {"file_data": "data:text/plain;base64,aGk="}}]}]);
        assert_eq!(param(text_pdf), "messages[0].content[0].file.file_data");
    }
}
