//! Credentials on each surface, refused in each surface's shape: OpenAI's 401, Mantle's AWS
//! 403s (SigV4 for `bedrock-mantle`, with a `:` in the model id), Vertex's Google 401s and its
//! `publisher/model` ids.

use super::support::{MANTLE_SIGV4, Via, body_of, chat, json_of, openai_error, post, start, streaming};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn openai_refuses_a_wrong_or_missing_key_with_invalid_api_key() {
    let emu = start().await;
    let body = streaming("emulator-sonnet", "hi");
    for (via, missing) in [(Via::OpenAi("sk-wrong"), false), (Via::Nothing("/v1/chat/completions"), true)] {
        let response = post(&emu, &via, &body, &[]).await;
        assert!(response.headers().contains_key("x-request-id"));
        let refused = json_of(response, StatusCode::UNAUTHORIZED).await;
        let error = openai_error(&refused);
        assert_eq!((&error["type"], &error["code"]), (&json!("invalid_request_error"), &json!("invalid_api_key")));
        let message = error["message"].as_str().expect("message");
        assert_eq!(message.starts_with("You didn't provide an API key"), missing, "{message}");
        assert!(!message.contains("sk-wrong"), "the key is never echoed");
    }
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn mantle_takes_sigv4_with_a_colon_in_the_model_id_on_both_paths() {
    let emu = start().await;
    let body = streaming("emulator-sonnet-v1:0", "hello");
    let v1 = Via::SigV4 { path: "/v1/chat/completions", service: "bedrock-mantle" };
    for via in [MANTLE_SIGV4, v1] {
        let response = post(&emu, &via, &body, &[]).await;
        assert!(response.headers().contains_key("x-amzn-requestid"));
        let text = body_of(response, StatusCode::OK).await;
        assert!(text.ends_with("data: [DONE]\n\n"), "{text}");
        assert!(text.contains(r#""model":"emulator-sonnet-v1:0""#));
    }
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn mantle_refuses_credentials_as_aws_does() {
    let emu = start().await;
    let body = chat("emulator-sonnet", "hi", &json!({}));
    let mantle = "/openai/v1/chat/completions";
    let not_a_bedrock_key = [("authorization", "Bearer routeplay-emulator")];
    let no_headers: &[(&str, &str)] = &[];
    let cases = [
        (Via::SigV4 { path: mantle, service: "bedrock" }, no_headers, "InvalidSignatureException"),
        (Via::SigV4 { path: "/v1/chat/completions", service: "bedrock" }, no_headers, "InvalidSignatureException"),
        (Via::Nothing(mantle), no_headers, "MissingAuthenticationTokenException"),
        (Via::Nothing(mantle), &not_a_bedrock_key[..], "AccessDeniedException"),
    ];
    for (via, headers, error_type) in cases {
        let response = post(&emu, &via, &body, headers).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{via:?}");
        let header = response.headers()["x-amzn-errortype"].to_str().expect("ascii").to_owned();
        assert!(header.starts_with(error_type), "{header}");
        let refused: serde_json::Value = response.json().await.expect("json");
        assert!(refused["message"].is_string() && refused.get("error").is_none(), "AWS's shape: {refused}");
    }
    let wrong_service = Via::SigV4 { path: mantle, service: "bedrock" };
    let text = post(&emu, &wrong_service, &body, &[]).await.text().await.expect("body");
    assert!(text.contains("Credential should be scoped to correct service: 'bedrock-mantle'."), "{text}");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn vertex_wants_a_google_token_a_vertex_location_and_publisher_ids() {
    let emu = start().await;
    let body = chat("google/emulator-sonnet", "hi", &json!({}));
    let none = Via::Nothing("/v1/projects/p1/locations/global/endpoints/openapi/chat/completions");
    let refused = json_of(post(&emu, &none, &body, &[]).await, StatusCode::UNAUTHORIZED).await;
    assert_eq!((&refused["error"]["code"], &refused["error"]["status"]), (&json!(401), &json!("UNAUTHENTICATED")));
    let forged = Via::Vertex { location: "global", token: "ya29.forged".into() };
    let refused = json_of(post(&emu, &forged, &body, &[]).await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(refused["error"]["status"], "UNAUTHENTICATED");
    let token = super::support::google_token(&emu).await;
    let mars = Via::Vertex { location: "mars-north1", token: token.clone() };
    let refused = json_of(post(&emu, &mars, &body, &[]).await, StatusCode::BAD_REQUEST).await;
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("mars-north1")));

    let vertex = Via::Vertex { location: "us-central1", token };
    let bare =
        json_of(post(&emu, &vertex, &chat("emulator-sonnet", "hi", &json!({})), &[]).await, StatusCode::BAD_REQUEST)
            .await;
    assert_eq!((&bare["error"]["code"], &bare["error"]["status"]), (&json!(400), &json!("INVALID_ARGUMENT")));
    assert!(bare["error"]["message"].as_str().is_some_and(|m| m.contains("`publisher/model`")), "{bare}");
    let unknown = json_of(
        post(&emu, &vertex, &chat("meta/llama-nonexistent", "hi", &json!({})), &[]).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(unknown["error"]["status"], "NOT_FOUND");
    assert!(
        unknown["error"]["message"].as_str().is_some_and(|m| m.contains("publishers/meta/models/llama-nonexistent"))
    );
    assert_eq!(post(&emu, &vertex, &body, &[]).await.status(), StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}
