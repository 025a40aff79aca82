//! Checking a turn's attached files against a route's limits before anything is sent: what
//! the route refuses is refused here with the limit, its value and the route named; what the
//! route may or may not take (unconfirmed) is sent with a warning.

use crate::routes::RouteId;
use crate::routes::attachment::{Attachment, AttachmentKind};
use crate::routes::attachment_limits::AttachmentLimits;
use crate::routes::capabilities::{Capabilities, Support};

/// What a check found: the files the route refuses, and what is sent though unconfirmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// One sentence per problem; the request must not be sent while any is here.
    pub refused: Vec<String>,
    /// One sentence per doubt; the request is sent.
    pub warnings: Vec<String>,
}

impl Checked {
    /// The warnings when nothing is refused, else every refusal, one a line.
    pub fn into_result(self) -> Result<Vec<String>, String> {
        if self.refused.is_empty() { Ok(self.warnings) } else { Err(self.refused.join("\n")) }
    }
}

/// Check `files`, attached to one request to `model` on `route`.
#[must_use]
pub fn check(route: RouteId, model: &str, files: &[Attachment]) -> Checked {
    check_against(route, &route.spec().capabilities_for(model), model, files)
}

/// [`check`] against `capabilities` in the place of `route`'s own (which tests vary).
pub(super) fn check_against(route: RouteId, capabilities: &Capabilities, model: &str, files: &[Attachment]) -> Checked {
    let limits = &capabilities.attachments;
    let mut checked = Checked::default();
    let images = files.iter().filter(|file| file.kind.is_image()).count();
    for file in files {
        if file.bytes.is_none() {
            checked.refused.push(format!(
                "{}: its bytes were not kept in the history; attach the file again, or set \
                 `[history] keep_attachments = true` in config.toml to keep them for resending",
                file.name
            ));
        }
        let (what, support) = kind_support(capabilities, file.kind);
        match support {
            Support::Dropped { why } => checked.refused.push(format!(
                "{}: {what} refused: {route} takes no {what} ({why}); {} do",
                file.name,
                routes_taking(file.kind).join(", ")
            )),
            Support::Unconfirmed { field } => checked
                .warnings
                .push(format!("{}: sent as {field}, though {route} is not confirmed to take {what}", file.name)),
            Support::Carried { .. } | Support::Mapped { .. } => {}
        }
        check_size(&mut checked, route, model, limits, file, images);
    }
    check_counts(&mut checked, route, limits, files, images);
    check_request(&mut checked, route, limits, files);
    checked
}

/// The name of a kind of file in a sentence, and whether `route` takes it.
fn kind_support(capabilities: &Capabilities, kind: AttachmentKind) -> (&'static str, Support) {
    match kind {
        AttachmentKind::Pdf => ("PDFs", capabilities.documents),
        AttachmentKind::Text => ("text files", capabilities.attachments.text),
        AttachmentKind::Gif => ("GIF images", image_support(capabilities.images, capabilities.attachments.gif)),
        AttachmentKind::Png | AttachmentKind::Jpeg | AttachmentKind::Webp => ("images", capabilities.images),
    }
}

/// A GIF is an image first: the weaker of the route's image and GIF support.
fn image_support(images: Support, gif: Support) -> Support {
    match images {
        Support::Dropped { .. } | Support::Unconfirmed { .. } => images,
        Support::Carried { .. } | Support::Mapped { .. } => gif,
    }
}

/// The routes that take files of `kind`, by name.
fn routes_taking(kind: AttachmentKind) -> Vec<&'static str> {
    RouteId::ALL
        .into_iter()
        .filter(|&route| !matches!(kind_support(&route.spec().capabilities, kind).1, Support::Dropped { .. }))
        .map(RouteId::name)
        .collect()
}

fn check_size(
    checked: &mut Checked,
    route: RouteId,
    model: &str,
    limits: &AttachmentLimits,
    file: &Attachment,
    images: usize,
) {
    let over = |limit: Option<u64>| limit.filter(|&limit| file.size > limit);
    if file.kind.is_image() {
        if let Some(limit) = over(limits.max_image_bytes) {
            checked.refused.push(too_large(file, limit, &format!("{route} takes images")));
        }
        let side = file.pixels.map_or(0, |(width, height)| width.max(height));
        let pixels = |side_limit: u32| {
            let (width, height) = file.pixels.unwrap_or_default();
            format!("{} is {width}×{height} px; {route} takes images up to {side_limit}×{side_limit} px", file.name)
        };
        if let Some(limit) = limits.max_image_side.filter(|&limit| side > limit) {
            checked.refused.push(pixels(limit));
        } else if let Some((count, limit)) =
            limits.many_images_side.filter(|&(count, limit)| images > count && side > limit)
        {
            checked.refused.push(format!("{} (with more than {count} images in one request)", pixels(limit)));
        }
    } else if let Some(limit) = over(limits.max_document_bytes) {
        let exempt = file.kind == AttachmentKind::Pdf && limits.pdf_size_exempt.iter().any(|part| model.contains(part));
        if !exempt {
            checked.refused.push(too_large(file, limit, &format!("{route} takes documents")));
        }
    }
}

fn check_counts(checked: &mut Checked, route: RouteId, limits: &AttachmentLimits, files: &[Attachment], images: usize) {
    let documents = files.len() - images;
    if let Some(limit) = limits.max_images.filter(|&limit| images > limit) {
        checked.refused.push(format!("{images} images attached; {route} takes up to {limit} in one request"));
    }
    if let Some(limit) = limits.max_documents.filter(|&limit| documents > limit) {
        checked.refused.push(format!(
            "{documents} documents (PDFs and text files) attached; {route} takes up to {limit} in one request"
        ));
    }
}

/// Every file counted as base64, as the routes' JSON carries it (a text file sent as text is
/// counted a third high, on the safe side).
fn check_request(checked: &mut Checked, route: RouteId, limits: &AttachmentLimits, files: &[Attachment]) {
    let Some(limit) = limits.max_request else { return };
    let total: u64 = files.iter().map(|file| base64_len(file.size)).sum();
    if total <= limit.bytes {
        return;
    }
    let sentence = format!(
        "the attached files come to {} as base64; {route} takes requests up to {}",
        megabytes(total),
        megabytes(limit.bytes)
    );
    if limit.confirmed {
        checked.refused.push(sentence);
    } else {
        checked
            .warnings
            .push(format!("{sentence}, a limit routeplay assumes (not confirmed for this route); sent anyway"));
    }
}

/// How long `n` bytes are as base64: 4 characters for every 3 bytes or part of 3.
#[must_use]
pub fn base64_len(n: u64) -> u64 {
    4 * n.div_ceil(3)
}

fn too_large(file: &Attachment, limit: u64, takes: &str) -> String {
    let (size, most) = match (megabytes(file.size), megabytes(limit)) {
        (size, most) if size == most => (exact(file.size), exact(limit)),
        pair => pair,
    };
    format!("{} is {size}; {takes} up to {most}", file.name)
}

/// `n` bytes in MB (1,000,000 bytes) to two decimals at most, cut rather than rounded up;
/// smaller sizes in bytes.
#[must_use]
pub fn megabytes(n: u64) -> String {
    if n < 1_000_000 {
        return exact(n);
    }
    let hundredths = format!("{:02}", n % 1_000_000 / 10_000);
    let fraction = hundredths.trim_end_matches('0');
    let whole = n / 1_000_000;
    if fraction.is_empty() { format!("{whole} MB") } else { format!("{whole}.{fraction} MB") }
}

/// `n` bytes with thousands separated: `3,750,001 bytes`.
fn exact(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped} bytes")
}
