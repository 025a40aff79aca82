//! Sampling parameters go on the wire as the user typed them, on every route: `0.2`, not the
//! `0.20000000298023224` that widening the f32 gives.

use routeplay::auth::Credential;
use routeplay::auth::secret::Secret;
use routeplay::client::plan::plan;
use routeplay::client::setup::{Auth, RouteSetup};
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{RouteId, Target};

#[test]
fn temperature_and_top_p_are_sent_as_typed_on_every_route() {
    let mut request = ChatRequest::single("Hi");
    request.params.temperature = Some(0.2);
    request.params.top_p = Some(0.9);
    let auth = Auth::Header(Credential::ApiKey(Secret::new("test-key")));
    let setup = RouteSetup::new("http://127.0.0.1:9".into(), "2023-06-01".into(), auth, "test".into());
    for route in RouteId::ALL {
        let (http, _) = plan(&Target::new(route, "some-model"), &request, &setup);
        let body: serde_json::Value = serde_json::from_slice(&http.body).unwrap();
        let text = body.to_string();
        assert!(text.contains(":0.2,") || text.contains(":0.2}"), "{route}: {text}");
        assert!(text.contains(":0.9,") || text.contains(":0.9}"), "{route}: {text}");
        assert!(!text.contains("0.2000") && !text.contains("0.8999"), "{route}: {text}");
    }
}
