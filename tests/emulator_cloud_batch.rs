//! The emulator's Bedrock `model-invocation-job` and Vertex `batchPredictionJobs` over raw
//! HTTP: their shapes, credential refusals and validation, the states a job passes through on
//! the batch clock, and the output objects it leaves.

#[path = "emulator_cloud_batch/support.rs"]
mod support;

use reqwest::StatusCode;
use routeplay::emulator::AWS_DEMO_BEARER_KEY;
use serde_json::{Value, json};
use support::{ROLE, SONNET, bedrock, invoke_lines, s3, send, send_json, start, watch};

fn create_body(input: &str, name: &str) -> Value {
    json!({
        "jobName": name, "roleArn": ROLE, "modelId": SONNET,
        "inputDataConfig": {"s3InputDataConfig": {"s3Uri": input}},
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://bkt/out/"}},
        "clientRequestToken": format!("token-{name}"),
    })
}

#[tokio::test]
async fn bedrock_create_is_validated_and_signed_as_bedrock_s_control_plane() {
    let emu = start(50).await;
    let url = format!("{}/model-invocation-job", emu.base_url());
    let valid = create_body("s3://bkt/in/input.jsonl", "job-1");
    let refusals = [
        (
            "jobName",
            json!("-bad"),
            "at 'jobName' failed to satisfy constraint: Member must satisfy regular expression pattern",
        ),
        ("roleArn", json!("my-role"), "at 'roleArn' failed to satisfy constraint"),
        ("timeoutDurationInHours", json!(200), "Member must have value between 24 and 168"),
        ("modelInvocationType", json!("Chat"), "[InvokeModel, Converse]"),
        ("modelId", Value::Null, "Value null at 'modelId'"),
    ];
    for (field, value, expected) in refusals {
        let mut body = valid.clone();
        body[field] = value;
        let (status, headers, answer) = send_json(bedrock("POST", &url, Some(&body))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(headers["x-amzn-errortype"], "ValidationException");
        assert!(answer["message"].as_str().is_some_and(|m| m.contains(expected)), "{field}: {answer}");
    }
    let (status, headers, _) = send(reqwest::Client::new().post(&url).json(&valid)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers["x-amzn-errortype"].to_str().is_ok_and(|t| t.starts_with("MissingAuthenticationTokenException")));
    let wrong = support::signed(
        "POST",
        &url,
        valid.to_string().as_bytes(),
        "s3",
        support::Signing::Bedrock,
        routeplay::emulator::AWS_DEMO_SECRET_ACCESS_KEY,
    );
    let (status, headers, _) = send(wrong).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers["x-amzn-errortype"].to_str().is_ok_and(|t| t.starts_with("InvalidSignatureException")));
    // The Bedrock API key is taken, and the same request token answers the same job.
    let (status, headers, first) =
        send_json(reqwest::Client::new().post(&url).bearer_auth(AWS_DEMO_BEARER_KEY).json(&valid)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert!(headers.contains_key("x-amzn-requestid"));
    let arn = first["jobArn"].as_str().expect("an ARN");
    let id = arn.rsplit('/').next().expect("an id");
    assert!(arn.starts_with("arn:aws:bedrock:") && arn.contains(":123456789012:model-invocation-job/"), "{arn}");
    assert!(id.len() == 12 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{id}");
    let (_, _, again) = send_json(bedrock("POST", &url, Some(&valid))).await;
    assert_eq!(again["jobArn"], first["jobArn"]);
    let (status, headers, _) = send_json(bedrock("GET", &format!("{url}/nojobhere000"), None)).await;
    assert_eq!(
        (status, headers["x-amzn-errortype"].to_str().ok()),
        (StatusCode::NOT_FOUND, Some("ResourceNotFoundException"))
    );
    emu.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_bedrock_job_walks_its_states_and_leaves_its_output_and_manifest() {
    // Steps long enough that the first look, right after creating, still sees `Submitted`.
    let emu = start(400).await;
    let base = emu.base_url();
    send(s3("PUT", &format!("{base}/s3/bkt/in/input.jsonl"), &invoke_lines(100))).await;
    let (status, _, created) = send_json(bedrock(
        "POST",
        &format!("{base}/model-invocation-job"),
        Some(&create_body("s3://bkt/in/input.jsonl", "walk")),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let arn = created["jobArn"].as_str().expect("an ARN").to_owned();
    let id = arn.rsplit('/').next().expect("an id").to_owned();
    // By ARN (percent-encoded, as the SDKs put it in the path) or by id.
    let by_arn = format!("{base}/model-invocation-job/{}", arn.replace(':', "%3A").replace('/', "%2F"));
    let (_, _, job) = send_json(bedrock("GET", &by_arn, None)).await;
    assert_eq!((job["jobName"].as_str(), job["status"].as_str()), (Some("walk"), Some("Submitted")));
    assert!(job.get("totalRecordCount").is_none() && job["roleArn"] == ROLE && job["timeoutDurationInHours"] == 24);
    let url = format!("{base}/model-invocation-job/{id}");
    let seen = watch(
        || async { send_json(bedrock("GET", &url, None)).await.2["status"].as_str().unwrap_or("").to_owned() },
        |status| status == "Completed" || status == "Failed",
    )
    .await;
    assert_eq!(seen, ["Submitted", "Validating", "Scheduled", "InProgress", "Completed"]);
    let (_, _, job) = send_json(bedrock("GET", &url, None)).await;
    for (field, count) in
        [("totalRecordCount", 100), ("processedRecordCount", 100), ("successRecordCount", 100), ("errorRecordCount", 0)]
    {
        assert_eq!(job[field], count, "{field}: {job}");
    }
    assert!(job["endTime"].as_str().is_some_and(|t| t.ends_with('Z')), "{job}");
    let (_, _, listing) = send(s3("GET", &format!("{base}/s3/bkt?list-type=2&prefix=out%2F"), b"")).await;
    assert!(listing.contains(&format!("<Key>out/{id}/input.jsonl.out</Key>")), "{listing}");
    assert!(listing.contains(&format!("<Key>out/{id}/manifest.json.out</Key>")), "{listing}");
    let (_, _, out) = send(s3("GET", &format!("{base}/s3/bkt/out/{id}/input.jsonl.out"), b"")).await;
    let lines: Vec<Value> = out.lines().map(|line| serde_json::from_str(line).expect("JSON")).collect();
    assert_eq!(lines.len(), 100);
    let ids: Vec<&str> = lines.iter().filter_map(|line| line["recordId"].as_str()).collect();
    assert_ne!(ids[..3], ["r0", "r1", "r2"], "output order is the emulator's own, not the input's");
    let r7 = lines.iter().find(|line| line["recordId"] == "r7").expect("r7 answered");
    assert_eq!(r7["modelInput"]["messages"][0]["content"], "Question 7");
    assert_eq!(r7["modelOutput"]["type"], "message");
    assert!(r7["modelOutput"]["content"][0]["text"].as_str().is_some_and(|t| t.contains("Question 7")), "{r7}");
    let (_, _, manifest) = send(s3("GET", &format!("{base}/s3/bkt/out/{id}/manifest.json.out"), b"")).await;
    let manifest: Value = serde_json::from_str(&manifest).expect("JSON");
    assert_eq!((manifest["totalRecordCount"].as_u64(), manifest["errorRecordCount"].as_u64()), (Some(100), Some(0)));
    assert!(manifest["outputTokenCount"].as_u64().is_some_and(|tokens| tokens > 0));
    let (_, _, list) =
        send_json(bedrock("GET", &format!("{base}/model-invocation-jobs?statusEquals=Completed"), None)).await;
    assert_eq!(list["invocationJobSummaries"][0]["jobArn"], arn.as_str());
    let (_, _, none) =
        send_json(bedrock("GET", &format!("{base}/model-invocation-jobs?statusEquals=Failed"), None)).await;
    assert_eq!(none["invocationJobSummaries"], json!([]));
    let (status, headers, _) = send_json(bedrock("POST", &format!("{url}/stop"), None)).await;
    assert_eq!(
        (status, headers["x-amzn-errortype"].to_str().ok()),
        (StatusCode::BAD_REQUEST, Some("ConflictException"))
    );
    emu.shutdown().await.expect("stops");
}

#[tokio::test]
async fn bedrock_input_is_checked_while_validating() {
    let emu = start(20).await;
    let base = emu.base_url();
    let broken = b"{\"recordId\":\"r0\",\"modelInput\":{}}\n{\"recordId\":\"r1\"}\n".to_vec();
    send(s3("PUT", &format!("{base}/s3/bkt/bad/input.jsonl"), &broken)).await;
    send(s3("PUT", &format!("{base}/s3/bkt/few/input.jsonl"), &invoke_lines(99))).await;
    let cases = [
        ("s3://bkt/bad/input.jsonl", "line 2 of s3://bkt/bad/input.jsonl has no modelInput"),
        ("s3://bkt/few/", "holds 99 records, below the minimum of 100"),
        ("s3://bkt/none/input.jsonl", "was not found"),
    ];
    for (n, (input, expected)) in cases.into_iter().enumerate() {
        let body = create_body(input, &format!("check{n}"));
        let (_, _, created) = send_json(bedrock("POST", &format!("{base}/model-invocation-job"), Some(&body))).await;
        let url = format!(
            "{base}/model-invocation-job/{}",
            created["jobArn"].as_str().expect("ARN").rsplit('/').next().expect("id")
        );
        watch(
            || async { send_json(bedrock("GET", &url, None)).await.2["status"].as_str().unwrap_or("").to_owned() },
            |s| s == "Failed",
        )
        .await;
        let (_, _, job) = send_json(bedrock("GET", &url, None)).await;
        assert!(job["message"].as_str().is_some_and(|m| m.contains(expected)), "{input}: {job}");
    }
    emu.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_vertex_job_is_validated_walks_its_states_and_writes_predictions() {
    let emu = start(300).await;
    let base = emu.base_url();
    let token = support::google_token(&emu).await;
    let http = reqwest::Client::new();
    let jobs = format!("{base}/v1/projects/p1/locations/us-central1/batchPredictionJobs");
    let line = |text: &str| json!({"request": {"contents": [{"role": "user", "parts": [{"text": text}]}]}});
    let input: String =
        ["one", "two", "three routeplay-fault:500"].iter().map(|text| line(text).to_string() + "\n").collect();
    send(http.put(format!("{base}/storage/bkt/in%2Finput.jsonl")).bearer_auth(&token).body(input)).await;
    let body = json!({
        "displayName": "walk", "model": "publishers/google/models/gemini-2.0-flash",
        "inputConfig": {"instancesFormat": "jsonl", "gcsSource": {"uris": ["gs://bkt/in/input.jsonl"]}},
        "outputConfig": {"predictionsFormat": "jsonl", "gcsDestination": {"outputUriPrefix": "gs://bkt/out"}},
    });
    let (status, _, refused) = send_json(http.post(&jobs).json(&body)).await;
    assert_eq!((status, refused["error"]["status"].as_str()), (StatusCode::UNAUTHORIZED, Some("UNAUTHENTICATED")));
    let mut bad = body.clone();
    bad["inputConfig"]["instancesFormat"] = json!("bigquery");
    let (status, _, refused) = send_json(http.post(&jobs).bearer_auth(&token).json(&bad)).await;
    assert_eq!((status, refused["error"]["status"].as_str()), (StatusCode::BAD_REQUEST, Some("INVALID_ARGUMENT")));
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("input_config.instances_format")));
    let mars = jobs.replace("us-central1", "mars-north1");
    assert_eq!(send_json(http.post(&mars).bearer_auth(&token).json(&body)).await.0, StatusCode::BAD_REQUEST);
    let (status, _, job) = send_json(http.post(&jobs).bearer_auth(&token).json(&body)).await;
    assert_eq!(status, StatusCode::OK, "{job}");
    let name = job["name"].as_str().expect("a name").to_owned();
    assert!(name.starts_with("projects/p1/locations/us-central1/batchPredictionJobs/"), "{name}");
    assert_eq!((job["state"].as_str(), job["displayName"].as_str()), (Some("JOB_STATE_QUEUED"), Some("walk")));
    let url = format!("{base}/v1/{name}");
    let seen = watch(
        || async { send_json(http.get(&url).bearer_auth(&token)).await.2["state"].as_str().unwrap_or("").to_owned() },
        |state| state.ends_with("SUCCEEDED") || state.ends_with("FAILED"),
    )
    .await;
    assert_eq!(seen, ["JOB_STATE_QUEUED", "JOB_STATE_PENDING", "JOB_STATE_RUNNING", "JOB_STATE_PARTIALLY_SUCCEEDED"]);
    let (_, _, job) = send_json(http.get(&url).bearer_auth(&token)).await;
    assert_eq!(job["completionStats"], json!({"successfulCount": "2", "failedCount": "1", "incompleteCount": "0"}));
    let directory = job["outputInfo"]["gcsOutputDirectory"].as_str().expect("an output directory");
    assert!(directory.starts_with("gs://bkt/out/prediction-model-"), "{directory}");
    let key = format!("{}/predictions.jsonl", directory.trim_start_matches("gs://bkt/")).replace('/', "%2F");
    let (_, _, predictions) = send(http.get(format!("{base}/storage/bkt/{key}")).bearer_auth(&token)).await;
    let lines: Vec<Value> = predictions.lines().map(|line| serde_json::from_str(line).expect("JSON")).collect();
    assert_eq!(lines.len(), 3);
    let one = lines.iter().find(|l| l["request"] == line("one")["request"]).expect("the echoed request");
    assert_eq!(one["status"], "");
    assert!(
        one["response"]["candidates"][0]["content"]["parts"][0]["text"].as_str().is_some_and(|t| t.contains("one"))
    );
    let failed = lines.iter().find(|l| l["status"] != "").expect("a failed line");
    assert!(
        failed["status"].as_str().is_some_and(|s| s.starts_with("500")) && failed.get("response").is_none(),
        "{failed}"
    );
    let (_, _, list) = send_json(http.get(&jobs).bearer_auth(&token)).await;
    assert_eq!(list["batchPredictionJobs"][0]["name"], name.as_str());
    let (status, _, again) = send_json(http.post(format!("{url}:cancel")).bearer_auth(&token).json(&json!({}))).await;
    assert_eq!((status, again["error"]["status"].as_str()), (StatusCode::BAD_REQUEST, Some("FAILED_PRECONDITION")));
    let (status, _, _) = send_json(http.get(format!("{jobs}/123")).bearer_auth(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    emu.shutdown().await.expect("stops");
}
