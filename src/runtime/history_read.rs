//! Asking the history something off the UI task: the question runs on a blocking thread
//! against the playground's reading connection, and its answer comes back as a message.

use crate::app::msg::Msg;
use crate::store::Store;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::UnboundedSender;

/// Run `ask` on `reader` on a blocking thread and send its answer; without a history (it could
/// not be opened), send what `failed` makes of why.
pub fn ask_history(
    reader: Option<Arc<Mutex<Store>>>,
    tx: &UnboundedSender<Msg>,
    failed: impl FnOnce(String) -> Msg,
    ask: impl FnOnce(&Store) -> Msg + Send + 'static,
) {
    let Some(reader) = reader else {
        let _ = tx.send(failed("the history could not be opened (see the sidebar)".into()));
        return;
    };
    let tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        // A reader poisoned by a panic elsewhere is still a usable connection.
        let store = reader.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = tx.send(ask(&store));
    });
}
