//! One playground in a pseudo-terminal for the end-to-end tests: start it, type into it, wait
//! for its screen to show something, quit it. Included with `#[path]` next to `pty.rs`.
#![allow(dead_code, reason = "each test file uses some of it")]

use super::pty::{routeplay_in_pty, screen_of};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    /// `routeplay ARGS` with a HOME of `home` in a `rows`x`cols` terminal; `adjust` adds
    /// variables or anything else to the command.
    pub fn start(
        home: &Path,
        (rows, cols): (u16, u16),
        args: &[&str],
        adjust: impl FnOnce(&mut CommandBuilder),
    ) -> Self {
        let pty = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut command = routeplay_in_pty(home);
        command.args(args);
        adjust(&mut command);
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        let parser = screen_of(pty.master.as_ref(), rows, cols);
        let writer = pty.master.take_writer().unwrap();
        // Dropping the master would hang up the child.
        std::mem::forget(pty.master);
        Self { parser, writer, child }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Type text one key at a time, as a person would.
    pub fn type_text(&mut self, text: &str) {
        for ch in text.chars() {
            self.send(&ch.to_string());
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The screen once `ok` holds for it; fails the test after 30 s, showing the screen.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Its exit status, once it has ended and its last bytes are on the screen.
    pub fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take in the last bytes the program wrote.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            assert!(Instant::now() < deadline, "routeplay did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// ctrl+q, and wait for the program to end.
    pub fn quit(mut self) {
        self.send("\x11");
        self.wait_for_exit();
    }
}
