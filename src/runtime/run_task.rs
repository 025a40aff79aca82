//! One run's task, as the playground and the command line (`ask`, `compare`) start it: it
//! resolves the credential, sends, and reports every step as a `Msg::Run`; aborting it cancels
//! the request mid-flight.

use crate::app::msg::{Msg, RunId};
use crate::auth::ProcessEnv;
use crate::auth::google::GoogleTokens;
use crate::client::setup::{self, Surroundings};
use crate::client::{self, Client};
use crate::config::file::Config;
use crate::models::Places;
use crate::routes::Target;
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::event::RunUpdate;
use crate::routes::request::ChatRequest;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

/// What every run's task shares: one HTTP client, the config, the built-in emulator's base
/// URL and one Google token cache. Cheap to clone into each task.
#[derive(Clone)]
pub struct RunContext {
    pub client: Client,
    pub config: Arc<Config>,
    pub emulator_url: Option<String>,
    pub google_tokens: GoogleTokens,
}

impl RunContext {
    /// What resolving a credential needs to know around it: this context's config, emulator and
    /// token cache, the process environment, demo mode and the places chosen for the next runs
    /// (a run's own target carries its own places, so runs pass none).
    #[must_use]
    pub fn surroundings<'a>(&'a self, demo: bool, places: &'a Places) -> Surroundings<'a> {
        Surroundings {
            config: &self.config,
            env: &ProcessEnv,
            emulator_url: self.emulator_url.as_deref(),
            demo,
            google_tokens: &self.google_tokens,
            places,
        }
    }
}

/// What a run is asked to do. With `demo`, Bedrock and Google routes go to the built-in
/// emulator with demo credentials.
pub struct RunOrder {
    pub target: Target,
    pub request: ChatRequest,
    pub demo: bool,
}

/// Start run `run`'s task, reporting to `tx`; aborting the returned handle cancels it. A
/// watcher turns a panic in the task into a failed run, so the run never hangs as live.
#[must_use = "aborting the handle is how the run is cancelled"]
pub fn spawn_run(context: &RunContext, tx: UnboundedSender<Msg>, run: RunId, order: RunOrder) -> AbortHandle {
    let RunOrder { target, request, demo } = order;
    let context = context.clone();
    let task_tx = tx.clone();
    let (route, model) = (target.route, target.model.clone());
    let task = tokio::spawn(async move {
        let mut report = |update| {
            let _ = task_tx.send(Msg::Run { run, at: Instant::now(), update });
        };
        let no_places = Places::default();
        let around = context.surroundings(demo, &no_places);
        let resolved = setup::resolve(&target, &around);
        let result = client::resolve_and_run(&context.client, &target, &request, resolved, &mut report).await;
        report(RunUpdate::Finished(result));
    });
    let abort = task.abort_handle();
    tokio::spawn(async move {
        if let Err(error) = task.await
            && error.is_panic()
        {
            let message = format!("internal error: {}", panic_text(error.into_panic().as_ref()));
            let failure = RunError::new(ErrorKind::Protocol, route.name(), &model, message)
                .with_hint("this is a bug in routeplay; please report it");
            let _ = tx.send(Msg::Run { run, at: Instant::now(), update: RunUpdate::Finished(Err(failure)) });
        }
    });
    abort
}

/// The message a panic carried, when it was a string.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}
