//! Content blocks as the Messages API checks them: the block types it knows, image and
//! document sources with their media types (and that the bytes are what the media type says),
//! `cache_control` marks. Errors name the block by its path (`messages.0.content.1.source…`).
//! Partner platforms take only base64 sources (PROTOCOLS-WAVE2 §3a): [`Sources::Base64Only`].

use crate::emulator::turn::AttachmentSeen;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

/// Which image and document sources a surface takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// The Anthropic API (and Mantle, which forwards it): base64, url, plain text.
    Any,
    /// Bedrock InvokeModel and Vertex: "only base64-encoded sources are currently available".
    Base64Only,
}

/// The block types a message may hold.
const BLOCK_TYPES: [&str; 8] =
    ["text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking", "search_result"];
const IMAGE_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/gif", "image/webp"];

/// What the blocks of one request hold beyond text: whether any is marked cacheable, and the
/// attached files.
#[derive(Debug, Default)]
pub struct Seen {
    pub cache: bool,
    pub attachments: Vec<AttachmentSeen>,
}

/// Check the blocks at `path` (`messages.0.content`, `system`), adding what they hold to `seen`.
pub fn check(path: &str, blocks: &[Value], sources: Sources, seen: &mut Seen) -> Result<(), String> {
    for (index, block) in blocks.iter().enumerate() {
        let at = format!("{path}.{index}");
        let kind = block.get("type").and_then(Value::as_str).ok_or_else(|| format!("{at}.type: Field required"))?;
        if !BLOCK_TYPES.contains(&kind) {
            return Err(format!(
                "{at}: Input tag '{kind}' found using 'type' does not match any of the expected tags: {}",
                BLOCK_TYPES.map(|tag| format!("'{tag}'")).join(", ")
            ));
        }
        if let Some(mark) = block.get("cache_control") {
            check_cache_control(&format!("{at}.cache_control"), mark)?;
            seen.cache = true;
        }
        match kind {
            "text" if !block.get("text").is_some_and(Value::is_string) => {
                return Err(format!("{at}.text: Field required"));
            }
            "image" | "document" => {
                let source = block.get("source").ok_or_else(|| format!("{at}.source: Field required"))?;
                seen.attachments.push(check_source(&format!("{at}.source"), kind, source, sources)?);
            }
            _ => {}
        }
    }
    Ok(())
}

/// `{"type": "ephemeral", "ttl"?: "5m" | "1h"}`.
pub fn check_cache_control(at: &str, mark: &Value) -> Result<(), String> {
    if mark.get("type").and_then(Value::as_str) != Some("ephemeral") {
        return Err(format!("{at}.type: Input should be 'ephemeral'"));
    }
    match mark.get("ttl") {
        None => Ok(()),
        Some(ttl) if matches!(ttl.as_str(), Some("5m" | "1h")) => Ok(()),
        Some(_) => Err(format!("{at}.ttl: Input should be '5m' or '1h'")),
    }
}

/// An image or document source, as the file it attaches.
fn check_source(at: &str, kind: &str, source: &Value, sources: Sources) -> Result<AttachmentSeen, String> {
    let text = |key: &str| source.get(key).and_then(Value::as_str);
    let source_type = text("type").ok_or_else(|| format!("{at}.type: Field required"))?;
    let media_type = text("media_type").unwrap_or_default();
    match (kind, source_type) {
        (_, "url") if sources == Sources::Base64Only => {
            Err(format!("{at}: url sources are not supported on this platform; send the {kind} as base64"))
        }
        (_, "url") => {
            let url = text("url").ok_or_else(|| format!("{at}.url: Field required"))?;
            let media_type = if kind == "image" { "image/*" } else { "application/pdf" };
            Ok(AttachmentSeen { media_type: media_type.to_owned(), size: url.len() })
        }
        ("image", "base64") if !IMAGE_TYPES.contains(&media_type) => {
            Err(format!("{at}.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"))
        }
        ("document", "base64") if media_type != "application/pdf" => {
            Err(format!("{at}.media_type: Input should be 'application/pdf'"))
        }
        (_, "base64") => {
            let data = text("data").ok_or_else(|| format!("{at}.data: Field required"))?;
            let bytes = STANDARD.decode(data).map_err(|_| format!("{at}.data: invalid base64 data"))?;
            if !looks_like(media_type, &bytes) {
                return Err(format!(
                    "{at}.data: the {kind} was specified using the {media_type} media type, but its bytes are not {media_type}"
                ));
            }
            Ok(AttachmentSeen { media_type: media_type.to_owned(), size: bytes.len() })
        }
        ("document", "text") if media_type == "text/plain" => {
            let data = text("data").ok_or_else(|| format!("{at}.data: Field required"))?;
            Ok(AttachmentSeen { media_type: media_type.to_owned(), size: data.len() })
        }
        ("document", "text") => Err(format!("{at}.media_type: Input should be 'text/plain'")),
        ("document", "content") => {
            Ok(AttachmentSeen { media_type: "text/plain".to_owned(), size: source.to_string().len() })
        }
        _ => Err(format!(
            "{at}: Input tag '{source_type}' found using 'type' does not match any of the expected tags: {}",
            if kind == "image" { "'base64', 'url'" } else { "'base64', 'text', 'content', 'url'" }
        )),
    }
}

/// Whether `bytes` start as files of `media_type` do.
pub fn looks_like(media_type: &str, bytes: &[u8]) -> bool {
    match media_type {
        "image/png" => bytes.starts_with(b"\x89PNG"),
        "image/jpeg" => bytes.starts_with(b"\xFF\xD8\xFF"),
        "image/gif" => bytes.starts_with(b"GIF8"),
        "image/webp" => bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"),
        "application/pdf" => bytes.starts_with(b"%PDF"),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check_one(block: Value, sources: Sources) -> Result<Seen, String> {
        let mut seen = Seen::default();
        check("messages.0.content", &[block], sources, &mut seen).map(|()| seen)
    }

    #[test]
    fn images_documents_and_cache_marks_are_seen() {
        let png = STANDARD.encode(b"\x89PNG....");
        let mut seen = Seen::default();
        let blocks = [
            json!({"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": png}}),
            json!({"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "abc"}}),
            json!({"type": "text", "text": "hi", "cache_control": {"type": "ephemeral", "ttl": "1h"}}),
        ];
        check("messages.0.content", &blocks, Sources::Base64Only, &mut seen).expect("valid");
        assert!(seen.cache);
        assert_eq!(
            seen.attachments,
            [
                AttachmentSeen { media_type: "image/png".into(), size: 8 },
                AttachmentSeen { media_type: "text/plain".into(), size: 3 }
            ]
        );
    }

    #[test]
    fn refusals_name_the_block() {
        let error = |block: Value, sources| check_one(block, sources).err().unwrap_or_default();
        assert!(error(json!({"type": "video"}), Sources::Any).starts_with("messages.0.content.0: Input tag 'video'"));
        let bmp = json!({"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": ""}});
        assert!(error(bmp, Sources::Any).contains("source.media_type: Input should be 'image/jpeg'"));
        let lying = json!({"type": "image", "source": {"type": "base64", "media_type": "image/png",
            "data": STANDARD.encode(b"\xFF\xD8\xFF")}});
        assert!(error(lying, Sources::Any).contains("bytes are not image/png"));
        let url = json!({"type": "image", "source": {"type": "url", "url": "https://x/cat.png"}});
        assert!(check_one(url.clone(), Sources::Any).is_ok());
        assert!(error(url, Sources::Base64Only).contains("url sources are not supported"));
        let mark = json!({"type": "text", "text": "x", "cache_control": {"type": "forever"}});
        assert!(error(mark, Sources::Any).contains("cache_control.type: Input should be 'ephemeral'"));
    }
}
