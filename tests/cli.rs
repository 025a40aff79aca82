//! The command line as a user runs it: the real binary, an empty HOME, no credentials.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn routeplay(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_routeplay"));
    command
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .env("ROUTEPLAY_CONFIG_DIR", home.path().join("config"))
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn ask_streams_an_answer_from_the_emulator_by_default() {
    let out = routeplay(&["ask", "What is a route?"], &[], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let answer = text(&out.stdout);
    assert!(answer.contains("What is a route?"), "the emulator quotes the prompt: {answer}");
    assert!(answer.ends_with('\n'));
}

#[test]
fn ask_reads_the_prompt_from_standard_input() {
    let out = routeplay(&["ask", "--max-tokens", "20"], &[], Some("piped prompt"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).trim().is_empty());
}

#[test]
fn ask_json_prints_one_record_with_usage_timings_and_request_id() {
    let out = routeplay(&["ask", "--json", "--model", "emulator-thinking", "Hi"], &[], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON record");
    assert_eq!(record["route"], "emulator");
    assert_eq!(record["status"], "done");
    assert_eq!(record["stop_reason"], "end_turn");
    assert!(record["text"].as_str().unwrap().contains("Hi"));
    assert!(!record["thinking"].as_str().unwrap().is_empty());
    assert!(record["usage"]["output_tokens"].as_u64().unwrap() > 0);
    assert!(record["timings"]["time_to_first_token_seconds"].is_number());
    assert!(record["request_id"].as_str().unwrap().starts_with("req_"));
}

#[test]
fn a_failed_ask_prints_one_line_naming_route_model_and_cause_and_exits_non_zero() {
    let out = routeplay(&["ask", "--model", "emulator-sonnet-fault-error-mid-stream", "Hi"], &[], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("emulator · emulator-sonnet-fault-error-mid-stream"), "{stderr}");
    assert!(stderr.contains("overloaded_error"), "{stderr}");
}

#[test]
fn a_stream_cut_before_its_final_event_is_a_failure() {
    let out = routeplay(&["ask", "--model", "emulator-sonnet-fault-cut", "Hi"], &[], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("connection cut"), "{}", text(&out.stderr));
}

#[test]
fn ask_on_the_anthropic_route_without_a_key_says_how_to_add_one() {
    let out = routeplay(&["ask", "--route", "anthropic", "Hi"], &[], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("ANTHROPIC_API_KEY"), "{}", text(&out.stderr));
}

#[test]
fn an_unknown_route_is_named_with_the_known_ones() {
    let out = routeplay(&["ask", "--route", "pigeon", "Hi"], &[], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("pigeon") && stderr.contains("anthropic"), "{stderr}");
}

#[test]
fn routes_lists_sources_but_never_secrets() {
    let secret = "sk-ant-api03-DISTINCTIVE-FAKE-SECRET";
    let out = routeplay(&["routes", "--json"], &[("ANTHROPIC_API_KEY", secret)], None);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(!stdout.contains(secret), "{stdout}");
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let anthropic = rows.as_array().unwrap().iter().find(|r| r["route"] == "anthropic").unwrap();
    assert_eq!(anthropic["credential"]["status"], "ready");
    assert_eq!(anthropic["credential"]["source"], "ANTHROPIC_API_KEY (env)");

    let table = routeplay(&["routes"], &[], None);
    let table = text(&table.stdout);
    assert!(table.contains("anthropic") && table.contains("missing"), "{table}");
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in [vec!["--help"], vec!["ask", "--help"], vec!["routes", "--help"], vec!["emulator", "--help"]] {
        let out = routeplay(&command, &[], None);
        assert!(out.status.success());
        assert!(text(&out.stdout).contains("Examples:"), "{command:?}");
    }
}

#[test]
fn asks_help_names_every_route() {
    let help = text(&routeplay(&["ask", "--help"], &[], None).stdout);
    for route in routeplay::routes::RouteId::ALL {
        assert!(help.contains(route.name()), "{route} missing from: {help}");
    }
}

#[test]
fn a_served_emulator_logs_requests_with_the_key_masked() {
    let secret = "sk-ant-api03-DISTINCTIVE-FAKE-SECRET-0042";
    let home = tempfile::tempdir().unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let server = Command::new(env!("CARGO_BIN_EXE_routeplay"))
        .args(["emulator", "--port", &port.to_string(), "--api-key", secret, "--tokens-per-second", "0"])
        .env_clear()
        .env("HOME", home.path())
        .env("ROUTEPLAY_CONFIG_DIR", home.path().join("config"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base_url = format!("http://127.0.0.1:{port}");
    let env = [("ANTHROPIC_API_KEY", secret), ("ANTHROPIC_BASE_URL", base_url.as_str())];
    let mut answered = None;
    for _ in 0..100 {
        let out = routeplay(&["ask", "--route", "anthropic", "--model", "emulator-sonnet", "Hi"], &env, None);
        if out.status.success() {
            answered = Some(out);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = answered.expect("the served emulator answered");
    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    let log = text(&server.wait_with_output().unwrap().stderr);
    assert!(log.contains("POST /v1/messages"), "{log}");
    for place in [log.as_str(), &text(&out.stdout), &text(&out.stderr)] {
        assert!(!place.contains(secret), "the key leaked: {place}");
    }
    assert!(log.contains("sk-a…0042"), "the key shows masked: {log}");
}

#[test]
fn ask_in_demo_mode_streams_on_every_bedrock_route_with_a_colon_in_the_model_id() {
    for (route, model) in [
        ("bedrock-mantle", "anthropic.emulator-sonnet"),
        ("bedrock-invoke", "anthropic.emulator-sonnet-v1:0"),
        ("bedrock-converse", "us.anthropic.emulator-sonnet-v1:0"),
    ] {
        let out = routeplay(&["ask", "--demo", "--route", route, "--model", model, "--json", "Sign this"], &[], None);
        assert!(out.status.success(), "{route}: {}", text(&out.stderr));
        let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(record["status"], "done", "{route}");
        assert!(record["text"].as_str().unwrap().contains("Sign this"), "{route}");
        assert!(record["credential_source"].as_str().unwrap().contains("demo credentials"), "{route}");
    }
}

#[test]
fn bedrock_without_aws_configuration_says_what_is_missing_and_how_to_add_it() {
    let out = routeplay(&["ask", "--route", "bedrock-converse", "--model", "amazon.nova-lite-v1:0", "Hi"], &[], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bedrock-converse") && stderr.contains("AWS_REGION"), "{stderr}");

    let routes = routeplay(
        &["routes", "--json"],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEFAKE0001"),
            ("AWS_SECRET_ACCESS_KEY", "fake-secret-DISTINCTIVE-42"),
            ("AWS_REGION", "eu-west-1"),
        ],
        None,
    );
    let stdout = text(&routes.stdout);
    assert!(!stdout.contains("fake-secret-DISTINCTIVE-42"), "{stdout}");
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let invoke = rows.as_array().unwrap().iter().find(|r| r["route"] == "bedrock-invoke").unwrap();
    assert_eq!(invoke["credential"]["status"], "ready");
    assert_eq!(invoke["credential"]["source"], "environment (AWS_ACCESS_KEY_ID) · eu-west-1");
}

/// `routeplay routes --json`'s Bedrock source label, with `files` written under a fresh HOME
/// (`HOME_PLACEHOLDER` in a file or a variable stands for its path) and `env` set, in
/// `eu-west-1` and with instance metadata off.
fn bedrock_source(files: &[(&str, &str)], env: &[(&str, &str)]) -> String {
    let home = tempfile::tempdir().unwrap();
    let home_text = home.path().to_string_lossy().into_owned();
    for (name, text) in files {
        let path = home.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text.replace("HOME_PLACEHOLDER", &home_text)).unwrap();
        if std::path::Path::new(name).extension().is_some_and(|ext| ext == "sh") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_routeplay"));
    command
        .args(["routes", "--json"])
        .env_clear()
        .env("HOME", &home_text)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ROUTEPLAY_CONFIG_DIR", home.path().join("rp"))
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for (name, value) in env {
        command.env(name, value.replace("HOME_PLACEHOLDER", &home_text));
    }
    let out = command.output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let invoke = rows.as_array().unwrap().iter().find(|r| r["route"] == "bedrock-invoke").unwrap();
    invoke["credential"]["source"].as_str().unwrap_or_else(|| panic!("{invoke}")).to_owned()
}

#[test]
fn routes_names_the_aws_source_a_profile_a_process_or_a_bearer_key() {
    let credentials =
        "[dev]\naws_access_key_id = AKIAEXAMPLEPROFILE01\naws_secret_access_key = profile-secret-DISTINCTIVE\n";
    let source = bedrock_source(&[(".aws/credentials", credentials)], &[("AWS_PROFILE", "dev")]);
    assert_eq!(source, "profile dev (static keys) · eu-west-1");

    let script = "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"AKIAEXAMPLEPROCESS01\",\"SecretAccessKey\":\"process-secret\"}'\n";
    let config = "[profile tool]\ncredential_process = HOME_PLACEHOLDER/creds.sh\n";
    let source = bedrock_source(&[(".aws/config", config), ("creds.sh", script)], &[("AWS_PROFILE", "tool")]);
    assert_eq!(source, "profile tool (credential_process) · eu-west-1");

    let source = bedrock_source(&[], &[("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-DISTINCTIVE")]);
    assert_eq!(source, "bearer key (AWS_BEARER_TOKEN_BEDROCK) · eu-west-1");
}

#[test]
fn asked_runs_are_kept_in_the_history_and_can_be_listed_searched_shown_exported_and_deleted() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_routeplay"))
            .args(args)
            .env_clear()
            .env("HOME", home.path())
            .env("ROUTEPLAY_CONFIG_DIR", home.path().join("config"))
            .env("ROUTEPLAY_DATA_DIR", home.path().join("data"))
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    assert!(run(&["ask", "Where do the penguins live?"]).status.success());
    assert_eq!(run(&["ask", "--model", "emulator-sonnet-fault-529", "Doomed question"]).status.code(), Some(1));

    let list: serde_json::Value = serde_json::from_slice(&run(&["history", "list", "--json"]).stdout).unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{list}");
    let failed = rows.iter().find(|r| r["status"] == "failed").expect("the failed run is kept too");
    let done = rows.iter().find(|r| r["status"] == "done").unwrap();
    assert_eq!(done["first_line"], "Where do the penguins live?");

    let hits = text(&run(&["history", "search", "pengu"]).stdout);
    assert!(hits.contains("[penguins]") || hits.contains("[Penguins]"), "{hits}");
    for nasty in ["\"", "*", "-", "NEAR(", "a AND", "(", "ü\"*"] {
        assert!(run(&["history", "search", nasty]).status.success(), "{nasty}");
    }

    let id = done["id"].as_i64().unwrap().to_string();
    let markdown = text(&run(&["history", "export", &id, "--format", "md"]).stdout);
    assert!(markdown.contains("Where do the penguins live?") && markdown.contains("TTFT"), "{markdown}");
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["history", "export", &id, "--format", "json"]).stdout).unwrap();
    assert_eq!(json["runs"][0]["route"], "emulator");
    assert_eq!(json["runs"][0]["params"]["max_tokens"], 1024);

    let stats = text(&run(&["history", "stats"]).stdout);
    assert!(stats.contains("emulator-sonnet"), "{stats}");

    let failed_id = failed["id"].as_i64().unwrap().to_string();
    assert!(run(&["history", "delete", &failed_id]).status.success());
    let list: serde_json::Value = serde_json::from_slice(&run(&["history", "list", "--json"]).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(run(&["history", "show", "12345"]).status.code(), Some(1));
}

#[test]
fn a_reader_that_stops_early_does_not_cost_the_run_its_place_in_the_history() {
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_routeplay");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("'{bin}' ask 'Cut me short please' | true"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("ROUTEPLAY_CONFIG_DIR", home.path().join("config"))
        .env("ROUTEPLAY_DATA_DIR", home.path().join("data"))
        .status()
        .unwrap();
    assert!(status.success());
    let listed = Command::new(bin)
        .args(["history", "list"])
        .env_clear()
        .env("HOME", home.path())
        .env("ROUTEPLAY_CONFIG_DIR", home.path().join("config"))
        .env("ROUTEPLAY_DATA_DIR", home.path().join("data"))
        .output()
        .unwrap();
    assert!(text(&listed.stdout).contains("Cut me short please"), "{}", text(&listed.stdout));
}
