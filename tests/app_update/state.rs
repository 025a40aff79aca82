//! The state that survives a restart, applied from its message; the first route with a
//! credential; the theme saved on request.

use routeplay::app::action::Action;
use routeplay::app::effect::{CredentialCheck, Effect};
use routeplay::app::msg::Msg;
use routeplay::app::{App, Startup};
use routeplay::auth::CredentialStatus;
use routeplay::config::state_file::SessionState;
use routeplay::routes::request::Params;
use routeplay::routes::{Places, RouteId};
use std::time::{Duration, Instant};

fn saved() -> SessionState {
    SessionState {
        route: RouteId::BedrockConverse,
        model: "my.custom-model".into(),
        custom_model: true,
        places: Places { region: Some("eu-west-1".into()), profile: Some("dev".into()), ..Places::default() },
        system: "Be brief.".into(),
        params: Params { max_tokens: 77, temperature: Some(0.5), ..Params::default() },
        theme: "light".into(),
        conversation: Some(42),
    }
}

#[test]
fn the_saved_state_arrives_as_a_message_and_is_applied_at_its_time() {
    let start = Instant::now();
    let mut app = App::new(Startup::defaults(start));
    assert_eq!(app.state_to_save(), None, "starting changes nothing worth writing");
    let at = start + Duration::from_secs(3);
    let effects = app.update(Msg::StateRestored { state: Box::new(saved()), at });
    assert_eq!(app.now, at);
    let places = saved().places;
    assert_eq!(
        effects,
        vec![
            Effect::CheckCredentials(CredentialCheck { demo: false, refresh: false, places: places.clone() }),
            Effect::LoadConversation { id: 42, whole_compare: false },
        ],
        "the sidebar checks the restored place; the open conversation comes back from the history"
    );
    let target = app.targets.target();
    assert_eq!((target.route, target.model.as_str()), (RouteId::BedrockConverse, "my.custom-model"));
    assert_eq!(app.targets.places(), places);
    assert_eq!(
        (app.prompt.system.as_str(), app.prompt.params.max_tokens, app.theme.as_str()),
        ("Be brief.", 77, "light")
    );
    assert_eq!(app.state_to_save(), None, "what was just read is not written back");
    app.update(Msg::Action { action: Action::NextRoute, at });
    let changed = app.state_to_save().expect("a new route is saved");
    assert_eq!(changed.route, RouteId::GeminiApi);
    assert_eq!(app.state_to_save(), None, "once per change");
    app.demo = true;
    app.update(Msg::Action { action: Action::NextRoute, at });
    assert_eq!(app.state_to_save(), None, "a demo is not what the next session starts from");
}

fn statuses(ready: &[RouteId]) -> Vec<(RouteId, CredentialStatus)> {
    RouteId::ALL
        .into_iter()
        .map(|route| {
            let status = if route == RouteId::Emulator || ready.contains(&route) {
                CredentialStatus::Ready { source: "env".into() }
            } else {
                CredentialStatus::Missing { hint: "set it".into() }
            };
            (route, status)
        })
        .collect()
}

fn opening(route_from_credentials: bool) -> App {
    App::new(Startup { route_from_credentials, ..Startup::defaults(Instant::now()) })
}

#[test]
fn with_nothing_saved_the_first_route_with_a_credential_is_opened_once() {
    let mut app = opening(true);
    app.update(Msg::Credentials(statuses(&[RouteId::GeminiApi, RouteId::Anthropic])));
    assert_eq!(app.targets.current().route, RouteId::Anthropic, "RouteId::ALL order, the emulator aside");
    assert!(app.notice.as_ref().unwrap().text.contains("opened on anthropic"));
    app.update(Msg::Action { action: Action::NextRoute, at: Instant::now() });
    app.update(Msg::Credentials(statuses(&[RouteId::Anthropic])));
    assert_eq!(app.targets.current().route, RouteId::BedrockMantle, "a later check does not move the user");
}

#[test]
fn the_emulator_stays_without_credentials_a_route_asked_for_or_a_move_first() {
    let mut bare = opening(true);
    bare.update(Msg::Credentials(statuses(&[])));
    assert_eq!(bare.targets.current().route, RouteId::Emulator);
    let mut asked = opening(false);
    asked.update(Msg::Credentials(statuses(&[RouteId::Anthropic])));
    assert_eq!(asked.targets.current().route, RouteId::Emulator, "--route, config or a saved state win");
    let mut moved = opening(true);
    moved.update(Msg::Action { action: Action::NextRoute, at: Instant::now() });
    moved.update(Msg::Credentials(statuses(&[RouteId::GeminiApi])));
    assert_eq!(moved.targets.current().route, RouteId::Anthropic, "the user's own choice stands");
}

#[test]
fn the_theme_chosen_with_f2_is_saved_to_the_config_on_request() {
    let mut app = App::new(Startup::defaults(Instant::now()));
    app.update(Msg::Action { action: Action::CycleTheme, at: Instant::now() });
    let effects = app.update(Msg::Action { action: Action::SaveTheme, at: Instant::now() });
    assert_eq!(effects, vec![Effect::SaveTheme { name: "light".into() }]);
    app.update(Msg::Saved(Ok("theme light saved in /x/config.toml".into())));
    assert!(app.notice.as_ref().is_some_and(|notice| notice.text.contains("saved") && !notice.is_error));
}
