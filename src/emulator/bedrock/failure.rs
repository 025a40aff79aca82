//! Why a request's credentials were refused, with AWS's codes and messages. Every failure is
//! HTTP 403; the JSON services name the code in `x-amzn-ErrorType`, STS in its XML body, and
//! the two use different names for the same failure.

/// Namespace the AWS front end adds to the codes it raises itself.
const CORAL: &str = "http://internal.amazon.com/coral/com.amazon.coral.service/";

/// A refused credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No `Authorization` header.
    Missing,
    /// An `Authorization` header (or `x-amz-date`) that cannot be understood.
    Incomplete(String),
    /// Not the configured access key id, or not the configured session token.
    UnknownKey,
    /// Signed for another service than the one called (the expected signing name).
    WrongService(&'static str),
    /// The signature does not match the request.
    Mismatch,
    /// A signature problem AWS words in its own way (scope date, clock skew).
    Signature(String),
    /// `Authorization: Bearer` with another key.
    BadBearer,
    /// `Authorization: Bearer` where only SigV4 is accepted.
    BearerNotAllowed,
}

impl Failure {
    /// The code as the JSON services name it, with the namespace where AWS sends one.
    pub fn json_code(&self) -> String {
        let (code, coral) = match self {
            Self::Missing => ("MissingAuthenticationTokenException", true),
            Self::Incomplete(_) => ("IncompleteSignatureException", true),
            Self::UnknownKey => ("UnrecognizedClientException", true),
            Self::WrongService(_) | Self::Mismatch | Self::Signature(_) => ("InvalidSignatureException", true),
            Self::BadBearer | Self::BearerNotAllowed => ("AccessDeniedException", false),
        };
        if coral { format!("{code}:{CORAL}") } else { code.to_owned() }
    }

    /// The code as STS names it.
    pub fn sts_code(&self) -> &'static str {
        match self {
            Self::Missing => "MissingAuthenticationToken",
            Self::Incomplete(_) => "IncompleteSignature",
            Self::UnknownKey => "InvalidClientTokenId",
            Self::WrongService(_) | Self::Mismatch | Self::Signature(_) => "SignatureDoesNotMatch",
            Self::BadBearer | Self::BearerNotAllowed => "AccessDenied",
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            Self::Missing => "Missing Authentication Token".to_owned(),
            Self::Incomplete(message) | Self::Signature(message) => message.clone(),
            Self::UnknownKey => "The security token included in the request is invalid.".to_owned(),
            Self::WrongService(service) => format!("Credential should be scoped to correct service: '{service}'. "),
            Self::Mismatch => "The request signature we calculated does not match the signature you provided. Check \
                               your AWS Secret Access Key and signing method. Consult the service documentation for \
                               details."
                .to_owned(),
            Self::BadBearer => "Authentication failed: Please make sure your API Key is valid.".to_owned(),
            Self::BearerNotAllowed => {
                "Bedrock API keys cannot call this operation. Sign the request with AWS credentials (SigV4).".to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages() {
        assert_eq!(
            Failure::Mismatch.json_code(),
            "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/"
        );
        assert_eq!(Failure::BearerNotAllowed.json_code(), "AccessDeniedException");
        assert_eq!(Failure::Mismatch.sts_code(), "SignatureDoesNotMatch");
        assert!(Failure::Mismatch.message().starts_with("The request signature we calculated does not match"));
        assert!(Failure::Mismatch.message().ends_with("Consult the service documentation for details."));
        assert_eq!(
            Failure::WrongService("bedrock").message(),
            "Credential should be scoped to correct service: 'bedrock'. "
        );
    }
}
