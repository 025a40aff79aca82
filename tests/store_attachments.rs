//! A run's attached files in the history: a version 5 history migrated to the `attachments`
//! column, the list written with a run and read back (bytes only when they were kept), and a
//! run file carrying the same list.

use routeplay::attach;
use routeplay::routes::attachment::Attachment;
use routeplay::routes::request::Params;
use routeplay::routes::{RouteId, Target};
use routeplay::store::{Asked, ConversationId, NewRun, Store};

fn attachments_column(path: &std::path::Path, id: i64) -> Option<String> {
    let conn = rusqlite::Connection::open(path).expect("raw connection");
    conn.query_row("SELECT attachments FROM run WHERE id = ?1", [id], |row| row.get(0)).expect("the column")
}

fn photo() -> Attachment {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(640_u32.to_be_bytes());
    png.extend(480_u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0]);
    attach::from_bytes("photo.png".into(), png).expect("a PNG")
}

#[test]
fn a_version_5_history_gains_an_empty_attachments_column_and_its_runs_read_as_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    let conn = rusqlite::Connection::open(&path).expect("raw connection");
    routeplay::store::migrate_to(&conn, 5).expect("version 5");
    conn.execute("INSERT INTO conversation (id, title, created_ms, updated_ms) VALUES (7, 'old', 1, 2)", [])
        .expect("conversation");
    let params = serde_json::to_string(&Params::default()).expect("params");
    conn.execute(
        "INSERT INTO run (id, conversation_id, position, route, model, params, prompt, answer, status,
             started_ms, last_write_ms, writer_pid, writer_start)
         VALUES (70, 7, 0, 'anthropic', 'm', ?1, 'a lighthouse', 'beam', 'done', 1, 2, 1, 1)",
        [params],
    )
    .expect("a version 5 run");
    drop(conn);

    let store = Store::open(&path).expect("migrates");
    let runs = store.conversation(ConversationId(7)).expect("read").expect("kept").runs;
    assert_eq!(runs[0].asked.prompt, "a lighthouse");
    assert!(runs[0].asked.attachments.is_empty());
    assert_eq!(attachments_column(&path, 70), None);
    assert_eq!(routeplay::store::SCHEMA_VERSION, 7);
    assert_eq!(store.search("lighthouse", 10).expect("search").len(), 1, "still found");
}

#[test]
fn a_run_keeps_its_attachment_list_and_the_bytes_only_when_given_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    let store = Store::open(&path).expect("open");
    let conversation = store.new_conversation("attached").expect("conversation");
    let start = |attachments: Vec<Attachment>| {
        let run = NewRun {
            conversation,
            compare_group: None,
            position: 0,
            target: Target::new(RouteId::BedrockConverse, "m"),
            credential_source: None,
            asked: Asked { prompt: "what is this".into(), attachments, ..Asked::default() },
            started_ms: 1,
        };
        store.start_run(&run).expect("start")
    };
    let listed = start(attach::without_bytes(&[photo()]));
    let kept = start(vec![photo()]);
    let plain = start(Vec::new());

    let column = attachments_column(&path, listed.0).expect("a list");
    let value: serde_json::Value = serde_json::from_str(&column).expect("JSON");
    assert_eq!(
        value,
        serde_json::json!([{
            "name": "photo.png", "kind": "png", "size": 29, "sha256": photo().sha256, "pixels": [640, 480]
        }]),
        "name, kind, size, hash and pixels, no bytes"
    );
    assert!(attachments_column(&path, kept.0).expect("a list").contains(r#""data":""#), "kept bytes as base64");
    assert_eq!(attachments_column(&path, plain.0), None, "no list, no JSON");

    let runs = store.conversation(conversation).expect("read").expect("kept").runs;
    let read = |key| runs.iter().find(|run| run.key == key).expect("the run").asked.attachments.clone();
    assert_eq!(read(listed), [Attachment { bytes: None, ..photo() }]);
    assert_eq!(read(kept), [photo()], "the bytes come back");
    assert!(read(plain).is_empty());

    // A run file carries the same list, bytes included where kept, and reads it back.
    let record = runs.iter().find(|run| run.key == kept).expect("the run").clone();
    let file = serde_json::to_string(&routeplay::export::run_file::file_run(record, Vec::new())).expect("encode");
    let back: routeplay::export::run_file::FileRun = serde_json::from_str(&file).expect("decode");
    assert_eq!(back.asked.attachments, [photo()]);
}

#[test]
fn kept_bytes_that_do_not_match_their_hash_are_refused_naming_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    let store = Store::open(&path).expect("open");
    let conversation = store.new_conversation("tampered").expect("conversation");
    let run = NewRun {
        conversation,
        compare_group: None,
        position: 0,
        target: Target::new(RouteId::Anthropic, "m"),
        credential_source: None,
        asked: Asked { prompt: "p".into(), attachments: vec![photo()], ..Asked::default() },
        started_ms: 1,
    };
    let key = store.start_run(&run).expect("start");
    let conn = rusqlite::Connection::open(&path).expect("raw connection");
    let column = attachments_column(&path, key.0).expect("a list");
    let tampered = column.replace(&photo().base64()[..8], "AAAAAAAA");
    conn.execute("UPDATE run SET attachments = ?1 WHERE id = ?2", (tampered, key.0)).expect("tamper");
    let error = store.conversation(conversation).expect_err("refused").to_string();
    assert!(error.contains("cannot read the attachments") && error.contains("photo.png"), "{error}");
}
