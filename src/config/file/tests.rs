use super::*;
use std::path::PathBuf;

/// The config and problems of `text`, read as `/x/config.toml`.
fn parsed(text: &str) -> (Config, Vec<Problem>) {
    Config::parse(Path::new("/x/config.toml"), text)
}

/// The config of `text`, which must have no problems.
fn clean(text: &str) -> Config {
    let (config, problems) = parsed(text);
    assert!(problems.is_empty(), "{problems:?}");
    config
}

#[test]
fn an_empty_file_is_the_default() {
    assert_eq!(clean(""), Config::default());
}

#[test]
fn settings_are_read() {
    let text = "theme = \"light\"\n[defaults]\nroute = \"anthropic\"\nmax_tokens = 99\n[network]\nmax_retries = 0\n";
    let config = clean(text);
    assert_eq!(config.theme.as_deref(), Some("light"));
    assert_eq!(config.defaults.max_tokens, Some(99));
    assert_eq!(config.network.max_retries, 0);
    assert!((config.network.idle_timeout_secs - 60.0).abs() < f64::EPSILON);
}

#[test]
fn a_bad_value_is_named_with_file_and_line_and_the_rest_applies() {
    let text = "theme = \"dark\"\n[defaults]\nmax_tokens = \"many\"\nroute = \"anthropic\"\n";
    let (config, problems) = parsed(text);
    let [problem] = problems.as_slice() else { panic!("{problems:?}") };
    assert_eq!(problem.file, PathBuf::from("/x/config.toml"));
    assert_eq!(problem.line, Some(3));
    assert!(problem.to_string().starts_with("/x/config.toml:3: `defaults.max_tokens`:"), "{problem}");
    assert_eq!((config.theme.as_deref(), config.defaults.max_tokens), (Some("dark"), None));
    assert_eq!(config.defaults.route.as_deref(), Some("anthropic"));
}

#[test]
fn compare_sets_are_read() {
    let text = "[compare.sets.claude]\ntargets = [\"anthropic:claude-x\", \"bedrock-converse@eu-west-1:a.b-v1:0\"]\n\
                max_tokens = 64\n";
    let config = clean(text);
    let set = &config.compare.sets["claude"];
    assert_eq!(set.targets[1], "bedrock-converse@eu-west-1:a.b-v1:0");
    assert_eq!(set.max_tokens, Some(64));
}

#[test]
fn an_unknown_key_is_a_problem_with_the_nearest_known_key_and_the_rest_is_kept() {
    let text = "\n\nthem = 1\n[routes.anthropic]\nbase_url = \"http://127.0.0.1:9\"\nbase_ulr = \"x\"\n";
    let (config, problems) = parsed(text);
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "/x/config.toml:3: unknown key `them` is ignored; did you mean `theme`?",
            "/x/config.toml:6: unknown key `routes.anthropic.base_ulr` is ignored; did you mean `base_url`?",
        ]
    );
    assert_eq!(config.routes.anthropic.base_url.as_deref(), Some("http://127.0.0.1:9"), "base_url survives");
}

#[test]
fn an_unknown_key_far_from_any_lists_the_known_ones() {
    let (_, problems) = parsed("[history]\nzzzzzz = 1\n");
    assert_eq!(
        problems[0].message,
        "unknown key `history.zzzzzz` is ignored (known keys here: keep_response_kib, keep_attachments)"
    );
}

#[test]
fn floats_out_of_range_fall_back_with_key_line_and_range() {
    let text = "[network]\nidle_timeout_secs = inf\nconnect_timeout_secs = 1e300\nrun_deadline_secs = nan\n\
                max_retries = 5\n[emulator]\ntokens_per_second = -inf\n[defaults]\ntemperature = 9.5\ntop_p = 0.5\n\
                [compare.sets.a]\ntargets = [\"emulator:x\", \"emulator:y\"]\ntop_p = 1.5\n";
    let (config, problems) = parsed(text);
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "/x/config.toml:2: `network.idle_timeout_secs = inf` must be a number from 0.1 to 86400; the default 60 applies",
            "/x/config.toml:3: `network.connect_timeout_secs = 1e300` must be a number from 0.1 to 600; the default 10 applies",
            "/x/config.toml:4: `network.run_deadline_secs = NaN` must be a number from 0.1 to 86400 (or 0: no limit); \
             the default 600 applies",
            "/x/config.toml:7: `emulator.tokens_per_second = -inf` must be a number from 0.1 to 1000000 (or 0: as fast \
             as possible); the default 80 applies",
            "/x/config.toml:9: `defaults.temperature = 9.5` must be a number from 0 to 2; it is left unset",
            "/x/config.toml:13: `compare.sets.a.top_p = 1.5` must be a number from 0 to 1; it is left unset",
        ]
    );
    let defaults = Network::default();
    assert_eq!(config.network, Network { max_retries: 5, ..defaults });
    assert_eq!((config.defaults.temperature, config.defaults.top_p), (None, Some(0.5)));
    assert_eq!(config.compare.sets["a"].targets.len(), 2);
    assert_eq!(config.network.idle_timeout(), std::time::Duration::from_mins(1));
}

#[test]
fn zero_means_no_deadline() {
    let config = clean("[network]\nrun_deadline_secs = 0\n");
    assert_eq!(config.network.run_deadline(), None);
}

#[test]
fn a_syntax_error_is_named_and_the_keys_around_it_still_apply() {
    let (config, problems) = parsed("theme = \"light\"\n[network]\nidle_timeout_secs = infinity\nmax_retries = 1\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(3));
    assert!(problems[0].message.ends_with("; the line is ignored"), "{}", problems[0]);
    assert_eq!(config.theme.as_deref(), Some("light"));
    assert_eq!(config.network.max_retries, 1, "the next line applies");
    assert_eq!(config.network.idle_timeout(), Network::default().idle_timeout(), "not the parser's guess");
}

#[test]
fn a_table_missing_a_required_key_is_named() {
    let (config, problems) = parsed("[demo.scripts.talk]\n[demo.scripts.ok]\nsteps = [1]\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].to_string().starts_with("/x/config.toml:1: `demo.scripts.talk`: missing field `steps`"));
    assert_eq!(config.demo.scripts["ok"].steps, [1]);
}

#[test]
fn a_file_too_large_is_one_problem_naming_the_limit() {
    let (config, problems) = Config::load(Path::new("/dev/zero"));
    assert_eq!(config, Config::default());
    assert_eq!(
        problems[0].to_string(),
        "/dev/zero: larger than 1 MiB, the most routeplay reads from a config or credential file"
    );
}
