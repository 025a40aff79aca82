//! What `import-run` does not take on trust: a run file may come from anywhere, edited by hand.
//! Its timings must be times a run could have taken (in order, within a day of the run's
//! start), or `replay` would wait for ever; its parameters must be in range; and its request
//! headers are masked again exactly as a capture masks them, so a file carrying a live key
//! never shows it in `inspect`.

use super::FileRun;
use crate::config::ranges::{FloatRange, TEMPERATURE, TOP_P};
use crate::routes::capture::{Exchange, mask_header};

/// The latest any recorded time may be after its run started: a day, as the longest
/// `[network] run_deadline_secs` allows.
pub const MAX_RUN_MS: u64 = 24 * 3600 * 1000;

/// What is wrong with run `index`, naming the field: `runs[0].events[3].at_ms: …`.
pub(super) fn run(index: usize, run: &FileRun) -> Result<(), String> {
    let field = |name: &str| format!("runs[{index}].{name}");
    param(&field("params.temperature"), run.asked.params.temperature, TEMPERATURE)?;
    param(&field("params.top_p"), run.asked.params.top_p, TOP_P)?;
    for (name, value) in [
        ("credential_ms", run.ended.timings.credential_ms),
        ("first_token_ms", run.ended.timings.first_token_ms),
        ("total_ms", run.ended.timings.total_ms),
    ] {
        within_a_day(&field(name), value.unwrap_or(0))?;
    }
    in_order(run.events.iter().map(|event| event.at_ms), |i| field(&format!("events[{i}].at_ms")))?;
    if let Some(exchange) = &run.exchange {
        let chunks = exchange.chunks.iter().map(|chunk| u64::try_from(chunk.at.as_millis()).unwrap_or(u64::MAX));
        in_order(chunks, |i| field(&format!("exchange.chunks[{i}]")))?;
    }
    if let Some(ended) = run.ended_ms
        && ended < run.started_ms
    {
        return Err(format!("{}: {ended} is before started_ms {}", field("ended_ms"), run.started_ms));
    }
    Ok(())
}

fn param(field: &str, value: Option<f32>, range: FloatRange) -> Result<(), String> {
    match value {
        Some(value) if !range.allows(f64::from(value)) => {
            Err(format!("{field}: {value} must be a number from {range}"))
        }
        _ => Ok(()),
    }
}

fn within_a_day(field: &str, ms: u64) -> Result<(), String> {
    if ms > MAX_RUN_MS {
        return Err(format!("{field}: {ms} ms is more than 24 h after the run started, the most a run file may hold"));
    }
    Ok(())
}

/// Times that never go back and stay within a day; `field(i)` names the i-th.
fn in_order(times_ms: impl Iterator<Item = u64>, field: impl Fn(usize) -> String) -> Result<(), String> {
    let mut previous = 0;
    for (i, ms) in times_ms.enumerate() {
        within_a_day(&field(i), ms)?;
        if ms < previous {
            return Err(format!("{}: {ms} ms is before the time before it ({previous} ms)", field(i)));
        }
        previous = ms;
    }
    Ok(())
}

/// Mask the request's credentials as a capture does: its headers and the session token in the
/// SigV4 canonical request. Values a capture already masked are left as they are.
pub(super) fn mask(exchange: &mut Exchange) {
    let Some(request) = exchange.request.as_mut() else { return };
    for (name, value) in &mut request.headers {
        *value = mask_header(name, value);
    }
    if let Some(signing) = request.signing.as_mut() {
        let token = "x-amz-security-token:";
        let lines: Vec<String> = signing
            .canonical_request
            .split('\n')
            .map(|line| if line.starts_with(token) { format!("{token}****") } else { line.to_owned() })
            .collect();
        signing.canonical_request = lines.join("\n");
    }
}
