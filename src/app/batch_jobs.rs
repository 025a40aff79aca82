//! The provider batch jobs whose results are not fetched yet, as the playground lists them:
//! provider, target, state and counts, decoded from the stored row (`routeplay batch fetch`
//! folds their results in; the playground makes no network call for them).

use crate::batch::JobDetail;
use crate::store::BatchJobRow;

/// One pending job, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingJob {
    /// routeplay's id for it (what `routeplay batch fetch ID` takes).
    pub id: String,
    pub provider: String,
    pub target: String,
    /// The provider's own state word, as last seen.
    pub state: String,
    /// `succeeded/total` and the failed, when the stored detail could be read; else why not.
    pub counts: Result<JobCounts, String>,
}

/// Records of a job by where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobCounts {
    pub total: u64,
    pub succeeded: u64,
    pub failed: u64,
}

impl PendingJob {
    /// The job a stored row describes; a detail that does not decode is named, not fatal.
    #[must_use]
    pub fn from_row(row: &BatchJobRow) -> Self {
        let counts = serde_json::from_str::<JobDetail>(&row.detail)
            .map(|detail| {
                let counts = detail.status.counts;
                // Anthropic splits its counts only at the end: until then the records sent are the total.
                let total = counts.total.max(u64::try_from(detail.records.len()).unwrap_or(u64::MAX));
                JobCounts { total, succeeded: counts.succeeded, failed: counts.failed + counts.expired }
            })
            .map_err(|error| format!("job {}: its stored detail does not read ({error})", row.id));
        Self {
            id: row.id.to_string(),
            provider: row.provider.clone(),
            target: row.target.clone(),
            state: row.state.clone(),
            counts,
        }
    }

    /// One line: `anthropic · emulator:echo · in_progress · 3/10 done, 1 failed`.
    #[must_use]
    pub fn line(&self) -> String {
        let counts = match &self.counts {
            Ok(counts) if counts.failed > 0 => {
                format!("{}/{} done, {} failed", counts.succeeded, counts.total, counts.failed)
            }
            Ok(counts) => format!("{}/{} done", counts.succeeded, counts.total),
            Err(why) => why.clone(),
        };
        format!("{} · {} · {} · {counts}", self.provider, self.target, self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{JobCounts as Counts, JobState, JobStatus};
    use crate::matrix::CellKey;
    use crate::store::BatchJobId;

    fn row(detail: String) -> BatchJobRow {
        BatchJobRow {
            id: BatchJobId(7),
            matrix: None,
            provider: "bedrock".into(),
            target: "bedrock-invoke:claude".into(),
            remote_id: "arn:job/1".into(),
            state: "InProgress".into(),
            ended: false,
            fetched: false,
            detail,
            created_ms: 0,
            updated_ms: 0,
        }
    }

    #[test]
    fn a_job_shows_its_state_and_counts() {
        let status = JobStatus {
            state: JobState::Running,
            raw_state: "InProgress".into(),
            counts: Counts { total: 10, succeeded: 3, failed: 1, ..Counts::default() },
            message: None,
            output: None,
        };
        let detail = JobDetail {
            records: vec![("p0t0s0".into(), CellKey { prompt: 0, target: 0, sample: 0 })],
            input: None,
            status,
        };
        let job = PendingJob::from_row(&row(serde_json::to_string(&detail).unwrap()));
        assert_eq!(job.line(), "bedrock · bedrock-invoke:claude · InProgress · 3/10 done, 1 failed");
    }

    #[test]
    fn a_detail_that_does_not_read_is_named() {
        let job = PendingJob::from_row(&row("{not json".into()));
        assert!(job.line().contains("job 7: its stored detail does not read"), "{}", job.line());
    }
}
