//! Where routeplay keeps its files. `ROUTEPLAY_CONFIG_DIR` and `ROUTEPLAY_DATA_DIR` override
//! the platform directories (tests and portable setups use them).

use std::path::PathBuf;

/// The config and data directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `config.toml`, `keymap.toml`, `themes/`.
    pub config_dir: PathBuf,
    /// History and other state (later issues).
    pub data_dir: PathBuf,
}

impl Paths {
    /// The platform directories (`~/.config/routeplay` on Linux), or the overrides.
    #[must_use]
    pub fn discover() -> Self {
        let project = directories::ProjectDirs::from("dev", "routeplay", "routeplay");
        let fallback = || std::env::temp_dir().join("routeplay");
        let config_dir = std::env::var_os("ROUTEPLAY_CONFIG_DIR").map_or_else(
            || project.as_ref().map_or_else(fallback, |dirs| dirs.config_dir().to_path_buf()),
            PathBuf::from,
        );
        let data_dir = std::env::var_os("ROUTEPLAY_DATA_DIR").map_or_else(
            || project.as_ref().map_or_else(fallback, |dirs| dirs.data_dir().to_path_buf()),
            PathBuf::from,
        );
        Self { config_dir, data_dir }
    }

    #[must_use]
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// The user's model catalog, merged over the built-in one by family name.
    #[must_use]
    pub fn models_file(&self) -> PathBuf {
        self.config_dir.join("models.toml")
    }

    #[must_use]
    pub fn keymap_file(&self) -> PathBuf {
        self.config_dir.join("keymap.toml")
    }

    #[must_use]
    pub fn themes_dir(&self) -> PathBuf {
        self.config_dir.join("themes")
    }
}
