//! `AWS_CA_BUNDLE`: extra CA certificates (PEM) to trust, as the AWS CLI and SDKs do, for a
//! corporate proxy that inspects TLS. Added to the system's roots of the one HTTP client (which
//! honours `SSL_CERT_FILE` through the platform verifier already), and to those of the client
//! `aws-config` uses for STS, SSO, ECS and IMDS (`auth::aws::ca_bundle`). A bundle that cannot
//! be used fails the Bedrock runs with the variable, the file and the reason; other routes run on.

use crate::auth::aws::ca_bundle::{path_from_env, problem, read_pem};
use std::path::Path;

pub use crate::auth::aws::ca_bundle::CA_BUNDLE_VAR;

/// The certificates of the bundle `AWS_CA_BUNDLE` names; `None` when it is unset or blank.
#[must_use]
pub fn from_env() -> Option<Result<Vec<reqwest::Certificate>, String>> {
    Some(load(&path_from_env()?))
}

/// Every certificate in the PEM file at `path`; an error names the variable, the file and why.
pub fn load(path: &Path) -> Result<Vec<reqwest::Certificate>, String> {
    let pem = read_pem(path)?;
    let certificates = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|error| problem(path, &format!("which is not a PEM certificate bundle: {error}")))?;
    if certificates.is_empty() {
        return Err(problem(path, "which holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
    }
    Ok(certificates)
}

/// The hint for a bundle that cannot be used.
pub const HINT: &str = "point AWS_CA_BUNDLE at a readable PEM file of CA certificates, or unset it";

#[cfg(test)]
mod tests {
    use super::*;

    fn test_ca() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/certs/test-ca.pem")
    }

    #[test]
    fn a_pem_bundle_gives_its_certificates() {
        assert_eq!(load(&test_ca()).map(|certificates| certificates.len()), Ok(1));
    }

    #[test]
    fn a_missing_file_is_named_with_the_variable() {
        let error = load(Path::new("/nonexistent/corp-ca.pem")).unwrap_err();
        assert!(error.starts_with("AWS_CA_BUNDLE names /nonexistent/corp-ca.pem, which cannot be opened"), "{error}");
    }

    #[test]
    fn a_file_without_certificates_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "not a certificate\n").unwrap();
        let error = load(&path).unwrap_err();
        assert!(error.contains("AWS_CA_BUNDLE") && error.contains("notes.txt"), "{error}");
        assert!(error.contains("holds no PEM certificate"), "{error}");
    }
}
