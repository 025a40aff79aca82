//! What a message's content holds, and each refusal with Bedrock's error shape.

use super::*;
use serde_json::json;

fn message(blocks: &Value) -> Result<Content, AwsError> {
    read(0, Role::User, blocks.as_array().expect("a list"))
}

fn refusal(blocks: &Value) -> String {
    format!("{:?}", message(blocks).expect_err("refused"))
}

fn image(format: &str) -> Value {
    json!({"image": {"format": format, "source": {"bytes": "iVBORw=="}}})
}

fn document(name: &str) -> Value {
    json!({"document": {"format": "pdf", "name": name, "source": {"bytes": "JVBERi0x"}}})
}

#[test]
fn reads_text_attachments_and_cache_points() {
    let content = message(&json!([
        image("png"),
        document("Q3 report (final) [v2]"),
        {"text": "What is this?"},
        {"cachePoint": {"type": "default"}},
        {"toolResult": {"toolUseId": "t", "content": []}},
    ]))
    .expect("valid");
    assert_eq!(
        content,
        Content {
            text: "What is this?".into(),
            attachments: vec![
                AttachmentSeen { media_type: "image/png".into(), size: 4 },
                AttachmentSeen { media_type: "application/pdf".into(), size: 6 },
            ],
            cache: true,
        }
    );
}

#[test]
fn a_document_needs_a_text_block() {
    assert!(refusal(&json!([document("a")])).contains("A text block must be included when using documents."));
    assert!(refusal(&json!([document("a"), {"text": "  "}])).contains("A text block must be included"));
    assert!(message(&json!([image("gif")])).is_ok(), "an image alone is fine");
}

#[test]
fn document_names_follow_bedrocks_rules() {
    for bad in ["report.pdf", "two  spaces", "", "under_score", &"x".repeat(201)] {
        let error = refusal(&json!([document(bad), {"text": "t"}]));
        assert!(error.contains("messages.1.member.content.1.member.document.name is not valid"), "{bad}: {error}");
        assert!(error.contains("ValidationException"), "{error}");
    }
    let duplicate = refusal(&json!([document("a"), document("a"), {"text": "t"}]));
    assert!(duplicate.contains("Duplicate document name 'a'"), "{duplicate}");
}

#[test]
fn counts_formats_and_sources_are_checked() {
    let images: Vec<Value> = (0..21).map(|_| image("jpeg")).collect();
    assert!(refusal(&Value::Array(images)).contains("up to 20 images"));
    let documents: Vec<Value> = (0..6).map(|n| document(&format!("d{n}"))).chain([json!({"text": "t"})]).collect();
    assert!(refusal(&Value::Array(documents)).contains("up to 5 documents"));
    let bmp = refusal(&json!([image("bmp")]));
    assert!(
        bmp.contains("Value 'bmp' at 'messages.1.member.content.1.member.image.format'")
            && bmp.contains("[png, jpeg, gif, webp]"),
        "{bmp}"
    );
    let sourceless = refusal(&json!([{"image": {"format": "png", "source": {}}}]));
    assert!(sourceless.contains("must set one of the following keys: bytes, s3Location"), "{sourceless}");
    assert!(refusal(&json!([{"image": {"format": "png", "source": {"bytes": "%%"}}}])).contains("not valid base64"));
    let cache = refusal(&json!([{"text": "t"}, {"cachePoint": {"type": "forever"}}]));
    assert!(cache.contains("content.2.member.cachePoint.type"), "{cache}");
}

#[test]
fn only_the_user_sends_files() {
    let error = format!("{:?}", read(1, Role::Assistant, &[image("png")]).expect_err("refused"));
    assert!(error.contains("only supported in user messages; message 2"), "{error}");
}
