//! Saving a compare set into `config.toml`. The file is the user's, with their comments and
//! layout, so it is appended to, never rewritten; a name already there is refused rather
//! than duplicated (TOML forbids a table twice).

use crate::routes::Target;
use std::io::Write;
use std::path::Path;

/// Append `[compare.sets.NAME]` with `targets` (as `route[@place]:model`) to `config`.
pub fn append_compare_set(config: &Path, name: &str, targets: &[Target]) -> Result<(), String> {
    let existing = match crate::files::read::read_capped(config) {
        Ok(text) => text,
        Err(error) if error.is_not_found() => String::new(),
        Err(error) => return Err(error.to_string()),
    };
    let header = format!("[compare.sets.{name}]");
    if existing.lines().any(|line| line.trim() == header) {
        return Err(format!("{} already has a set named {name}: choose another name", config.display()));
    }
    let specs: Vec<String> = targets.iter().map(|target| toml_string(&target.spec())).collect();
    let separator = if existing.is_empty() || existing.ends_with("\n\n") { "" } else { "\n" };
    let block = format!("{separator}{header}\ntargets = [{}]\n", specs.join(", "));
    if let Some(dir) = config.parent() {
        std::fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(config)
        .map_err(|error| format!("cannot open {}: {error}", config.display()))?;
    file.write_all(block.as_bytes()).map_err(|error| format!("cannot write {}: {error}", config.display()))
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::{Place, RouteId};

    #[test]
    fn a_set_is_appended_after_the_users_text_and_a_second_one_of_that_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "# mine\ntheme = \"light\"").unwrap();
        let targets = [
            Target::new(RouteId::Anthropic, "claude-sonnet-4-5-20250929"),
            Target {
                place: Place::Aws { region: Some("eu-west-1".into()), profile: None },
                ..Target::new(RouteId::BedrockConverse, "eu.anthropic.x-v1:0")
            },
        ];
        append_compare_set(&config, "sonnet", &targets).unwrap();
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(text.starts_with("# mine\ntheme = \"light\"\n[compare.sets.sonnet]\n"), "{text}");
        assert!(text.contains(
            r#"targets = ["anthropic:claude-sonnet-4-5-20250929", "bedrock-converse@eu-west-1:eu.anthropic.x-v1:0"]"#
        ));
        let parsed: toml::Value = toml::from_str(&text).unwrap();
        assert_eq!(parsed["compare"]["sets"]["sonnet"]["targets"].as_array().unwrap().len(), 2);
        assert!(append_compare_set(&config, "sonnet", &targets).unwrap_err().contains("already has a set"));
    }
}
