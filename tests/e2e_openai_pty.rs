//! End to end in a pseudo-terminal: the three OpenAI-compatible routes in demo mode, each
//! streaming through its own credential, and one open model (gpt-oss-120b) compared on three
//! routes and two wires in one step. Only loopback: the in-process emulator.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_session.rs"]
mod pty_session;

use pty_session::Session;

const ROWS: u16 = 30;
const COLS: u16 = 110;

fn start_with(home: &std::path::Path, args: &[&str]) -> Session {
    Session::start(home, (ROWS, COLS), args, |_| {})
}

#[test]
fn every_openai_compatible_route_in_demo_mode_streams_a_catalog_model() {
    let home = tempfile::tempdir().unwrap();
    for (route, model, credential) in [
        ("openai", "openai/gpt-oss-120b", "demo key"),
        ("bedrock-openai", "openai.gpt-oss-120b", "demo credentials"),
        ("vertex-openai", "meta/llama-3.3-70b-instruct-maas", "demo-user@"),
    ] {
        let args = ["--demo", "--route", route, "--model", model, "--location", "us-central1"];
        let mut session = start_with(home.path(), &args);
        let header = format!("Prompt → {route} · {model}");
        session.wait_for("the playground", |s| s.contains(&header));
        session.wait_for("the route's credential", |s| s.contains(credential));
        session.type_text("Hello over Chat Completions");
        session.send("\x13");
        let screen = session.wait_for("the answer", |s| s.contains("✓ done") && s.contains("Hello over Chat"));
        assert!(screen.contains(&format!("{route} · {model}")), "{screen}");
        session.send("\x11");
        session.wait_for_exit();
    }
}

#[test]
fn one_open_model_on_three_routes_compares_side_by_side() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "[compare.sets.oss]\ntargets = [\"openai:openai/gpt-oss-120b\", \"bedrock-openai@us-west-2:openai.gpt-oss-120b\", \"bedrock-converse@us-west-2:openai.gpt-oss-120b-1:0\"]\n",
    )
    .unwrap();
    let mut session = start_with(home.path(), &["--demo", "--compare", "oss"]);
    session.wait_for("the compare view", |s| s.contains("Compare · 3 targets"));
    session.type_text("Same open model, three routes");
    session.send("\x13");
    let screen = session
        .wait_for("the summary strip", |s| s.contains("ranked by total time") && s.matches("✓ done").count() == 3);
    assert!(screen.contains("★"), "the fastest is marked:\n{screen}");
    session.send("\x11");
    session.wait_for_exit();
}
