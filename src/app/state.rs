//! What of the playground survives a restart: read from the app for saving, and applied back
//! when the saved state arrives. Which route to open on when nothing was saved is decided
//! here too, once the credential statuses come in.

use super::App;
use super::effect::Effect;
use crate::auth::CredentialStatus;
use crate::config::state_file::SessionState;
use crate::routes::{Places, RouteId};

/// Which route the playground opens on, while that is still open to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpeningRoute {
    /// Chosen: asked for, restored, or past the first credential check.
    Settled,
    /// Nothing saved and none asked for: the first route whose credential is ready, once the
    /// statuses come in (the emulator when none is).
    FirstWithCredential,
}

impl App {
    /// The state to save as it stands: route, model, place, system prompt, parameters, theme,
    /// and the stored conversation that is open (opened from the history, or started here and
    /// stored since).
    #[must_use]
    pub fn session_state(&self) -> SessionState {
        let choice = self.targets.current();
        let model = choice.models.get(choice.selected);
        SessionState {
            route: choice.route,
            model: model.map(|m| m.id.clone()).unwrap_or_default(),
            custom_model: model.is_some_and(|m| m.label == "custom"),
            places: self.targets.places(),
            system: self.prompt.system.clone(),
            params: self.prompt.params.clone(),
            theme: self.theme.clone(),
            conversation: self.conversation_runs().find_map(|run| run.stored_conversation).or_else(|| {
                let first = self.conversation.first()?;
                self.recorded_conversations.get(first).copied()
            }),
        }
    }

    /// The state to save when it changed since the last time this was asked. The runtime asks
    /// after each batch of messages and writes it once it settles, and on quit; a pull rather
    /// than an effect of every message, so what each message asks for stays as it was.
    /// Nothing is saved in demo mode: its model ids are the emulator's, not for next time.
    pub fn state_to_save(&mut self) -> Option<SessionState> {
        if self.demo {
            return None;
        }
        let state = self.session_state();
        if self.saved_state.as_ref() == Some(&state) {
            return None;
        }
        self.saved_state = Some(state.clone());
        Some(state)
    }

    /// Apply the saved state (checked against this build's routes, models and themes by the
    /// shell), and reload the conversation that was open.
    pub(super) fn on_state_restored(&mut self, state: SessionState) -> Vec<Effect> {
        let SessionState { route, model, places, system, params, theme, conversation, .. } = state;
        self.opening_route = OpeningRoute::Settled;
        self.targets.choose_target(&places.target(route, model));
        let Places { region, profile, location, project } = places;
        (self.targets.region, self.targets.profile, self.targets.location, self.targets.project) =
            (region, profile, location, project);
        self.prompt.system = system;
        self.prompt.params = params;
        if self.theme_names.contains(&theme) {
            self.theme = theme;
        }
        let mut effects = vec![Effect::CheckCredentials(self.credential_check(false))];
        if let Some(id) = conversation {
            self.after_load = super::history::AfterLoad::Continue;
            effects.push(Effect::LoadConversation { id, whole_compare: false });
        }
        self.saved_state = Some(self.session_state());
        effects
    }

    /// With nothing saved and no route asked for, move from the emulator to the first route
    /// whose credential is ready, once; not if the user already chose another route.
    pub(super) fn open_on_first_ready_route(&mut self, statuses: &[(RouteId, CredentialStatus)]) {
        let opening = std::mem::replace(&mut self.opening_route, OpeningRoute::Settled);
        if opening == OpeningRoute::Settled || self.targets.current().route != RouteId::Emulator {
            return;
        }
        let ready = |route: RouteId| {
            statuses.iter().any(|(r, status)| *r == route && matches!(status, CredentialStatus::Ready { .. }))
        };
        let Some(route) = RouteId::ALL.into_iter().filter(|&r| r != RouteId::Emulator).find(|&r| ready(r)) else {
            return;
        };
        let Some(index) = self.targets.routes().iter().position(|choice| choice.route == route) else { return };
        let from = self.targets.selected_index();
        self.targets.move_route(isize::try_from(index).unwrap_or(0) - isize::try_from(from).unwrap_or(0));
        self.notify(format!("opened on {route}: its credential is set (--route picks another)"));
    }
}
