//! End to end in a pseudo-terminal: ctrl+c cancels a running stream, then clears the draft,
//! then quits on a second press, and the terminal is restored. Only loopback: the in-process
//! emulator, with a model whose stream stalls so it is still running when ctrl+c comes.

#[path = "support/pty.rs"]
mod pty;

use portable_pty::{PtySize, native_pty_system};
use pty::{routeplay_in_pty, screen_of};
use std::io::Write;
use std::time::{Duration, Instant};

const ROWS: u16 = 24;
const COLS: u16 = 80;

/// Wait until the screen satisfies `ok`, for at most 30 s.
fn wait_for(parser: &std::sync::Mutex<vt100::Parser>, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let screen = parser.lock().unwrap().screen().contents();
        if ok(&screen) {
            return screen;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{screen}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn ctrl_c_cancels_the_stream_then_clears_the_draft_then_quits_on_the_second_press() {
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system().openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut command = routeplay_in_pty(home.path());
    command.args(["--route", "emulator", "--model", "emulator-sonnet-fault-stall"]);
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let parser = screen_of(pty.master.as_ref(), ROWS, COLS);
    let mut writer = pty.master.take_writer().unwrap();
    let mut send = |bytes: &str| {
        for ch in bytes.chars() {
            writer.write_all(ch.to_string().as_bytes()).unwrap();
            writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(5));
        }
    };

    wait_for(&parser, "the playground", |s| s.contains("Prompt → emulator · emulator-sonnet-fault-stall"));
    send("A question that stalls");
    send("\x13"); // ctrl+s
    wait_for(&parser, "the stalled stream", |s| s.contains("streaming"));
    send("my next draft");
    wait_for(&parser, "the draft", |s| s.contains("my next draft"));

    send("\x03"); // ctrl+c: the stream
    let screen = wait_for(&parser, "the cancelled mark", |s| s.contains("■ cancelled"));
    assert!(screen.contains("my next draft"), "cancelling keeps the draft:\n{screen}");

    send("\x03"); // ctrl+c: the draft
    wait_for(&parser, "the draft to go", |s| !s.contains("my next draft") && s.contains("draft cleared"));

    send("\x03"); // ctrl+c: nothing left, so a hint
    wait_for(&parser, "the hint", |s| s.contains("ctrl+c again to quit"));
    send("\x03"); // and the second press quits

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "routeplay did not exit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    std::thread::sleep(Duration::from_millis(200));
    let parser = parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen(), "the alternate screen was left");
    assert_eq!(parser.screen().mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse capture is off");
}
