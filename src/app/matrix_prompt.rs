//! Sampling the prompt being written (`alt+r`): the prompt editor's prompt, files, system
//! prompt and parameters as a one-row matrix over the compare set's targets, so `+`/`-` set how
//! many times each target answers it and the view compares their distributions, as
//! `compare --repeat N` does on the command line, without a prompt-set file. The plan comes
//! back through the runtime, stamped, as `Msg::PromptSetLoaded`.

use super::App;
use super::effect::Effect;
use super::matrix::{LoadedSet, MatrixState};
use crate::matrix::{MatrixPlan, PromptItem};
use crate::store::MatrixId;

/// How a matrix of the typed prompt names its source.
pub const TYPED_SOURCE: &str = "typed prompt";

impl App {
    /// Open the prompt being written as a one-row matrix (samples chosen next, then `s`).
    pub(super) fn sample_prompt(&mut self) -> Vec<Effect> {
        if self.matrix.as_ref().is_some_and(MatrixState::is_running) {
            self.complain("a matrix is running: Esc stops it before another is loaded");
            return Vec::new();
        }
        let prompt = self.prompt.text();
        if prompt.trim().is_empty() {
            self.complain("type a prompt first: alt+r sends it several times to each target");
            return Vec::new();
        }
        let targets = self.matrix_targets();
        let request = super::conversation::next_request(
            std::iter::empty(),
            (&prompt, &self.prompt.attachments),
            &self.prompt.system,
            &self.prompt.params,
        );
        // The system prompt and parameters, without the turn each row brings.
        let base = crate::routes::request::ChatRequest { turns: Vec::new(), ..request.clone() };
        let item = PromptItem {
            id: "prompt".into(),
            prompt,
            system: None,
            // The files' bytes travel in the request; a reopened matrix looks for them by name.
            attachments: self.prompt.attachments.iter().map(|file| file.name.clone().into()).collect(),
            vars: crate::matrix::Vars::new(),
        };
        // The runtime gives the plan its id and time (`update` reads no clock).
        let plan = MatrixPlan {
            id: MatrixId(0),
            source: TYPED_SOURCE.into(),
            folder: ".".into(),
            prompts: vec![item],
            targets,
            repeat: 5,
            base,
            demo: self.demo,
            batch: false,
            created_ms: 0,
        };
        vec![Effect::StampPlan(Box::new(LoadedSet { plan, requests: vec![request] }))]
    }
}
