//! The life of a stored run: running, then one of the ways it can end.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};

/// Where a stored run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunStatus {
    /// Started and not yet finished; its text is saved as it streams.
    Running,
    /// The stream ended cleanly.
    Done,
    /// The run ended with an error.
    Failed,
    /// The user cancelled it.
    Cancelled,
    /// The process writing it went away before it finished (see [`super::Store::open`]).
    Interrupted,
}

/// How a run ended, as its writer reports it. `Interrupted` is not here: only the store
/// decides that a run was interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Done,
    Failed,
    Cancelled,
}

impl RunStatus {
    /// The word stored in the `status` column and shown on screen.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Interrupted => "interrupted",
        }
    }
}

impl From<Outcome> for RunStatus {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Done => Self::Done,
            Outcome::Failed => Self::Failed,
            Outcome::Cancelled => Self::Cancelled,
        }
    }
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RunStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Running, Self::Done, Self::Failed, Self::Cancelled, Self::Interrupted]
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown run status {s:?}"))
    }
}

/// Read from the `status` column (a CHECK constraint keeps it to the known words).
impl FromSql for RunStatus {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str()?.parse().map_err(|error: String| FromSqlError::Other(error.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_from_their_words() {
        for status in [RunStatus::Running, RunStatus::Done, RunStatus::Failed, RunStatus::Cancelled] {
            assert_eq!(status.as_str().parse(), Ok(status));
        }
        assert_eq!("interrupted".parse(), Ok(RunStatus::Interrupted));
        assert!("paused".parse::<RunStatus>().is_err());
    }
}
