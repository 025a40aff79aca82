//! `routeplay history`: list, search, show, export, stats and delete stored conversations.

use super::output::{out, outln};
use super::table_cell::cell;
use super::{HistoryArgs, HistoryCommand};
use crate::config::paths::Paths;
use crate::export::{json as export_json, markdown as export_markdown};
use crate::routes::RouteId;
use crate::store::when;
use crate::store::{ConversationDetail, ConversationId, Filter, RunStatus, Store, segments};
use serde_json::{Value, json};

pub fn run(args: HistoryArgs) -> i32 {
    super::exit_code(history(args).map(|()| 0))
}

fn history(args: HistoryArgs) -> Result<(), String> {
    let store =
        Store::open_for_reading(Store::file(&Paths::discover())).map_err(|error| format!("history: {error}"))?;
    match args.command {
        HistoryCommand::List { route, model, status, limit, json } => {
            let filter = Filter {
                route: route.map(|r| r.parse::<RouteId>()).transpose()?,
                model,
                status: status.map(|s| s.parse::<RunStatus>()).transpose()?,
                limit: Some(limit),
                ..Filter::default()
            };
            list(&store, &filter, json)
        }
        HistoryCommand::Search { query, limit, json } => search(&store, &query, limit, json),
        HistoryCommand::Show { id, json } => {
            let detail = find(&store, id)?;
            if json {
                outln!("{}", export_json(&detail));
            } else {
                out!("{}", export_markdown(&detail));
            }
            Ok(())
        }
        HistoryCommand::Export { id, format } => {
            let detail = find(&store, id)?;
            match format.as_str() {
                "md" | "markdown" => out!("{}", export_markdown(&detail)),
                "json" => outln!("{}", serde_json::to_string_pretty(&export_json(&detail)).unwrap_or_default()),
                other => return Err(format!("unknown export format {other:?}; use md or json")),
            }
            Ok(())
        }
        HistoryCommand::Stats { json } => stats(&store, json),
        HistoryCommand::Delete { id } => {
            if store.delete_conversation(ConversationId(id)).map_err(|e| e.to_string())? {
                outln!("deleted conversation {id}");
                Ok(())
            } else {
                Err(format!("no conversation {id} in the history"))
            }
        }
    }
}

fn list(store: &Store, filter: &Filter, json: bool) -> Result<(), String> {
    let rows = store.list_conversations(filter).map_err(|e| e.to_string())?;
    if json {
        let rows: Vec<Value> = rows
            .iter()
            .map(|c| {
                json!({"id": c.id.0, "title": c.title, "first_line": c.first_line, "runs": c.runs, "route": c.route,
                    "model": c.model, "status": c.status.as_str(), "updated_ms": c.updated_ms})
            })
            .collect();
        outln!("{}", Value::Array(rows));
        return Ok(());
    }
    outln!("{:<20} {:<17} {:<11} {:<16} {:<ID_WIDTH$} FIRST LINE", "ID", "WHEN", "STATUS", "ROUTE", "MODEL");
    for c in rows {
        let first_line: String = c.first_line.chars().take(60).collect();
        outln!(
            "{:<20} {:<17} {:<11} {} {} {first_line}",
            c.id.0,
            when(c.updated_ms),
            c.status.as_str(),
            cell(&c.route, 16),
            cell(&c.model, ID_WIDTH)
        );
    }
    Ok(())
}

/// Columns of the model id in `history list` and `history stats`: longer ids are cut with `…`
/// so the columns after them stay in line (`--json` has them whole).
const ID_WIDTH: usize = 32;

fn search(store: &Store, query: &str, limit: usize, json: bool) -> Result<(), String> {
    let hits = store.search(query, limit).map_err(|e| e.to_string())?;
    if json {
        let rows: Vec<Value> = hits
            .iter()
            .map(|h| {
                json!({"conversation": h.conversation.0, "run": h.run.0, "route": h.route, "model": h.model,
                    "status": h.status.as_str(), "started_ms": h.started_ms, "snippet": plain_snippet(&h.snippet)})
            })
            .collect();
        outln!("{}", Value::Array(rows));
        return Ok(());
    }
    for hit in hits {
        outln!("{}  {} · {} · {}", hit.conversation.0, hit.route, hit.model, when(hit.started_ms));
        outln!("    {}", marked_snippet(&hit.snippet));
    }
    Ok(())
}

fn stats(store: &Store, json: bool) -> Result<(), String> {
    let catalog = crate::models::Catalog::with_user_file(&crate::config::paths::Paths::discover().models_file()).0;
    let price = |run: &crate::store::PricedRun<'_>| {
        let route = run.route.parse().ok()?;
        let target = crate::routes::Target { place: run.place.clone(), ..crate::routes::Target::new(route, run.model) };
        crate::models::estimate(&catalog, &target, run.usage).map(|cost| cost.usd)
    };
    let stats = store.stats(price).map_err(|e| e.to_string())?;
    if json {
        let rows: Vec<Value> = stats
            .iter()
            .map(|s| {
                json!({"route": s.route, "model": s.model, "runs": s.runs, "failed": s.failed,
                    "failure_rate": s.failure_rate, "median_first_token_ms": s.median_first_token_ms,
                    "median_total_ms": s.median_total_ms, "input_tokens": s.input_tokens,
                    "output_tokens": s.output_tokens, "estimated_cost_usd": s.estimated_cost_usd})
            })
            .collect();
        outln!("{}", Value::Array(rows));
        return Ok(());
    }
    let header = ("ROUTE", "MODEL", "RUNS", "FAILED", "TTFT ms", "TOTAL ms", "IN", "OUT", "COST");
    outln!(
        "{:<16} {:<ID_WIDTH$} {:>5} {:>7} {:>9} {:>9} {:>9} {:>9} {:>10}",
        header.0,
        header.1,
        header.2,
        header.3,
        header.4,
        header.5,
        header.6,
        header.7,
        header.8
    );
    let ms = |v: Option<u64>| v.map_or_else(|| "–".into(), |v| v.to_string());
    let mut unpriced = false;
    for s in stats {
        let rate = s.failure_rate.map_or_else(|| "–".into(), |r| format!("{:.0}%", r * 100.0));
        let (ttft, total) = (ms(s.median_first_token_ms), ms(s.median_total_ms));
        let cost = match s.estimated_cost_usd {
            _ if s.input_tokens == 0 && s.output_tokens == 0 => "–".to_owned(),
            None => {
                unpriced = true;
                "unpriced".to_owned()
            }
            // Never `$0.0000` for a run that used tokens.
            Some(usd) if usd < 0.000_05 => "<$0.0001".to_owned(),
            Some(usd) => format!("${usd:.4}"),
        };
        outln!(
            "{} {} {:>5} {rate:>7} {ttft:>9} {total:>9} {:>9} {:>9} {cost:>10}",
            cell(&s.route, 16),
            cell(&s.model, ID_WIDTH),
            s.runs,
            s.input_tokens,
            s.output_tokens
        );
    }
    outln!("cost: an estimate at the list prices in the model catalog; – where no tokens were reported.");
    if unpriced {
        outln!("unpriced: the catalog has no price for the model on that route (the emulator is never priced).");
    }
    Ok(())
}

fn find(store: &Store, id: i64) -> Result<ConversationDetail, String> {
    store
        .conversation(ConversationId(id))
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no conversation {id} in the history (see `routeplay history list`)"))
}

/// A snippet with its matches in brackets, for a terminal without styles.
fn marked_snippet(snippet: &str) -> String {
    let marked: String =
        segments(snippet).iter().map(|s| if s.matched { format!("[{}]", s.text) } else { s.text.to_owned() }).collect();
    one_line(&marked)
}

fn plain_snippet(snippet: &str) -> String {
    one_line(&segments(snippet).iter().map(|s| s.text).collect::<String>())
}

/// Line breaks and runs of blanks folded into single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
