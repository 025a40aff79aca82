//! Message and system content: the string shorthand while nothing needs blocks, else blocks:
//! each attachment as an `image` or `document` block before the turn's text (Anthropic vision
//! and PDF docs, PROTOCOLS-WAVE2 §3a), and `cache_control` on the last system block and on
//! the last block of the last user message when the prefix is marked cacheable (§4).

use super::{WireContent, WireMessage};
use crate::routes::attachment::{Attachment, AttachmentKind};
use crate::routes::capabilities::Capabilities;
use crate::routes::request::{Role, Turn};
use serde_json::{Value, json};

/// `{"type": "ephemeral"}`, the only cache mark (default TTL 5 minutes).
#[must_use]
pub fn ephemeral() -> Value {
    json!({ "type": "ephemeral" })
}

/// The block an attachment is sent in: an image, a base64 PDF, or a plain-text document
/// titled with the file's name.
#[must_use]
pub fn attachment_block(attachment: &Attachment) -> Value {
    let media_type = attachment.kind.media_type();
    match attachment.kind {
        AttachmentKind::Text => json!({
            "type": "document",
            "source": { "type": "text", "media_type": media_type, "data": attachment.text() },
            "title": attachment.name,
        }),
        AttachmentKind::Pdf => json!({
            "type": "document",
            "source": { "type": "base64", "media_type": media_type, "data": attachment.base64() },
        }),
        AttachmentKind::Png | AttachmentKind::Jpeg | AttachmentKind::Gif | AttachmentKind::Webp => json!({
            "type": "image",
            "source": { "type": "base64", "media_type": media_type, "data": attachment.base64() },
        }),
    }
}

/// The system prompt: a string, or one text block marked cacheable.
pub(super) fn system(system: Option<&str>, cache: bool) -> Option<WireContent> {
    let system = system.filter(|s| !s.trim().is_empty())?;
    Some(if cache {
        WireContent::Blocks(vec![json!({ "type": "text", "text": system, "cache_control": ephemeral() })])
    } else {
        WireContent::Text(system.to_owned())
    })
}

/// The turns; with `cache`, the last user message's last block carries the cache mark.
pub(super) fn messages(turns: &[Turn], capabilities: &Capabilities, cache: bool) -> Vec<WireMessage> {
    let last_user = turns.iter().rposition(|turn| turn.role == Role::User).filter(|_| cache);
    turns
        .iter()
        .enumerate()
        .map(|(index, turn)| WireMessage {
            role: turn.role,
            content: content(turn, capabilities, last_user == Some(index)),
        })
        .collect()
}

/// A turn's content: attachments the route takes, then the text.
fn content(turn: &Turn, capabilities: &Capabilities, mark: bool) -> WireContent {
    let sent = |attachment: &&Attachment| {
        let support = if attachment.kind.is_image() { capabilities.images } else { capabilities.documents };
        support.field().is_some()
    };
    let mut blocks: Vec<Value> = turn.attachments.iter().filter(sent).map(attachment_block).collect();
    if blocks.is_empty() && !mark {
        return WireContent::Text(turn.text.clone());
    }
    blocks.push(json!({ "type": "text", "text": turn.text }));
    if mark && let Some(Value::Object(last)) = blocks.last_mut() {
        last.insert("cache_control".into(), ephemeral());
    }
    WireContent::Blocks(blocks)
}
