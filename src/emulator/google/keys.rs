//! Service-account key files: the PEM private key is read only to derive its public key (the
//! PKCS#1 `RSAPublicKey` DER that JWT verification wants); nothing secret is kept.

use aws_lc_rs::rsa::KeyPair;
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

/// A trusted service account's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    /// `client_email`: the JWTs' `iss`.
    pub email: String,
    /// `private_key_id`: the JWTs' header `kid`, when the file has one.
    pub key_id: Option<String>,
    /// `client_id`, the numeric id `/tokeninfo` reports as `aud`.
    pub client_id: Option<String>,
    /// PKCS#1 `RSAPublicKey`, DER.
    pub public_key: Vec<u8>,
}

/// Read a `service_account` key file.
pub fn read_key_file(key_json: &Value) -> Result<TrustedKey, String> {
    let field = |name: &str| key_json.get(name).and_then(Value::as_str);
    if let Some(kind) = field("type").filter(|kind| *kind != "service_account") {
        return Err(format!("type: expected \"service_account\", found {kind:?}"));
    }
    let email = field("client_email").filter(|email| !email.is_empty()).ok_or("client_email: missing")?;
    let pem = field("private_key").ok_or("private_key: missing")?;
    Ok(TrustedKey {
        email: email.to_owned(),
        key_id: field("private_key_id").map(str::to_owned),
        client_id: field("client_id").map(str::to_owned),
        public_key: public_key_of(pem).map_err(|problem| format!("private_key: {problem}"))?,
    })
}

/// The PKCS#1 public key of an RSA private key in PEM: `BEGIN PRIVATE KEY` (PKCS#8) or
/// `BEGIN RSA PRIVATE KEY` (PKCS#1).
pub fn public_key_of(pem: &str) -> Result<Vec<u8>, String> {
    let (label, der) = pem_decode(pem)?;
    let pair = match label {
        "PRIVATE KEY" => KeyPair::from_pkcs8(&der),
        "RSA PRIVATE KEY" => KeyPair::from_der(&der),
        other => return Err(format!("a {other:?} PEM block is not an RSA private key")),
    }
    .map_err(|rejected| format!("not a usable RSA key ({rejected})"))?;
    Ok(pair.public_key().as_ref().to_vec())
}

/// The label and bytes of the first PEM block in `text`.
fn pem_decode(text: &str) -> Result<(&str, Vec<u8>), String> {
    let start = text.find("-----BEGIN ").ok_or("no PEM block")? + "-----BEGIN ".len();
    let label_end = start + text[start..].find("-----").ok_or("unterminated PEM header")?;
    let label = &text[start..label_end];
    let body_start = label_end + "-----".len();
    let end_marker = format!("-----END {label}-----");
    let body_end = body_start + text[body_start..].find(&end_marker).ok_or("no PEM end line")?;
    let base64: String = text[body_start..body_end].chars().filter(|c| !c.is_whitespace()).collect();
    let der = STANDARD.decode(base64).map_err(|e| format!("PEM body is not base64 ({e})"))?;
    Ok((label, der))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::rsa::KeySize;

    fn pem(label: &str, der: &[u8]) -> String {
        let body = STANDARD.encode(der);
        let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
        format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
    }

    #[test]
    fn reads_pkcs8_and_refuses_garbage() {
        let pair = KeyPair::generate(KeySize::Rsa2048).expect("key");
        let pkcs8 = pair.as_der().expect("der");
        let key = serde_json::json!({
            "type": "service_account",
            "client_email": "sa@p.iam.gserviceaccount.com",
            "private_key_id": "k1",
            "private_key": pem("PRIVATE KEY", pkcs8.as_ref()),
        });
        let trusted = read_key_file(&key).expect("trusted");
        assert_eq!(trusted.public_key, pair.public_key().as_ref());
        assert_eq!(trusted.key_id.as_deref(), Some("k1"));
        assert!(public_key_of("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----").is_err());
        assert!(public_key_of("no pem").is_err());
        assert!(read_key_file(&serde_json::json!({"type": "authorized_user"})).is_err());
    }
}
