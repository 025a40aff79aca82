//! Where the conformance suites find the shared fixtures, and how they say they skipped.
//! Included with `#[path]` by the suites that read one fixture folder.

use std::path::{Path, PathBuf};

/// `folder` under `$ROUTEPLAY_CONFORMANCE_DIR` (default `../shared/fixtures` beside the crate),
/// or `None` after printing `{suite}: SKIPPED (…)`. With `ROUTEPLAY_REQUIRE_CONFORMANCE=1` a
/// missing folder fails instead, so CI cannot pass without running the suite.
pub fn fixture_dir(suite: &str, folder: &str) -> Option<PathBuf> {
    let root = std::env::var_os("ROUTEPLAY_CONFORMANCE_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"), PathBuf::from);
    let dir = root.join(folder);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("ROUTEPLAY_REQUIRE_CONFORMANCE").as_deref() != Ok("1"),
        "{suite}: fixtures not found at {} and ROUTEPLAY_REQUIRE_CONFORMANCE=1",
        dir.display()
    );
    eprintln!("{suite}: SKIPPED (fixtures not found at {})", dir.display());
    None
}

/// The files of `dir`, sorted.
#[allow(dead_code, reason = "not every suite lists a folder")]
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|err| panic!("listing {}: {err}", dir.display()));
    let mut paths: Vec<PathBuf> = entries.map(|entry| entry.expect("a directory entry").path()).collect();
    paths.retain(|path| path.is_file());
    paths.sort();
    paths
}
