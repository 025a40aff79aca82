//! `--as curl`: one `curl` command that sends the request again. Credentials come from
//! environment variables when it runs, never from the snippet itself.

use super::SnippetRequest;
use super::shell::{env_or, in_double_quotes, quote};
use crate::routes::sdk::{OpenAiClient, PythonSdk};
use crate::routes::spec::AuthScheme;

/// The command, with its notes as comments above it.
#[must_use]
pub fn render(request: &SnippetRequest) -> String {
    let mut out = super::comments(&request.notes);
    out.push_str(&super::comments(&route_notes(request)));
    let url = format!("\"{}{}\"", env_or(request.base_env(), &request.base_url), in_double_quotes(request.path()));
    let mut args = vec!["curl -sS --no-buffer --fail-with-body".to_owned()];
    if request.route.spec().wire.is_event_stream() {
        // AWS event-stream frames are binary; curl refuses to write them to a terminal otherwise.
        args.push("--output -".into());
    }
    args.push(url);
    args.extend(credential(request));
    args.extend(request.headers.iter().map(|(name, value)| format!("-H {}", quote(&format!("{name}: {value}")))));
    args.push(format!("--data-binary {}", quote(&request.body)));
    out.push_str(&args.join(" \\\n  "));
    out.push('\n');
    out
}

/// The arguments that prove who sends the request, reading every secret from the environment.
fn credential(request: &SnippetRequest) -> Vec<String> {
    if request.route.spec().sdk.python == PythonSdk::OpenAi(OpenAiClient::Direct) {
        return vec![openai_key(request)];
    }
    match request.route.spec().auth {
        AuthScheme::EmulatorKey => vec![r#"-H "x-api-key: ${ANTHROPIC_API_KEY:-routeplay-emulator}""#.into()],
        AuthScheme::AnthropicKey => vec![r#"-H "x-api-key: $ANTHROPIC_API_KEY""#.into()],
        AuthScheme::Aws => {
            let region = request.place.region().unwrap_or_default();
            let service = request.signing_name.unwrap_or("bedrock");
            vec![
                format!("--aws-sigv4 {}", quote(&format!("aws:amz:{region}:{service}"))),
                r#"--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY""#.into(),
                r#"${AWS_SESSION_TOKEN:+-H "x-amz-security-token: $AWS_SESSION_TOKEN"}"#.into(),
            ]
        }
        AuthScheme::GoogleApiKey => vec![r#"-H "x-goog-api-key: $GEMINI_API_KEY""#.into()],
        AuthScheme::OpenAiKey => vec![r#"${OPENAI_API_KEY:+-H "Authorization: Bearer $OPENAI_API_KEY"}"#.into()],
        AuthScheme::GoogleAdc => vec![
            r#"-H "Authorization: Bearer $(gcloud auth application-default print-access-token)""#.into(),
            r#"${GOOGLE_CLOUD_QUOTA_PROJECT:+-H "x-goog-user-project: $GOOGLE_CLOUD_QUOTA_PROJECT"}"#.into(),
        ],
    }
}

/// `OPENAI_API_KEY` as a bearer token, as the `openai` SDK sends it. At a loopback host the
/// key is optional: a local server takes any (or none), the emulator's is not secret.
fn openai_key(request: &SnippetRequest) -> String {
    if request.base_is_loopback() {
        r#"-H "Authorization: Bearer ${OPENAI_API_KEY:-routeplay-emulator}""#.into()
    } else {
        r#"-H "Authorization: Bearer $OPENAI_API_KEY""#.into()
    }
}

/// What the reader needs to know before running it.
fn route_notes(request: &SnippetRequest) -> Vec<String> {
    let mut notes = Vec::new();
    if request.route.spec().sdk.python == PythonSdk::OpenAi(OpenAiClient::Direct) {
        notes.push(if request.base_is_loopback() {
            "A local server (llama-server, vLLM, Ollama) needs no key; OPENAI_BASE_URL moves the host.".into()
        } else {
            "Needs OPENAI_API_KEY; OPENAI_BASE_URL moves the host (to a local server, say).".into()
        });
        return notes;
    }
    match request.route.spec().auth {
        AuthScheme::EmulatorKey => {
            notes.push("For a served emulator: `routeplay emulator --port 8080` (the key is not secret).".into());
        }
        AuthScheme::AnthropicKey => notes.push("Needs ANTHROPIC_API_KEY.".into()),
        AuthScheme::Aws => {
            notes.push(
                "Signs with SigV4 from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN if set)."
                    .into(),
            );
            if let Some(profile) = request.place.profile() {
                notes.push(format!(
                    "For profile {profile}: eval \"$(aws configure export-credentials --profile {} --format env)\"",
                    quote(profile)
                ));
            }
            notes.push("With a Bedrock API key instead: replace --aws-sigv4 and --user with".into());
            notes.push("  -H \"Authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK\"".into());
            if request.path().contains('%') {
                notes.push(
                    "The model id is percent-encoded in the path, and AWS signs it encoded once more: that".into(),
                );
                notes.push("needs a curl with the 2025 SigV4 path fix (curl/curl#17129); older ones get a 403.".into());
            }
        }
        AuthScheme::GoogleApiKey => notes.push("Needs GEMINI_API_KEY (a Google AI Studio key).".into()),
        AuthScheme::OpenAiKey => notes.push("Needs OPENAI_API_KEY (a local server on loopback needs none).".into()),
        AuthScheme::GoogleAdc => {
            notes.push(
                "Needs gcloud with Application Default Credentials (gcloud auth application-default login).".into(),
            );
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;
    use crate::routes::request::ChatRequest;
    use crate::routes::{Place, PlaceKind, Target};
    use crate::snippet::HostSettings;

    fn snippet(route: RouteId, model: &str, region: Option<&str>) -> String {
        let place = match route.spec().place_kind() {
            PlaceKind::Aws => Place::Aws { region: region.map(str::to_owned), profile: None },
            PlaceKind::Vertex => Place::Vertex { location: region.map(str::to_owned), project: Some("p1".into()) },
            PlaceKind::None => Place::None,
        };
        let target = Target { place, ..Target::new(route, model) };
        let host = HostSettings { base_url: None, version: "2023-06-01".into() };
        render(&SnippetRequest::build(&target, &host, &ChatRequest::single("it's \"quoted\" $HOME")).unwrap())
    }

    #[test]
    fn anthropic_reads_the_key_and_the_base_url_from_the_environment() {
        let text = snippet(RouteId::Anthropic, "claude-x", None);
        assert!(text.contains(r#""${ANTHROPIC_BASE_URL:-https://api.anthropic.com}/v1/messages""#), "{text}");
        assert!(text.contains(r#"-H "x-api-key: $ANTHROPIC_API_KEY""#));
        assert!(text.contains("-H 'anthropic-version: 2023-06-01'"));
        assert!(text.contains(r#"--data-binary '{"model":"claude-x","max_tokens":1024,"messages":[{"role":"user","content":"it'\''s \"quoted\" $HOME"}],"stream":true}'"#), "{text}");
        assert!(text.contains("--no-buffer"));
    }

    #[test]
    fn bedrock_signs_with_sigv4_and_sends_the_token_only_when_set() {
        let text = snippet(RouteId::BedrockConverse, "anthropic.x-v1:0", Some("eu-west-1"));
        assert!(text.contains("--aws-sigv4 aws:amz:eu-west-1:bedrock"), "{text}");
        assert!(text.contains(r#"--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY""#));
        assert!(text.contains(r#"${AWS_SESSION_TOKEN:+-H "x-amz-security-token: $AWS_SESSION_TOKEN"}"#));
        assert!(text.contains(
            r#""${AWS_ENDPOINT_URL_BEDROCK_RUNTIME:-${AWS_ENDPOINT_URL:-https://bedrock-runtime.eu-west-1.amazonaws.com}}/model/anthropic.x-v1%3A0/converse-stream""#
        ));
        let mantle = snippet(RouteId::BedrockMantle, "anthropic.x", Some("us-east-1"));
        assert!(mantle.contains("aws:amz:us-east-1:bedrock-mantle"), "{mantle}");
        assert!(!mantle.contains("--output -"));
    }

    #[test]
    fn google_routes_use_their_key_header_or_a_gcloud_token() {
        let gemini = snippet(RouteId::GeminiApi, "gemini-2.5-flash", None);
        assert!(gemini.contains(r#"-H "x-goog-api-key: $GEMINI_API_KEY""#));
        assert!(gemini.contains("${GOOGLE_GEMINI_BASE_URL:-https://generativelanguage.googleapis.com}"), "{gemini}");
        let vertex = snippet(RouteId::VertexGemini, "gemini-2.5-pro", Some("us-east5"));
        assert!(vertex.contains("$(gcloud auth application-default print-access-token)"));
        assert!(vertex.contains("/v1/projects/p1/locations/us-east5/publishers/google/models/gemini-2.5-pro"));
    }
}
