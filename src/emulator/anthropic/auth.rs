//! What every Anthropic request must carry: the API key (`x-api-key` or
//! `Authorization: Bearer`) and an `anthropic-version` header.

use super::error::ApiError;
use axum::http::HeaderMap;

/// Check the key, then the version header.
pub fn check(headers: &HeaderMap, api_key: &str) -> Result<(), ApiError> {
    check_key(headers, api_key).and_then(|()| check_version(headers))
}

/// Check the key alone.
pub fn check_key(headers: &HeaderMap, api_key: &str) -> Result<(), ApiError> {
    let x_api_key = text(headers, "x-api-key");
    let bearer = text(headers, "authorization").and_then(|value| value.strip_prefix("Bearer "));
    if x_api_key != Some(api_key) && bearer != Some(api_key) {
        return Err(ApiError::authentication());
    }
    Ok(())
}

/// Check the `anthropic-version` header alone.
pub fn check_version(headers: &HeaderMap) -> Result<(), ApiError> {
    if text(headers, "anthropic-version").is_none_or(|version| version.trim().is_empty()) {
        return Err(ApiError::invalid("anthropic-version: header is required"));
    }
    Ok(())
}

fn text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(name, value)| (HeaderName::from_static(name), HeaderValue::from_static(value))).collect()
    }

    #[test]
    fn key_then_version() {
        let version = ("anthropic-version", "2023-06-01");
        assert!(check(&headers(&[("x-api-key", "k"), version]), "k").is_ok());
        assert!(check(&headers(&[("authorization", "Bearer k"), version]), "k").is_ok());
        assert_eq!(check(&headers(&[("x-api-key", "no"), version]), "k"), Err(ApiError::authentication()));
        assert_eq!(check(&headers(&[version]), "k"), Err(ApiError::authentication()));
        assert!(check(&headers(&[("x-api-key", "k")]), "k").is_err_and(|e| e != ApiError::authentication()));
    }
}
