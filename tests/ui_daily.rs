//! The views a daily user meets, at 80x24 and 200x50: the model filter, long model ids cut
//! with an ellipsis, the question before quitting, the system prompt of several lines, and the
//! focused, scrolled sidebar.

mod common;

use common::{app, press, screen, type_text};
use routeplay::app::App;
use routeplay::app::msg::Msg;
use routeplay::auth::CredentialStatus;
use routeplay::routes::RouteId;
use std::time::Instant;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

/// Every route missing its credential with a long fix, so the sidebar has lines to wrap.
fn with_long_hints(app: &mut App) {
    let hint = "no AWS region is set; fix: set AWS_REGION, or region in the profile, or press r in the route pane";
    let statuses =
        RouteId::ALL.into_iter().map(|route| (route, CredentialStatus::Missing { hint: hint.to_owned() })).collect();
    app.update(Msg::Credentials(statuses));
}

fn snapshot_all(name: &str, make: impl Fn(&mut App)) {
    for (width, height) in SIZES {
        let mut app = app();
        with_long_hints(&mut app);
        app.update(Msg::Resize { width, height });
        make(&mut app);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen(&mut app, width, height, Instant::now()));
    }
}

/// Go to a Bedrock route (long model ids) in the route pane.
fn on_bedrock_converse(app: &mut App) {
    press(app, "tab tab");
    while app.targets.current().route != RouteId::BedrockConverse {
        press(app, "right");
    }
}

#[test]
fn the_model_filter_shows_what_is_typed_and_how_many_match() {
    snapshot_all("model_filter", |app| {
        on_bedrock_converse(app);
        press(app, "/");
        type_text(app, "sonnet");
    });
}

#[test]
fn long_model_ids_are_cut_in_the_middle_with_an_ellipsis_and_more_is_signalled() {
    snapshot_all("long_model_ids", on_bedrock_converse);
    let mut app = app();
    on_bedrock_converse(&mut app);
    let narrow = screen(&mut app, 80, 24, Instant::now());
    assert!(narrow.contains('…'), "an id too long for the pane is cut with an ellipsis:\n{narrow}");
    assert!(narrow.contains("more"), "routes or models out of sight are signalled:\n{narrow}");
}

#[test]
fn quitting_with_a_draft_asks_first() {
    snapshot_all("quit_confirm", |app| {
        type_text(app, "an unsent thought");
        press(app, "ctrl+q");
    });
}

#[test]
fn the_system_prompt_dialog_holds_several_lines() {
    snapshot_all("system_prompt", |app| {
        press(app, "f3");
        type_text(app, "You are terse.\nAnswer in French.\nNever apologise.");
    });
}

#[test]
fn the_focused_sidebar_wraps_its_fixes_and_scrolls() {
    snapshot_all("sidebar_scrolled", |app| {
        press(app, "tab tab tab down down");
    });
    let mut app = app();
    with_long_hints(&mut app);
    let wide = screen(&mut app, 200, 50, Instant::now());
    assert!(wide.contains("press r in the route"), "a fix is wrapped, never cut:\n{wide}");
}
