//! What the tests' own loopback servers share: an accept loop on 127.0.0.1 that ends by itself,
//! and reading one HTTP/1.1 request off a connection. Included with `#[path]`.

use std::io::BufRead;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

/// Listen on a free loopback port and hand each connection (blocking, with a 5 s read
/// timeout) to `handle` until it breaks or `lifetime` is over; returns the address.
pub fn accept_for(
    lifetime: Duration,
    mut handle: impl FnMut(TcpStream) -> ControlFlow<()> + Send + 'static,
) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < lifetime {
            let Ok((socket, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            socket.set_nonblocking(false).expect("blocking");
            socket.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
            if handle(socket).is_break() {
                return;
            }
        }
    });
    address
}

/// Read one request: its request line, its headers and its `content-length` body. Returns the
/// request line, or `None` when the connection ended or failed before the body was read.
pub fn read_request(reader: &mut impl BufRead) -> Option<String> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).ok()? == 0 {
        return None;
    }
    let (mut line, mut length) = (String::new(), 0);
    while reader.read_line(&mut line).is_ok_and(|read| read > 0) && line != "\r\n" {
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        line.clear();
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(request_line)
}
