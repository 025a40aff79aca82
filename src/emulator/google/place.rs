//! Where a Vertex request goes: the location (checked against Vertex's), and the
//! `{model}:{method}` path segment, split at its last `:` (a model id never holds one).

use super::error::GoogleError;

/// Vertex AI's regions, and the `global`, `us` and `eu` endpoints.
pub const LOCATIONS: &[&str] = &[
    "global",
    "us",
    "eu",
    "us-central1",
    "us-east1",
    "us-east4",
    "us-east5",
    "us-south1",
    "us-west1",
    "us-west2",
    "us-west3",
    "us-west4",
    "northamerica-northeast1",
    "northamerica-northeast2",
    "southamerica-east1",
    "southamerica-west1",
    "europe-central2",
    "europe-north1",
    "europe-southwest1",
    "europe-west1",
    "europe-west2",
    "europe-west3",
    "europe-west4",
    "europe-west6",
    "europe-west8",
    "europe-west9",
    "europe-west10",
    "europe-west12",
    "asia-east1",
    "asia-east2",
    "asia-northeast1",
    "asia-northeast2",
    "asia-northeast3",
    "asia-south1",
    "asia-south2",
    "asia-southeast1",
    "asia-southeast2",
    "australia-southeast1",
    "australia-southeast2",
    "me-central1",
    "me-central2",
    "me-west1",
    "africa-south1",
];

/// Refuse a location Vertex does not have.
pub fn check_location(location: &str) -> Result<(), GoogleError> {
    if LOCATIONS.contains(&location) {
        return Ok(());
    }
    Err(GoogleError::invalid(format!(
        "Location `{location}` is not a supported Vertex AI location. Use a region such as `us-central1`, or \
         `global`, `us` or `eu`."
    )))
}

/// `gemini-2.5-flash:streamGenerateContent` → (`gemini-2.5-flash`, `streamGenerateContent`).
pub fn split_method(segment: &str) -> Option<(&str, &str)> {
    segment.rsplit_once(':').filter(|(model, method)| !model.is_empty() && !method.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_methods() {
        assert!(check_location("us-east5").is_ok() && check_location("global").is_ok() && check_location("eu").is_ok());
        assert!(check_location("mars-north1").is_err_and(|e| e.message().contains("`mars-north1`")));
        assert_eq!(
            split_method("claude-sonnet-4-5@20250929:rawPredict"),
            Some(("claude-sonnet-4-5@20250929", "rawPredict"))
        );
        assert_eq!(split_method("gemini-2.5-flash"), None);
        assert_eq!(split_method(":x"), None);
    }
}
