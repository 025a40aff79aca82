//! Conversions between Rust values and `SQLite` columns that rusqlite does not do on its own.
//!
//! `SQLite` integers are signed 64-bit. Counts and milliseconds are `u64` in Rust; they are
//! clamped on the way in (no real count reaches 2^63) and checked on the way out.

use rusqlite::Row;

/// A `u64` as a `SQLite` integer, clamped to `i64::MAX`.
pub fn int(value: Option<u64>) -> Option<i64> {
    value.map(|value| i64::try_from(value).unwrap_or(i64::MAX))
}

/// A nullable, non-negative integer column.
pub fn get_u64(row: &Row<'_>, column: usize) -> rusqlite::Result<Option<u64>> {
    row.get::<_, Option<i64>>(column)?
        .map(|value| u64::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(column, value)))
        .transpose()
}
