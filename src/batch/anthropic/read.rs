//! Message Batches' answers in routeplay's words: a `MessageBatch` as a [`JobStatus`], and the
//! JSONL results file (lines split on `\r`, `\n` and `\r\n`, as the SDK splits them) as
//! [`RecordResult`]s.

use crate::batch::job::{BatchAnswer, JobCounts, JobState, JobStatus, RecordResult};
use crate::routes::event::{StopReason, Usage};
use serde::Deserialize;
use serde_json::Value;

/// `MessageBatch`, as far as routeplay reads it.
#[derive(Debug, Deserialize)]
struct MessageBatch {
    id: String,
    processing_status: String,
    #[serde(default)]
    request_counts: RequestCounts,
    #[serde(default)]
    cancel_initiated_at: Option<String>,
    #[serde(default)]
    results_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RequestCounts {
    processing: u64,
    succeeded: u64,
    errored: u64,
    canceled: u64,
    expired: u64,
}

/// A `MessageBatch` answer: the batch's id and its status in routeplay's words.
pub(super) fn read_batch(answer: &[u8]) -> Result<(String, JobStatus), String> {
    let batch: MessageBatch = serde_json::from_slice(answer).map_err(|error| {
        format!("Anthropic Message Batches: the answer is not a MessageBatch ({error}): {}", excerpt(answer))
    })?;
    let counts = &batch.request_counts;
    let counts = JobCounts {
        total: counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired,
        processing: counts.processing,
        succeeded: counts.succeeded,
        failed: counts.errored,
        cancelled: counts.canceled,
        expired: counts.expired,
    };
    let state = match batch.processing_status.as_str() {
        "in_progress" => JobState::Running,
        "canceling" => JobState::Cancelling,
        "ended" => ended_state(&counts, batch.cancel_initiated_at.is_some()),
        _ => JobState::Queued,
    };
    let status =
        JobStatus { state, raw_state: batch.processing_status, counts, message: None, output: batch.results_url };
    Ok((batch.id, status))
}

/// How an ended batch came out, from its counts.
fn ended_state(counts: &JobCounts, cancelled: bool) -> JobState {
    if cancelled {
        JobState::Cancelled
    } else if counts.succeeded == counts.total {
        JobState::Succeeded
    } else if counts.succeeded > 0 {
        JobState::PartiallySucceeded
    } else if counts.expired == counts.total {
        JobState::Expired
    } else {
        JobState::Failed
    }
}

/// One line of the results file.
#[derive(Debug, Deserialize)]
struct ResultLine {
    custom_id: String,
    result: Value,
}

/// Read the JSONL results; lines split on `\r`, `\n` and `\r\n`, as the SDK splits them.
pub(super) fn read_results(text: &str) -> Result<Vec<RecordResult>, String> {
    let mut results = Vec::new();
    for (number, line) in text.split(['\r', '\n']).filter(|line| !line.trim().is_empty()).enumerate() {
        let line: ResultLine = serde_json::from_str(line)
            .map_err(|error| format!("results line {}: {error}: {}", number + 1, excerpt(line.as_bytes())))?;
        let outcome = read_result(&line.result).map_err(|why| format!("results line {}: {why}", number + 1))?;
        results.push(RecordResult { custom_id: line.custom_id, outcome });
    }
    Ok(results)
}

/// A record's `result`: its message, or why it has none.
fn read_result(result: &Value) -> Result<Result<BatchAnswer, String>, String> {
    match result.get("type").and_then(Value::as_str) {
        Some("succeeded") => {
            let message = result.get("message").cloned().unwrap_or_default();
            let message: Message = serde_json::from_value(message).map_err(|error| format!("message: {error}"))?;
            Ok(Ok(message.into()))
        }
        Some("errored") => {
            let error = result.get("error").unwrap_or(&Value::Null);
            let detail = error.get("error").unwrap_or(error);
            let kind = detail.get("type").and_then(Value::as_str).unwrap_or("error");
            let message = detail.get("message").and_then(Value::as_str).unwrap_or("no message");
            let request = error.get("request_id").and_then(Value::as_str);
            let request = request.map_or_else(String::new, |id| format!(" (request id {id})"));
            Ok(Err(format!("errored: {kind}: {message}{request}")))
        }
        Some("canceled") => Ok(Err("cancelled: the batch was cancelled before this request was processed".into())),
        Some("expired") => Ok(Err("expired: not processed within the batch's 24 hours".into())),
        other => Err(format!("unknown result type {other:?}")),
    }
}

/// A succeeded record's message, as far as routeplay reads it.
#[derive(Debug, Deserialize)]
struct Message {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    content: Vec<Value>,
    #[serde(default)]
    stop_reason: Option<String>,
    #[serde(default)]
    stop_sequence: Option<String>,
    #[serde(default)]
    usage: MessageUsage,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MessageUsage {
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    cache_creation_input_tokens: Option<u64>,
    cache_read_input_tokens: Option<u64>,
    output_tokens_details: Option<Value>,
}

impl From<Message> for BatchAnswer {
    fn from(message: Message) -> Self {
        let blocks = |kind: &str, field: &str| -> String {
            message
                .content
                .iter()
                .filter(|block| block.get("type").and_then(Value::as_str) == Some(kind))
                .filter_map(|block| block.get(field).and_then(Value::as_str))
                .collect()
        };
        let usage = &message.usage;
        let thinking_tokens =
            usage.output_tokens_details.as_ref().and_then(|details| details.get("thinking_tokens")?.as_u64());
        Self {
            text: blocks("text", "text"),
            thinking: blocks("thinking", "thinking"),
            usage: Usage {
                input_tokens: usage.input_tokens,
                output_tokens: usage.output_tokens,
                cache_read_tokens: usage.cache_read_input_tokens,
                cache_write_tokens: usage.cache_creation_input_tokens,
                thinking_tokens,
            },
            stop_reason: message
                .stop_reason
                .as_deref()
                .map(|reason| StopReason::from_anthropic(reason, message.stop_sequence.clone())),
            model_version: message.model,
            message_id: message.id,
        }
    }
}

/// The start of an answer, for an error message.
fn excerpt(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_split_on_every_line_end_and_read_each_result() {
        let text = concat!(
            r#"{"custom_id":"a","result":{"type":"succeeded","message":{"id":"msg_1","model":"m","content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":5,"service_tier":"batch"}}}}"#,
            "\r",
            r#"{"custom_id":"b","result":{"type":"errored","error":{"type":"error","error":{"type":"api_error","message":"boom"},"request_id":"req_1"}}}"#,
            "\r\n\n",
            r#"{"custom_id":"c","result":{"type":"canceled"}}"#,
            "\n",
            r#"{"custom_id":"d","result":{"type":"expired"}}"#,
        );
        let results = read_results(text).unwrap();
        let answer = results[0].outcome.as_ref().unwrap();
        assert_eq!((answer.text.as_str(), answer.thinking.as_str()), ("Hi", "hm"));
        assert_eq!((answer.usage.input_tokens, answer.usage.output_tokens), (Some(3), Some(5)));
        assert_eq!(answer.stop_reason, Some(StopReason::EndTurn));
        assert_eq!(answer.message_id.as_deref(), Some("msg_1"));
        assert_eq!(results[1].outcome, Err("errored: api_error: boom (request id req_1)".into()));
        assert!(results[2].outcome.as_ref().is_err_and(|why| why.starts_with("cancelled")));
        assert!(results[3].outcome.as_ref().is_err_and(|why| why.starts_with("expired")));
        assert!(read_results("{\"custom_id\":\"x\",\"result\":{\"type\":\"new\"}}").unwrap_err().contains("line 1"));
    }

    #[test]
    fn an_ended_batch_is_named_by_its_counts() {
        let read = |status: &str, counts: &str, cancel: &str| {
            let body = format!(
                r#"{{"id":"msgbatch_1","processing_status":"{status}","request_counts":{counts},"cancel_initiated_at":{cancel},"results_url":null}}"#
            );
            read_batch(body.as_bytes()).unwrap().1
        };
        let all = r#"{"processing":0,"succeeded":2,"errored":0,"canceled":0,"expired":0}"#;
        let some = r#"{"processing":0,"succeeded":1,"errored":1,"canceled":0,"expired":0}"#;
        let none = r#"{"processing":0,"succeeded":0,"errored":2,"canceled":0,"expired":0}"#;
        assert_eq!(read("in_progress", r#"{"processing":2}"#, "null").state, JobState::Running);
        assert_eq!(read("canceling", r#"{"processing":2}"#, "\"t\"").state, JobState::Cancelling);
        assert_eq!(read("ended", all, "null").state, JobState::Succeeded);
        assert_eq!(read("ended", some, "null").state, JobState::PartiallySucceeded);
        assert_eq!(read("ended", none, "null").state, JobState::Failed);
        assert_eq!(read("ended", all, "\"t\"").state, JobState::Cancelled);
        assert_eq!(read("ended", some, "null").counts.total, 2);
        assert!(read_batch(b"{}").unwrap_err().contains("not a MessageBatch"));
    }
}
