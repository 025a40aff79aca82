//! Server-sent events encoding: `event: NAME`, one `data:` line per line of the payload, and a
//! blank line.

use bytes::Bytes;

/// One SSE frame.
pub fn frame(event: &str, data: &str) -> Bytes {
    let mut out = format!("event: {event}\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames() {
        assert_eq!(frame("ping", r#"{"type":"ping"}"#), "event: ping\ndata: {\"type\":\"ping\"}\n\n");
        assert_eq!(frame("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }
}
