//! A Vertex batch prediction job's words and output: its `JOB_STATE_*` mapped to a
//! [`JobState`], and its `predictions*.jsonl` files read back into one result per record.
//! Claude lines join by `custom_id`. Gemini lines carry no id: each joins the input line
//! whose `request` its echoed `request` equals exactly (as JSON; identical requests are
//! interchangeable, being the same prompt's samples); only a line whose echo matches nothing
//! falls back to its position in the output, which Vertex does not promise to keep.

use super::cloud_records::{canonical, count, from_gemini, from_messages};
use super::job::{BatchAnswer, JobCounts, JobDetail, JobState, JobStatus, RecordResult};
use super::storage::Bucket;
use crate::routes::spec::VertexRecords;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// `JOB_STATE_*` in routeplay's words.
#[must_use]
pub fn state_of(raw: &str) -> JobState {
    match raw.trim_start_matches("JOB_STATE_") {
        "RUNNING" | "UPDATING" => JobState::Running,
        "SUCCEEDED" => JobState::Succeeded,
        "PARTIALLY_SUCCEEDED" => JobState::PartiallySucceeded,
        "FAILED" => JobState::Failed,
        "CANCELLING" => JobState::Cancelling,
        "CANCELLED" => JobState::Cancelled,
        "EXPIRED" => JobState::Expired,
        // QUEUED, PENDING, PAUSED, UNSPECIFIED and any word this version does not know yet.
        _ => JobState::Queued,
    }
}

/// A job resource in routeplay's words.
#[must_use]
pub fn job_status(job: &Value) -> JobStatus {
    let raw_state = job.get("state").and_then(Value::as_str).unwrap_or("").to_owned();
    let state = state_of(&raw_state);
    let completion = job.get("completionStats");
    let number = |name: &str| count(completion.and_then(|completion| completion.get(name))).unwrap_or(0);
    let (succeeded, failed, incomplete) = (number("successfulCount"), number("failedCount"), number("incompleteCount"));
    let counts = JobCounts {
        total: succeeded + failed + incomplete,
        processing: if state.is_end() { 0 } else { incomplete },
        succeeded,
        failed,
        cancelled: if state == JobState::Cancelled { incomplete } else { 0 },
        expired: if matches!(state, JobState::Expired | JobState::PartiallySucceeded) { incomplete } else { 0 },
    };
    let output = job
        .pointer("/outputInfo/gcsOutputDirectory")
        .or_else(|| job.pointer("/outputConfig/gcsDestination/outputUriPrefix"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let message = job.pointer("/error/message").and_then(Value::as_str).filter(|m| !m.is_empty()).map(str::to_owned);
    JobStatus { state, raw_state, counts, message, output }
}

/// Every record's result, from the `predictions*.jsonl` files under `prefix`. `input` is the
/// input object as sent (Gemini lines are matched against it).
pub async fn read_output(
    bucket: &Bucket,
    prefix: &str,
    kind: VertexRecords,
    input: Option<&[u8]>,
    detail: &JobDetail,
    status: &JobStatus,
) -> Result<Vec<RecordResult>, String> {
    let mut keys: Vec<String> = bucket
        .list(prefix)
        .await?
        .into_iter()
        .map(|listed| listed.key)
        .filter(|key| {
            let name = key.rsplit('/').next().unwrap_or_default();
            let jsonl = std::path::Path::new(name).extension().is_some_and(|ext| ext.eq_ignore_ascii_case("jsonl"));
            name.starts_with("predictions") && jsonl
        })
        .collect();
    keys.sort();
    let mut lines = Vec::new();
    for key in keys {
        let bytes = bucket.get(&key).await?;
        for (index, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
            if !line.trim().is_empty() {
                let value: Value = serde_json::from_str(line)
                    .map_err(|error| format!("{} line {}: not JSON: {error}", bucket.uri(&key), index + 1))?;
                lines.push(value);
            }
        }
    }
    let mut outcomes: Vec<Option<Result<BatchAnswer, String>>> = vec![None; detail.records.len()];
    match kind {
        VertexRecords::Claude => join_by_id(&lines, detail, &mut outcomes),
        VertexRecords::Gemini => join_by_request(&lines, input, &mut outcomes),
    }
    let unprocessed = format!("not processed: the job ended {}", status.raw_state);
    Ok(detail
        .records
        .iter()
        .zip(outcomes)
        .map(|((id, _), outcome)| RecordResult {
            custom_id: id.clone(),
            outcome: outcome.unwrap_or_else(|| Err(unprocessed.clone())),
        })
        .collect())
}

fn join_by_id(lines: &[Value], detail: &JobDetail, outcomes: &mut [Option<Result<BatchAnswer, String>>]) {
    let index: HashMap<&str, usize> =
        detail.records.iter().enumerate().map(|(at, (id, _))| (id.as_str(), at)).collect();
    for line in lines {
        if let Some(&at) = line.get("custom_id").and_then(Value::as_str).and_then(|id| index.get(id)) {
            outcomes[at] = Some(outcome(line, from_messages));
        }
    }
}

fn join_by_request(lines: &[Value], input: Option<&[u8]>, outcomes: &mut [Option<Result<BatchAnswer, String>>]) {
    let mut by_request: HashMap<String, VecDeque<usize>> = HashMap::new();
    let sent = input.map(String::from_utf8_lossy).unwrap_or_default();
    for (at, line) in sent.lines().filter(|line| !line.trim().is_empty()).enumerate() {
        if let Some(request) = serde_json::from_str::<Value>(line).ok().and_then(|line| line.get("request").cloned()) {
            by_request.entry(canonical(&request)).or_default().push_back(at);
        }
    }
    let mut unmatched = Vec::new();
    for (position, line) in lines.iter().enumerate() {
        let matched = line
            .get("request")
            .and_then(|request| by_request.get_mut(&canonical(request)))
            .and_then(VecDeque::pop_front)
            .filter(|at| *at < outcomes.len());
        match matched {
            Some(at) => outcomes[at] = Some(outcome(line, from_gemini)),
            None => unmatched.push(position),
        }
    }
    for position in unmatched {
        if let Some(slot @ None) = outcomes.get_mut(position) {
            *slot = Some(outcome(&lines[position], from_gemini));
        }
    }
}

/// A line's `response`, or its `status` when that says it failed.
fn outcome(line: &Value, read: fn(&Value) -> Result<BatchAnswer, String>) -> Result<BatchAnswer, String> {
    match line.get("status") {
        Some(Value::String(status)) if !status.is_empty() => return Err(status.clone()),
        Some(status @ Value::Object(_)) => {
            let message =
                status.get("message").and_then(Value::as_str).map_or_else(|| status.to_string(), str::to_owned);
            return Err(message);
        }
        _ => {}
    }
    read(line.get("response").ok_or("the line has neither response nor status")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gemini_line(prompt: &str, answer: &str) -> Value {
        json!({"request": {"contents": [{"role": "user", "parts": [{"text": prompt}]}]},
               "response": {"candidates": [{"content": {"parts": [{"text": answer}]}, "finishReason": "STOP"}]}})
    }

    #[test]
    fn gemini_lines_join_by_their_echo_then_by_position() {
        let input = b"{\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]}]}}\n\
                      {\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"b\"}]}]}}\n\
                      {\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"c\"}]}]}}\n";
        // Out of order, and the third one's echo altered: it falls back to its position.
        let lines = vec![gemini_line("b", "B"), gemini_line("a", "A"), gemini_line("c-altered", "C")];
        let mut outcomes = vec![None, None, None];
        join_by_request(&lines, Some(input), &mut outcomes);
        let texts: Vec<String> = outcomes.into_iter().map(|o| o.expect("joined").expect("answer").text).collect();
        assert_eq!(texts, ["A", "B", "C"]);
    }

    #[test]
    fn a_status_is_a_failed_record() {
        let line = json!({"request": {}, "status": "Bad Request: 400 quota"});
        assert_eq!(outcome(&line, from_gemini), Err("Bad Request: 400 quota".into()));
        let empty = json!({"status": "", "response": {"content": [{"type": "text", "text": "ok"}]}});
        assert_eq!(outcome(&empty, from_messages).expect("answer").text, "ok");
    }

    #[test]
    fn states_and_counts() {
        let job = json!({"state": "JOB_STATE_RUNNING",
            "completionStats": {"successfulCount": "3", "failedCount": "1", "incompleteCount": "6"},
            "outputInfo": {"gcsOutputDirectory": "gs://b/p/prediction-model-1"}});
        let status = job_status(&job);
        assert_eq!(status.state, JobState::Running);
        assert_eq!((status.counts.total, status.counts.processing, status.counts.failed), (10, 6, 1));
        assert_eq!(status.output.as_deref(), Some("gs://b/p/prediction-model-1"));
        assert_eq!(state_of("JOB_STATE_PAUSED"), JobState::Queued);
        assert_eq!(state_of("JOB_STATE_PARTIALLY_SUCCEEDED"), JobState::PartiallySucceeded);
    }
}
