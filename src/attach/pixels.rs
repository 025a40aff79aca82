//! An image's kind and pixel size, read from its first bytes. No image crate is in the offline
//! registry, and only the header is needed, so the four formats' headers are parsed here by
//! hand. Every read goes through `get`: a cut or hostile file gives `None`, never a panic.

use crate::routes::attachment::AttachmentKind;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Which image format `bytes` starts as, by its magic bytes.
pub fn image_kind(bytes: &[u8]) -> Option<AttachmentKind> {
    if bytes.starts_with(PNG_SIGNATURE) {
        Some(AttachmentKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(AttachmentKind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(AttachmentKind::Gif)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(AttachmentKind::Webp)
    } else {
        None
    }
}

/// Width and height of an image of `kind`; `None` when its header is cut short or damaged.
pub fn pixel_size(kind: AttachmentKind, bytes: &[u8]) -> Option<(u32, u32)> {
    match kind {
        AttachmentKind::Png => png(bytes),
        AttachmentKind::Jpeg => jpeg(bytes),
        AttachmentKind::Gif => Some((le16(bytes, 6)?, le16(bytes, 8)?)),
        AttachmentKind::Webp => webp(bytes),
        AttachmentKind::Pdf | AttachmentKind::Text => None,
    }
}

/// The IHDR chunk comes first: width and height as big-endian 32-bit numbers.
fn png(bytes: &[u8]) -> Option<(u32, u32)> {
    (bytes.get(12..16)? == b"IHDR").then_some(())?;
    Some((be32(bytes, 16)?, be32(bytes, 20)?))
}

/// Walk the segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), which
/// holds the height and width. Each step moves forward, so the walk ends within the file.
fn jpeg(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        while *bytes.get(at)? == 0xFF {
            at += 1;
        }
        let marker = *bytes.get(at)?;
        at += 1;
        match marker {
            // Markers without a length: TEM, RST0–7, SOI.
            0x01 | 0xD0..=0xD8 => {}
            // The end of the image, or its data, before any frame header.
            0xD9 | 0xDA => return None,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                // Length (2), precision (1), height (2), width (2).
                return Some((be16(bytes, at.checked_add(5)?)?, be16(bytes, at.checked_add(3)?)?));
            }
            _ => {
                let length = usize::try_from(be16(bytes, at)?).ok()?;
                if length < 2 {
                    return None;
                }
                at = at.checked_add(length)?;
            }
        }
    }
}

/// The first chunk after `RIFF….WEBP` is `VP8 ` (lossy), `VP8L` (lossless) or `VP8X`
/// (extended, with the canvas size).
fn webp(bytes: &[u8]) -> Option<(u32, u32)> {
    match bytes.get(12..16)? {
        b"VP8 " => {
            // A 3-byte frame tag, the start code, then 14-bit width and height.
            (bytes.get(23..26)? == [0x9D, 0x01, 0x2A]).then_some(())?;
            Some((le16(bytes, 26)? & 0x3FFF, le16(bytes, 28)? & 0x3FFF))
        }
        b"VP8L" => {
            (*bytes.get(20)? == 0x2F).then_some(())?;
            let bits = u32::from_le_bytes(bytes.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(bytes, 24)? + 1, le24(bytes, 27)? + 1)),
        _ => None,
    }
}

fn be16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?)))
}

fn le16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?)))
}

fn le24(bytes: &[u8], at: usize) -> Option<u32> {
    let [low, middle, high]: [u8; 3] = bytes.get(at..at.checked_add(3)?)?.try_into().ok()?;
    Some(u32::from_le_bytes([low, middle, high, 0]))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}
