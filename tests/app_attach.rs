//! Files attached in the playground: ctrl+o asks for a path and the runtime is asked to read
//! it, the file read is listed above the prompt, alt+o takes the last off, and the list goes
//! with the next user turn (and stays with it in follow-ups) and shows in the inspector.

mod common;

use common::{app, press, screen, type_text};
use routeplay::app::App;
use routeplay::app::effect::Effect;
use routeplay::app::msg::Msg;
use routeplay::routes::attachment::{Attachment, AttachmentKind};
use routeplay::routes::event::{RunUpdate, StreamEvent};
use std::sync::Arc;
use std::time::Instant;

fn file(name: &str, kind: AttachmentKind, size: u64) -> Attachment {
    Attachment {
        name: name.into(),
        kind,
        size,
        sha256: "ab".repeat(32),
        pixels: kind.is_image().then_some((640, 480)),
        bytes: Some(Arc::from(vec![0_u8; 4])),
    }
}

fn attach(app: &mut App, attachment: Attachment) {
    app.update(Msg::Attached(Ok(attachment)));
}

/// The request of the one `StartRun` among `effects`.
fn started(effects: &[Effect]) -> &routeplay::routes::request::ChatRequest {
    effects
        .iter()
        .find_map(|effect| match effect {
            Effect::StartRun { request, .. } => Some(request),
            _ => None,
        })
        .expect("a run was started")
}

#[test]
fn ctrl_o_asks_for_a_path_and_the_runtime_to_read_it() {
    let mut app = app();
    press(&mut app, "ctrl+o");
    type_text(&mut app, "  shots/cat.png ");
    let effects = press(&mut app, "enter");
    assert_eq!(effects, [Effect::ReadAttachment { path: "shots/cat.png".into() }]);
    press(&mut app, "ctrl+o");
    assert!(press(&mut app, "enter").is_empty(), "an empty path reads nothing");
    let Some(routeplay::app::Overlay::Editor(editor)) = &app.overlay else { panic!("the dialog closed") };
    assert!(editor.error.as_deref().unwrap_or_default().contains("path"), "{:?}", editor.error);
    press(&mut app, "esc");
    app.update(Msg::Attached(Err("missing.png: no such file".into())));
    assert!(app.notice.as_ref().is_some_and(|notice| notice.is_error && notice.text.contains("missing.png")));
    assert!(app.prompt.attachments.is_empty());
}

#[test]
fn attached_files_are_listed_above_the_prompt_and_alt_o_takes_the_last_off() {
    let mut app = app();
    attach(&mut app, file("cat.png", AttachmentKind::Png, 12_288));
    attach(&mut app, file("spec.pdf", AttachmentKind::Pdf, 2_097_152));
    let shown = screen(&mut app, 200, 40, Instant::now());
    assert!(
        shown
            .contains("attached: cat.png image/png 12.0 KiB 640×480 · spec.pdf application/pdf 2.0 MiB (alt+o removes"),
        "{shown}"
    );
    press(&mut app, "alt+o");
    assert_eq!(app.prompt.attachments.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["cat.png"]);
    press(&mut app, "alt+o alt+o");
    assert!(app.notice.as_ref().unwrap().text.contains("no file is attached"));
    assert!(!screen(&mut app, 120, 30, Instant::now()).contains("alt+o removes the last"));
}

#[test]
fn the_files_go_with_the_next_turn_and_stay_with_it_in_follow_ups() {
    let mut app = app();
    attach(&mut app, file("cat.png", AttachmentKind::Png, 100));
    type_text(&mut app, "what is this?");
    let effects = press(&mut app, "ctrl+s");
    let request = started(&effects);
    let turn = request.turns.last().unwrap();
    assert_eq!((turn.text.as_str(), turn.attachments.len()), ("what is this?", 1));
    assert!(app.prompt.attachments.is_empty(), "the list is for one prompt");
    let run = *app.conversation.last().unwrap();
    for update in [
        RunUpdate::Started,
        RunUpdate::Event(StreamEvent::TextDelta("A cat.".into())),
        RunUpdate::Event(StreamEvent::Done),
        RunUpdate::Finished(Ok(())),
    ] {
        app.update(Msg::Run { run, at: Instant::now(), update });
    }
    type_text(&mut app, "and its colour?");
    let effects = press(&mut app, "ctrl+s");
    let turns = &started(&effects).turns;
    assert_eq!(turns.len(), 3);
    assert_eq!(turns[0].attachments.len(), 1, "the first turn keeps its file");
    assert!(turns[2].attachments.is_empty());
}

#[test]
fn the_inspector_lists_the_files_the_run_sent() {
    let mut app = app();
    attach(&mut app, file("cat.png", AttachmentKind::Png, 100));
    type_text(&mut app, "hi");
    press(&mut app, "ctrl+s");
    let run = *app.conversation.last().unwrap();
    let sent = routeplay::routes::capture::SentRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:1/v1/messages".into(),
        headers: Vec::new(),
        body: "{}".into(),
        signing: None,
        credential: routeplay::routes::capture::CredentialView { source: "test".into(), expires_in_secs: None },
    };
    app.update(Msg::Run { run, at: Instant::now(), update: RunUpdate::Sent(Box::new(sent)) });
    press(&mut app, "f9");
    let shown = screen(&mut app, 120, 30, Instant::now());
    assert!(shown.contains("attached: cat.png image/png 100 B 640×480"), "{shown}");
}

#[test]
fn the_transcript_names_the_files_under_the_prompt_they_went_with() {
    let mut app = app();
    attach(&mut app, file("cat.png", AttachmentKind::Png, 100));
    type_text(&mut app, "what is this?");
    press(&mut app, "ctrl+s");
    let shown = screen(&mut app, 120, 30, Instant::now());
    let prompt = shown.lines().position(|line| line.contains("what is this?")).expect("the prompt is shown");
    let files = shown.lines().position(|line| line.contains("attached: cat.png image/png 100 B 640×480"));
    assert_eq!(files, Some(prompt + 1), "right under the prompt:\n{shown}");
}
