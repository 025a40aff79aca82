//! `routeplay doctor` as a user runs it: against the built-in emulator (`--demo`: every route
//! ready, offline, and the JSON shape), and against loopback servers for each failure it names:
//! a refused connection, an untrusted certificate, a clock 10 minutes off, a model without
//! access, and STS refusing the identity. Nothing leaves 127.0.0.1.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/loopback.rs"]
mod loopback;
#[path = "support/scripted.rs"]
mod scripted;
#[path = "support/tls.rs"]
mod tls;

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use cli::{routeplay_command, text};
use serde_json::Value;
use std::process::Command;
use std::time::{Duration, SystemTime};

/// A doctor run with nothing of the test's environment, no instance metadata probe.
fn doctor(home: &std::path::Path, args: &[&str]) -> Command {
    let mut all = vec!["doctor"];
    all.extend_from_slice(args);
    let mut command = routeplay_command(home, &all);
    command.env("AWS_EC2_METADATA_DISABLED", "true");
    command
}

/// Run it; the exit code and the JSON report.
fn json_report(command: &mut Command) -> (i32, Vec<Value>) {
    let output = command.output().expect("runs");
    let stdout = text(&output.stdout);
    let rows: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", text(&output.stderr)));
    (output.status.code().expect("exit code"), rows.as_array().expect("an array").clone())
}

/// The check named `name` of `row`.
fn check<'a>(row: &'a Value, name: &str) -> &'a Value {
    row["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} in {row}"))
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

#[test]
fn demo_shows_every_route_ready_offline_in_json_and_text() {
    let home = tempfile::tempdir().expect("home");
    let (code, rows) = json_report(&mut doctor(home.path(), &["--demo", "--json"]));
    assert_eq!(code, 0, "{rows:?}");
    assert_eq!(rows.len(), routeplay::routes::RouteId::ALL.len(), "every route has a row");
    for row in &rows {
        if row["route"] == "anthropic" {
            assert!(row["skipped"].as_str().is_some_and(|why| why.contains("--demo")), "{row}");
            continue;
        }
        assert_eq!(row["ready"], true, "{row}");
        assert!(row["model"].as_str().is_some_and(|model| !model.is_empty()), "{row}");
        assert_eq!(check(row, "credential")["status"], "ok", "{row}");
        assert_eq!(check(row, "connect")["status"], "ok", "{row}");
        for check in row["checks"].as_array().expect("checks") {
            assert!(check["check"].is_string() && check["detail"].is_string(), "{check}");
            assert!(["ok", "unconfirmed", "skipped"].contains(&check["status"].as_str().unwrap_or("")), "{check}");
        }
    }
    let invoke = rows.iter().find(|row| row["route"] == "bedrock-invoke").expect("bedrock-invoke");
    assert_eq!(check(invoke, "identity")["status"], "ok");
    assert!(check(invoke, "identity")["detail"].as_str().unwrap_or("").contains("arn:aws:iam::"), "{invoke}");
    assert_eq!(check(invoke, "authorization")["status"], "ok");
    assert_eq!(check(invoke, "profile")["status"], "ok");
    let claude = rows.iter().find(|row| row["route"] == "vertex-claude").expect("vertex-claude");
    assert_eq!(check(claude, "model")["status"], "ok", "{claude}");

    let output = doctor(home.path(), &["--demo", "--route", "bedrock-converse", "--probe"]).output().expect("runs");
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let cost = stdout.find(" cost ").expect("the cost line");
    let probe = stdout.find("✓ probe").expect("the probe line");
    assert!(cost < probe, "the cost is shown before the probe: {stdout}");
    assert!(stdout.contains("→ ready"), "{stdout}");
}

#[test]
fn bad_usage_exits_2() {
    let home = tempfile::tempdir().expect("home");
    let output = doctor(home.path(), &["--model", "m"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--model needs --route"));
    let output = doctor(home.path(), &["--route", "nowhere"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("unknown route"));
}

#[test]
fn a_closed_port_is_a_refused_connection_with_its_fix() {
    let home = tempfile::tempdir().expect("home");
    let port = closed_port();
    let mut command = doctor(home.path(), &["--route", "anthropic", "--json"]);
    command.env("ANTHROPIC_API_KEY", "sk-test").env("ANTHROPIC_BASE_URL", format!("http://127.0.0.1:{port}"));
    let (code, rows) = json_report(&mut command);
    assert_eq!(code, 1);
    let connect = check(&rows[0], "connect");
    assert_eq!(connect["status"], "failed", "{connect}");
    assert!(connect["fix"].as_str().unwrap_or("").contains("port"), "{connect}");
    assert_eq!(check(&rows[0], "model")["status"], "skipped");
    assert_eq!(rows[0]["ready"], false);
}

#[test]
fn an_untrusted_certificate_fails_tls_and_a_trusted_one_passes() {
    let home = tempfile::tempdir().expect("home");
    let answer = scripted::response("200 OK", "", "application/json", r#"{"id":"claude-x","type":"model"}"#);
    let url = tls::serve(answer, Duration::from_secs(30)).replace("127.0.0.1", "localhost");
    let mut command = doctor(home.path(), &["--route", "anthropic", "--model", "claude-x", "--json"]);
    command.env("ANTHROPIC_API_KEY", "sk-test").env("ANTHROPIC_BASE_URL", &url);
    let (code, rows) = json_report(&mut command);
    assert_eq!(code, 1);
    assert_eq!(check(&rows[0], "dns")["status"], "ok", "localhost resolves on the machine");
    let tls_check = check(&rows[0], "tls");
    assert_eq!(tls_check["status"], "failed", "{tls_check}");
    assert!(tls_check["detail"].as_str().unwrap_or("").contains("certificate"), "{tls_check}");
    assert!(tls_check["fix"].as_str().unwrap_or("").contains("SSL_CERT_FILE"), "{tls_check}");

    let (code, rows) = json_report(command.env("AWS_CA_BUNDLE", tls::CA));
    assert_eq!(check(&rows[0], "tls")["status"], "ok", "{:?}", rows[0]);
    assert_eq!(check(&rows[0], "model")["status"], "ok", "{:?}", rows[0]);
    assert_eq!(code, 0, "{:?}", rows[0]);
}

/// What the Bedrock stand-in answers: the host root (with its `Date`), STS, availability.
struct Aws {
    date: String,
    sts: String,
    availability: String,
}

impl Default for Aws {
    fn default() -> Self {
        let identity = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
            <GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/tester</Arn><UserId>AIDATEST</UserId>\
            <Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId>\
            </ResponseMetadata></GetCallerIdentityResponse>";
        Self {
            date: http_date(0),
            sts: scripted::response("200 OK", "", "text/xml", identity),
            availability: availability("AVAILABLE", "AUTHORIZED", "AVAILABLE"),
        }
    }
}

fn http_date(offset_secs: i64) -> String {
    let now = DateTime::from(SystemTime::now()).secs();
    DateTime::from_secs(now + offset_secs).fmt(Format::HttpDate).expect("a date")
}

fn availability(agreement: &str, authorization: &str, entitlement: &str) -> String {
    let body = format!(
        r#"{{"modelId":"anthropic.claude-sonnet-4-5-20250929-v1:0","agreementAvailability":{{"status":"{agreement}","errorMessage":"the offer was not accepted"}},"authorizationStatus":"{authorization}","entitlementAvailability":"{entitlement}","regionAvailability":"AVAILABLE"}}"#
    );
    scripted::response("200 OK", "", "application/json", &body)
}

/// `doctor --route bedrock-invoke --json` against a stand-in answering as `aws` says.
fn bedrock_doctor(aws: Aws) -> (i32, Value) {
    let home = tempfile::tempdir().expect("home");
    let root = scripted::response("404 Not Found", &format!("date: {}\r\n", aws.date), "text/plain", "");
    let url = scripted::serve(vec![
        ("HEAD / ", root),
        ("POST / ", aws.sts),
        ("GET /foundation-model-availability/anthropic.claude-sonnet-4-5-20250929-v1%3A0 ", aws.availability),
    ]);
    let model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    let mut command = doctor(home.path(), &["--route", "bedrock-invoke", "--model", model, "--json"]);
    command
        .env("AWS_ACCESS_KEY_ID", "AKIDTESTDOCTOR")
        .env("AWS_SECRET_ACCESS_KEY", "doctor-test-secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", &url);
    let (code, mut rows) = json_report(&mut command);
    (code, rows.remove(0))
}

#[test]
fn a_healthy_stand_in_is_ready() {
    let (code, row) = bedrock_doctor(Aws::default());
    assert_eq!(code, 0, "{row}");
    assert!(check(&row, "identity")["detail"].as_str().unwrap_or("").contains("user/tester"), "{row}");
    assert_eq!(check(&row, "agreement")["status"], "unconfirmed", "{row}");
}

#[test]
fn a_clock_ten_minutes_off_fails_a_signing_route() {
    let (code, row) = bedrock_doctor(Aws { date: http_date(-600), ..Aws::default() });
    assert_eq!(code, 1);
    let clock = check(&row, "clock");
    assert_eq!(clock["status"], "failed", "{row}");
    // HTTP dates have whole seconds, so the skew read back may be a second more.
    let detail = clock["detail"].as_str().unwrap_or("");
    let seconds: Option<u64> = detail.split(" s ahead").next().and_then(|head| head.rsplit(' ').next()?.parse().ok());
    assert!(seconds.is_some_and(|s| (599..=602).contains(&s)), "{clock}");
    assert!(clock["fix"].as_str().unwrap_or("").contains("clock"), "{clock}");
}

#[test]
fn a_model_without_access_names_what_is_missing() {
    let (code, row) = bedrock_doctor(Aws {
        availability: availability("ERROR", "NOT_AUTHORIZED", "NOT_AVAILABLE"),
        ..Aws::default()
    });
    assert_eq!(code, 1);
    for name in ["authorization", "entitlement", "agreement"] {
        let failed = check(&row, name);
        assert_eq!(failed["status"], "failed", "{row}");
        assert!(failed["fix"].is_string(), "{failed}");
    }
    assert!(check(&row, "agreement")["detail"].as_str().unwrap_or("").contains("the offer was not accepted"));
    assert_eq!(check(&row, "region")["status"], "ok");
}

#[test]
fn sts_refusing_the_identity_is_a_failure_with_the_fix() {
    let refused = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
        <Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message>\
        </Error><RequestId>r2</RequestId></ErrorResponse>";
    let (code, row) =
        bedrock_doctor(Aws { sts: scripted::response("403 Forbidden", "", "text/xml", refused), ..Aws::default() });
    assert_eq!(code, 1);
    let identity = check(&row, "identity");
    assert_eq!(identity["status"], "failed", "{row}");
    assert!(identity["detail"].as_str().unwrap_or("").contains("InvalidClientTokenId"), "{identity}");
    assert!(identity["fix"].is_string(), "{identity}");
}
