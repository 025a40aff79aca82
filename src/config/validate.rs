//! The ranges of config.toml's numbers: a value outside its range is reported with the file,
//! the line, the key and the range, and falls back to its default; the rest of the file applies.

use super::file::{CompareSettings, Config, EmulatorSettings, Network};
use super::problem::Problem;
use super::ranges::{
    COMPARE_CONCURRENCY, CONNECT_TIMEOUT_SECS, FloatRange, IDLE_TIMEOUT_SECS, REPEAT_SPACING_MS, RUN_DEADLINE_SECS,
    TEMPERATURE, TOKENS_PER_SECOND, TOP_P,
};
use crate::routes::RouteId;
use std::path::Path;
use toml::de::DeTable;

/// Put every out-of-range number of `config` back to its default, with a problem for each.
pub(super) fn check_ranges(config: &mut Config, doc: &DeTable<'_>, file: &Path, source: &str) -> Vec<Problem> {
    let mut checker = Checker { doc, file, source, problems: Vec::new() };
    let network = Network::default();
    let net = &mut config.network;
    checker.number(
        &["network", "connect_timeout_secs"],
        &mut net.connect_timeout_secs,
        network.connect_timeout_secs,
        CONNECT_TIMEOUT_SECS,
    );
    checker.number(
        &["network", "idle_timeout_secs"],
        &mut net.idle_timeout_secs,
        network.idle_timeout_secs,
        IDLE_TIMEOUT_SECS,
    );
    checker.number(
        &["network", "run_deadline_secs"],
        &mut net.run_deadline_secs,
        network.run_deadline_secs,
        RUN_DEADLINE_SECS,
    );
    let pace = EmulatorSettings::default().tokens_per_second;
    checker.number(&["emulator", "tokens_per_second"], &mut config.emulator.tokens_per_second, pace, TOKENS_PER_SECOND);
    checker.optional(&["defaults", "temperature"], &mut config.defaults.temperature, TEMPERATURE);
    checker.optional(&["defaults", "top_p"], &mut config.defaults.top_p, TOP_P);
    for (name, set) in &mut config.compare.sets {
        checker.optional(&["compare", "sets", name, "temperature"], &mut set.temperature, TEMPERATURE);
        checker.optional(&["compare", "sets", name, "top_p"], &mut set.top_p, TOP_P);
    }
    check_compare(&mut checker, &mut config.compare);
    checker.problems
}

/// `[compare]`'s matrix keys: a value out of range is reported and left unset (its default
/// applies); a per-route limit naming no route is dropped.
fn check_compare(checker: &mut Checker<'_, '_>, compare: &mut CompareSettings) {
    let concurrency = format!("a whole number from {} to {}", COMPARE_CONCURRENCY.start(), COMPARE_CONCURRENCY.end());
    if let Some(value) = compare.concurrency.filter(|value| !COMPARE_CONCURRENCY.contains(value)) {
        checker.problem(
            &["compare", "concurrency"],
            &format!("`compare.concurrency = {value}` must be {concurrency}; the default 4 applies"),
        );
        compare.concurrency = None;
    }
    compare.concurrency_per_route.retain(|name, value| {
        let path = ["compare", "concurrency_per_route", name.as_str()];
        if let Err(error) = name.parse::<RouteId>() {
            checker.problem(&path, &format!("`compare.concurrency_per_route.{name}`: {error}; it is ignored"));
            return false;
        }
        if !COMPARE_CONCURRENCY.contains(value) {
            let message =
                format!("`compare.concurrency_per_route.{name} = {value}` must be {concurrency}; it is ignored");
            checker.problem(&path, &message);
            return false;
        }
        true
    });
    if let Some(value) = compare.repeat_spacing_ms.filter(|value| !REPEAT_SPACING_MS.contains(value)) {
        let message = format!(
            "`compare.repeat_spacing_ms = {value}` must be a whole number from {} to {}; the default 250 applies",
            REPEAT_SPACING_MS.start(),
            REPEAT_SPACING_MS.end()
        );
        checker.problem(&["compare", "repeat_spacing_ms"], &message);
        compare.repeat_spacing_ms = None;
    }
    if let Some(value) = compare.confirm_above_usd.filter(|value| !(value.is_finite() && *value >= 0.0)) {
        let message = format!(
            "`compare.confirm_above_usd = {value:?}` must be a number of dollars, 0 or more; the default 5 applies"
        );
        checker.problem(&["compare", "confirm_above_usd"], &message);
        compare.confirm_above_usd = None;
    }
}

struct Checker<'d, 'a> {
    doc: &'d DeTable<'a>,
    file: &'d Path,
    source: &'d str,
    problems: Vec<Problem>,
}

impl Checker<'_, '_> {
    /// A number with a default: out of range, it becomes the default.
    fn number(&mut self, path: &[&str], value: &mut f64, default: f64, range: FloatRange) {
        if !range.allows(*value) {
            self.report(path, &format!("{value:?}"), range, &format!("the default {default} applies"));
            *value = default;
        }
    }

    /// An optional number: out of range, it is left unset.
    fn optional(&mut self, path: &[&str], value: &mut Option<f32>, range: FloatRange) {
        if let Some(number) = *value
            && !range.allows(f64::from(number))
        {
            self.report(path, &format!("{number:?}"), range, "it is left unset");
            *value = None;
        }
    }

    fn report(&mut self, path: &[&str], value: &str, range: FloatRange, fallback: &str) {
        self.problem(path, &format!("`{} = {value}` must be a number from {range}; {fallback}", path.join(".")));
    }

    fn problem(&mut self, path: &[&str], message: &str) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: super::lenient::line_of_key(self.doc, self.source, path),
            message: message.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::config::file::Config;
    use std::path::Path;

    #[test]
    fn compare_keys_out_of_range_are_named_with_their_line_and_fall_back() {
        let text = "[compare]\nconcurrency = 65\nrepeat_spacing_ms = 60001\nconfirm_above_usd = -1.0\n\
                    confirm_above_cells = 10\n[compare.concurrency_per_route]\nbedrock-converse = 2\nbedrok = 3\n\
                    anthropic = 0\n";
        let (config, problems) = Config::parse(Path::new("/x/config.toml"), text);
        let said: Vec<(Option<usize>, &str)> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(said.len(), 5, "{said:?}");
        let says = |line: usize, words: &[&str]| {
            let (_, message) = said.iter().find(|(at, _)| *at == Some(line)).unwrap_or_else(|| panic!("{said:?}"));
            assert!(words.iter().all(|word| message.contains(word)), "line {line}: {message}");
        };
        says(2, &["compare.concurrency = 65", "1 to 64", "default 4"]);
        says(3, &["compare.repeat_spacing_ms = 60001", "0 to 60000"]);
        says(4, &["compare.confirm_above_usd = -1.0", "0 or more"]);
        says(8, &["compare.concurrency_per_route.bedrok", "unknown route"]);
        says(9, &["compare.concurrency_per_route.anthropic = 0", "1 to 64"]);
        let compare = &config.compare;
        assert_eq!((compare.concurrency, compare.repeat_spacing_ms, compare.confirm_above_usd), (None, None, None));
        assert_eq!(compare.confirm_above_cells, Some(10));
        assert_eq!(compare.concurrency_per_route.keys().collect::<Vec<_>>(), ["bedrock-converse"]);
    }
}
