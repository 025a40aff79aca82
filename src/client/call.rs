//! One plain (non-streaming) call on a route's host with the route's credential, signing and
//! retries, its answer read whole up to a cap: what the batch services' control planes need
//! (`batch/`), so they resolve nothing by hand.

use super::Client;
use super::setup::RouteSetup;
use crate::http_body::{End, read_capped};
use crate::routes::Target;
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::http::HttpRequest;

impl Client {
    /// Send `http` to `target`'s host as `setup` says (its credential headers or signature,
    /// its extra headers), retrying as the route's SDK does, and read the answer whole, at
    /// most `cap` bytes. A refusal is the route's error (status, type, message, fix).
    ///
    /// # Errors
    /// When the call fails, is refused, breaks off, stalls or passes `cap`.
    pub async fn call(
        &self,
        target: &Target,
        setup: &RouteSetup,
        mut http: HttpRequest,
        cap: usize,
    ) -> Result<Vec<u8>, RunError> {
        http.headers.extend(setup.extra_headers.iter().cloned());
        let response = self.send_with_retries(target, &http, setup, &mut |_| {}).await?;
        let read = read_capped(response, cap, Some(self.idle_timeout)).await;
        let failed = |why: String| {
            RunError::new(ErrorKind::Protocol, target.route.name(), &target.model, format!("{}: {why}", http.url))
        };
        match read.end {
            End::Whole => Ok(read.bytes),
            End::PastCap => Err(failed(format!("the answer is larger than {} MB", cap >> 20))),
            End::Broke(why) => Err(failed(format!("the answer broke off: {why}"))),
            End::Stalled => Err(failed(format!(
                "no byte for {:.0} s (raise [network] idle_timeout_secs)",
                self.idle_timeout.as_secs_f64()
            ))),
        }
    }
}
