//! Reading a file to attach: its kind from its first bytes (never its name's extension), its
//! size, its SHA-256 and, for an image, its pixel size.

use super::pixels;
use crate::routes::attachment::{Attachment, AttachmentKind};
use sha2::{Digest, Sha256};
use std::fmt::{self, Write as _};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// The largest file routeplay attaches: more than any route takes in one request (32 MB at
/// most), so a larger file would only be refused later, after filling memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file that cannot be attached, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachError {
    /// The path as given.
    pub file: String,
    pub why: String,
}

impl fmt::Display for AttachError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot attach {}: {}", self.file, self.why)
    }
}

impl std::error::Error for AttachError {}

/// Read the file at `path` as an attachment (named by its file name, without its folder).
pub fn read(path: &Path) -> Result<Attachment, AttachError> {
    let fail = |why: String| AttachError { file: path.display().to_string(), why };
    let file = std::fs::File::open(path).map_err(|error| fail(io_reason(&error)))?;
    let metadata = file.metadata().map_err(|error| fail(io_reason(&error)))?;
    if metadata.is_dir() {
        return Err(fail("it is a directory, not a file".into()));
    }
    let too_big = |size: u64| {
        fail(format!(
            "it is {}; routeplay attaches files up to {} MiB (no route takes a larger request)",
            super::limits::megabytes(size),
            MAX_FILE_BYTES / 1024 / 1024
        ))
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_big(metadata.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|error| fail(io_reason(&error)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let name = path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
    from_bytes(name, bytes).map_err(fail)
}

/// An attachment named `name` made of `bytes`, or why they are no file routeplay attaches:
/// a PNG, JPEG, GIF or WebP image with a readable size, a PDF, or UTF-8 text without NULs.
pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Attachment, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    let (kind, pixels) = kind_of(&bytes)?;
    Ok(Attachment {
        name,
        kind,
        size: bytes.len() as u64,
        sha256: sha256_hex(&bytes),
        pixels,
        bytes: Some(Arc::from(bytes)),
    })
}

/// SHA-256 of `bytes`, lower-case hex.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

fn kind_of(bytes: &[u8]) -> Result<(AttachmentKind, Option<(u32, u32)>), String> {
    if let Some(kind) = pixels::image_kind(bytes) {
        let format = kind.format().to_uppercase();
        return match pixels::pixel_size(kind, bytes) {
            Some((0, _) | (_, 0)) => Err(format!("it is a {format} image of no width or no height")),
            Some(size) => Ok((kind, Some(size))),
            None => Err(format!("it starts as a {format} image, but its header is cut short or damaged")),
        };
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok((AttachmentKind::Pdf, None));
    }
    if !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
        return Ok((AttachmentKind::Text, None));
    }
    Err("it is not a PNG, JPEG, GIF or WebP image, a PDF, or UTF-8 text (its content decides, not its name)".into())
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}
