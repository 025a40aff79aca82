//! `compare --prompts FILE --batch [--wait]`: the matrix's cells grouped into one job per
//! target on that target's batch service; targets without one (or groups below the service's
//! minimum) go on-demand, and the user is told.

use crate::batch::BatchContext;
use crate::matrix::Matrix;

/// Send `matrix`'s cells to send as batch jobs; with `wait`, poll until every job has ended
/// and fold the results in. Returns the exit code.
pub async fn run(matrix: &mut Matrix, context: &BatchContext, wait: bool) -> Result<i32, String> {
    let _ = (matrix, context.demo, wait);
    todo!()
}
