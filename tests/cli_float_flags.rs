//! Every float flag is checked before anything runs: a value that is not finite or not in its
//! range is refused with the flag and the range (clap's exit 2, or `replay`'s own exit 1 for
//! `--speed`), never a panic (exit 101).

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};

#[test]
fn out_of_range_float_flags_are_refused_with_the_flag_and_range() {
    let home = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["ask", "--temperature", "NaN", "Hi"],
            "--temperature <TEMPERATURE>': NaN is out of range; give a number from 0 to 2",
        ),
        (&["ask", "--top-p", "1.5", "Hi"], "--top-p <TOP_P>': 1.5 is out of range; give a number from 0 to 1"),
        (&["ask", "--top-p", "high", "Hi"], "--top-p <TOP_P>': not a number"),
        (&["emulator", "--tokens-per-second=-1"], "--tokens-per-second <TOKENS_PER_SECOND>': -1 is out of range"),
        (&["compare", "--tokens-per-second", "1e309", "Hi"], "1e309 is out of range"),
    ];
    for (args, expected) in cases {
        let out = routeplay_command(home.path(), args).output().unwrap();
        let error = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {error}");
        assert!(error.contains(expected), "{args:?}: {error}");
    }
}

#[test]
fn a_replay_speed_out_of_range_is_refused_before_anything_plays() {
    let home = tempfile::tempdir().unwrap();
    for (speed, shown) in [("1e-300", "1e-300"), ("inf", "inf"), ("NaN", "NaN"), ("1001", "1001.0")] {
        let out = routeplay_command(home.path(), &["replay", "1", "--speed", speed]).output().unwrap();
        let error = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{speed}: {error}");
        assert!(error.contains(&format!("--speed {shown}: give a number from 0.01 to 1000")), "{error}");
    }
}

#[test]
fn in_range_floats_are_taken() {
    let home = tempfile::tempdir().unwrap();
    let out = routeplay_command(home.path(), &["ask", "--temperature", "0.7", "--top-p", "1", "Hi"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
}
