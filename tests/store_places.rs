//! A run's place in the history: typed columns (`region`/`profile` for AWS, `location`/
//! `project` for Vertex), a version 4 history migrated to them, and prices read by location.

use routeplay::routes::event::Usage;
use routeplay::routes::request::Params;
use routeplay::routes::{Place, RouteId, Target};
use routeplay::store::{Asked, ConversationId, Ended, NewRun, Store};

fn place_columns(path: &std::path::Path, id: i64) -> [Option<String>; 4] {
    let conn = rusqlite::Connection::open(path).expect("raw connection");
    conn.query_row("SELECT region, profile, location, project FROM run WHERE id = ?1", [id], |row| {
        Ok([row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?])
    })
    .expect("the run's place columns")
}

#[test]
fn a_version_4_history_moves_vertex_locations_and_projects_to_their_own_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    let conn = rusqlite::Connection::open(&path).expect("raw connection");
    routeplay::store::migrate_to(&conn, 4).expect("version 4");
    // As version 4 wrote them: a Vertex location in `region`, its project in `profile`.
    conn.execute("INSERT INTO conversation (id, title, created_ms, updated_ms) VALUES (7, 'old', 1, 2)", [])
        .expect("conversation");
    let params = serde_json::to_string(&Params::default()).expect("params");
    let insert = "INSERT INTO run (id, conversation_id, position, route, model, region, profile, params, prompt,
                      answer, status, started_ms, last_write_ms, writer_pid, writer_start)
                  VALUES (?1, 7, 0, ?2, 'm', ?3, ?4, ?5, 'a lighthouse', 'beam', 'done', 1, 2, 1, 1)";
    for (id, route, region, profile) in [
        (70, "vertex-claude", Some("us-east5"), Some("p1")),
        (71, "vertex-gemini", None, Some("p2")),
        (72, "bedrock-converse", Some("eu-west-1"), Some("dev")),
        (73, "anthropic", None, None),
        (74, "moon-route", Some("mare-1"), None),
    ] {
        conn.execute(insert, rusqlite::params![id, route, region, profile, params]).expect("a version 4 run");
    }
    drop(conn);

    let store = Store::open(&path).expect("migrates");
    let runs = store.conversation(ConversationId(7)).expect("read").expect("kept").runs;
    let places: Vec<(&str, &Place)> = runs.iter().map(|run| (run.route.as_str(), &run.place)).collect();
    assert_eq!(
        places,
        [
            ("vertex-claude", &Place::Vertex { location: Some("us-east5".into()), project: Some("p1".into()) }),
            ("vertex-gemini", &Place::Vertex { location: None, project: Some("p2".into()) }),
            ("bedrock-converse", &Place::Aws { region: Some("eu-west-1".into()), profile: Some("dev".into()) }),
            ("anthropic", &Place::None),
            ("moon-route", &Place::Aws { region: Some("mare-1".into()), profile: None }),
        ]
    );
    assert_eq!(
        place_columns(&path, 70),
        [None, None, Some("us-east5".into()), Some("p1".into())],
        "region and profile are AWS's"
    );
    assert_eq!(place_columns(&path, 72), [Some("eu-west-1".into()), Some("dev".into()), None, None]);
    assert_eq!(store.search("lighthouse", 10).expect("search").len(), 5, "every run is still found");
}

#[test]
fn a_run_writes_its_place_to_the_columns_of_its_kind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.sqlite3");
    let store = Store::open(&path).expect("open");
    let conversation = store.new_conversation("places").expect("conversation");
    let start = |place: Place, route: RouteId| {
        let run = NewRun {
            conversation,
            compare_group: None,
            position: 0,
            target: Target { place, ..Target::new(route, "m") },
            credential_source: None,
            asked: Asked { prompt: "p".into(), ..Asked::default() },
            started_ms: 1,
        };
        store.start_run(&run).expect("start")
    };
    let vertex = Place::Vertex { location: Some("europe-west4".into()), project: Some("p1".into()) };
    let vertex_key = start(vertex.clone(), RouteId::VertexGemini);
    let aws = Place::Aws { region: Some("us-west-2".into()), profile: None };
    let aws_key = start(aws.clone(), RouteId::BedrockInvoke);
    assert_eq!(place_columns(&path, vertex_key.0), [None, None, Some("europe-west4".into()), Some("p1".into())]);
    assert_eq!(place_columns(&path, aws_key.0), [Some("us-west-2".into()), None, None, None]);
    let runs = store.conversation(conversation).expect("read").expect("kept").runs;
    assert_eq!(runs.iter().map(|run| run.place.clone()).collect::<Vec<_>>(), [vertex, aws]);
}

#[test]
fn prices_see_the_vertex_location_and_the_aws_region() {
    let store = Store::open_in_memory().expect("open");
    let conversation = store.new_conversation("prices").expect("conversation");
    for (route, place) in [
        (RouteId::VertexClaude, Place::Vertex { location: Some("us-east5".into()), project: Some("p".into()) }),
        (RouteId::BedrockConverse, Place::Aws { region: Some("eu-west-1".into()), profile: None }),
    ] {
        let run = NewRun {
            conversation,
            compare_group: None,
            position: 0,
            target: Target { place, ..Target::new(route, "m") },
            credential_source: None,
            asked: Asked { prompt: "p".into(), ..Asked::default() },
            started_ms: 1,
        };
        let key = store.start_run(&run).expect("start");
        let end = routeplay::store::RunEnd {
            outcome: routeplay::store::Outcome::Done,
            ended: Ended {
                answer: "a".into(),
                usage: Usage { output_tokens: Some(1), ..Usage::default() },
                ..Ended::default()
            },
            credential_source: None,
            ended_ms: 2,
            events: routeplay::store::EventLog::default(),
            exchange: None,
        };
        store.finish_run(key, &end).expect("finish");
    }
    // A dollar where the place is the expected one, none elsewhere.
    let price = |run: &routeplay::store::PricedRun<'_>| match run.route {
        "vertex-claude" => (run.place.location() == Some("us-east5")).then_some(1.0),
        "bedrock-converse" => (run.place.region() == Some("eu-west-1")).then_some(1.0),
        _ => None,
    };
    let stats = store.stats(price).expect("stats");
    let costs: Vec<(&str, Option<f64>)> =
        stats.iter().map(|row| (row.route.as_str(), row.estimated_cost_usd)).collect();
    assert_eq!(costs, [("bedrock-converse", Some(1.0)), ("vertex-claude", Some(1.0))]);
}
