//! A loopback HTTP server that answers by request line: the first rule whose prefix
//! (`"HEAD /"`, `"POST /"`, `"GET /foundation-model-availability/"`) starts the request line
//! gives the whole response; others get a 404. Each connection takes one request and is closed.
//! It stops after [`LIFETIME`]. Included with `#[path]`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

/// How long the server keeps going, bounded whatever the client does.
const LIFETIME: Duration = Duration::from_mins(1);

/// Serve `rules` (request-line prefix, whole HTTP response) on 127.0.0.1; returns the base URL.
pub fn serve(rules: Vec<(&'static str, String)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < LIFETIME {
            let Ok((socket, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            socket.set_nonblocking(false).expect("blocking");
            socket.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
            let mut reader = BufReader::new(socket);
            let (mut request_line, mut line, mut length) = (String::new(), String::new(), 0);
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            while reader.read_line(&mut line).is_ok_and(|read| read > 0) && line != "\r\n" {
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let answer = rules
                .iter()
                .find(|(prefix, _)| request_line.starts_with(prefix))
                .map_or_else(|| response("404 Not Found", "", "text/plain", ""), |(_, answer)| answer.clone());
            let stream = reader.get_mut();
            let _ = stream.write_all(answer.as_bytes()).and_then(|()| stream.flush());
        }
    });
    base
}

/// A whole response with `status`, extra `headers` (each ending in `\r\n`), a content type and
/// `body`.
pub fn response(status: &str, headers: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\n{headers}content-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}
