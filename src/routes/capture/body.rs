//! A response body as it arrived: its bytes in one growing buffer and each read's time and
//! length beside them, the way the history stores it. Each read is copied in, so no slice of
//! the HTTP client's read buffers is held: memory follows the bytes kept, not the reads.

use std::time::Duration;

/// The body's bytes and its reads ([`ReceivedChunk`]s), in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceivedBody {
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
}

/// One read: when it arrived (since the request was sent) and how many bytes it brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    at: Duration,
    len: usize,
}

/// One piece of the response body as it arrived, and when (since the request was sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceivedChunk<'a> {
    pub at: Duration,
    pub bytes: &'a [u8],
}

impl ReceivedBody {
    /// A body of `bytes` read in pieces of the given times and lengths; an error when the
    /// lengths add up to more than the bytes. Bytes past the pieces are not part of it.
    pub fn from_parts(mut bytes: Vec<u8>, pieces: impl IntoIterator<Item = (Duration, usize)>) -> Result<Self, String> {
        let pieces: Vec<Piece> = pieces.into_iter().map(|(at, len)| Piece { at, len }).collect();
        let total = pieces.iter().try_fold(0_usize, |sum, piece| sum.checked_add(piece.len));
        match total {
            Some(total) if total <= bytes.len() => {
                bytes.truncate(total);
                Ok(Self { bytes, pieces })
            }
            _ => Err("the pieces add up to more than the body".to_owned()),
        }
    }

    /// Append a read of `bytes` that arrived `at` (an empty read is not kept).
    pub fn push(&mut self, at: Duration, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.bytes.extend_from_slice(bytes);
            self.pieces.push(Piece { at, len: bytes.len() });
        }
    }

    /// How many reads brought the body.
    #[must_use]
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The whole body, every read joined.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The reads in order, each with its bytes.
    pub fn iter(&self) -> impl Iterator<Item = ReceivedChunk<'_>> {
        let mut start = 0;
        self.pieces.iter().map(move |piece| {
            let bytes = self.bytes.get(start..start + piece.len).unwrap_or_default();
            start += piece.len;
            ReceivedChunk { at: piece.at, bytes }
        })
    }

    /// Its first `limit` bytes at most, with the reads that brought them (the last one cut).
    #[must_use]
    pub fn cut_to(&self, limit: usize) -> ReceivedBody {
        let mut cut = ReceivedBody::default();
        for chunk in self.iter() {
            let room = limit - cut.bytes.len();
            if room == 0 {
                break;
            }
            cut.push(chunk.at, &chunk.bytes[..chunk.bytes.len().min(room)]);
        }
        cut
    }

    /// Give back the room the buffer grew beyond its bytes, once no more will come.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.pieces.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(pieces: &[(u64, &[u8])]) -> ReceivedBody {
        let mut body = ReceivedBody::default();
        for &(at_ms, bytes) in pieces {
            body.push(Duration::from_millis(at_ms), bytes);
        }
        body
    }

    #[test]
    fn reads_come_back_in_order_from_one_buffer() {
        let body = body(&[(1, b"ab"), (2, b""), (3, b"cde")]);
        let reads: Vec<(u64, &[u8])> =
            body.iter().map(|chunk| (u64::try_from(chunk.at.as_millis()).unwrap(), chunk.bytes)).collect();
        assert_eq!(reads, [(1, &b"ab"[..]), (3, &b"cde"[..])]);
        assert_eq!((body.bytes(), body.len()), (&b"abcde"[..], 2));
    }

    #[test]
    fn parts_must_not_claim_more_than_the_bytes() {
        let pieces = [(Duration::ZERO, 2), (Duration::from_millis(1), 1)];
        let body = ReceivedBody::from_parts(b"abcd".to_vec(), pieces).unwrap();
        assert_eq!((body.bytes(), body.len()), (&b"abc"[..], 2));
        let error = ReceivedBody::from_parts(b"ab".to_vec(), [(Duration::ZERO, 3)]).unwrap_err();
        assert!(error.contains("more than the body"), "{error}");
        assert!(ReceivedBody::from_parts(Vec::new(), [(Duration::ZERO, usize::MAX), (Duration::ZERO, 1)]).is_err());
    }

    #[test]
    fn a_cut_keeps_whole_reads_then_part_of_one() {
        let body = body(&[(1, b"abcd"), (2, b"efgh")]);
        assert_eq!(body.cut_to(6), self::body(&[(1, b"abcd"), (2, b"ef")]));
        assert!(body.cut_to(0).is_empty());
        assert_eq!(body.cut_to(usize::MAX), body);
    }
}
