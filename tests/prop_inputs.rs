//! Property tests of the parsers of the user's own files: config.toml, keymap.toml, a theme
//! and models.toml. Whatever the text, none panics; and config.toml's numbers always come out
//! usable (every float in its range, every duration computable), whatever the file said.
//! Texts are random, or built from each file's own sections and keys with extreme values.

use proptest::collection::vec;
use proptest::prelude::*;
use routeplay::config::file::Config;
use routeplay::config::ranges;
use routeplay::keymap::Keymap;
use routeplay::models::Catalog;
use routeplay::ui::theme::Themes;
use std::path::Path;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
}

/// A TOML value as a user might write it, extremes included.
fn toml_value() -> impl Strategy<Value = String> {
    const WORDS: &[&str] =
        &["inf", "-inf", "nan", "1e300", "-1e300", "0", "0.0", "-0.5", "1e-300", "0.7", "2", "60", "true"];
    prop_oneof![
        proptest::sample::select(WORDS).prop_map(str::to_owned),
        any::<f64>().prop_map(|value| format!("{value:?}").replace("NaN", "nan")),
        any::<i64>().prop_map(|value| value.to_string()),
        any::<String>().prop_map(|text| format!("{text:?}")),
        Just("[\"emulator:a\", \"emulator:b\"]".to_owned()),
        Just("{ x = 1 }".to_owned()),
        Just("[1, 2]".to_owned()),
    ]
}

/// Lines of `sections` and `keys` with [`toml_value`]s, and now and then a line of anything.
fn toml_text(sections: &'static [&'static str], keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    let line = prop_oneof![
        3 => (proptest::sample::select(keys), toml_value()).prop_map(|(key, value)| format!("{key} = {value}")),
        1 => proptest::sample::select(sections).prop_map(|section| format!("[{section}]")),
        1 => any::<String>(),
    ];
    prop_oneof![vec(line, 0..16).prop_map(|lines| lines.join("\n")), any::<String>()]
}

const CONFIG_SECTIONS: &[&str] = &[
    "network",
    "emulator",
    "defaults",
    "history",
    "routes.anthropic",
    "routes.bedrock",
    "routes.google",
    "compare.sets.a",
    "compare.sets.b",
    "demo.scripts.s",
    "netwrk",
    "routes",
];
const CONFIG_KEYS: &[&str] = &[
    "theme",
    "connect_timeout_secs",
    "idle_timeout_secs",
    "run_deadline_secs",
    "max_retries",
    "max_answer_mib",
    "tokens_per_second",
    "answer_tokens",
    "temperature",
    "top_p",
    "max_tokens",
    "route",
    "model",
    "system",
    "stop_sequences",
    "targets",
    "steps",
    "keep_response_kib",
    "base_url",
    "api_key",
    "region",
    "idle_timeot",
];

/// A user file at `name` in a fresh directory, holding `text`.
fn user_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn config_numbers_are_always_usable(text in toml_text(CONFIG_SECTIONS, CONFIG_KEYS)) {
        let (config, problems) = Config::parse(Path::new("config.toml"), &text);
        let network = &config.network;
        prop_assert!(ranges::CONNECT_TIMEOUT_SECS.allows(network.connect_timeout_secs), "{network:?}");
        prop_assert!(ranges::IDLE_TIMEOUT_SECS.allows(network.idle_timeout_secs), "{network:?}");
        prop_assert!(ranges::RUN_DEADLINE_SECS.allows(network.run_deadline_secs), "{network:?}");
        prop_assert!(ranges::TOKENS_PER_SECOND.allows(config.emulator.tokens_per_second));
        let sets = config.compare.sets.values();
        let temperatures = sets.clone().filter_map(|set| set.temperature).chain(config.defaults.temperature);
        prop_assert!(temperatures.into_iter().all(|t| ranges::TEMPERATURE.allows(f64::from(t))));
        let top_ps = sets.filter_map(|set| set.top_p).chain(config.defaults.top_p);
        prop_assert!(top_ps.into_iter().all(|p| ranges::TOP_P.allows(f64::from(p))));
        let _ = (network.connect_timeout(), network.idle_timeout(), network.run_deadline(), network.max_answer_bytes());
        let _ = config.history.kept_response_bytes();
        for problem in problems {
            prop_assert!(problem.to_string().starts_with("config.toml"), "{problem}");
        }
    }

    #[test]
    fn keymap_files_never_panic(text in toml_text(
        &["[global]]\n[", "[prompt]]\n[", "[history]]\n[", "global", "nowhere"],
        &["keys", "action", "description", "key"],
    )) {
        let (_dir, path) = user_file("keymap.toml", &text.replace("\n[", "\n[["));
        let _ = Keymap::load(Some(&path));
    }

    #[test]
    fn theme_files_never_panic(text in toml_text(&["styles"], &["name", "\"text\"", "\"border\"", "\"dim\"", "fg", "bg"])) {
        let (dir, _) = user_file("mine.toml", &text);
        let _ = Themes::load(Some(dir.path()));
    }

    #[test]
    fn model_catalogs_never_panic(text in toml_text(
        &["[family]]\n[", "[family.price]]\n[", "family.ids"],
        &["name", "routes", "input", "output", "cache-read", "as-of", "source", "percent", "above"],
    )) {
        let (_dir, path) = user_file("models.toml", &text.replace("\n[", "\n[["));
        let _ = Catalog::with_user_file(&path);
    }

    #[test]
    fn range_parsers_take_any_text(text in prop_oneof![any::<String>(), any::<f64>().prop_map(|v| v.to_string())]) {
        for range in [ranges::REPLAY_SPEED, ranges::TEMPERATURE, ranges::TOKENS_PER_SECOND] {
            if let Ok(value) = range.parse(&text) {
                prop_assert!(range.allows(value));
            }
        }
    }
}
