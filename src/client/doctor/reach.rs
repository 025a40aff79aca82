//! Whether a route's host can be reached from here, step by step: the name resolves (DNS), a
//! TCP connection opens, the TLS handshake succeeds (on `https`), something answers HTTP (any
//! status counts: a `HEAD` of the host root), and the server's `Date` says how far this clock
//! is off. SigV4 refuses requests more than 5 minutes off (AWS: "Signature expired"); Google's
//! token exchanges check times too; an API key does not care.

use super::{CHECK_TIMEOUT, Check};
use crate::client::connection_error;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use reqwest::Url;
use reqwest::header::DATE;
use std::net::SocketAddr;
use std::time::SystemTime;
use tokio::time::timeout;

/// The most the clock may be off before signed requests are refused.
pub const MAX_SKEW_SECS: i64 = 300;

/// The reach checks, and whether the host answered.
pub struct Reached {
    pub checks: Vec<Check>,
    pub connected: bool,
}

/// Check `base_url`'s host; `signs` says whether the route's credentials depend on the clock.
pub async fn reach(http: &reqwest::Client, base_url: &str, signs: bool) -> Reached {
    let mut checks = Vec::new();
    let Some((url, host, port)) = parse(base_url) else {
        checks.push(Check::failed("endpoint", format!("{base_url} is not a URL with a host"), None));
        return Reached { checks, connected: false };
    };
    let authority = format!("{}:{port}", url.host_str().unwrap_or(&host));
    let addresses = match resolve(&host, port).await {
        Ok(addresses) => {
            let shown: Vec<String> = addresses.iter().take(3).map(|address| address.ip().to_string()).collect();
            let detail = if host.parse::<std::net::IpAddr>().is_ok() {
                format!("{host} is an address: no lookup")
            } else {
                format!("{host} resolves to {}", shown.join(", "))
            };
            checks.push(Check::ok("dns", detail));
            addresses
        }
        Err(why) => {
            let fix = "check the host name in the base URL, the DNS settings, and HTTPS_PROXY if you use a proxy";
            checks.push(Check::failed("dns", format!("cannot resolve {host}: {why}"), Some(fix.into())));
            return Reached { checks, connected: false };
        }
    };
    if let Err(why) = connect(&addresses).await {
        let fix = format!("check the port in the base URL, that the server at {authority} is running, and firewalls");
        checks.push(Check::failed("connect", format!("no TCP connection to {authority}: {why}"), Some(fix)));
        return Reached { checks, connected: false };
    }
    checks.push(Check::ok("connect", format!("TCP connection to {authority}")));
    let tls = url.scheme() == "https";
    let mut root = url.clone();
    root.set_path("/");
    root.set_query(None);
    let root = root.to_string();
    let response = match timeout(CHECK_TIMEOUT, http.head(&root).send()).await {
        Err(_) => {
            let fix = "check the network, or a proxy or firewall that holds the connection".to_owned();
            checks.push(Check::failed("http", format!("no answer from {root} within 10 s"), Some(fix)));
            return Reached { checks, connected: false };
        }
        Ok(Err(error)) => {
            let failure = connection_error::from_send("doctor", "", &root, &error);
            let check = if tls && failure.message.contains("certificate") { "tls" } else { "http" };
            checks.push(Check::failed(check, failure.message, failure.hint));
            return Reached { checks, connected: false };
        }
        Ok(Ok(response)) => response,
    };
    if tls {
        checks.push(Check::ok("tls", format!("TLS handshake with {host} OK, certificate trusted")));
    } else {
        checks.push(Check::skipped("tls", "plain http: no TLS"));
    }
    checks.push(Check::ok("http", format!("{host} answered HTTP {} (any answer counts)", response.status().as_u16())));
    checks.push(clock(response.headers().get(DATE).and_then(|value| value.to_str().ok()), signs));
    Reached { checks, connected: true }
}

/// The URL, its host (without IPv6 brackets) and port.
fn parse(base_url: &str) -> Option<(Url, String, u16)> {
    let url = Url::parse(base_url).ok()?;
    let host = url.host_str()?.trim_start_matches('[').trim_end_matches(']').to_owned();
    let port = url.port_or_known_default()?;
    Some((url, host, port))
}

async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
    match timeout(CHECK_TIMEOUT, tokio::net::lookup_host((host, port))).await {
        Err(_) => Err("no answer within 10 s".into()),
        Ok(Err(error)) => Err(error.to_string()),
        Ok(Ok(addresses)) => {
            let addresses: Vec<SocketAddr> = addresses.collect();
            if addresses.is_empty() { Err("no addresses".into()) } else { Ok(addresses) }
        }
    }
}

/// A TCP connection to the first address that takes one.
async fn connect(addresses: &[SocketAddr]) -> Result<(), String> {
    let mut last = String::from("no address");
    for address in addresses.iter().take(3) {
        match timeout(CHECK_TIMEOUT, tokio::net::TcpStream::connect(address)).await {
            Ok(Ok(_)) => return Ok(()),
            Ok(Err(error)) => last = error.to_string(),
            Err(_) => last = format!("{address} did not answer within 10 s"),
        }
    }
    Err(last)
}

/// How far this clock is from the server's `Date`.
fn clock(date: Option<&str>, signs: bool) -> Check {
    let Some(server) = date.and_then(|date| DateTime::from_str(date, Format::HttpDate).ok()) else {
        return Check::unconfirmed("clock", "the answer had no readable Date header: the clock skew is unknown");
    };
    let now = DateTime::from(SystemTime::now()).secs();
    let skew = now - server.secs();
    let ahead = if skew >= 0 { "ahead of" } else { "behind" };
    let detail = format!("this clock is {} s {ahead} the server's", skew.abs());
    if skew.abs() <= MAX_SKEW_SECS {
        return Check::ok("clock", detail);
    }
    if !signs {
        return Check::ok("clock", format!("{detail} (harmless for an API key)"));
    }
    let fix = "set the clock right (e.g. `sudo timedatectl set-ntp true`): signed requests more than 5 minutes \
               off are refused"
        .to_owned();
    Check::failed("clock", format!("{detail}, more than 5 minutes"), Some(fix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_fails_only_where_the_credential_signs() {
        let off = DateTime::from_secs(DateTime::from(SystemTime::now()).secs() - 600).fmt(Format::HttpDate).unwrap();
        assert_eq!(clock(Some(&off), true).status, super::super::Status::Failed);
        assert_eq!(clock(Some(&off), false).status, super::super::Status::Ok);
        let now = DateTime::from(SystemTime::now()).fmt(Format::HttpDate).unwrap();
        assert_eq!(clock(Some(&now), true).status, super::super::Status::Ok);
        assert_eq!(clock(None, true).status, super::super::Status::Unconfirmed);
    }

    #[test]
    fn hosts_come_without_brackets_and_with_their_port() {
        let (_, host, port) = parse("https://[::1]/anthropic").unwrap();
        assert_eq!((host.as_str(), port), ("::1", 443));
        assert_eq!(parse("http://127.0.0.1:9").map(|(_, h, p)| (h, p)), Some(("127.0.0.1".into(), 9)));
    }
}
