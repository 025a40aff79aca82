//! End to end, the issue's "done when": in the real binary in a pseudo-terminal, set thinking,
//! `top_k` and a guardrail on the F4 parameters line, attach a PNG with ctrl+o, count the request
//! with alt+t, send it over Bedrock Invoke in demo mode, and read in the inspector (F9) what
//! was sent: the controls, the file, the guardrail headers, the thinking field and `top_k`. The
//! emulator refuses thinking with `top_k` on a Claude model, as Bedrock does; the refusal shows
//! in the transcript and the inspector. Only loopback: the in-process emulator.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_session.rs"]
mod pty_session;

use pty_session::Session;

/// Tall and wide enough for the inspector's controls, headers and body on one screen.
const SIZE: (u16, u16) = (50, 200);

const F4: &str = "\x1bOS";
const F9: &str = "\x1b[20~";
const END: &str = "\x1b[F";
const CTRL_U: &str = "\x15";
const CTRL_O: &str = "\x0f";
const CTRL_S: &str = "\x13";
const ALT_T: &str = "\x1bt";

/// A 1×1 PNG.
const DOT_PNG: &str = "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082";

fn bytes_of(hex: &str) -> Vec<u8> {
    (0..hex.len()).step_by(2).map(|at| u8::from_str_radix(&hex[at..at + 2], 16).unwrap()).collect()
}

#[test]
fn thinking_top_k_an_image_and_a_guardrail_set_in_the_playground_show_in_the_inspector() {
    let home = tempfile::tempdir().unwrap();
    let png = home.path().join("dot.png");
    std::fs::write(&png, bytes_of(DOT_PNG)).unwrap();
    let args = ["--demo", "--route", "bedrock-invoke", "--model", "anthropic.emulator-sonnet-v1:0"];
    let mut session = Session::start(home.path(), SIZE, &args, |_| {});
    session.wait_for("the playground", |s| s.contains("Prompt → bedrock-invoke · anthropic.emulator-sonnet-v1:0"));
    session.wait_for("the demo credentials", |s| s.contains("demo credentials"));

    session.send(F4);
    session.wait_for("the parameters dialog", |s| s.contains("Parameters:"));
    session.send(CTRL_U);
    session.type_text("max_tokens=4096 thinking=2048 top_k=40 guardrail=abc123:1");
    session.send("\r");
    session.wait_for("the controls in the prompt pane", |s| {
        s.contains("think 2048 · top_k 40 · guardrail abc123:1") && !s.contains("Parameters:")
    });

    session.send(CTRL_O);
    session.wait_for("the attach dialog", |s| s.contains("Attach"));
    session.type_text(png.to_str().unwrap());
    session.send("\r");
    session.wait_for("the file listed above the prompt", |s| s.contains("attached: dot.png image/png 69 B 1×1"));

    session.type_text("Describe this image");
    session.send(ALT_T);
    // The emulator's counting endpoint may answer or not: either way the count is of this route.
    session.wait_for("the token count's answer", |s| {
        s.contains("input tokens on bedrock-invoke") || s.contains("token count on bedrock-invoke failed")
    });

    session.send(CTRL_S);
    let screen = session.wait_for("the refusal", |s| s.contains("✗ failed"));
    assert!(screen.contains("HTTP 400 ValidationException"), "Bedrock's error shape:\n{screen}");
    assert!(screen.contains("controls: think 2048 · top_k 40 · guardrail abc123:1"), "{screen}");

    session.send(F9);
    let shown = [
        "controls: think 2048 · top_k 40 · guardrail abc123:1",
        "attached: dot.png image/png 69 B 1×1",
        "x-amzn-bedrock-guardrailidentifier: abc123",
        "x-amzn-bedrock-guardrailversion: 1",
        "x-amzn-bedrock-trace: ENABLED",
        "\"media_type\": \"image/png\"",
        "\"thinking\": {",
        "\"budget_tokens\": 2048,",
        "\"top_k\": 40",
    ];
    // All of it at once (a frame may be caught half written); the wait names the screen if not.
    session.wait_for("the inspector showing what was sent", |s| shown.iter().all(|line| s.contains(line)));
    session.send(END);
    // The refusal, with its own status and headers as the service sent them.
    let refusal = [
        "failed: bedrock-invoke · anthropic.emulator-sonnet-v1:0: HTTP 400",
        "ValidationException",
        "status: 400",
        "x-amzn-errortype: ValidationException",
    ];
    session.wait_for("the inspector's end", |s| s.contains("Stream: ") && refusal.iter().all(|line| s.contains(line)));

    session.send("\x1b"); // Esc closes the inspector
    session.wait_for("the inspector closed", |s| !s.contains("Inspector · "));
    session.quit();
}
