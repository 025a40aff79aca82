//! Whether the model can be had on the route: on the Bedrock runtime `GetFoundationModelAvailability`
//! (`GET /foundation-model-availability/{modelId}` on the control plane, fields from the Bedrock API
//! reference) and whether the id needs an inference profile in the region (the catalog knows the
//! profile-only families); on Vertex the publisher model (`GET v1beta1/publishers/{p}/models/{m}` on
//! the location's host, as the Gen AI SDK gets models; unconfirmed for `publishers/anthropic`); on
//! the Gemini API `GET v1beta/models/{model}` with the key; on the Anthropic wire
//! `GET /v1/models/{id}`; on the Chat Completions wire OpenAI's retrieve-model
//! `GET {base}/models/{id}` (unconfirmed on Mantle), and on Vertex's the publisher model named by
//! the `publisher/model` id (unconfirmed for partner publishers). Mantle's Messages surface has
//! no confirmed lookup (PROTOCOLS.md open item 1).

use super::{CHECK_TIMEOUT, Check};
use crate::auth::aws::sigv4::encode_path_segment;
use crate::client::http_error::{self, ErrorContext};
use crate::client::setup::{Auth, RouteSetup, Surroundings};
use crate::models::discovery::control_plane_url;
use crate::models::{Catalog, Geo, RouteOffer};
use crate::routes::Target;
use crate::routes::bedrock::geo_prefix;
use crate::routes::http::HttpRequest;
use crate::routes::spec::{AuthScheme, ErrorShape, ModelIds, ModelLookup};
use serde_json::Value;

/// Whether `target`'s model id needs an inference profile in its region, and has the right one.
#[must_use]
pub fn inference_profile(catalog: &Catalog, target: &Target, setup: Option<&RouteSetup>) -> Option<Check> {
    if target.route.spec().model_ids != ModelIds::BedrockRuntime {
        return None;
    }
    let region = setup.and_then(|setup| setup.place.region()).or(target.place.region())?;
    let Some(family) = catalog.family_of(target.route, &target.model) else {
        return Some(Check::unconfirmed(
            "profile",
            "not in the catalog: whether it needs an inference profile is unknown",
        ));
    };
    if target.model.starts_with("arn:") {
        return Some(Check::ok("profile", "an ARN: invoked as named"));
    }
    let geo = target.model.split_once('.').and_then(|(prefix, _)| Geo::from_prefix(prefix));
    let offered = || {
        let places = crate::models::Places { region: Some(region.to_owned()), ..Default::default() };
        match catalog.every_route(family, &places).into_iter().find(|offer| offer.route() == target.route) {
            Some(RouteOffer::Offered(offered)) => format!("use the model id {}", offered.model),
            Some(RouteOffer::NotOffered { reason, .. }) => reason,
            None => "choose another model".into(),
        }
    };
    Some(match geo {
        None if family.bedrock_profile_only => Check::failed(
            "profile",
            format!("{} has no on-demand throughput: it needs an inference profile in {region}", family.name),
            Some(offered()),
        ),
        None => Check::ok("profile", "on-demand: the foundation id is invoked directly"),
        Some(Geo::Global) => Check::ok("profile", "through the global. inference profile"),
        Some(geo) if geo_prefix(region) == Some(geo.prefix()) => {
            Check::ok("profile", format!("through the {}. inference profile of {region}", geo.prefix()))
        }
        Some(geo) => Check::failed(
            "profile",
            format!("the {}. inference profile cannot be called from {region}", geo.prefix()),
            Some(offered()),
        ),
    })
}

/// The model access lines for `target` with `setup`.
pub async fn model_access(
    target: &Target,
    setup: &RouteSetup,
    around: &Surroundings<'_>,
    http: &reqwest::Client,
) -> Vec<Check> {
    let base = setup.base_url.trim_end_matches('/');
    let model = target.model.as_str();
    match target.route.spec().model_lookup {
        ModelLookup::Unconfirmed { why } => {
            vec![Check::unconfirmed("model", format!("{why}: --probe sends one request"))]
        }
        ModelLookup::BedrockAvailability => availability(target, setup, around, http).await,
        ModelLookup::GeminiModels => {
            let url = format!("{base}/v1beta/models/{}", model.trim_start_matches("models/"));
            vec![lookup(target, setup, http, &url, &[]).await]
        }
        ModelLookup::VertexPublisher { publisher, confirmed } => {
            let id = model.rsplit_once("models/").map_or(model, |(_, id)| id);
            let url = format!("{base}/v1beta1/publishers/{publisher}/models/{id}");
            let check = lookup(target, setup, http, &url, &setup.extra_headers).await;
            vec![doubted_unless(confirmed, check, "for this publisher")]
        }
        ModelLookup::OpenAiModels { confirmed } => {
            let url = format!("{base}/models/{}", encode_path_segment(model));
            vec![doubted_unless(confirmed, lookup(target, setup, http, &url, &[]).await, "on this server")]
        }
        ModelLookup::VertexPublisherOfId => {
            let Some((publisher, id)) = model.split_once('/') else {
                let problem = target.route.spec().model_ids.problem(model).unwrap_or_default();
                return vec![Check::failed("model", problem, None)];
            };
            let url = format!("{base}/v1beta1/publishers/{publisher}/models/{id}");
            let check = lookup(target, setup, http, &url, &setup.extra_headers).await;
            vec![doubted_unless(false, check, "for this publisher")]
        }
        ModelLookup::AnthropicModels => {
            let headers = [("anthropic-version".to_owned(), setup.version.clone())];
            vec![lookup(target, setup, http, &format!("{base}/v1/models/{model}"), &headers).await]
        }
    }
}

/// `check`, a failure only doubted where the lookup itself is unconfirmed (`confirmed` false)
/// `where_`: the server may not answer it at all.
fn doubted_unless(confirmed: bool, check: Check, where_: &str) -> Check {
    if confirmed || check.status != super::Status::Failed {
        return check;
    }
    Check::unconfirmed("model", format!("{} (the lookup itself is unconfirmed {where_})", check.detail))
}

/// `GET url` with the route's credential: the model is there on a 2xx, else the error says why.
async fn lookup(
    target: &Target,
    setup: &RouteSetup,
    http: &reqwest::Client,
    url: &str,
    headers: &[(String, String)],
) -> Check {
    match get(target, setup, http, url, headers).await {
        Ok(body) => {
            let methods = body.get("supportedGenerationMethods").and_then(Value::as_array);
            if methods.is_some_and(|methods| !methods.iter().any(|m| m == "generateContent")) {
                return Check::failed("model", format!("{} cannot generate content", target.model), None);
            }
            Check::ok("model", format!("{} is there for this credential", target.model))
        }
        Err(check) => check,
    }
}

/// `GetFoundationModelAvailability` for the foundation id under `target`'s model.
async fn availability(
    target: &Target,
    setup: &RouteSetup,
    around: &Surroundings<'_>,
    http: &reqwest::Client,
) -> Vec<Check> {
    let region = setup.place.region().unwrap_or_default();
    let control = match around.emulator_url.filter(|_| around.demo) {
        Some(url) => url.to_owned(),
        None => control_plane_url(around.env, region),
    };
    if matches!(setup.auth, Auth::Header(_))
        && let Some(problem) = crate::client::plain_http::refusal(&control)
    {
        return vec![Check::failed("access", problem, Some(crate::client::plain_http::HINT.into()))];
    }
    let foundation = foundation_id(&target.model);
    let url =
        format!("{}/foundation-model-availability/{}", control.trim_end_matches('/'), encode_path_segment(foundation));
    let body = match get(target, setup, http, &url, &[]).await {
        Ok(body) => body,
        Err(check) if matches!(setup.auth, Auth::Header(_)) && check.detail.starts_with("HTTP 40") => {
            return vec![Check::unconfirmed("access", "a Bedrock API key cannot ask the control plane: not checked")];
        }
        Err(check) => return vec![Check { check: "access", ..check }],
    };
    let field = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or("missing").to_owned();
    let agreement = body.pointer("/agreementAvailability/status").and_then(Value::as_str).unwrap_or("missing");
    let agreement_error = body.pointer("/agreementAvailability/errorMessage").and_then(Value::as_str);
    let mut checks = Vec::new();
    checks.push(match field("authorizationStatus").as_str() {
        "AUTHORIZED" => Check::ok("authorization", format!("{foundation}: AUTHORIZED")),
        other => Check::failed(
            "authorization",
            format!("{foundation}: {other}"),
            Some(format!(
                "allow bedrock:InvokeModel* for this model, and for Anthropic models submit the use-case details once \
                 (Bedrock console, Model catalog, or PutUseCaseForModelAccess) in {region}"
            )),
        ),
    });
    checks.push(match field("entitlementAvailability").as_str() {
        "AVAILABLE" => Check::ok("entitlement", "AVAILABLE"),
        other => Check::failed(
            "entitlement",
            format!("{other}: the account is not subscribed to the model"),
            Some(
                "grant aws-marketplace:Subscribe and ViewSubscriptions, then call the model once (the subscription \
                  can take up to 15 minutes)"
                    .into(),
            ),
        ),
    });
    checks.push(match field("regionAvailability").as_str() {
        "AVAILABLE" => Check::ok("region", format!("available in {region}")),
        other => Check::failed(
            "region",
            format!("{other} in {region}"),
            Some("use a region that serves it, or a cross-region inference profile (us., eu., global.)".into()),
        ),
    });
    checks.push(match agreement {
        "PENDING" => Check::failed(
            "agreement",
            "PENDING: the model's agreement is being set up",
            Some("wait a few minutes (AWS says up to 15) and check again".into()),
        ),
        "ERROR" => Check::failed(
            "agreement",
            format!("ERROR: {}", agreement_error.unwrap_or("the agreement failed")),
            Some(
                "accept the model's offer (aws bedrock list-foundation-model-agreement-offers, then \
                  create-foundation-model-agreement) or open it once in the Bedrock console"
                    .into(),
            ),
        ),
        other => {
            Check::unconfirmed("agreement", format!("{other} (AWS does not document what each agreement status means)"))
        }
    });
    checks
}

/// The foundation-model id under an inference-profile id or ARN.
fn foundation_id(model: &str) -> &str {
    let tail = if model.starts_with("arn:") { model.rsplit('/').next().unwrap_or(model) } else { model };
    match tail.split_once('.') {
        Some((prefix, rest)) if Geo::from_prefix(prefix).is_some() => rest,
        _ => tail,
    }
}

/// `GET url` signed or keyed as the route's runs are; the JSON answer, or the failed check with
/// the route's error hints.
async fn get(
    target: &Target,
    setup: &RouteSetup,
    http: &reqwest::Client,
    url: &str,
    headers: &[(String, String)],
) -> Result<Value, Check> {
    let route = target.route.name();
    let request = HttpRequest { method: "GET", url: url.to_owned(), headers: headers.to_vec(), body: Vec::new() };
    let (credential, _) = crate::client::auth_headers(route, &target.model, &request, &setup.auth)
        .map_err(|e| Check::from_error("model", &e))?;
    let mut builder = http.get(url).timeout(CHECK_TIMEOUT);
    for (name, value) in headers.iter().chain(&credential) {
        builder = builder.header(name, value);
    }
    let response = builder.send().await.map_err(|error| {
        Check::from_error("model", &crate::client::connection_error::from_send(route, &target.model, url, &error))
    })?;
    let status = response.status().as_u16();
    let response_headers = response.headers().clone();
    let read = crate::http_body::read_capped(response, 1024 * 1024, None).await;
    if (200..300).contains(&status) {
        return serde_json::from_slice(&read.bytes)
            .map_err(|error| Check::failed("model", format!("unreadable answer from {url}: {error}"), None));
    }
    let context = ErrorContext {
        route,
        model: &target.model,
        region: setup.place.site(),
        vertex: target.route.is_vertex(),
        refresh_hint: setup.refresh_hint.as_deref(),
        shape: if target.route.spec().auth == AuthScheme::Aws {
            ErrorShape::Aws
        } else {
            target.route.spec().error_shape
        },
    };
    Err(Check::from_error("model", &http_error::from_response(&context, status, &response_headers, &read.bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::Place;

    fn profile_check(model: &str, region: &str) -> Check {
        let target = Target {
            place: Place::Aws { region: Some(region.into()), profile: None },
            ..Target::new(crate::routes::RouteId::BedrockConverse, model)
        };
        inference_profile(Catalog::shared(), &target, None).expect("a Bedrock runtime route")
    }

    #[test]
    fn profile_only_models_need_the_profile_of_their_region() {
        let bare = profile_check("anthropic.claude-sonnet-4-5-20250929-v1:0", "eu-west-1");
        assert_eq!(bare.status, super::super::Status::Failed, "{bare:?}");
        assert!(bare.fix.as_deref().is_some_and(|fix| fix.contains("eu.anthropic.claude-sonnet-4-5")), "{bare:?}");
        let foreign = profile_check("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu-west-1");
        assert_eq!(foreign.status, super::super::Status::Failed, "{foreign:?}");
        let local = profile_check("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu-west-1");
        assert_eq!(local.status, super::super::Status::Ok, "{local:?}");
        let global = profile_check("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu-west-1");
        assert_eq!(global.status, super::super::Status::Ok, "{global:?}");
        let unknown = profile_check("meta.unknown-v1:0", "eu-west-1");
        assert_eq!(unknown.status, super::super::Status::Unconfirmed, "{unknown:?}");
    }

    #[test]
    fn profile_ids_and_arns_name_their_foundation_model() {
        assert_eq!(foundation_id("us.anthropic.claude-x-v1:0"), "anthropic.claude-x-v1:0");
        assert_eq!(foundation_id("arn:aws:bedrock:us-east-1::foundation-model/anthropic.c-v1:0"), "anthropic.c-v1:0");
        assert_eq!(foundation_id("anthropic.c-v1:0"), "anthropic.c-v1:0");
    }
}
