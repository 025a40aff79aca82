//! `routeplay snippet`: runs recorded against a served emulator come back as curl commands that
//! run and stream again, AWS CLI commands, and Python scripts that compile, for every route;
//! and no snippet holds a secret from the environment it was recorded in.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// Distinctive fake secrets: the served emulator accepts this API key, and the AWS pair is the
/// emulator's demo one (any region). None of them may appear in a snippet.
const API_KEY: &str = "sk-ant-rp-snippet-test-7Hq2";
const AWS_KEY_ID: &str = "AKIAROUTEPLAYDEMO01";
const AWS_SECRET: &str = "routeplay-demo-secret-not-a-real-key";
const SESSION_TOKEN: &str = "rp-session-token-snippet-test-3Zx";

/// The environment a route's credential and endpoint come from, pointed at the emulator.
fn served_env(base: &str) -> Vec<(&'static str, String)> {
    vec![
        ("ANTHROPIC_BASE_URL", base.to_owned()),
        ("ANTHROPIC_API_KEY", API_KEY.to_owned()),
        ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", base.to_owned()),
        ("AWS_ACCESS_KEY_ID", AWS_KEY_ID.to_owned()),
        ("AWS_SECRET_ACCESS_KEY", AWS_SECRET.to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
    ]
}

/// `routeplay emulator` on a free port, accepting [`API_KEY`]; killed when dropped.
struct Served(Child, String);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(home: &Path) -> Served {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let child = routeplay_command(home, &["emulator", "--port", &port, "--api-key", API_KEY])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let served = Served(child, format!("http://127.0.0.1:{port}"));
    for _ in 0..200 {
        if std::net::TcpStream::connect(format!("127.0.0.1:{port}")).is_ok() {
            return served;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("the served emulator did not start");
}

/// Ask once and return the new conversation's only run id.
fn ask(home: &Path, env: &[(&str, String)], args: &[&str]) -> String {
    let mut command = routeplay_command(home, &[&["ask"], args].concat());
    command.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    let out = command.output().unwrap();
    assert!(out.status.success(), "ask {args:?}: {}", text(&out.stderr));
    let list: Value =
        serde_json::from_slice(&routeplay_command(home, &["history", "list", "--json"]).output().unwrap().stdout)
            .unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let shown: Value =
        serde_json::from_slice(&routeplay_command(home, &["history", "show", &id, "--json"]).output().unwrap().stdout)
            .unwrap();
    shown["runs"][0]["run_id"].as_i64().expect("history show --json names each run").to_string()
}

fn snippet(home: &Path, id: &str, kind: &str) -> Output {
    routeplay_command(home, &["snippet", id, "--as", kind]).output().unwrap()
}

/// The snippet's text, checked free of every secret of the recording environment.
fn snippet_text(home: &Path, id: &str, kind: &str) -> String {
    let out = snippet(home, id, kind);
    assert!(out.status.success(), "snippet {id} --as {kind}: {}", text(&out.stderr));
    let body = text(&out.stdout);
    for secret in [API_KEY, AWS_KEY_ID, AWS_SECRET, SESSION_TOKEN] {
        assert!(!body.contains(secret), "the {kind} snippet holds {secret}:\n{body}");
    }
    body
}

/// Whether `program --version` runs; a skip message when not.
fn have(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok_and(|out| out.status.success());
    if !found {
        eprintln!("skipped: no {program} on this machine");
    }
    found
}

/// Run a snippet with `sh -c` in this process's environment minus every credential and
/// endpoint variable, plus `env`.
fn run_sh(script: &str, env: &[(&str, String)]) -> Output {
    let mut command = Command::new("sh");
    command.arg("-c").arg(script);
    for (name, _) in std::env::vars() {
        if ["AWS_", "ANTHROPIC_", "GOOGLE_", "GEMINI_"].iter().any(|prefix| name.starts_with(prefix)) {
            command.env_remove(name);
        }
    }
    command.env("AWS_CONFIG_FILE", "/nonexistent").env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    command.env("AWS_EC2_METADATA_DISABLED", "true");
    command.envs(env.iter().map(|(k, v)| (*k, v.as_str()))).output().unwrap()
}

#[test]
fn curl_and_aws_snippets_send_the_stored_request_again() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let served = serve(home);
    let env = served_env(&served.1);
    let tricky = "It's a \"quoted\" $HOME `test` \\ prompt";
    let anthropic = ask(home, &env, &["--route", "anthropic", "--model", "emulator-sonnet", tricky]);
    let colon = "anthropic.emulator-sonnet-v1:0";
    let converse_colon =
        ask(home, &env, &["--route", "bedrock-converse", "--model", colon, "--region", "us-east-1", "Hi"]);
    let plain = "anthropic.emulator-sonnet-v1";
    let converse = ask(home, &env, &["--route", "bedrock-converse", "--model", plain, "--region", "us-east-1", "Hi"]);
    let invoke = ask(home, &env, &["--route", "bedrock-invoke", "--model", plain, "--region", "us-east-1", "Hey"]);

    let curl = snippet_text(home, &anthropic, "curl");
    assert!(curl.contains(r#"-H "x-api-key: $ANTHROPIC_API_KEY""#) && curl.contains("anthropic-version"), "{curl}");
    assert!(curl.contains("${ANTHROPIC_BASE_URL:-https://api.anthropic.com}") && curl.contains("--no-buffer"));
    let converse_curl = snippet_text(home, &converse_colon, "curl");
    assert!(converse_curl.contains("--aws-sigv4 aws:amz:us-east-1:bedrock"), "{converse_curl}");
    assert!(converse_curl.contains("/model/anthropic.emulator-sonnet-v1%3A0/converse-stream"), "{converse_curl}");
    assert!(converse_curl.contains(r#"${AWS_SESSION_TOKEN:+-H "x-amz-security-token: $AWS_SESSION_TOKEN"}"#));

    if have("curl") {
        let out = run_sh(&curl, &env);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stream = text(&out.stdout);
        assert!(stream.contains("event: message_stop"), "{stream}");
        assert!(stream.contains("quoted"), "the prompt arrived whole: {stream}");

        let mut with_token = env.clone();
        with_token.push(("AWS_SESSION_TOKEN", SESSION_TOKEN.to_owned()));
        for (id, env) in [(&converse, &env), (&invoke, &with_token)] {
            let out = run_sh(&snippet_text(home, id, "curl"), env);
            assert!(out.status.success(), "--fail-with-body: HTTP 2xx expected: {}", text(&out.stderr));
            assert!(out.stdout.windows(11).any(|w| w == b":event-type"), "an event stream: {:?}", text(&out.stdout));
        }
        // The `:` travels as `%3A`; AWS signs that encoded once more, which older curls do not.
        let out = run_sh(&converse_curl, &env);
        if !out.status.success() {
            let curl_version = text(&Command::new("curl").arg("--version").output().unwrap().stdout);
            assert!(text(&out.stdout).contains("signature"), "{}{}", text(&out.stdout), text(&out.stderr));
            eprintln!(
                "note: {} signs the percent-encoded model id only once (no curl/curl#17129): 403 as AWS would",
                curl_version.lines().next().unwrap_or_default()
            );
        }
    }

    let aws = snippet_text(home, &converse_colon, "aws");
    assert!(aws.contains("aws bedrock-runtime converse") && aws.contains("--model-id anthropic.emulator-sonnet-v1:0"));
    assert!(aws.contains("--region us-east-1") && aws.contains("--messages '["), "{aws}");
    let invoke_aws = snippet_text(home, &invoke, "aws");
    assert!(invoke_aws.contains("aws bedrock-runtime invoke-model") && invoke_aws.contains("--cli-binary-format"));
    if have("aws") {
        let out = run_sh(&aws, &env);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("\"stopReason\": \"end_turn\""), "{}", text(&out.stdout));
    }
    let refused = snippet(home, &anthropic, "aws");
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("covers bedrock-invoke and bedrock-converse"), "{}", text(&refused.stderr));
}

#[test]
fn python_snippets_compile_for_every_route() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let served = serve(home);
    let env = served_env(&served.1);
    let mut runs = vec![
        ("anthropic", ask(home, &env, &["--route", "anthropic", "--model", "emulator-sonnet", "Hi"])),
        ("emulator", ask(home, &env, &["--route", "emulator", "--system", "Be brief.", "Hi"])),
    ];
    let sonnet = "anthropic.emulator-sonnet-v1:0";
    for (route, model) in [
        ("bedrock-mantle", sonnet),
        ("bedrock-invoke", sonnet),
        ("bedrock-converse", sonnet),
        ("gemini-api", "gemini-2.5-flash"),
        ("vertex-gemini", "gemini-2.5-pro"),
        ("vertex-claude", "claude-sonnet-4-5@20250929"),
        ("openai", "openai/gpt-oss-120b"),
        ("bedrock-openai", "openai.gpt-oss-120b"),
        ("vertex-openai", "meta/llama-3.3-70b-instruct-maas"),
    ] {
        let args = ["--demo", "--route", route, "--model", model, "--temperature", "0.7", "--stop", "END", "Hi"];
        runs.push((route, ask(home, &env, &args)));
    }
    let dir = tempfile::tempdir().unwrap();
    let python = have("python3");
    for (route, id) in &runs {
        let script = snippet_text(home, id, "python");
        assert!(script.contains("print(") && script.contains(&format!("· {route} ·")), "{script}");
        let curl = snippet_text(home, id, "curl");
        assert!(curl.contains("--data-binary '{"), "{curl}");
        if python {
            let file = dir.path().join(format!("{}.py", route.replace('-', "_")));
            std::fs::write(&file, &script).unwrap();
            let out = Command::new("python3").arg("-m").arg("py_compile").arg(&file).output().unwrap();
            assert!(out.status.success(), "{route}: {}\n{script}", text(&out.stderr));
        }
    }
    let mantle = snippet(home, &runs[2].1, "aws");
    assert!(text(&mantle.stderr).contains("bedrock-mantle has no AWS CLI command"), "{}", text(&mantle.stderr));
    let vertex = snippet_text(home, &runs[7].1, "python");
    assert!(
        vertex.contains("anthropic.AnthropicVertex(") && vertex.contains("project_id=\"routeplay-demo\""),
        "{vertex}"
    );
    let mantle_openai = snippet_text(home, &runs[9].1, "python");
    assert!(mantle_openai.contains("openai.BedrockOpenAI("), "{mantle_openai}");
    let vertex_openai = snippet_text(home, &runs[10].1, "curl");
    assert!(vertex_openai.contains("/endpoints/openapi/chat/completions"), "{vertex_openai}");
    assert!(vertex_openai.contains("print-access-token"), "{vertex_openai}");
}

#[test]
fn a_conversation_id_means_its_last_run_and_out_writes_a_file() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let out = routeplay_command(home, &["ask", "Hello"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Value =
        serde_json::from_slice(&routeplay_command(home, &["history", "list", "--json"]).output().unwrap().stdout)
            .unwrap();
    let conversation = list[0]["id"].as_i64().unwrap().to_string();
    let file = home.join("again.py");
    let out = routeplay_command(home, &["snippet", &conversation, "--as", "python", "--out", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("is a conversation; using its last run"), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&file).unwrap().contains("client.messages.stream(**request)"));
    let missing = snippet(home, "42", "curl");
    assert!(text(&missing.stderr).contains("no run or conversation 42"), "{}", text(&missing.stderr));
    let bad = snippet(home, &conversation, "ruby");
    assert!(text(&bad.stderr).contains("curl, aws or python"), "{}", text(&bad.stderr));
}
