//! A hostile HTTP server on loopback for the memory tests: it reads each request's head and
//! hands the socket to a function that answers as badly as it likes, bounded in time. Also
//! the pieces of an Anthropic stream those functions send. Included with `#[path]`.

#![allow(dead_code, reason = "each test file uses some of it")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// How long the server keeps going, bounded whatever the client does.
pub const SERVER_LIMIT: Duration = Duration::from_mins(1);
pub const MIB: usize = 1024 * 1024;

pub const SSE_HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n";
pub const MESSAGE_START: &str = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";

pub const MESSAGE_END: &str = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

/// One SSE event carrying `text` as a text delta.
pub fn text_delta(text: &str) -> String {
    format!(
        "event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"{text}\"}}}}\n\n"
    )
}

/// A server on 127.0.0.1 that reads each request's head and hands the socket to `respond`.
pub fn hostile(respond: fn(&mut TcpStream)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < SERVER_LIMIT {
            match listener.accept() {
                Ok((mut socket, _)) => {
                    std::thread::spawn(move || {
                        socket.set_nonblocking(false).expect("blocking");
                        socket.set_write_timeout(Some(Duration::from_secs(10))).expect("timeout");
                        if read_head(&mut socket) {
                            respond(&mut socket);
                        }
                    });
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    });
    base
}

fn read_head(socket: &mut TcpStream) -> bool {
    socket.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let (mut head, mut buffer) = (Vec::new(), [0u8; 4096]);
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buffer) {
            Ok(0) | Err(_) => return false,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    true
}

/// Write `piece` again and again, up to `total` bytes and [`SERVER_LIMIT`], until the client
/// goes away; waiting `pause` between pieces.
pub fn repeat(socket: &mut TcpStream, piece: &[u8], total: usize, pause: Duration) {
    let started = Instant::now();
    let mut sent = 0;
    while sent < total && started.elapsed() < SERVER_LIMIT {
        if socket.write_all(piece).is_err() {
            return;
        }
        sent += piece.len();
        if !pause.is_zero() {
            std::thread::sleep(pause);
        }
    }
}
