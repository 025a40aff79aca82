//! `history list` and `history stats` as a user reads them: columns stay in line with a long
//! model id, and a model without a price never shows as `$0`.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use std::process::{Output, Stdio};

const LONG_MODEL: &str = "emulator-sonnet-with-a-rather-long-model-id-2025";

fn run(home: &std::path::Path, args: &[&str]) -> Output {
    routeplay_command(home, args).stdin(Stdio::null()).output().unwrap()
}

/// The display column where `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    line[..line.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {line:?}"))].chars().count()
}

/// Three emulator runs: a long model id, a short one, and one that failed before any token.
fn history() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    assert!(run(home.path(), &["ask", "--model", LONG_MODEL, "first prompt"]).status.success());
    assert!(run(home.path(), &["ask", "second prompt"]).status.success());
    assert_eq!(
        run(home.path(), &["ask", "--model", "emulator-sonnet-fault-529", "third prompt"]).status.code(),
        Some(1)
    );
    home
}

#[test]
fn history_list_cuts_long_model_ids_so_the_first_line_column_stays_in_line() {
    let home = history();
    let list = text(&run(home.path(), &["history", "list"]).stdout);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 4, "{list}");
    let first_line = column_of(lines[0], "FIRST LINE");
    for (line, prompt) in lines[1..].iter().zip(["third prompt", "second prompt", "first prompt"]) {
        assert_eq!(column_of(line, prompt), first_line, "out of line:\n{list}");
    }
    assert!(list.contains("emulator-sonnet-with-a-rather-l…"), "the long id is cut with an ellipsis:\n{list}");
    let json = text(&run(home.path(), &["history", "list", "--json"]).stdout);
    assert!(json.contains(LONG_MODEL), "--json keeps the whole id: {json}");
}

#[test]
fn history_stats_never_shows_zero_dollars_for_an_unpriced_model_and_explains_its_marks() {
    let home = history();
    let stats = text(&run(home.path(), &["history", "stats"]).stdout);
    assert!(!stats.contains("$0.0000"), "{stats}");
    let lines: Vec<&str> = stats.lines().collect();
    let cost = column_of(lines[0], "COST") + "COST".len();
    let row =
        |model: &str| *lines.iter().find(|line| line.contains(model)).unwrap_or_else(|| panic!("{model}: {stats}"));
    // The emulator is never priced; the failed run reported no tokens, so it has nothing to price.
    assert!(row("emulator-sonnet ").trim_end().ends_with("unpriced"), "{stats}");
    assert!(row("fault-529").trim_end().ends_with('–'), "{stats}");
    for line in &lines[1..4] {
        assert_eq!(line.chars().count(), cost, "the cost column is out of line:\n{stats}");
    }
    assert!(stats.contains("unpriced: the catalog has no price"), "the footnote explains the mark:\n{stats}");
    assert!(
        stats.contains("cost: an estimate at the list prices in the model catalog; – where no tokens were reported.")
    );
}
