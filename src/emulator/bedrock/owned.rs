//! The demo account's own model ids: an application inference profile and a provisioned
//! throughput, each running an emulator model, so the offline demo shows both kinds in the route
//! pane, runs them by ARN and prices them as their model. Listed by `ListInferenceProfiles`
//! (`type=APPLICATION`) and `ListProvisionedModelThroughputs` in Bedrock's shapes.

use super::auth::Caller;
use super::credentials::AWS_DEMO_ACCOUNT;
use super::error::AwsError;
use axum::Json;
use axum::extract::{Extension, Query};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One owned id of the demo account.
struct Owned {
    /// The resource id at the end of the ARN.
    id: &'static str,
    name: &'static str,
    /// The foundation model it runs.
    model: &'static str,
    provisioned: bool,
}

const OWNED: &[Owned] = &[
    Owned { id: "emudemoapp01", name: "team-a-sonnet", model: "anthropic.emulator-sonnet-v1:0", provisioned: false },
    Owned {
        id: "emudemoprov1",
        name: "reserved-thinking",
        model: "anthropic.emulator-thinking-v1:0",
        provisioned: true,
    },
];

/// When the owned ids claim to be from; fixed so listings never change.
const CREATED_AT: &str = "2025-06-01T00:00:00Z";

fn arn(owned: &Owned, region: &str) -> String {
    let kind = if owned.provisioned { "provisioned-model" } else { "application-inference-profile" };
    format!("arn:aws:bedrock:{region}:{AWS_DEMO_ACCOUNT}:{kind}/{}", owned.id)
}

fn model_arn(region: &str, id: &str) -> String {
    format!("arn:aws:bedrock:{region}::foundation-model/{id}")
}

/// The foundation model an owned ARN (`…:application-inference-profile/ID` or
/// `…:provisioned-model/ID`) runs, when it is one of the demo account's.
pub fn model_of(id: &str) -> Option<&'static str> {
    let (kind, resource) = id.rsplit_once('/')?;
    let provisioned = kind.ends_with(":provisioned-model");
    if !provisioned && !kind.ends_with(":application-inference-profile") {
        return None;
    }
    OWNED.iter().find(|owned| owned.id == resource && owned.provisioned == provisioned).map(|owned| owned.model)
}

/// The application profiles, as `ListInferenceProfiles` summaries.
pub fn application_profiles(region: &str) -> Vec<Value> {
    OWNED
        .iter()
        .filter(|owned| !owned.provisioned)
        .map(|owned| {
            json!({
                "inferenceProfileName": owned.name,
                "description": format!("Tracks {}'s cost for the demo account.", owned.name),
                "createdAt": CREATED_AT,
                "updatedAt": CREATED_AT,
                "inferenceProfileArn": arn(owned, region),
                "models": [{ "modelArn": model_arn(region, owned.model) }],
                "inferenceProfileId": owned.id,
                "status": "ACTIVE",
                "type": "APPLICATION",
            })
        })
        .collect()
}

/// `ListProvisionedModelThroughputs` (one page: the demo account has one).
pub async fn provisioned_throughputs(
    Extension(caller): Extension<Caller>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let bad_size = query
        .iter()
        .find(|(key, value)| key == "maxResults" && value.parse::<u16>().ok().is_none_or(|n| !(1..=1000).contains(&n)));
    if let Some((_, value)) = bad_size {
        return AwsError::validation(format!(
            "1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy constraint: Member must \
             have value between 1 and 1000"
        ))
        .into_response();
    }
    let region = caller.region.as_deref().unwrap_or("us-east-1");
    let summaries: Vec<Value> = OWNED
        .iter()
        .filter(|owned| owned.provisioned)
        .map(|owned| {
            json!({
                "provisionedModelName": owned.name,
                "provisionedModelArn": arn(owned, region),
                "modelArn": model_arn(region, owned.model),
                "desiredModelArn": model_arn(region, owned.model),
                "foundationModelArn": model_arn(region, owned.model),
                "desiredFoundationModelArn": model_arn(region, owned.model),
                "modelUnits": 1,
                "desiredModelUnits": 1,
                "status": "InService",
                "creationTime": CREATED_AT,
                "lastModifiedTime": CREATED_AT,
            })
        })
        .collect();
    Json(json!({ "provisionedModelSummaries": summaries })).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_arns_run_their_model_and_others_do_not() {
        let app = format!("arn:aws:bedrock:us-east-1:{AWS_DEMO_ACCOUNT}:application-inference-profile/emudemoapp01");
        assert_eq!(model_of(&app), Some("anthropic.emulator-sonnet-v1:0"));
        let provisioned = format!("arn:aws:bedrock:eu-west-1:{AWS_DEMO_ACCOUNT}:provisioned-model/emudemoprov1");
        assert_eq!(model_of(&provisioned), Some("anthropic.emulator-thinking-v1:0"));
        let crossed = format!("arn:aws:bedrock:us-east-1:{AWS_DEMO_ACCOUNT}:provisioned-model/emudemoapp01");
        assert_eq!(model_of(&crossed), None, "an application profile's id under the provisioned kind");
        assert_eq!(model_of("anthropic.emulator-sonnet-v1:0"), None);
    }

    #[test]
    fn application_profiles_name_their_model_in_the_region() {
        let profiles = application_profiles("eu-west-1");
        assert_eq!(profiles.len(), 1);
        assert_eq!(
            profiles[0]["models"][0]["modelArn"],
            "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.emulator-sonnet-v1:0"
        );
        assert_eq!(profiles[0]["type"], "APPLICATION");
    }
}
