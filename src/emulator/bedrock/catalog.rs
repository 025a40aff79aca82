//! The emulator's models as Bedrock lists them, and how a Bedrock model id (base id,
//! inference-profile id or ARN, percent-decoded) maps onto an emulator model name.
//!
//! Any id containing `emulator` is served: `anthropic.emulator-sonnet-v1:0`,
//! `us.anthropic.emulator-thinking-v1:0`,
//! `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.emulator-sonnet-v1:0`.
//! The part from `emulator` on, without its version (`-v1:0`), is the emulator model name, fault
//! suffix included wherever it sits (`…-sonnet-fault-cut-v1:0` or `…-sonnet-v1:0-fault-cut`).
//! Models marked profile-only (`emulator-profile-only`) refuse a base id, as real models
//! without on-demand throughput do. Real Claude ids of the model catalog are served too, like
//! `emulator-sonnet`, with the same profile rule ([`crate::emulator::real_ids`]).

use super::error::AwsError;
use crate::emulator::catalog::{self, Choice, FAULT_MARK};
use crate::emulator::real_ids::BedrockServe;

/// The emulator model that real catalog ids answer like.
const REAL_MODELS_ANSWER_LIKE: &str = "emulator-sonnet";

/// Geography prefixes of system-defined cross-region inference profiles.
const GEOS: &[&str] = &["us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"];

/// Models served only through an inference profile have this in their name.
const PROFILE_ONLY: &str = "emulator-profile-only";

/// One model as the control plane lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BedrockModel {
    /// The emulator model it answers like.
    pub name: &'static str,
    /// The base model id.
    pub id: &'static str,
    /// Whether the base id can be invoked; if not, only through a profile.
    pub on_demand: bool,
    /// The geographies with a system-defined inference profile for it.
    pub geos: &'static [&'static str],
}

/// The listed models.
pub const BEDROCK_MODELS: &[BedrockModel] = &[
    BedrockModel { name: "emulator-sonnet", id: "anthropic.emulator-sonnet-v1:0", on_demand: true, geos: &["us"] },
    BedrockModel { name: "emulator-thinking", id: "anthropic.emulator-thinking-v1:0", on_demand: true, geos: &["us"] },
    BedrockModel { name: "emulator-tools", id: "anthropic.emulator-tools-v1:0", on_demand: true, geos: &["us"] },
    BedrockModel {
        name: PROFILE_ONLY,
        id: "anthropic.emulator-profile-only-v1:0",
        on_demand: false,
        geos: &["us", "eu", "global"],
    },
];

/// Why an id is not served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unserved {
    /// Not an emulator model.
    Unknown,
    /// A profile-only model called by its base id.
    NeedsProfile,
}

/// The model `id` names, resolved, or the error Bedrock answers with. `name` keeps the emulator
/// model name the choice borrows from.
pub fn resolve<'n>(id: &str, name: &'n mut String) -> Result<Choice<'n>, AwsError> {
    *name = emulator_name(id).map_err(|unserved| match unserved {
        Unserved::Unknown => unknown(),
        Unserved::NeedsProfile => AwsError::validation(format!(
            "Invocation of model ID {id} with on-demand throughput isn\u{2019}t supported. Retry your request with \
             the ID or ARN of an inference profile that contains this model."
        )),
    })?;
    catalog::resolve(name).ok_or_else(unknown)
}

fn unknown() -> AwsError {
    AwsError::not_found("Could not resolve the foundation model from the provided model identifier.")
}

/// The emulator model name (with any fault suffix) for the Bedrock model `id`.
pub fn emulator_name(id: &str) -> Result<String, Unserved> {
    if let Some(model) = super::owned::model_of(id) {
        return emulator_name(model);
    }
    let resource = id.rsplit('/').next().unwrap_or(id);
    let (profile, name) = match resource.split_once('.') {
        Some((geo, rest)) if GEOS.contains(&geo) => (true, rest),
        _ => (false, resource),
    };
    let Some(at) = name.find("emulator") else {
        return match crate::emulator::real_ids::bedrock(name, profile) {
            Some(BedrockServe::Served) => Ok(REAL_MODELS_ANSWER_LIKE.to_owned()),
            Some(BedrockServe::NeedsProfile) => Err(Unserved::NeedsProfile),
            None => Err(Unserved::Unknown),
        };
    };
    let name = match name[at..].split_once(FAULT_MARK) {
        Some((model, fault)) => format!("{}{FAULT_MARK}{}", strip_version(model), strip_version(fault)),
        None => strip_version(&name[at..]).to_owned(),
    };
    if !profile && name.starts_with(PROFILE_ONLY) {
        return Err(Unserved::NeedsProfile);
    }
    Ok(name)
}

/// `emulator-sonnet-v1:0` → `emulator-sonnet`; also `-v2`, and ids without a version.
fn strip_version(name: &str) -> &str {
    let without_revision = match name.rsplit_once(':') {
        Some((head, revision)) if is_number(revision) => head,
        _ => name,
    };
    match without_revision.rsplit_once("-v") {
        Some((head, version)) if is_number(version) => head,
        _ => without_revision,
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ids_profiles_and_arns() {
        let name = |id: &str| emulator_name(id).expect("served");
        assert_eq!(name("anthropic.emulator-sonnet-v1:0"), "emulator-sonnet");
        assert_eq!(name("us.anthropic.emulator-thinking-v1:0"), "emulator-thinking");
        assert_eq!(
            name("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.emulator-sonnet-v1:0"),
            "emulator-sonnet"
        );
        assert_eq!(name("anthropic.emulator-tools-fault-cut-v1:0"), "emulator-tools-fault-cut");
        assert_eq!(name("anthropic.emulator-sonnet-v1:0-fault-429"), "emulator-sonnet-fault-429");
        assert_eq!(name("emulator-sonnet"), "emulator-sonnet");
        assert_eq!(name("eu.anthropic.emulator-profile-only-v1:0"), "emulator-profile-only");
    }

    #[test]
    fn refuses_foreign_ids_and_base_ids_of_profile_only_models() {
        assert_eq!(emulator_name("anthropic.claude-3-5-sonnet-20240620-v1:0"), Err(Unserved::Unknown));
        assert_eq!(emulator_name("anthropic.claude-sonnet-4-5-20250929-v1:0"), Err(Unserved::NeedsProfile));
        assert_eq!(emulator_name("eu.anthropic.claude-sonnet-4-5-20250929-v1:0").as_deref(), Ok("emulator-sonnet"));
        assert_eq!(emulator_name("anthropic.emulator-profile-only-v1:0"), Err(Unserved::NeedsProfile));
        assert_eq!(
            emulator_name("arn:aws:bedrock:us-east-1::foundation-model/anthropic.emulator-profile-only-v1:0"),
            Err(Unserved::NeedsProfile)
        );
    }

    #[test]
    fn every_listed_model_maps_to_its_name() {
        for model in BEDROCK_MODELS {
            let profile = format!("{}.{}", model.geos[0], model.id);
            assert_eq!(emulator_name(&profile).as_deref(), Ok(model.name));
            assert_eq!(emulator_name(model.id).is_ok(), model.on_demand);
        }
    }
}
