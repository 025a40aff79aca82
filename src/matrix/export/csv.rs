//! CSV (RFC 4180): a header, then one record per sample, CRLF line breaks, a field quoted
//! when it holds a comma, a quote or a line break (quotes doubled). An unknown figure is an
//! empty field.

use super::{HEADER, figure, labels, safe};
use crate::matrix::Matrix;

pub(super) fn render(matrix: &Matrix) -> String {
    let mut out = String::with_capacity(64 * (matrix.cells.len() + 1));
    write_record(&mut out, HEADER.iter().map(|name| (*name).to_owned()));
    for cell in &matrix.cells {
        let (id, target) = labels(matrix, cell);
        let number = |value: Option<u64>| value.map(|v| v.to_string()).unwrap_or_default();
        let decimal = |value: Option<f64>| figure(value).map(|v| v.to_string()).unwrap_or_default();
        write_record(
            &mut out,
            [
                id.to_owned(),
                target,
                cell.key.sample.to_string(),
                cell.status.as_str().to_owned(),
                number(cell.ttft_ms),
                number(cell.total_ms),
                number(cell.input_tokens),
                number(cell.output_tokens),
                decimal(cell.tokens_per_second),
                decimal(cell.cost_usd),
                cell.error.clone().unwrap_or_default(),
                cell.run.map(|run| run.0.to_string()).unwrap_or_default(),
                cell.retries.to_string(),
                cell.batch.to_string(),
            ],
        );
    }
    out
}

fn write_record(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&quoted(&safe(&field)));
    }
    out.push_str("\r\n");
}

/// `field` as RFC 4180 writes it.
fn quoted(field: &str) -> std::borrow::Cow<'_, str> {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\"")).into()
    } else {
        field.into()
    }
}
