//! Saving the theme chosen in the playground as `theme` in `config.toml`. The file is the
//! user's: it is edited, not rewritten, so its comments, order and layout stay.

use std::path::Path;

/// Set `theme = "NAME"` in `config` (created when missing). The new text goes to a private
/// temporary file beside it first, then replaces it, so a failed write leaves the old file.
pub fn save_theme(config: &Path, name: &str) -> Result<(), String> {
    let existing = match crate::files::read::read_capped(config) {
        Ok(text) => text,
        Err(error) if error.is_not_found() => String::new(),
        Err(error) => return Err(error.to_string()),
    };
    let mut document: toml_edit::DocumentMut = existing.parse().map_err(|error: toml_edit::TomlError| {
        format!("{}: not valid TOML, so the theme was not saved: {}", config.display(), error.message())
    })?;
    match document.get_mut("theme").and_then(toml_edit::Item::as_value_mut) {
        // The value only: the spaces and comment around it stay.
        Some(value) => {
            let decor = value.decor().clone();
            *value = name.into();
            *value.decor_mut() = decor;
        }
        None => document["theme"] = toml_edit::value(name),
    }
    if let Some(dir) = config.parent() {
        std::fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    }
    let mut temporary = config.as_os_str().to_owned();
    temporary.push(".saving");
    let temporary = std::path::PathBuf::from(temporary);
    let written = crate::files::write_private(&temporary, document.to_string().as_bytes())
        .and_then(|()| std::fs::rename(&temporary, config));
    written.map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot write {}: {error}", config.display())
    })
}

#[cfg(test)]
mod tests {
    use super::save_theme;

    #[test]
    fn the_theme_is_set_and_the_users_comments_and_tables_stay() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let mine =
            "# my settings\ntheme = \"dark\" # for the evening\n\n[defaults]\n# the usual\nroute = \"anthropic\"\n";
        std::fs::write(&config, mine).unwrap();
        save_theme(&config, "light").unwrap();
        let text = std::fs::read_to_string(&config).unwrap();
        assert_eq!(text, mine.replace("\"dark\"", "\"light\""));
    }

    #[test]
    fn a_missing_file_gets_the_theme_and_a_broken_one_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("sub/config.toml");
        save_theme(&config, "light").unwrap();
        assert_eq!(std::fs::read_to_string(&config).unwrap(), "theme = \"light\"\n");
        let broken = dir.path().join("broken.toml");
        std::fs::write(&broken, "theme = [").unwrap();
        let error = save_theme(&broken, "light").unwrap_err();
        assert!(error.contains("broken.toml") && error.contains("not valid TOML"), "{error}");
        assert_eq!(std::fs::read_to_string(&broken).unwrap(), "theme = [");
    }

    #[test]
    fn a_theme_key_after_the_tables_goes_to_the_top_level() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "[defaults]\nroute = \"anthropic\"\n").unwrap();
        save_theme(&config, "light").unwrap();
        let parsed: toml::Value = toml::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
        assert_eq!(parsed["theme"].as_str(), Some("light"));
        assert_eq!(parsed["defaults"]["route"].as_str(), Some("anthropic"));
    }
}
