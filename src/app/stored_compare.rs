//! A stored compare opened from the history: each column's conversation back in its column,
//! to read and continue, or replayed with every column streaming together as it did.

use super::App;
use super::compare::{Column, Compare, MAX_TARGETS};
use super::effect::{Effect, ReplayRun};
use super::focus::Focus;
use super::history::{AfterLoad, LoadedTurn};
use super::msg::RunId;
use std::collections::BTreeMap;

impl App {
    /// Show `stored` (one conversation per column, in column order) in the compare view; for
    /// a replay, play each turn's columns together, turn after turn.
    pub(super) fn open_stored_compare(&mut self, stored: Vec<Vec<LoadedTurn>>, purpose: AfterLoad) -> Vec<Effect> {
        let replay = purpose == AfterLoad::Replay;
        let now = self.now;
        let mut columns = Vec::new();
        let mut steps: BTreeMap<u32, Vec<ReplayRun>> = BTreeMap::new();
        // The first column's run at each position: the compare group every column's run joins.
        let mut groups: BTreeMap<u32, RunId> = BTreeMap::new();
        for turns in stored.into_iter().take(MAX_TARGETS) {
            let Some(target) = turns.last().map(|turn| turn.target.clone()) else { continue };
            let mut column = Column::new(target);
            for turn in turns {
                let (position, in_group) = (turn.position, turn.compare_group.is_some());
                let first = column.runs.first().copied();
                let (id, replayed) = self.restore(turn, first, position, now, replay);
                if in_group && let Some(run) = self.runs.get_mut(id) {
                    run.compare_group = Some(*groups.entry(position).or_insert(id));
                }
                steps.entry(position).or_default().extend(replayed);
                column.runs.push(id);
            }
            columns.push(column);
        }
        let count = columns.len();
        self.compare = Compare { columns, diff: purpose == AfterLoad::MatrixRow, ..Compare::default() };
        self.compare_shown = true;
        self.conversation.clear();
        self.overlay = None;
        self.focus = Focus::Prompt;
        if purpose == AfterLoad::MatrixRow {
            self.notify(format!(
                "the row's {count} answers side by side, word diff on · alt+x goes back to the matrix"
            ));
            return Vec::new();
        }
        if !replay {
            self.notify(format!("opened a stored compare of {count} columns: a prompt continues every column"));
            return Vec::new();
        }
        if steps.values().flatten().all(|run| run.events.is_empty()) {
            self.complain("this compare was stored without its stream events: nothing to replay");
            return Vec::new();
        }
        self.notify(format!("replaying a compare of {count} columns at {} (Esc stops)", self.speed_label()));
        vec![Effect::Replay { steps: steps.into_values().collect(), speed: self.replay_speed }]
    }
}
