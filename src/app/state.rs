//! What of the playground survives a restart: read from the app for saving, and applied back
//! when the saved state arrives. Which route to open on when nothing was saved is decided
//! here too, once the credential statuses come in.

use super::App;
use super::effect::Effect;
use crate::auth::CredentialStatus;
use crate::config::state_file::SessionState;
use crate::routes::RouteId;

impl App {
    /// The state to save as it stands: route, model, place, system prompt, parameters, theme,
    /// and the stored conversation that is open.
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
            conversation: self.conversation_runs().find_map(|run| run.stored_conversation),
        }
    }

    /// The state to save when it changed since the last time this was asked. The runtime asks
    /// after each batch of messages and writes it once it settles, and on quit; a pull rather
    /// than an effect of every message, so what each message asks for stays as it was.
    pub fn state_to_save(&mut self) -> Option<SessionState> {
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
        self.route_from_credentials = false;
        let target = state.places.target(state.route, state.model.clone());
        self.targets.choose_target(&target);
        self.targets.region = state.places.region.clone();
        self.targets.profile = state.places.profile.clone();
        self.targets.location = state.places.location.clone();
        self.targets.project = state.places.project.clone();
        self.prompt.system.clone_from(&state.system);
        self.prompt.params = state.params.clone();
        if self.theme_names.contains(&state.theme) {
            self.theme.clone_from(&state.theme);
        }
        let mut effects = vec![Effect::CheckCredentials(self.credential_check(false))];
        if let Some(id) = state.conversation {
            self.after_load = super::history::AfterLoad::Continue;
            effects.push(Effect::LoadConversation { id, whole_compare: false });
        }
        self.saved_state = Some(self.session_state());
        effects
    }

    /// With nothing saved and no route asked for, move from the emulator to the first route
    /// whose credential is ready, once; not if the user already chose another route.
    pub(super) fn open_on_first_ready_route(&mut self, statuses: &[(RouteId, CredentialStatus)]) {
        if !std::mem::take(&mut self.route_from_credentials) || self.targets.current().route != RouteId::Emulator {
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

#[cfg(test)]
mod tests;
