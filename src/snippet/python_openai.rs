//! `--as python` on the OpenAI-compatible routes: the official `openai` SDK's client for the
//! route, then `chat.completions.create(stream=True)` with the body routeplay sent, printing
//! the text as it arrives. The SDK's `base_url` is the request's URL without
//! `/chat/completions`, its host moved by the route's variables as routeplay moves it.

use super::SnippetRequest;
use super::python::{literal, object, py_str};
use crate::routes::sdk::OpenAiClient;
use serde_json::Value;

/// The script for `body` through `client`.
pub(super) fn render(request: &SnippetRequest, client: OpenAiClient, body: &Value) -> String {
    let mut fields = object(body);
    // Said in the call, where a reader looks for them.
    fields.remove("stream");
    fields.remove("stream_options");
    let base_url = sdk_base_url(request);
    let client = match client {
        OpenAiClient::Direct => direct(request, &base_url),
        OpenAiClient::BedrockMantle => bedrock(request, &base_url),
        OpenAiClient::Vertex => vertex(&base_url),
    };
    format!(
        "{client}\nrequest = {}\n\nstream = client.chat.completions.create(\n    **request,\n    stream=True,\n    \
         stream_options={{\"include_usage\": True}},\n)\nfor chunk in stream:\n    for choice in chunk.choices:\n        \
         if choice.delta.content:\n            print(choice.delta.content, end=\"\", flush=True)\nprint()\n",
        literal(&Value::Object(fields), 0)
    )
}

/// The SDK's base URL as a Python expression: the first of the route's host variables that is
/// set, else the run's host, then the path up to `/chat/completions`.
fn sdk_base_url(request: &SnippetRequest) -> String {
    let prefix = request.path().strip_suffix("/chat/completions").unwrap_or(request.path());
    let host = request.base_env().iter().rev().fold(py_str(request.base_url.trim_end_matches('/')), |inner, name| {
        format!("os.environ.get({}) or {inner}", py_str(name))
    });
    if prefix.is_empty() {
        format!("({host}).rstrip(\"/\")")
    } else {
        format!("({host}).rstrip(\"/\") + {}", py_str(prefix))
    }
}

/// `openai.OpenAI` with `OPENAI_API_KEY`; at a loopback host a key is optional (a local server
/// takes any, the emulator's is not secret).
fn direct(request: &SnippetRequest, base_url: &str) -> String {
    let key = if request.base_is_loopback() {
        "os.environ.get(\"OPENAI_API_KEY\", \"routeplay-emulator\"),  # a local server takes any key; not a secret"
    } else {
        "os.environ[\"OPENAI_API_KEY\"],"
    };
    format!(
        "# pip install openai\nimport os\n\nimport openai\n\nclient = openai.OpenAI(\n    base_url={base_url},\n    \
         api_key={key}\n)\n"
    )
}

/// `openai.BedrockOpenAI`: `AWS_BEARER_TOKEN_BEDROCK` when set, else a short-term Bedrock key
/// made from the AWS credentials before each request.
fn bedrock(request: &SnippetRequest, base_url: &str) -> String {
    let region = py_str(request.place.region().unwrap_or_default());
    let profile = request
        .place
        .profile()
        .map(|profile| format!("os.environ.setdefault(\"AWS_PROFILE\", {})\n", py_str(profile)))
        .unwrap_or_default();
    format!(
        "# pip install \"openai>=2.45\" aws-bedrock-token-generator\n\
         # AWS_BEARER_TOKEN_BEDROCK, when set, is the Bedrock API key; otherwise a short-term key is made\n\
         # from the AWS credentials (as SigV4 `bedrock-mantle` would sign with them).\n\
         import os\n\nimport openai\nfrom aws_bedrock_token_generator import provide_token\n\n{profile}\
         region = {region}\nclient = openai.BedrockOpenAI(\n    aws_region=region,\n    base_url={base_url},\n    \
         bedrock_token_provider=None\n    if os.environ.get(\"AWS_BEARER_TOKEN_BEDROCK\")\n    \
         else (lambda: provide_token(region=region)),\n)\n"
    )
}

/// `openai.OpenAI` at `endpoints/openapi`, with an Application Default Credentials token (which
/// lasts an hour) and the quota project header when one is set.
fn vertex(base_url: &str) -> String {
    format!(
        "# pip install openai google-auth\nimport os\n\nimport google.auth\nimport google.auth.transport.requests\n\
         import openai\n\ncredentials, _ = google.auth.default(scopes=[\"https://www.googleapis.com/auth/cloud-platform\"])\n\
         credentials.refresh(google.auth.transport.requests.Request())\n\
         quota_project = os.environ.get(\"GOOGLE_CLOUD_QUOTA_PROJECT\")\n\
         client = openai.OpenAI(\n    base_url={base_url},\n    api_key=credentials.token,\n    \
         default_headers={{\"x-goog-user-project\": quota_project}} if quota_project else None,\n)\n"
    )
}

#[cfg(test)]
mod tests {
    use crate::routes::request::ChatRequest;
    use crate::routes::{Place, PlaceKind, RouteId, Target};
    use crate::snippet::{HostSettings, SnippetRequest, python};

    fn script(route: RouteId, model: &str, base_url: Option<&str>) -> String {
        let place = match route.spec().place_kind() {
            PlaceKind::Aws => Place::Aws { region: Some("us-west-2".into()), profile: Some("team".into()) },
            PlaceKind::Vertex => Place::Vertex { location: Some("us-central1".into()), project: Some("p1".into()) },
            PlaceKind::None => Place::None,
        };
        let target = Target { place, ..Target::new(route, model) };
        let host = HostSettings { base_url: base_url.map(Into::into), version: String::new() };
        python::render(&SnippetRequest::build(&target, &host, &ChatRequest::single("hi")).expect("built"))
    }

    #[test]
    fn openai_reads_its_key_and_base_url_and_streams_with_usage() {
        let text = script(RouteId::OpenAi, "gpt-4o", None);
        assert!(
            text.contains(
                r#"base_url=(os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/"),"#
            ),
            "{text}"
        );
        assert!(text.contains(r#"api_key=os.environ["OPENAI_API_KEY"],"#), "{text}");
        assert!(text.contains(r#"stream_options={"include_usage": True},"#), "{text}");
        assert!(text.contains(r#""model": "gpt-4o","#) && !text.contains(r#""stream": True"#), "{text}");
        let local = script(RouteId::OpenAi, "my-model", Some("http://127.0.0.1:8000/v1"));
        assert!(local.contains(r#"os.environ.get("OPENAI_API_KEY", "routeplay-emulator")"#), "{local}");
    }

    #[test]
    fn bedrock_uses_the_sdk_s_bedrock_client_and_vertex_a_google_token() {
        let text = script(RouteId::BedrockOpenAi, "openai.gpt-oss-120b", None);
        assert!(text.contains("client = openai.BedrockOpenAI("), "{text}");
        assert!(text.contains(r#"region = "us-west-2""#) && text.contains(r#"setdefault("AWS_PROFILE", "team")"#));
        assert!(
            text.contains(
                r#"(os.environ.get("AWS_BEDROCK_BASE_URL") or "https://bedrock-mantle.us-west-2.api.aws/openai/v1")"#
            ),
            "{text}"
        );
        let vertex = script(RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas", None);
        assert!(
            vertex.contains(
                r#""https://us-central1-aiplatform.googleapis.com").rstrip("/") + "/v1/projects/p1/locations/us-central1/endpoints/openapi","#
            ),
            "{vertex}"
        );
        assert!(vertex.contains("api_key=credentials.token,") && vertex.contains("x-goog-user-project"), "{vertex}");
    }
}
