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
                if let Some(note) = local_host_note(&request.base_url, run.target.route, self.demo) {
                    request.notes.push(note);
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

/// What to say about a request sent to this machine: the built-in emulator only when it was
/// the emulator (`--demo` serves every route from it), else a server of the user's own at that
/// address. `None` for a remote host, and for the emulator route, whose own note says how to
/// serve one.
fn local_host_note(base_url: &str, route: crate::routes::RouteId, demo: bool) -> Option<String> {
    let authority = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let authority = authority.split('/').next().unwrap_or_default();
    let host = authority.rsplit_once(':').map_or(authority, |(host, _)| host);
    let local = host == "localhost" || host == "[::1]" || host.starts_with("127.");
    if !local || route == crate::routes::RouteId::Emulator {
        return None;
    }
    Some(if demo {
        "Sent to the built-in emulator (demo mode): run `routeplay emulator --port PORT` to send it there again."
            .to_owned()
    } else {
        format!("Sent to a server on this machine ({authority}), as the route's base URL said.")
    })
}

#[cfg(test)]
mod tests {
    use super::local_host_note;
    use crate::routes::RouteId;

    #[test]
    fn only_the_demo_emulator_is_called_an_emulator() {
        let demo = local_host_note("http://127.0.0.1:41234", RouteId::BedrockConverse, true).unwrap();
        assert!(demo.contains("built-in emulator"), "{demo}");
        let own = local_host_note("http://127.0.0.1:4566/bedrock", RouteId::BedrockConverse, false).unwrap();
        assert_eq!(own, "Sent to a server on this machine (127.0.0.1:4566), as the route's base URL said.");
        assert!(!own.contains("emulator"));
        let localhost = local_host_note("http://localhost:8000", RouteId::Anthropic, false).unwrap();
        assert!(localhost.contains("(localhost:8000)"), "{localhost}");
    }

    #[test]
    fn remote_hosts_and_the_emulator_route_get_no_note() {
        assert_eq!(local_host_note("https://api.anthropic.com", RouteId::Anthropic, false), None);
        // A host that only mentions 127.0.0.1 further on is not this machine.
        assert_eq!(local_host_note("https://proxy.example/127.0.0.1", RouteId::Anthropic, false), None);
        assert_eq!(local_host_note("http://127.0.0.1:8080", RouteId::Emulator, true), None);
    }
}
