//! Every float flag is checked when the command line is parsed: a value that is not finite or
//! not in its range is refused with the flag and the range (exit 2), never a panic (exit 101).

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};

#[test]
fn out_of_range_float_flags_are_refused_with_the_flag_and_range() {
    let home = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 7] = [
        (
            &["replay", "1", "--speed", "1e-300"],
            "--speed <SPEED>': 1e-300 is out of range; give a number from 0.01 to 1000",
        ),
        (&["replay", "1", "--speed", "inf"], "--speed <SPEED>': inf is out of range"),
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
fn in_range_floats_are_taken() {
    let home = tempfile::tempdir().unwrap();
    let out = routeplay_command(home.path(), &["ask", "--temperature", "0.7", "--top-p", "1", "Hi"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
}
