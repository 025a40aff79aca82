//! The history store against real files in temp directories.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use routeplay::config::paths::Paths;
use routeplay::routes::event::{StopReason, Usage};
use routeplay::routes::request::Params;
use routeplay::routes::{Place, RouteId, Target};
use routeplay::store::{
    Asked, Command, CompareGroupId, ConversationId, Ended, Filter, NewRun, Outcome, RunEnd, RunKey, RunStatus,
    SCHEMA_VERSION, Store, StoreError, StoreWriter, Timings, now_ms, segments,
};

fn history(dir: &Path) -> PathBuf {
    dir.join("data").join("history.sqlite3")
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("raw connection")
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

fn new_run(conversation: ConversationId, route: RouteId, model: &str, prompt: &str, started_ms: i64) -> NewRun {
    NewRun {
        conversation,
        compare_group: None,
        position: 0,
        target: Target::new(route, model),
        credential_source: Some("env ANTHROPIC_API_KEY".into()),
        asked: Asked { params: Params::default(), system: None, prompt: prompt.into(), attachments: Vec::new() },
        started_ms,
    }
}

fn done(answer: &str, first_token_ms: u64, total_ms: u64, output_tokens: u64) -> RunEnd {
    RunEnd {
        outcome: Outcome::Done,
        ended: Ended {
            answer: answer.into(),
            stop_reason: Some(StopReason::EndTurn),
            usage: Usage { input_tokens: Some(10), output_tokens: Some(output_tokens), ..Usage::default() },
            timings: Timings { credential_ms: Some(1), first_token_ms: Some(first_token_ms), total_ms: Some(total_ms) },
            request_ids: vec!["req_1".into()],
            ..Ended::default()
        },
        credential_source: None,
        ended_ms: 2_000,
        events: routeplay::store::EventLog::default(),
        exchange: None,
    }
}

/// A conversation with one finished run.
fn finished(store: &Store, route: RouteId, model: &str, prompt: &str, answer: &str, started_ms: i64) -> RunKey {
    let conversation = store.new_conversation(prompt).expect("conversation");
    let key = store.start_run(&new_run(conversation, route, model, prompt, started_ms)).expect("start");
    store.finish_run(key, &done(answer, 100, 1_000, 50)).expect("finish");
    key
}

fn integrity(path: &Path) -> String {
    raw(path).query_row("PRAGMA integrity_check", [], |row| row.get(0)).expect("integrity check")
}

fn status_of(store: &Store, conversation: ConversationId) -> RunStatus {
    store.conversation(conversation).expect("read").expect("exists").runs[0].status
}

/// The pid of a process that has exited and been reaped.
fn dead_pid() -> i64 {
    let mut child = std::process::Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    i64::from(pid)
}

// ---- the file: creation, permissions, versions, refusals ----

#[test]
fn fts5_is_compiled_into_the_bundled_sqlite() {
    let conn = rusqlite::Connection::open_in_memory().expect("memory");
    conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5(x)").expect("fts5 available");
}

#[test]
fn a_new_history_is_private_in_wal_mode_at_the_current_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = history(dir.path());
    let paths = Paths { config_dir: dir.path().join("config"), data_dir: dir.path().join("data") };
    assert_eq!(Store::file(&paths), path);
    let store = Store::open(&path).expect("open");
    finished(&store, RouteId::Emulator, "m", "hello", "world", 1_000);
    assert_eq!(mode(path.parent().expect("dir")), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&path.with_extension("sqlite3-wal")), 0o600);
    let conn = raw(&path);
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).expect("version");
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0)).expect("journal mode");
    assert_eq!((version, journal.as_str()), (SCHEMA_VERSION, "wal"));
}

#[test]
fn an_empty_file_is_migrated_to_the_current_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    fs::write(&path, b"").expect("empty file");
    let store = Store::open(&path).expect("open");
    finished(&store, RouteId::Anthropic, "m", "first", "answer", 1_000);
    drop(store);
    let version: i64 = raw(&path).query_row("PRAGMA user_version", [], |row| row.get(0)).expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(Store::open(&path).expect("reopen").search("first", 5).expect("search").len(), 1);
}

#[test]
fn a_history_readable_by_others_is_made_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    drop(Store::open(&path).expect("create"));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    drop(Store::open(&path).expect("reopen"));
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn a_history_from_a_newer_routeplay_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    drop(Store::open(&path).expect("create"));
    raw(&path).pragma_update(None, "user_version", SCHEMA_VERSION + 1).expect("bump version");
    let before = fs::read(&path).expect("bytes");
    let error = Store::open(&path).err().expect("refused");
    assert!(matches!(error, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()) && message.contains("newer"), "{message}");
    assert!(message.contains("upgrade routeplay"), "{message}");
    assert_eq!(fs::read(&path).expect("bytes"), before);
}

#[test]
fn files_that_are_not_a_history_are_refused_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = b"these are my notes, not a database\n".repeat(50);
    let mut torn = b"SQLite format 3\0".to_vec();
    torn.extend((0..4080u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let foreign = dir.path().join("foreign.sqlite3");
    raw(&foreign).execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');").expect("db");
    let cases = [("notes.sqlite3", Some(text)), ("torn.sqlite3", Some(torn)), ("foreign.sqlite3", None)];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        if let Some(bytes) = &bytes {
            fs::write(&path, bytes).expect("write");
        }
        let before = fs::read(&path).expect("bytes");
        let error = Store::open(&path).err().expect("refused");
        assert!(matches!(error, StoreError::NotADatabase { .. } | StoreError::Corrupt { .. }), "{name}: {error:?}");
        let message = error.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("left untouched"), "{message}");
        assert_eq!(fs::read(&path).expect("bytes"), before, "{name} was modified");
    }
}

// ---- runs: writing and reading back ----

#[test]
fn a_run_reads_back_as_it_was_written() {
    let store = Store::open_in_memory().expect("open");
    let conversation = store.new_conversation("SigV4 question").expect("conversation");
    let group = CompareGroupId::fresh();
    let mut run = new_run(conversation, RouteId::BedrockConverse, "anthropic.claude", "Explain SigV4", 1_000);
    run.compare_group = Some(group);
    run.position = 2;
    run.target.place = Place::Aws { region: Some("eu-west-1".into()), profile: Some("dev".into()) };
    run.asked.system = Some("Be brief.".into());
    run.asked.params.temperature = Some(0.5);
    run.asked.params.stop_sequences = vec!["END".into()];
    let key = store.start_run(&run).expect("start");
    let end = RunEnd {
        outcome: Outcome::Failed,
        ended: Ended {
            answer: "It signs".into(),
            thinking: "hmm".into(),
            stop_reason: Some(StopReason::StopSequence(Some("END".into()))),
            usage: Usage {
                input_tokens: Some(1),
                output_tokens: Some(2),
                cache_read_tokens: Some(3),
                cache_write_tokens: Some(4),
                thinking_tokens: Some(5),
            },
            timings: Timings { credential_ms: Some(7), first_token_ms: Some(8), total_ms: Some(9) },
            request_ids: vec!["a".into(), "b".into()],
            error: Some("throttled".into()),
        },
        credential_source: Some("profile dev (sso)".into()),
        ended_ms: 5_000,
        events: routeplay::store::EventLog::default(),
        exchange: None,
    };
    store.finish_run(key, &end).expect("finish");

    let detail = store.conversation(conversation).expect("read").expect("exists");
    assert_eq!(detail.title, "SigV4 question");
    let [record] = detail.runs.as_slice() else { panic!("one run: {:?}", detail.runs) };
    assert_eq!((record.key, record.conversation, record.compare_group), (key, conversation, Some(group)));
    assert_eq!(
        (record.position, record.route.as_str(), record.model.as_str()),
        (2, "bedrock-converse", "anthropic.claude")
    );
    assert_eq!(record.place, run.target.place);
    assert_eq!(record.credential_source.as_deref(), Some("profile dev (sso)"));
    assert_eq!(record.asked, run.asked, "params, system prompt and prompt");
    assert_eq!(record.ended, end.ended, "answer, thinking, stop reason, usage, timings, request ids and error");
    assert_eq!(record.status, RunStatus::Failed);
    assert_eq!((record.started_ms, record.ended_ms), (1_000, Some(5_000)));
    assert_eq!(store.conversation(ConversationId(42)).expect("read"), None);
}

#[test]
fn partial_text_is_kept_while_running_and_a_late_partial_never_replaces_the_end() {
    let store = Store::open_in_memory().expect("open");
    let conversation = store.new_conversation("t").expect("conversation");
    let key = store.start_run(&new_run(conversation, RouteId::Emulator, "m", "p", 1)).expect("start");
    store.append_partial(key, "The answer so", "thinking so far").expect("partial");
    let run = &store.conversation(conversation).expect("read").expect("exists").runs[0];
    assert_eq!(
        (run.ended.answer.as_str(), run.ended.thinking.as_str(), run.status),
        ("The answer so", "thinking so far", RunStatus::Running)
    );
    store.finish_run(key, &done("The answer so far.", 10, 20, 3)).expect("finish");
    store.append_partial(key, "The answer", "").expect("a late partial is ignored");
    assert_eq!(
        store.conversation(conversation).expect("read").expect("exists").runs[0].ended.answer,
        "The answer so far."
    );
}

#[test]
fn writes_naming_an_unknown_run_or_conversation_fail() {
    let store = Store::open_in_memory().expect("open");
    let ghost = RunKey::fresh();
    assert!(matches!(store.append_partial(ghost, "x", ""), Err(StoreError::UnknownRun { key, .. }) if key == ghost));
    assert!(matches!(store.finish_run(ghost, &done("x", 1, 2, 3)), Err(StoreError::UnknownRun { .. })));
    let event = routeplay::store::TimedEvent { at_ms: 1, event: routeplay::routes::event::StreamEvent::Done };
    let with_events = RunEnd { events: routeplay::store::EventLog::from_events(vec![event]), ..done("x", 1, 2, 3) };
    assert!(matches!(store.finish_run(ghost, &with_events), Err(StoreError::UnknownRun { .. })), "not a key error");
    let orphan = new_run(ConversationId::fresh(), RouteId::Emulator, "m", "p", 1);
    assert!(matches!(store.start_run(&orphan), Err(StoreError::Sqlite { .. })));
}

#[test]
fn the_writer_thread_applies_commands_in_order_and_reports_failures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = history(dir.path());
    let (failures, failed) = mpsc::channel();
    let writer = StoreWriter::spawn(Store::open(&path).expect("open"), move |failure| {
        failures.send(failure.to_string()).expect("report");
    })
    .expect("spawn");
    let reader = Store::open(&path).expect("reader");
    let conversation = ConversationId::fresh();
    let key = RunKey::fresh();
    let run = new_run(conversation, RouteId::Anthropic, "claude", "stream me", 1_000);
    let ghost = RunKey::fresh();
    for command in [
        Command::NewConversation { id: conversation, title: "streamed".into() },
        Command::StartRun { key, run: Box::new(run) },
        Command::AppendPartial { key, answer: "part".into(), thinking: String::new() },
        Command::FinishRun { key, end: Box::new(done("part and rest", 5, 50, 7)) },
        Command::FinishRun { key: ghost, end: Box::new(done("nobody", 1, 1, 1)) },
    ] {
        writer.send(command).expect("queued");
    }
    writer.close().expect("closed");
    let failures: Vec<String> = failed.try_iter().collect();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains(&format!("finish run {ghost}")) && failures[0].contains("not in the database"));
    let detail = reader.conversation(conversation).expect("read").expect("exists");
    assert_eq!((detail.runs[0].ended.answer.as_str(), detail.runs[0].status), ("part and rest", RunStatus::Done));
}

#[test]
fn two_writers_creating_one_history_at_once_lose_no_run() {
    const RUNS: usize = 150;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = history(dir.path());
    // Both create the file and migrate it at the same time, then write.
    let write = |writer: usize| {
        let path = path.clone();
        std::thread::spawn(move || {
            let store = Store::open(&path).expect("open");
            let conversation = store.new_conversation(&format!("writer {writer}")).expect("conversation");
            for i in 0..RUNS {
                let prompt = format!("writer{writer} prompt {i}");
                let mut run = new_run(conversation, RouteId::Emulator, "m", &prompt, 1_000);
                run.position = u32::try_from(i).expect("small");
                let key = store.start_run(&run).expect("start");
                store.append_partial(key, "partial", "").expect("partial");
                store.finish_run(key, &done("concurrent answer", 1, 2, 3)).expect("finish");
            }
            conversation
        })
    };
    let writers = [write(1), write(2)];
    let store = Store::open(&path).expect("reader");
    for writer in writers {
        let conversation = writer.join().expect("writer thread");
        assert_eq!(store.conversation(conversation).expect("read").expect("exists").runs.len(), RUNS);
    }
    assert_eq!(store.search("concurrent", 1_000).expect("search").len(), 2 * RUNS);
    assert_eq!(integrity(&path), "ok");
}

// ---- interrupted runs ----

#[test]
fn a_run_left_running_by_a_dead_process_is_marked_interrupted_with_its_partial_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = history(dir.path());
    let store = Store::open(&path).expect("open");
    let conversation = store.new_conversation("killed").expect("conversation");
    let key = store.start_run(&new_run(conversation, RouteId::Emulator, "m", "long essay", 1_000)).expect("start");
    store.append_partial(key, "Once upon a", "").expect("partial");
    drop(store);
    raw(&path).execute("UPDATE run SET writer_pid = ?1, last_write_ms = 1500", [dead_pid()]).expect("simulate");

    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.interrupted_on_open(), 1);
    let run = &store.conversation(conversation).expect("read").expect("exists").runs[0];
    assert_eq!(
        (run.status, run.ended.answer.as_str(), run.ended_ms),
        (RunStatus::Interrupted, "Once upon a", Some(1_500))
    );
    assert_eq!(store.search("upon", 5).expect("search").len(), 1, "interrupted runs are searchable");
    assert_eq!(integrity(&path), "ok");
}

#[test]
fn only_runs_of_an_earlier_process_with_this_pid_are_interrupted_not_this_process_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = history(dir.path());
    let writer = Store::open(&path).expect("open");
    let conversation = writer.new_conversation("live").expect("conversation");
    writer.start_run(&new_run(conversation, RouteId::Emulator, "m", "still streaming", 1)).expect("start");

    let reader = Store::open(&path).expect("second connection of this process");
    assert_eq!(reader.interrupted_on_open(), 0);
    assert_eq!(status_of(&reader, conversation), RunStatus::Running);

    raw(&path).execute("UPDATE run SET writer_start = writer_start - 1", []).expect("an earlier process");
    let later = Store::open(&path).expect("third");
    assert_eq!(later.interrupted_on_open(), 1);
    assert_eq!(status_of(&later, conversation), RunStatus::Interrupted);
}

// ---- search ----

#[test]
fn search_ranks_better_matches_first_and_marks_them() {
    let store = Store::open_in_memory().expect("open");
    let once = finished(&store, RouteId::Anthropic, "m", "tell me about regions", "Bedrock is in many places.", 1);
    let prompt = finished(&store, RouteId::Anthropic, "m", "why is bedrock latency high", "It depends.", 2);
    let many = finished(
        &store,
        RouteId::BedrockInvoke,
        "m",
        "bedrock bedrock",
        "Bedrock runs in regions; bedrock routes differ.",
        3,
    );
    finished(&store, RouteId::Anthropic, "m", "unrelated", "nothing to see", 4);

    let hits = store.search("bedrock", 10).expect("search");
    let order: Vec<RunKey> = hits.iter().map(|hit| hit.run).collect();
    assert_eq!(order, vec![many, prompt, once]);
    assert_eq!(hits[0].route, "bedrock-invoke");
    let matched: Vec<&str> =
        segments(&hits[1].snippet).into_iter().filter(|segment| segment.matched).map(|s| s.text).collect();
    assert_eq!(matched, vec!["bedrock"]);
    assert!(hits[1].snippet.contains("\u{1}bedrock\u{2}"), "{:?}", hits[1].snippet);
}

#[test]
fn search_matches_the_word_being_typed_as_a_prefix_and_folds_accents() {
    let store = Store::open_in_memory().expect("open");
    let key = finished(&store, RouteId::Emulator, "m", "Le café est fermé", "Signature version four", 1);
    let found = |query: &str| store.search(query, 5).expect("search").iter().map(|hit| hit.run).collect::<Vec<_>>();
    assert_eq!(found("signat"), vec![key]);
    assert_eq!(found("version sig"), vec![key]);
    assert_eq!(found("CAFE ferme"), vec![key]);
    assert_eq!(found("signat "), Vec::<RunKey>::new(), "a finished word is not a prefix");
    assert_eq!(found("version missing"), Vec::<RunKey>::new());
}

#[test]
fn running_runs_are_not_searchable_until_they_end() {
    let store = Store::open_in_memory().expect("open");
    let conversation = store.new_conversation("t").expect("conversation");
    let key = store.start_run(&new_run(conversation, RouteId::Emulator, "m", "quantum", 1)).expect("start");
    store.append_partial(key, "entanglement", "").expect("partial");
    assert!(store.search("quantum", 5).expect("search").is_empty());
    store.finish_run(key, &done("entanglement explained", 1, 2, 3)).expect("finish");
    assert_eq!(store.search("entangle", 5).expect("search").len(), 1);
}

#[test]
fn no_query_a_user_can_type_is_an_error() {
    let store = Store::open_in_memory().expect("open");
    finished(&store, RouteId::Emulator, "m", "quotes \"and\" stars * and (parens)", "NEAR AND OR NOT - ^ :", 1);
    let mut nasty: Vec<String> = [
        "",
        " ",
        "\"",
        "\"\"",
        "\"unbalanced",
        "*",
        "**",
        "a*",
        "*a",
        "-",
        "-a",
        "a -b",
        "NOT",
        "AND",
        "OR",
        "NEAR",
        "NEAR(",
        "NEAR(a b, 2)",
        "a AND",
        "AND a",
        "a OR OR b",
        "(",
        ")",
        "(a",
        "a)",
        "((a OR b)",
        "^a",
        "a:b",
        "prompt:foo",
        "{prompt answer}: x",
        "+",
        "a + b",
        "'",
        "';--",
        "'); DROP TABLE run; --",
        "\\",
        "%",
        "_",
        "\0",
        "a\0b",
        "\u{1}",
        "\u{2}x",
        "café",
        "日本語",
        "🙂",
        "a🙂b",
        "e\u{301}",
        "\u{200b}",
        "ﷺ",
        "ǅ",
        "\t\n",
        "x\r\ny",
        "\"a\" \"b\"*",
        "a\"b\"c",
        "\u{feff}bom",
        "ⅷ",
        "٣",
        "NEAR/3",
        "a NEAR/2 b",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let pieces = ["\"", "*", "-", "(", ")", "NEAR", "AND", "quo", "é", " ", "\0", ":", "^", "🙂", "OR", "st"];
    let mut seed = 0x9e37_79b9_u32;
    for _ in 0..400 {
        let mut query = String::new();
        for _ in 0..=seed % 6 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            query.push_str(pieces[(seed % 16) as usize]);
        }
        nasty.push(query);
    }
    nasty.push("word ".repeat(500));
    nasty.push("x".repeat(10_000));
    for query in &nasty {
        store.search(query, 10).unwrap_or_else(|error| panic!("{query:?}: {error}"));
    }
    assert_eq!(store.search("\"and\" (paren", 10).expect("search").len(), 1);
}

// ---- listing, stats, deleting ----

#[test]
fn filters_pick_conversations_by_any_of_their_runs_newest_first() {
    let store = Store::open_in_memory().expect("open");
    let a = store.new_conversation("a").expect("a");
    let b = store.new_conversation("b").expect("b");
    let c = store.new_conversation("c").expect("c");
    let now = now_ms();
    let start = |conversation, route, model: &str, prompt: &str, at: i64| {
        store.start_run(&new_run(conversation, route, model, prompt, now + at)).expect("start")
    };
    let a1 = start(a, RouteId::Anthropic, "sonnet", "\n  first line of a\nsecond", 1_000);
    store.finish_run(a1, &done("x", 1, 2, 3)).expect("finish");
    let b1 = start(b, RouteId::BedrockMantle, "haiku", "b prompt", 2_000);
    store.finish_run(b1, &RunEnd { outcome: Outcome::Failed, ..done("", 1, 2, 3) }).expect("finish");
    start(c, RouteId::BedrockMantle, "sonnet", "c prompt", 3_000);
    let a2 = start(a, RouteId::Emulator, "echo", "a again", 4_000);
    store.finish_run(a2, &done("y", 1, 2, 3)).expect("finish");

    let ids = |filter: Filter| -> Vec<ConversationId> {
        store.list_conversations(&filter).expect("list").iter().map(|summary| summary.id).collect()
    };
    assert_eq!(ids(Filter::default()), vec![a, c, b]);
    assert_eq!(ids(Filter { route: Some(RouteId::BedrockMantle), ..Filter::default() }), vec![c, b]);
    assert_eq!(ids(Filter { model: Some("sonnet".into()), ..Filter::default() }), vec![a, c]);
    assert_eq!(ids(Filter { status: Some(RunStatus::Failed), ..Filter::default() }), vec![b]);
    assert_eq!(ids(Filter { status: Some(RunStatus::Running), ..Filter::default() }), vec![c]);
    assert_eq!(ids(Filter { since_ms: Some(now + 2_000), until_ms: Some(now + 3_000), ..Filter::default() }), vec![b]);
    assert_eq!(ids(Filter { limit: Some(1), ..Filter::default() }), vec![a]);
    assert_eq!(
        ids(Filter { route: Some(RouteId::Anthropic), model: Some("haiku".into()), ..Filter::default() }),
        vec![]
    );

    let summary = &store.list_conversations(&Filter::default()).expect("list")[0];
    assert_eq!((summary.first_line.as_str(), summary.runs, summary.updated_ms), ("first line of a", 2, now + 4_000));
    assert_eq!((summary.route.as_str(), summary.model.as_str(), summary.status), ("emulator", "echo", RunStatus::Done));
}

#[test]
fn stats_give_failure_rate_medians_and_token_sums_per_route_and_model() {
    let store = Store::open_in_memory().expect("open");
    let conversation = store.new_conversation("s").expect("conversation");
    let run = |route, model: &str, end: Option<RunEnd>| {
        let key = store.start_run(&new_run(conversation, route, model, "p", 1)).expect("start");
        if let Some(end) = end {
            store.finish_run(key, &end).expect("finish");
        }
    };
    run(RouteId::Anthropic, "sonnet", Some(done("a", 100, 1_000, 10)));
    run(RouteId::Anthropic, "sonnet", Some(done("a", 300, 3_000, 20)));
    run(RouteId::Anthropic, "sonnet", Some(done("a", 200, 2_000, 30)));
    run(RouteId::Anthropic, "sonnet", Some(RunEnd { outcome: Outcome::Failed, ..done("", 9, 9, 5) }));
    run(RouteId::Anthropic, "sonnet", Some(RunEnd { outcome: Outcome::Cancelled, ..done("", 9, 9, 0) }));
    run(RouteId::BedrockInvoke, "sonnet", None);

    // A dollar per output token on sonnet, no price elsewhere.
    let price = |run: &routeplay::store::PricedRun<'_>| {
        (run.route == "anthropic").then(|| run.usage.output_tokens.unwrap_or(0) as f64)
    };
    let stats = store.stats(price).expect("stats");
    assert_eq!(stats.len(), 2);
    let sonnet = &stats[0];
    assert_eq!((sonnet.route.as_str(), sonnet.runs, sonnet.failed), ("anthropic", 5, 1));
    assert_eq!(sonnet.failure_rate, Some(0.25));
    assert_eq!((sonnet.median_first_token_ms, sonnet.median_total_ms), (Some(200), Some(2_000)));
    assert_eq!((sonnet.input_tokens, sonnet.output_tokens), (50, 65));
    assert_eq!(sonnet.estimated_cost_usd, Some(65.0), "every run with tokens is priced, failed and cancelled too");
    let running = &stats[1];
    assert_eq!((running.route.as_str(), running.runs, running.failure_rate), ("bedrock-invoke", 1, None));
    assert_eq!(running.median_total_ms, None);
    assert_eq!(running.estimated_cost_usd, Some(0.0), "a run that used no tokens cost nothing");
}

#[test]
fn deleting_a_conversation_removes_its_runs_and_their_search_entries() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = history(dir.path());
    let store = Store::open(&path).expect("open");
    let keep = finished(&store, RouteId::Emulator, "m", "keep this lighthouse", "beam", 1);
    let conversation = store.new_conversation("gone").expect("conversation");
    let key =
        store.start_run(&new_run(conversation, RouteId::Emulator, "m", "delete this lighthouse", 2)).expect("start");
    store.finish_run(key, &done("beam", 1, 2, 3)).expect("finish");
    store.start_run(&new_run(conversation, RouteId::Emulator, "m", "still running", 3)).expect("start");

    assert!(store.delete_conversation(conversation).expect("delete"));
    assert!(!store.delete_conversation(conversation).expect("delete again"));
    assert_eq!(store.conversation(conversation).expect("read"), None);
    let hits: Vec<RunKey> = store.search("lighthouse", 10).expect("search").iter().map(|hit| hit.run).collect();
    assert_eq!(hits, vec![keep]);
    assert_eq!(store.list_conversations(&Filter::default()).expect("list").len(), 1);
    let fts_check = raw(&path).execute("INSERT INTO run_text (run_text, rank) VALUES ('integrity-check', 1)", []);
    assert!(fts_check.is_ok(), "{fts_check:?}");
    assert_eq!(integrity(&path), "ok");
}

#[test]
fn the_history_pane_filters_by_route_model_status_and_date_with_or_without_search_words() {
    let store = Store::open_in_memory().expect("open");
    let now = routeplay::store::now_ms();
    finished(&store, RouteId::Anthropic, "sonnet", "a lighthouse on the anthropic route", "beam", now - 3_600_000);
    finished(&store, RouteId::BedrockInvoke, "sonnet", "a lighthouse on bedrock", "beam", now - 3 * 86_400_000);
    let titles = |query: &str| -> Vec<String> {
        routeplay::history_query::rows(&store, query).expect("rows").into_iter().map(|row| row.title).collect()
    };
    assert_eq!(titles("route:anthropic"), ["a lighthouse on the anthropic route"]);
    assert_eq!(titles("lighthouse route:bedrock-invoke"), ["a lighthouse on bedrock"]);
    assert_eq!(titles("since:1d lighthouse").len(), 1);
    assert_eq!(titles("since:7d").len(), 2);
    assert!(titles("status:failed lighthouse").is_empty());
    assert_eq!(titles("model:sonnet status:done").len(), 2);
    let error = routeplay::history_query::rows(&store, "route:moon lighthouse").unwrap_err();
    assert!(error.contains("unknown route \"moon\""), "{error}");
}

#[test]
fn a_version_1_history_is_migrated_with_its_runs_and_then_keeps_stream_events() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    // The history as routeplay's first schema left it, with one finished run.
    let conn = raw(&path);
    routeplay::store::migrate_to(&conn, 1).expect("version 1");
    conn.execute_batch(
        "INSERT INTO conversation (id, title, created_ms, updated_ms) VALUES (7, 'old', 1, 2);
         INSERT INTO run (id, conversation_id, position, route, model, params, prompt, answer, status, started_ms,
                          last_write_ms, writer_pid, writer_start)
         VALUES (70, 7, 0, 'emulator', 'emulator-sonnet', '{\"max_tokens\":1024,\"temperature\":null,\"top_p\":null,\"stop_sequences\":[]}', 'an old lighthouse', 'beam',
                 'done', 1, 2, 1, 1);",
    )
    .expect("a version 1 run");
    drop(conn);

    let store = Store::open(&path).expect("migrates");
    let version: i64 = raw(&path).query_row("PRAGMA user_version", [], |row| row.get(0)).expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    let old = store.conversation(ConversationId(7)).expect("read").expect("kept");
    assert_eq!((old.runs[0].asked.prompt.as_str(), old.runs[0].ended.answer.as_str()), ("an old lighthouse", "beam"));
    assert_eq!(store.events(old.runs[0].key).expect("events"), Vec::new(), "stored before events were kept");
    assert_eq!(store.search("lighthouse", 5).expect("search").len(), 1, "the index came along");

    let conversation = store.new_conversation("new").expect("conversation");
    let key = store.start_run(&new_run(conversation, RouteId::Emulator, "m", "p", 3)).expect("start");
    let events = vec![
        routeplay::store::TimedEvent { at_ms: 5, event: routeplay::routes::event::StreamEvent::TextDelta("be".into()) },
        routeplay::store::TimedEvent { at_ms: 9, event: routeplay::routes::event::StreamEvent::Done },
    ];
    store
        .finish_run(
            key,
            &RunEnd { events: routeplay::store::EventLog::from_events(events.clone()), ..done("be", 5, 9, 1) },
        )
        .expect("finish");
    assert_eq!(store.events(key).expect("events"), events);
    assert_eq!(integrity(&path), "ok");
}

#[test]
fn a_finished_run_keeps_its_exchange_for_the_inspector_and_deletes_it_with_the_run() {
    use routeplay::routes::capture::{CredentialView, Exchange, SentRequest};
    let store = Store::open_in_memory().expect("open");
    let conversation = store.new_conversation("inspect").expect("conversation");
    let mut exchange = Exchange::default();
    exchange.sent(Box::new(SentRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:9/v1/messages".into(),
        headers: vec![("x-api-key".into(), "sk-a…3a9c".into())],
        body: "{}".into(),
        signing: None,
        credential: CredentialView { source: "env ANTHROPIC_API_KEY".into(), expires_in_secs: None },
    }));
    exchange.status = Some(200);
    exchange.response_headers = vec![("request-id".into(), "req_1".into())];
    exchange.received(std::time::Duration::from_millis(3), b"event: ping\n\n");
    let with = store.start_run(&new_run(conversation, RouteId::Anthropic, "m", "with", 1)).expect("start");
    store.finish_run(with, &RunEnd { exchange: Some(Box::new(exchange.clone())), ..done("a", 1, 2, 3) }).unwrap();
    let without = store.start_run(&new_run(conversation, RouteId::Anthropic, "m", "without", 2)).expect("start");
    store.finish_run(without, &done("b", 1, 2, 3)).expect("finish");
    assert_eq!(store.exchange(with).expect("read"), Some(exchange));
    assert_eq!(store.exchange(without).expect("read"), None, "a run that sent nothing has none");
    store.delete_conversation(conversation).expect("delete");
    assert_eq!(store.exchange(with).expect("read"), None);
}

#[test]
fn a_compare_stored_as_a_conversation_per_column_is_found_from_any_column() {
    let store = Store::open_in_memory().expect("open");
    let columns: Vec<ConversationId> =
        (0..3).map(|i| store.new_conversation(&format!("column {i}")).expect("conversation")).collect();
    let group = routeplay::store::CompareGroupId::fresh();
    for (started, column) in (10..).zip(&columns) {
        let run = NewRun { compare_group: Some(group), ..new_run(*column, RouteId::Emulator, "m", "p", started) };
        store.start_run(&run).expect("start");
    }
    let alone = store.new_conversation("alone").expect("conversation");
    store.start_run(&new_run(alone, RouteId::Emulator, "m", "p", 1)).expect("start");
    assert_eq!(store.compare_partners(columns[1]).expect("partners"), columns, "in column order");
    assert_eq!(store.compare_partners(alone).expect("partners"), [alone]);
}

#[test]
fn a_delta_s_text_is_stored_once_in_the_answer_and_its_event_keeps_only_the_length() {
    use routeplay::routes::event::StreamEvent;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("history.sqlite3");
    let store = Store::open(&path).expect("open");
    let conversation = store.new_conversation("deltas").expect("conversation");
    let key = store.start_run(&new_run(conversation, RouteId::Emulator, "m", "p", 3)).expect("start");
    let mut log = routeplay::store::EventLog::default();
    log.push(5, &StreamEvent::ThinkingDelta("hm".into()));
    log.push(20, &StreamEvent::TextDelta("light".into()));
    log.push(40, &StreamEvent::TextDelta("house".into()));
    log.push(41, &StreamEvent::Done);
    let end = RunEnd {
        events: log,
        ended: Ended { thinking: "hm".into(), ..done("lighthouse", 20, 41, 2).ended },
        ..done("", 0, 0, 0)
    };
    store.finish_run(key, &end).expect("finish");
    let rows: Vec<String> = raw(&path)
        .prepare("SELECT event FROM run_event ORDER BY seq")
        .and_then(|mut select| select.query_map([], |row| row.get(0))?.collect())
        .expect("rows");
    assert_eq!(rows, [r#"{"ThinkingBytes":2}"#, r#"{"TextBytes":5}"#, r#"{"TextBytes":5}"#, r#""Done""#]);
    let read: Vec<StreamEvent> = store.events(key).expect("events").into_iter().map(|timed| timed.event).collect();
    assert_eq!(
        read,
        [
            StreamEvent::ThinkingDelta("hm".into()),
            StreamEvent::TextDelta("light".into()),
            StreamEvent::TextDelta("house".into()),
            StreamEvent::Done
        ]
    );
}
