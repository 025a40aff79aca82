//! Anthropic's Message Batches (PROTOCOLS-WAVE2 §1a), on the route's own base URL with the
//! route's own credential (the `anthropic` route's key, or the emulator's): each record's
//! `params` is the route's Messages body for that model without `stream`, so every control the
//! route sends on demand goes into the batch too.

use super::BatchContext;
use super::job::{BatchAnswer, BatchRecord, JobCounts, JobDetail, JobState, JobStatus, RecordResult};
use super::service::Submitted;
use crate::auth::ProcessEnv;
use crate::client::plan;
use crate::client::setup::{self, RouteSetup, Surroundings};
use crate::models::Places;
use crate::routes::Target;
use crate::routes::event::{StopReason, Usage};
use crate::routes::http::HttpRequest;
use serde::Deserialize;
use serde_json::{Value, json};

/// The most requests one batch may hold.
pub const MAX_REQUESTS: usize = 100_000;
/// The largest batch body the API takes.
pub const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;
/// A status answer is one small object; more than this is not one.
const MAX_STATUS_BYTES: usize = 1024 * 1024;
/// The most of a results file read into memory.
const MAX_RESULTS_BYTES: usize = 1024 * 1024 * 1024;
/// A create body and the headers it goes with.
type CreateBody = (Vec<u8>, Vec<(String, String)>);

/// Headers the batch call sets itself rather than take from the planned Messages request.
const OWN_HEADERS: [&str; 3] = ["accept", "content-type", "content-length"];

/// The route's setup (base URL, version, credential) for `target`, resolved as a run's is.
async fn route_setup(context: &BatchContext, target: &Target) -> Result<RouteSetup, String> {
    let places = Places::default();
    let around = Surroundings {
        config: &context.config,
        env: &ProcessEnv,
        emulator_url: context.emulator_url.as_deref(),
        demo: context.demo,
        google_tokens: &context.google_tokens,
        places: &places,
    };
    setup::resolve(target, &around).await.map_err(|error| format!("Anthropic Message Batches: {error}"))
}

fn batches_url(setup: &RouteSetup, tail: &str) -> String {
    format!("{}/v1/messages/batches{tail}", setup.base_url.trim_end_matches('/'))
}

fn call(setup: &RouteSetup, method: &'static str, url: String, headers: Vec<(String, String)>) -> HttpRequest {
    let mut headers = headers;
    headers.push(("anthropic-version".into(), setup.version.clone()));
    HttpRequest { method, url, headers, body: Vec::new() }
}

/// Send one call and read its answer; an error names the job (when there is one).
async fn send(
    context: &BatchContext,
    target: &Target,
    setup: &RouteSetup,
    http: HttpRequest,
    cap: usize,
    job: Option<&str>,
) -> Result<Vec<u8>, String> {
    context.client.call(target, setup, http, cap).await.map_err(|error| {
        let job = job.map_or_else(String::new, |id| format!(", job {id}"));
        format!("Anthropic Message Batches{job}: {error}")
    })
}

pub async fn submit(
    context: &BatchContext,
    target: &Target,
    name: &str,
    records: &[BatchRecord],
) -> Result<Submitted, String> {
    if records.is_empty() || records.len() > MAX_REQUESTS {
        return Err(format!(
            "Anthropic Message Batches: job {name} for {} has {} requests; a batch holds 1 to {MAX_REQUESTS}: \
             split the prompt set",
            target.spec(),
            records.len()
        ));
    }
    let setup = route_setup(context, target).await?;
    let (body, headers) = create_body(target, records, &setup)?;
    if body.len() > MAX_BODY_BYTES {
        return Err(format!(
            "Anthropic Message Batches: job {name} for {} is {} MB, more than the {} MB a batch may be: split the \
             prompt set",
            target.spec(),
            body.len() >> 20,
            MAX_BODY_BYTES >> 20
        ));
    }
    let mut http = call(&setup, "POST", batches_url(&setup, ""), headers);
    http.headers.insert(0, ("content-type".into(), "application/json".into()));
    http.body = body;
    let answer = send(context, target, &setup, http, MAX_STATUS_BYTES, None).await?;
    let (remote_id, status) = read_batch(&answer)?;
    let records = records.iter().map(|record| (record.custom_id.clone(), record.cell)).collect();
    Ok(Submitted { remote_id, detail: JobDetail { records, input: None, status } })
}

/// The create body, and the headers the route's Messages requests carry (its version and
/// any beta header), minus the ones the call sets itself.
fn create_body(target: &Target, records: &[BatchRecord], setup: &RouteSetup) -> Result<CreateBody, String> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut requests = Vec::with_capacity(records.len());
    for record in records {
        let (http, _) = plan::plan(target, &record.request, setup);
        let mut params: Value = serde_json::from_slice(&http.body)
            .map_err(|error| format!("Anthropic Message Batches: the {} body is not JSON: {error}", target.spec()))?;
        if let Some(object) = params.as_object_mut() {
            object.remove("stream");
        }
        for (name, value) in http.headers {
            let own = OWN_HEADERS.contains(&name.to_ascii_lowercase().as_str()) || name == "anthropic-version";
            if !own && !headers.iter().any(|(known, _)| known.eq_ignore_ascii_case(&name)) {
                headers.push((name, value));
            }
        }
        requests.push(json!({ "custom_id": record.custom_id, "params": params }));
    }
    let body = serde_json::to_vec(&json!({ "requests": requests })).unwrap_or_default();
    Ok((body, headers))
}

pub async fn status(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let setup = route_setup(context, target).await?;
    let http = call(&setup, "GET", batches_url(&setup, &format!("/{remote_id}")), Vec::new());
    let answer = send(context, target, &setup, http, MAX_STATUS_BYTES, Some(remote_id)).await?;
    Ok(read_batch(&answer)?.1)
}

pub async fn fetch(
    context: &BatchContext,
    target: &Target,
    remote_id: &str,
    detail: &JobDetail,
) -> Result<Vec<RecordResult>, String> {
    let setup = route_setup(context, target).await?;
    // The results are read from the route's own host (the credential goes nowhere else); on
    // the API this is the `results_url` it names.
    let url = batches_url(&setup, &format!("/{remote_id}/results"));
    let http = call(&setup, "GET", url, vec![("accept".into(), "application/binary".into())]);
    let answer = send(context, target, &setup, http, MAX_RESULTS_BYTES, Some(remote_id)).await?;
    let text = String::from_utf8_lossy(&answer);
    let mut results =
        read_results(&text).map_err(|why| format!("Anthropic Message Batches, job {remote_id}: {why}"))?;
    for (custom_id, _) in &detail.records {
        if !results.iter().any(|result| &result.custom_id == custom_id) {
            let outcome = Err("the results file has no line for this record".to_owned());
            results.push(RecordResult { custom_id: custom_id.clone(), outcome });
        }
    }
    Ok(results)
}

pub async fn cancel(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let setup = route_setup(context, target).await?;
    let http = call(&setup, "POST", batches_url(&setup, &format!("/{remote_id}/cancel")), Vec::new());
    let answer = send(context, target, &setup, http, MAX_STATUS_BYTES, Some(remote_id)).await?;
    Ok(read_batch(&answer)?.1)
}

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
fn read_batch(answer: &[u8]) -> Result<(String, JobStatus), String> {
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
fn read_results(text: &str) -> Result<Vec<RecordResult>, String> {
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
    use crate::routes::request::ChatRequest;

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
    fn each_record_is_the_route_s_messages_body_without_stream() {
        use crate::client::setup::Auth;
        use crate::routes::RouteId;
        let setup = RouteSetup::new("http://x".into(), "2023-06-01".into(), Auth::None, "test".into());
        let mut request = ChatRequest::single("Hi");
        request.system = Some("Be brief".into());
        request.params.temperature = Some(0.5);
        request.params.stop_sequences = vec!["END".into()];
        let cell = crate::matrix::CellKey { prompt: 0, target: 0, sample: 0 };
        let records = [BatchRecord { custom_id: "p0t0s0".into(), cell, request }];
        let target = Target::new(RouteId::Emulator, "emulator-sonnet");
        let (body, headers) = create_body(&target, &records, &setup).unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        let params = &body["requests"][0]["params"];
        assert_eq!(body["requests"][0]["custom_id"], "p0t0s0");
        assert_eq!((params["model"].as_str(), params["system"].as_str()), (Some("emulator-sonnet"), Some("Be brief")));
        assert_eq!(params["temperature"], 0.5);
        assert_eq!(params["stop_sequences"], json!(["END"]));
        assert!(params.get("stream").is_none(), "{params}");
        assert!(headers.iter().all(|(name, _)| !OWN_HEADERS.contains(&name.as_str())), "{headers:?}");
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
