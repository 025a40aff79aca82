//! The credential shown is the one the next request will use: a region (or profile, project,
//! location) chosen on the command line or in the route pane is where the credential check,
//! the sidebar and model discovery look, not only where runs are signed.

#[path = "support/cli.rs"]
mod cli;

/// `routeplay routes --json ARGS` with static AWS keys and no region anywhere; the Bedrock
/// routes' status.
fn bedrock_status(args: &[&str]) -> serde_json::Value {
    let home = tempfile::tempdir().unwrap();
    let output = cli::routeplay_command(home.path(), &[&["routes", "--json"], args].concat())
        .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEPLACES01")
        .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-for-places")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    let routes: serde_json::Value = serde_json::from_slice(&output.stdout).expect("routes --json");
    let all = routes.as_array().cloned().unwrap_or_default();
    all.into_iter().find(|route| route["route"] == "bedrock-converse").expect("bedrock-converse is listed")
}

#[test]
fn the_chosen_region_is_where_the_credential_is_checked() {
    let unplaced = bedrock_status(&[]);
    assert!(unplaced.to_string().contains("no AWS region"), "{unplaced}");
    let placed = bedrock_status(&["--region", "eu-west-1"]);
    assert_eq!(placed["credential"]["status"], "ready", "{placed}");
    assert!(placed.to_string().contains("eu-west-1"), "{placed}");
}

#[tokio::test]
async fn in_demo_mode_the_sidebar_shows_the_chosen_region_as_the_runs_use_it() {
    use routeplay::auth::ProcessEnv;
    use routeplay::auth::google::GoogleTokens;
    use routeplay::client::aws_check;
    use routeplay::client::setup::Surroundings;
    use routeplay::config::file::Config;
    use routeplay::config::paths::Paths;
    use routeplay::emulator::{self, EmulatorOptions};
    use routeplay::models::Places;
    use routeplay::models::discovery::DiscoveryCache;

    let emulator = emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() })
        .await
        .expect("the emulator starts");
    let url = emulator.base_url();
    let dir = tempfile::tempdir().unwrap();
    let cache = DiscoveryCache::new(&Paths { config_dir: dir.path().join("config"), data_dir: dir.path().into() });
    let (config, tokens) = (Config::default(), GoogleTokens::default());
    let places = Places { region: Some("eu-west-1".into()), ..Places::default() };
    let around = Surroundings {
        config: &config,
        env: &ProcessEnv,
        emulator_url: Some(&url),
        demo: true,
        google_tokens: &tokens,
        places: &places,
    };
    let found = aws_check::check(&around, &reqwest::Client::new(), &cache, true).await;
    emulator.shutdown().await.expect("the emulator stops");
    assert_eq!(found.summary.expect("a demo identity").region, "eu-west-1");
}
