//! STS `GetCallerIdentity`: `POST /` with the form body
//! `Action=GetCallerIdentity&Version=2011-06-15`, answered in STS's XML, the demo user's
//! identity. Errors are STS's `<ErrorResponse>`.

use super::credentials::{AWS_DEMO_ACCOUNT, AWS_DEMO_ARN};
use super::failure::Failure;
use crate::emulator::tag::RequestTag;
use axum::Form;
use axum::extract::Extension;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// The demo identity's unique id.
const DEMO_USER_ID: &str = "AIDAROUTEPLAYDEMO0001";
/// The STS API version.
const VERSION: &str = "2011-06-15";

/// `POST /`.
pub async fn handle(
    Extension(tag): Extension<RequestTag>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let Ok(Form(params)) = form else {
        return error(
            StatusCode::BAD_REQUEST,
            "MalformedQueryString",
            "The request body is not a valid form.",
            &tag.id,
        );
    };
    match params.get("Action").map(String::as_str) {
        Some("GetCallerIdentity") => xml(
            StatusCode::OK,
            format!(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/{VERSION}/\">\n  \
                 <GetCallerIdentityResult>\n    <Arn>{AWS_DEMO_ARN}</Arn>\n    <UserId>{DEMO_USER_ID}</UserId>\n    \
                 <Account>{AWS_DEMO_ACCOUNT}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    \
                 <RequestId>{}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
                tag.id
            ),
        ),
        Some(action) => {
            let message = format!("Could not find operation {} for version {VERSION}", escape(action));
            error(StatusCode::BAD_REQUEST, "InvalidAction", &message, &tag.id)
        }
        None => error(StatusCode::BAD_REQUEST, "MissingAction", "Missing Action", &tag.id),
    }
}

/// A refused credential, in STS's words.
pub fn refused(failure: &Failure, request_id: &str) -> Response {
    error(StatusCode::FORBIDDEN, failure.sts_code(), &escape(&failure.message()), request_id)
}

/// `<ErrorResponse>`; `message` must already be escaped.
fn error(status: StatusCode, code: &str, message: &str, request_id: &str) -> Response {
    xml(
        status,
        format!(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/{VERSION}/\">\n  <Error>\n    <Type>Sender</Type>\n    \
             <Code>{code}</Code>\n    <Message>{message}</Message>\n  </Error>\n  <RequestId>{request_id}</RequestId>\n\
             </ErrorResponse>\n"
        ),
    )
}

fn xml(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/xml")], body).into_response()
}

/// Text safe inside an XML element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\'', "&apos;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<a href='x'>&</a>"), "&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;");
    }
}
