//! The playground's doctor (`D` in the route pane): `routeplay doctor`'s checks, without the
//! probe, for the chosen target at the places chosen in the route pane, off the UI task; they
//! come back as `Msg::Doctored`.

use super::RunContext;
use crate::app::msg::Msg;
use crate::client::doctor;
use crate::routes::Places;
use crate::routes::Target;
use tokio::sync::mpsc::UnboundedSender;

/// Check `target` off the UI task; the checks go to `tx`.
pub fn spawn_doctor(context: &RunContext, tx: UnboundedSender<Msg>, target: Target, places: Places, demo: bool) {
    let context = context.clone();
    tokio::spawn(async move {
        let around = context.surroundings(demo, &places);
        let report = doctor::check(target.route, Some(&target.model), &around, context.client.http()).await;
        let _ = tx.send(Msg::Doctored { target, checks: report.checks });
    });
}
