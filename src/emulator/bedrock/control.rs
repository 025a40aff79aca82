//! The control plane's listings: `GET /foundation-models` (filters `byProvider`,
//! `byCustomizationType`, `byOutputModality`, `byInferenceType`; no pagination) and
//! `GET /inference-profiles` (`maxResults`, `nextToken`, `type`), in Bedrock's shapes. ARNs
//! name the region the request was signed for.

use super::auth::Caller;
use super::catalog::{BEDROCK_MODELS, BedrockModel};
use super::credentials::AWS_DEMO_ACCOUNT;
use super::error::AwsError;
use crate::emulator::catalog::display_name;
use axum::Json;
use axum::extract::{Extension, Query};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// The region of ARNs when the caller's is unknown.
const DEFAULT_REGION: &str = "us-east-1";
/// When the emulator's models and profiles claim to be from; fixed so listings never change.
const CREATED_AT: &str = "2025-01-01T00:00:00Z";
/// What a `nextToken` says before the offset it stands for.
const TOKEN_PREFIX: &str = "routeplay-offset:";

/// `ListFoundationModels`.
pub async fn foundation_models(Extension(caller): Extension<Caller>, uri: Uri) -> Response {
    query(&uri)
        .and_then(|query| list_models(&query, region(&caller)))
        .map_or_else(IntoResponse::into_response, |list| Json(list).into_response())
}

/// `ListInferenceProfiles`.
pub async fn inference_profiles(Extension(caller): Extension<Caller>, uri: Uri) -> Response {
    query(&uri)
        .and_then(|query| list_profiles(&query, region(&caller)))
        .map_or_else(IntoResponse::into_response, |list| Json(list).into_response())
}

type Pairs = Vec<(String, String)>;

fn query(uri: &Uri) -> Result<Pairs, AwsError> {
    Query::<Pairs>::try_from_uri(uri)
        .map(|Query(pairs)| pairs)
        .map_err(|rejection| AwsError::validation(rejection.body_text()))
}

fn region(caller: &Caller) -> &str {
    caller.region.as_deref().unwrap_or(DEFAULT_REGION)
}

/// The value of the query parameter `name`, checked against `allowed` when given.
fn param<'q>(query: &'q Pairs, name: &str, allowed: &[&str]) -> Result<Option<&'q str>, AwsError> {
    let Some((_, value)) = query.iter().find(|(key, _)| key == name) else {
        return Ok(None);
    };
    if allowed.is_empty() || allowed.contains(&value.as_str()) {
        Ok(Some(value))
    } else {
        Err(invalid(value, name, &format!("Member must satisfy enum value set: [{}]", allowed.join(", "))))
    }
}

fn invalid(value: &str, name: &str, constraint: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value '{value}' at '{name}' failed to satisfy constraint: {constraint}"
    ))
}

fn model_arn(region: &str, id: &str) -> String {
    format!("arn:aws:bedrock:{region}::foundation-model/{id}")
}

fn list_models(query: &Pairs, region: &str) -> Result<Value, AwsError> {
    let provider = param(query, "byProvider", &[])?;
    let customization =
        param(query, "byCustomizationType", &["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"])?;
    let modality = param(query, "byOutputModality", &["TEXT", "IMAGE", "EMBEDDING"])?;
    let inference = param(query, "byInferenceType", &["ON_DEMAND", "PROVISIONED"])?;
    let summaries: Vec<Value> = BEDROCK_MODELS
        .iter()
        .filter(|_| provider.is_none_or(|provider| provider.eq_ignore_ascii_case("anthropic")))
        .filter(|_| customization.is_none() && modality.is_none_or(|modality| modality == "TEXT"))
        .filter(|model| inference.is_none_or(|inference| inference == "ON_DEMAND" && model.on_demand))
        .map(|model| model_summary(model, region))
        .collect();
    Ok(json!({ "modelSummaries": summaries }))
}

fn model_summary(model: &BedrockModel, region: &str) -> Value {
    json!({
        "modelArn": model_arn(region, model.id),
        "modelId": model.id,
        "modelName": display_name(model.name),
        "providerName": "Anthropic",
        "inputModalities": ["TEXT", "IMAGE"],
        "outputModalities": ["TEXT"],
        "responseStreamingSupported": true,
        "customizationsSupported": [],
        "inferenceTypesSupported": [if model.on_demand { "ON_DEMAND" } else { "INFERENCE_PROFILE" }],
        "modelLifecycle": { "status": "ACTIVE" },
    })
}

fn list_profiles(query: &Pairs, region: &str) -> Result<Value, AwsError> {
    let max_results = match param(query, "maxResults", &[])? {
        None => 1000,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| invalid(text, "maxResults", "Member must have value between 1 and 1000"))?,
    };
    let offset = match param(query, "nextToken", &[])? {
        None => 0,
        Some(token) => {
            offset_of(token).ok_or_else(|| AwsError::validation("The provided pagination token is invalid."))?
        }
    };
    let kind = param(query, "type", &["SYSTEM_DEFINED", "APPLICATION"])?;
    let profiles: Vec<Value> = BEDROCK_MODELS
        .iter()
        .flat_map(|model| model.geos.iter().map(move |geo| (model, *geo)))
        .filter(|_| kind.is_none_or(|kind| kind == "SYSTEM_DEFINED"))
        .map(|(model, geo)| profile_summary(model, geo, region))
        .chain(
            super::owned::application_profiles(region).into_iter().filter(|_| kind.is_none_or(|k| k == "APPLICATION")),
        )
        .collect();
    let end = offset.saturating_add(max_results).min(profiles.len());
    let page = profiles.get(offset..end).unwrap_or_default().to_vec();
    let mut list = json!({ "inferenceProfileSummaries": page });
    if end < profiles.len() {
        list["nextToken"] = Value::String(STANDARD.encode(format!("{TOKEN_PREFIX}{end}")));
    }
    Ok(list)
}

fn offset_of(token: &str) -> Option<usize> {
    let text = String::from_utf8(STANDARD.decode(token).ok()?).ok()?;
    text.strip_prefix(TOKEN_PREFIX)?.parse().ok()
}

/// The regions a geography's profile routes to.
fn regions(geo: &str) -> &'static [&'static str] {
    match geo {
        "eu" => &["eu-central-1", "eu-west-1", "eu-west-3"],
        "global" => &["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "ap-northeast-1"],
        _ => &["us-east-1", "us-east-2", "us-west-2"],
    }
}

fn profile_summary(model: &BedrockModel, geo: &str, region: &str) -> Value {
    let id = format!("{geo}.{}", model.id);
    let name = format!("{} Anthropic {}", geo.to_uppercase(), display_name(model.name));
    let regions = regions(geo);
    // A global profile also names the model without a region.
    let global = (geo == "global").then(|| model_arn("", model.id));
    let models: Vec<Value> = global
        .into_iter()
        .chain(regions.iter().map(|region| model_arn(region, model.id)))
        .map(|arn| json!({ "modelArn": arn }))
        .collect();
    let (last, others) = regions.split_last().map_or((&"", &[][..]), |(last, others)| (last, others));
    json!({
        "inferenceProfileName": name,
        "description": format!("Routes requests to Anthropic {} in {} and {last}.", display_name(model.name), others.join(", ")),
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
        "inferenceProfileArn": format!("arn:aws:bedrock:{region}:{AWS_DEMO_ACCOUNT}:inference-profile/{id}"),
        "models": models,
        "inferenceProfileId": id,
        "status": "ACTIVE",
        "type": "SYSTEM_DEFINED",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &[(&str, &str)]) -> Pairs {
        query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn model_filters() {
        let count = |query: &[(&str, &str)]| {
            list_models(&pairs(query), "us-west-2").expect("valid")["modelSummaries"].as_array().map_or(0, Vec::len)
        };
        assert_eq!(count(&[]), BEDROCK_MODELS.len());
        assert_eq!(count(&[("byProvider", "anthropic")]), BEDROCK_MODELS.len());
        assert_eq!(count(&[("byProvider", "meta")]), 0);
        assert_eq!(count(&[("byInferenceType", "ON_DEMAND")]), BEDROCK_MODELS.len() - 1);
        assert_eq!(count(&[("byOutputModality", "IMAGE")]), 0);
        assert!(list_models(&pairs(&[("byOutputModality", "SOUND")]), "us-east-1").is_err());
        let first = &list_models(&[].into(), "us-west-2").expect("valid")["modelSummaries"][0];
        assert_eq!(first["modelArn"], "arn:aws:bedrock:us-west-2::foundation-model/anthropic.emulator-sonnet-v1:0");
    }

    #[test]
    fn profiles_page_through() {
        let applications = super::super::owned::application_profiles("us-east-1").len();
        let total: usize = BEDROCK_MODELS.iter().map(|model| model.geos.len()).sum::<usize>() + applications;
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![("maxResults", "4")];
            if let Some(token) = &token {
                query.push(("nextToken", token));
            }
            let page = list_profiles(&pairs(&query), "us-east-1").expect("valid");
            seen.extend(page["inferenceProfileSummaries"].as_array().expect("list").iter().cloned());
            match page["nextToken"].as_str() {
                Some(next) => token = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen.len(), total);
        assert!(list_profiles(&pairs(&[("nextToken", "bogus")]), "us-east-1").is_err());
        assert!(list_profiles(&pairs(&[("maxResults", "0")]), "us-east-1").is_err());
        let global = seen.iter().find(|p| p["inferenceProfileId"] == "global.anthropic.emulator-profile-only-v1:0");
        let global = global.expect("global profile");
        assert_eq!(
            global["models"][0]["modelArn"],
            "arn:aws:bedrock:::foundation-model/anthropic.emulator-profile-only-v1:0"
        );
        assert_eq!(
            global["description"],
            "Routes requests to Anthropic Emulator Profile Only in us-east-1, us-east-2, us-west-2, eu-central-1, \
             eu-west-1 and ap-northeast-1."
        );
    }
}
