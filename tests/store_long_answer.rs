//! Long answers in the history (schema v4): the full-text index holds each answer's first MiB
//! and stays consistent through finishing twice, deleting and migrating, while the answer
//! itself is kept whole.

use std::path::Path;

use routeplay::routes::event::StopReason;
use routeplay::routes::request::Params;
use routeplay::routes::{RouteId, Target};
use routeplay::store::{Asked, ConversationId, Ended, EventLog, NewRun, Outcome, RunEnd, RunKey, Store};

/// An answer of more than a MiB: `first` at its start, `last` past its first MiB.
fn long_answer(first: &str, last: &str) -> String {
    format!("{first} {} {last}", "filler ".repeat(200_000))
}

fn start(store: &Store, conversation: ConversationId) -> RunKey {
    let run = NewRun {
        conversation,
        compare_group: None,
        position: 0,
        target: Target::new(RouteId::Emulator, "m"),
        credential_source: None,
        asked: Asked {
            params: Params::default(),
            system: None,
            prompt: "tell a long story".into(),
            attachments: Vec::new(),
        },
        started_ms: 1,
    };
    store.start_run(&run).expect("start")
}

fn end(answer: String) -> RunEnd {
    RunEnd {
        outcome: Outcome::Done,
        ended: Ended { answer, stop_reason: Some(StopReason::EndTurn), ..Ended::default() },
        credential_source: None,
        ended_ms: 2,
        events: EventLog::default(),
        exchange: None,
    }
}

fn hits(store: &Store, query: &str) -> usize {
    store.search(query, 10).expect("search").len()
}

/// FTS5's own check of its index; `against_content` also compares it with the `run` table.
fn index_is_consistent(path: &Path, against_content: bool) -> bool {
    let conn = rusqlite::Connection::open(path).expect("raw connection");
    conn.execute("INSERT INTO run_text (run_text, rank) VALUES ('integrity-check', ?1)", [i64::from(against_content)])
        .is_ok()
}

#[test]
fn a_long_answer_is_kept_whole_and_found_by_its_first_mib() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    let store = Store::open(&path).expect("open");
    let conversation = store.new_conversation("long").expect("conversation");
    let key = start(&store, conversation);
    store.append_partial(key, &long_answer("lighthouse", "zeppelin"), "").expect("partial");
    store.finish_run(key, &end(long_answer("lighthouse", "zeppelin"))).expect("finish");
    let stored = store.conversation(conversation).expect("read").expect("kept");
    assert_eq!(stored.runs[0].ended.answer, long_answer("lighthouse", "zeppelin"), "the answer is kept whole");
    assert_eq!((hits(&store, "lighthouse"), hits(&store, "zeppelin")), (1, 0), "indexed up to its first MiB");
    assert!(index_is_consistent(&path, false));
    assert!(!index_is_consistent(&path, true), "the index holds less than the answer, so the check can tell");

    // Finished again (a later end replaces the first), the old text leaves the index.
    store.finish_run(key, &end(long_answer("harbour", "airship"))).expect("finish again");
    assert_eq!((hits(&store, "lighthouse"), hits(&store, "harbour"), hits(&store, "airship")), (0, 1, 0));
    assert!(index_is_consistent(&path, false));

    assert!(store.delete_conversation(conversation).expect("delete"));
    assert_eq!(hits(&store, "harbour"), 0);
    assert!(index_is_consistent(&path, true), "what was indexed is exactly what was taken out");
}

#[test]
fn a_version_3_history_keeps_its_short_answers_and_reindexes_its_long_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    let conn = rusqlite::Connection::open(&path).expect("raw connection");
    routeplay::store::migrate_to(&conn, 3).expect("version 3");
    conn.execute("INSERT INTO conversation (id, title, created_ms, updated_ms) VALUES (7, 'old', 1, 2)", [])
        .expect("conversation");
    let insert = "INSERT INTO run (id, conversation_id, position, route, model, params, prompt, answer, status,
                      started_ms, last_write_ms, writer_pid, writer_start)
                  VALUES (?1, 7, 0, 'emulator', 'm', '{}', 'p', ?2, 'done', 1, 2, 1, 1)";
    conn.execute(insert, rusqlite::params![70, "a short beacon"]).expect("a short run");
    conn.execute(insert, rusqlite::params![71, long_answer("lighthouse", "zeppelin")]).expect("a long run");
    assert_eq!(
        conn.query_row("SELECT count(*) FROM run_text WHERE run_text MATCH 'zeppelin'", [], |row| row.get::<_, i64>(0))
            .expect("v3 search"),
        1,
        "version 3 indexed long answers whole"
    );
    drop(conn);

    let store = Store::open(&path).expect("migrates");
    assert_eq!((hits(&store, "beacon"), hits(&store, "lighthouse"), hits(&store, "zeppelin")), (1, 1, 0));
    assert!(index_is_consistent(&path, false));
    assert!(store.delete_conversation(ConversationId(7)).expect("delete"));
    assert!(index_is_consistent(&path, true), "the reindexed entries are exactly what the new triggers take out");
}
