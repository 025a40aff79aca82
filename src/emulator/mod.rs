//! The built-in emulator: the server side of each route's wire, on 127.0.0.1, for demos and
//! tests. CONTRACT (to be implemented): see `start`.

use std::net::SocketAddr;

/// The API key the embedded emulator route uses. Not a secret: the emulator is loopback only.
pub const EMULATOR_API_KEY: &str = "routeplay-emulator";

/// How to run the emulator.
#[derive(Debug, Clone)]
pub struct EmulatorOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// The `x-api-key` value requests must carry.
    pub api_key: String,
    /// Output pace.
    pub tokens_per_second: f64,
    /// Print one line per request to stderr (secrets masked).
    pub log_requests: bool,
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        Self { port: 0, api_key: EMULATOR_API_KEY.to_owned(), tokens_per_second: 200.0, log_requests: false }
    }
}

/// A running emulator; dropping it does not stop it, `shutdown` does.
#[derive(Debug)]
pub struct EmulatorHandle {
    addr: SocketAddr,
}

impl EmulatorHandle {
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the base URL for the Anthropic wire.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Bind 127.0.0.1 and serve in a background task.
pub async fn start(options: EmulatorOptions) -> std::io::Result<EmulatorHandle> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", options.port)).await?;
    Ok(EmulatorHandle { addr: listener.local_addr()? })
}
