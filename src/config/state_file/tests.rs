use super::*;
use std::os::unix::fs::PermissionsExt as _;

fn sample() -> SessionState {
    SessionState {
        route: RouteId::BedrockConverse,
        model: "anthropic.claude-x".into(),
        custom_model: true,
        places: Places { region: Some("eu-west-1".into()), profile: Some("dev".into()), location: None, project: None },
        system: "Be brief.\nAnswer in French.".into(),
        params: Params {
            max_tokens: 77,
            temperature: Some(0.5),
            top_p: None,
            stop_sequences: vec!["END".into()],
            ..Params::default()
        },
        theme: "light".into(),
        conversation: Some(42),
    }
}

#[test]
fn a_saved_state_reads_back_the_same_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = state_path(&dir.path().join("data"));
    save(&path, &sample()).unwrap();
    assert_eq!(load(&path).unwrap(), Some(sample()));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn no_file_is_no_state() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(load(&state_path(dir.path())).unwrap(), None);
}

/// The file as it was, where the error says it went.
fn set_aside_with(text: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = state_path(dir.path());
    std::fs::write(&path, text).unwrap();
    let error = load(&path).unwrap_err();
    assert!(error.starts_with(&path.display().to_string()), "{error}");
    assert!(!path.exists(), "the bad file is moved aside, so the next write cannot overwrite it");
    let kept = std::fs::read_to_string(dir.path().join("state.toml.bad")).unwrap();
    assert!(error.contains("state.toml.bad") && error.contains("defaults"), "{error}");
    (error, kept)
}

#[test]
fn a_corrupt_file_is_kept_aside_with_a_notice() {
    let (error, kept) = set_aside_with("version = 1\nroute = [unclosed");
    assert_eq!(kept, "version = 1\nroute = [unclosed");
    assert!(error.contains("state.toml:"), "{error}");
}

#[test]
fn an_unknown_route_is_named() {
    let text = render(&sample()).replace("bedrock-converse", "carrier-pigeon");
    let (error, _) = set_aside_with(&text);
    assert!(error.contains("carrier-pigeon"), "{error}");
}

#[test]
fn a_newer_version_is_not_read() {
    let text = render(&sample()).replace("version = 1", "version = 9");
    let (error, _) = set_aside_with(&text);
    assert!(error.contains("newer routeplay (version 9; this one reads 1)"), "{error}");
}

#[test]
fn a_file_past_the_cap_is_refused_by_size() {
    let (error, _) = set_aside_with(&"#".repeat(1024 * 1024 + 1));
    assert!(error.contains("larger than") && error.contains("state file"), "{error}");
}
