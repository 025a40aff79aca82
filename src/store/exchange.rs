//! Exchanges in the history: the request and the response's head as JSON, the body as one
//! blob with each piece's time and length beside it. A body is binary for the event-stream
//! routes, and as base64 inside the JSON it would take a third more room.

use rusqlite::OptionalExtension;
use std::time::Duration;

use super::Store;
use super::error::StoreError;
use super::ids::RunKey;
use crate::routes::capture::{Exchange, ReceivedBody};

/// An exchange as its columns hold it.
pub(super) struct StoredExchange {
    /// The exchange as JSON, its chunks left out.
    pub head: String,
    /// `[[at_us, length], …]`, one per chunk.
    pub pieces: String,
    /// The chunks' bytes, one after another.
    pub body: Vec<u8>,
}

impl StoredExchange {
    pub(super) fn encode(exchange: &Exchange) -> Result<Self, serde_json::Error> {
        let head = serde_json::to_string(&exchange.without_body())?;
        let pieces: Vec<(u64, usize)> = exchange
            .chunks
            .iter()
            .map(|chunk| (u64::try_from(chunk.at.as_micros()).unwrap_or(u64::MAX), chunk.bytes.len()))
            .collect();
        Ok(Self { head, pieces: serde_json::to_string(&pieces)?, body: exchange.chunks.bytes().to_vec() })
    }

    fn decode(self) -> Result<Exchange, String> {
        let mut exchange: Exchange = serde_json::from_str(&self.head).map_err(|e| e.to_string())?;
        let pieces: Vec<(u64, usize)> = serde_json::from_str(&self.pieces).map_err(|e| e.to_string())?;
        let pieces = pieces.into_iter().map(|(at_us, length)| (Duration::from_micros(at_us), length));
        exchange.chunks = ReceivedBody::from_parts(self.body, pieces)?;
        Ok(exchange)
    }
}

impl Store {
    /// Store a run's exchange, inside the caller's transaction.
    pub(super) fn keep_exchange(&self, key: RunKey, exchange: &Exchange) -> Result<(), StoreError> {
        let stored =
            StoredExchange::encode(exchange).map_err(|error| self.value(key, "cannot encode the exchange", &error))?;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO run_exchange (run_id, exchange, pieces, body) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut insert| insert.execute(rusqlite::params![key.0, stored.head, stored.pieces, stored.body]))
            .map_err(self.sql())?;
        Ok(())
    }

    /// A run's stored exchange; `None` for a run that sent nothing or was stored before
    /// routeplay kept them.
    pub fn exchange(&self, key: RunKey) -> Result<Option<Exchange>, StoreError> {
        let stored = self
            .conn
            .query_row("SELECT exchange, pieces, body FROM run_exchange WHERE run_id = ?1", [key.0], |row| {
                Ok(StoredExchange { head: row.get(0)?, pieces: row.get(1)?, body: row.get(2)? })
            })
            .optional()
            .map_err(self.sql())?;
        stored
            .map(|stored| stored.decode().map_err(|error| self.value(key, "cannot read the exchange", &error)))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_goes_in_one_blob_and_comes_back_in_its_pieces() {
        let mut exchange = Exchange::default();
        exchange.status = Some(200);
        exchange.received(Duration::from_micros(1_500), b"\x00\x00\x00\x10");
        exchange.received(Duration::from_millis(9), b"\xff\xfe");
        let stored = StoredExchange::encode(&exchange).unwrap();
        assert_eq!(stored.body, b"\x00\x00\x00\x10\xff\xfe");
        assert_eq!(stored.pieces, "[[1500,4],[9000,2]]");
        assert!(!stored.head.contains("base64"), "no body in the JSON: {}", stored.head);
        assert_eq!(stored.decode().unwrap(), exchange);
    }

    #[test]
    fn pieces_that_overrun_the_body_are_an_error_not_a_panic() {
        let stored = StoredExchange { head: "{}".into(), pieces: "[[0,9]]".into(), body: vec![1, 2] };
        assert!(stored.decode().unwrap_err().contains("more than the body"));
    }
}
