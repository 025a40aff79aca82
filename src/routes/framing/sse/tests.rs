//! The SSE decoder against the WHATWG rules: line ends, chunk boundaries anywhere, UTF-8, BOM, and the SDKs' departures.

use super::*;

fn decode_chunks(chunks: &[&[u8]]) -> Vec<SseEvent> {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    for chunk in chunks {
        decoder.feed(chunk, &mut out);
    }
    decoder.finish(&mut out);
    out
}

fn decode(body: &[u8]) -> Vec<SseEvent> {
    decode_chunks(&[body])
}

fn event(name: Option<&str>, data: &str) -> SseEvent {
    SseEvent { event: name.map(str::to_owned), data: data.to_owned(), ..SseEvent::default() }
}

#[test]
fn blank_line_dispatches_event_and_data() {
    let events = decode(b"event: completion\ndata: {\"a\":1}\n\n");
    assert_eq!(events, [event(Some("completion"), "{\"a\":1}")]);
}

#[test]
fn lf_cr_and_crlf_all_end_lines() {
    let expected = [event(Some("a"), "1"), event(Some("b"), "2")];
    for sep in ["\n", "\r", "\r\n"] {
        let body = format!("event: a{sep}data: 1{sep}{sep}event: b{sep}data: 2{sep}{sep}");
        assert_eq!(decode(body.as_bytes()), expected, "separator {sep:?}");
    }
}

#[test]
fn crlf_split_across_chunks_is_one_line_end() {
    // Were the `\n` taken as a second line end, `event: a` would dispatch on its own.
    let events = decode_chunks(&[b"event: a\r", b"\ndata: 1\r", b"\n\r", b"\n"]);
    assert_eq!(events, [event(Some("a"), "1")]);
}

#[test]
fn empty_chunk_keeps_pending_cr() {
    let events = decode_chunks(&[b"event: a\r", b"", b"\ndata: 1\r\n\r", b"", b"\n"]);
    assert_eq!(events, [event(Some("a"), "1")]);
}

#[test]
fn cr_then_cr_is_two_line_ends() {
    let events = decode_chunks(&[b"data: 1\r", b"\rdata: 2\r\r"]);
    assert_eq!(events, [event(None, "1"), event(None, "2")]);
}

#[test]
fn every_split_gives_same_events() {
    let body = "event: x\r\ndata: caf\u{e9} \u{2028}\r\n: note\r\n\r\ndata: 2\r\r".as_bytes();
    let whole = decode(body);
    assert_eq!(whole.len(), 2);
    for cut in 0..=body.len() {
        assert_eq!(decode_chunks(&[&body[..cut], &body[cut..]]), whole, "cut {cut}");
    }
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(decode_chunks(&bytes), whole);
}

#[test]
fn utf8_split_across_chunks_is_kept() {
    let text = "\u{438}\u{437}\u{432}".as_bytes();
    let events = decode_chunks(&[b"data: ", &text[..1], &text[1..3], &text[3..], b"\n\n"]);
    assert_eq!(events, [event(None, "\u{438}\u{437}\u{432}")]);
}

#[test]
fn invalid_utf8_is_replaced() {
    let events = decode(b"data: a\xFFb\n\n");
    assert_eq!(events, [event(None, "a\u{FFFD}b")]);
}

#[test]
fn multi_line_data_joins_with_newline() {
    let events = decode(b"data: {\ndata: \"a\":\ndata:\ndata: 1}\n\n");
    assert_eq!(events, [event(None, "{\n\"a\":\n\n1}")]);
}

#[test]
fn only_one_space_after_colon_is_dropped() {
    let events = decode(b"data:x\n\ndata:  y\n\n");
    assert_eq!(events, [event(None, "x"), event(None, " y")]);
}

#[test]
fn comments_and_unknown_fields_are_ignored() {
    let events = decode(b": keep-alive\nfoo: bar\ndata: 1\n:\n\n");
    assert_eq!(events, [event(None, "1")]);
}

#[test]
fn comment_alone_dispatches_nothing() {
    assert_eq!(decode(b": hi\n\n\n\n"), []);
}

#[test]
fn line_without_colon_is_a_field_with_empty_value() {
    let events = decode(b"data\ndata\n\n");
    assert_eq!(events, [event(None, "\n")]);
}

#[test]
fn event_without_data_is_dispatched_like_the_sdk() {
    let events = decode(b"event: ping\n\n");
    assert_eq!(events, [event(Some("ping"), "")]);
}

#[test]
fn id_carries_over_and_retry_needs_digits() {
    let events = decode(b"id: 7\nretry: 1500\ndata: a\n\ndata: b\nretry: x1\n\nid\ndata: c\n\n");
    assert_eq!(events[0].id.as_deref(), Some("7"));
    assert_eq!(events[0].retry, Some(1500));
    assert_eq!(events[1].id.as_deref(), Some("7"));
    assert_eq!(events[1].retry, None);
    assert_eq!(events[2].id, None);
}

#[test]
fn id_with_nul_is_ignored() {
    let events = decode(b"id: 1\n\nid: a\0b\ndata: x\n\n");
    assert_eq!(events[1].id.as_deref(), Some("1"));
}

#[test]
fn finish_flushes_event_with_data_and_unterminated_line() {
    assert_eq!(decode(b"event: a\ndata: 1"), [event(Some("a"), "1")]);
    assert_eq!(decode(b"event: a\ndata: 1\n"), [event(Some("a"), "1")]);
}

#[test]
fn finish_drops_event_without_data() {
    assert_eq!(decode(b"event: a\n"), []);
}

#[test]
fn bom_at_start_is_stripped_even_when_split() {
    let expected = [event(Some("a"), "1")];
    assert_eq!(decode(b"\xEF\xBB\xBFevent: a\ndata: 1\n\n"), expected);
    let split = decode_chunks(&[b"\xEF", b"\xBB", b"\xBFevent: a\ndata: 1\n\n"]);
    assert_eq!(split, expected);
}

#[test]
fn bom_later_is_kept() {
    let events = decode(b"data: 1\n\n\xEF\xBB\xBFdata: 2\n\n");
    assert_eq!(events, [event(None, "1")]);
}

#[test]
fn long_line_fed_byte_by_byte_is_not_rescanned() {
    // Quadratic rescanning would make this take minutes instead of milliseconds.
    let mut body = b"data: ".to_vec();
    body.resize(256 * 1024, b'x');
    body.extend_from_slice(b"\n\n");
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    let events = decode_chunks(&bytes);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].data.len(), 256 * 1024 - b"data: ".len());
}

#[test]
fn partial_line_buffer_holds_only_the_unfinished_line() {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    decoder.feed(b"data: 1\n\ndata: 23", &mut out);
    assert_eq!(decoder.partial_line, b"data: 23");
    decoder.feed(b"4\n\n", &mut out);
    assert!(decoder.partial_line.is_empty());
    assert_eq!(out, [event(None, "1"), event(None, "234")]);
}

#[test]
fn a_line_past_the_limit_is_a_fault_and_nothing_more_is_held() {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    decoder.feed(b"data: 1\n\n", &mut out);
    let chunk = vec![b'x'; 1024 * 1024];
    for _ in 0..=MAX_EVENT_BYTES / chunk.len() {
        decoder.feed(&chunk, &mut out);
    }
    let Some(StreamFault::Framing { detail }) = decoder.fault() else { panic!("no fault: {:?}", decoder.fault()) };
    assert_eq!(detail, "an SSE line passed 16 MiB, the most one line or event may hold (a fixed limit)");
    assert!(decoder.partial_line.len() <= MAX_EVENT_BYTES);
    decoder.feed(b"\n\ndata: 2\n\n", &mut out);
    decoder.finish(&mut out);
    assert_eq!(out, [event(None, "1")], "nothing after the fault is decoded");
    assert!(decoder.fault().is_some(), "the fault outlives finish");
}

#[test]
fn an_event_of_many_lines_past_the_limit_is_a_fault() {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    let line = format!("data: {}\n", "y".repeat(64 * 1024));
    for _ in 0..=MAX_EVENT_BYTES / line.len() {
        decoder.feed(line.as_bytes(), &mut out);
    }
    let Some(StreamFault::Framing { detail }) = decoder.fault() else { panic!("no fault") };
    assert!(detail.starts_with("an SSE event passed 16 MiB"), "{detail}");
    assert!(out.is_empty());
}

#[test]
fn a_line_just_under_the_limit_decodes() {
    let mut body = b"data: ".to_vec();
    body.resize(MAX_EVENT_BYTES, b'z');
    body.extend_from_slice(b"\n\n");
    let events = decode(&body);
    assert_eq!(events[0].data.len(), MAX_EVENT_BYTES - b"data: ".len());
}
