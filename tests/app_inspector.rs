//! The inspector overlay's `update`: F9 opens it on the latest run (the focused column's when
//! comparing), `r` switches the stream between decoded events and raw bytes, Esc closes it.

mod common;

use common::{app, press, type_text};
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
    press(&mut app, "tab");
    press(&mut app, "tab");
    press(&mut app, "a");
    press(&mut app, "down");
    press(&mut app, "a");
    press(&mut app, "i");
    type_text(&mut app, "hi");
    press(&mut app, "ctrl+s");
    let focused = app.compare.columns[app.compare.focused].runs[0];
    press(&mut app, "f9");
    assert!(matches!(app.overlay, Some(Overlay::Inspector { run, .. }) if run == focused));
}
