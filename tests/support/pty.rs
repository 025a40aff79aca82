//! The real binary in a pseudo-terminal, for the end-to-end tests and the idle benchmark: a
//! command with nothing of the caller's environment but a HOME and its own directories, and
//! its screen kept by a vt100 parser that a thread of its own feeds from the pty. Included
//! with `#[path]`.

use portable_pty::{CommandBuilder, MasterPty};
use std::io::Read;
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// `routeplay` with an empty environment but `home`, its config and data directories under
/// it, and an xterm `TERM`; add arguments and variables to taste.
pub fn routeplay_in_pty(home: &Path) -> CommandBuilder {
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_routeplay"));
    command.env_clear();
    command.env("HOME", home);
    command.env("TERM", "xterm-256color");
    command.env("ROUTEPLAY_CONFIG_DIR", home.join("config"));
    command.env("ROUTEPLAY_DATA_DIR", home.join("data"));
    command
}

/// The screen of a `rows`x`cols` pty, kept up to date from `master` until the program ends.
pub fn screen_of(master: &dyn MasterPty, rows: u16, cols: u16) -> Arc<Mutex<vt100::Parser>> {
    let size = |n| NonZeroU16::new(n).expect("a terminal has rows and columns");
    let parser = Arc::new(Mutex::new(vt100::Parser::new(size(rows), size(cols), 0)));
    let mut reader = master.try_clone_reader().expect("the pty reads");
    let feed = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().expect("the screen").process(&buf[..n]);
        }
    });
    parser
}
