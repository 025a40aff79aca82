//! A run's updates folded into the app, and when its text is saved: at its end, and while it
//! streams about once a second (see [`super::partial_save`]), even through a silence.

use super::App;
use super::effect::Effect;
use super::msg::RunId;

impl App {
    /// Fold a run's update in. Its end is saved, and while it streams its text so far is
    /// saved about once a second (see [`super::partial_save`]).
    pub(super) fn on_run_update(
        &mut self,
        id: RunId,
        at: std::time::Instant,
        update: crate::routes::event::RunUpdate,
    ) -> Vec<Effect> {
        // A late message for a run that was cancelled (or never existed) is ignored.
        let Some(run) = self.runs.get_mut(id).filter(|run| run.phase.is_live()) else { return Vec::new() };
        let ended = run.apply(at, update);
        // A replay is of a run the history already has.
        if run.replay {
            return Vec::new();
        }
        if ended || run.partial_save_is_due(at) {
            run.mark_saved(at);
            let mut effects = vec![Effect::SaveRun { run: id }];
            // The cell is stored after its run, through the same writer.
            if ended {
                effects.extend(self.on_matrix_run_end(id, at));
            }
            return effects;
        }
        Vec::new()
    }

    /// Save the text of every run that went unsaved for a second, though no update came: a
    /// stream that went silent keeps what it showed.
    pub(super) fn save_due_partials(&mut self, at: std::time::Instant) -> Vec<Effect> {
        let due: Vec<RunId> = self.runs.live().filter(|run| run.partial_save_is_due(at)).map(|run| run.id).collect();
        for &id in &due {
            if let Some(run) = self.runs.get_mut(id) {
                run.mark_saved(at);
            }
        }
        due.into_iter().map(|run| Effect::SaveRun { run }).collect()
    }
}
