//! Anthropic's Message Batches (PROTOCOLS-WAVE2 §1a), on the route's own base URL with the
//! route's own credential (the `anthropic` route's key, or the emulator's): each record's
//! `params` is the route's Messages body for that model without `stream`, so every control the
//! route sends on demand goes into the batch too. Its answers are read in [`read`].

mod read;

use read::{read_batch, read_results};

use super::BatchContext;
use super::job::{BatchRecord, JobDetail, JobStatus, RecordResult};
use super::service::Submitted;
use crate::client::plan;
use crate::client::setup::RouteSetup;
use crate::routes::Target;
use crate::routes::http::HttpRequest;
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
    let setup = context.route_setup(target).await.map_err(|error| format!("Anthropic Message Batches: {error}"))?;
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
    let setup = context.route_setup(target).await.map_err(|error| format!("Anthropic Message Batches: {error}"))?;
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
    let setup = context.route_setup(target).await.map_err(|error| format!("Anthropic Message Batches: {error}"))?;
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
    let setup = context.route_setup(target).await.map_err(|error| format!("Anthropic Message Batches: {error}"))?;
    let http = call(&setup, "POST", batches_url(&setup, &format!("/{remote_id}/cancel")), Vec::new());
    let answer = send(context, target, &setup, http, MAX_STATUS_BYTES, Some(remote_id)).await?;
    Ok(read_batch(&answer)?.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::request::ChatRequest;

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
}
