//! Error lines as `routeplay ask` prints them, against loopback servers: each names the real
//! cause and a fix that fits the command line. A cut connection and a stream the server ended
//! cleanly but early, a refused port, a rejected key, an unusable `AWS_CA_BUNDLE`, and a Bedrock
//! API key that would go over plain http to another host (refused before anything is sent).

#[path = "support/cli.rs"]
mod cli;
#[path = "support/loopback.rs"]
mod loopback;

use loopback::{accept_for, read_request};
use std::io::{BufReader, Write};
use std::net::TcpListener;
use std::ops::ControlFlow;
use std::process::Output;
use std::time::{Duration, Instant};

/// A bound, not a benchmark: every case here fails at once.
const QUICK: Duration = Duration::from_secs(20);

const SSE_START: &str = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n";

/// Serves one request on loopback with the raw bytes `answer`, then closes the connection;
/// returns the base URL. The thread ends after that one request, or after [`QUICK`].
fn answer_once(answer: String) -> String {
    let address = accept_for(QUICK, move |socket| {
        let mut reader = BufReader::new(socket);
        if read_request(&mut reader).is_some() {
            let _ = reader.get_mut().write_all(answer.as_bytes());
        }
        ControlFlow::Break(())
    });
    format!("http://{address}")
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

/// `routeplay ask ARGS "Hi"` with `env` only, within [`QUICK`]; its stderr.
fn ask(args: &[&str], env: &[(&str, &str)]) -> (Output, String) {
    let home = tempfile::tempdir().expect("home");
    let started = Instant::now();
    let output = cli::routeplay_command(home.path(), &[&["ask"], args, &["Hi"]].concat())
        .envs(env.iter().copied())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run routeplay");
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
    let stderr = cli::text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    (output, stderr)
}

fn anthropic(base: &str) -> (Output, String) {
    ask(
        &["--route", "anthropic", "--model", "claude-test"],
        &[("ANTHROPIC_BASE_URL", base), ("ANTHROPIC_API_KEY", "k")],
    )
}

#[test]
fn a_connection_cut_mid_body_names_the_cause_not_the_decoder() {
    // Chunked, and the socket closes inside the body: no terminating chunk.
    let chunk = format!("{:x}\r\n{SSE_START}\r\n", SSE_START.len());
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    let (_, stderr) = anthropic(&answer_once(format!("{head}{chunk}")));
    assert!(stderr.contains("connection cut mid-stream:"), "{stderr}");
    assert!(!stderr.contains("error decoding response body"), "reqwest's words hide the cause: {stderr}");
    assert!(!stderr.contains("closed it early"), "{stderr}");
}

#[test]
fn a_stream_closed_cleanly_without_its_stop_event_says_so() {
    // Chunked with its terminating chunk: the body ended properly, the stream did not.
    let chunk = format!("{:x}\r\n{SSE_START}\r\n0\r\n\r\n", SSE_START.len());
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    let (_, stderr) = anthropic(&answer_once(format!("{head}{chunk}")));
    assert!(stderr.contains("the stream ended without message_stop (the server closed it early)"), "{stderr}");
    assert!(!stderr.contains("connection cut"), "{stderr}");
}

#[test]
fn a_refused_port_is_named_with_the_fix_to_check_it() {
    let port = closed_port();
    let (_, stderr) = anthropic(&format!("http://127.0.0.1:{port}"));
    assert!(stderr.contains(&format!("nothing accepts connections at 127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.to_ascii_lowercase().contains("connection refused"), "{stderr}");
    assert!(stderr.contains("check the port"), "{stderr}");
    assert!(!stderr.contains("client error (Connect)"), "{stderr}");
}

#[test]
fn a_rejected_key_names_where_it_came_from_and_no_place_on_screen() {
    let body = r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#;
    let answer = format!(
        "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let (_, stderr) = anthropic(&answer_once(answer));
    assert!(stderr.contains("the key from ANTHROPIC_API_KEY (env) was rejected"), "{stderr}");
    assert!(!stderr.contains("sidebar"), "the command line has no sidebar: {stderr}");
}

fn bedrock(env: &[(&str, &str)]) -> String {
    ask(&["--route", "bedrock-invoke", "--model", "anthropic.claude-test-v1:0"], env).1
}

#[test]
fn an_unusable_aws_ca_bundle_fails_bedrock_runs_naming_the_variable_and_file() {
    let stderr = bedrock(&[("AWS_CA_BUNDLE", "/nonexistent/corp-ca.pem"), ("AWS_REGION", "us-east-1")]);
    assert!(stderr.contains("AWS_CA_BUNDLE names /nonexistent/corp-ca.pem, which cannot be opened"), "{stderr}");
}

#[test]
fn a_readable_aws_ca_bundle_is_taken() {
    let bundle = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs/test-ca.pem");
    // No credentials: the run gets past the bundle to the credential chain.
    let stderr = bedrock(&[("AWS_CA_BUNDLE", bundle), ("AWS_REGION", "us-east-1")]);
    assert!(!stderr.contains("AWS_CA_BUNDLE"), "{stderr}");
    assert!(stderr.contains("no AWS credentials found"), "{stderr}");
}

#[test]
fn a_bedrock_api_key_is_never_sent_over_plain_http_to_another_host() {
    // 10.0.0.1 is never connected to: the refusal comes before anything is sent.
    let stderr = bedrock(&[
        ("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-secret"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://10.0.0.1:8080"),
    ]);
    assert!(stderr.contains("refusing to send the Bedrock API key to 10.0.0.1 over plain http"), "{stderr}");
    assert!(stderr.contains("unencrypted") && stderr.contains("https://"), "{stderr}");
    assert!(!stderr.contains("bedrock-api-key-secret"), "{stderr}");
}

#[test]
fn a_bedrock_api_key_goes_over_plain_http_to_loopback() {
    let body = r#"{"message":"stand-in refuses"}"#;
    let answer = format!(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let base = answer_once(answer);
    let stderr = bedrock(&[
        ("AWS_BEARER_TOKEN_BEDROCK", "k"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", &base),
    ]);
    assert!(stderr.contains("stand-in refuses"), "the request reached the loopback server: {stderr}");
}
