//! The set of available themes: the built-in ones plus any found in the user's theme directory.

use super::Theme;
use super::parse::parse_theme;
use crate::config::problem::Problem;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Built-in theme files, embedded in the binary. The first one is the default.
const BUILT_IN: [(&str, &str); 4] = [
    ("dark.toml", include_str!("../../../themes/dark.toml")),
    ("light.toml", include_str!("../../../themes/light.toml")),
    ("catppuccin-mocha.toml", include_str!("../../../themes/catppuccin-mocha.toml")),
    ("gruvbox-dark.toml", include_str!("../../../themes/gruvbox-dark.toml")),
];

/// Every theme the user can switch between, in cycling order.
#[derive(Debug, Clone)]
pub struct Themes {
    /// Never empty; the first theme is the default.
    themes: Vec<Theme>,
}

impl Themes {
    /// Only the built-in themes.
    #[must_use]
    pub fn built_in() -> Themes {
        let themes = BUILT_IN.iter().map(|(file, source)| parse_built_in(file, source)).collect();
        Themes { themes }
    }

    /// The built-in themes plus every `*.toml` file in `user_dir`, in file-name order. A user
    /// theme with the name of a built-in one replaces it. A file that cannot be read or parsed
    /// is skipped with one problem; bad entries inside a file are problems too, but the theme
    /// still loads, taking roles it lacks from the default theme. A missing directory is fine.
    #[must_use]
    pub fn load(user_dir: Option<&Path>) -> (Themes, Vec<Problem>) {
        let mut themes = Themes::built_in();
        let mut problems = Vec::new();
        let Some(dir) = user_dir else {
            return (themes, problems);
        };
        let files = match theme_files(dir) {
            Ok(files) => files,
            Err(error) if error.kind() == ErrorKind::NotFound => return (themes, problems),
            Err(error) => {
                problems.push(Problem { file: dir.to_path_buf(), line: None, message: error.to_string() });
                return (themes, problems);
            }
        };
        let fallback = themes.default_theme().clone();
        for file in files {
            let parsed = crate::files::read::read_capped(&file)
                .map_err(|error| Problem { file: file.clone(), line: None, message: error.detail() })
                .and_then(|source| parse_theme(&file, &source, Some(&fallback)));
            match parsed {
                Ok((theme, found)) => {
                    problems.extend(found);
                    themes.insert(theme);
                }
                Err(problem) => problems.push(problem),
            }
        }
        (themes, problems)
    }

    /// Theme names in cycling order.
    #[must_use]
    pub fn names(&self) -> Vec<&str> {
        self.themes.iter().map(|theme| theme.name.as_str()).collect()
    }

    /// The theme called `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.name == name)
    }

    /// The default theme (`dark`, unless a user theme replaced it).
    #[must_use]
    pub fn default_theme(&self) -> &Theme {
        &self.themes[0]
    }

    fn insert(&mut self, theme: Theme) {
        match self.themes.iter_mut().find(|existing| existing.name == theme.name) {
            Some(existing) => *existing = theme,
            None => self.themes.push(theme),
        }
    }
}

/// The default built-in theme alone, without parsing the others.
pub(super) fn built_in_default() -> Theme {
    let (file, source) = BUILT_IN[0];
    parse_built_in(file, source)
}

/// Built-in themes are checked by tests, so their problems are not reported at run time.
fn parse_built_in(file: &str, source: &str) -> Theme {
    let path = PathBuf::from("themes").join(file);
    match parse_theme(&path, source, None) {
        Ok((theme, problems)) => {
            debug_assert!(problems.is_empty(), "built-in theme problems: {problems:?}");
            theme
        }
        Err(problem) => unreachable!("built-in theme does not parse: {problem}"),
    }
}

fn theme_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::{BUILT_IN, Themes};
    use crate::ui::theme::Role;
    use crate::ui::theme::parse::parse_theme;
    use std::path::Path;

    #[test]
    fn every_built_in_theme_defines_every_role_without_problems() {
        for (file, source) in BUILT_IN {
            let (_, problems) = parse_theme(Path::new(file), source, None).expect("valid toml");
            assert!(problems.is_empty(), "{file}: {problems:#?}");
        }
    }

    #[test]
    fn built_in_names_and_cycling() {
        let themes = Themes::built_in();
        assert_eq!(themes.names(), ["dark", "light", "catppuccin-mocha", "gruvbox-dark"]);
        assert_eq!(themes.default_theme().name, "dark");
        assert!(themes.get("catppuccin-mocha").is_some());
        assert!(themes.get("solarized").is_none());
    }

    #[test]
    fn user_themes_load_replace_and_report_problems() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
        write("a-broken.toml", "name = \"broken\"\n[styles\n");
        write("b-mine.toml", "name = \"mine\"\n[styles]\nerror = { fg = \"#ff0000\" }\nwat = {}\n");
        write("c-light.toml", "name = \"light\"\n[styles]\ntext = { fg = \"black\" }\n");
        write("notes.txt", "not a theme");
        let (themes, problems) = Themes::load(Some(dir.path()));
        assert_eq!(themes.names(), ["dark", "light", "catppuccin-mocha", "gruvbox-dark", "mine"]);
        let mine = themes.get("mine").expect("user theme");
        assert_eq!(mine.get(Role::Heading), themes.default_theme().get(Role::Heading));
        let found: Vec<_> = problems
            .iter()
            .map(|problem| (problem.file.file_name().expect("file").to_string_lossy().into_owned(), problem.line))
            .collect();
        assert!(found.contains(&("a-broken.toml".to_owned(), Some(2))), "{problems:#?}");
        assert!(found.contains(&("b-mine.toml".to_owned(), Some(4))), "{problems:#?}");
    }

    #[test]
    fn a_missing_user_directory_is_not_a_problem() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (themes, problems) = Themes::load(Some(&dir.path().join("absent")));
        assert!(problems.is_empty());
        assert_eq!(themes.names().len(), 4);
    }
}
