//! Files routeplay reads are read with a 1 MiB cap: a credential or config variable pointing at
//! `/dev/zero` fails at once with the file and the limit, instead of reading until memory runs
//! out. And one bad key in config.toml costs that key only.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use std::process::Output;
use std::time::{Duration, Instant};

/// A bound on a hang, not a benchmark: without the cap these grew to gigabytes.
const GENEROUS: Duration = Duration::from_secs(20);

/// `routeplay ARGS` with `vars`, in an empty HOME, asserting it ended within [`GENEROUS`].
fn run(args: &[&str], vars: &[(&str, &str)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = routeplay_command(home.path(), args)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    assert!(started.elapsed() < GENEROUS, "took {:?}", started.elapsed());
    out
}

#[test]
fn google_application_credentials_at_dev_zero_fails_fast_naming_the_file_and_limit() {
    let out = run(
        &["ask", "--route", "vertex-gemini", "--model", "gemini-2.5-flash", "Hi"],
        &[("GOOGLE_APPLICATION_CREDENTIALS", "/dev/zero"), ("GOOGLE_CLOUD_PROJECT", "p")],
    );
    assert!(!out.status.success());
    let error = text(&out.stderr);
    assert!(error.contains("GOOGLE_APPLICATION_CREDENTIALS=/dev/zero: larger than 1 MiB"), "{error}");
}

#[test]
fn aws_config_file_at_dev_zero_fails_fast_naming_the_file_and_limit() {
    let out = run(&["routes"], &[("AWS_CONFIG_FILE", "/dev/zero"), ("AWS_REGION", "us-east-1")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("/dev/zero: larger than 1 MiB"), "{table}");
    assert!(table.contains("AWS_CONFIG_FILE"), "{table}");
}

#[test]
fn a_config_file_past_the_cap_is_one_warning_and_the_defaults_apply() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::os::unix::fs::symlink("/dev/zero", config.join("config.toml")).unwrap();
    let started = Instant::now();
    let out = routeplay_command(home.path(), &["ask", "Hello"]).output().unwrap();
    assert!(started.elapsed() < GENEROUS);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("config.toml: larger than 1 MiB"), "{}", text(&out.stderr));
}

#[test]
fn one_unknown_key_in_config_toml_leaves_the_rest_in_force() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    // Before this, the unknown key threw the whole file away, the system prompt with it.
    let text_of = "[defaults]\nsystme = \"x\"\nsystem = \"Be brief.\"\n[network]\nidle_timeout_secs = inf\n";
    std::fs::write(config.join("config.toml"), text_of).unwrap();
    let out = routeplay_command(home.path(), &["ask", "Hello"]).output().unwrap();
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("config.toml:2: unknown key `defaults.systme` is ignored; did you mean `system`?"),
        "{stderr}"
    );
    assert!(stderr.contains("config.toml:5: `network.idle_timeout_secs = inf` must be a number from"), "{stderr}");
    let list = routeplay_command(home.path(), &["history", "list", "--json"]).output().unwrap();
    let id = serde_json::from_slice::<serde_json::Value>(&list.stdout).unwrap()[0]["id"].to_string();
    let shown = routeplay_command(home.path(), &["history", "show", &id, "--json"]).output().unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["runs"][0]["system"], "Be brief.", "the rest of the file applied");
}
