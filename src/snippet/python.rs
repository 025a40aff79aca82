//! `--as python`: a short script with the provider's own SDK that streams the answer,
//! printing text as it arrives. Keys come from the environment, as each SDK reads them.

use super::SnippetRequest;
use crate::routes::sdk::{AnthropicClient, Boto3Call, PythonSdk};
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// The script, with the request's notes as comments at the top.
#[must_use]
pub fn render(request: &SnippetRequest) -> String {
    let mut out = super::comments(&request.notes);
    let body = request.body_json();
    let model = literal(&Value::String(request.model.clone()), 0);
    let code = match request.route.spec().sdk.python {
        PythonSdk::Anthropic(client) => anthropic(request, client, &body),
        PythonSdk::Boto3(Boto3Call::InvokeModelWithResponseStream) => invoke(request, &body, &model),
        PythonSdk::Boto3(Boto3Call::ConverseStream) => converse(request, &body, &model),
        PythonSdk::GoogleGenai { vertex } => gemini(request, vertex, &body, &model),
        PythonSdk::OpenAi(client) => super::python_openai::render(request, client, &body),
    };
    out.push_str(&code);
    out
}

/// The Anthropic SDK's client for the route, then `messages.stream` with the body's fields.
fn anthropic(request: &SnippetRequest, client: AnthropicClient, body: &Value) -> String {
    let mut fields = object(body);
    fields.remove("stream");
    let client = match client {
        AnthropicClient::Emulator => {
            "# pip install anthropic\nimport os\n\nimport anthropic\n\nclient = anthropic.Anthropic(\n    \
             base_url=os.environ.get(\"ANTHROPIC_BASE_URL\", \"http://127.0.0.1:8080\"),\n    \
             api_key=os.environ.get(\"ANTHROPIC_API_KEY\", \"routeplay-emulator\"),  # not a secret\n)\n"
                .to_owned()
        }
        AnthropicClient::BedrockMantle => format!(
            "# pip install anthropic  (AnthropicBedrockMantle signs with SigV4 `bedrock-mantle`)\n\
             import anthropic\n\n# ANTHROPIC_BEDROCK_MANTLE_BASE_URL, when set, is the whole base URL (…/anthropic),\n\
             # for the SDK as for routeplay.\n\
             client = anthropic.AnthropicBedrockMantle(\n    aws_region={},{}\n)\n",
            py_opt(request.place.region()),
            request.place.profile().map(|p| format!("\n    aws_profile={},", py_str(p))).unwrap_or_default()
        ),
        AnthropicClient::Vertex => {
            fields.remove("anthropic_version");
            fields.insert("model".into(), Value::String(request.model.clone()));
            format!(
                "# pip install 'anthropic[vertex]'  (a token from Application Default Credentials)\nimport os\n\n\
                 import anthropic\n\nbase_url = os.environ.get(\"GOOGLE_VERTEX_BASE_URL\")\n\
                 client = anthropic.AnthropicVertex(\n    project_id={},\n    region={},\n    \
                 base_url=f\"{{base_url.rstrip('/')}}/v1\" if base_url else None,\n)\n",
                py_opt(request.place.project()),
                py_opt(request.place.location())
            )
        }
        AnthropicClient::Direct => "# pip install anthropic\nimport anthropic\n\n\
              client = anthropic.Anthropic()  # ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL from the environment\n"
            .to_owned(),
    };
    format!(
        "{client}\nrequest = {}\n\nwith client.messages.stream(**request) as stream:\n    \
         for text in stream.text_stream:\n        print(text, end=\"\", flush=True)\nprint()\n",
        literal(&Value::Object(fields), 0)
    )
}

/// boto3's `invoke_model_with_response_stream`: the Anthropic body as JSON, chunks back.
fn invoke(request: &SnippetRequest, body: &Value, model: &str) -> String {
    format!(
        "{}\nbody = {}\n\nresponse = client.invoke_model_with_response_stream(modelId={model}, body=json.dumps(body))\n\
         for event in response[\"body\"]:\n    chunk = json.loads(event[\"chunk\"][\"bytes\"])\n    \
         if chunk.get(\"type\") == \"content_block_delta\" and chunk[\"delta\"].get(\"type\") == \"text_delta\":\n        \
         print(chunk[\"delta\"][\"text\"], end=\"\", flush=True)\nprint()\n",
        boto3_client(request, "import json\n\n"),
        literal(body, 0)
    )
}

/// boto3's `converse_stream`: the Converse body's fields are the call's arguments.
fn converse(request: &SnippetRequest, body: &Value, model: &str) -> String {
    format!(
        "{}\nrequest = {}\n\nresponse = client.converse_stream(modelId={model}, **request)\n\
         for event in response[\"stream\"]:\n    text = event.get(\"contentBlockDelta\", {{}}).get(\"delta\", {{}}).get(\"text\")\n    \
         if text:\n        print(text, end=\"\", flush=True)\nprint()\n",
        boto3_client(request, ""),
        literal(body, 0)
    )
}

fn boto3_client(request: &SnippetRequest, imports: &str) -> String {
    let session = match request.place.profile() {
        Some(profile) => format!("boto3.Session(profile_name={})", py_str(profile)),
        None => "boto3".to_owned(),
    };
    format!(
        "# pip install boto3  (credentials, and AWS_ENDPOINT_URL_BEDROCK_RUNTIME, as the AWS CLI reads them)\n\
         {imports}import boto3\n\nclient = {session}.client(\"bedrock-runtime\", region_name={})\n",
        py_opt(request.place.region())
    )
}

/// Google's Gen AI SDK: the REST body's `contents`, and its `generationConfig` and
/// `systemInstruction` as one `snake_case` `config`. Thought summaries are skipped.
fn gemini(request: &SnippetRequest, vertex: bool, body: &Value, model: &str) -> String {
    let fields = object(body);
    let mut config = fields.get("generationConfig").map(snake_case).map(|v| object(&v)).unwrap_or_default();
    if let Some(system) = fields.get("systemInstruction") {
        config.insert("system_instruction".into(), snake_case(system));
    }
    let client = if vertex {
        format!(
            "genai.Client(vertexai=True, project={}, location={})",
            py_opt(request.place.project()),
            py_opt(request.place.location())
        )
    } else {
        "genai.Client(api_key=os.environ[\"GEMINI_API_KEY\"])".to_owned()
    };
    let mut out =
        String::from("# pip install google-genai  (GOOGLE_GEMINI_BASE_URL / GOOGLE_VERTEX_BASE_URL move the host)\n");
    let _ = write!(
        out,
        "import os\n\nfrom google import genai\n\nclient = {client}\ncontents = {}\nconfig = {}\n\n\
         for chunk in client.models.generate_content_stream(model={model}, contents=contents, config=config):\n    \
         for candidate in chunk.candidates or []:\n        \
         for part in (candidate.content.parts if candidate.content else None) or []:\n            \
         if part.text and not part.thought:\n                print(part.text, end=\"\", flush=True)\nprint()\n",
        literal(fields.get("contents").unwrap_or(&Value::Null), 0),
        literal(&Value::Object(config), 0)
    );
    out
}

pub(super) fn object(value: &Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

/// Object keys from the REST API's `camelCase` to the SDK's `snake_case`, all the way down.
fn snake_case(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| {
                    let key: String = key
                        .chars()
                        .flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c.to_ascii_lowercase()] } else { vec![c] })
                        .collect();
                    (key, snake_case(value))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(snake_case).collect()),
        other => other.clone(),
    }
}

pub(super) fn py_str(text: &str) -> String {
    literal(&Value::String(text.to_owned()), 0)
}

fn py_opt(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), py_str)
}

/// A JSON value as a Python expression, indented by four spaces per level. A JSON string
/// literal as `serde_json` writes it is also a Python string literal with the same value
/// (the same escapes; other characters as UTF-8, Python's source encoding).
#[must_use]
pub fn literal(value: &Value, depth: usize) -> String {
    let pad = |depth: usize| "    ".repeat(depth);
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(number) => number.to_string(),
        Value::String(_) => value.to_string(),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Object(fields) if fields.is_empty() => "{}".into(),
        Value::Array(items) => {
            let inner: Vec<String> =
                items.iter().map(|item| format!("{}{},\n", pad(depth + 1), literal(item, depth + 1))).collect();
            format!("[\n{}{}]", inner.concat(), pad(depth))
        }
        Value::Object(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(key, item)| {
                    format!("{}{}: {},\n", pad(depth + 1), Value::String(key.clone()), literal(item, depth + 1))
                })
                .collect();
            format!("{{\n{}{}}}", inner.concat(), pad(depth))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_becomes_the_same_python_value() {
        let value = json!({"a": [true, false, null, 1.5], "b": "it's \"x\"\n\u{1}☃", "c": {}});
        let text = literal(&value, 0);
        assert_eq!(
            text,
            "{\n    \"a\": [\n        True,\n        False,\n        None,\n        1.5,\n    ],\n    \
             \"b\": \"it's \\\"x\\\"\\n\\u0001☃\",\n    \"c\": {},\n}"
        );
    }

    #[test]
    fn rest_keys_become_sdk_keys() {
        let config = snake_case(&json!({"maxOutputTokens": 5, "thinkingConfig": {"includeThoughts": true}}));
        assert_eq!(config, json!({"max_output_tokens": 5, "thinking_config": {"include_thoughts": true}}));
    }
}
