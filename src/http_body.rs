//! Reading an HTTP response's body that is not a stream routeplay decodes (an error, a token,
//! a model listing, a page that is no stream) with a cap, and where asked an idle timeout, so
//! a huge or stalled body can neither fill memory nor hang the caller. Below every module that
//! makes HTTP calls, so the client, the credentials and the model listings share it.

use futures_util::StreamExt;
use std::time::Duration;

/// What was read, and how reading ended.
#[derive(Debug)]
pub struct Capped {
    /// The body up to the cap.
    pub bytes: Vec<u8>,
    pub end: End,
}

/// How reading a body ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// The whole body was read.
    Whole,
    /// The body went on past the cap; the rest was left unread.
    PastCap,
    /// The connection broke off, for this reason.
    Broke(String),
    /// No byte came for the idle timeout.
    Stalled,
}

/// Read `response`'s body up to `cap` bytes (at least 1), waiting at most `idle` for each piece (`None`: as
/// long as the request's own timeout allows).
pub async fn read_capped(response: reqwest::Response, cap: usize, idle: Option<Duration>) -> Capped {
    let mut body = response.bytes_stream();
    let mut bytes = Vec::new();
    loop {
        let next = match idle {
            Some(idle) => match tokio::time::timeout(idle, body.next()).await {
                Ok(next) => next,
                Err(_) => return Capped { bytes, end: End::Stalled },
            },
            None => body.next().await,
        };
        match next {
            None => return Capped { bytes, end: End::Whole },
            Some(Err(error)) => return Capped { bytes, end: End::Broke(error.to_string()) },
            Some(Ok(chunk)) => {
                let room = cap - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
                // Full: whatever follows is not read (a body of exactly `cap` bytes counts too).
                if chunk.len() >= room {
                    return Capped { bytes, end: End::PastCap };
                }
            }
        }
    }
}
