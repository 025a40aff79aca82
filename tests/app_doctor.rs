//! The doctor inside the playground, through `App::update`: `D` in the route pane opens it on
//! the chosen target and asks the runtime for the checks; they show as they come back, each
//! failure with its fix, and Esc closes it.

mod common;

use common::{app, press, screen};
use routeplay::app::Overlay;
use routeplay::app::effect::Effect;
use routeplay::app::msg::Msg;
use routeplay::client::doctor::Check;
use std::time::Instant;

#[test]
fn d_in_the_route_pane_checks_the_chosen_target_and_shows_each_check_with_its_fix() {
    let mut app = app();
    press(&mut app, "tab");
    press(&mut app, "tab");
    let effects = press(&mut app, "D");
    let target = app.targets.target();
    let [Effect::Doctor { target: asked, demo, .. }] = effects.as_slice() else {
        panic!("one doctor effect: {effects:?}");
    };
    assert_eq!((asked, *demo), (&target, false));
    let shown = screen(&mut app, 120, 40, Instant::now());
    assert!(shown.contains(&format!("Doctor · {} · {}", target.route, target.model)), "{shown}");
    assert!(shown.contains("checking: the credential"), "{shown}");

    let checks = vec![
        Check::ok("credential", "built-in emulator"),
        Check::failed(
            "connect",
            "connection refused at 127.0.0.1:9",
            Some("start the server, or check the port".into()),
        ),
        Check::skipped("model", "not checked: the endpoint cannot be reached"),
    ];
    app.update(Msg::Doctored { target: target.clone(), checks });
    let shown = screen(&mut app, 120, 40, Instant::now());
    for line in [
        "✓ credential    built-in emulator",
        "✗ connect       connection refused at 127.0.0.1:9",
        "fix: start the server, or check the port",
        "– model         not checked",
        "not ready: fix the failed checks above",
    ] {
        assert!(shown.contains(line), "{line}:\n{shown}");
    }
    for (width, height) in [(80, 24), (200, 50)] {
        let shown = screen(&mut app, width, height, Instant::now());
        insta::assert_snapshot!(format!("doctor_{width}x{height}"), shown);
    }
    press(&mut app, "esc");
    assert!(app.overlay.is_none());
}

#[test]
fn checks_of_another_target_are_not_shown() {
    let mut app = app();
    press(&mut app, "tab");
    press(&mut app, "tab");
    press(&mut app, "D");
    let mut other = app.targets.target();
    other.model.push_str("-other");
    app.update(Msg::Doctored { target: other, checks: vec![Check::ok("credential", "x")] });
    let Some(Overlay::Doctor(view)) = &app.overlay else { panic!("the doctor is open") };
    assert!(view.checks.is_none(), "still waiting for its own target's checks");
}
