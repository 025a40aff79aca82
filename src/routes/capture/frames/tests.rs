//! The splitter against streams cut at every byte, odd line ends, faults, and random bytes.

use super::*;
use crate::routes::framing::eventstream::testing::encode;

fn chunk(at_ms: u64, bytes: &[u8]) -> (u64, &[u8]) {
    (at_ms, bytes)
}

/// [`super::split`] of a body that arrived in these reads.
fn split(framing: Framing, chunks: &[(u64, &[u8])]) -> Vec<WireFrame> {
    let mut body = ReceivedBody::default();
    for &(at_ms, bytes) in chunks {
        body.push(Duration::from_millis(at_ms), bytes);
    }
    super::split(framing, &body)
}

fn joined(frames: &[WireFrame]) -> Vec<u8> {
    frames.iter().flat_map(|frame| frame.raw.iter().copied()).collect()
}

/// Everything but `at`: what must not depend on where the chunks were cut.
fn content(frames: &[WireFrame]) -> Vec<WireFrame> {
    frames.iter().map(|frame| WireFrame { at: Duration::ZERO, ..frame.clone() }).collect()
}

fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|&(name, value)| (name.to_owned(), value.to_owned())).collect()
}

const ANTHROPIC: &str = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n: ping\n\n\
    event: content_block_delta\nid: 7\ndata: {\"a\":\ndata: 1}\n\n\nevent: message_stop\ndata: {}\n\n";

#[test]
fn sse_frames_do_not_depend_on_chunk_cuts() {
    let body = ANTHROPIC.as_bytes();
    let whole = split(Framing::Sse, &[chunk(5, body)]);
    assert_eq!(whole.len(), 4);
    assert_eq!(whole[0].headers, pairs(&[("event", "message_start")]));
    assert_eq!(whole[0].payload, "{\"type\":\"message_start\"}");
    assert_eq!((whole[1].headers.clone(), whole[1].payload.as_str()), (pairs(&[(":", "ping")]), ""));
    assert_eq!(whole[2].headers, pairs(&[("event", "content_block_delta"), ("id", "7")]));
    assert_eq!(whole[2].payload, "{\"a\":\n1}");
    // The stray blank line leads the next frame.
    assert!(whole[3].raw.starts_with(b"\nevent: message_stop"));
    assert!(whole.iter().all(|frame| frame.problem.is_none() && frame.inner.is_none()));
    for cut in 0..=body.len() {
        let frames = split(Framing::Sse, &[chunk(1, &body[..cut]), chunk(2, &body[cut..])]);
        assert_eq!(content(&frames), content(&whole), "cut {cut}");
        let mut end = 0;
        for frame in &frames {
            end += frame.raw.len();
            assert_eq!(frame.at, Duration::from_millis(if end <= cut { 1 } else { 2 }), "cut {cut}");
        }
        assert_eq!(joined(&frames), body);
    }
}

#[test]
fn sse_crlf_and_cr_line_ends() {
    let lf = split(Framing::Sse, &[chunk(0, ANTHROPIC.as_bytes())]);
    for ending in ["\r\n", "\r"] {
        let body = ANTHROPIC.replace('\n', ending);
        let frames = split(Framing::Sse, &[chunk(0, body.as_bytes())]);
        let fields =
            |frames: &[WireFrame]| frames.iter().map(|f| (f.headers.clone(), f.payload.clone())).collect::<Vec<_>>();
        assert_eq!(fields(&frames), fields(&lf), "{ending:?}");
        assert_eq!(joined(&frames), body.as_bytes());
    }
    // A CRLF split across chunks stays whole in the frame it ends, which its `\n` completes.
    let frames = split(Framing::Sse, &[chunk(1, b"data: 1\r\n\r"), chunk(2, b"\ndata: 2\r\n\r\n")]);
    assert_eq!(frames.len(), 2);
    assert_eq!((&frames[0].raw[..], frames[0].at), (&b"data: 1\r\n\r\n"[..], Duration::from_millis(2)));
    assert_eq!(frames[1].payload, "2");
}

#[test]
fn sse_unfinished_ends_and_bom() {
    for body in ["data: 1\n\ndata: 2\n", "data: 1\n\ndata: 2", "data: 1\n\n: bye"] {
        let frames = split(Framing::Sse, &[chunk(0, body.as_bytes())]);
        assert_eq!(frames.len(), 2, "{body:?}");
        assert_eq!(frames[1].problem.as_deref(), Some("no blank line after the last event"), "{body:?}");
    }
    assert_eq!(split(Framing::Sse, &[chunk(0, b"data: 1\n\ndata: 2")])[1].payload, "2");
    // Blank lines after the last event are a frame of their own, with nothing wrong.
    let frames = split(Framing::Sse, &[chunk(1, b"data: 1\n\n"), chunk(2, b"\n\r\n")]);
    assert_eq!((frames.len(), frames[0].at, frames[1].problem.clone()), (2, Duration::from_millis(1), None));
    let frames = split(Framing::Sse, &[chunk(0, b"\xEF\xBB\xBFevent: a\ndata: 1\n\n\xEF\xBB\xBFdata: 2\n\n")]);
    assert!(frames[0].raw.starts_with(BOM));
    assert_eq!((frames[0].headers.clone(), frames[0].payload.as_str()), (pairs(&[("event", "a")]), "1"));
    assert_eq!((frames[1].headers.clone(), frames[1].payload.as_str()), (pairs(&[("\u{feff}data", "2")]), ""));
    assert!(split(Framing::Sse, &[]).is_empty());
}

#[test]
fn arbitrary_bytes_never_panic_and_lose_nothing() {
    let alphabet = b"\r\n:data event id retry\xEF\xBB\xBF\xFF\x00\x01";
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let frame = encode(&[(":event-type", "chunk")], "{\"bytes\":\"eyJ9\"}");
    for round in 0..300 {
        let mut body: Vec<u8> = (0..next() % 64).map(|_| alphabet[next() as usize % alphabet.len()]).collect();
        if round % 3 == 0 {
            body = [frame.as_slice(), &body, &frame].concat();
        }
        let cuts = [(next() as usize) % (body.len() + 1), (next() as usize) % (body.len() + 1)];
        let (a, b) = (cuts[0].min(cuts[1]), cuts[0].max(cuts[1]));
        let chunks = [chunk(1, &body[..a]), chunk(2, &body[a..b]), chunk(3, &body[b..])];
        for framing in [Framing::Sse, Framing::EventStream] {
            assert_eq!(joined(&split(framing, &chunks)), body, "{framing:?} {body:?}");
        }
        let text = String::from_utf8_lossy(&body);
        let _ = Framing::of(Some(&text), RouteId::Anthropic);
    }
}

fn invoke_chunk(inner: &str) -> Vec<u8> {
    let payload = format!("{{\"bytes\":\"{}\"}}", STANDARD.encode(inner));
    let headers = [(":event-type", "chunk"), (":content-type", "application/json"), (":message-type", "event")];
    encode(&headers, payload)
}

#[test]
fn event_stream_frames_with_inner_json_and_arrival() {
    let (one, two) = (invoke_chunk("{\"type\":\"message_stop\"}"), encode(&[(":event-type", "x")], "plain"));
    let body = [one.as_slice(), &two].concat();
    let cut = one.len() + 3;
    let frames = split(Framing::EventStream, &[chunk(1, &body[..5]), chunk(2, &body[5..cut]), chunk(3, &body[cut..])]);
    assert_eq!(frames.len(), 2);
    assert_eq!((&frames[0].raw[..], frames[0].at), (&one[..], Duration::from_millis(2)));
    assert_eq!(frames[0].inner.as_deref(), Some("{\"type\":\"message_stop\"}"));
    assert_eq!(frames[0].headers[0], (":event-type".to_owned(), "chunk".to_owned()));
    assert_eq!((&frames[1].raw[..], frames[1].at), (&two[..], Duration::from_millis(3)));
    assert_eq!((frames[1].payload.as_str(), frames[1].inner.clone(), frames[1].problem.clone()), ("plain", None, None));
}

#[test]
fn event_stream_faults_and_leftovers() {
    let good = invoke_chunk("{}");
    let mut bad = good.clone();
    *bad.last_mut().expect("bytes") ^= 1;
    let body = [good.as_slice(), &bad, &good].concat();
    let frames = split(Framing::EventStream, &[chunk(1, &body[..good.len() + 4]), chunk(2, &body[good.len() + 4..])]);
    assert_eq!(frames.len(), 2);
    assert!(frames[1].problem.as_deref().is_some_and(|p| p.contains("checksum")), "{:?}", frames[1].problem);
    assert_eq!((frames[1].raw.len(), frames[1].at), (body.len() - good.len(), Duration::from_millis(2)));

    let body = [good.as_slice(), &good[..10]].concat();
    let frames = split(Framing::EventStream, &[chunk(1, &body)]);
    assert_eq!(frames.len(), 2);
    assert_eq!(frames[1].problem.as_deref(), Some("10 bytes left at the end of the body, not a whole frame"));
    assert_eq!(joined(&frames), body);
}

#[test]
fn header_values_read_as_text() {
    let uuid = HeaderValue::Uuid(0x0011_2233_4455_6677_8899_aabb_ccdd_eeff);
    assert_eq!(header_text(&uuid), "00112233-4455-6677-8899-aabbccddeeff");
    assert_eq!(header_text(&HeaderValue::ByteArray(Bytes::from_static(b"hi"))), "aGk=");
    let time = HeaderValue::Timestamp(aws_smithy_types::DateTime::from_secs(0));
    assert_eq!(header_text(&time), "1970-01-01T00:00:00Z");
    assert_eq!(header_text(&HeaderValue::Int64(-3)), "-3");
}

#[test]
fn framing_from_content_type_then_route() {
    let cases = [
        (Some("application/vnd.amazon.eventstream"), RouteId::Anthropic, Framing::EventStream),
        (Some("Text/Event-Stream; charset=utf-8"), RouteId::BedrockInvoke, Framing::Sse),
        (Some(" APPLICATION/VND.AMAZON.EVENTSTREAM ;x=1"), RouteId::GeminiApi, Framing::EventStream),
        (Some("application/json"), RouteId::BedrockConverse, Framing::EventStream),
        (None, RouteId::BedrockInvoke, Framing::EventStream),
        (None, RouteId::VertexClaude, Framing::Sse),
        (Some(""), RouteId::Emulator, Framing::Sse),
    ];
    for (content_type, route, expected) in cases {
        assert_eq!(Framing::of(content_type, route), expected, "{content_type:?} {route:?}");
    }
}
