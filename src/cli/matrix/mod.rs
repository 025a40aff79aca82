//! `routeplay compare --prompts FILE` (and `--resume ID`): a prompt set sent to every target
//! as a stored matrix, and `routeplay matrix list|show|export`.

mod batch;

use super::{CompareArgs, MatrixArgs};

/// `compare --prompts FILE …` or `compare --resume ID`; returns the exit code.
pub async fn run(args: CompareArgs) -> i32 {
    let _ = args;
    todo!()
}

/// `routeplay matrix …`; returns the exit code.
pub fn command(args: MatrixArgs) -> i32 {
    let _ = args;
    todo!()
}
