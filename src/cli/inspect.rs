//! `routeplay inspect ID [--raw] [--json]`: a stored run's exchange as the playground's
//! inspector shows it (the request as sent, credentials masked; its signature; the response's
//! status and headers; the stream frame by frame), as text or as JSON for scripts.

use super::InspectArgs;
use super::output::outln;
use crate::app::msg::RunId;
use crate::app::runs::Run;
use crate::config::paths::Paths;
use crate::routes::capture::Exchange;
use crate::routes::capture::frames::{self, Framing};
use crate::routes::{RouteId, Target};
use crate::store::{RunRecord, Store};
use crate::ui::theme::Themes;
use base64::Engine;
use serde_json::{Value, json};
use std::io::IsTerminal;

pub fn run(args: &InspectArgs) -> i32 {
    super::exit_code(inspect(args).map(|()| 0))
}

fn inspect(args: &InspectArgs) -> Result<(), String> {
    let store = Store::open_for_reading(Store::file(&Paths::discover())).map_err(|e| format!("history: {e}"))?;
    let (detail, index) = super::snippet::find_run(&store, args.id)?;
    let record = &detail.runs[index];
    let route: RouteId = record
        .route
        .parse()
        .map_err(|_| format!("run {}: this routeplay does not know the route {:?}", record.key, record.route))?;
    let exchange = store.exchange(record.key).map_err(|e| e.to_string())?.ok_or_else(|| {
        format!(
            "run {}: nothing was captured: it failed before sending, or it was stored by a routeplay that did not \
             keep requests yet",
            record.key
        )
    })?;
    if args.json {
        let document = document(record, route, &exchange, args.raw);
        outln!("{}", serde_json::to_string_pretty(&document).unwrap_or_default());
        return Ok(());
    }
    let mut run = Run::new(RunId(0), Target::new(route, record.model.clone()), record.asked.prompt.clone());
    run.exchange = exchange;
    // On a terminal, wrapped to fit; into a pipe or a file, each line whole.
    let width = crossterm::terminal::size()
        .ok()
        .filter(|_| std::io::stdout().is_terminal())
        .map_or(u16::MAX, |(columns, _)| columns);
    let themes = Themes::built_in();
    for line in crate::ui::inspector::lines(&run, args.raw, width, themes.default_theme()) {
        outln!("{}", line.spans.iter().map(|span| span.content.as_ref()).collect::<String>());
    }
    Ok(())
}

/// The exchange as JSON: the request, the response, and the stream split into its frames
/// (with each frame's bytes in base64 when `raw`).
fn document(record: &RunRecord, route: RouteId, exchange: &Exchange, raw: bool) -> Value {
    let framing = Framing::of(exchange.content_type(), route);
    let frames: Vec<Value> = frames::split(framing, &exchange.chunks)
        .iter()
        .map(|frame| {
            let mut value = json!({
                "at_ms": frame.at.as_secs_f64() * 1000.0,
                "bytes": frame.raw.len(),
                "headers": frame.headers,
                "payload": frame.payload,
                "inner": frame.inner,
                "problem": frame.problem,
            });
            if raw {
                value["base64"] = json!(base64::engine::general_purpose::STANDARD.encode(&frame.raw));
            }
            value
        })
        .collect();
    json!({
        "run_id": record.key.0,
        "route": record.route,
        "model": record.model,
        "request": exchange.request,
        "status": exchange.status,
        "response_headers": exchange.response_headers,
        "framing": match framing { Framing::Sse => "sse", Framing::EventStream => "event-stream" },
        "frames": frames,
        "dropped_bytes": exchange.dropped_bytes,
    })
}
