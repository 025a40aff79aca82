//! A demo script presented a step at a time (`--script NAME`): ctrl+n replays the next step's
//! stored conversation or compare in its own view, and the presenter line shows which step
//! this is and its title.

use super::App;
use super::effect::Effect;
use super::history::{AfterLoad, LoadedTurn};

impl App {
    /// Replay the demo script's next step, or say the script is over.
    pub(super) fn next_script_step(&mut self) -> Vec<Effect> {
        let Some(script) = &mut self.script else {
            self.complain("no demo script: start with --script NAME ([demo.scripts.NAME] in config.toml)");
            return Vec::new();
        };
        let Some(&id) = script.steps.get(script.next) else {
            let name = script.name.clone();
            self.notify(format!("demo script {name}: that was the last step"));
            return Vec::new();
        };
        script.next += 1;
        script.loading = true;
        let note = format!("demo script {}: step {} of {}", script.name, script.next, script.steps.len());
        self.after_load = AfterLoad::Replay;
        self.notify(note);
        vec![Effect::LoadConversation { id, whole_compare: true }]
    }

    /// The step being loaded takes its title from the first line of its first prompt.
    pub(super) fn title_script_step(&mut self, turns: &[LoadedTurn]) {
        let Some(script) = &mut self.script else { return };
        if !std::mem::take(&mut script.loading) {
            return;
        }
        let first_line = turns.first().and_then(|turn| turn.prompt.lines().map(str::trim).find(|l| !l.is_empty()));
        script.title = first_line.map(str::to_owned);
    }
}
