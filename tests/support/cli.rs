//! The binary as a user runs it in the CLI tests: an empty environment and a HOME, config and
//! data directory of the test's own. Included with `#[path]`.

use std::path::Path;
use std::process::Command;

/// `routeplay ARGS` with nothing of the test's environment but `home` and its directories.
pub fn routeplay_command(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_routeplay"));
    command
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("ROUTEPLAY_CONFIG_DIR", home.join("config"))
        .env("ROUTEPLAY_DATA_DIR", home.join("data"));
    command
}

/// Output as text, lossily.
#[allow(dead_code, reason = "not every test prints output")]
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
