//! From the two listings to what can be invoked in one region.
//!
//! A model is kept when it outputs text from text input, streams (both Bedrock runtime routes
//! stream) and is `ACTIVE` or `LEGACY` (labelled `· legacy`). It is then offered by its base id
//! when it supports `ON_DEMAND`; when it is only offered through `INFERENCE_PROFILE`, by the
//! system-defined profile of the region's geography (`us.`, `eu.`, …) and the `global.` one,
//! each only if the profile list has it, labelled with why. Models with neither (provisioned
//! throughput only, or no profile here) cannot be invoked with a model id and are left out.
//!
//! The account's application inference profiles and provisioned throughputs are offered by
//! their ARN, labelled with their name and the model they run ([`owned_models`]).

use super::Discovered;
use super::wire::{ModelSummary, ProfileSummary, ProvisionedSummary};
use crate::models::ModelEntry;
use crate::models::owned::{OwnedKind, OwnedModel, model_id_of_arn};
use crate::routes::bedrock::geo_prefix;
use std::collections::HashSet;
use std::time::SystemTime;

/// The geography every region can use, where a model has such a profile.
const GLOBAL: &str = "global";

pub(super) fn merge(
    models: &[ModelSummary],
    profiles: &[ProfileSummary],
    owned: Vec<OwnedModel>,
    region: &str,
    fetched_at: SystemTime,
) -> Discovered {
    let listed: HashSet<&str> = profiles
        .iter()
        .filter(|profile| profile.status.as_deref().is_none_or(|status| status == "ACTIVE"))
        .map(|profile| profile.inference_profile_id.as_str())
        .collect();
    let mut seen = HashSet::new();
    let mut discovered = Discovered {
        region: region.to_owned(),
        runtime: Vec::new(),
        anthropic_only: Vec::new(),
        owned: Vec::new(),
        fetched_at,
    };
    for model in models {
        let Some(legacy) = lifecycle(model) else { continue };
        if !usable(model) {
            continue;
        }
        for entry in entries(model, legacy, &listed, region) {
            if !seen.insert(entry.id.clone()) {
                continue;
            }
            if model.provider_name.eq_ignore_ascii_case("anthropic") {
                discovered.anthropic_only.push(entry.clone());
            }
            discovered.runtime.push(entry);
        }
    }
    for model in owned {
        let entry = ModelEntry {
            id: model.arn.clone(),
            label: format!("{} · {} → {}", model.name, model.kind.label(), model.underlying),
        };
        if model.underlying.contains("anthropic.") {
            discovered.anthropic_only.push(entry.clone());
        }
        discovered.runtime.push(entry);
        discovered.owned.push(model);
    }
    discovered
}

/// The account's usable owned ids: `ACTIVE` application profiles and `InService` provisioned
/// throughputs, each with the model it runs (a provisioned custom model names its base model).
pub(super) fn owned_models(applications: &[ProfileSummary], provisioned: &[ProvisionedSummary]) -> Vec<OwnedModel> {
    let profiles = applications.iter().filter(|profile| profile.status.as_deref().is_none_or(|s| s == "ACTIVE"));
    let profiles = profiles.filter_map(|profile| {
        let underlying = profile.models.iter().find_map(|model| model_id_of_arn(&model.model_arn))?;
        Some(OwnedModel {
            arn: profile.inference_profile_arn.clone()?,
            name: profile.inference_profile_name.clone().unwrap_or_else(|| profile.inference_profile_id.clone()),
            kind: OwnedKind::ApplicationProfile,
            underlying: underlying.to_owned(),
        })
    });
    let throughputs = provisioned.iter().filter(|p| p.status.as_deref().is_none_or(|s| s == "InService"));
    let throughputs = throughputs.filter_map(|throughput| {
        let arn = throughput.foundation_model_arn.as_deref().or(throughput.model_arn.as_deref())?;
        Some(OwnedModel {
            arn: throughput.provisioned_model_arn.clone(),
            name: throughput.provisioned_model_name.clone(),
            kind: OwnedKind::ProvisionedThroughput,
            underlying: model_id_of_arn(arn)?.to_owned(),
        })
    });
    profiles.chain(throughputs).collect()
}

/// `Some(is_legacy)` for a model still offered; a missing lifecycle counts as active.
fn lifecycle(model: &ModelSummary) -> Option<bool> {
    match model.model_lifecycle.as_ref().map(|lifecycle| lifecycle.status.as_str()) {
        None | Some("ACTIVE") => Some(false),
        Some("LEGACY") => Some(true),
        Some(_) => None,
    }
}

/// Text in, text out, streamed.
fn usable(model: &ModelSummary) -> bool {
    let has = |list: &[String], wanted: &str| list.iter().any(|item| item == wanted);
    has(&model.input_modalities, "TEXT")
        && has(&model.output_modalities, "TEXT")
        && model.response_streaming_supported == Some(true)
}

/// The ids `model` can be invoked by in `region`, labelled.
fn entries(model: &ModelSummary, legacy: bool, listed: &HashSet<&str>, region: &str) -> Vec<ModelEntry> {
    let supports = |kind: &str| model.inference_types_supported.iter().any(|item| item == kind);
    let name = if model.model_name.trim().is_empty() { model.model_id.as_str() } else { model.model_name.trim() };
    let suffix = if legacy { " · legacy" } else { "" };
    if supports("ON_DEMAND") {
        return vec![ModelEntry { id: model.model_id.clone(), label: format!("{name}{suffix}") }];
    }
    if !supports("INFERENCE_PROFILE") {
        return Vec::new();
    }
    geo_prefix(region)
        .into_iter()
        .chain([GLOBAL])
        .map(|geo| (geo, format!("{geo}.{}", model.model_id)))
        .filter(|(_, id)| listed.contains(id.as_str()))
        .map(|(geo, id)| ModelEntry {
            id,
            label: format!("{name} · {geo}. profile (on-demand not offered in {region}){suffix}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::discovery::wire::{FoundationModels, ProfilePage};
    use serde_json::{Value, json};

    const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
    const SONNET: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    fn model(id: &str, name: &str, provider: &str, types: &[&str]) -> Value {
        json!({
            "modelId": id, "modelName": name, "providerName": provider,
            "inputModalities": ["TEXT", "IMAGE"], "outputModalities": ["TEXT"],
            "responseStreamingSupported": true, "inferenceTypesSupported": types,
            "modelLifecycle": { "status": "ACTIVE" },
        })
    }

    fn run(models: &[Value], profiles: &[&str], region: &str) -> Discovered {
        let models: FoundationModels = serde_json::from_value(json!({ "modelSummaries": models })).expect("models");
        let summaries: Vec<Value> = profiles
            .iter()
            .map(|id| json!({ "inferenceProfileId": id, "status": "ACTIVE", "type": "SYSTEM_DEFINED" }))
            .collect();
        let page: ProfilePage =
            serde_json::from_value(json!({ "inferenceProfileSummaries": summaries })).expect("profiles");
        merge(&models.model_summaries, &page.inference_profile_summaries, Vec::new(), region, SystemTime::UNIX_EPOCH)
    }

    fn ids(entries: &[ModelEntry]) -> Vec<&str> {
        entries.iter().map(|entry| entry.id.as_str()).collect()
    }

    #[test]
    fn on_demand_models_are_offered_by_their_base_id() {
        let found = run(&[model(HAIKU, "Claude 3 Haiku", "Anthropic", &["ON_DEMAND"])], &[], "us-east-1");
        assert_eq!(found.runtime, [ModelEntry { id: HAIKU.into(), label: "Claude 3 Haiku".into() }]);
        assert_eq!(found.anthropic_only, found.runtime);
        assert_eq!(found.region, "us-east-1");
    }

    #[test]
    fn profile_only_models_use_the_regions_geography_and_global() {
        let models = vec![model(SONNET, "Claude Sonnet 4.5", "Anthropic", &["INFERENCE_PROFILE"])];
        let profiles = [format!("us.{SONNET}"), format!("eu.{SONNET}"), format!("global.{SONNET}")];
        let profiles: Vec<&str> = profiles.iter().map(String::as_str).collect();
        let us = run(&models, &profiles, "us-east-1");
        assert_eq!(ids(&us.runtime), [format!("us.{SONNET}"), format!("global.{SONNET}")]);
        assert_eq!(us.runtime[0].label, "Claude Sonnet 4.5 · us. profile (on-demand not offered in us-east-1)");
        assert_eq!(us.runtime[1].label, "Claude Sonnet 4.5 · global. profile (on-demand not offered in us-east-1)");
        let eu = run(&models, &profiles, "eu-west-1");
        assert_eq!(ids(&eu.runtime), [format!("eu.{SONNET}"), format!("global.{SONNET}")]);
        // No listed profile for this geography: only the global one.
        let jp = run(&models, &profiles, "ap-northeast-1");
        assert_eq!(ids(&jp.runtime), [format!("global.{SONNET}")]);
    }

    #[test]
    fn a_region_without_a_geography_gets_global_profiles_or_nothing() {
        let models = vec![model(SONNET, "Claude Sonnet 4.5", "Anthropic", &["INFERENCE_PROFILE"])];
        let global = format!("global.{SONNET}");
        assert_eq!(ids(&run(&models, &[&global], "me-central-1").runtime), [global.as_str()]);
        assert!(run(&models, &[&format!("us.{SONNET}")], "me-central-1").runtime.is_empty());
    }

    #[test]
    fn legacy_models_are_kept_and_marked_others_dropped() {
        let mut legacy = model(HAIKU, "Claude 3 Haiku", "Anthropic", &["ON_DEMAND"]);
        legacy["modelLifecycle"]["status"] = json!("LEGACY");
        let mut gone = model("anthropic.claude-v2", "Claude", "Anthropic", &["ON_DEMAND"]);
        gone["modelLifecycle"]["status"] = json!("EOL");
        let found = run(&[legacy, gone], &[], "us-west-2");
        assert_eq!(found.runtime, [ModelEntry { id: HAIKU.into(), label: "Claude 3 Haiku · legacy".into() }]);
    }

    #[test]
    fn non_text_non_streaming_and_provisioned_only_models_are_filtered() {
        let mut embed = model("amazon.titan-embed-text-v2:0", "Titan Embeddings", "Amazon", &["ON_DEMAND"]);
        embed["outputModalities"] = json!(["EMBEDDING"]);
        let mut image = model("stability.sd3", "SD3", "Stability AI", &["ON_DEMAND"]);
        image["outputModalities"] = json!(["IMAGE"]);
        let mut speech = model("amazon.nova-sonic-v1:0", "Nova Sonic", "Amazon", &["ON_DEMAND"]);
        speech["inputModalities"] = json!(["SPEECH"]);
        let mut still = model("cohere.command-text-v14", "Command", "Cohere", &["ON_DEMAND"]);
        still["responseStreamingSupported"] = json!(false);
        let provisioned = model("meta.llama3-70b-instruct-v1:0:8k", "Llama 3", "Meta", &["PROVISIONED"]);
        let nova = model("amazon.nova-pro-v1:0", "Nova Pro", "Amazon", &["ON_DEMAND"]);
        let found = run(&[embed, image, speech, still, provisioned, nova], &[], "us-east-1");
        assert_eq!(ids(&found.runtime), ["amazon.nova-pro-v1:0"]);
        assert!(found.anthropic_only.is_empty(), "Nova is not Anthropic");
    }

    #[test]
    fn only_anthropic_models_go_to_the_invoke_list_and_ids_are_not_repeated() {
        let models = vec![
            model("amazon.nova-pro-v1:0", "Nova Pro", "Amazon", &["ON_DEMAND"]),
            model(HAIKU, "Claude 3 Haiku", "Anthropic", &["ON_DEMAND", "INFERENCE_PROFILE"]),
            model(HAIKU, "Claude 3 Haiku", "Anthropic", &["ON_DEMAND"]),
        ];
        let found = run(&models, &[&format!("us.{HAIKU}")], "us-east-1");
        assert_eq!(ids(&found.runtime), ["amazon.nova-pro-v1:0", HAIKU]);
        assert_eq!(ids(&found.anthropic_only), [HAIKU]);
    }
}
