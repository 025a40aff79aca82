//! Discovery results on disk: `<data_dir>/discovery/<profile>@<region>.json`, owner-only on
//! unix, holding model ids and labels, and the account's owned ids with their names and models
//! (never a credential). Entries older than the age
//! limit, unreadable, or from another format version are treated as absent, so the next
//! [`DiscoveryCache::refresh`] fetches again and overwrites them.

use super::{Discovered, DiscoveryError, discover_with};
use crate::auth::aws::credentials::AwsAuth;
use crate::config::paths::Paths;
use crate::models::ModelEntry;
use crate::models::owned::OwnedModel;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Bumped when the file's shape changes; other versions are ignored.
const VERSION: u32 = 1;

/// Cached model lists, one file per profile and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryCache {
    dir: PathBuf,
    max_age: Duration,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    region: String,
    /// Seconds since the Unix epoch.
    fetched_at: u64,
    runtime: Vec<Entry>,
    anthropic_only: Vec<Entry>,
    #[serde(default)]
    owned: Vec<OwnedModel>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    id: String,
    label: String,
}

impl DiscoveryCache {
    /// Model lists change rarely; a day keeps startup fast without hiding new models for long.
    pub const DEFAULT_MAX_AGE: Duration = Duration::from_hours(24);

    /// The cache under `paths.data_dir`, with [`Self::DEFAULT_MAX_AGE`].
    #[must_use]
    pub fn new(paths: &Paths) -> Self {
        Self { dir: paths.data_dir.join("discovery"), max_age: Self::DEFAULT_MAX_AGE }
    }

    #[must_use]
    pub fn with_max_age(self, max_age: Duration) -> Self {
        Self { max_age, ..self }
    }

    /// The file for `profile` and `region`; characters that could leave the directory or
    /// upset a file system become `_`.
    #[must_use]
    pub fn path(&self, profile: &str, region: &str) -> PathBuf {
        self.dir.join(format!("{}@{}.json", file_part(profile), file_part(region)))
    }

    /// The cached lists, unless missing, stale, corrupt or for another region.
    #[must_use]
    pub fn load(&self, profile: &str, region: &str) -> Option<Discovered> {
        self.load_at(profile, region, SystemTime::now())
    }

    fn load_at(&self, profile: &str, region: &str, now: SystemTime) -> Option<Discovered> {
        let text = fs::read(self.path(profile, region)).ok()?;
        let file: CacheFile = serde_json::from_slice(&text).ok()?;
        let fetched_at = UNIX_EPOCH.checked_add(Duration::from_secs(file.fetched_at))?;
        // A time in the future (clock change) counts as stale too.
        let fresh = now.duration_since(fetched_at).is_ok_and(|age| age <= self.max_age);
        (file.version == VERSION && file.region == region && fresh).then(|| Discovered {
            region: file.region,
            runtime: file.runtime.into_iter().map(Entry::into_model).collect(),
            anthropic_only: file.anthropic_only.into_iter().map(Entry::into_model).collect(),
            owned: file.owned,
            fetched_at,
        })
    }

    /// Writes `discovered` (replacing the file atomically), creating the directory.
    pub fn store(&self, profile: &str, region: &str, discovered: &Discovered) -> io::Result<()> {
        let file = CacheFile {
            version: VERSION,
            region: region.to_owned(),
            fetched_at: discovered.fetched_at.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs()),
            runtime: discovered.runtime.iter().map(Entry::from_model).collect(),
            anthropic_only: discovered.anthropic_only.iter().map(Entry::from_model).collect(),
            owned: discovered.owned.clone(),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(io::Error::other)?;
        fs::create_dir_all(&self.dir)?;
        owner_only(&self.dir, 0o700)?;
        let path = self.path(profile, region);
        let temporary = path.with_extension("json.tmp");
        let mut out = fs::File::create(&temporary)?;
        owner_only(&temporary, 0o600)?;
        out.write_all(&json)?;
        out.sync_all()?;
        fs::rename(&temporary, &path)
    }

    /// Discovers afresh and stores the result. A cache that cannot be written only costs a
    /// refetch next time, so that failure does not fail the refresh.
    pub async fn refresh(
        &self,
        http: &reqwest::Client,
        base_url: &str,
        auth: &AwsAuth,
        profile: &str,
        region: &str,
    ) -> Result<Discovered, DiscoveryError> {
        let discovered = discover_with(http, base_url, auth, region).await?;
        let _ = self.store(profile, region, &discovered);
        Ok(discovered)
    }
}

impl Entry {
    fn from_model(model: &ModelEntry) -> Self {
        Self { id: model.id.clone(), label: model.label.clone() }
    }

    fn into_model(self) -> ModelEntry {
        ModelEntry { id: self.id, label: self.label }
    }
}

fn file_part(name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    if safe.is_empty() { "_".to_owned() } else { safe }
}

#[cfg(unix)]
fn owner_only(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn owner_only(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(dir: &Path) -> DiscoveryCache {
        DiscoveryCache::new(&Paths { config_dir: dir.join("config"), data_dir: dir.to_path_buf() })
    }

    fn sample(fetched_at: SystemTime) -> Discovered {
        let sonnet = ModelEntry { id: "us.anthropic.sonnet-v1:0".into(), label: "Sonnet · us. profile".into() };
        let nova = ModelEntry { id: "amazon.nova-pro-v1:0".into(), label: "Nova Pro".into() };
        Discovered {
            region: "us-east-1".into(),
            runtime: vec![nova, sonnet.clone()],
            anthropic_only: vec![sonnet],
            owned: vec![OwnedModel {
                arn: "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc".into(),
                name: "team".into(),
                kind: crate::models::owned::OwnedKind::ApplicationProfile,
                underlying: "anthropic.sonnet-v1:0".into(),
            }],
            fetched_at,
        }
    }

    fn whole_seconds_ago(seconds: u64) -> SystemTime {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
        UNIX_EPOCH + Duration::from_secs(now - seconds)
    }

    #[test]
    fn stored_lists_load_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = cache(dir.path());
        let found = sample(whole_seconds_ago(60));
        cache.store("dev", "us-east-1", &found).expect("stored");
        assert_eq!(cache.path("dev", "us-east-1"), dir.path().join("discovery").join("dev@us-east-1.json"));
        assert_eq!(cache.load("dev", "us-east-1"), Some(found));
        assert_eq!(cache.load("dev", "eu-west-1"), None);
        assert_eq!(cache.load("ops", "us-east-1"), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_cache_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = cache(dir.path());
        cache.store("dev", "us-east-1", &sample(SystemTime::now())).expect("stored");
        let mode = |path: &Path| fs::metadata(path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(&cache.path("dev", "us-east-1")), 0o600);
        assert_eq!(mode(&dir.path().join("discovery")), 0o700);
    }

    #[test]
    fn stale_and_future_entries_are_refetched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = cache(dir.path()).with_max_age(Duration::from_hours(1));
        cache.store("dev", "us-east-1", &sample(whole_seconds_ago(7200))).expect("stored");
        assert_eq!(cache.load("dev", "us-east-1"), None);
        let now = SystemTime::now();
        cache.store("dev", "us-east-1", &sample(now + Duration::from_mins(10))).expect("stored");
        assert_eq!(cache.load_at("dev", "us-east-1", now), None);
        cache.store("dev", "us-east-1", &sample(whole_seconds_ago(1800))).expect("stored");
        assert!(cache.load("dev", "us-east-1").is_some());
    }

    #[test]
    fn a_corrupt_file_is_ignored_then_overwritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = cache(dir.path());
        let path = cache.path("dev", "us-east-1");
        fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        for junk in [&b"{not json"[..], b"", br#"{"version":99}"#, b"\xff\xfe"] {
            fs::write(&path, junk).expect("written");
            assert_eq!(cache.load("dev", "us-east-1"), None);
        }
        let found = sample(whole_seconds_ago(1));
        cache.store("dev", "us-east-1", &found).expect("overwritten");
        assert_eq!(cache.load("dev", "us-east-1"), Some(found));
    }

    #[test]
    fn names_cannot_leave_the_directory() {
        let cache = cache(Path::new("/data"));
        assert_eq!(cache.path("../../etc/x", "us-east-1"), Path::new("/data/discovery/.._.._etc_x@us-east-1.json"));
        assert_eq!(cache.path("", "eu west"), Path::new("/data/discovery/_@eu_west.json"));
    }

    #[test]
    fn nothing_but_ids_labels_and_owned_ids_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = cache(dir.path());
        cache.store("dev", "us-east-1", &sample(SystemTime::now())).expect("stored");
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(cache.path("dev", "us-east-1")).expect("read")).expect("json");
        let mut keys: Vec<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["anthropic_only", "fetched_at", "owned", "region", "runtime", "version"]);
        let mut owned: Vec<&str> = json["owned"][0].as_object().expect("owned").keys().map(String::as_str).collect();
        owned.sort_unstable();
        assert_eq!(owned, ["arn", "kind", "name", "underlying"]);
    }
}
