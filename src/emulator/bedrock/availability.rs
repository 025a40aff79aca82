//! `GetFoundationModelAvailability`: `GET /foundation-model-availability/{modelId}` on the
//! control plane, answered in the shape of the Bedrock API reference
//! (`{modelId, agreementAvailability{status, errorMessage?}, authorizationStatus,
//! entitlementAvailability, regionAvailability}`). Every listed model and every real catalog
//! foundation id is available to the demo account; other ids are a 404
//! `ResourceNotFoundException`. AWS does not document what each agreement status means; the
//! emulator answers `AVAILABLE` for a model that can be called.

use super::catalog::BEDROCK_MODELS;
use super::error::AwsError;
use crate::emulator::real_ids;
use axum::Json;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// `GET /foundation-model-availability/{modelId}` (the id arrives percent-decoded).
pub async fn availability(Path(model_id): Path<String>) -> Response {
    match answer(&model_id) {
        Some(body) => Json(body).into_response(),
        None => AwsError::not_found(format!("The model {model_id} was not found.")).into_response(),
    }
}

fn answer(model_id: &str) -> Option<Value> {
    let known = BEDROCK_MODELS.iter().any(|model| model.id == model_id) || real_ids::bedrock(model_id, true).is_some();
    known.then(|| {
        json!({
            "modelId": model_id,
            "agreementAvailability": { "status": "AVAILABLE" },
            "authorizationStatus": "AUTHORIZED",
            "entitlementAvailability": "AVAILABLE",
            "regionAvailability": "AVAILABLE",
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_and_catalog_models_are_available_others_unknown() {
        let listed = answer("anthropic.emulator-profile-only-v1:0").expect("listed");
        assert_eq!(listed["authorizationStatus"], "AUTHORIZED");
        assert_eq!(listed["agreementAvailability"]["status"], "AVAILABLE");
        assert!(answer("anthropic.claude-sonnet-4-5-20250929-v1:0").is_some());
        assert!(answer("anthropic.nothing-v1:0").is_none());
    }
}
