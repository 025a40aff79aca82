//! A file sent with a user turn: an image, a PDF or a text file. Each route's body builder
//! shapes it (Anthropic `image`/`document` blocks, Converse `image`/`document`, Gemini
//! `inlineData`); reading and checking a file against a route's limits is `attach/`'s job.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What kind of file an attachment is, which decides the block a route sends it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttachmentKind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    /// UTF-8 text, sent as a plain-text document where the route has one.
    Text,
}

impl AttachmentKind {
    /// The MIME type the routes name it by.
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            AttachmentKind::Png => "image/png",
            AttachmentKind::Jpeg => "image/jpeg",
            AttachmentKind::Gif => "image/gif",
            AttachmentKind::Webp => "image/webp",
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Text => "text/plain",
        }
    }

    /// The short format name (Converse's `format`: `png`, `jpeg`, `gif`, `webp`, `pdf`, `txt`).
    #[must_use]
    pub fn format(self) -> &'static str {
        match self {
            AttachmentKind::Png => "png",
            AttachmentKind::Jpeg => "jpeg",
            AttachmentKind::Gif => "gif",
            AttachmentKind::Webp => "webp",
            AttachmentKind::Pdf => "pdf",
            AttachmentKind::Text => "txt",
        }
    }

    #[must_use]
    pub fn is_image(self) -> bool {
        matches!(self, AttachmentKind::Png | AttachmentKind::Jpeg | AttachmentKind::Gif | AttachmentKind::Webp)
    }
}

/// One attached file. The history keeps its name, kind, size and hash; its bytes only when
/// the config asks for them (for replay), so `bytes` may be absent on a loaded run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The file's name without its folder.
    pub name: String,
    pub kind: AttachmentKind,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Width and height of an image, read from its header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pixels: Option<(u32, u32)>,
    #[serde(skip)]
    pub bytes: Option<Arc<[u8]>>,
}

impl Attachment {
    /// The bytes as standard base64 (what every route's JSON carries); empty when they were
    /// not kept.
    #[must_use]
    pub fn base64(&self) -> String {
        use base64::Engine as _;
        self.bytes.as_deref().map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes)).unwrap_or_default()
    }

    /// The bytes as text, for a text attachment (read as UTF-8 when attached).
    #[must_use]
    pub fn text(&self) -> String {
        self.bytes.as_deref().map(|bytes| String::from_utf8_lossy(bytes).into_owned()).unwrap_or_default()
    }
}

#[cfg(test)]
impl Attachment {
    /// An attachment of `bytes` without reading a file (no hash, no pixel size), for the body
    /// builders' tests.
    #[must_use]
    pub fn of_bytes(name: &str, kind: AttachmentKind, bytes: &[u8]) -> Self {
        Self {
            name: name.into(),
            kind,
            size: bytes.len() as u64,
            sha256: String::new(),
            pixels: None,
            bytes: Some(Arc::from(bytes)),
        }
    }
}
