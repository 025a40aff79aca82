//! `routeplay snippet ID --as curl|aws|python [--out FILE]`: a stored run's request as a
//! runnable snippet. The request is rebuilt from what the history kept (route, model, place,
//! parameters, system prompt, the earlier turns and the prompt) by the routes' own builders;
//! where the run kept no region or project, they are found as routeplay finds them.

use super::SnippetArgs;
use super::output::out;
use crate::client::setup::configured_base_url;
use crate::config::file::Config;
use crate::config::paths::Paths;
use crate::routes::request::{ChatRequest, Turn};
use crate::routes::{Place, RouteId, Target, anthropic};
use crate::snippet::{self, HostSettings, SnippetRequest};
use crate::store::when;
use crate::store::{ConversationDetail, ConversationId, RunKey, RunRecord, RunStatus, Store};

pub fn run(args: &SnippetArgs) -> i32 {
    super::exit_code(snippet(args).map(|()| 0))
}

fn snippet(args: &SnippetArgs) -> Result<(), String> {
    let paths = Paths::discover();
    let config = super::load_config(&paths);
    let store = Store::open_for_reading(Store::file(&paths)).map_err(|e| format!("history: {e}"))?;
    let (detail, index) = find_run(&store, args.id)?;
    let run = &detail.runs[index];
    let route: RouteId = run
        .route
        .parse()
        .map_err(|_| format!("run {}: this routeplay does not know the route {:?}", run.key, run.route))?;
    let earlier = earlier_turns(&detail, run);
    let request = ChatRequest {
        system: run.asked.system.clone().filter(|s| !s.trim().is_empty()),
        turns: earlier.iter().cloned().chain([Turn::user(run.asked.prompt.clone())]).collect(),
        params: run.asked.params.clone(),
        thoughts: crate::models::Catalog::shared().thinks(route, &run.model),
    };
    let (target, host) =
        target(route, run, &config, &|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))?;
    let mut built = SnippetRequest::build(&target, &host, &request).map_err(|e| format!("run {}: {e}", run.key))?;
    built.notes = notes(&detail, run, earlier.len() / 2);
    let text = snippet::render(args.format, &built)?;
    match &args.out {
        Some(file) => {
            crate::files::write_private(file, text.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            eprintln!("routeplay: wrote the {} snippet of run {} to {}", args.format, run.key, file.display());
        }
        None => out!("{text}"),
    }
    Ok(())
}

/// The run `id` names, or the last run of the conversation it names (said on standard error).
pub(super) fn find_run(store: &Store, id: i64) -> Result<(ConversationDetail, usize), String> {
    let missing = || format!("no run or conversation {id} in the history (see `routeplay history show ID --json`)");
    if let Some(conversation) = store.conversation_of_run(RunKey(id)).map_err(|e| e.to_string())? {
        let detail = store.conversation(conversation).map_err(|e| e.to_string())?.ok_or_else(missing)?;
        let index = detail.runs.iter().position(|run| run.key.0 == id).ok_or_else(missing)?;
        return Ok((detail, index));
    }
    let detail = store.conversation(ConversationId(id)).map_err(|e| e.to_string())?.ok_or_else(missing)?;
    let last = detail.runs.len().checked_sub(1).ok_or_else(|| format!("conversation {id} has no runs"))?;
    eprintln!("routeplay: {id} is a conversation; using its last run, {}", detail.runs[last].key);
    Ok((detail, last))
}

/// The exchanges before `run` that left an answer, as routeplay sent them with it: one per
/// earlier turn (of a compare, the column on the same route and model, else the first).
fn earlier_turns(detail: &ConversationDetail, run: &RunRecord) -> Vec<Turn> {
    let mut turns = Vec::new();
    let earlier: Vec<&RunRecord> = detail.runs.iter().filter(|other| other.position < run.position).collect();
    let mut positions: Vec<u32> = earlier.iter().map(|other| other.position).collect();
    positions.dedup();
    for position in positions {
        let at: Vec<&&RunRecord> = earlier.iter().filter(|other| other.position == position).collect();
        let same = at.iter().find(|other| other.route == run.route && other.model == run.model);
        let Some(chosen) = same.or(at.first()) else { continue };
        let answered =
            matches!(chosen.status, RunStatus::Done | RunStatus::Cancelled) && !chosen.ended.answer.trim().is_empty();
        if answered {
            turns.push(Turn::user(chosen.asked.prompt.clone()));
            turns.push(Turn::assistant(chosen.ended.answer.clone()));
        }
    }
    turns
}

/// Where the request goes: the run's own region, profile, location and project, else the
/// config file's and the environment's, as routeplay resolves them; and the config's host
/// overrides (the environment's are left to the snippet, which reads them when it runs).
fn target(
    route: RouteId,
    run: &RunRecord,
    config: &Config,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(Target, HostSettings), String> {
    let (bedrock, google) = (&config.routes.bedrock, &config.routes.google);
    let demo = is_demo(run);
    let version = config.routes.anthropic.version.clone().unwrap_or_else(|| anthropic::DEFAULT_VERSION.into());
    let host = HostSettings { base_url: configured_base_url(config, route.spec()).map(str::to_owned), version };
    let place = match &run.place {
        Place::Aws { region, profile } => {
            let region = region.clone().or_else(|| bedrock.region.clone()).or_else(|| env("AWS_REGION"));
            let region = region.or_else(|| env("AWS_DEFAULT_REGION")).or_else(|| demo.then(|| "us-east-1".into()));
            if region.is_none() {
                return Err(format!(
                    "run {} kept no AWS region; set AWS_REGION (or region under [routes.bedrock] in config.toml)",
                    run.key
                ));
            }
            Place::Aws { region, profile: profile.clone() }
        }
        Place::Vertex { location, project } => {
            let location =
                location.clone().or_else(|| google.location.clone()).or_else(|| env("GOOGLE_CLOUD_LOCATION"));
            let project = project.clone().or_else(|| labelled_project(run)).or_else(|| google.project.clone());
            let project = project.or_else(|| env("GOOGLE_CLOUD_PROJECT"));
            if project.is_none() {
                return Err(format!(
                    "run {} kept no Google Cloud project; set GOOGLE_CLOUD_PROJECT (or project under [routes.google])",
                    run.key
                ));
            }
            Place::Vertex { location, project }
        }
        Place::None => Place::None,
    };
    Ok((Target { place, ..Target::new(route, run.model.clone()) }, host))
}

/// The comment lines every snippet opens with.
fn notes(detail: &ConversationDetail, run: &RunRecord, earlier: usize) -> Vec<String> {
    let mut notes = vec![format!(
        "routeplay run {} · {} · {} · recorded {} (conversation {}, turn {})",
        run.key,
        run.route,
        run.model,
        when(run.started_ms),
        detail.id,
        run.position + 1
    )];
    if earlier > 0 {
        notes.push(format!("It carries the conversation's {earlier} earlier exchange(s), as routeplay sent them."));
    }
    if is_demo(run) {
        notes.push("Recorded in demo mode against the built-in emulator: to send it there again, serve one".into());
        notes.push("(`routeplay emulator --port 8080`) and point the route's base URL variable at it, with the".into());
        notes.push("emulator's demo credentials.".into());
    }
    notes
}

/// Whether the run went to the built-in emulator with demo credentials (`--demo`).
fn is_demo(run: &RunRecord) -> bool {
    run.credential_source.as_deref().is_some_and(|source| source.contains("demo") && source.contains("emulator"))
}

/// The project a Vertex run resolved, from its credential label (`… · project P · location`):
/// routeplay names it there when it came from the environment or the credential file.
fn labelled_project(run: &RunRecord) -> Option<String> {
    let source = run.credential_source.as_deref()?;
    source.split(" · ").find_map(|part| part.strip_prefix("project ")).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Asked, Ended};

    fn record(position: u32, route: &str, status: RunStatus, answer: &str) -> RunRecord {
        RunRecord {
            key: RunKey(i64::from(position) * 10 + i64::try_from(route.len()).unwrap()),
            conversation: ConversationId(1),
            compare_group: None,
            position,
            route: route.into(),
            model: "m".into(),
            place: Place::for_route_name(route, crate::routes::Places::default()),
            credential_source: Some("ADC user · project from-label · global".into()),
            asked: Asked { prompt: format!("prompt {position} {route}"), ..Asked::default() },
            ended: Ended { answer: answer.into(), ..Ended::default() },
            status,
            started_ms: 0,
            ended_ms: None,
        }
    }

    #[test]
    fn earlier_turns_follow_the_same_column_and_skip_what_left_no_answer() {
        let runs = vec![
            record(0, "anthropic", RunStatus::Done, "a0"),
            record(0, "gemini-api", RunStatus::Done, "g0"),
            record(1, "gemini-api", RunStatus::Failed, ""),
            record(2, "gemini-api", RunStatus::Done, "g2"),
        ];
        let detail =
            ConversationDetail { id: ConversationId(1), title: String::new(), created_ms: 0, updated_ms: 0, runs };
        let texts: Vec<String> = earlier_turns(&detail, &detail.runs[3]).into_iter().map(|turn| turn.text).collect();
        assert_eq!(texts, ["prompt 0 gemini-api", "g0"]);
        assert!(earlier_turns(&detail, &detail.runs[0]).is_empty());
    }

    #[test]
    fn a_vertex_run_without_a_project_takes_the_one_its_credential_label_names() {
        let run = record(0, "vertex-gemini", RunStatus::Done, "x");
        let (target, _) = target(RouteId::VertexGemini, &run, &Config::default(), &|_| None).unwrap();
        assert_eq!((target.place.project(), target.place.location()), (Some("from-label"), None));
        let bedrock = record(0, "bedrock-invoke", RunStatus::Done, "x");
        let error = place_error(&bedrock);
        assert!(error.contains("set AWS_REGION"), "{error}");
    }

    fn place_error(run: &RunRecord) -> String {
        target(RouteId::BedrockInvoke, run, &Config::default(), &|_| None).unwrap_err()
    }
}
