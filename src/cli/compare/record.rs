//! Keeping a compare in the history: one conversation, every run at position 0, all in one
//! compare group, so the history shows them as columns of one turn.

use super::report::Entry;
use crate::app::msg::RunId;
use crate::config::paths::Paths;
use crate::recorder::Recorder;
use crate::store::{Command, CompareGroupId, Store, StoreError};
use tokio::task::JoinHandle;

/// Open the history off the runtime's threads, while the runs stream, so keeping them costs
/// the answers nothing.
pub fn open() -> JoinHandle<Result<Store, StoreError>> {
    tokio::task::spawn_blocking(|| {
        let store = Store::open(Store::file(&Paths::discover()))?;
        store.skip_checkpoint_on_close()?;
        Ok(store)
    })
}

/// Store every run of the compare, once the output was printed. A history that could not be
/// opened is reported and the output stands.
pub fn keep(
    entries: &[Entry],
    opened: Result<Result<Store, StoreError>, tokio::task::JoinError>,
    keep_response: usize,
) {
    let store = match opened {
        Ok(Ok(store)) => store,
        Ok(Err(error)) => return warn(&error.to_string()),
        Err(error) => return warn(&error.to_string()),
    };
    for command in writes(entries, keep_response) {
        if let Err(error) = store.apply(&command) {
            eprintln!("routeplay: warning: history: could not {}: {error}", command.describe());
        }
    }
}

fn warn(error: &str) {
    eprintln!("routeplay: warning: history: {error}; this compare was not kept");
}

/// The writes for `entries`: the recorder's, with every run in the first run's conversation
/// at position 0 and tagged with one fresh compare group.
fn writes(entries: &[Entry], keep_response: usize) -> Vec<Command> {
    let group = CompareGroupId::fresh();
    let mut recorder = Recorder::new(keep_response);
    let mut commands = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let mut run = entry.run.clone();
        run.id = RunId(index as u64 + 1);
        run.conversation = RunId(1);
        run.position = 0;
        for mut command in recorder.writes(&run) {
            if let Command::StartRun { run, .. } = &mut command {
                run.compare_group = Some(group);
            }
            commands.push(command);
        }
    }
    commands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::runs::Run;
    use crate::routes::{RouteId, Target};

    #[test]
    fn one_conversation_one_group_one_position() {
        let entries: Vec<Entry> = ["a", "b", "c"]
            .iter()
            .map(|model| Entry {
                label: format!("emulator:{model}"),
                run: Run::new(RunId(9), Target::new(RouteId::Emulator, *model), "Hi".into()),
                cost: None,
            })
            .collect();
        let commands = writes(&entries, 0);
        let conversations = commands.iter().filter(|c| matches!(c, Command::NewConversation { .. })).count();
        assert_eq!(conversations, 1);
        let starts: Vec<_> = commands
            .iter()
            .filter_map(|c| match c {
                Command::StartRun { run, .. } => Some((run.conversation, run.compare_group, run.position)),
                _ => None,
            })
            .collect();
        assert_eq!(starts.len(), 3);
        assert!(starts.iter().all(|s| *s == starts[0] && s.1.is_some() && s.2 == 0), "{starts:?}");
    }
}
