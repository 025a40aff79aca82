//! A loopback HTTPS server for tests, with a certificate for `127.0.0.1` and `localhost` issued
//! by a test CA (`tests/certs/loopback-*.pem`, made with `openssl` once: a P-256 CA and leaf,
//! valid for 100 years). A client trusts it only when told to trust [`CA`].

use super::loopback::{accept_for, read_request};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::io::{BufReader, Read, Write};
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;

/// The test CA, as a PEM file to trust.
pub const CA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs/loopback-ca.pem");
const LEAF: &[u8] = include_bytes!("../certs/loopback-leaf.pem");
const KEY: &[u8] = include_bytes!("../certs/loopback-leaf.key");

/// Answers every request on `https://127.0.0.1:PORT` with the whole HTTP response `answer`,
/// then closes the connection, for `lifetime`; returns the base URL. A client that refuses
/// the certificate gets no answer.
pub fn serve(answer: String, lifetime: Duration) -> String {
    let certificates: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(LEAF).collect::<Result<_, _>>().expect("the test certificate");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("the test key");
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certificates, key)
        .expect("a TLS server configuration");
    let config = Arc::new(config);
    let address = accept_for(lifetime, move |socket| {
        let connection = rustls::ServerConnection::new(Arc::clone(&config)).expect("a TLS connection");
        answer_one(rustls::StreamOwned::new(connection, socket), &answer);
        ControlFlow::Continue(())
    });
    format!("https://{address}")
}

/// Reads one request and writes `answer`.
fn answer_one(stream: impl Read + Write, answer: &str) {
    let mut reader = BufReader::new(stream);
    if read_request(&mut reader).is_some() {
        let stream = reader.get_mut();
        let _ = stream.write_all(answer.as_bytes()).and_then(|()| stream.flush());
    }
}
