//! A Bedrock batch job's words and output: its `status` mapped to a [`JobState`], and its
//! `.jsonl.out` files read back into one result per record, joined by `recordId` (Bedrock
//! does not keep the input order).

use super::cloud_records::{count, from_converse, from_messages};
use super::job::{JobDetail, JobState, JobStatus, RecordResult};
use super::storage::Bucket;
use serde_json::Value;
use std::collections::HashMap;

/// Bedrock's `ModelInvocationJobStatus` in routeplay's words.
#[must_use]
pub fn state_of(raw: &str) -> JobState {
    match raw {
        "Validating" => JobState::Validating,
        "InProgress" => JobState::Running,
        "Completed" => JobState::Succeeded,
        "PartiallyCompleted" => JobState::PartiallySucceeded,
        "Failed" => JobState::Failed,
        "Stopping" => JobState::Cancelling,
        "Stopped" => JobState::Cancelled,
        "Expired" => JobState::Expired,
        // Submitted, Scheduled, and any word this version does not know yet.
        _ => JobState::Queued,
    }
}

/// Every record's result: read from each `.jsonl.out` under the first of `prefixes` that
/// holds any (the manifest is skipped), a record with no line said to be unprocessed with the
/// job's state.
pub async fn read_output(
    bucket: &Bucket,
    prefixes: &[&str],
    converse: bool,
    detail: &JobDetail,
    status: &JobStatus,
) -> Result<Vec<RecordResult>, String> {
    let mut outputs = Vec::new();
    for prefix in prefixes {
        outputs = bucket.list(prefix).await?.into_iter().filter(|listed| listed.key.ends_with(".jsonl.out")).collect();
        if !outputs.is_empty() {
            break;
        }
    }
    let mut found: HashMap<String, Result<super::BatchAnswer, String>> = HashMap::new();
    for listed in outputs {
        let bytes = bucket.get(&listed.key).await?;
        for (index, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let value: Value = serde_json::from_str(line)
                .map_err(|error| format!("{} line {}: not JSON: {error}", bucket.uri(&listed.key), index + 1))?;
            let Some(id) = value.get("recordId").and_then(Value::as_str) else { continue };
            found.insert(id.to_owned(), outcome(&value, converse));
        }
    }
    let unprocessed = format!("not processed: the job ended {}", status.raw_state);
    Ok(detail
        .records
        .iter()
        .map(|(id, _)| RecordResult {
            custom_id: id.clone(),
            outcome: found.remove(id).unwrap_or_else(|| Err(unprocessed.clone())),
        })
        .collect())
}

/// A line's answer (`modelOutput`) or its error (`error{errorCode, errorMessage}`).
fn outcome(line: &Value, converse: bool) -> Result<super::BatchAnswer, String> {
    if let Some(error) = line.get("error") {
        let code = count(error.get("errorCode")).map_or_else(String::new, |code| format!("{code} "));
        let message = error.get("errorMessage").and_then(Value::as_str).unwrap_or("no message");
        return Err(format!("{code}{message}").trim().to_owned());
    }
    let output = line.get("modelOutput").ok_or("the line has neither modelOutput nor error")?;
    if converse { from_converse(output) } else { from_messages(output) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn states_map_and_unknown_words_wait() {
        assert_eq!(state_of("Scheduled"), JobState::Queued);
        assert_eq!(state_of("PartiallyCompleted"), JobState::PartiallySucceeded);
        assert_eq!(state_of("Stopping"), JobState::Cancelling);
        assert_eq!(state_of("SomethingNew"), JobState::Queued);
        assert!(state_of("Expired").is_end() && !state_of("InProgress").is_end());
    }

    #[test]
    fn a_line_is_an_answer_or_its_error() {
        let error = json!({"recordId": "p0t0s0", "error": {"errorCode": 400, "errorMessage": "bad input"}});
        assert_eq!(outcome(&error, false), Err("400 bad input".into()));
        let answer = json!({"recordId": "x", "modelOutput": {"content": [{"type": "text", "text": "ok"}]}});
        assert_eq!(outcome(&answer, false).expect("answer").text, "ok");
        assert!(outcome(&json!({"recordId": "x"}), true).is_err());
    }
}
