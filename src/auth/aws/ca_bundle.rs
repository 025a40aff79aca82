//! `AWS_CA_BUNDLE` for `aws-config`'s own clients. The credential chain reaches STS
//! (assume-role, web identity), the SSO portal, ECS and IMDS through an HTTP client of its own,
//! not routeplay's; given the bundle, that client trusts its certificates besides the system's
//! roots, as the AWS CLI's does. The file is read here, once, for both clients.

use aws_smithy_http_client::tls::{self, TlsContext, TrustStore, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// The variable the AWS CLI reads.
pub const CA_BUNDLE_VAR: &str = "AWS_CA_BUNDLE";
/// The largest bundle read: the system's whole bundle is about 250 KB.
const MAX_BUNDLE_BYTES: u64 = 16 * 1024 * 1024;

/// The path `AWS_CA_BUNDLE` names; `None` when it is unset or blank.
#[must_use]
pub fn path_from_env() -> Option<std::path::PathBuf> {
    let path = std::env::var_os(CA_BUNDLE_VAR)?;
    (!path.to_string_lossy().trim().is_empty()).then(|| path.into())
}

/// The bytes of the bundle at `path`, at most 16 MiB; an error names the variable, the file
/// and why.
pub fn read_pem(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|error| problem(path, &format!("which cannot be opened: {error}")))?;
    let mut pem = Vec::new();
    file.take(MAX_BUNDLE_BYTES + 1)
        .read_to_end(&mut pem)
        .map_err(|error| problem(path, &format!("which cannot be read: {error}")))?;
    if pem.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(problem(path, &format!("which is larger than {} MiB: no CA bundle is", MAX_BUNDLE_BYTES >> 20)));
    }
    Ok(pem)
}

/// `AWS_CA_BUNDLE names FILE, WHY`.
#[must_use]
pub fn problem(path: &Path, why: &str) -> String {
    format!("{CA_BUNDLE_VAR} names {}, {why}", path.display())
}

/// An HTTP client for `aws-config` that trusts the `AWS_CA_BUNDLE` certificates besides the
/// system's roots; `None` without the variable, or with a bundle that cannot be read (the
/// Bedrock runs then fail naming it, and the chain keeps the SDK's own client). Built once.
#[must_use]
pub fn http_client() -> Option<SharedHttpClient> {
    static CLIENT: OnceLock<Option<SharedHttpClient>> = OnceLock::new();
    CLIENT.get_or_init(|| with_extra_roots(read_pem(&path_from_env()?).ok()?)).clone()
}

/// The SDK's default HTTPS client (rustls with aws-lc) with `pem` added to the native roots.
fn with_extra_roots(pem: Vec<u8>) -> Option<SharedHttpClient> {
    let trust = TrustStore::default().with_native_roots(true).with_pem_certificate(pem);
    let context = TlsContext::builder().with_trust_store(trust).build().ok()?;
    let builder = aws_smithy_http_client::Builder::new().tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc));
    Some(builder.tls_context(context).build_https())
}
