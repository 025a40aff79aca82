//! The shared config and credentials files, parsed by `aws-config`.

use aws_config::profile::{ProfileFileLoadError, ProfileSet};
use std::borrow::Cow;

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
    load("default").await.map(|profiles| names(&profiles)).unwrap_or_default()
}
