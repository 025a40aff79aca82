//! Before a matrix starts: its size and estimated cost on standard error (input tokens counted
//! by the routes that count when the matrix is small, else estimated from each prompt's
//! length), and past `[compare] confirm_above_usd` or `confirm_above_cells` a question on the
//! terminal, or a refusal without one unless `--yes`.

use crate::app::counted;
use crate::config::file::CompareSettings;
use crate::matrix::MatrixPlan;
use crate::matrix::estimate::{self, Estimate};
use crate::models::Catalog;
use crate::runtime::RunContext;
use std::fmt::Write as _;
use std::io::{BufRead, Write};

/// Ask before a matrix whose estimated cost passes this, in US dollars (`confirm_above_usd`).
pub const DEFAULT_CONFIRM_ABOVE_USD: f64 = 5.0;
/// Ask before a matrix of more cells than this (`confirm_above_cells`).
pub const DEFAULT_CONFIRM_ABOVE_CELLS: usize = 500;

/// The estimate for `plan`, its input tokens counted by the routes where that is cheap.
pub async fn estimate(plan: &MatrixPlan, context: &RunContext, catalog: &Catalog) -> Estimate {
    let counts = crate::runtime::matrix_count::count_pairs(plan, context).await;
    estimate::estimate(plan, catalog, &|prompt, target| counts.get(&(prompt, target)).copied())
}

/// The estimate as lines for standard error.
#[must_use]
pub fn describe(plan: &MatrixPlan, estimate: &Estimate) -> String {
    let samples = counted(plan.repeat as usize, "sample");
    let mut text = format!(
        "matrix of {} × {} × {samples} = {}\n",
        counted(plan.prompts.len(), "prompt"),
        counted(plan.targets.len(), "target"),
        counted(estimate.cells, "cell"),
    );
    let how = match estimate.counted_cells {
        0 => "estimated from the prompts' length".to_owned(),
        n if n == estimate.cells => "counted by the routes".to_owned(),
        n => format!("counted by the routes for {}, the rest estimated from length", counted(n, "cell")),
    };
    let _ = writeln!(text, "input: about {} tokens ({how})", estimate.input_tokens);
    let _ = writeln!(text, "output: at most {} tokens (max_tokens per cell)", estimate.max_output_tokens);
    match estimate.max_cost_usd {
        Some(usd) => {
            let _ = write!(text, "cost: at most ${usd:.2}");
        }
        None => text.push_str("cost: unknown"),
    }
    if !estimate.unpriced.is_empty() {
        let _ = write!(text, " (no price for {})", estimate.unpriced.join(", "));
    }
    text.push('\n');
    text
}

/// Whether the matrix may start: below the thresholds, with `--yes`, or when the user answers
/// yes on the `terminal` (standard input and error both are one). The error says why not and
/// how to go ahead.
pub fn allow(estimate: &Estimate, settings: &CompareSettings, yes: bool, terminal: bool) -> Result<(), String> {
    let above_cells = settings.confirm_above_cells.unwrap_or(DEFAULT_CONFIRM_ABOVE_CELLS);
    let above_usd = settings.confirm_above_usd.unwrap_or(DEFAULT_CONFIRM_ABOVE_USD);
    let mut over = Vec::new();
    if estimate.cells > above_cells {
        over.push(format!("{} cells is above [compare] confirm_above_cells = {above_cells}", estimate.cells));
    }
    if let Some(usd) = estimate.max_cost_usd.filter(|usd| *usd > above_usd) {
        over.push(format!("at most ${usd:.2} is above [compare] confirm_above_usd = {above_usd}"));
    }
    if over.is_empty() || yes {
        return Ok(());
    }
    let why = over.join(" and ");
    if !terminal {
        return Err(format!(
            "not started: {why}, and there is no terminal to confirm on; pass --yes to start it anyway, or raise \
             the key in config.toml"
        ));
    }
    eprint!("routeplay: {why}. Start? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|e| format!("cannot read the answer: {e}"))?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") { Ok(()) } else { Err("not started".into()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(cells: usize, usd: Option<f64>) -> Estimate {
        Estimate {
            cells,
            input_tokens: 10,
            max_output_tokens: 100,
            max_cost_usd: usd,
            counted_cells: 0,
            unpriced: Vec::new(),
        }
    }

    #[test]
    fn below_the_thresholds_or_with_yes_it_starts_above_them_the_refusal_names_the_keys() {
        let settings = CompareSettings::default();
        assert!(allow(&estimate(500, Some(5.0)), &settings, false, false).is_ok());
        assert!(allow(&estimate(501, Some(9.0)), &settings, true, false).is_ok());
        // Tests run without a terminal: the refusal says how to go ahead.
        let error = allow(&estimate(501, Some(5.5)), &settings, false, false).unwrap_err();
        assert!(error.contains("confirm_above_cells = 500") && error.contains("confirm_above_usd = 5"), "{error}");
        assert!(error.contains("--yes"), "{error}");
        let strict = CompareSettings { confirm_above_cells: Some(2), ..CompareSettings::default() };
        assert!(allow(&estimate(3, None), &strict, false, false).unwrap_err().contains("3 cells"));
    }
}
