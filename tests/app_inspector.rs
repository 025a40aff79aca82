//! The inspector overlay's `update`: F9 opens it on the latest run (the focused column's when
//! comparing), `r` switches the stream between decoded events and raw bytes, Esc closes it.

mod common;

use common::{app, compare_two_emulator_models, press, type_text};
use routeplay::app::Overlay;

#[test]
fn f9_inspects_the_latest_run_r_switches_to_raw_bytes_and_esc_closes() {
    let mut app = app();
    press(&mut app, "f9");
    assert!(app.overlay.is_none());
    assert!(app.notice.as_ref().unwrap().text.contains("nothing to inspect"));
    type_text(&mut app, "hi");
    press(&mut app, "ctrl+s");
    let latest = *app.conversation.last().unwrap();
    press(&mut app, "f9");
    assert!(matches!(app.overlay, Some(Overlay::Inspector { run, raw: false, .. }) if run == latest));
    press(&mut app, "r");
    assert!(matches!(app.overlay, Some(Overlay::Inspector { raw: true, .. })));
    press(&mut app, "down");
    assert!(matches!(app.overlay, Some(Overlay::Inspector { scroll: 1, .. })));
    press(&mut app, "esc");
    assert!(app.overlay.is_none());
}

#[test]
fn in_the_compare_view_f9_inspects_the_focused_column() {
    let mut app = app();
    compare_two_emulator_models(&mut app);
    type_text(&mut app, "hi");
    press(&mut app, "ctrl+s");
    let focused = app.compare.columns[app.compare.focused].runs[0];
    press(&mut app, "f9");
    assert!(matches!(app.overlay, Some(Overlay::Inspector { run, .. }) if run == focused));
}

/// A run that was sent, as the client reports it: the request captured with its key masked.
fn sent_run(app: &mut routeplay::app::App) -> routeplay::app::msg::RunId {
    use routeplay::app::msg::Msg;
    use routeplay::routes::capture::{CredentialView, SentRequest};
    use routeplay::routes::event::RunUpdate;
    type_text(app, "hi");
    press(app, "ctrl+s");
    let run = *app.conversation.last().unwrap();
    let sent = SentRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:4321/v1/messages".into(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("anthropic-version".into(), "2023-06-01".into()),
            ("x-api-key".into(), "sk-a…3a9c".into()),
        ],
        body:
            r#"{"model":"emulator-sonnet","max_tokens":64,"messages":[{"role":"user","content":"hi"}],"stream":true}"#
                .into(),
        signing: None,
        credential: CredentialView { source: "ANTHROPIC_API_KEY (env)".into(), expires_in_secs: None },
    };
    app.update(Msg::Run { run, at: std::time::Instant::now(), update: RunUpdate::Sent(Box::new(sent)) });
    run
}

#[test]
fn copy_as_puts_the_captured_request_on_the_clipboard_with_the_key_left_to_the_environment() {
    use routeplay::app::effect::Effect;
    let mut app = app();
    sent_run(&mut app);
    press(&mut app, "f9");
    let effects = press(&mut app, "c");
    let [Effect::CopyToClipboard(curl)] = effects.as_slice() else { panic!("{effects:?}") };
    assert!(curl.contains("curl ") && curl.contains("/v1/messages"), "{curl}");
    assert!(curl.contains("\"max_tokens\":64"), "the body byte for byte: {curl}");
    assert!(curl.contains("ANTHROPIC_API_KEY") && !curl.contains("sk-a…3a9c"), "{curl}");
    assert!(app.notice.as_ref().unwrap().text.contains("as curl"));
    let effects = press(&mut app, "p");
    let [Effect::CopyToClipboard(python)] = effects.as_slice() else { panic!("{effects:?}") };
    assert!(python.contains("import anthropic"), "{python}");
    assert!(press(&mut app, "a").is_empty(), "no AWS CLI command for the Anthropic API");
    assert!(app.notice.as_ref().unwrap().is_error);
    let effects = press(&mut app, "w");
    let [Effect::WriteFiles { stem, files }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(stem, "routeplay-emulator");
    let suffixes: Vec<&str> = files.iter().map(|(suffix, _)| suffix.as_str()).collect();
    assert_eq!(suffixes, ["curl.sh", "python.py"], "curl and python fit this route");
}

#[test]
fn copy_as_says_so_when_the_run_sent_nothing() {
    let mut app = app();
    type_text(&mut app, "hi");
    press(&mut app, "ctrl+s");
    press(&mut app, "f9");
    assert!(press(&mut app, "c").is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains("sent no request"));
}

#[test]
fn v_in_the_compare_view_shows_every_columns_request_scrolled_together_from_the_top() {
    let mut app = app();
    compare_two_emulator_models(&mut app);
    press(&mut app, "tab"); // from the prompt to the output pane
    assert_eq!(app.focus, routeplay::app::focus::Focus::Output, "the compare view has the keys");
    press(&mut app, "v");
    assert!(app.compare.requests);
    press(&mut app, "down");
    press(&mut app, "down");
    assert_eq!(app.compare.request_scroll, 2);
    press(&mut app, "up");
    assert_eq!(app.compare.request_scroll, 1);
    assert!(app.compare.columns.iter().all(|column| column.scroll == 0), "the answers' scroll is untouched");
    press(&mut app, "v");
    assert!(!app.compare.requests);
}
