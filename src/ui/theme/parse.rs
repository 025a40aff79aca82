//! Reading one theme file: `name = "..."` and a `[styles]` table of role → style spec.

use super::{Role, Theme};
use crate::config::problem::{Problem, Report};
use ratatui::style::{Color, Modifier, Style};
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// Parse a theme file. Bad entries are reported and skipped; roles the file leaves out come
/// from `fallback` (user themes fall back to the default theme) or stay unstyled.
/// A file that is not valid TOML is one `Err` problem.
pub(super) fn parse_theme(
    file: &Path,
    source: &str,
    fallback: Option<&Theme>,
) -> Result<(Theme, Vec<Problem>), Problem> {
    let doc = DeTable::parse(source).map_err(|error| Problem::from_toml(file.to_path_buf(), source, &error))?;
    let mut report = Report::new(file, source);
    let mut name = None;
    let mut styles: Vec<Option<Style>> = vec![None; Role::ALL.len()];
    let mut styles_span = 0..0;
    for (key, value) in doc.get_ref() {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("name", DeValue::String(text)) => name = Some(text.to_string()),
            ("styles", DeValue::Table(table)) => {
                styles_span = key.span();
                read_styles(table, &mut styles, &mut report);
            }
            ("name", _) => report.add(&value.span(), "`name` must be a string".to_owned()),
            ("styles", _) => report.add(&value.span(), "`styles` must be a table".to_owned()),
            (other, _) => report.add(&key.span(), format!("unknown key `{other}`; a theme has `name` and `[styles]`")),
        }
    }
    let missing: Vec<&str> =
        Role::ALL.iter().filter(|role| styles[role.index()].is_none()).map(|role| role.name()).collect();
    if !missing.is_empty() {
        let source_of_rest = if fallback.is_some() { "from the default theme" } else { "unstyled" };
        report.add(&styles_span, format!("missing roles ({source_of_rest}): {}", missing.join(", ")));
    }
    let name =
        name.unwrap_or_else(|| file.file_stem().map_or_else(String::new, |stem| stem.to_string_lossy().into_owned()));
    let styles = styles
        .into_iter()
        .zip(Role::ALL)
        .map(|(style, role)| style.or_else(|| fallback.map(|theme| theme.get(*role))).unwrap_or_default())
        .collect();
    let mut problems = report.problems;
    problems.sort_by_key(|problem| problem.line);
    Ok((Theme { name, styles }, problems))
}

fn read_styles(table: &DeTable<'_>, styles: &mut [Option<Style>], report: &mut Report<'_>) {
    for (key, value) in table {
        let role_name = key.get_ref().as_ref();
        let Some(role) = Role::from_name(role_name) else {
            report.add(&key.span(), format!("unknown role `{role_name}`"));
            continue;
        };
        match value.get_ref() {
            DeValue::Table(spec) => {
                styles[role.index()] = Some(read_style(role_name, spec, report));
            }
            _ => report.add(
                &value.span(),
                format!("`{role_name}` must be a table such as {{ fg = \"#89b4fa\", bold = true }}"),
            ),
        }
    }
}

/// One style spec; a bad field is reported and the others still apply.
fn read_style(role: &str, spec: &DeTable<'_>, report: &mut Report<'_>) -> Style {
    let mut style = Style::default();
    for (key, value) in spec {
        let field = key.get_ref().as_ref();
        let span = value.span();
        match field {
            "fg" | "bg" => match value.get_ref().as_str().map(str::parse::<Color>) {
                Some(Ok(color)) if field == "fg" => style.fg = Some(color),
                Some(Ok(color)) => style.bg = Some(color),
                _ => report.add(
                    &span,
                    format!(
                        "`{role}.{field}` is not a colour; use \"#rrggbb\", a name such as \
                         \"dark_gray\", or \"reset\""
                    ),
                ),
            },
            _ => match (modifier(field), value.get_ref()) {
                (Some(modifier), DeValue::Boolean(on)) => {
                    if *on {
                        style = style.add_modifier(modifier);
                    }
                }
                (Some(_), _) => {
                    report.add(&span, format!("`{role}.{field}` must be true or false"));
                }
                (None, _) => report.add(
                    &key.span(),
                    format!(
                        "unknown style field `{field}` in `{role}`; expected fg, bg, bold, dim, \
                         italic, underlined or reversed"
                    ),
                ),
            },
        }
    }
    style
}

fn modifier(field: &str) -> Option<Modifier> {
    Some(match field {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_theme;
    use crate::ui::theme::{Role, Theme};
    use ratatui::style::{Color, Modifier};
    use std::path::Path;

    #[test]
    fn reads_colours_and_modifiers() {
        let source = "name = \"t\"\n[styles]\n\"border.focused\" = { fg = \"#89b4fa\", bg = \"dark_gray\", bold = true, reversed = true }\ntext = { fg = \"reset\" }\n";
        let (theme, _) = parse_theme(Path::new("t.toml"), source, None).expect("valid toml");
        let style = theme.get(Role::BorderFocused);
        assert_eq!(style.fg, Some(Color::Rgb(0x89, 0xb4, 0xfa)));
        assert_eq!(style.bg, Some(Color::DarkGray));
        assert_eq!(style.add_modifier, Modifier::BOLD | Modifier::REVERSED);
        assert_eq!(theme.get(Role::Text).fg, Some(Color::Reset));
        assert_eq!(theme.name, "t");
    }

    #[test]
    fn bad_entries_are_problems_with_lines_and_the_rest_loads() {
        let source = "name = \"t\"\n[styles]\ntext = { fg = \"#12\" }\nnope = { bold = true }\nerror = { fg = \"red\", blink = true }\nok = { bold = \"yes\" }\n";
        let fallback = Theme::default();
        let (theme, problems) = parse_theme(Path::new("u.toml"), source, Some(&fallback)).expect("valid toml");
        let lines: Vec<_> = problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5), Some(6)], "{problems:#?}");
        assert!(problems[0].message.starts_with("missing roles (from the default theme)"));
        assert!(problems[1].message.contains("text.fg"));
        assert!(problems[2].message.contains("unknown role `nope`"));
        assert!(problems[3].message.contains("blink"));
        assert!(problems.iter().all(|problem| problem.file == Path::new("u.toml")));
        assert_eq!(theme.get(Role::Error).fg, Some(Color::Red));
        assert_eq!(theme.get(Role::Heading), fallback.get(Role::Heading));
    }

    #[test]
    fn invalid_toml_is_one_problem_with_a_line() {
        let problem = parse_theme(Path::new("b.toml"), "name = \"x\"\n[styles\n", None).expect_err("broken toml");
        assert_eq!(problem.line, Some(2));
    }

    #[test]
    fn name_defaults_to_the_file_stem() {
        let (theme, _) = parse_theme(Path::new("dir/mine.toml"), "", None).expect("valid toml");
        assert_eq!(theme.name, "mine");
    }
}
