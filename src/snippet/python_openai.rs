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
