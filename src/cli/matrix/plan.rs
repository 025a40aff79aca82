//! What a matrix command asks for: a new plan from `--prompts FILE` and the targets, or a
//! stored matrix to resume; and the limits its cells are sent under.

use super::super::CompareArgs;
use super::super::compare::{spec, unknown_set, with_profile_and_project};
use crate::client::setup::demo_on_emulator;
use crate::config::file::{CompareSettings, Config};
use crate::config::paths::Paths;
use crate::config::ranges::COMPARE_CONCURRENCY;
use crate::matrix::schedule::Limits;
use crate::matrix::{MAX_REPEAT, MAX_TARGETS, Matrix, MatrixPlan, prompt_set, record};
use crate::routes::{RouteId, Target};
use crate::store::{MatrixId, Store, now_ms};
use std::time::Duration;

/// Cells in flight per route unless `--concurrency` or `[compare] concurrency` say otherwise.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Milliseconds between two samples of one cell unless `[compare] repeat_spacing_ms` says.
pub const DEFAULT_REPEAT_SPACING_MS: u64 = 250;

/// The plan `compare --prompts FILE …` asks for, checked before anything is sent.
pub fn new_plan(args: &CompareArgs, config: &Config) -> Result<MatrixPlan, String> {
    let Some(path) = &args.matrix.prompts else {
        return Err("compare needs --prompts FILE or --resume MATRIX_ID for a matrix".into());
    };
    if args.prompt.is_some() {
        return Err("give either a prompt or --prompts FILE, not both".into());
    }
    if !args.request.controls.attach.is_empty() {
        return Err("--attach does not apply to --prompts: give each prompt's files in its `attachments` field".into());
    }
    let repeat = args.matrix.repeat;
    if !(1..=MAX_REPEAT).contains(&repeat) {
        return Err(format!("--repeat must be 1 to {MAX_REPEAT}, got {repeat}"));
    }
    let set = match &args.set {
        Some(name) => Some(config.compare.sets.get(name).ok_or_else(|| unknown_set(name, config))?),
        None => None,
    };
    let targets = targets(args, set.iter().flat_map(|set| set.targets.iter()).chain(&args.targets))?;
    let prompts = prompt_set::read(path)?;
    if prompts.items.is_empty() {
        return Err(format!("{}: no prompts in the file", prompts.source));
    }
    let mut base = super::super::input::build_request(&args.request, set, config, String::new())?;
    super::super::input::preflight(&targets, &base)?;
    base.turns.clear();
    let plan = MatrixPlan {
        id: MatrixId::fresh(),
        source: prompts.source,
        folder: prompts.folder,
        prompts: prompts.items,
        demo: args.demo && targets.iter().any(|target| demo_on_emulator(target.route.spec())),
        targets,
        repeat,
        base,
        batch: args.matrix.batch,
        created_ms: now_ms(),
    };
    plan.check_size()?;
    Ok(plan)
}

/// The targets, 1 to [`MAX_TARGETS`] (a single target is a matrix too).
fn targets<'a>(args: &CompareArgs, specs: impl Iterator<Item = &'a String>) -> Result<Vec<Target>, String> {
    let targets = specs.map(|text| spec::parse(text)).collect::<Result<Vec<_>, _>>()?;
    if !(1..=MAX_TARGETS).contains(&targets.len()) {
        return Err(format!(
            "a matrix needs 1 to {MAX_TARGETS} targets, got {}; pass --target {} (repeatable) or --set NAME",
            targets.len(),
            spec::FORM
        ));
    }
    Ok(targets
        .into_iter()
        .map(|target| Target { place: with_profile_and_project(target.place, args), ..target })
        .collect())
}

/// The stored matrix `id`, with every cell it stored.
pub fn load(id: i64) -> Result<Matrix, String> {
    let store = Store::open_for_reading(Store::file(&Paths::discover())).map_err(|e| format!("history: {e}"))?;
    record::read(&store, MatrixId(id))?
        .ok_or_else(|| format!("no matrix {id} in the history; `routeplay matrix list` shows the stored ones"))
}

/// How many cells each route may have in flight (`--concurrency` wins over `[compare]
/// concurrency`; `[compare.concurrency_per_route]` sets a route's own), and the spacing of
/// repeated samples.
pub fn limits(concurrency: Option<usize>, settings: &CompareSettings) -> Result<Limits, String> {
    if let Some(asked) = concurrency
        && !COMPARE_CONCURRENCY.contains(&asked)
    {
        let (min, max) = (COMPARE_CONCURRENCY.start(), COMPARE_CONCURRENCY.end());
        return Err(format!("--concurrency must be {min} to {max}, got {asked}"));
    }
    let per_route = settings
        .concurrency_per_route
        .iter()
        .filter_map(|(name, limit)| Some((name.parse::<RouteId>().ok()?, *limit)))
        .collect();
    Ok(Limits {
        default_per_route: concurrency.or(settings.concurrency).unwrap_or(DEFAULT_CONCURRENCY),
        per_route,
        repeat_spacing: Duration::from_millis(settings.repeat_spacing_ms.unwrap_or(DEFAULT_REPEAT_SPACING_MS)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrency_comes_from_the_flag_then_the_config_and_is_checked() {
        let mut settings = CompareSettings { concurrency: Some(6), ..CompareSettings::default() };
        settings.concurrency_per_route.insert("bedrock-converse".into(), 2);
        let limits = limits(None, &settings).unwrap();
        assert_eq!(limits.default_per_route, 6);
        assert_eq!(limits.per_route.get(&RouteId::BedrockConverse), Some(&2));
        assert_eq!(limits.repeat_spacing, Duration::from_millis(DEFAULT_REPEAT_SPACING_MS));
        assert_eq!(super::limits(Some(3), &settings).unwrap().default_per_route, 3);
        assert_eq!(super::limits(None, &CompareSettings::default()).unwrap().default_per_route, DEFAULT_CONCURRENCY);
        for bad in [0, 65] {
            let error = super::limits(Some(bad), &settings).unwrap_err();
            assert!(error.contains("--concurrency must be 1 to 64") && error.contains(&bad.to_string()), "{error}");
        }
    }
}
