//! `POST /model/{modelId}/converse` and `/converse-stream`: Bedrock's own message format in
//! and out, answered as `{"output":{"message":…},"stopReason","usage","metrics"}` (plus `trace`,
//! `serviceTier` and `performanceConfig`, [`super::converse_report`]) or as `ConverseStream`
//! event frames ([`super::converse_stream`]).

use super::catalog;
use super::converse_body;
use super::converse_report::Report;
use super::converse_stream::ConverseStream;
use super::error::AwsError;
use super::eventstream;
use super::invoke::model_id;
use crate::emulator::controls::Controls;
use crate::emulator::drive;
use crate::emulator::plan::{Block, BlockKind};
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use crate::emulator::turn;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `Converse`.
pub async fn converse(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&state, &tag, id, &headers, &body, false).await.unwrap_or_else(IntoResponse::into_response)
}

/// `ConverseStream`.
pub async fn converse_stream(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&state, &tag, id, &headers, &body, true).await.unwrap_or_else(IntoResponse::into_response)
}

async fn respond(
    state: &EmulatorState,
    tag: &RequestTag,
    id: Result<Path<String>, PathRejection>,
    headers: &HeaderMap,
    body: &[u8],
    stream: bool,
) -> Result<Response, AwsError> {
    let started = Instant::now();
    let id = model_id(id)?;
    let controls = Controls::from_headers(headers).map_err(AwsError::validation)?;
    let mut name = String::new();
    let choice = catalog::resolve(&id, &mut name)?;
    let request = converse_body::parse(body)?;
    let turn = turn::take(state, tag.serial, &controls, &choice, &request.conversation)
        .map_err(|refusal| AwsError::rejection(refusal.rejection))?;
    let report = Report::new(&turn, &request);
    if stream {
        let encoder = ConverseStream::new(report, started);
        let frames = drive::play(turn.plan, encoder, turn.fault, turn.pace, state.stop_signal());
        return Ok(([(header::CONTENT_TYPE, eventstream::CONTENT_TYPE)], Body::from_stream(frames)).into_response());
    }
    drive::wait_for_whole(&turn.plan, turn.pace, state.stop_signal()).await;
    let plan = &turn.plan;
    let mut response = json!({
        "output": { "message": { "role": "assistant", "content": plan.blocks.iter().map(whole_block).collect::<Vec<_>>() } },
        "stopReason": report.stop_reason(&plan.stop),
        "usage": report.usage(plan.output_tokens),
        "metrics": metrics(started.elapsed()),
    });
    if let Value::Object(members) = &mut response {
        members.extend(report.extras());
    }
    Ok(Json(response).into_response())
}

/// A block with all its content.
fn whole_block(block: &Block) -> Value {
    let text = block.text();
    match &block.kind {
        BlockKind::Thinking { signature } => {
            json!({ "reasoningContent": { "reasoningText": { "text": text, "signature": signature } } })
        }
        BlockKind::Text => json!({ "text": text }),
        // Input cut short by maxTokens is not JSON; report it empty.
        BlockKind::ToolUse { id, name } => json!({ "toolUse": {
            "toolUseId": id,
            "name": name,
            "input": serde_json::from_str::<Value>(&text).unwrap_or_else(|_| json!({})),
        } }),
    }
}

/// `metrics` of a response that took `elapsed`.
pub fn metrics(elapsed: Duration) -> Value {
    json!({ "latencyMs": u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_in_converse_shape() {
        let thinking = Block { kind: BlockKind::Thinking { signature: "sig".into() }, pieces: vec!["Hm".into()] };
        assert_eq!(
            whole_block(&thinking),
            json!({"reasoningContent": {"reasoningText": {"text": "Hm", "signature": "sig"}}})
        );
        let tool = Block { kind: BlockKind::ToolUse { id: "t1".into(), name: "f" }, pieces: vec![r#"{"a":"#.into()] };
        assert_eq!(whole_block(&tool), json!({"toolUse": {"toolUseId": "t1", "name": "f", "input": {}}}));
    }
}
