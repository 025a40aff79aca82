//! `routeplay batch list|status|fetch|cancel`: the jobs `compare --batch` sent, which outlive
//! the process that sent them.

use super::BatchArgs;

pub async fn run(args: BatchArgs) -> i32 {
    let _ = args;
    todo!()
}
