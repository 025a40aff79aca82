//! Every meaningful screen drawn into a `TestBackend` at 80x24 and 200x50 and snapshotted,
//! with the clock under the test's control so figures are stable; buffer checks for the
//! colours that carry meaning.

mod common;

use common::{app, press, type_text};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use routeplay::app::App;
use routeplay::app::msg::{Msg, RunId};
use routeplay::auth::CredentialStatus;
use routeplay::routes::RouteId;
use routeplay::routes::error::{ErrorKind, RunError};
use routeplay::routes::event::{RunUpdate, StopReason, StreamEvent, Usage};
use routeplay::ui::theme::{Role, Theme, Themes};
use routeplay::ui::transcript::TranscriptCache;
use std::time::{Duration, Instant};

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

const ANSWER: &str = "# Routes\n\nThe **same** model, reached *three* ways:\n\n- the Anthropic API\n- Amazon Bedrock\n\n```rust\nfn main() {}\n```\n";

fn theme() -> Theme {
    Themes::built_in().get("dark").unwrap().clone()
}

fn draw(app: &mut App, width: u16, height: u16, now: Instant) -> Buffer {
    app.update(Msg::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut cache = TranscriptCache::default();
    let theme = theme();
    terminal
        .draw(|frame| {
            routeplay::ui::draw(frame, app, &theme, &mut cache, now);
        })
        .unwrap();
    terminal.backend().buffer().clone()
}

fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cancelled run ends when `update` handles the key, on the real clock: its total time is
/// the one volatile figure, so it is masked (`total *.** s`).
fn mask_cancel_time(screen: &str) -> String {
    if !screen.contains("cancelled") {
        return screen.to_owned();
    }
    screen
        .lines()
        .map(|line| {
            let Some(start) = line.find("total ") else { return line.to_owned() };
            let digits = start + line[start + 6..].find(|c: char| c.is_ascii_digit()).map_or(0, |i| i + 6);
            let end = digits + line[digits..].find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(0);
            format!("{}{}{}", &line[..digits], "*".repeat(end - digits), &line[end..])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn with_credentials(mut app: App) -> App {
    app.update(Msg::Credentials(vec![
        (RouteId::Emulator, CredentialStatus::Ready { source: "built-in emulator (127.0.0.1:4000)".into() }),
        (RouteId::Anthropic, CredentialStatus::Missing { hint: routeplay::auth::anthropic::HINT.into() }),
        (RouteId::BedrockMantle, CredentialStatus::Missing { hint: "no AWS region is set".into() }),
        (RouteId::BedrockInvoke, CredentialStatus::Missing { hint: "no AWS region is set".into() }),
        (RouteId::BedrockConverse, CredentialStatus::Missing { hint: "no AWS region is set".into() }),
        (RouteId::GeminiApi, CredentialStatus::Missing { hint: routeplay::auth::google::API_KEY_HINT.into() }),
        (RouteId::VertexGemini, CredentialStatus::Ready { source: VERTEX_SOURCE.into() }),
        (RouteId::VertexClaude, CredentialStatus::Ready { source: VERTEX_SOURCE.into() }),
    ]));
    app
}

const VERTEX_SOURCE: &str =
    "user credentials (gcloud ADC file /home/ana/.config/gcloud/application_default_credentials.json) · global";

/// A run with a prompt and `text` streamed so far, started at `t0`.
fn streaming(app: &mut App, t0: Instant, text: &str) -> RunId {
    type_text(app, "Explain routes");
    press(app, "ctrl+s");
    let run = *app.conversation.last().unwrap();
    let mut send = |at: Instant, update| app.update(Msg::Run { run, at, update });
    send(t0, RunUpdate::Started);
    send(t0, RunUpdate::Credential { source: "built-in emulator".into(), elapsed: Duration::from_millis(1) });
    send(t0, RunUpdate::Responded { status: 200, request_id: Some("req_0123456789".into()) });
    send(
        t0 + Duration::from_millis(250),
        RunUpdate::Event(StreamEvent::Usage(Usage { input_tokens: Some(12), ..Usage::default() })),
    );
    send(t0 + Duration::from_millis(250), RunUpdate::Event(StreamEvent::ThinkingDelta("Three routes to list.".into())));
    send(t0 + Duration::from_millis(300), RunUpdate::Event(StreamEvent::TextDelta(text.into())));
    run
}

fn finish(app: &mut App, run: RunId, t0: Instant, result: Result<(), RunError>) {
    let mut send = |at: Instant, update| app.update(Msg::Run { run, at, update });
    send(
        t0 + Duration::from_millis(1300),
        RunUpdate::Event(StreamEvent::Usage(Usage { output_tokens: Some(40), ..Usage::default() })),
    );
    send(t0 + Duration::from_millis(1300), RunUpdate::Event(StreamEvent::StopReason(StopReason::EndTurn)));
    send(t0 + Duration::from_millis(1500), RunUpdate::Finished(result));
}

fn snapshot_all(name: &str, mut make: impl FnMut(&mut App, Instant)) {
    for (width, height) in SIZES {
        let t0 = Instant::now();
        let mut app = with_credentials(app());
        make(&mut app, t0);
        let buffer = draw(&mut app, width, height, t0 + Duration::from_secs(2));
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), mask_cancel_time(&text_of(&buffer)));
    }
}

#[test]
fn empty_playground() {
    snapshot_all("empty", |_, _| {});
}

#[test]
fn streaming_answer() {
    snapshot_all("streaming", |app, t0| {
        streaming(app, t0, &ANSWER[..60]);
    });
}

#[test]
fn finished_answer() {
    snapshot_all("finished", |app, t0| {
        let run = streaming(app, t0, ANSWER);
        finish(app, run, t0, Ok(()));
    });
}

#[test]
fn failed_answer() {
    snapshot_all("failed", |app, t0| {
        let run = streaming(app, t0, "Partial ");
        let mut error = RunError::new(ErrorKind::Overloaded, "emulator", "emulator-sonnet", "Overloaded");
        error.provider_type = Some("overloaded_error".into());
        finish(app, run, t0, Err(error));
    });
}

#[test]
fn cancelled_answer() {
    snapshot_all("cancelled", |app, t0| {
        streaming(app, t0, "Partial answer");
        press(app, "esc");
    });
}

#[test]
fn a_stream_silent_for_seconds_says_so_with_the_idle_timeout() {
    let t0 = Instant::now();
    let mut app = with_credentials(app());
    let run = streaming(&mut app, t0, &ANSWER[..60]);
    let screen = |app: &mut App, seconds: f64| text_of(&draw(app, 80, 24, t0 + Duration::from_secs_f64(seconds)));
    assert!(!screen(&mut app, 2.9).contains("no data"), "a pause under 3 s is no stall");
    insta::assert_snapshot!("stalled_80x24", screen(&mut app, 12.5));
    let ping = RunUpdate::Chunk(bytes::Bytes::from_static(b": ping\n\n"));
    app.update(Msg::Run { run, at: t0 + Duration::from_secs(12), update: ping });
    assert!(!screen(&mut app, 13.0).contains("no data"), "any byte, even a keep-alive, ends the stall");
}

#[test]
fn help_overlay() {
    snapshot_all("help", |app, _| {
        press(app, "f1");
    });
}

#[test]
fn history_overlay_with_a_search_hit_and_the_replay_speed() {
    snapshot_all("history", |app, _| {
        press(app, "f5");
        press(app, "ctrl+f");
        let hit = routeplay::app::history::HistoryRow {
            conversation: 913_731_375_166_420_256,
            title: "How does SigV4 sign a model id with a colon?".into(),
            detail: "bedrock-converse · anthropic.claude-sonnet-4-5-20250929-v1:0 · done · 2026-11-26 09:14".into(),
            snippet: vec![
                ("…the model id is ".into(), false),
                ("percent-encoded".into(), true),
                (" twice…".into(), false),
            ],
            compare: true,
            replayable: true,
        };
        app.update(Msg::HistoryRows { query: String::new(), rows: Ok(vec![hit]) });
    });
}

#[test]
fn parameters_dialog() {
    snapshot_all("params", |app, _| {
        press(app, "f4");
    });
}

#[test]
fn the_focused_pane_has_the_focused_border_colour() {
    let mut app = with_credentials(app());
    let buffer = draw(&mut app, 80, 24, Instant::now());
    let panes = app.panes();
    let prompt_corner = &buffer[(panes.prompt.x, panes.prompt.y)];
    let output_corner = &buffer[(panes.output.x, panes.output.y)];
    assert_eq!(prompt_corner.fg, theme().get(Role::BorderFocused).fg.unwrap());
    assert_eq!(output_corner.fg, theme().get(Role::Border).fg.unwrap());
}

#[test]
fn ready_and_missing_credentials_are_marked_in_their_colours() {
    let mut app = with_credentials(app());
    let buffer = draw(&mut app, 80, 24, Instant::now());
    let screen = text_of(&buffer);
    let find = |needle: &str| -> (u16, u16) {
        for (y, line) in screen.lines().enumerate() {
            if let Some(byte) = line.find(needle) {
                return (line[..byte].chars().count() as u16, y as u16);
            }
        }
        panic!("{needle} not on screen:\n{screen}");
    };
    let (x, y) = find("✓ emulator");
    assert_eq!(buffer[(x, y)].fg, theme().get(Role::Ok).fg.unwrap());
    let (x, y) = find("○ anthropic");
    assert_eq!(buffer[(x, y)].fg, theme().get(Role::Warn).fg.unwrap());
}

#[test]
fn a_failed_run_shows_its_error_in_the_error_colour() {
    let mut app = with_credentials(app());
    let t0 = Instant::now();
    let run = streaming(&mut app, t0, "Partial");
    finish(&mut app, run, t0, Err(RunError::new(ErrorKind::Overloaded, "emulator", "emulator-sonnet", "Overloaded")));
    let buffer = draw(&mut app, 200, 50, t0);
    let screen = text_of(&buffer);
    let (y, line) = screen.lines().enumerate().find(|(_, l)| l.contains("✗ failed")).expect("failed mark");
    let x = line[..line.find("✗ failed").unwrap()].chars().count() as u16;
    assert_eq!(buffer[(x, y as u16)].fg, theme().get(Role::Error).fg.unwrap());
}

#[test]
fn a_long_transcript_still_shows_its_tail() {
    let mut app = with_credentials(app());
    let t0 = Instant::now();
    let long = (0..500).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n\n");
    let run = streaming(&mut app, t0, &long);
    finish(&mut app, run, t0, Ok(()));
    let screen = text_of(&draw(&mut app, 80, 24, t0));
    assert!(screen.contains("line 499"), "{screen}");
    assert!(screen.contains("✓ done"));
}

#[test]
fn without_colour_the_focused_pane_still_stands_out() {
    let mut app = with_credentials(app());
    app.update(Msg::Resize { width: 80, height: 24 });
    let theme = theme().without_color();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut cache = TranscriptCache::default();
    terminal
        .draw(|frame| {
            routeplay::ui::draw(frame, &app, &theme, &mut cache, Instant::now());
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    let panes = app.panes();
    let prompt_corner = &buffer[(panes.prompt.x, panes.prompt.y)];
    let output_corner = &buffer[(panes.output.x, panes.output.y)];
    for cell in [prompt_corner, output_corner] {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "NO_COLOR leaves no colour");
    }
    assert_ne!(prompt_corner.symbol(), output_corner.symbol(), "the focused border is drawn differently");
}

#[test]
fn tiny_and_odd_sizes_draw_without_panicking() {
    for (width, height) in [(1, 1), (10, 3), (20, 5), (59, 12), (61, 8), (149, 40), (150, 10), (300, 100)] {
        for overlay in ["", "f1", "f4"] {
            let t0 = Instant::now();
            let mut app = with_credentials(app());
            let run = streaming(&mut app, t0, ANSWER);
            finish(&mut app, run, t0, Ok(()));
            press(&mut app, overlay);
            draw(&mut app, width, height, t0);
        }
    }
}

#[test]
fn the_sidebar_counts_down_to_the_expiry_of_temporary_aws_credentials() {
    let mut app = with_credentials(app());
    let t0 = Instant::now();
    let summary = routeplay::auth::AwsSummary {
        source: "profile dev (SSO)".into(),
        region: "eu-west-1".into(),
        identity: Ok(("123456789012".into(), "arn:aws:sts::123456789012:assumed-role/dev/me".into())),
        expires: Some("2026-11-26T12:00:00Z".into()),
        expires_in: Some(Duration::from_mins(30)),
    };
    app.update(Msg::AwsIdentity { summary: Some(summary), at: t0 });
    let screen = text_of(&draw(&mut app, 200, 50, t0 + Duration::from_mins(10)));
    assert!(screen.contains("expires in 20 min"), "{screen}");
    assert!(screen.contains("123456789012"), "{screen}");
    let screen = text_of(&draw(&mut app, 200, 50, t0 + Duration::from_mins(31)));
    assert!(screen.contains("expired"), "{screen}");
}

#[test]
fn a_vertex_route_shows_who_the_google_credentials_are_and_the_token_countdown() {
    snapshot_all("vertex_sidebar", |app, t0| {
        for _ in 0..6 {
            app.update(Msg::Action {
                action: routeplay::app::action::Action::NextRoute,
                at: std::time::Instant::now(),
            });
        }
        let summary = routeplay::auth::GoogleSummary {
            kind: "authorized_user".into(),
            source: "user credentials (gcloud ADC file ~/.config/gcloud/application_default_credentials.json)".into(),
            principal: Some("ana@example.com".into()),
            project: Some("routeplay-demo".into()),
            location: "europe-west4".into(),
            error: None,
            expires_in_secs: Some(3599),
        };
        app.update(Msg::GoogleIdentity { summary: Some(summary), at: t0 });
    });
}

/// A run that ended on `stop` with `text`, its usage saying how much was thinking.
fn stopped(app: &mut App, t0: Instant, stop: StopReason, text: &str, thinking_tokens: Option<u64>) {
    let run = streaming(app, t0, text);
    let mut send = |at: Instant, update| app.update(Msg::Run { run, at, update });
    let usage = Usage { output_tokens: Some(1024), thinking_tokens, ..Usage::default() };
    send(t0 + Duration::from_millis(1300), RunUpdate::Event(StreamEvent::Usage(usage)));
    send(t0 + Duration::from_millis(1300), RunUpdate::Event(StreamEvent::StopReason(stop)));
    send(t0 + Duration::from_millis(1500), RunUpdate::Finished(Ok(())));
}

#[test]
fn an_answer_cut_by_max_tokens_is_marked_in_the_warning_colour() {
    snapshot_all("max_tokens", |app, t0| stopped(app, t0, StopReason::MaxTokens, &ANSWER[..60], None));
    let mut app = with_credentials(app());
    let t0 = Instant::now();
    stopped(&mut app, t0, StopReason::MaxTokens, &ANSWER[..60], None);
    let buffer = draw(&mut app, 200, 50, t0);
    let screen = text_of(&buffer);
    assert!(!screen.contains("✓ done"), "{screen}");
    let (y, line) = screen.lines().enumerate().find(|(_, l)| l.contains("⚠ stopped at max_tokens")).expect("mark");
    let x = line[..line.find('⚠').unwrap()].chars().count() as u16;
    assert_eq!(buffer[(x, y as u16)].fg, theme().get(Role::Warn).fg.unwrap());
    assert!(screen.contains("the answer stopped at max_tokens (1024); raise max_tokens in the parameters"), "{screen}");
}

#[test]
fn an_empty_answer_says_the_thinking_used_the_budget() {
    let mut app = with_credentials(app());
    let t0 = Instant::now();
    stopped(&mut app, t0, StopReason::MaxTokens, "", Some(1024));
    let screen = text_of(&draw(&mut app, 200, 50, t0));
    assert!(
        screen.contains("no text: the model's thinking used the whole max_tokens budget (1024) (1024 thinking tokens)"),
        "{screen}"
    );
}
