//! A cell's request: the matrix's base request with the prompt item's system prompt, prompt
//! and attachments.

use super::MatrixPlan;
use crate::routes::request::ChatRequest;

/// The request for row `prompt` of `plan`, its attachments read from the plan's folder;
/// an error names the item and the file.
pub fn cell_request(plan: &MatrixPlan, prompt: u32) -> Result<ChatRequest, String> {
    todo!("{}{prompt}", plan.source)
}
