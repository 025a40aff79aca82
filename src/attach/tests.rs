use super::*;
use crate::routes::RouteId;
use crate::routes::attachment::AttachmentKind;
use crate::routes::attachment_limits::AttachmentLimits;
use crate::routes::capabilities::{Capabilities, Support};
use std::sync::Arc;

/// A PNG's signature and IHDR chunk for a `width`×`height` image.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// A JPEG with a JFIF segment, then a baseline frame header.
fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    bytes.extend([0xFF, 0xC0, 0x00, 0x11, 0x08]);
    bytes.extend(height.to_be_bytes());
    bytes.extend(width.to_be_bytes());
    bytes.extend([0x03, 0x01, 0x22, 0x00]);
    bytes
}

fn gif(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = b"GIF89a".to_vec();
    bytes.extend(width.to_le_bytes());
    bytes.extend(height.to_le_bytes());
    bytes.extend([0xF7, 0, 0]);
    bytes
}

fn webp(chunk: [u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut bytes = b"RIFF\0\0\0\0WEBP".to_vec();
    bytes.extend(chunk);
    bytes.extend(u32::try_from(payload.len()).unwrap().to_le_bytes());
    bytes.extend(payload);
    bytes
}

fn webp_extended(width: u32, height: u32) -> Vec<u8> {
    let mut payload = vec![0; 4];
    payload.extend(&(width - 1).to_le_bytes()[..3]);
    payload.extend(&(height - 1).to_le_bytes()[..3]);
    webp(*b"VP8X", &payload)
}

fn webp_lossy(width: u16, height: u16) -> Vec<u8> {
    let mut payload = vec![0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A];
    payload.extend(width.to_le_bytes());
    payload.extend(height.to_le_bytes());
    webp(*b"VP8 ", &payload)
}

fn webp_lossless(width: u32, height: u32) -> Vec<u8> {
    let bits = (width - 1) | ((height - 1) << 14);
    let mut payload = vec![0x2F];
    payload.extend(bits.to_le_bytes());
    webp(*b"VP8L", &payload)
}

#[test]
fn each_kind_is_read_from_its_bytes_with_its_pixel_size() {
    let cases = [
        (png(640, 480), AttachmentKind::Png, Some((640, 480))),
        (jpeg(1024, 768), AttachmentKind::Jpeg, Some((1024, 768))),
        (gif(17, 9), AttachmentKind::Gif, Some((17, 9))),
        (webp_extended(3000, 2000), AttachmentKind::Webp, Some((3000, 2000))),
        (webp_lossy(300, 200), AttachmentKind::Webp, Some((300, 200))),
        (webp_lossless(5, 7), AttachmentKind::Webp, Some((5, 7))),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(), AttachmentKind::Pdf, None),
        ("notes: caf\u{e9} \u{2603}\n".as_bytes().to_vec(), AttachmentKind::Text, None),
    ];
    for (bytes, kind, pixels) in cases {
        let size = bytes.len() as u64;
        let file = from_bytes("f.bin".into(), bytes.clone()).expect("reads");
        assert_eq!((file.kind, file.pixels, file.size), (kind, pixels, size), "{kind:?}");
        assert_eq!(file.sha256, sha256_hex(&bytes));
        assert_eq!(file.bytes.as_deref(), Some(&bytes[..]));
    }
    assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

#[test]
fn a_file_of_no_kind_routeplay_attaches_is_refused_with_why() {
    let binary = from_bytes("a.out".into(), vec![0x7F, b'E', b'L', b'F', 0, 1, 2]).unwrap_err();
    assert!(binary.contains("not a PNG, JPEG, GIF or WebP image, a PDF, or UTF-8 text"), "{binary}");
    assert_eq!(from_bytes("e.txt".into(), Vec::new()).unwrap_err(), "the file is empty");
    let latin1 = from_bytes("l.txt".into(), b"caf\xe9".to_vec()).unwrap_err();
    assert!(latin1.contains("UTF-8"), "{latin1}");
    let cut = from_bytes("p.png".into(), png(1, 1)[..20].to_vec()).unwrap_err();
    assert_eq!(cut, "it starts as a PNG image, but its header is cut short or damaged");
    let flat = from_bytes("g.gif".into(), gif(0, 5)).unwrap_err();
    assert!(flat.contains("no width"), "{flat}");
}

#[test]
fn read_names_the_file_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = read(&dir.path().join("gone.png")).unwrap_err();
    assert_eq!(missing.why, "no such file");
    assert!(missing.to_string().starts_with("cannot attach ") && missing.to_string().contains("gone.png"));
    assert_eq!(read(dir.path()).unwrap_err().why, "it is a directory, not a file");
    let path = dir.path().join("photo.data");
    std::fs::write(&path, png(2, 3)).unwrap();
    let file = read(&path).unwrap();
    assert_eq!((file.name.as_str(), file.kind), ("photo.data", AttachmentKind::Png), "by content, not name");
}

#[test]
fn hostile_headers_never_panic() {
    let mut samples = vec![
        png(1, 1),
        jpeg(1, 1),
        gif(1, 1),
        webp_extended(1, 1),
        webp_lossy(1, 1),
        webp_lossless(1, 1),
        // A JPEG whose segment lengths are 0, 1 and past the end.
        vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00],
        vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF],
        vec![0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0xFF, 0xC0],
        vec![0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xFF],
        b"RIFF\0\0\0\0WEBPVP8Z".to_vec(),
    ];
    samples.push(samples[1].iter().chain(&[0xFF; 64]).copied().collect());
    for sample in &samples {
        for end in 0..=sample.len() {
            // Only that it returns: an error or a size, never a panic.
            let _ = from_bytes("x".into(), sample[..end].to_vec());
        }
    }
    let cut_jpeg = from_bytes("j.jpg".into(), jpeg(4, 4)[..24].to_vec()).unwrap_err();
    assert!(cut_jpeg.contains("cut short"), "{cut_jpeg}");
}

fn file(name: &str, kind: AttachmentKind, size: u64, pixels: Option<(u32, u32)>) -> Attachment {
    Attachment { name: name.into(), kind, size, sha256: "0".repeat(64), pixels, bytes: Some(Arc::from(&[][..])) }
}

fn image(size: u64, width: u32) -> Attachment {
    file("photo.png", AttachmentKind::Png, size, Some((width, 10)))
}

fn refused(route: RouteId, model: &str, files: &[Attachment]) -> Vec<String> {
    check(route, model, files).refused
}

#[test]
fn converse_image_bytes_pixels_and_count_at_and_over_each_limit() {
    let converse = RouteId::BedrockConverse;
    assert!(refused(converse, "m", &[image(3_750_000, 8000)]).is_empty(), "at the limits");
    assert_eq!(
        refused(converse, "m", &[image(5_100_000, 10)]),
        ["photo.png is 5.1 MB; bedrock-converse takes images up to 3.75 MB"]
    );
    assert_eq!(
        refused(converse, "m", &[image(3_750_001, 10)]),
        ["photo.png is 3,750,001 bytes; bedrock-converse takes images up to 3,750,000 bytes"],
        "exact bytes where megabytes would read the same"
    );
    assert_eq!(
        refused(converse, "m", &[image(10, 8001)]),
        ["photo.png is 8001×10 px; bedrock-converse takes images up to 8000×8000 px"]
    );
    assert!(refused(converse, "m", &vec![image(10, 10); 20]).is_empty());
    assert_eq!(
        refused(converse, "m", &vec![image(10, 10); 21]),
        ["21 images attached; bedrock-converse takes up to 20 in one request"]
    );
}

#[test]
fn converse_documents_at_and_over_each_limit_and_claude_4_pdfs_exempt() {
    let converse = RouteId::BedrockConverse;
    let pdf = |size| file("report.pdf", AttachmentKind::Pdf, size, None);
    assert!(refused(converse, "m", &vec![pdf(4_500_000); 5]).is_empty());
    assert_eq!(
        refused(converse, "m", &vec![pdf(10); 6]),
        ["6 documents (PDFs and text files) attached; bedrock-converse takes up to 5 in one request"]
    );
    let over = [pdf(6_000_000)];
    assert_eq!(
        refused(converse, "anthropic.claude-3-haiku-20240307-v1:0", &over),
        ["report.pdf is 6 MB; bedrock-converse takes documents up to 4.5 MB"]
    );
    assert!(refused(converse, "us.anthropic.claude-sonnet-4-20250514-v1:0", &over).is_empty());
    let text = [file("notes.txt", AttachmentKind::Text, 4_500_001, None)];
    assert_eq!(refused(converse, "us.anthropic.claude-sonnet-4-20250514-v1:0", &text).len(), 1, "text is not exempt");
}

#[test]
fn anthropic_image_count_and_the_smaller_side_past_twenty_images() {
    let anthropic = RouteId::Anthropic;
    assert!(refused(anthropic, "m", &vec![image(10, 10); 100]).is_empty());
    assert_eq!(
        refused(anthropic, "m", &vec![image(10, 10); 101]),
        ["101 images attached; anthropic takes up to 100 in one request"]
    );
    assert!(refused(anthropic, "m", &vec![image(10, 2001); 20]).is_empty(), "20 images may be large");
    assert!(refused(anthropic, "m", &vec![image(10, 2000); 21]).is_empty());
    let mut many = vec![image(10, 2000); 20];
    many.push(image(10, 2001));
    assert_eq!(
        refused(anthropic, "m", &many),
        [
            "photo.png is 2001×10 px; anthropic takes images up to 2000×2000 px (with more than 20 images in one request)"
        ]
    );
    assert_eq!(refused(anthropic, "m", &[image(10, 8001)]).len(), 1);
}

#[test]
fn request_size_counts_base64_and_warns_only_where_unconfirmed() {
    // 15,000,000 bytes are 20,000,000 as base64: Gemini's whole request.
    assert_eq!(base64_len(15_000_000), 20_000_000);
    assert_eq!(base64_len(1), 4);
    let pdf = |size| file("big.pdf", AttachmentKind::Pdf, size, None);
    assert!(refused(RouteId::GeminiApi, "m", &[pdf(15_000_000)]).is_empty());
    assert_eq!(
        refused(RouteId::GeminiApi, "m", &[pdf(15_000_001)]),
        ["the attached files come to 20 MB as base64; gemini-api takes requests up to 20 MB"]
    );
    assert!(refused(RouteId::BedrockInvoke, "m", &[pdf(18_750_000)]).is_empty());
    assert_eq!(refused(RouteId::BedrockInvoke, "m", &[pdf(18_750_001)]).len(), 1, "25,000,000 bytes");
    let vertex = check(RouteId::VertexClaude, "m", &[pdf(24_000_000)]);
    assert!(vertex.refused.is_empty(), "Vertex's limit is not confirmed: {vertex:?}");
    assert!(
        vertex
            .warnings
            .iter()
            .any(|w| w.ends_with("a limit routeplay assumes (not confirmed for this route); sent anyway")),
        "{vertex:?}"
    );
}

#[test]
fn a_kind_a_route_drops_is_refused_naming_the_routes_that_take_it() {
    let no_documents = Capabilities {
        documents: Support::Dropped { why: "no document blocks" },
        ..RouteId::BedrockConverse.spec().capabilities
    };
    let pdf = file("report.pdf", AttachmentKind::Pdf, 10, None);
    let checked = limits::check_against(RouteId::BedrockConverse, &no_documents, "m", &[pdf]);
    let [refusal] = &checked.refused[..] else { panic!("{checked:?}") };
    assert!(
        refusal.starts_with("report.pdf: PDFs refused: bedrock-converse takes no PDFs (no document blocks); "),
        "{refusal}"
    );
    assert!(
        refusal.contains("gemini-api") && refusal.contains("vertex-claude") && refusal.ends_with(" do"),
        "{refusal}"
    );
    let text = file("notes.txt", AttachmentKind::Text, 10, None);
    let no_text = Capabilities {
        attachments: AttachmentLimits {
            text: Support::Dropped { why: "no document blocks" },
            ..no_documents.attachments
        },
        ..no_documents
    };
    assert_eq!(limits::check_against(RouteId::BedrockConverse, &no_text, "m", &[text]).refused.len(), 1);
}

#[test]
fn unconfirmed_kinds_are_sent_with_a_warning() {
    let gif = file("cat.gif", AttachmentKind::Gif, 10, Some((1, 1)));
    let checked = check(RouteId::GeminiApi, "m", &[gif]);
    assert!(checked.refused.is_empty());
    assert_eq!(
        checked.warnings,
        ["cat.gif: sent as inlineData image/gif, though gemini-api is not confirmed to take GIF images"]
    );
    let pdf = file("report.pdf", AttachmentKind::Pdf, 10, None);
    assert_eq!(check(RouteId::BedrockInvoke, "m", &[pdf]).into_result().unwrap().len(), 1, "Invoke's PDFs: [U]");
}

#[test]
fn a_file_whose_bytes_were_not_kept_cannot_be_sent_again() {
    let mut kept = image(10, 10);
    kept.bytes = None;
    let error = check(RouteId::BedrockConverse, "m", &[kept]).into_result().unwrap_err();
    assert!(
        error.contains("photo.png: its bytes were not kept") && error.contains("[history] keep_attachments = true")
    );
}

#[test]
fn sizes_read_in_megabytes_or_bytes() {
    assert_eq!(megabytes(3_750_000), "3.75 MB");
    assert_eq!(megabytes(25_000_000), "25 MB");
    assert_eq!(megabytes(5_109_999), "5.1 MB");
    assert_eq!(megabytes(999_999), "999,999 bytes");
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Holder {
    #[serde(with = "kept")]
    files: Vec<Attachment>,
}

#[test]
fn the_kept_list_carries_bytes_only_when_kept_and_checks_them() {
    let with_bytes = from_bytes("a.txt".into(), b"hello".to_vec()).unwrap();
    let json = serde_json::to_string(&Holder { files: vec![with_bytes.clone()] }).unwrap();
    assert!(json.contains(r#""data":"aGVsbG8=""#), "{json}");
    let back: Holder = serde_json::from_str(&json).unwrap();
    assert_eq!(back.files, std::slice::from_ref(&with_bytes));
    let plain = serde_json::to_string(&Holder { files: without_bytes(&[with_bytes]) }).unwrap();
    assert!(!plain.contains("data") && plain.contains(r#""kind":"text""#), "{plain}");
    let tampered = json.replace("aGVsbG8=", "aGVsbG9v");
    let error = serde_json::from_str::<Holder>(&tampered).err().expect("refused").to_string();
    assert!(error.contains("the kept bytes of a.txt do not match its size and sha256"), "{error}");
}
