use super::*;
use crate::routes::RouteId;
use crate::routes::request::Turn;

fn endpoint(base_url: &str) -> Endpoint<'_> {
    Endpoint { base_url, version: "2023-06-01", project: "p1", location: "us-east5" }
}

fn request() -> ChatRequest {
    let mut request = ChatRequest::single("How many tokens?");
    request.system = Some("Be brief.".into());
    request.params.temperature = Some(0.5);
    request.turns.insert(0, Turn::user("Hi"));
    request.turns.insert(1, Turn::assistant("Hello"));
    request
}

fn body(count: &CountRequest) -> Value {
    serde_json::from_slice(&count.http.body).unwrap()
}

#[test]
fn anthropic_counts_the_messages_body_without_what_counting_refuses() {
    let spec = RouteId::Anthropic.spec();
    let count = count_request(spec, &endpoint("https://api.anthropic.com"), "claude-x", &request()).unwrap();
    assert_eq!(count.http.url, "https://api.anthropic.com/v1/messages/count_tokens");
    let names: Vec<&str> = count.http.headers.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["content-type", "anthropic-version"], "one content type, and the version");
    let body = body(&count);
    assert_eq!(body["model"], "claude-x");
    assert_eq!(body["system"], "Be brief.");
    assert_eq!(body["messages"].as_array().unwrap().len(), 3);
    for refused in ["max_tokens", "stream", "temperature"] {
        assert!(body.get(refused).is_none(), "{refused} is not a count_tokens parameter: {body}");
    }
}

#[test]
fn mantle_counts_under_its_anthropic_base() {
    let base = crate::routes::bedrock::mantle_host("us-west-2");
    let count = count_request(RouteId::BedrockMantle.spec(), &endpoint(&base), "anthropic.claude-x", &request());
    assert_eq!(count.unwrap().http.url, "https://bedrock-mantle.us-west-2.api.aws/anthropic/v1/messages/count_tokens");
}

#[test]
fn bedrock_invoke_counts_the_exact_invoke_body_in_base64_under_the_bare_id() {
    let spec = RouteId::BedrockInvoke.spec();
    let base = "https://bedrock-runtime.us-east-1.amazonaws.com";
    let model = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    let count = count_request(spec, &endpoint(base), model, &request()).unwrap();
    assert_eq!(count.counted_model, "anthropic.claude-sonnet-4-20250514-v1:0");
    assert!(
        count.http.url.ends_with("/model/anthropic.claude-sonnet-4-20250514-v1%3A0/count-tokens"),
        "{}",
        count.http.url
    );
    let encoded = body(&count)["input"]["invokeModel"]["body"].as_str().unwrap().to_owned();
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
    assert_eq!(decoded, spec.request(&endpoint(base), model, &request()).body, "the body Invoke would send");
}

#[test]
fn converse_counts_its_messages_and_system_only() {
    let spec = RouteId::BedrockConverse.spec();
    let count = count_request(spec, &endpoint("https://rt"), "meta.llama3-70b-instruct-v1:0", &request()).unwrap();
    let input = &body(&count)["input"]["converse"];
    assert_eq!(input["system"], json!([{"text": "Be brief."}]));
    assert_eq!(input["messages"].as_array().unwrap().len(), 3);
    assert!(input.get("inferenceConfig").is_none(), "{input}");
}

#[test]
fn gemini_counts_the_whole_generate_content_request() {
    let spec = RouteId::GeminiApi.spec();
    let base = "https://generativelanguage.googleapis.com";
    let count = count_request(spec, &endpoint(base), "gemini-2.5-flash", &request()).unwrap();
    assert_eq!(count.http.url, format!("{base}/v1beta/models/gemini-2.5-flash:countTokens"));
    let inner = &body(&count)["generateContentRequest"];
    assert_eq!(inner["model"], "models/gemini-2.5-flash");
    assert_eq!(inner["systemInstruction"], json!({"parts": [{"text": "Be brief."}]}));
    assert_eq!(inner["contents"].as_array().unwrap().len(), 3);
}

#[test]
fn vertex_gemini_counts_at_count_tokens_beside_the_model() {
    let spec = RouteId::VertexGemini.spec();
    let count = count_request(spec, &endpoint("https://aiplatform.googleapis.com"), "gemini-2.5-pro", &request());
    let count = count.unwrap();
    assert!(count.http.url.ends_with("/publishers/google/models/gemini-2.5-pro:countTokens"), "{}", count.http.url);
    assert!(body(&count).get("contents").is_some());
}

#[test]
fn vertex_claude_counts_at_the_fixed_count_tokens_model_with_the_real_one_in_the_body() {
    let spec = RouteId::VertexClaude.spec();
    let base = "https://us-east5-aiplatform.googleapis.com";
    let count = count_request(spec, &endpoint(base), "claude-sonnet-4@20250514", &request()).unwrap();
    assert_eq!(
        count.http.url,
        format!("{base}/v1/projects/p1/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict")
    );
    let body = body(&count);
    assert_eq!(body["model"], "claude-sonnet-4@20250514");
    assert_eq!(body["anthropic_version"], "vertex-2023-10-16");
    assert!(body.get("max_tokens").is_none() && body.get("stream").is_none(), "{body}");
}

#[test]
fn every_answer_shape_reads_as_input_tokens() {
    assert_eq!(read_count(&json!({"input_tokens": 12})), Some(12));
    assert_eq!(read_count(&json!({"inputTokens": 34})), Some(34));
    assert_eq!(read_count(&json!({"totalTokens": 56, "cachedContentTokenCount": 0})), Some(56));
    assert_eq!(read_count(&json!({"tokens": 1})), None);
}

#[test]
fn only_a_geography_prefix_is_stripped() {
    assert_eq!(bare_foundation_id("eu.anthropic.claude-x"), "anthropic.claude-x");
    assert_eq!(bare_foundation_id("anthropic.claude-x"), "anthropic.claude-x");
    assert_eq!(bare_foundation_id("usual.model"), "usual.model");
}
