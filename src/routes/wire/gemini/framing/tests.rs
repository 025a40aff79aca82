//! The Gemini body splitter: line ends, bare values, chunk boundaries, limits.

use super::*;

fn split(chunks: &[&[u8]]) -> Vec<Piece> {
    let mut framing = Framing::default();
    let mut out = Vec::new();
    for chunk in chunks {
        framing.feed(chunk, &mut out);
    }
    framing.finish(&mut out);
    out
}

fn data(text: &str) -> Piece {
    Piece::Data(text.into())
}

fn bare(text: &str) -> Piece {
    Piece::Bare(text.into())
}

#[test]
fn data_events_with_every_line_end() {
    for end in ["\n", "\r", "\r\n"] {
        let body = format!("data: {{\"a\":1}}{end}{end}: note{end}data: 2{end}{end}");
        assert_eq!(split(&[body.as_bytes()]), [data("{\"a\":1}"), data("2")], "{end:?}");
    }
}

#[test]
fn multi_line_data_and_unterminated_last_event() {
    assert_eq!(split(&[b"data: [1,\ndata: 2]\n\ndata: 3"]), [data("[1,\n2]"), data("3")]);
}

#[test]
fn blank_and_field_only_events_give_nothing() {
    assert_eq!(split(&[b"event: x\n\ndata:\n\ndata:  \n\n"]), []);
}

#[test]
fn bare_multi_line_object_after_events() {
    let body = b"data: 1\r\n\r\n{\r\n  \"error\": {\r\n    \"code\": 499\r\n  }\r\n}\r\n";
    assert_eq!(split(&[body]), [data("1"), bare("{\n  \"error\": {\n    \"code\": 499\n  }\n}\n")]);
}

#[test]
fn bare_value_flushes_an_event_still_open() {
    let body = b"data: 1\n[{\"error\":{}}]\ndata: 2\n\n";
    assert_eq!(split(&[body]), [data("1"), bare("[{\"error\":{}}]\n"), data("2")]);
}

#[test]
fn brackets_inside_strings_do_not_count() {
    let body = b"{\"m\": \"} ] \\\" {\",\n\"n\": \"\\\\\"}\ndata: 2\n\n";
    assert_eq!(split(&[body]), [bare("{\"m\": \"} ] \\\" {\",\n\"n\": \"\\\\\"}\n"), data("2")]);
}

#[test]
fn bare_value_cut_short_is_flushed_at_the_end() {
    assert_eq!(split(&[b"{\n  \"error\": {"]), [bare("{\n  \"error\": {\n")]);
}

#[test]
fn bom_before_a_bare_value_is_dropped() {
    assert_eq!(split(&[b"\xEF\xBB\xBF{}\n"]), [bare("{}\n")]);
    assert_eq!(split(&[b"\xEF\xBB\xBFdata: 1\n\n"]), [data("1")]);
}

#[test]
fn every_split_and_byte_by_byte_match_the_whole() {
    let body = b"data: {\"t\":\"\xC3\xA9\"}\r\n\r\ndata: 2\r\r{\r\n \"error\": {\"s\": \"}\"}\r\n}\r\ndata: 3\n\n";
    let whole = split(&[body]);
    assert_eq!(whole.len(), 4);
    for cut in 0..=body.len() {
        assert_eq!(split(&[&body[..cut], &body[cut..]]), whole, "cut {cut}");
    }
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(split(&bytes), whole);
}

#[test]
fn a_line_or_bare_value_past_the_limit_ends_with_one_fault() {
    let big = vec![b'x'; MAX_EVENT_BYTES / 4];
    for opening in [&b"data: "[..], &b"{\n\"a\": \""[..]] {
        let mut framing = Framing::default();
        let mut out = Vec::new();
        framing.feed(b"data: 1\n\n", &mut out);
        framing.feed(opening, &mut out);
        for _ in 0..5 {
            framing.feed(&big, &mut out);
            framing.feed(if opening.starts_with(b"{") { b"\n" } else { b"" }, &mut out);
        }
        framing.feed(b"\n\ndata: 2\n\n", &mut out);
        framing.finish(&mut out);
        assert_eq!(out.len(), 2, "{:?}", &out[1..].iter().map(|p| matches!(p, Piece::Fault(_))).collect::<Vec<_>>());
        assert_eq!(out[0], data("1"));
        let Piece::Fault(StreamFault::Framing { detail }) = &out[1] else { panic!("no fault") };
        assert!(detail.contains("passed 16 MiB"), "{detail}");
        assert!(framing.line.capacity() <= MAX_EVENT_BYTES && framing.bare.is_none());
    }
}
