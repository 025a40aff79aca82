//! Files attached to a user turn (images PNG/JPEG/GIF/WebP, PDFs, text files): reading them and
//! checking them against a route's limits before sending. The calls the CLI and the playground
//! make:
//!
//! - [`read`]`(path) -> Result<Attachment, AttachError>`: the file's kind by its first bytes,
//!   its size, SHA-256, pixel size (images) and bytes; an error names the file and why.
//! - [`check`]`(route, model, &files) -> Checked`: `refused` (one sentence per limit passed,
//!   naming the limit, its value and the route; a PDF where the route takes none names the routes
//!   that do) and `warnings` (sent, but unconfirmed for this route); `Checked::into_result`
//!   gives `Ok(warnings)` or `Err(every refusal, one a line)`.
//! - [`without_bytes`]: the list as the history keeps it unless `[history] keep_attachments`.
//! - [`from_bytes`]`(name, bytes)`: the same as [`read`] for bytes already in memory (a paste);
//!   [`megabytes`]`(n)`: a size as the messages write it (`3.75 MB`), for a list of files.
//!
//! Each route's limits are spec data (`routes::attachment_limits`); each route's body builder
//! shapes the files into its own blocks.

pub mod kept;
mod limits;
mod pixels;
mod read;

pub use limits::{Checked, base64_len, check, megabytes};
pub use read::{AttachError, MAX_FILE_BYTES, from_bytes, read, sha256_hex};

use crate::routes::attachment::Attachment;

/// `files` with their bytes dropped: name, kind, size, hash and pixel size only.
#[must_use]
pub fn without_bytes(files: &[Attachment]) -> Vec<Attachment> {
    files.iter().map(|file| Attachment { bytes: None, ..file.clone() }).collect()
}

#[cfg(test)]
mod tests;
