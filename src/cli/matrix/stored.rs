//! `routeplay matrix list|show|export`: the matrices `compare --prompts` stored.

use super::super::output::{out, outln};
use super::super::table_cell::cell;
use super::super::{MatrixArgs, MatrixCommand};
use super::{plan, report};
use crate::matrix::export::Format;
use crate::store::when;
use serde_json::json;

/// `routeplay matrix …`; the error says what went wrong.
pub fn command(args: MatrixArgs) -> Result<i32, String> {
    match args.command {
        MatrixCommand::List { limit, json } => list(limit, json),
        MatrixCommand::Show { id, json } => {
            let matrix = plan::load(id)?;
            if json {
                out!("{}", report::render(&matrix, Format::Jsonl, report::history().as_ref()));
            } else {
                outln!(
                    "matrix {id}: {} ({} × {} × {})",
                    matrix.plan.source,
                    matrix.plan.prompts.len(),
                    matrix.plan.targets.len(),
                    matrix.plan.repeat
                );
                out!("{}", report::table(&matrix));
            }
            Ok(0)
        }
        MatrixCommand::Export { id, out } => {
            let matrix = plan::load(id)?;
            report::write(&matrix, &out, report::history().as_ref())?;
            eprintln!("routeplay: wrote matrix {id} ({} cells) to {}", matrix.cells.len(), out.display());
            Ok(0)
        }
    }
}

fn list(limit: usize, json: bool) -> Result<i32, String> {
    let Some(store) = report::history() else { return Ok(1) };
    let rows = store.matrices(limit).map_err(|e| format!("history: {e}"))?;
    if json {
        for row in &rows {
            outln!(
                "{}",
                json!({"id": row.id.0, "title": row.title, "cells": row.cell_count, "done": row.done,
                    "failed": row.failed, "created_ms": row.created_ms, "updated_ms": row.updated_ms})
            );
        }
        return Ok(0);
    }
    outln!("{:<20} {:<17} {:>6} {:>6} {:>6} TITLE", "ID", "UPDATED", "CELLS", "DONE", "FAILED");
    for row in rows {
        outln!(
            "{:<20} {:<17} {:>6} {:>6} {:>6} {}",
            row.id.0,
            when(row.updated_ms),
            row.cell_count,
            row.done,
            row.failed,
            cell(&row.title, 60)
        );
    }
    Ok(0)
}
