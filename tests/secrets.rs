//! Secrets never reach the history, its WAL, an export, a run file, the inspector's view, a
//! snippet or a log: every route runs against the emulator with distinctive fake secrets in the
//! environment and the config file, then every file routeplay wrote and everything it printed
//! is searched for them.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const SECRETS: [&str; 11] = [
    "sk-ant-api03-ENVSECRET-7f3a9c",
    "sk-ant-api03-CONFIGSECRET-41be0d",
    "AWSSECRETKEY-ENV-DISTINCTIVE-9c2e",
    "ASIASESSIONTOKEN-DISTINCTIVE-55d1",
    "bedrock-api-key-CONFIG-DISTINCTIVE-0a7e",
    "bedrock-api-key-ENV-DISTINCTIVE-3f91",
    "AIzaGEMINI-ENV-DISTINCTIVE-61c0",
    "1//google-refresh-DISTINCTIVE-b7d2",
    "google-client-secret-DISTINCTIVE-e410",
    "sk-proj-OPENAI-ENV-DISTINCTIVE-8d3b",
    "sk-proj-OPENAI-CONFIG-DISTINCTIVE-2c71",
];

fn routeplay(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_routeplay"));
    command
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ROUTEPLAY_CONFIG_DIR", home.join("config"))
        .env("ROUTEPLAY_DATA_DIR", home.join("data"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

/// Everything printed while exporting every stored conversation every way there is: the
/// history's exports, the inspector's views, each snippet, and a run file (written under the
/// data directory, which is searched).
fn exports_of_every_conversation(home: &Path) -> String {
    let mut printed = String::new();
    let mut keep = |out: Output| {
        printed.push_str(&String::from_utf8_lossy(&out.stdout));
        printed.push_str(&String::from_utf8_lossy(&out.stderr));
    };
    let list: serde_json::Value =
        serde_json::from_slice(&routeplay(home, &["history", "list", "--json"], &[]).stdout).unwrap();
    let ids: Vec<String> = list.as_array().unwrap().iter().map(|row| row["id"].as_i64().unwrap().to_string()).collect();
    assert!(ids.len() >= 5, "every route's run was kept: {list}");
    for id in &ids {
        for format in ["md", "json"] {
            keep(routeplay(home, &["history", "export", id, "--format", format], &[]));
        }
        for args in [&["inspect", id][..], &["inspect", id, "--raw"], &["inspect", id, "--json", "--raw"]] {
            keep(routeplay(home, args, &[]));
        }
        for kind in ["curl", "aws", "python"] {
            keep(routeplay(home, &["snippet", id, "--as", kind], &[]));
        }
        let run_file = home.join("data").join(format!("run-{id}.json"));
        keep(routeplay(home, &["export-run", id, run_file.to_str().unwrap()], &[]));
    }
    printed
}

fn files_under(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { files_under(&path, found) } else { found.push(path) }
    }
}

/// The OpenAI route against the served emulator at `base`: with the key it expects (answered,
/// stored, exported later), and with another from the environment (refused); their outputs.
fn openai_runs(home: &Path, base: &str, env: &[(&str, &str)]) -> Vec<Output> {
    let openai_base = format!("{base}/v1");
    let mut openai_env = env.to_vec();
    openai_env.extend([("OPENAI_BASE_URL", openai_base.as_str()), ("OPENAI_API_KEY", SECRETS[0])]);
    let ask = ["ask", "--route", "openai", "--model", "emulator-sonnet", "Hello OpenAI"];
    let answered = routeplay(home, &ask, &openai_env);
    assert!(answered.status.success(), "{}", String::from_utf8_lossy(&answered.stderr));
    openai_env.push(("OPENAI_API_KEY", SECRETS[9]));
    let refused = routeplay(home, &ask, &openai_env);
    assert!(!refused.status.success(), "a key the emulator does not expect is refused");
    vec![answered, refused, routeplay(home, &["routes", "--json"], &openai_env)]
}

/// A `config.toml` holding the Anthropic, Bedrock and OpenAI keys.
fn write_config_keys(home: &Path) {
    std::fs::create_dir_all(home.join("config")).unwrap();
    let config = format!(
        "[routes.anthropic]\napi_key = \"{}\"\n[routes.bedrock]\napi_key = \"{}\"\n[routes.openai]\napi_key = \"{}\"\n",
        SECRETS[1], SECRETS[4], SECRETS[10]
    );
    std::fs::write(home.join("config/config.toml"), config).unwrap();
}

#[test]
fn no_secret_reaches_the_history_an_export_or_a_log() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    write_config_keys(home);
    let env = [
        ("ANTHROPIC_API_KEY", SECRETS[0]),
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEDISTINCT1"),
        ("AWS_SECRET_ACCESS_KEY", SECRETS[2]),
        ("AWS_SESSION_TOKEN", SECRETS[3]),
        ("AWS_BEARER_TOKEN_BEDROCK", SECRETS[5]),
        ("AWS_REGION", "us-east-1"),
    ];
    let mut printed = String::new();
    let mut keep = |out: Output| {
        printed.push_str(&String::from_utf8_lossy(&out.stdout));
        printed.push_str(&String::from_utf8_lossy(&out.stderr));
    };

    // The emulator route, and the Bedrock routes in demo mode, with every secret around.
    keep(routeplay(home, &["ask", "--json", "Hello emulator"], &env));
    for (route, model) in [
        ("bedrock-mantle", "anthropic.emulator-sonnet"),
        ("bedrock-invoke", "anthropic.emulator-sonnet-v1:0"),
        ("bedrock-converse", "anthropic.emulator-sonnet-v1:0"),
        ("bedrock-openai", "openai.gpt-oss-120b"),
    ] {
        keep(routeplay(home, &["ask", "--demo", "--route", route, "--model", model, "--json", "Hello Bedrock"], &env));
    }
    // The Anthropic route against a served emulator that expects the env key, logging requests.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = Command::new(env!("CARGO_BIN_EXE_routeplay"))
        .args(["emulator", "--port", &port.to_string(), "--api-key", SECRETS[0], "--tokens-per-second", "0"])
        .env_clear()
        .env("HOME", home)
        .env("ROUTEPLAY_CONFIG_DIR", home.join("config"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let mut anthropic_env = env.to_vec();
    anthropic_env.push(("ANTHROPIC_BASE_URL", &base));
    for _ in 0..100 {
        let out = routeplay(
            home,
            &["ask", "--route", "anthropic", "--model", "emulator-sonnet", "Hello Anthropic"],
            &anthropic_env,
        );
        let ok = out.status.success();
        keep(out);
        if ok {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    openai_runs(home, &base, &env).into_iter().for_each(&mut keep);
    // The Google routes against the same emulator, which refuses these credentials: the key
    // and the refresh token must stay out of the errors, the log and the history.
    let adc = home.join("adc.json");
    let user = serde_json::json!({
        "type": "authorized_user", "client_id": "distinct.apps.googleusercontent.com",
        "client_secret": SECRETS[8], "refresh_token": SECRETS[7], "token_uri": format!("{base}/token"),
    });
    std::fs::write(&adc, user.to_string()).unwrap();
    let adc = adc.to_str().unwrap();
    let mut google_env = env.to_vec();
    google_env.extend([
        ("GEMINI_API_KEY", SECRETS[6]),
        ("GOOGLE_GEMINI_BASE_URL", base.as_str()),
        ("GOOGLE_APPLICATION_CREDENTIALS", adc),
        ("GOOGLE_VERTEX_BASE_URL", base.as_str()),
        ("GOOGLE_CLOUD_PROJECT", "secret-test"),
    ]);
    for (route, model) in [
        ("gemini-api", "gemini-2.5-flash"),
        ("vertex-gemini", "gemini-2.5-flash"),
        ("vertex-openai", "google/gemini-2.5-flash"),
    ] {
        let out = routeplay(home, &["ask", "--route", route, "--model", model, "Hello Google"], &google_env);
        assert!(!out.status.success(), "{route} was refused");
        keep(out);
    }
    keep(routeplay(home, &["routes", "--json"], &google_env));
    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    keep(server.wait_with_output().unwrap());
    keep(routeplay(home, &["routes", "--json"], &env));

    // Every export too.
    printed.push_str(&exports_of_every_conversation(home));

    assert!(printed.contains("SigV4 signature") && printed.contains("curl -sS"), "inspector views and snippets ran");
    let mut files = Vec::new();
    files_under(&home.join("data"), &mut files);
    assert!(files.iter().any(|f| f.ends_with("history.sqlite3")), "{files:?}");
    assert!(files.iter().any(|f| f.to_string_lossy().contains("run-")), "run files were written: {files:?}");
    for secret in SECRETS {
        assert!(!printed.contains(secret), "{secret} was printed");
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            let found = bytes.windows(secret.len()).any(|window| window == secret.as_bytes());
            assert!(!found, "{secret} is in {}", file.display());
        }
    }
}
