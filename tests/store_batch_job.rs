//! Batch jobs in the history: stored, replaced, listed newest first, and found by routeplay's
//! id, the provider's id or a unique tail of it.

use routeplay::store::{BatchJobId, BatchJobRow, Command, Store};

fn job(id: i64, remote_id: &str, created_ms: i64) -> BatchJobRow {
    BatchJobRow {
        id: BatchJobId(id),
        matrix: None,
        provider: "anthropic".into(),
        target: "emulator:emulator-sonnet".into(),
        remote_id: remote_id.into(),
        state: "in_progress".into(),
        ended: false,
        fetched: false,
        detail: "{}".into(),
        created_ms,
        updated_ms: created_ms,
    }
}

#[test]
fn a_job_is_stored_and_replaced_through_a_command() {
    let store = Store::open_in_memory().unwrap();
    let first = job(1, "msgbatch_01aaa", 10);
    store.apply(Command::SaveBatchJob(Box::new(first.clone()))).unwrap();
    assert_eq!(store.batch_jobs(false).unwrap(), vec![first.clone()]);
    let ended = BatchJobRow { state: "ended".into(), ended: true, fetched: true, updated_ms: 20, ..first };
    store.save_batch_job(&ended).unwrap();
    assert_eq!(store.batch_jobs(false).unwrap(), vec![ended]);
}

#[test]
fn jobs_list_newest_first_and_pending_leaves_out_the_fetched() {
    let store = Store::open_in_memory().unwrap();
    store.save_batch_job(&job(1, "msgbatch_old", 10)).unwrap();
    store.save_batch_job(&BatchJobRow { fetched: true, ..job(2, "msgbatch_new", 20) }).unwrap();
    let all: Vec<i64> = store.batch_jobs(false).unwrap().iter().map(|job| job.id.0).collect();
    assert_eq!(all, [2, 1]);
    let pending: Vec<i64> = store.batch_jobs(true).unwrap().iter().map(|job| job.id.0).collect();
    assert_eq!(pending, [1]);
}

#[test]
fn a_job_is_found_by_either_id_or_a_unique_tail() {
    let store = Store::open_in_memory().unwrap();
    store.save_batch_job(&job(41, "arn:aws:bedrock:us-east-1:1:model-invocation-job/abc123", 10)).unwrap();
    store.save_batch_job(&job(42, "msgbatch_01xyz123", 20)).unwrap();
    let found = |id: &str| store.batch_job(id).unwrap().map(|job| job.id.0);
    assert_eq!(found("41"), Some(41));
    assert_eq!(found("msgbatch_01xyz123"), Some(42));
    assert_eq!(found("abc123"), Some(41));
    assert_eq!(found("xyz123"), Some(42));
    assert_eq!(found("nothing"), None);
    assert_eq!(found(""), None);
    let ambiguous = store.batch_job("123").unwrap_err().to_string();
    assert!(ambiguous.contains("several") && ambiguous.contains("msgbatch_01xyz123"), "{ambiguous}");
}
