//! A cell's request: the matrix's base request with the prompt item's system prompt, prompt
//! and attachments.

use super::MatrixPlan;
use crate::attach;
use crate::routes::request::{ChatRequest, Turn};

/// The request for row `prompt` of `plan`, its attachments read from the plan's folder (the
/// same way `--attach` reads a file); an error names the item and the file. The item's system
/// prompt, when it has one, replaces the base's.
pub fn cell_request(plan: &MatrixPlan, prompt: u32) -> Result<ChatRequest, String> {
    let Some(item) = plan.prompts.get(prompt as usize) else {
        return Err(format!("{}: no prompt {prompt} (the set has {})", plan.source, plan.prompts.len()));
    };
    let attachments = item
        .attachments
        .iter()
        .map(|path| attach::read(&plan.folder.join(path)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| format!("{} prompt {:?}: {error}", plan.source, item.id))?;
    let mut request = plan.base.clone();
    if let Some(system) = item.rendered_system() {
        request.system = Some(system);
    }
    request.turns.push(Turn { attachments, ..Turn::user(item.rendered_prompt()) });
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::test_support::{plan, targets};
    use crate::routes::attachment::AttachmentKind;
    use crate::routes::request::Role;
    use std::path::PathBuf;

    #[test]
    fn a_cell_is_the_base_request_with_the_item_filled_in() {
        let mut plan = plan(2, targets(1), 1);
        plan.base.system = Some("base system".into());
        plan.base.params.max_tokens = 77;
        plan.prompts[0].prompt = "Hello {{who}}".into();
        plan.prompts[0].system = Some("Speak {{tone}}".into());
        plan.prompts[0].vars = [("who", "Ada"), ("tone", "plainly")].map(|(k, v)| (k.into(), v.into())).into();
        let request = cell_request(&plan, 0).unwrap();
        assert_eq!(request.system.as_deref(), Some("Speak plainly"));
        assert_eq!(request.params.max_tokens, 77);
        assert_eq!(request.turns.len(), 1);
        assert_eq!((request.turns[0].role, request.turns[0].text.as_str()), (Role::User, "Hello Ada"));
        assert!(request.turns[0].attachments.is_empty());
        // Without a system prompt of its own, an item keeps the base's.
        assert_eq!(cell_request(&plan, 1).unwrap().system.as_deref(), Some("base system"));
    }

    #[test]
    fn attachments_are_read_from_the_plan_s_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        std::fs::write(dir.path().join("docs/note.txt"), "a note").unwrap();
        let mut plan = plan(1, targets(1), 1);
        plan.folder = dir.path().to_path_buf();
        plan.prompts[0].attachments = vec![PathBuf::from("docs/note.txt")];
        let request = cell_request(&plan, 0).unwrap();
        let file = &request.turns[0].attachments[0];
        assert_eq!((file.name.as_str(), file.kind, file.size), ("note.txt", AttachmentKind::Text, 6));
        assert_eq!(file.bytes.as_deref(), Some(&b"a note"[..]));
    }

    #[test]
    fn a_missing_file_or_row_names_the_item_and_the_file() {
        let mut plan = plan(1, targets(1), 1);
        plan.prompts[0].attachments = vec![PathBuf::from("gone.png")];
        let error = cell_request(&plan, 0).unwrap_err();
        assert!(error.starts_with("set.jsonl prompt \"p0\": cannot attach /nowhere/gone.png: "), "{error}");
        assert_eq!(cell_request(&plan, 3).unwrap_err(), "set.jsonl: no prompt 3 (the set has 1)");
    }
}
