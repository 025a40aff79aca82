//! A Bedrock job's checks and records: the create request's fields as Bedrock validates them
//! (BCC shapes and patterns), the input JSONL as the `Validating` state checks it, and the
//! `.jsonl.out` and `manifest.json.out` objects the job writes.

use super::jobs::{Done, MAX_RECORDS, Record};
use super::objects::{Full, Objects};
use crate::emulator::ids;
use serde_json::{Map, Value, json};

/// The fewest records a job may hold: Bedrock's default per-model quota, kept as the real
/// service has it (a test needs 100 records).
pub const MIN_RECORDS: usize = 100;

const JOB_NAME_PATTERN: &str = r"[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\+\-\.]){0,63}";
const ROLE_PATTERN: &str = r"arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+";

/// `s3://bucket/key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Uri {
    pub bucket: String,
    pub key: String,
}

impl S3Uri {
    pub fn parse(uri: &str) -> Option<Self> {
        let rest = uri.strip_prefix("s3://")?;
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        let fits = (3..=63).contains(&bucket.len())
            && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        fits.then(|| Self { bucket: bucket.to_owned(), key: key.to_owned() })
    }

    fn show(&self, key: &str) -> String {
        format!("s3://{}/{key}", self.bucket)
    }
}

fn invalid(value: &str, field: &str, constraint: &str) -> String {
    let value = if value == "null" { value.to_owned() } else { format!("'{value}'") };
    format!("1 validation error detected: Value {value} at '{field}' failed to satisfy constraint: {constraint}")
}

/// The create request, checked field by field as Bedrock does; its message when refused.
pub fn check_create(body: &[u8]) -> Result<Value, String> {
    let request: Value = serde_json::from_slice(body).map_err(|_| "The request body is not valid JSON.".to_owned())?;
    let Some(fields) = request.as_object() else { return Err("The request body is not a JSON object.".into()) };
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    for name in ["jobName", "roleArn", "modelId"] {
        if text(name).is_none() {
            return Err(invalid("null", name, "Member must not be null"));
        }
    }
    let name = text("jobName").unwrap_or_default();
    let mut chars = name.chars();
    let name_fits = name.len() <= 63
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !name_fits {
        return Err(invalid(
            name,
            "jobName",
            &format!("Member must satisfy regular expression pattern: {JOB_NAME_PATTERN}"),
        ));
    }
    let role = text("roleArn").unwrap_or_default();
    if !role_fits(role) {
        return Err(invalid(
            role,
            "roleArn",
            &format!("Member must satisfy regular expression pattern: {ROLE_PATTERN}"),
        ));
    }
    let model = text("modelId").unwrap_or_default();
    if model.is_empty() || model.len() > 2048 {
        return Err(invalid(model, "modelId", "Member must have length between 1 and 2048"));
    }
    for (pointer, field) in [
        ("/inputDataConfig/s3InputDataConfig/s3Uri", "inputDataConfig.s3InputDataConfig.s3Uri"),
        ("/outputDataConfig/s3OutputDataConfig/s3Uri", "outputDataConfig.s3OutputDataConfig.s3Uri"),
    ] {
        let uri = request.pointer(pointer).and_then(Value::as_str);
        if uri.and_then(S3Uri::parse).is_none() {
            return Err(invalid(
                uri.unwrap_or("null"),
                field,
                "Member must satisfy regular expression pattern: s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?",
            ));
        }
    }
    let hours = fields.get("timeoutDurationInHours");
    if hours.is_some_and(|hours| !hours.as_u64().is_some_and(|hours| (24..=168).contains(&hours))) {
        let shown = hours.map(Value::to_string).unwrap_or_default();
        return Err(invalid(&shown, "timeoutDurationInHours", "Member must have value between 24 and 168"));
    }
    let kind = fields.get("modelInvocationType");
    if kind.is_some_and(|kind| !matches!(kind.as_str(), Some("InvokeModel" | "Converse"))) {
        let shown = kind.map(Value::to_string).unwrap_or_default();
        return Err(invalid(
            &shown,
            "modelInvocationType",
            "Member must satisfy enum value set: [InvokeModel, Converse]",
        ));
    }
    if text("clientRequestToken").is_some_and(|token| token.is_empty() || token.len() > 256) {
        return Err(invalid("…", "clientRequestToken", "Member must have length between 1 and 256"));
    }
    Ok(request)
}

/// `arn:aws(-partition)?:iam::(12 digits)?:role/NAME`.
fn role_fits(role: &str) -> bool {
    let Some(rest) = role.strip_prefix("arn:aws") else { return false };
    let rest = match rest.strip_prefix('-') {
        Some(partitioned) => match partitioned.split_once(':') {
            Some((partition, rest)) if !partition.is_empty() => rest,
            _ => return false,
        },
        None => match rest.strip_prefix(':') {
            Some(rest) => rest,
            None => return false,
        },
    };
    let Some(rest) = rest.strip_prefix("iam::") else { return false };
    let Some((account, name)) = rest.split_once(":role/") else { return false };
    (account.is_empty() || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))) && !name.is_empty()
}

/// The records under `input` (one `.jsonl` object, or every one under a folder), as the
/// `Validating` state checks them.
pub fn read(objects: &Objects, input: &S3Uri) -> Result<Vec<Record>, String> {
    let keys: Vec<String> = if is_jsonl(&input.key) {
        vec![input.key.clone()]
    } else {
        let folder = if input.key.is_empty() || input.key.ends_with('/') {
            input.key.clone()
        } else {
            format!("{}/", input.key)
        };
        objects.keys(&input.bucket, &folder, None).into_iter().map(|key| key.0).filter(|key| is_jsonl(key)).collect()
    };
    let mut records = Vec::new();
    for key in &keys {
        let stored = objects
            .get(&input.bucket, key)
            .ok_or_else(|| format!("The input file {} was not found.", input.show(key)))?;
        let source = key.rsplit('/').next().unwrap_or(key).to_owned();
        for (index, line) in String::from_utf8_lossy(&stored.bytes).lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = || format!("line {} of {}", index + 1, input.show(key));
            let value: Value = serde_json::from_str(line).map_err(|_| format!("The {} is not valid JSON.", at()))?;
            let body = value.get("modelInput").filter(|body| body.is_object()).cloned().ok_or_else(|| {
                format!("The {} has no modelInput object: each line is {{\"recordId\", \"modelInput\"}}.", at())
            })?;
            let id = match value.get("recordId") {
                None => generated_id(records.len()),
                Some(Value::String(id)) if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()) => {
                    id.clone()
                }
                Some(_) => return Err(format!("The recordId on {} is not alphanumeric.", at())),
            };
            records.push(Record { id, body, source: source.clone() });
            if records.len() > MAX_RECORDS {
                return Err(format!("The input holds more than {MAX_RECORDS} records, the most one job takes."));
            }
        }
    }
    if keys.is_empty() {
        return Err(format!("No .jsonl input file was found at {}.", input.show(&input.key)));
    }
    if records.len() < MIN_RECORDS {
        return Err(format!(
            "The input holds {} records, below the minimum of {MIN_RECORDS} records per batch inference job for this model.",
            records.len()
        ));
    }
    Ok(records)
}

/// Whether `key` names a `.jsonl` file (any case).
fn is_jsonl(key: &str) -> bool {
    std::path::Path::new(key).extension().is_some_and(|extension| extension.eq_ignore_ascii_case("jsonl"))
}

/// An id like the ones Bedrock adds: 11 letters and digits.
fn generated_id(index: usize) -> String {
    format!("{:0>11}", format!("{:X}", ids::mix(index as u64)).chars().take(11).collect::<String>())
}

/// The `.out` objects of what was answered, and the manifest when the job ended.
pub fn write(objects: &Objects, output: &S3Uri, job: &str, done: &[Done], ended: bool) -> Result<(), String> {
    let folder = match output.key.trim_end_matches('/') {
        "" => format!("{job}/"),
        key => format!("{key}/{job}/"),
    };
    let mut files: std::collections::BTreeMap<&str, Vec<(u64, String)>> = std::collections::BTreeMap::new();
    let (mut input_tokens, mut output_tokens) = (0, 0);
    for done in done {
        let mut line = Map::new();
        line.insert("recordId".into(), Value::from(done.record.id.as_str()));
        line.insert("modelInput".into(), done.record.body.clone());
        match &done.outcome {
            Ok(answer) => {
                let usage = answer.get("usage");
                let count = |names: [&str; 2]| names.iter().find_map(|name| usage?.get(*name)?.as_u64()).unwrap_or(0);
                input_tokens += count(["input_tokens", "inputTokens"]);
                output_tokens += count(["output_tokens", "outputTokens"]);
                line.insert("modelOutput".into(), answer.clone());
            }
            Err(failed) => {
                line.insert("error".into(), json!({ "errorCode": failed.status, "errorMessage": failed.message }));
            }
        }
        // Mixed, since FNV alone keeps ids that differ in their last character nearly in order.
        let order = ids::mix(ids::fnv1a(&[job, &done.record.id]));
        files.entry(done.record.source.as_str()).or_default().push((order, Value::Object(line).to_string()));
    }
    for (source, mut lines) in files {
        lines.sort();
        let text: String = lines.into_iter().map(|(_, line)| line + "\n").collect();
        put(objects, output, &format!("{folder}{source}.out"), text.into_bytes())?;
    }
    if ended {
        let failed = done.iter().filter(|done| done.outcome.is_err()).count();
        let manifest = json!({
            "totalRecordCount": done.len(), "processedRecordCount": done.len(),
            "successRecordCount": done.len() - failed, "errorRecordCount": failed,
            "inputTokenCount": input_tokens, "outputTokenCount": output_tokens,
        });
        put(objects, output, &format!("{folder}manifest.json.out"), manifest.to_string().into_bytes())?;
    }
    Ok(())
}

fn put(objects: &Objects, output: &S3Uri, key: &str, bytes: Vec<u8>) -> Result<(), String> {
    objects.put(&output.bucket, key, bytes).map(|_| ()).map_err(|full| match full {
        Full::TooLarge(size) => {
            format!("The output {} would be {size} bytes, over the emulator's bound.", output.show(key))
        }
        Full::Store(message) => message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(fields: &Value) -> Result<Value, String> {
        check_create(fields.to_string().as_bytes())
    }

    fn valid() -> Value {
        json!({"jobName": "matrix-1.t0", "roleArn": "arn:aws:iam::123456789012:role/batch", "modelId": "m",
               "inputDataConfig": {"s3InputDataConfig": {"s3Uri": "s3://bucket/in/input.jsonl"}},
               "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://bucket/out/"}}})
    }

    #[test]
    fn create_requests_are_checked_as_bedrock_checks_them() {
        assert!(create(&valid()).is_ok());
        let mut bad = valid();
        bad["jobName"] = json!("-x");
        assert!(create(&bad).unwrap_err().contains("at 'jobName' failed to satisfy constraint"));
        bad = valid();
        bad["roleArn"] = json!("arn:aws:iam::1:role/x");
        assert!(create(&bad).unwrap_err().contains("'roleArn'"));
        bad = valid();
        bad["timeoutDurationInHours"] = json!(12);
        assert!(create(&bad).unwrap_err().contains("between 24 and 168"));
        bad = valid();
        bad.as_object_mut().expect("object").remove("modelId");
        assert!(create(&bad).unwrap_err().contains("Value null at 'modelId'"));
        assert!(role_fits("arn:aws-us-gov:iam::123456789012:role/a/b") && !role_fits("arn:aws:iam::123:role/x"));
    }

    #[test]
    fn input_is_checked_when_validating() {
        let objects = Objects::default();
        let input = S3Uri::parse("s3://bucket/in/input.jsonl").expect("uri");
        assert!(read(&objects, &input).unwrap_err().contains("was not found"));
        objects.put("bucket", "in/input.jsonl", b"{\"recordId\":\"a1\",\"modelInput\":{}}\n".to_vec()).expect("put");
        assert!(read(&objects, &input).unwrap_err().contains("holds 1 records, below the minimum of 100"));
        objects.put("bucket", "in/input.jsonl", b"{\"recordId\":\"a1\"}\n".to_vec()).expect("put");
        assert!(read(&objects, &input).unwrap_err().contains("line 1 of s3://bucket/in/input.jsonl has no modelInput"));
        let lines: String = (0..100).map(|n| json!({"modelInput": {"n": n}}).to_string() + "\n").collect();
        objects.put("bucket", "in/input.jsonl", lines.into_bytes()).expect("put");
        let records = read(&objects, &S3Uri::parse("s3://bucket/in").expect("folder")).expect("100 records");
        assert_eq!(records.len(), 100);
        assert!(records.iter().all(|record| record.id.len() == 11 && record.source == "input.jsonl"));
    }
}
