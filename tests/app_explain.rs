//! The route explainer's `update` as sentences: F7 opens it on the route and model chosen in
//! the route pane, left and right choose the route it is diffed against (not the route pane's
//! route), up and down scroll, and Esc, q or F7 close it.

mod common;

use common::{app, press};
use routeplay::app::explain::ExplainView;
use routeplay::app::{App, Overlay};
use routeplay::routes::RouteId;

/// An app with Claude Sonnet 4.5 on vertex-claude chosen in the route pane.
fn on_vertex_claude() -> App {
    let mut app = app();
    press(&mut app, "tab tab"); // the route pane
    while app.targets.current().route != RouteId::VertexClaude {
        press(&mut app, "right");
    }
    app.targets.choose_model("claude-sonnet-4-5@20250929");
    app
}

fn explained(app: &App) -> &ExplainView {
    match &app.overlay {
        Some(Overlay::Explain(view)) => view,
        other => panic!("the explainer should be open, not {other:?}"),
    }
}

#[test]
fn f7_opens_the_explainer_right_changes_the_other_route_and_esc_closes() {
    let mut app = on_vertex_claude();
    press(&mut app, "f7");
    let view = explained(&app);
    assert_eq!(view.target.route, RouteId::VertexClaude);
    assert_eq!(view.target.model, "claude-sonnet-4-5@20250929");
    assert_eq!(view.other, RouteId::Anthropic, "the Anthropic route is the default to diff against");
    let diff = view.diff.as_ref().expect("Sonnet 4.5 is on the Anthropic route");
    assert_eq!(diff.b.model, "claude-sonnet-4-5-20250929");
    assert_eq!(
        (diff.only_a.as_slice(), diff.only_b.as_slice()),
        (["anthropic_version".to_owned()].as_slice(), ["model".to_owned()].as_slice())
    );

    press(&mut app, "right");
    assert_eq!(explained(&app).other, RouteId::BedrockMantle);
    assert_eq!(app.targets.current().route, RouteId::VertexClaude, "the route pane keeps its route");
    press(&mut app, "] ]");
    assert_eq!(explained(&app).other, RouteId::BedrockConverse);
    press(&mut app, "left [");
    assert_eq!(explained(&app).other, RouteId::BedrockMantle);

    press(&mut app, "esc");
    assert!(app.overlay.is_none());
    assert!(app.runs.live().next().is_none(), "Esc closed the explainer and cancelled nothing");
}

#[test]
fn the_explainer_skips_the_chosen_route_and_wraps_around() {
    let mut app = on_vertex_claude();
    press(&mut app, "f7");
    press(&mut app, "left"); // from anthropic back to the emulator
    assert_eq!(explained(&app).other, RouteId::Emulator);
    press(&mut app, "left"); // wraps past the end, skipping vertex-claude itself
    assert_eq!(explained(&app).other, RouteId::VertexOpenAi);
    assert_eq!(explained(&app).diff, Err("this model is not offered on vertex-openai".to_owned()));
}

#[test]
fn a_model_with_no_id_on_the_other_route_is_named_and_the_card_stays() {
    let mut app = app(); // the emulator route, whose models exist nowhere else
    press(&mut app, "f7");
    let view = explained(&app);
    assert_eq!(view.target.route, RouteId::Emulator);
    assert_eq!(view.diff, Err("this model is not offered on anthropic".to_owned()));
}

#[test]
fn up_and_down_scroll_and_q_or_f7_close() {
    let mut app = on_vertex_claude();
    press(&mut app, "f7");
    press(&mut app, "down down j pagedown");
    assert_eq!(explained(&app).scroll, 13);
    press(&mut app, "up k pageup pageup");
    assert_eq!(explained(&app).scroll, 0, "scrolling stops at the top");
    press(&mut app, "q");
    assert!(app.overlay.is_none());
    press(&mut app, "f7");
    assert!(app.overlay.is_some());
    press(&mut app, "f7");
    assert!(app.overlay.is_none());
}

#[test]
fn f7_works_from_the_prompt_without_typing_into_it() {
    let mut app = app();
    press(&mut app, "f7");
    assert!(matches!(app.overlay, Some(Overlay::Explain(_))));
    press(&mut app, "x q");
    assert!(app.overlay.is_none());
    assert_eq!(app.prompt.text(), "", "keys in the explainer are not typed into the prompt");
}

#[test]
fn an_open_model_opens_beside_another_route_that_serves_it() {
    use routeplay::app::targets::Places;
    use routeplay::models::Catalog;
    use routeplay::routes::Target;
    use routeplay::routes::request::Params;
    let target = Target::new(RouteId::VertexOpenAi, "meta/llama-3.3-70b-instruct-maas");
    let llama = ExplainView::new(&Catalog::builtin(), &Places::default(), target, &Params::default());
    assert_eq!(llama.other, RouteId::BedrockConverse, "not the Anthropic route, which has no Llama");
    assert!(llama.diff.is_ok(), "{:?}", llama.diff);
}
