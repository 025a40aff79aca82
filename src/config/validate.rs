//! The ranges of config.toml's numbers: a value outside its range is reported with the file,
//! the line, the key and the range, and falls back to its default; the rest of the file applies.

use super::file::{Config, EmulatorSettings, Network};
use super::problem::Problem;
use super::ranges::{
    CONNECT_TIMEOUT_SECS, FloatRange, IDLE_TIMEOUT_SECS, RUN_DEADLINE_SECS, TEMPERATURE, TOKENS_PER_SECOND, TOP_P,
};
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
    checker.problems
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
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: super::lenient::line_of_key(self.doc, self.source, path),
            message: format!("`{} = {value}` must be a number from {range}; {fallback}", path.join(".")),
        });
    }
}
