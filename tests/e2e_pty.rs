//! End to end: the real binary in a pseudo-terminal, its screen read with a vt100 parser.
//! Type a prompt, submit, read the streamed answer off the screen, cancel a second one, quit,
//! and check the terminal was restored. Only loopback: the in-process emulator.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_session.rs"]
mod pty_session;

use pty_session::Session;
use std::time::Duration;

const ROWS: u16 = 30;
const COLS: u16 = 110;

fn start(home: &std::path::Path) -> Session {
    start_with(home, &[])
}

fn start_with(home: &std::path::Path, args: &[&str]) -> Session {
    Session::start(home, (ROWS, COLS), args, |_| {})
}

fn assert_terminal_restored(session: &Session) {
    let parser = session.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.bracketed_paste(), "bracketed paste was turned off");
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse capture was turned off");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
}

#[test]
fn type_submit_read_cancel_quit_in_a_real_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut session = start(home.path());
    session.wait_for("the playground", |s| s.contains("Prompt →") && s.contains("emulator"));
    session.wait_for("the sidebar's credential check", |s| s.contains("emulator: built-in"));

    session.type_text("Hello from the pty test");
    session.send("\x13"); // ctrl+s
    let screen = session.wait_for("the answer to finish", |s| s.contains("✓ done"));
    assert!(screen.contains("Hello from the pty test"), "the prompt is in the transcript:\n{screen}");
    assert!(screen.contains("TTFT"), "figures are shown:\n{screen}");

    // A stream that stalls, cancelled with Esc.
    session.send("\t\t"); // focus the route pane
    session.send("m"); // opens on the current id, emulator-sonnet
    session.type_text("-fault-stall");
    session.send("\r");
    session.send("\x1b[Z"); // shift+tab back…
    session.send("\x1b[Z"); // …to the prompt
    session.type_text("This one stalls");
    session.send("\x1b\r"); // alt+enter
    session.wait_for("the stalled stream to start", |s| s.contains("streaming"));
    std::thread::sleep(Duration::from_millis(100));
    session.send("\x1b");
    session.wait_for("the cancelled mark", |s| s.contains("■ cancelled"));

    session.send("\x11"); // ctrl+q
    let status = session.wait_for_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_terminal_restored(&session);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in ["-TERM", "-HUP"] {
        let home = tempfile::tempdir().unwrap();
        let mut session = start(home.path());
        session.wait_for("the playground", |s| s.contains("Prompt →"));
        let pid = session.child.process_id().expect("the child has a pid").to_string();
        let killed = std::process::Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(killed.success());
        session.wait_for_exit();
        assert_terminal_restored(&session);
    }
}

#[test]
fn every_bedrock_route_in_demo_mode_streams_through_signing_and_its_framing() {
    let home = tempfile::tempdir().unwrap();
    for (route, model) in [
        ("bedrock-mantle", "anthropic.emulator-sonnet"),
        ("bedrock-invoke", "anthropic.emulator-sonnet-v1:0"),
        ("bedrock-converse", "anthropic.emulator-sonnet-v1:0"),
    ] {
        let mut session = start_with(home.path(), &["--demo", "--route", route, "--model", model]);
        let header = format!("Prompt → {route} · {model}");
        session.wait_for("the playground", |s| s.contains(&header));
        session.wait_for("the demo credentials", |s| s.contains("demo credentials"));
        session.type_text("Hello over Bedrock");
        session.send("\x13");
        let screen = session.wait_for("the answer", |s| s.contains("✓ done"));
        assert!(screen.contains(&format!("{route} · {model}")), "{screen}");
        assert!(screen.contains("Hello over Bedrock"), "{screen}");
        session.send("\x11");
        session.wait_for_exit();
        assert_terminal_restored(&session);
    }
}

#[test]
fn every_google_route_in_demo_mode_streams_with_its_token_at_global_and_regional_locations() {
    let home = tempfile::tempdir().unwrap();
    for (route, model, location) in [
        ("gemini-api", "gemini-2.5-flash", "global"),
        ("vertex-gemini", "gemini-2.5-flash", "global"),
        ("vertex-claude", "claude-sonnet-4-5@20250929", "us-east5"),
    ] {
        let args = ["--demo", "--route", route, "--model", model, "--location", location];
        let mut session = start_with(home.path(), &args);
        session.wait_for("the playground", |s| s.contains(&format!("Prompt → {route} · {model}")));
        if route != "gemini-api" {
            session.wait_for("the demo user's token", |s| s.contains("demo-user@") && s.contains("expires in"));
        }
        session.type_text("Hello over Google");
        session.send("\x13");
        let screen = session.wait_for("the answer", |s| s.contains("✓ done"));
        assert!(screen.contains("Hello over Google"), "{screen}");
        session.send("\x11");
        session.wait_for_exit();
        assert_terminal_restored(&session);
    }
}

#[test]
fn a_saved_compare_set_opens_streams_every_column_and_ranks_them() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "[compare.sets.trio]\ntargets = [\"emulator:emulator-sonnet\", \"bedrock-converse@eu-west-1:eu.anthropic.claude-sonnet-4-5-20250929-v1:0\", \"vertex-claude@us-east5:claude-sonnet-4-5@20250929\"]\n",
    )
    .unwrap();
    let mut session = start_with(home.path(), &["--demo", "--compare", "trio"]);
    session.wait_for("the compare view", |s| s.contains("Compare · 3 targets"));
    session.type_text("Same model, three routes");
    session.send("\x13");
    let screen = session.wait_for("the summary strip", |s| s.contains("ranked by total time"));
    assert_eq!(screen.matches("✓ done").count(), 3, "{screen}");
    assert!(screen.contains("★"), "the fastest is marked:\n{screen}");
    session.send("\x11");
    session.wait_for_exit();
    assert_terminal_restored(&session);
}

#[test]
fn a_stored_conversation_is_replayed_from_the_history_and_labelled_so() {
    let home = tempfile::tempdir().unwrap();
    let mut session = start_with(home.path(), &[]);
    session.wait_for("the playground", |s| s.contains("Prompt →"));
    session.type_text("Play this back");
    session.send("\x13");
    session.wait_for("the answer", |s| s.contains("✓ done"));
    session.send("\x0c"); // ctrl+l: a new conversation, so the replay is all that shows
    session.send("\x1b[15~"); // F5
    session.wait_for("the history", |s| s.contains("Play this back") && s.contains("1 turn"));
    std::thread::sleep(Duration::from_millis(200));
    session.send("\x10"); // ctrl+p
    let screen =
        session.wait_for("the replay to finish", |s| s.contains("replay of a recorded run") && s.contains("✓ done"));
    assert!(screen.contains("Play this back"), "{screen}");
    session.send("\x11");
    session.wait_for_exit();
    assert_terminal_restored(&session);
}

#[test]
fn the_inspector_shows_the_live_request_and_a_stored_run_inspects_the_same() {
    let home = tempfile::tempdir().unwrap();
    let mut session = start_with(home.path(), &[]);
    session.wait_for("the playground", |s| s.contains("Prompt →"));
    session.type_text("Show me the wire");
    session.send("\x13");
    session.wait_for("the answer", |s| s.contains("✓ done"));
    session.send("\x1b[20~"); // F9
    // Wait for the whole request to be drawn: the frame may be caught half written.
    let screen = session.wait_for("the inspector", |s| s.contains("Inspector · emulator") && s.contains("x-api-key:"));
    assert!(screen.contains("x-api-key: rout…ator"), "the key is masked:\n{screen}");
    assert!(!screen.contains("routeplay-emulator"), "the key is never shown whole:\n{screen}");
    session.send("\x1b[F"); // End: the stream's last frames
    session.wait_for("the stream's end", |s| s.contains("event=message_stop"));
    session.send("\x1b"); // Esc
    session.send("\x0c"); // ctrl+l, then open the stored run from the history
    session.send("\x1b[15~"); // F5
    session.wait_for("the history", |s| s.contains("Show me the wire") && s.contains("1 turn"));
    std::thread::sleep(Duration::from_millis(200));
    session.send("\r");
    session.wait_for("the stored conversation", |s| s.contains("opened a stored conversation"));
    session.send("\x1b[20~");
    session.wait_for("the stored run's inspector", |s| s.contains("Inspector · emulator") && s.contains("POST http"));
    session.send("\x11");
    session.wait_for_exit();
    assert_terminal_restored(&session);
}

#[test]
fn a_run_killed_mid_stream_is_found_interrupted_with_its_partial_text() {
    let home = tempfile::tempdir().unwrap();
    let mut session = start_with(home.path(), &["--route", "emulator", "--model", "emulator-sonnet-fault-stall"]);
    session.wait_for("the playground", |s| s.contains("Prompt → emulator · emulator-sonnet-fault-stall"));
    session.type_text("A question that will be cut short");
    session.send("\x13");
    session.wait_for("the stalled stream", |s| s.contains("streaming"));
    // The text so far is saved at the first token; give the writer thread a moment.
    std::thread::sleep(Duration::from_millis(500));
    let pid = session.child.process_id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-KILL", &pid]).status().unwrap().success());
    session.wait_for_exit();

    let history = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_routeplay"))
            .args(args)
            .env_clear()
            .env("HOME", home.path())
            .env("ROUTEPLAY_CONFIG_DIR", home.path().join("config"))
            .env("ROUTEPLAY_DATA_DIR", home.path().join("data"))
            .output()
            .unwrap()
    };
    let list: serde_json::Value = serde_json::from_slice(&history(&["history", "list", "--json"]).stdout).unwrap();
    assert_eq!(list[0]["status"], "interrupted", "{list}");
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let export: serde_json::Value =
        serde_json::from_slice(&history(&["history", "export", &id, "--format", "json"]).stdout).unwrap();
    let answer = export["runs"][0]["answer"].as_str().unwrap();
    assert!(!answer.is_empty(), "the partial text survived: {export}");

    let db = rusqlite::Connection::open(home.path().join("data").join("history.sqlite3")).unwrap();
    let check: String = db.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
    assert_eq!(check, "ok");
}
