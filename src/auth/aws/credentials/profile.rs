//! The shared config and credentials files, parsed by `aws-config`.

use crate::auth::Env;
use crate::files::read::{MAX_FILE_BYTES, SETTINGS, read_bytes_with};
use aws_config::profile::{ProfileFileLoadError, ProfileSet};
use std::borrow::Cow;
use std::path::PathBuf;

/// How to fix a file aws-config cannot parse.
pub(super) const SYNTAX_HINT: &str =
    "fix the syntax of ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)";

/// The variables that move the two files, and where they are by default under HOME.
const FILES: [(&str, &str); 2] =
    [("AWS_CONFIG_FILE", ".aws/config"), ("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials")];

/// Both files are there to be read within routeplay's cap (1 MiB), or absent. `aws-config`
/// reads them whole itself, so they are measured before it is let near them: a variable
/// pointing at `/dev/zero` would otherwise be read until memory runs out. The error names
/// the file, the limit and the variable to fix.
pub(super) fn check_sizes(env: &dyn Env) -> Result<(), (String, String)> {
    for (variable, default) in FILES {
        let path = match env.var(variable) {
            Some(path) => expand_home(path.trim(), env),
            None => match env.var("HOME") {
                Some(home) => PathBuf::from(home).join(default),
                None => continue,
            },
        };
        let Ok(metadata) = std::fs::metadata(&path) else { continue };
        let fits = if metadata.is_file() {
            metadata.len() <= MAX_FILE_BYTES
        } else {
            // A device or pipe: read it as aws-config would, but only up to the cap.
            read_bytes_with(&path, SETTINGS).is_ok()
        };
        if !fits {
            let problem = format!(
                "{}: larger than {} MiB, the most routeplay reads from a config or credential file",
                path.display(),
                MAX_FILE_BYTES / (1024 * 1024)
            );
            return Err((problem, format!("point {variable} at your AWS file (or unset it to use ~/{default})")));
        }
    }
    Ok(())
}

/// `~/x` as aws-config reads it: under HOME.
fn expand_home(path: &str, env: &dyn Env) -> PathBuf {
    match (path.strip_prefix("~/"), env.var("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// Both files as `aws-config` reads them: `~/.aws/config` and `~/.aws/credentials`, or
/// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, with `selected` as the active profile.
#[expect(clippy::default_trait_access, reason = "aws-config does not re-export the types: Fs, Env, EnvConfigFiles")]
pub(super) async fn load(selected: &str) -> Result<ProfileSet, ProfileFileLoadError> {
    // aws-config's real file system, real environment and default file locations.
    let (fs, env, files) = (Default::default(), Default::default(), Default::default());
    aws_config::profile::load(&fs, &env, &files, Some(Cow::Owned(selected.to_owned()))).await
}

/// Profile names, sorted.
pub(super) fn names(profiles: &ProfileSet) -> Vec<String> {
    let mut names: Vec<String> = profiles.profiles().map(str::to_owned).collect();
    names.sort();
    names
}

/// The profile names found in the config and credentials files; none when they cannot be read
/// (`resolve` reports why).
pub async fn profiles() -> Vec<String> {
    if check_sizes(&crate::auth::ProcessEnv).is_err() {
        return Vec::new();
    }
    load("default").await.map(|profiles| names(&profiles)).unwrap_or_default()
}
