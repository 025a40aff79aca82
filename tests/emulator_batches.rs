//! The emulator's Message Batches over real HTTP: the API's shapes, its credential checks, its
//! validation, the job clock, cancel, delete, the list pager and the results file.

use reqwest::StatusCode;
use routeplay::emulator::{self, EMULATOR_API_KEY, EmulatorHandle, EmulatorOptions};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const BATCHES: &str = "/v1/messages/batches";

async fn start(step_ms: u64) -> EmulatorHandle {
    let options = EmulatorOptions {
        tokens_per_second: 0.0,
        batch_step: Duration::from_millis(step_ms),
        ..EmulatorOptions::default()
    };
    emulator::start(options).await.expect("starts")
}

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    fn new(emu: &EmulatorHandle) -> Self {
        Self { http: reqwest::Client::new(), base: emu.base_url() }
    }

    fn keyed(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("x-api-key", EMULATOR_API_KEY)
            .header("anthropic-version", "2023-06-01")
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> (StatusCode, Value) {
        let mut request = self.keyed(method, path);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("sent");
        let status = response.status();
        (status, response.json().await.expect("a JSON answer"))
    }

    async fn create(&self, body: &Value) -> (StatusCode, Value) {
        self.call(reqwest::Method::POST, BATCHES, Some(body)).await
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(reqwest::Method::GET, path, None).await
    }

    /// Poll the batch until it has ended (at most 20 s).
    async fn until_ended(&self, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, batch) = self.get(&format!("{BATCHES}/{id}")).await;
            assert_eq!(status, StatusCode::OK, "{batch}");
            if batch["processing_status"] == "ended" {
                return batch;
            }
            assert!(Instant::now() < deadline, "the batch never ended: {batch}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn results(&self, id: &str) -> Vec<Value> {
        let response = self.keyed(reqwest::Method::GET, &format!("{BATCHES}/{id}/results")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let text = response.text().await.unwrap();
        text.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect()
    }
}

fn params(model: &str, prompt: &str) -> Value {
    json!({ "model": model, "max_tokens": 256, "messages": [{ "role": "user", "content": prompt }] })
}

fn requests(model: &str, prompts: &[&str]) -> Value {
    let requests: Vec<Value> = prompts
        .iter()
        .enumerate()
        .map(|(n, prompt)| json!({ "custom_id": format!("r{n}"), "params": params(model, prompt) }))
        .collect();
    json!({ "requests": requests })
}

#[tokio::test]
async fn a_batch_runs_on_the_clock_and_its_results_are_the_streamed_answers_in_the_batch_tier() {
    let emu = start(60).await;
    let api = Api::new(&emu);
    let prompts = ["one", "two", "three", "four", "five", "six", "seven", "eight"];
    let response = api.keyed(reqwest::Method::POST, BATCHES).json(&requests("emulator-sonnet", &prompts)).send();
    let response = response.await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(text.starts_with(r#"{"id":"msgbatch_01"#), "the API's field order: {text}");
    assert!(text.contains(r#""type":"message_batch","processing_status":"in_progress","request_counts""#));
    let created: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(created["type"], "message_batch");
    assert_eq!(created["processing_status"], "in_progress");
    assert_eq!(
        created["request_counts"],
        json!({ "processing": 8, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0 })
    );
    assert!(created["results_url"].is_null() && created["ended_at"].is_null());
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, early) = api.get(&format!("{BATCHES}/{id}/results")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(early["error"]["message"].as_str().unwrap().contains("still processing"), "{early}");

    let ended = api.until_ended(&id).await;
    assert_eq!(
        ended["request_counts"],
        json!({ "processing": 0, "succeeded": 8, "errored": 0, "canceled": 0, "expired": 0 })
    );
    assert_eq!(ended["results_url"], format!("{}{BATCHES}/{id}/results", emu.base_url()));
    let created_at = ended["created_at"].as_str().unwrap();
    assert!(created_at.ends_with('Z') && created_at.contains('T'), "{created_at}");
    assert!(ended["expires_at"].as_str().unwrap() > created_at);

    let results = api.results(&id).await;
    let order: Vec<&str> = results.iter().map(|line| line["custom_id"].as_str().unwrap()).collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"]);
    assert_ne!(order, sorted, "the results file is not in request order");
    assert_eq!(api.results(&id).await, results, "the same order on every fetch");

    let line = results.iter().find(|line| line["custom_id"] == "r2").unwrap();
    assert_eq!(line["result"]["type"], "succeeded");
    let message = &line["result"]["message"];
    assert_eq!(message["usage"]["service_tier"], "batch");
    let mut one = params("emulator-sonnet", "three");
    one["stream"] = json!(false);
    let (status, direct) = api.call(reqwest::Method::POST, "/v1/messages", Some(&one)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(message["content"], direct["content"], "the batch answer is the on-demand answer");
    assert_eq!(message["usage"]["output_tokens"], direct["usage"]["output_tokens"]);
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn faults_and_unknown_models_make_errored_results() {
    let emu = start(10).await;
    let api = Api::new(&emu);
    let mut body = requests("emulator-sonnet-fault-429-then-ok", &["same", "same"]);
    body["requests"].as_array_mut().unwrap().extend([
        json!({ "custom_id": "broken", "params": params("emulator-sonnet-fault-500", "x") }),
        json!({ "custom_id": "unknown", "params": params("claude-nope", "x") }),
    ]);
    let (_, created) = api.create(&body).await;
    let ended = api.until_ended(created["id"].as_str().unwrap()).await;
    assert_eq!(ended["request_counts"]["succeeded"], 1);
    assert_eq!(ended["request_counts"]["errored"], 3);
    let results = api.results(created["id"].as_str().unwrap()).await;
    let result = |id: &str| results.iter().find(|line| line["custom_id"] == id).unwrap()["result"].clone();
    assert_eq!(result("r0")["type"], "errored");
    assert_eq!(result("r0")["error"]["type"], "error");
    assert_eq!(result("r0")["error"]["error"]["type"], "rate_limit_error");
    assert!(result("r0")["error"]["request_id"].as_str().unwrap().starts_with("req_01"));
    assert_eq!(result("r1")["type"], "succeeded", "the second of a -then-ok pair is answered");
    assert_eq!(result("broken")["error"]["error"]["type"], "api_error");
    assert_eq!(result("unknown")["error"]["error"]["type"], "not_found_error");
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn every_endpoint_wants_the_key_then_the_version() {
    let emu = start(10).await;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", emu.base_url());
    for (method, path) in [
        (reqwest::Method::POST, BATCHES.to_owned()),
        (reqwest::Method::GET, BATCHES.to_owned()),
        (reqwest::Method::GET, format!("{BATCHES}/msgbatch_x")),
        (reqwest::Method::POST, format!("{BATCHES}/msgbatch_x/cancel")),
        (reqwest::Method::DELETE, format!("{BATCHES}/msgbatch_x")),
        (reqwest::Method::GET, format!("{BATCHES}/msgbatch_x/results")),
    ] {
        let anonymous = http.request(method.clone(), url(&path)).header("anthropic-version", "2023-06-01");
        let response = anonymous.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        assert!(response.headers().contains_key("request-id"));
        let refused: Value = response.json().await.unwrap();
        assert_eq!(refused["error"]["type"], "authentication_error");
        let unversioned = http.request(method.clone(), url(&path)).header("x-api-key", EMULATOR_API_KEY);
        let refused: Value = unversioned.send().await.unwrap().json().await.unwrap();
        assert_eq!(refused["error"]["message"], "anthropic-version: header is required", "{method} {path}");
    }
    let api = Api::new(&emu);
    let (status, missing) = api.get(&format!("{BATCHES}/msgbatch_nope")).await;
    assert_eq!((status, &missing["error"]["type"]), (StatusCode::NOT_FOUND, &json!("not_found_error")));
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_create_body_is_checked_as_the_api_checks_it() {
    let emu = start(10).await;
    let api = Api::new(&emu);
    let good = params("emulator-sonnet", "hi");
    let mut streaming = good.clone();
    streaming["stream"] = json!(true);
    let mut no_max = good.clone();
    no_max.as_object_mut().unwrap().remove("max_tokens");
    let cases = [
        (json!({}), "requests: Field required"),
        (json!({ "requests": [] }), "requests: must hold 1 to 100000 items, not 0"),
        (
            json!({ "requests": [{ "custom_id": "a b", "params": good }] }),
            "requests.0.custom_id: \"a b\" does not match",
        ),
        (json!({ "requests": [{ "custom_id": "x".repeat(65), "params": good }] }), "requests.0.custom_id"),
        (json!({ "requests": [{ "params": good }] }), "requests.0.custom_id: Field required"),
        (
            json!({ "requests": [{ "custom_id": "a", "params": good }, { "custom_id": "a", "params": good }] }),
            "requests.1.custom_id: \"a\" is used by an earlier request",
        ),
        (json!({ "requests": [{ "custom_id": "a", "params": streaming }] }), "requests.0.params.stream"),
        (json!({ "requests": [{ "custom_id": "a", "params": no_max }] }), "requests.0.params: max_tokens"),
        (json!({ "requests": [{ "custom_id": "a" }] }), "requests.0.params: Field required"),
    ];
    for (body, expected) in cases {
        let (status, refused) = api.create(&body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(refused["error"]["type"], "invalid_request_error");
        let message = refused["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(expected), "{message:?} should start with {expected:?}");
    }
    let mut quiet = good;
    quiet["stream"] = json!(false);
    let (status, _) = api.create(&json!({ "requests": [{ "custom_id": "a", "params": quiet }] })).await;
    assert_eq!(status, StatusCode::OK, "stream: false is a non-streaming body");
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_cancelled_batch_ends_with_its_unprocessed_requests_canceled_and_only_then_deletes() {
    let emu = start(1500).await;
    let api = Api::new(&emu);
    let (_, created) = api.create(&requests("emulator-sonnet", &["a", "b", "c"])).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, refused) = api.call(reqwest::Method::DELETE, &format!("{BATCHES}/{id}"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused["error"]["message"].as_str().unwrap().contains("still processing"));
    let (status, canceling) = api.call(reqwest::Method::POST, &format!("{BATCHES}/{id}/cancel"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(canceling["processing_status"], "canceling");
    assert!(canceling["cancel_initiated_at"].is_string());
    assert_eq!(canceling["request_counts"]["processing"], 3);
    let ended = api.until_ended(&id).await;
    assert_eq!(ended["request_counts"]["canceled"], 3);
    let results = api.results(&id).await;
    assert!(results.iter().all(|line| line["result"] == json!({ "type": "canceled" })), "{results:?}");
    let (status, refused) = api.call(reqwest::Method::POST, &format!("{BATCHES}/{id}/cancel"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let (status, deleted) = api.call(reqwest::Method::DELETE, &format!("{BATCHES}/{id}"), None).await;
    assert_eq!((status, deleted), (StatusCode::OK, json!({ "id": id, "type": "message_batch_deleted" })));
    assert_eq!(api.get(&format!("{BATCHES}/{id}")).await.0, StatusCode::NOT_FOUND);
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_list_pages_newest_first_and_the_server_holds_a_bounded_number() {
    let emu = start(0).await;
    let api = Api::new(&emu);
    let mut ids = Vec::new();
    for prompt in ["a", "b", "c"] {
        let (_, created) = api.create(&requests("emulator-sonnet", &[prompt])).await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let (status, first) = api.get(&format!("{BATCHES}?limit=2")).await;
    assert_eq!(status, StatusCode::OK);
    let shown: Vec<&str> = first["data"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(shown, [ids[2].as_str(), ids[1].as_str()]);
    assert_eq!((first["has_more"].clone(), first["first_id"].clone()), (json!(true), json!(ids[2])));
    let (_, next) = api.get(&format!("{BATCHES}?limit=2&after_id={}", first["last_id"].as_str().unwrap())).await;
    assert_eq!(next["data"][0]["id"], ids[0]);
    assert_eq!(next["has_more"], false);
    let (_, back) = api.get(&format!("{BATCHES}?before_id={}", ids[0])).await;
    assert_eq!(back["data"].as_array().unwrap().len(), 2);
    assert_eq!(api.get(&format!("{BATCHES}?limit=0")).await.0, StatusCode::BAD_REQUEST);

    for n in 3..1000 {
        let (status, created) = api.create(&requests("emulator-sonnet", &["x"])).await;
        assert_eq!(status, StatusCode::OK, "batch {n}: {created}");
    }
    let (status, full) = api.create(&requests("emulator-sonnet", &["x"])).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let message = full["error"]["message"].as_str().unwrap();
    assert!(message.contains("holds 1000 batches") && message.contains("DELETE"), "{message}");
    let (status, _) = api.call(reqwest::Method::DELETE, &format!("{BATCHES}/{}", ids[0]), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api.create(&requests("emulator-sonnet", &["x"])).await.0, StatusCode::OK, "room again");
    emu.shutdown().await.unwrap();
}
