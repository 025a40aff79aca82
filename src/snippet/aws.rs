//! `--as aws`: the AWS CLI command for a Bedrock run.
//!
//! The AWS CLI has no command for the streaming operations (its `bedrock-runtime` commands are
//! `converse` and `invoke-model`, not `converse-stream` or `invoke-model-with-response-stream`),
//! so the snippet sends the same body to the non-streaming operation and the answer arrives
//! whole. Credentials, the profile's region and `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` are read by
//! the CLI itself.

use super::SnippetRequest;
use super::shell::quote;
use crate::routes::RouteId;
use crate::routes::sdk::AwsCli;

/// The command, or why the route has none.
pub fn render(request: &SnippetRequest) -> Result<String, String> {
    let mut out = super::comments(&request.notes);
    let model = format!("--model-id {}", quote(&request.model));
    let command = request.route.spec().sdk.aws_cli;
    let mut args = match command {
        AwsCli::Converse => {
            out.push_str("# The AWS CLI has no converse-stream command: this sends the same body to Converse.\n");
            let mut args = vec!["aws bedrock-runtime converse".to_owned(), model];
            if let Some(fields) = request.body_json().as_object() {
                for (name, value) in fields {
                    args.push(format!("--{} {}", kebab_case(name), quote(&value.to_string())));
                }
            }
            args
        }
        AwsCli::InvokeModel => {
            out.push_str(
                "# The AWS CLI has no invoke-model-with-response-stream command: this sends the same body to\n\
                 # InvokeModel and writes the answer to standard output. --cli-binary-format is AWS CLI v2's.\n",
            );
            vec![
                "aws bedrock-runtime invoke-model".to_owned(),
                model,
                "--content-type application/json --accept application/json".into(),
                format!("--body {}", quote(&request.body)),
                "--cli-binary-format raw-in-base64-out".into(),
            ]
        }
        AwsCli::Unavailable { why } => return Err(unavailable(request.route, why)),
    };
    if let Some(region) = request.place.region() {
        args.push(format!("--region {}", quote(region)));
    }
    if let Some(profile) = request.place.profile() {
        args.push(format!("--profile {}", quote(profile)));
    }
    if command == AwsCli::InvokeModel {
        args.push("/dev/stdout".into());
    }
    out.push_str(&args.join(" \\\n  "));
    out.push('\n');
    Ok(out)
}

/// Why `route` has no command, and which routes have one.
fn unavailable(route: RouteId, why: Option<&str>) -> String {
    let covered: Vec<&str> = RouteId::ALL
        .into_iter()
        .filter(|route| !matches!(route.spec().sdk.aws_cli, AwsCli::Unavailable { .. }))
        .map(RouteId::name)
        .collect();
    let why = why.map(|why| format!(": {why}")).unwrap_or_default();
    format!(
        "{route} has no AWS CLI command{why}; --as aws covers {} (use --as curl or --as python)",
        covered.join(" and ")
    )
}

/// `inferenceConfig` → `inference-config`: a Converse member's CLI option name.
fn kebab_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::request::ChatRequest;
    use crate::routes::{Place, Target};
    use crate::snippet::HostSettings;

    fn snippet(route: RouteId) -> Result<String, String> {
        let place = Place::Aws { region: Some("us-west-2".into()), profile: None };
        let target = Target { place, ..Target::new(route, "anthropic.x-v1:0") };
        let mut request = ChatRequest::single("Hi");
        request.system = Some("Be brief.".into());
        let host = HostSettings { base_url: None, version: "2023-06-01".into() };
        render(&SnippetRequest::build(&target, &host, &request).unwrap())
    }

    #[test]
    fn converse_passes_each_body_member_as_its_option() {
        let text = snippet(RouteId::BedrockConverse).unwrap();
        assert!(text.contains("aws bedrock-runtime converse \\\n  --model-id anthropic.x-v1:0"), "{text}");
        assert!(text.contains(r#"--messages '[{"content":[{"text":"Hi"}],"role":"user"}]'"#), "{text}");
        assert!(text.contains(r#"--system '[{"text":"Be brief."}]'"#));
        assert!(text.contains(r#"--inference-config '{"maxTokens":1024}'"#));
        assert!(text.ends_with("--region us-west-2\n"));
    }

    #[test]
    fn invoke_sends_the_raw_body_and_writes_to_stdout() {
        let text = snippet(RouteId::BedrockInvoke).unwrap();
        assert!(text.contains("--body '{\"anthropic_version\":\"bedrock-2023-05-31\""), "{text}");
        assert!(text.contains("--cli-binary-format raw-in-base64-out"));
        assert!(text.ends_with("/dev/stdout\n"));
    }

    #[test]
    fn routes_without_a_cli_command_say_so() {
        assert!(snippet(RouteId::BedrockMantle).unwrap_err().contains("bedrock-mantle has no AWS CLI command"));
        let place = Place::Vertex { location: None, project: Some("p".into()) };
        let target = Target { place, ..Target::new(RouteId::VertexClaude, "c") };
        let vertex = SnippetRequest::build(&target, &HostSettings::default(), &ChatRequest::single("x")).unwrap();
        let error = render(&vertex).unwrap_err();
        assert!(error.contains("covers bedrock-invoke and bedrock-converse"), "{error}");
    }
}
