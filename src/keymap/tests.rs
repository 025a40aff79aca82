//! Keymap tests: the default file, lookups and normalisation, user overrides and problems.

use super::parse::{action_name, parse};
use super::{Context, DEFAULT, Keymap};
use crate::keymap::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::HashSet;
use std::path::Path;

/// Every action. `position` has no wildcard arm, so adding a variant fails to compile here
/// until it is listed.
const ALL_ACTIONS: [Action; 76] = [
    Action::Quit,
    Action::ToggleHelp,
    Action::CycleTheme,
    Action::FocusNext,
    Action::FocusPrev,
    Action::FocusPrompt,
    Action::Submit,
    Action::CancelRun,
    Action::NewConversation,
    Action::CopyLastAnswer,
    Action::ToggleThinking,
    Action::EditSystemPrompt,
    Action::EditParams,
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::PrevRoute,
    Action::NextRoute,
    Action::Select,
    Action::CustomModel,
    Action::Close,
    Action::EditRegion,
    Action::EditProfile,
    Action::ToggleDemo,
    Action::RecheckCredentials,
    Action::ToggleHistory,
    Action::DeleteConversation,
    Action::ToggleCompare,
    Action::CompareAdd,
    Action::CompareEveryRoute,
    Action::ComparePrevColumn,
    Action::CompareNextColumn,
    Action::CompareZoom,
    Action::CompareCancelColumn,
    Action::CompareRetryColumn,
    Action::CompareRemoveColumn,
    Action::CompareReference,
    Action::CompareDiff,
    Action::CompareTogether,
    Action::ComparePromote,
    Action::CompareSave,
    Action::RerunFromHistory,
    Action::CompareFromHistory,
    Action::CompareOpen,
    Action::ExplainRoute,
    Action::Inspect,
    Action::ToggleRawStream,
    Action::ReplayFromHistory,
    Action::ScriptNext,
    Action::CopyAsCurl,
    Action::CopyAsAws,
    Action::CopyAsPython,
    Action::WriteSnippets,
    Action::CompareRequests,
    Action::CycleReplaySpeed,
    Action::Interrupt,
    Action::ToggleMouse,
    Action::FilterModels,
    Action::SaveTheme,
    Action::ExportFromHistory,
    Action::AttachFile,
    Action::DetachLast,
    Action::CountTokens,
    Action::Doctor,
    Action::LoadPromptSet,
    Action::ToggleMatrix,
    Action::MatrixMoreSamples,
    Action::MatrixFewerSamples,
    Action::MatrixStart,
    Action::MatrixAddTarget,
    Action::MatrixRemoveTarget,
    Action::StoredMatrices,
    Action::SamplePrompt,
];

fn position(action: Action) -> usize {
    match action {
        Action::Quit => 0,
        Action::ToggleHelp => 1,
        Action::CycleTheme => 2,
        Action::SaveTheme => 61,
        Action::FocusNext => 3,
        Action::FocusPrev => 4,
        Action::FocusPrompt => 5,
        Action::Submit => 6,
        Action::CancelRun => 7,
        Action::NewConversation => 8,
        Action::CopyLastAnswer => 9,
        Action::ToggleThinking => 10,
        Action::EditSystemPrompt => 11,
        Action::EditParams => 12,
        Action::Up => 13,
        Action::Down => 14,
        Action::PageUp => 15,
        Action::PageDown => 16,
        Action::Top => 17,
        Action::Bottom => 18,
        Action::PrevRoute => 19,
        Action::NextRoute => 20,
        Action::Select => 21,
        Action::CustomModel => 22,
        Action::Close => 23,
        Action::EditRegion => 24,
        Action::EditProfile => 25,
        Action::ToggleDemo => 26,
        Action::RecheckCredentials => 27,
        Action::ToggleHistory => 28,
        Action::DeleteConversation => 29,
        Action::ToggleCompare => 30,
        Action::CompareAdd => 31,
        Action::CompareEveryRoute => 32,
        Action::ComparePrevColumn => 33,
        Action::CompareNextColumn => 34,
        Action::CompareZoom => 35,
        Action::CompareCancelColumn => 36,
        Action::CompareRetryColumn => 37,
        Action::CompareRemoveColumn => 38,
        Action::CompareReference => 39,
        Action::CompareDiff => 40,
        Action::CompareTogether => 41,
        Action::ComparePromote => 42,
        Action::CompareSave => 43,
        Action::RerunFromHistory => 44,
        Action::CompareFromHistory => 45,
        Action::CompareOpen => 46,
        Action::ExplainRoute => 47,
        Action::Inspect => 48,
        Action::ToggleRawStream => 49,
        Action::ReplayFromHistory => 50,
        Action::ScriptNext => 51,
        Action::CopyAsCurl => 52,
        Action::CopyAsAws => 53,
        Action::CopyAsPython => 54,
        Action::WriteSnippets => 55,
        Action::CompareRequests => 56,
        Action::CycleReplaySpeed => 57,
        Action::Interrupt => 58,
        Action::ToggleMouse => 59,
        Action::FilterModels => 60,
        Action::ExportFromHistory => 62,
        Action::AttachFile => 63,
        Action::DetachLast => 64,
        Action::CountTokens => 65,
        Action::Doctor => 66,
        Action::LoadPromptSet => 67,
        Action::ToggleMatrix => 68,
        Action::MatrixMoreSamples => 69,
        Action::MatrixFewerSamples => 70,
        Action::MatrixStart => 71,
        Action::MatrixAddTarget => 72,
        Action::MatrixRemoveTarget => 73,
        Action::StoredMatrices => 74,
        Action::SamplePrompt => 75,
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c), KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// A keymap loaded from `text` as a user file, with its problems.
fn with_user_file(text: &str) -> (Keymap, Vec<crate::config::problem::Problem>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("keymap.toml");
    std::fs::write(&file, text).expect("write keymap");
    Keymap::load(Some(&file))
}

#[test]
fn action_list_is_complete() {
    for (i, action) in ALL_ACTIONS.iter().enumerate() {
        assert_eq!(position(*action), i);
    }
}

#[test]
fn default_keymap_parses_without_problems() {
    let (entries, problems) = parse(Path::new("default"), DEFAULT).expect("default keymap is valid TOML");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(entries.iter().all(|entry| entry.action.is_some() && !entry.description.is_empty()));
}

#[test]
fn default_keymap_binds_no_key_twice_in_a_context() {
    let (entries, _) = parse(Path::new("default"), DEFAULT).expect("valid");
    let mut seen = HashSet::new();
    for entry in &entries {
        for key in &entry.keys {
            assert!(seen.insert((entry.context, *key)), "{key} bound twice in {:?}", entry.context);
        }
    }
}

#[test]
fn every_action_is_bound_somewhere() {
    let bound: HashSet<Action> =
        Keymap::default_keymap().help().iter().flat_map(|section| &section.entries).map(|entry| entry.action).collect();
    for action in ALL_ACTIONS {
        assert!(bound.contains(&action), "{} is not bound", action_name(action));
    }
}

#[test]
fn global_keys_work_from_any_pane() {
    let keymap = Keymap::default_keymap();
    for pane in [Context::Prompt, Context::Targets, Context::Output] {
        let contexts = [pane, Context::Global];
        assert_eq!(keymap.lookup(&contexts, &ctrl('q')), Some(Action::Quit));
        assert_eq!(keymap.lookup(&contexts, &ctrl('s')), Some(Action::Submit));
        assert_eq!(keymap.lookup(&contexts, &key(KeyCode::Enter, KeyModifiers::ALT)), Some(Action::Submit));
        assert_eq!(keymap.lookup(&contexts, &key(KeyCode::Enter, KeyModifiers::CONTROL)), Some(Action::Submit));
        assert_eq!(keymap.lookup(&contexts, &key(KeyCode::F(1), KeyModifiers::NONE)), Some(Action::ToggleHelp));
    }
}

#[test]
fn question_mark_is_typeable_in_the_prompt_but_opens_help_elsewhere() {
    let keymap = Keymap::default_keymap();
    assert_eq!(keymap.lookup(&[Context::Prompt, Context::Global], &ch('?')), None);
    for pane in [Context::Targets, Context::Output] {
        assert_eq!(keymap.lookup(&[pane, Context::Global], &ch('?')), Some(Action::ToggleHelp));
        let shifted = key(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(keymap.lookup(&[pane, Context::Global], &shifted), Some(Action::ToggleHelp));
    }
}

#[test]
fn shift_tab_arrives_as_back_tab() {
    let keymap = Keymap::default_keymap();
    let back_tab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(keymap.lookup(&[Context::Prompt, Context::Global], &back_tab), Some(Action::FocusPrev));
}

#[test]
fn uppercase_letters_match_with_or_without_a_reported_shift() {
    let keymap = Keymap::default_keymap();
    let contexts = [Context::Output, Context::Global];
    assert_eq!(keymap.lookup(&contexts, &key(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
    assert_eq!(keymap.lookup(&contexts, &ch('G')), Some(Action::Bottom));
    assert_eq!(keymap.lookup(&contexts, &ch('g')), Some(Action::Top));
}

#[test]
fn the_first_context_that_binds_a_key_wins() {
    let keymap = Keymap::default_keymap();
    let esc = key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(keymap.lookup(&[Context::Help, Context::Output, Context::Global], &esc), Some(Action::Close));
    assert_eq!(keymap.lookup(&[Context::Editor, Context::Global], &esc), Some(Action::Close));
    assert_eq!(keymap.lookup(&[Context::Output, Context::Global], &esc), Some(Action::CancelRun));
    assert_eq!(keymap.lookup(&[Context::Global], &ch('j')), None);
}

#[test]
fn key_releases_are_ignored() {
    let keymap = Keymap::default_keymap();
    let mut release = ctrl('q');
    release.kind = KeyEventKind::Release;
    assert_eq!(keymap.lookup(&[Context::Global], &release), None);
    let mut repeat = ch('j');
    repeat.kind = KeyEventKind::Repeat;
    assert_eq!(keymap.lookup(&[Context::Output], &repeat), Some(Action::Down));
}

#[test]
fn user_bindings_replace_single_keys_and_none_unbinds() {
    let (keymap, problems) = with_user_file(
        "[[global]]\nkeys = [\"ctrl+s\"]\naction = \"cycle_theme\"\ndescription = \"Theme\"\n\n\
         [[global]]\nkeys = [\"esc\"]\naction = \"none\"\n\n\
         [[prompt]]\nkeys = [\"ctrl+d\"]\naction = \"submit\"\ndescription = \"Send\"\n",
    );
    assert!(problems.is_empty(), "{problems:#?}");
    let global = [Context::Global];
    assert_eq!(keymap.lookup(&global, &ctrl('s')), Some(Action::CycleTheme));
    let alt_enter = key(KeyCode::Enter, KeyModifiers::ALT);
    assert_eq!(keymap.lookup(&global, &alt_enter), Some(Action::Submit), "the other submit keys stay");
    assert_eq!(keymap.lookup(&global, &key(KeyCode::Esc, KeyModifiers::NONE)), None);
    assert_eq!(keymap.lookup(&[Context::Help], &key(KeyCode::Esc, KeyModifiers::NONE)), Some(Action::Close));
    assert_eq!(keymap.lookup(&[Context::Prompt, Context::Global], &ctrl('d')), Some(Action::Submit));
    let help = keymap.help();
    let prompt = help.iter().find(|section| section.context == Context::Prompt).expect("a prompt section");
    assert!(prompt.entries.iter().any(|entry| entry.action == Action::Submit && entry.keys == "ctrl+d"));
    let submit = help[0].entries.iter().find(|entry| entry.action == Action::Submit).expect("submit listed");
    assert_eq!(submit.keys, "alt+enter / ctrl+enter");
}

#[test]
fn bad_user_entries_are_problems_with_lines_and_the_rest_applies() {
    let text = "\
[[global]]
keys = [\"ctrl+x\", \"hyper+y\"]
action = \"quit\"
description = \"Quit\"

[[global]]
keys = [\"ctrl+o\"]
action = \"fly\"
description = \"Fly\"

[[nowhere]]
keys = [\"a\"]
action = \"quit\"
description = \"x\"

[[output]]
keys = [\"z\"]
action = \"top\"
colour = \"red\"
";
    let (keymap, problems) = with_user_file(text);
    let found: Vec<(Option<usize>, &str)> =
        problems.iter().map(|problem| (problem.line, problem.message.as_str())).collect();
    assert_eq!(found.len(), 5, "{problems:#?}");
    assert_eq!(found[0].0, Some(2));
    assert!(found[0].1.contains("hyper"));
    assert_eq!(found[1].0, Some(8));
    assert!(found[1].1.contains("unknown action `fly`"));
    assert_eq!(found[2].0, Some(11));
    assert!(found[2].1.contains("unknown context `nowhere`"));
    assert_eq!(found[3].0, Some(16));
    assert!(found[3].1.contains("without `description`"));
    assert_eq!(found[4].0, Some(19));
    assert!(found[4].1.contains("colour"));
    assert!(problems.iter().all(|problem| problem.file.ends_with("keymap.toml")));
    assert_eq!(keymap.lookup(&[Context::Global], &ctrl('x')), Some(Action::Quit));
    assert_eq!(keymap.lookup(&[Context::Global], &ctrl('o')), None);
    assert_eq!(keymap.lookup(&[Context::Output], &ch('z')), Some(Action::Top));
}

#[test]
fn an_unparsable_user_file_is_one_problem_and_defaults_apply() {
    let (keymap, problems) = with_user_file("[[global]]\nkeys = [\"ctrl+x\"\naction = \"quit\"\n");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, Some(3));
    assert_eq!(keymap.lookup(&[Context::Global], &ctrl('x')), None);
    assert_eq!(keymap.lookup(&[Context::Global], &ctrl('q')), Some(Action::Quit));
}

#[test]
fn a_missing_user_file_is_not_a_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, problems) = Keymap::load(Some(&dir.path().join("absent.toml")));
    assert!(problems.is_empty());
}

#[test]
fn help_follows_file_order_and_joins_keys() {
    let help = Keymap::default_keymap().help();
    let order: Vec<Context> = help.iter().map(|section| section.context).collect();
    assert_eq!(
        order,
        [
            Context::Global,
            Context::Prompt,
            Context::Output,
            Context::Targets,
            Context::ModelFilter,
            Context::Sidebar,
            Context::Help,
            Context::Editor,
            Context::History,
            Context::Explain,
            Context::Inspector,
            Context::Matrix
        ]
    );
    assert_eq!(help[0].title, "Everywhere");
    let first = &help[0].entries[0];
    assert_eq!((first.keys.as_str(), first.action), ("ctrl+q", Action::Quit));
    let submit = help[0].entries.iter().find(|entry| entry.action == Action::Submit).expect("submit listed");
    assert_eq!(submit.keys, "ctrl+s / alt+enter / ctrl+enter");
}

#[test]
fn ctrl_c_interrupts_everywhere_and_q_quits_only_where_nothing_is_typed() {
    let keymap = Keymap::default_keymap();
    for contexts in [&[Context::Prompt, Context::Global][..], &[Context::History, Context::Global], &[Context::Global]]
    {
        assert_eq!(keymap.lookup(contexts, &ctrl('c')), Some(Action::Interrupt), "{contexts:?}");
    }
    for pane in [Context::Output, Context::Targets, Context::Sidebar] {
        assert_eq!(keymap.lookup(&[pane, Context::Global], &ch('q')), Some(Action::Quit), "{pane:?}");
    }
    for overlay in [Context::Help, Context::Explain, Context::Inspector] {
        assert_eq!(keymap.lookup(&[overlay, Context::Global], &ch('q')), Some(Action::Close), "{overlay:?}");
    }
    for typing in [Context::Prompt, Context::History, Context::Editor, Context::ModelFilter] {
        assert_eq!(keymap.lookup(&[typing, Context::Global], &ch('q')), None, "q is typed in {typing:?}");
    }
}
