//! The route explainer drawn into a `TestBackend` and snapshotted at 120x40: the card of
//! vertex-claude (what it is, with sources), and, scrolled down, its request beside the
//! Anthropic route's for Claude Sonnet 4.5.

mod common;

use common::{app, press, screen};
use routeplay::app::App;
use routeplay::routes::RouteId;
use std::time::Instant;

fn draw(app: &mut App, width: u16, height: u16) -> String {
    screen(app, width, height, Instant::now())
}

/// The explainer open on Claude Sonnet 4.5 on vertex-claude, diffed against the Anthropic route.
fn explaining_vertex_claude() -> App {
    let mut app = app();
    press(&mut app, "tab tab");
    while app.targets.current().route != RouteId::VertexClaude {
        press(&mut app, "right");
    }
    app.targets.choose_model("claude-sonnet-4-5@20250929");
    press(&mut app, "f7");
    app
}

#[test]
fn the_vertex_claude_card() {
    let mut app = explaining_vertex_claude();
    let screen = draw(&mut app, 120, 40);
    assert!(screen.contains("Claude on Vertex AI"), "{screen}");
    insta::assert_snapshot!("explain_vertex_claude_card_120x40", screen);
}

#[test]
fn the_vertex_claude_diff_against_anthropic() {
    let mut app = explaining_vertex_claude();
    press(&mut app, "pagedown pagedown pagedown pagedown pagedown pagedown");
    let screen = draw(&mut app, 120, 40);
    assert!(screen.contains("anthropic_version"), "{screen}");
    insta::assert_snapshot!("explain_vertex_claude_diff_120x40", screen);
}

#[test]
fn a_model_the_other_route_lacks_is_named_under_the_card() {
    let mut app = app(); // the emulator route, whose models exist nowhere else
    press(&mut app, "f7 pagedown pagedown pagedown");
    let screen = draw(&mut app, 120, 40);
    assert!(screen.contains("this model is not offered on anthropic; the card above still applies."), "{screen}");
    assert!(screen.contains("Sources"), "{screen}");
}

#[test]
fn every_route_and_odd_sizes_draw_without_panicking() {
    for (width, height) in [(1, 1), (10, 3), (30, 8), (80, 24), (200, 50)] {
        let mut app = app();
        for _ in RouteId::ALL {
            press(&mut app, "f7");
            for _ in RouteId::ALL {
                press(&mut app, "right");
                draw(&mut app, width, height);
            }
            press(&mut app, "esc tab tab right shift+tab shift+tab");
        }
    }
}
