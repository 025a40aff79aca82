//! OpenAI's model list (`GET {base}/models`: `{"object":"list","data":[{"id","object",
//! "created","owned_by"}]}`), as OpenAI, every local server (llama.cpp's `llama-server`, vLLM,
//! Ollama, LM Studio) and Bedrock Mantle's OpenAI surface answer it, merged with the curated
//! catalog: the catalog's models the server lists first (in catalog order, with their names),
//! then the rest in the server's order. The list says nothing of what a model does, so models
//! that cannot chat go by name, as the Vertex listing's embeddings do ([`NOT_CHAT`]).
//! `client/listing_check.rs` fetches it.

use super::{Catalog, ModelEntry};
use crate::routes::RouteId;
use serde::Deserialize;
use std::collections::HashSet;

/// The largest list read: thousands of entries are well under a MiB (OpenAI's own, some
/// hundred models, is about 10 KiB).
pub const MAX_LIST_BYTES: usize = 4 * 1024 * 1024;

/// The models kept from one list at most, so a server listing without end cannot fill the pane.
pub const MAX_LISTED: usize = 2000;

/// Parts of the names of models that do not take Chat Completions: OpenAI's embeddings, speech,
/// image, moderation, realtime and legacy completion models, and a local server's embedders.
pub const NOT_CHAT: [&str; 12] = [
    "embed",
    "whisper",
    "tts",
    "dall-e",
    "moderation",
    "transcribe",
    "realtime",
    "-audio",
    "gpt-image",
    "davinci",
    "babbage",
    "sora",
];

#[derive(Deserialize)]
struct ModelList {
    data: Vec<ListedModel>,
}

#[derive(Deserialize)]
struct ListedModel {
    id: String,
    #[serde(default)]
    owned_by: Option<String>,
}

/// The listed models of a `/models` answer, merged with `catalog`'s models on `route`; an
/// answer that is not such a list is an error naming what was wrong.
pub fn parse(catalog: &Catalog, route: RouteId, body: &[u8]) -> Result<Vec<ModelEntry>, String> {
    let list: ModelList = serde_json::from_slice(body)
        .map_err(|error| format!("the answer is not a model list ({{\"data\":[{{\"id\":…}}]}}): {error}"))?;
    Ok(merge(catalog, route, list.data))
}

fn merge(catalog: &Catalog, route: RouteId, listed: Vec<ListedModel>) -> Vec<ModelEntry> {
    let mut seen = HashSet::new();
    let listed: Vec<ListedModel> = listed
        .into_iter()
        .filter(|model| !model.id.trim().is_empty() && seen.insert(model.id.clone()))
        .filter(|model| {
            let id = model.id.to_ascii_lowercase();
            !NOT_CHAT.iter().any(|part| id.contains(part))
        })
        .take(MAX_LISTED)
        .collect();
    let ids: HashSet<&str> = listed.iter().map(|model| model.id.as_str()).collect();
    let mut entries: Vec<ModelEntry> =
        catalog.models(route).iter().filter(|entry| ids.contains(entry.id.as_str())).cloned().collect();
    let curated: HashSet<String> = entries.iter().map(|entry| entry.id.clone()).collect();
    entries.extend(listed.into_iter().filter(|model| !curated.contains(&model.id)).map(|model| {
        let label = match model.owned_by.as_deref().map(str::trim) {
            Some(owner) if !owner.is_empty() => format!("listed by the server · {owner}"),
            _ => "listed by the server".to_owned(),
        };
        ModelEntry { id: model.id, label }
    }));
    entries
}
