//! The `[batch.bedrock]` and `[batch.vertex]` keys a Bedrock or Vertex job needs, checked
//! before anything is sent, each error naming its key.

use crate::config::file::{BedrockBatchSettings, VertexBatchSettings};

/// Where records go under the bucket unless `prefix` says otherwise.
pub const DEFAULT_PREFIX: &str = "routeplay/";
/// Bedrock's job timeout bounds and default, in hours (`timeoutDurationInHours`).
pub const TIMEOUT_HOURS: std::ops::RangeInclusive<u32> = 24..=168;
pub const DEFAULT_TIMEOUT_HOURS: u32 = 24;

/// A Bedrock job's settings, all present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BedrockPlace {
    pub bucket: String,
    /// Empty, or ending in `/`.
    pub prefix: String,
    pub role_arn: String,
    pub timeout_hours: u32,
}

/// A Vertex job's settings, all present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VertexPlace {
    pub bucket: String,
    /// Empty, or ending in `/`.
    pub prefix: String,
}

fn missing(key: &str, what: &str) -> String {
    format!("no {key} in config.toml: set it to {what}")
}

/// `prefix` with one trailing `/` (none when empty), without a leading one.
fn folder(prefix: Option<&str>) -> String {
    let prefix = prefix.unwrap_or(DEFAULT_PREFIX).trim().trim_matches('/');
    if prefix.is_empty() { String::new() } else { format!("{prefix}/") }
}

fn bucket(value: Option<&str>, key: &str, what: &str) -> Result<String, String> {
    let bucket = value.map(str::trim).filter(|bucket| !bucket.is_empty()).ok_or_else(|| missing(key, what))?;
    let bare = bucket.trim_start_matches("s3://").trim_start_matches("gs://").trim_end_matches('/');
    if bare.is_empty() || bare.contains('/') {
        return Err(format!("{key} = {bucket:?} is not a bucket name: put the folder in the prefix key beside it"));
    }
    Ok(bare.to_owned())
}

/// `[batch.bedrock]`: bucket and role required, timeout within 24..=168 hours.
pub fn bedrock(settings: &BedrockBatchSettings) -> Result<BedrockPlace, String> {
    let bucket = bucket(
        settings.bucket.as_deref(),
        "[batch.bedrock] bucket",
        "the S3 bucket Bedrock batch jobs read and write their records in",
    )?;
    let role_arn = settings
        .role_arn
        .as_deref()
        .map(str::trim)
        .filter(|role| !role.is_empty())
        .ok_or_else(|| {
            missing(
                "[batch.bedrock] role_arn",
                "the IAM service role Bedrock assumes to read and write that bucket (arn:aws:iam::ACCOUNT:role/NAME)",
            )
        })?
        .to_owned();
    if !(role_arn.starts_with("arn:aws") && role_arn.contains(":iam::") && role_arn.contains(":role/")) {
        return Err(format!(
            "[batch.bedrock] role_arn = {role_arn:?} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
        ));
    }
    let timeout_hours = settings.timeout_hours.unwrap_or(DEFAULT_TIMEOUT_HOURS);
    if !TIMEOUT_HOURS.contains(&timeout_hours) {
        return Err(format!(
            "[batch.bedrock] timeout_hours = {timeout_hours} is outside what Bedrock takes: {} to {} hours",
            TIMEOUT_HOURS.start(),
            TIMEOUT_HOURS.end()
        ));
    }
    Ok(BedrockPlace { bucket, prefix: folder(settings.prefix.as_deref()), role_arn, timeout_hours })
}

/// `[batch.vertex]`: bucket required.
pub fn vertex(settings: &VertexBatchSettings) -> Result<VertexPlace, String> {
    let bucket = bucket(
        settings.bucket.as_deref(),
        "[batch.vertex] bucket",
        "the Cloud Storage bucket Vertex batch prediction jobs read and write their records in",
    )?;
    Ok(VertexPlace { bucket, prefix: folder(settings.prefix.as_deref()) })
}

/// `name` as a Bedrock job name (`[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\+\-\.]){0,63}`): other
/// characters become `-`, it starts with a letter or digit, and it is at most 63 long.
#[must_use]
pub fn job_name(name: &str) -> String {
    let mapped: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') { c } else { '-' }).collect();
    let trimmed = mapped.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut name: String = trimmed.chars().take(63).collect();
    if name.is_empty() {
        "routeplay".clone_into(&mut name);
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bedrock_settings() -> BedrockBatchSettings {
        BedrockBatchSettings {
            bucket: Some("my-bucket".into()),
            role_arn: Some("arn:aws:iam::123456789012:role/batch".into()),
            ..BedrockBatchSettings::default()
        }
    }

    #[test]
    fn bedrock_needs_a_bucket_and_a_role_and_names_the_keys() {
        let place = bedrock(&bedrock_settings()).expect("complete");
        assert_eq!((place.prefix.as_str(), place.timeout_hours), ("routeplay/", 24));
        let no_bucket = BedrockBatchSettings { bucket: None, ..bedrock_settings() };
        assert!(bedrock(&no_bucket).unwrap_err().contains("[batch.bedrock] bucket"));
        let no_role = BedrockBatchSettings { role_arn: Some(" ".into()), ..bedrock_settings() };
        assert!(bedrock(&no_role).unwrap_err().contains("[batch.bedrock] role_arn"));
        let bad_role = BedrockBatchSettings { role_arn: Some("batch-role".into()), ..bedrock_settings() };
        assert!(bedrock(&bad_role).unwrap_err().contains("not an IAM role ARN"));
        let long = BedrockBatchSettings { timeout_hours: Some(200), ..bedrock_settings() };
        assert!(bedrock(&long).unwrap_err().contains("24 to 168"));
        let folder = BedrockBatchSettings { bucket: Some("s3://b/x".into()), ..bedrock_settings() };
        assert!(bedrock(&folder).unwrap_err().contains("prefix"));
    }

    #[test]
    fn prefixes_end_in_one_slash() {
        let place = |prefix: &str| {
            vertex(&VertexBatchSettings { bucket: Some("gs://b".into()), prefix: Some(prefix.into()) }).expect("ok")
        };
        assert_eq!(place("/a/b//").prefix, "a/b/");
        assert_eq!(place("").prefix, "");
        assert_eq!(place("x").bucket, "b");
        assert!(vertex(&VertexBatchSettings::default()).unwrap_err().contains("[batch.vertex] bucket"));
    }

    #[test]
    fn job_names_fit_bedrock_s_pattern() {
        assert_eq!(job_name("matrix 3/t1 (bedrock)"), "matrix-3-t1--bedrock-");
        assert_eq!(job_name("--x"), "x");
        assert_eq!(job_name("§"), "routeplay");
        assert_eq!(job_name(&"a".repeat(100)).len(), 63);
    }
}
