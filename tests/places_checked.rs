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
