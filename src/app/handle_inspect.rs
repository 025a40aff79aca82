//! The inspector's actions: open it on the latest run, switch the stream view, and "copy as":
//! the run's captured request as a `curl`, AWS CLI or Python snippet, to the clipboard or to
//! files.

use super::action::Action;
use super::effect::Effect;
use super::{App, Overlay};
use crate::snippet::{self, Format, SnippetRequest};

impl App {
    pub(super) fn perform_inspect(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Inspect => self.toggle_inspector(),
            Action::ToggleRawStream => {
                if let Some(Overlay::Inspector { raw, .. }) = &mut self.overlay {
                    *raw = !*raw;
                }
            }
            Action::CopyAsCurl => return self.copy_snippet(Format::Curl),
            Action::CopyAsAws => return self.copy_snippet(Format::Aws),
            Action::CopyAsPython => return self.copy_snippet(Format::Python),
            Action::WriteSnippets => return self.write_snippets(),
            _ => {}
        }
        Vec::new()
    }

    /// Open the inspector on the latest run (the focused compare column's), or close it.
    fn toggle_inspector(&mut self) {
        if matches!(self.overlay, Some(Overlay::Inspector { .. })) {
            self.overlay = None;
            return;
        }
        let latest = if self.compare_shown {
            self.compare.columns.get(self.compare.focused).and_then(super::compare::Column::last)
        } else {
            self.conversation.last().copied()
        };
        match latest {
            Some(run) => self.overlay = Some(Overlay::Inspector { run, raw: false, scroll: 0 }),
            None => self.complain("nothing to inspect yet: send a prompt first"),
        }
    }

    /// The inspected run's request, ready to render as a snippet; `None` after saying why not.
    fn inspected_request(&mut self) -> Option<SnippetRequest> {
        let Some(Overlay::Inspector { run, .. }) = &self.overlay else { return None };
        let run = self.runs.get(*run)?;
        let built = match run.exchange.request.as_deref() {
            Some(sent) => SnippetRequest::from_sent(&run.target, sent),
            None => Err("this run sent no request to copy".to_owned()),
        };
        let label = format!("routeplay · {} · {}", run.target.route, run.target.model);
        match built {
            Ok(mut request) => {
                request.notes.push(label);
                let local = request.base_url.contains("127.0.0.1") || request.base_url.contains("localhost");
                // The emulator route's own note already says how to serve one.
                if local && run.target.route != crate::routes::RouteId::Emulator {
                    request.notes.push(
                        "Sent to an emulator on this machine: run `routeplay emulator --port PORT` to send it there \
                         again."
                            .into(),
                    );
                }
                Some(request)
            }
            Err(error) => {
                self.complain(error);
                None
            }
        }
    }

    fn copy_snippet(&mut self, format: Format) -> Vec<Effect> {
        let Some(request) = self.inspected_request() else { return Vec::new() };
        match snippet::render(format, &request) {
            Ok(text) => {
                self.notify(format!(
                    "copied the request as {format} ({} lines) to the clipboard",
                    text.lines().count()
                ));
                vec![Effect::CopyToClipboard(text)]
            }
            Err(error) => {
                self.complain(error);
                Vec::new()
            }
        }
    }

    /// Every snippet that fits the inspected run, as files named after it in the current
    /// directory (`routeplay-bedrock-converse-1732623000.curl.sh`, …).
    fn write_snippets(&mut self) -> Vec<Effect> {
        let Some(request) = self.inspected_request() else { return Vec::new() };
        let files: Vec<(String, String)> = Format::ALL
            .into_iter()
            .filter_map(|format| {
                let text = snippet::render(format, &request).ok()?;
                let extension = if format == Format::Python { "py" } else { "sh" };
                Some((format!("{format}.{extension}"), text))
            })
            .collect();
        vec![Effect::WriteFiles { stem: format!("routeplay-{}", request.route), files }]
    }
}
