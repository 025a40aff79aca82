//! The `generateContent` / `streamGenerateContent` request body (GENAI `types.py`, camelCase),
//! with the request controls the route's capabilities let through: what a route drops
//! (`Support::Dropped`) is not sent.

use serde_json::{Map, Value, json};

use super::config::generation_config;
use crate::routes::attachment::{Attachment, AttachmentKind};
use crate::routes::capabilities::Capabilities;
use crate::routes::request::{ChatRequest, Role, Turn};

/// The body for `request` on a route with `capabilities`: `contents`, `systemInstruction` when
/// there is a system prompt, `generationConfig`, and the top-level `serviceTier` and `labels`
/// where the route takes them. Optional settings are omitted when unset, as the SDK does.
#[must_use]
pub fn generate_content_body(request: &ChatRequest, capabilities: &Capabilities) -> Value {
    let mut body = Map::new();
    body.insert("contents".into(), request.turns.iter().map(content).collect());
    if let Some(system) = request.system.as_deref().filter(|system| !system.trim().is_empty()) {
        body.insert("systemInstruction".into(), json!({ "parts": [{ "text": system }] }));
    }
    body.insert("generationConfig".into(), Value::Object(generation_config(request, capabilities)));
    let controls = &request.params.controls;
    // GENAI `models.py` sends `serviceTier` at the top level on both APIs (PROTOCOLS-WAVE2 §2c).
    let tier = controls.service_tier.filter(|tier| capabilities.service_tiers.contains(tier));
    if let Some(tier) = tier.filter(|_| capabilities.service_tier.field().is_some()) {
        body.insert("serviceTier".into(), tier.name().into());
    }
    // Vertex only: the Gemini API refuses `labels` (`Unknown name "labels"`).
    if capabilities.request_metadata.field().is_some() && !controls.metadata.is_empty() {
        let labels = controls.metadata.iter().map(|(key, value)| (key.clone(), Value::from(value.as_str())));
        body.insert("labels".into(), Value::Object(labels.collect()));
    }
    Value::Object(body)
}

/// One turn: its attachments first, then its text (left out when empty beside attachments,
/// since Vertex refuses an empty text part).
fn content(turn: &Turn) -> Value {
    let role = match turn.role {
        Role::User => "user",
        Role::Assistant => "model",
    };
    let mut parts: Vec<Value> = turn.attachments.iter().map(attachment_part).collect();
    if parts.is_empty() || !turn.text.is_empty() {
        parts.push(json!({ "text": turn.text }));
    }
    json!({ "role": role, "parts": parts })
}

/// Images and PDFs as `inlineData` with their MIME type and base64 bytes (WAVE2 §3c). A text
/// file is a text part of its own: `text/plain` inline data is not confirmed for every model
/// (WAVE2 §3d), a text part is.
fn attachment_part(attachment: &Attachment) -> Value {
    match attachment.kind {
        AttachmentKind::Text => json!({ "text": attachment.text() }),
        kind => json!({ "inlineData": { "mimeType": kind.media_type(), "data": attachment.base64() } }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::capabilities::{GENERATE_CONTENT, Support};
    use crate::routes::controls::ServiceTier;
    use crate::routes::request::Params;

    /// Vertex Gemini's capabilities: labels carried.
    const VERTEX: Capabilities =
        Capabilities { request_metadata: Support::Mapped { field: "labels" }, ..GENERATE_CONTENT };

    fn request() -> ChatRequest {
        ChatRequest {
            system: Some("Be brief.".into()),
            turns: vec![Turn::user("Hi"), Turn::assistant("Hello!"), Turn::user("Why is the sky blue?")],
            params: Params {
                max_tokens: 256,
                temperature: Some(0.7),
                top_p: Some(0.95),
                stop_sequences: vec!["END".into()],
                ..Params::default()
            },
            thoughts: false,
        }
    }

    #[test]
    fn full_body() {
        let expected = json!({
            "contents": [
                {"role": "user", "parts": [{"text": "Hi"}]},
                {"role": "model", "parts": [{"text": "Hello!"}]},
                {"role": "user", "parts": [{"text": "Why is the sky blue?"}]}
            ],
            "systemInstruction": {"parts": [{"text": "Be brief."}]},
            "generationConfig": {
                "maxOutputTokens": 256,
                "temperature": 0.7,
                "topP": 0.95,
                "stopSequences": ["END"]
            }
        });
        assert_eq!(generate_content_body(&request(), &GENERATE_CONTENT), expected);
    }

    #[test]
    fn unset_settings_are_omitted() {
        let mut request = ChatRequest::single("Hi");
        request.system = Some("  \n".into());
        let expected = json!({
            "contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
            "generationConfig": {"maxOutputTokens": 1024}
        });
        assert_eq!(generate_content_body(&request, &VERTEX), expected);
    }

    #[test]
    fn attachments_go_before_the_text_as_inline_data_and_text_files_as_text() {
        let mut turn = Turn::user("What is in these?");
        turn.attachments = vec![
            Attachment::of_bytes("a.png", AttachmentKind::Png, b"\x89PNG"),
            Attachment::of_bytes("b.pdf", AttachmentKind::Pdf, b"%PDF-1.7"),
            Attachment::of_bytes("c.txt", AttachmentKind::Text, b"plain words"),
        ];
        let request = ChatRequest { turns: vec![turn], ..ChatRequest::single("") };
        let body = generate_content_body(&request, &GENERATE_CONTENT);
        let expected = json!([{"role": "user", "parts": [
            {"inlineData": {"mimeType": "image/png", "data": "iVBORw=="}},
            {"inlineData": {"mimeType": "application/pdf", "data": "JVBERi0xLjc="}},
            {"text": "plain words"},
            {"text": "What is in these?"}
        ]}]);
        assert_eq!(body["contents"], expected);

        let mut alone = Turn::user("");
        alone.attachments = vec![Attachment::of_bytes("d.jpg", AttachmentKind::Jpeg, b"\xff\xd8")];
        let request = ChatRequest { turns: vec![alone], ..ChatRequest::single("") };
        let parts = &generate_content_body(&request, &GENERATE_CONTENT)["contents"][0]["parts"];
        assert_eq!(parts, &json!([{"inlineData": {"mimeType": "image/jpeg", "data": "/9g="}}]), "no empty text part");
    }

    #[test]
    fn service_tier_is_top_level_and_only_one_the_route_takes() {
        let mut request = ChatRequest::single("Hi");
        for tier in [ServiceTier::Flex, ServiceTier::Standard, ServiceTier::Priority] {
            request.params.controls.service_tier = Some(tier);
            let body = generate_content_body(&request, &GENERATE_CONTENT);
            assert_eq!(body["serviceTier"], json!(tier.name()));
            assert!(body["generationConfig"].get("serviceTier").is_none());
        }
        for tier in [ServiceTier::Default, ServiceTier::Reserved, ServiceTier::Auto] {
            request.params.controls.service_tier = Some(tier);
            assert!(generate_content_body(&request, &GENERATE_CONTENT).get("serviceTier").is_none(), "{tier}");
        }
    }

    #[test]
    fn labels_are_sent_only_where_the_route_carries_metadata() {
        let mut request = ChatRequest::single("Hi");
        request.params.controls.metadata =
            [("team".to_owned(), "ml".to_owned()), ("env".to_owned(), String::new())].into_iter().collect();
        let expected = json!({
            "contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
            "generationConfig": {"maxOutputTokens": 1024},
            "labels": {"env": "", "team": "ml"}
        });
        assert_eq!(generate_content_body(&request, &VERTEX), expected);
        assert!(
            generate_content_body(&request, &GENERATE_CONTENT).get("labels").is_none(),
            "the Gemini API drops them"
        );
    }

    #[test]
    fn floats_keep_their_decimal_form_and_non_finite_ones_are_dropped() {
        let mut request = ChatRequest::single("Hi");
        request.params.temperature = Some(f32::NAN);
        let config = &generate_content_body(&request, &GENERATE_CONTENT)["generationConfig"];
        assert!(config.get("temperature").is_none());
    }
}
