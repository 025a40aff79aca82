//! A loopback HTTP server that answers by request line: the first rule whose prefix
//! (`"HEAD /"`, `"POST /"`, `"GET /foundation-model-availability/"`) starts the request line
//! gives the whole response; others get a 404. Each connection takes one request and is closed.
//! It stops after [`LIFETIME`]. Included with `#[path]`.

use super::loopback::{accept_for, read_request};
use std::io::{BufReader, Write};
use std::ops::ControlFlow;
use std::time::Duration;

/// How long the server keeps going, bounded whatever the client does.
const LIFETIME: Duration = Duration::from_mins(1);

/// Serve `rules` (request-line prefix, whole HTTP response) on 127.0.0.1; returns the base URL.
pub fn serve(rules: Vec<(&'static str, String)>) -> String {
    let address = accept_for(LIFETIME, move |socket| {
        let mut reader = BufReader::new(socket);
        if let Some(request_line) = read_request(&mut reader) {
            let answer = rules
                .iter()
                .find(|(prefix, _)| request_line.starts_with(prefix))
                .map_or_else(|| response("404 Not Found", "", "text/plain", ""), |(_, answer)| answer.clone());
            let stream = reader.get_mut();
            let _ = stream.write_all(answer.as_bytes()).and_then(|()| stream.flush());
        }
        ControlFlow::Continue(())
    });
    format!("http://{address}")
}

/// A whole response with `status`, extra `headers` (each ending in `\r\n`), a content type and
/// `body`.
pub fn response(status: &str, headers: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\n{headers}content-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}
