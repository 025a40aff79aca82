//! A Vertex batch prediction job's checks and records: the create request (JSONL in Cloud
//! Storage only; `BigQuery` is not emulated), the input lines (`{"request"}` for Gemini,
//! `{"custom_id", "request"}` for Claude) and the `predictions.jsonl` the job writes under
//! `{outputUriPrefix}/prediction-model-{timestamp}/`.

use super::jobs::{Done, MAX_RECORDS, Record};
use super::objects::{Full, Objects};
use super::worker::Surface;
use crate::emulator::ids;
use serde_json::{Map, Value};

/// `gs://bucket/object`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcsUri {
    pub bucket: String,
    pub key: String,
}

impl GcsUri {
    pub fn parse(uri: &str) -> Option<Self> {
        let rest = uri.strip_prefix("gs://")?;
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        (!bucket.is_empty()).then(|| Self { bucket: bucket.to_owned(), key: key.to_owned() })
    }

    pub fn show(&self, key: &str) -> String {
        format!("gs://{}/{key}", self.bucket)
    }
}

fn field_error(field: &str, message: &str) -> String {
    format!("List of found errors:\t1.Field: batch_prediction_job.{field}; Message: {message}\t")
}

/// The create request checked; the surface its model's publisher answers on, or the message.
pub fn check_create(body: &[u8]) -> Result<(Value, Surface, String), String> {
    let request: Value =
        serde_json::from_slice(body).map_err(|error| format!("Invalid JSON payload received. {error}"))?;
    let text = |pointer: &str| request.pointer(pointer).and_then(Value::as_str);
    if text("/displayName").is_none_or(str::is_empty) {
        return Err(field_error("display_name", "Required field is not set."));
    }
    let model = text("/model").unwrap_or_default();
    let publisher_model = model.rsplit_once("publishers/").map_or("", |(_, rest)| rest);
    let (surface, id) = match publisher_model.split_once("/models/") {
        Some(("google", id)) if !id.is_empty() => (Surface::Gemini, id),
        Some(("anthropic", id)) if !id.is_empty() => (Surface::Claude, id),
        _ => return Err(field_error("model", &format!("Invalid publisher model resource name `{model}`."))),
    };
    if text("/inputConfig/instancesFormat") != Some("jsonl") {
        return Err(field_error(
            "input_config.instances_format",
            "The emulator takes only `jsonl` (from Cloud Storage).",
        ));
    }
    let uris = request.pointer("/inputConfig/gcsSource/uris").and_then(Value::as_array);
    let all_gs = uris
        .is_some_and(|uris| !uris.is_empty() && uris.iter().all(|uri| uri.as_str().and_then(GcsUri::parse).is_some()));
    if !all_gs {
        return Err(field_error("input_config.gcs_source.uris", "At least one gs:// URI is required."));
    }
    if text("/outputConfig/predictionsFormat") != Some("jsonl") {
        return Err(field_error(
            "output_config.predictions_format",
            "The emulator takes only `jsonl` (to Cloud Storage).",
        ));
    }
    if text("/outputConfig/gcsDestination/outputUriPrefix").and_then(GcsUri::parse).is_none() {
        return Err(field_error("output_config.gcs_destination.output_uri_prefix", "A gs:// URI is required."));
    }
    let id = id.to_owned();
    Ok((request, surface, id))
}

/// Every record of the input objects, checked.
pub fn read(objects: &Objects, uris: &[GcsUri], surface: Surface) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    for uri in uris {
        let stored = objects
            .get(&uri.bucket, &uri.key)
            .ok_or_else(|| format!("Input file {} not found.", uri.show(&uri.key)))?;
        for (index, line) in String::from_utf8_lossy(&stored.bytes).lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = || format!("line {} of {}", index + 1, uri.show(&uri.key));
            let value: Value = serde_json::from_str(line).map_err(|_| format!("The {} is not valid JSON.", at()))?;
            let body = value.get("request").filter(|request| request.is_object()).cloned();
            let body = body.ok_or_else(|| format!("The {} has no `request` object.", at()))?;
            let id = match (surface, value.get("custom_id").and_then(Value::as_str)) {
                (Surface::Claude, Some(id)) if !id.is_empty() => id.to_owned(),
                (Surface::Claude, _) => return Err(format!("The {} has no `custom_id`.", at())),
                _ => String::new(),
            };
            records.push(Record { id, body, source: String::new() });
            if records.len() > MAX_RECORDS {
                return Err(format!("The input holds more than {MAX_RECORDS} records, the most the emulator takes."));
            }
        }
    }
    if records.is_empty() {
        return Err("The input holds no records.".into());
    }
    Ok(records)
}

/// `predictions.jsonl` in `directory` (a key prefix in `bucket`), in an order of its own.
pub fn write(objects: &Objects, bucket: &str, directory: &str, stamp: &str, done: &[Done]) -> Result<(), String> {
    let mut lines: Vec<(u64, String)> = done
        .iter()
        .enumerate()
        .map(|(index, done)| {
            let mut line = Map::new();
            if !done.record.id.is_empty() {
                line.insert("custom_id".into(), Value::from(done.record.id.as_str()));
            }
            line.insert("request".into(), done.record.body.clone());
            match &done.outcome {
                Ok(answer) => {
                    line.insert("status".into(), Value::from(""));
                    line.insert("response".into(), answer.clone());
                }
                Err(failed) => {
                    line.insert("status".into(), Value::from(format!("{} {}", failed.status, failed.message)));
                }
            }
            line.insert("processed_time".into(), Value::from(stamp));
            (ids::mix(ids::fnv1a(&[directory, &index.to_string()])), Value::Object(line).to_string())
        })
        .collect();
    lines.sort();
    let text: String = lines.into_iter().map(|(_, line)| line + "\n").collect();
    let key = format!("{directory}/predictions.jsonl");
    objects.put(bucket, &key, text.into_bytes()).map(|_| ()).map_err(|full| match full {
        Full::TooLarge(size) => {
            format!("The output gs://{bucket}/{key} would be {size} bytes, over the emulator's bound.")
        }
        Full::Store(message) => message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid() -> Value {
        json!({"displayName": "m", "model": "publishers/anthropic/models/claude-x@1",
               "inputConfig": {"instancesFormat": "jsonl", "gcsSource": {"uris": ["gs://b/in.jsonl"]}},
               "outputConfig": {"predictionsFormat": "jsonl", "gcsDestination": {"outputUriPrefix": "gs://b/out"}}})
    }

    #[test]
    fn create_requests_name_the_field_at_fault() {
        let (_, surface, id) = check_create(valid().to_string().as_bytes()).expect("valid");
        assert_eq!((surface, id.as_str()), (Surface::Claude, "claude-x@1"));
        let mut bad = valid();
        bad["model"] = json!("models/x");
        assert!(check_create(bad.to_string().as_bytes()).unwrap_err().contains("batch_prediction_job.model"));
        bad = valid();
        bad["inputConfig"]["instancesFormat"] = json!("bigquery");
        assert!(check_create(bad.to_string().as_bytes()).unwrap_err().contains("instances_format"));
        bad = valid();
        bad["displayName"] = json!("");
        assert!(check_create(bad.to_string().as_bytes()).unwrap_err().contains("display_name"));
    }

    #[test]
    fn claude_lines_need_an_id() {
        let objects = Objects::default();
        let uri = GcsUri::parse("gs://b/in.jsonl").expect("uri");
        objects.put("b", "in.jsonl", b"{\"request\":{}}\n".to_vec()).expect("put");
        assert!(read(&objects, std::slice::from_ref(&uri), Surface::Claude).unwrap_err().contains("custom_id"));
        assert_eq!(read(&objects, &[uri], Surface::Gemini).expect("gemini").len(), 1);
    }
}
