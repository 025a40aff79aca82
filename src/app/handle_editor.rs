//! What the one-line dialogs do: open one for a setting (system prompt, parameters, model id,
//! region, profile, location, project, compare set names) and apply what was typed, naming a
//! bad value in the dialog.

use super::editor::{EditorKind, FieldEditor};
use super::effect::Effect;
use super::prompt::{format_params, parse_params};
use super::{App, Overlay};
use crate::routes::PlaceKind;

impl App {
    pub(super) fn apply_editor(&mut self, kind: EditorKind, value: &str) -> Vec<Effect> {
        let mut effects = Vec::new();
        let outcome = match kind {
            EditorKind::SystemPrompt => {
                value.trim().clone_into(&mut self.prompt.system);
                Ok(if self.prompt.system.is_empty() {
                    "system prompt cleared".to_owned()
                } else {
                    "system prompt set".to_owned()
                })
            }
            EditorKind::Params => parse_params(value).map(|params| {
                self.prompt.params = params;
                format!("parameters: {}", self.prompt.params_summary())
            }),
            EditorKind::Region => set_choice(&mut self.targets.region, value, "AWS region", is_region),
            EditorKind::Profile => {
                set_choice(&mut self.targets.profile, value, "AWS profile", |p| !p.contains(char::is_whitespace))
            }
            EditorKind::Location => set_choice(&mut self.targets.location, value, "Vertex location", is_location),
            EditorKind::ColumnParams => self.set_column_params(value),
            EditorKind::CompareOpen => self.open_saved_set(value),
            EditorKind::CompareName => {
                let name = value.trim();
                if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                    Err(format!("{name:?} is not a set name: use letters, digits, - and _"))
                } else {
                    self.compare.name = Some(name.to_owned());
                    self.compare_sets.retain(|(saved, _)| saved != name);
                    self.compare_sets.push((name.to_owned(), self.compare.targets()));
                    effects.push(Effect::SaveCompareSet { name: name.to_owned(), targets: self.compare.targets() });
                    Ok(format!("saving the compare set as {name}"))
                }
            }
            EditorKind::Project => set_choice(&mut self.targets.project, value, "Google Cloud project", is_project),
            EditorKind::AttachPath => match value.trim() {
                "" => Err("type the path of a file to attach".to_owned()),
                path => {
                    effects.push(Effect::ReadAttachment { path: path.into() });
                    Ok(format!("reading {path}…"))
                }
            },
            EditorKind::PromptSetPath => self.read_prompt_set(value, &mut effects),
            EditorKind::CustomModel => {
                let model = value.trim();
                if model.is_empty() || model.contains(char::is_whitespace) {
                    Err("a model id is one word, e.g. claude-sonnet-4-5".to_owned())
                } else {
                    self.targets.choose_model(model);
                    Ok(format!("model {model} on {}", self.targets.current().route))
                }
            }
        };
        let place =
            matches!(kind, EditorKind::Region | EditorKind::Profile | EditorKind::Location | EditorKind::Project);
        match outcome {
            Ok(message) => {
                self.overlay = None;
                self.notify(message);
                if place {
                    // The sidebar and the model lists follow the place the next run will use.
                    self.sidebar.statuses = None;
                    self.sidebar.aws = None;
                    self.sidebar.google = None;
                    effects.push(Effect::CheckCredentials(self.credential_check(false)));
                }
            }
            Err(error) => {
                if let Some(Overlay::Editor(editor)) = &mut self.overlay {
                    editor.error = Some(error);
                }
            }
        }
        effects
    }

    /// `r` and `p` choose the Vertex location and project on a Vertex route; elsewhere the AWS
    /// region and profile, which the Bedrock routes take (so they can be set before switching).
    pub(super) fn open_place_editor(&mut self, vertex: EditorKind, aws: EditorKind) {
        match self.targets.current().route.spec().place_kind() {
            PlaceKind::Vertex => self.open_editor(vertex),
            PlaceKind::Aws | PlaceKind::None => self.open_editor(aws),
        }
    }

    pub(super) fn open_editor(&mut self, kind: EditorKind) {
        let value = match kind {
            EditorKind::SystemPrompt => self.prompt.system.clone(),
            EditorKind::Params => format_params(&self.prompt.params),
            // The current id, so adding a suffix or a version is one keystroke.
            EditorKind::CustomModel => self.targets.target().model,
            EditorKind::CompareOpen | EditorKind::AttachPath | EditorKind::PromptSetPath => String::new(),
            EditorKind::Region => self.targets.region.clone().unwrap_or_default(),
            EditorKind::Profile => self.targets.profile.clone().unwrap_or_default(),
            EditorKind::Location => self.targets.location.clone().unwrap_or_default(),
            EditorKind::Project => self.targets.project.clone().unwrap_or_default(),
            EditorKind::CompareName => self.compare.name.clone().unwrap_or_default(),
            EditorKind::ColumnParams => self
                .compare
                .columns
                .get(self.compare.focused)
                .and_then(|column| column.params.as_ref())
                .map(format_params)
                .unwrap_or_default(),
        };
        let mut editor = FieldEditor::new(kind, &value);
        editor.hint = match kind {
            EditorKind::Profile if !self.sidebar.aws_profiles.is_empty() => {
                Some(format!("↑↓ profiles: {}", self.sidebar.aws_profiles.join(", ")))
            }
            EditorKind::Profile => Some("no profiles in ~/.aws/config or ~/.aws/credentials".into()),
            EditorKind::Region => Some("↑↓ regions with Bedrock".into()),
            EditorKind::CompareOpen if self.compare_sets.is_empty() => {
                Some("no sets saved yet: S saves the current one".into())
            }
            EditorKind::CompareOpen => Some(format!(
                "↑↓ sets: {}",
                self.compare_sets.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ")
            )),
            EditorKind::Location => Some("↑↓ Vertex locations; `global` serves most models".into()),
            EditorKind::Project => Some("else GOOGLE_CLOUD_PROJECT, then the credential's project".into()),
            EditorKind::Params | EditorKind::ColumnParams => Some(super::controls_line::HINT.into()),
            EditorKind::AttachPath => Some("a path from where routeplay started".into()),
            EditorKind::PromptSetPath => Some(self.prompt_set_hint()),
            _ => None,
        };
        self.overlay = Some(Overlay::Editor(Box::new(editor)));
    }
}

/// Apply a region, profile, location or project typed in the dialog; empty means "from the
/// environment".
fn set_choice(slot: &mut Option<String>, value: &str, what: &str, valid: fn(&str) -> bool) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        *slot = None;
        return Ok(format!("{what}: from the environment"));
    }
    if !valid(value) {
        return Err(format!("{value:?} is not a valid {what}"));
    }
    *slot = Some(value.to_owned());
    Ok(format!("{what}: {value}"))
}

/// `global`, `us`, `eu`, or a region like `europe-west4`: lowercase letters, digits, dashes.
fn is_location(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_lowercase())
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A project id (`my-proj-123`) or a domain-scoped one (`example.com:my-proj`).
fn is_project(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_lowercase())
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.:".contains(&b))
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`: lowercase words and a number, by dashes.
fn is_region(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() >= 3
        && parts.last().is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && parts[..parts.len() - 1].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}
