//! The streaming Chat Completions request body: `messages` with system, user and assistant
//! roles, the sampling parameters, `stream_options.include_usage` (without it no usage chunk
//! comes), and what the route's capabilities say it carries of the controls. Attachments go
//! before a user turn's text as content parts: images as `image_url` data URLs, PDFs as `file`
//! parts, text files as `text` parts headed by the file's name.

use crate::routes::attachment::{Attachment, AttachmentKind};
use crate::routes::capabilities::{Capabilities, Support};
use crate::routes::request::{ChatRequest, Role, Turn, as_typed};
use serde_json::{Map, Value, json};

/// Which field carries the output limit: `max_completion_tokens` (OpenAI's current name, the
/// only one its reasoning models take) or the older `max_tokens` that some servers still want.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxTokensField {
    MaxCompletionTokens,
    MaxTokens,
}

impl MaxTokensField {
    /// The field's name in the body.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            MaxTokensField::MaxCompletionTokens => "max_completion_tokens",
            MaxTokensField::MaxTokens => "max_tokens",
        }
    }
}

/// The streaming `POST …/chat/completions` body for `model`: what `capabilities` drops is not
/// sent, and the output limit goes in `max_tokens`' field. `reasoning_effort` goes only to a
/// model that reasons (`request.thoughts`, set from the catalog), since others refuse it.
///
/// # Panics
/// Never: the body holds only strings, numbers and booleans, which always serialise.
#[must_use]
pub fn chat_completions_body(
    model: &str,
    request: &ChatRequest,
    capabilities: &Capabilities,
    max_tokens: MaxTokensField,
) -> Vec<u8> {
    let params = &request.params;
    let controls = &params.controls;
    let sent = |support: Support| support.field().is_some();
    let mut body = Map::new();
    body.insert("model".into(), model.into());
    body.insert("messages".into(), Value::Array(messages(request, capabilities)));
    body.insert(max_tokens.name().into(), params.max_tokens.into());
    if let Some(temperature) = params.temperature.and_then(as_typed) {
        body.insert("temperature".into(), temperature.into());
    }
    if let Some(top_p) = params.top_p.and_then(as_typed) {
        body.insert("top_p".into(), top_p.into());
    }
    if !params.stop_sequences.is_empty() {
        body.insert("stop".into(), params.stop_sequences.clone().into());
    }
    if let Some(effort) = controls.effort.filter(|_| request.thoughts && sent(capabilities.effort)) {
        body.insert("reasoning_effort".into(), effort.name().into());
    }
    let tier = controls
        .service_tier
        .filter(|tier| sent(capabilities.service_tier) && capabilities.service_tiers.contains(tier));
    if let Some(tier) = tier {
        body.insert("service_tier".into(), tier.name().into());
    }
    body.insert("stream".into(), true.into());
    body.insert("stream_options".into(), json!({ "include_usage": true }));
    serde_json::to_vec(&Value::Object(body)).expect("a JSON value always serialises")
}

/// The system prompt as the first message, then every turn.
fn messages(request: &ChatRequest, capabilities: &Capabilities) -> Vec<Value> {
    let system = request.system.as_deref().filter(|system| !system.trim().is_empty());
    let system = system.map(|text| json!({ "role": "system", "content": text }));
    system.into_iter().chain(request.turns.iter().map(|turn| message(turn, capabilities))).collect()
}

/// One turn: its text as a string, or content parts when it carries files the route takes.
fn message(turn: &Turn, capabilities: &Capabilities) -> Value {
    let role = match turn.role {
        Role::User => "user",
        Role::Assistant => "assistant",
    };
    let files: Vec<Value> = turn.attachments.iter().filter_map(|file| part(file, capabilities)).collect();
    if files.is_empty() {
        return json!({ "role": role, "content": turn.text });
    }
    let mut parts = files;
    parts.push(json!({ "type": "text", "text": turn.text }));
    json!({ "role": role, "content": parts })
}

/// The content part a file goes in, unless the route drops files of its kind.
fn part(file: &Attachment, capabilities: &Capabilities) -> Option<Value> {
    let carried = |support: Support| support.field().is_some();
    let data_url = || format!("data:{};base64,{}", file.kind.media_type(), file.base64());
    match file.kind {
        AttachmentKind::Text => carried(capabilities.attachments.text)
            .then(|| json!({ "type": "text", "text": format!("{}:\n{}", file.name, file.text()) })),
        AttachmentKind::Pdf => carried(capabilities.documents)
            .then(|| json!({ "type": "file", "file": { "filename": file.name, "file_data": data_url() } })),
        AttachmentKind::Gif if !carried(capabilities.attachments.gif) => None,
        AttachmentKind::Png | AttachmentKind::Jpeg | AttachmentKind::Gif | AttachmentKind::Webp => {
            carried(capabilities.images).then(|| json!({ "type": "image_url", "image_url": { "url": data_url() } }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::capabilities::MESSAGES;
    use crate::routes::controls::{Effort, ServiceTier};

    fn body(request: &ChatRequest, capabilities: &Capabilities, field: MaxTokensField) -> Value {
        serde_json::from_slice(&chat_completions_body("m", request, capabilities, field)).unwrap()
    }

    #[test]
    fn a_plain_turn_streams_with_usage_asked_for() {
        let mut request = ChatRequest::single("hi");
        request.system = Some("be brief".into());
        request.params.temperature = Some(0.2);
        request.params.stop_sequences = vec!["END".into()];
        let sent = body(&request, &MESSAGES, MaxTokensField::MaxCompletionTokens);
        assert_eq!(
            sent,
            json!({
                "model": "m",
                "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}],
                "max_completion_tokens": 1024,
                "temperature": 0.2,
                "stop": ["END"],
                "stream": true,
                "stream_options": {"include_usage": true},
            })
        );
        let older = body(&request, &MESSAGES, MaxTokensField::MaxTokens);
        assert_eq!(older["max_tokens"], 1024);
        assert!(older.get("max_completion_tokens").is_none());
    }

    #[test]
    fn effort_goes_only_to_a_model_that_reasons_and_tiers_only_where_listed() {
        let mut request = ChatRequest::single("hi");
        request.params.controls.effort = Some(Effort::High);
        request.params.controls.service_tier = Some(ServiceTier::Flex);
        let plain = body(&request, &MESSAGES, MaxTokensField::MaxCompletionTokens);
        assert!(plain.get("reasoning_effort").is_none());
        assert!(plain.get("service_tier").is_none(), "Flex is not among the Messages tiers");
        request.thoughts = true;
        request.params.controls.service_tier = Some(ServiceTier::Auto);
        let reasoning = body(&request, &MESSAGES, MaxTokensField::MaxCompletionTokens);
        assert_eq!(reasoning["reasoning_effort"], "high");
        assert_eq!(reasoning["service_tier"], "auto");
        let dropped = Capabilities { effort: Support::Dropped { why: "none" }, ..MESSAGES };
        assert!(body(&request, &dropped, MaxTokensField::MaxTokens).get("reasoning_effort").is_none());
    }

    #[test]
    fn files_go_before_the_text_as_parts_and_dropped_kinds_are_left_out() {
        let mut turn = Turn::user("what is this?");
        turn.attachments = vec![
            Attachment::of_bytes("a.png", AttachmentKind::Png, b"\x89PNG"),
            Attachment::of_bytes("n.txt", AttachmentKind::Text, b"note"),
            Attachment::of_bytes("d.pdf", AttachmentKind::Pdf, b"%PDF"),
        ];
        let request = ChatRequest { turns: vec![turn], ..ChatRequest::single("") };
        let sent = body(&request, &MESSAGES, MaxTokensField::MaxCompletionTokens);
        assert_eq!(
            sent["messages"][0]["content"],
            json!([
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw=="}},
                {"type": "text", "text": "n.txt:\nnote"},
                {"type": "file", "file": {"filename": "d.pdf", "file_data": "data:application/pdf;base64,JVBERg=="}},
                {"type": "text", "text": "what is this?"},
            ])
        );
        let no_pdf = Capabilities { documents: Support::Dropped { why: "none" }, ..MESSAGES };
        let parts = body(&request, &no_pdf, MaxTokensField::MaxTokens)["messages"][0]["content"].clone();
        assert_eq!(parts.as_array().unwrap().len(), 3);
    }
}
