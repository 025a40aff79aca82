//! How many attached files of what size each route takes, as spec data: `attach::check` reads
//! them before a request is sent. The figures and their confidence are PROTOCOLS-WAVE2 §3.
//! Sizes are in bytes, a "MB" being 1,000,000 (the smaller reading, so a file that passes here
//! passes there). Whether a route takes images and PDFs at all is [`super::capabilities`]'s
//! `images` and `documents`; GIFs and text files, which some routes take apart, are here.

use super::capabilities::Support;

/// A limit on the whole request's size, and whether a primary source states it: over a
/// confirmed limit a request is refused before sending, over an unconfirmed one it is sent with
/// a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimit {
    pub bytes: u64,
    pub confirmed: bool,
}

/// What one route takes of attached files; `None` where no limit is documented.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttachmentLimits {
    pub max_images: Option<usize>,
    /// Each image's size in bytes.
    pub max_image_bytes: Option<u64>,
    /// Each image's longer side in pixels (a limit of 8000×8000 is `Some(8000)`).
    pub max_image_side: Option<u32>,
    /// With more images than `.0` in one request, each image's longer side is at most `.1`.
    pub many_images_side: Option<(usize, u32)>,
    /// PDFs and text files together.
    pub max_documents: Option<usize>,
    /// Each PDF's or text file's size in bytes.
    pub max_document_bytes: Option<u64>,
    /// Model ids containing one of these take PDFs of any size (within the request's limit).
    pub pdf_size_exempt: &'static [&'static str],
    /// The whole request, the files counted as base64 (4 bytes for every 3).
    pub max_request: Option<RequestLimit>,
    /// GIF images, where the route's image support is not the same for them.
    pub gif: Support,
    /// Plain-text files: as a document where the wire sends them as one (Messages, Converse:
    /// then a route without documents has no text files either), as a text part on Chat
    /// Completions, whose routes take text files without taking PDFs.
    pub text: Support,
}

/// Anthropic's Messages API (D-VISION, D-APIOV): 100 images a request (600 on models with more
/// than 200k tokens of context; the smaller is kept), each at most 8000×8000 px and at most
/// 2000×2000 px past 20 images, and a whole request of at most 32 MB. No per-image byte limit
/// was found.
pub const ANTHROPIC_ATTACHMENTS: AttachmentLimits = AttachmentLimits {
    max_images: Some(100),
    max_image_bytes: None,
    max_image_side: Some(8000),
    many_images_side: Some((20, 2000)),
    max_documents: None,
    max_document_bytes: None,
    pdf_size_exempt: &[],
    max_request: Some(RequestLimit { bytes: 32_000_000, confirmed: true }),
    gif: Support::Carried { field: "image block image/gif" },
    text: Support::Carried { field: "document block (text source)" },
};

/// InvokeModel's body is at most 25,000,000 bytes (botocore's `Body.max`).
pub const INVOKE_ATTACHMENTS: AttachmentLimits = AttachmentLimits {
    max_request: Some(RequestLimit { bytes: 25_000_000, confirmed: true }),
    ..ANTHROPIC_ATTACHMENTS
};

/// Mantle's request limit is not documented; "lower on partner-operated platforms" than 32 MB,
/// so InvokeModel's 25,000,000 bytes is assumed, unconfirmed.
pub const MANTLE_ATTACHMENTS: AttachmentLimits = AttachmentLimits {
    max_request: Some(RequestLimit { bytes: 25_000_000, confirmed: false }),
    ..ANTHROPIC_ATTACHMENTS
};

/// Vertex's limit for Claude requests is not documented ("lower on partner-operated
/// platforms"): 30 MB is assumed, unconfirmed.
pub const VERTEX_CLAUDE_ATTACHMENTS: AttachmentLimits = AttachmentLimits {
    max_request: Some(RequestLimit { bytes: 30_000_000, confirmed: false }),
    ..ANTHROPIC_ATTACHMENTS
};

/// Converse (A-MSG, A-RESTR): at most 20 images, each at most 3.75 MB and 8000×8000 px, and 5
/// documents, each at most 4.5 MB (not applied to PDFs on Claude 4 and later or on Nova:
/// `attach::check` reads the model for that). No request limit is documented.
pub const CONVERSE_ATTACHMENTS: AttachmentLimits = AttachmentLimits {
    max_images: Some(20),
    max_image_bytes: Some(3_750_000),
    max_image_side: Some(8000),
    many_images_side: None,
    max_documents: Some(5),
    max_document_bytes: Some(4_500_000),
    // Claude 4 and later are named `claude-opus-4…`, `claude-sonnet-4-5…`; Claude 3 `claude-3-…`.
    pdf_size_exempt: &["claude-opus-", "claude-sonnet-", "claude-haiku-", "amazon.nova"],
    max_request: None,
    gif: Support::Mapped { field: "image format gif" },
    text: Support::Mapped { field: "document format txt" },
};

/// The Gemini API (G-INPUT): inline data counts toward a 20 MB request; up to 3,000 images;
/// large images are scaled down, so no pixel limit. GIF and plain text as inline data are not
/// confirmed.
pub const GEMINI_API_ATTACHMENTS: AttachmentLimits = AttachmentLimits {
    max_images: Some(3000),
    max_image_bytes: None,
    max_image_side: None,
    many_images_side: None,
    max_documents: None,
    max_document_bytes: None,
    pdf_size_exempt: &[],
    max_request: Some(RequestLimit { bytes: 20_000_000, confirmed: true }),
    gif: Support::Unconfirmed { field: "inlineData image/gif" },
    text: Support::Unconfirmed { field: "inlineData text/plain" },
};

/// Vertex's inline-size limit is not confirmed: the Gemini API's 20 MB is assumed.
pub const VERTEX_GEMINI_ATTACHMENTS: AttachmentLimits = AttachmentLimits {
    max_request: Some(RequestLimit { bytes: 20_000_000, confirmed: false }),
    ..GEMINI_API_ATTACHMENTS
};

/// The Chat Completions wire on every route: no limit is confirmed by a primary source, so none
/// is applied before sending (the server's own refusal says what it takes). Text files go as
/// `text` parts headed by their name, which every server takes; GIFs as `image_url` are not
/// confirmed (OpenAI's guides mention non-animated GIFs only).
pub const CHAT_COMPLETIONS_ATTACHMENTS: AttachmentLimits = AttachmentLimits {
    max_images: None,
    max_image_bytes: None,
    max_image_side: None,
    many_images_side: None,
    max_documents: None,
    max_document_bytes: None,
    pdf_size_exempt: &[],
    max_request: None,
    gif: Support::Unconfirmed { field: "image_url data URL image/gif" },
    text: Support::Mapped { field: "text part headed by the file name" },
};
