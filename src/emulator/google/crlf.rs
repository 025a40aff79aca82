//! The `crlf` fault: any encoder's frames with every bare `\n` turned into `\r\n`, as live
//! Gemini `alt=sse` streams are reported to end their lines. Payload JSON never holds a raw
//! newline (serde escapes it), so only the framing changes.

use crate::emulator::drive::Encoder;
use crate::emulator::plan::{Block, Plan};
use bytes::Bytes;

/// Wraps an encoder; with `on: false` it changes nothing.
#[derive(Debug)]
pub struct Crlf<E> {
    inner: E,
    on: bool,
}

impl<E> Crlf<E> {
    pub fn new(inner: E, on: bool) -> Self {
        Self { inner, on }
    }

    fn convert(&self, frame: Bytes) -> Bytes {
        if !self.on || !frame.contains(&b'\n') {
            return frame;
        }
        let mut out = Vec::with_capacity(frame.len() + frame.len() / 8);
        let mut previous = 0;
        for &byte in &frame {
            if byte == b'\n' && previous != b'\r' {
                out.push(b'\r');
            }
            out.push(byte);
            previous = byte;
        }
        Bytes::from(out)
    }
}

impl<E: Encoder> Encoder for Crlf<E> {
    fn start(&mut self) -> Bytes {
        let frame = self.inner.start();
        self.convert(frame)
    }

    fn block_start(&mut self, index: usize, block: &Block) -> Bytes {
        let frame = self.inner.block_start(index, block);
        self.convert(frame)
    }

    fn delta(&mut self, index: usize, block: &Block, piece: &str) -> Bytes {
        let frame = self.inner.delta(index, block, piece);
        self.convert(frame)
    }

    fn block_stop(&mut self, index: usize, block: &Block) -> Bytes {
        let frame = self.inner.block_stop(index, block);
        self.convert(frame)
    }

    fn finish(&mut self, plan: &Plan) -> Bytes {
        let frame = self.inner.finish(plan);
        self.convert(frame)
    }

    fn error(&mut self) -> Bytes {
        let frame = self.inner.error();
        self.convert(frame)
    }

    fn model_error(&mut self) -> Bytes {
        let frame = self.inner.model_error();
        self.convert(frame)
    }

    fn malformed(&mut self) -> Bytes {
        let frame = self.inner.malformed();
        self.convert(frame)
    }

    fn corrupt(&mut self) -> Bytes {
        let frame = self.inner.corrupt();
        self.convert(frame)
    }

    fn truncated(&mut self) -> Bytes {
        let frame = self.inner.truncated();
        self.convert(frame)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_line_feeds_change() {
        let on = Crlf::new((), true);
        assert_eq!(on.convert(Bytes::from_static(b"data: x\n\na\r\nb")), "data: x\r\n\r\na\r\nb");
        assert_eq!(Crlf::new((), false).convert(Bytes::from_static(b"x\n")), "x\n");
    }
}
