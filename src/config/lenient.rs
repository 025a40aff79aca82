//! Reading a TOML settings file one key at a time: a key the type does not know, or a value
//! of the wrong type, is reported with its line and left out, and every other key still
//! applies. One typo must not throw away the whole file (and with it `base_url`).
//!
//! Each key is tried alone, inside an otherwise empty document, against the whole type (whose
//! fields all have defaults); a table that fails is tried key by key below it. So the checks
//! are serde's own, the names it knows included, and no list of keys is kept by hand here.

use super::problem::{Problem, Report};
use serde::de::DeserializeOwned;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

type Key<'a> = Spanned<DeString<'a>>;

/// `T` read from `source` with each bad key left out, the document as read (for the lines of
/// later checks), and the problems. A syntax error is a problem too: the keys on its line are
/// left out (the parser's guess at what was meant is not used), what parsed around it is kept.
pub fn parse<'a, T: DeserializeOwned + Default>(file: &'a Path, source: &'a str) -> (T, DeTable<'a>, Vec<Problem>) {
    let (mut doc, errors) = DeTable::parse_recoverable(source);
    let mut report = Report::new(file, source);
    report.problems.extend(errors.iter().map(|error| {
        let problem = Problem::from_toml(file.to_path_buf(), source, error);
        Problem { message: format!("{}; the line is ignored", problem.message), ..problem }
    }));
    let broken: Vec<usize> = report.problems.iter().filter_map(|problem| problem.line).collect();
    drop_lines(doc.get_mut(), source, &broken);
    let mut path = Vec::new();
    let (kept, _) = prune::<T>(&mut path, doc.get_ref(), &mut report);
    let value = deserialize::<T>(kept.clone()).unwrap_or_else(|error| {
        // Keys that fit one by one but not together: name it, and use the defaults.
        report.problems.push(Problem::from_toml(file.to_path_buf(), source, &error));
        T::default()
    });
    let mut problems = report.problems;
    problems.sort_by_key(|problem| problem.line);
    (value, kept, problems)
}

/// Remove every entry whose key is on one of `lines`, at any depth.
fn drop_lines(table: &mut DeTable<'_>, source: &str, lines: &[usize]) {
    if lines.is_empty() {
        return;
    }
    for (key, mut value) in std::mem::replace(table, DeTable::new()) {
        if lines.contains(&super::problem::line_of(source, key.span().start)) {
            continue;
        }
        if let DeValue::Table(children) = value.get_mut() {
            drop_lines(children, source, lines);
        }
        table.insert(key, value);
    }
}

/// The 1-based line of the key at `path` (`["network", "idle_timeout_secs"]`) in `doc`.
#[must_use]
pub fn line_of_key(doc: &DeTable<'_>, source: &str, path: &[&str]) -> Option<usize> {
    let (last, parents) = path.split_last()?;
    let mut table = doc;
    for name in parents {
        table = table.get(*name)?.get_ref().as_table()?;
    }
    let (key, _) = table.iter().find(|(key, _)| key.get_ref() == last)?;
    Some(super::problem::line_of(source, key.span().start))
}

/// The entries of `table` (at `path`) that `T` accepts, each rejected one reported; and
/// whether any was left out.
fn prune<'a, T: DeserializeOwned>(
    path: &mut Vec<Key<'a>>,
    table: &DeTable<'a>,
    report: &mut Report<'_>,
) -> (DeTable<'a>, bool) {
    let mut kept = DeTable::new();
    let mut left_out = false;
    for (key, value) in table {
        path.push(key.clone());
        match accepted::<T>(path, value) {
            Ok(()) => {
                kept.insert(key.clone(), value.clone());
            }
            Err(error) => {
                left_out = true;
                if let DeValue::Table(children) = value.get_ref() {
                    let (inner, inner_left_out) = prune::<T>(path, children, report);
                    let inner = Spanned::new(value.span(), DeValue::Table(inner));
                    match accepted::<T>(path, &inner) {
                        Ok(()) => {
                            kept.insert(key.clone(), inner);
                        }
                        // Its bad keys were reported; what is left is not a whole entry.
                        Err(_) if inner_left_out => {}
                        Err(error) => report.add(&key.span(), describe(path, &error)),
                    }
                } else {
                    report.add(&key.span(), describe(path, &error));
                }
            }
        }
        path.pop();
    }
    (kept, left_out)
}

/// Whether `T` takes a document holding only `value` at `path`.
fn accepted<T: DeserializeOwned>(path: &[Key<'_>], value: &Spanned<DeValue<'_>>) -> Result<(), toml::de::Error> {
    let mut value = value.clone();
    for key in path.iter().rev() {
        let mut table = DeTable::new();
        table.insert(key.clone(), value);
        value = Spanned::new(key.span(), DeValue::Table(table));
    }
    match value.into_inner() {
        DeValue::Table(root) => deserialize::<T>(root).map(drop),
        _ => Ok(()),
    }
}

fn deserialize<T: DeserializeOwned>(root: DeTable<'_>) -> Result<T, toml::de::Error> {
    let mut root = root;
    // Owned, so the value does not borrow the source (T is `DeserializeOwned`).
    root.make_owned();
    T::deserialize(toml::de::Deserializer::from(Spanned::new(0..0, root)))
}

/// What is wrong with the key at `path`: an unknown key, with the nearest known one, or a bad
/// value, which falls back to its default.
fn describe(path: &[Key<'_>], error: &toml::de::Error) -> String {
    let dotted: Vec<&str> = path.iter().map(|key| key.get_ref().as_ref()).collect();
    let dotted = dotted.join(".");
    let message = error.message().trim();
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return format!("`{dotted}`: {message}; it is ignored and its default applies");
    };
    let name = rest.split('`').next().unwrap_or_default();
    let known: Vec<&str> =
        rest.split_once("expected").map_or_else(Vec::new, |(_, list)| list.split('`').skip(1).step_by(2).collect());
    match nearest(name, &known) {
        Some(near) => format!("unknown key `{dotted}` is ignored; did you mean `{near}`?"),
        None if known.is_empty() => format!("unknown key `{dotted}` is ignored"),
        None => format!("unknown key `{dotted}` is ignored (known keys here: {})", known.join(", ")),
    }
}

/// The known name closest to `name`, if it is close enough to be a typo.
fn nearest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let limit = (name.chars().count() / 3).max(1);
    known
        .iter()
        .map(|candidate| (edit_distance(name, candidate), *candidate))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_single_changes() {
        assert_eq!(edit_distance("them", "theme"), 1);
        assert_eq!(edit_distance("idle_timeout", "idle_timeout"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
