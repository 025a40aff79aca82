//! Files attached to the next prompt: `ctrl+o` asks for a path (the runtime reads the file and
//! answers with `Msg::Attached`), `alt+o` takes the last one off. The list shows above the
//! prompt and goes with the next user turn; each route's limits are checked when it is sent.

use super::App;
use super::action::Action;
use super::editor::EditorKind;
use super::effect::Effect;
use super::run_facts;
use crate::routes::attachment::Attachment;

impl App {
    pub(super) fn perform_attach(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::AttachFile => self.open_editor(EditorKind::AttachPath),
            Action::DetachLast => match self.prompt.attachments.pop() {
                Some(file) => self.notify(format!("{} taken off the next prompt", file.name)),
                None => self.complain("no file is attached: ctrl+o attaches one"),
            },
            _ => {}
        }
        Vec::new()
    }

    /// A file read for the next prompt joins its list; a file that could not be read is named
    /// with why.
    pub(super) fn on_attached(&mut self, read: Result<Attachment, String>) {
        match read {
            Ok(file) => {
                let note = format!("attached {} to the next prompt", run_facts::describe(&file));
                self.prompt.attachments.push(file);
                self.notify(note);
            }
            Err(why) => self.complain(why),
        }
    }
}
