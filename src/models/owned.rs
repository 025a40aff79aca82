//! The account's own Bedrock model ids: application inference profiles (how AWS allocates
//! cost: "Creates an application inference profile to track metrics and costs when invoking a
//! model", BCC `CreateInferenceProfile`) and provisioned throughputs. Each is an ARN standing
//! for an underlying model. Discovery finds them and remembers the underlying model here, so
//! cost and the model rules look through the ARN to the model it runs.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{OnceLock, PoisonError, RwLock};

/// Which kind of owned id an ARN is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnedKind {
    ApplicationProfile,
    ProvisionedThroughput,
}

impl OwnedKind {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            OwnedKind::ApplicationProfile => "application profile",
            OwnedKind::ProvisionedThroughput => "provisioned throughput",
        }
    }
}

/// One owned model id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedModel {
    /// The id sent as the model: `arn:aws:bedrock:…:application-inference-profile/…` or
    /// `arn:aws:bedrock:…:provisioned-model/…`.
    pub arn: String,
    /// The name the account gave it.
    pub name: String,
    pub kind: OwnedKind,
    /// The model (or system profile) id it runs.
    pub underlying: String,
}

fn known() -> &'static RwLock<HashMap<String, String>> {
    static KNOWN: OnceLock<RwLock<HashMap<String, String>>> = OnceLock::new();
    KNOWN.get_or_init(RwLock::default)
}

/// Remember what each of `owned` runs, for [`underlying`].
pub fn remember(owned: &[OwnedModel]) {
    let mut known = known().write().unwrap_or_else(PoisonError::into_inner);
    for model in owned {
        known.insert(model.arn.clone(), model.underlying.clone());
    }
}

/// The model an owned ARN runs, when discovery has seen it.
#[must_use]
pub fn underlying(model: &str) -> Option<String> {
    if !model.starts_with("arn:") {
        return None;
    }
    known().read().unwrap_or_else(PoisonError::into_inner).get(model).cloned()
}

/// The model id an ARN names: `…:foundation-model/ID` or `…:inference-profile/ID`.
#[must_use]
pub fn model_id_of_arn(arn: &str) -> Option<&str> {
    ["foundation-model/", "inference-profile/"]
        .iter()
        .find_map(|kind| arn.split_once(kind).map(|(_, id)| id))
        .filter(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owned_arn_is_looked_through_to_its_model() {
        let arn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/test-owned-1";
        remember(&[OwnedModel {
            arn: arn.into(),
            name: "team-a".into(),
            kind: OwnedKind::ApplicationProfile,
            underlying: "anthropic.claude-x-v1:0".into(),
        }]);
        assert_eq!(underlying(arn).as_deref(), Some("anthropic.claude-x-v1:0"));
        assert_eq!(underlying("anthropic.claude-x-v1:0"), None, "a model id is no alias");
    }

    #[test]
    fn an_owned_arn_is_priced_as_its_model() {
        use crate::models::{Catalog, cost};
        use crate::routes::event::Usage;
        use crate::routes::{RouteId, Target};
        let model = "anthropic.claude-opus-4-5-20251101-v1:0";
        let arn = "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/test-owned-2";
        let usage = Usage { input_tokens: Some(1000), output_tokens: Some(100), ..Usage::default() };
        let price = |id: &str| cost::estimate(Catalog::shared(), &Target::new(RouteId::BedrockConverse, id), &usage);
        assert_eq!(price(arn), None, "unknown until discovery has seen it");
        let kind = OwnedKind::ProvisionedThroughput;
        remember(&[OwnedModel { arn: arn.into(), name: "reserved".into(), kind, underlying: format!("us.{model}") }]);
        assert!(price(model).is_some(), "the model has a list price");
        assert_eq!(price(arn), price(&format!("us.{model}")));
    }

    #[test]
    fn arns_name_their_model() {
        assert_eq!(
            model_id_of_arn("arn:aws:bedrock:us-east-1::foundation-model/anthropic.c-v1:0"),
            Some("anthropic.c-v1:0")
        );
        assert_eq!(
            model_id_of_arn("arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.c-v1:0"),
            Some("us.anthropic.c-v1:0")
        );
        assert_eq!(model_id_of_arn("arn:aws:bedrock:us-east-1:1:custom-model/x"), None);
    }
}
