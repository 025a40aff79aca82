//! Ids that look like the real ones (`req_…`, `msg_…`, `toolu_…`) and the small stable hash
//! behind them and behind the answers. No randomness and no clock: an id is a request's serial
//! number mixed with a per-server salt.

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// FNV-1a over the parts (each followed by a separator byte, so `["ab", "c"]` and
/// `["a", "bc"]` differ). Stable across runs and platforms, unlike `std`'s `DefaultHasher`.
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The `SplitMix64` mixer. Every step is invertible, so distinct inputs give distinct outputs:
/// ids built from distinct serials never collide.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// `req_01…`: the `request-id` header and the `request_id` of error bodies.
pub fn request_id(serial: u64, salt: u64) -> String {
    id("req_01", serial, salt)
}

/// `msg_01…`: a message id.
pub fn message_id(serial: u64, salt: u64) -> String {
    id("msg_01", serial, salt)
}

/// `msg_bdrk_01…`: a message id as Bedrock's Anthropic models give them.
pub fn bedrock_message_id(serial: u64, salt: u64) -> String {
    id("msg_bdrk_01", serial, salt)
}

/// `msg_vrtx_01…`: a message id as Claude on Vertex AI gives them.
pub fn vertex_message_id(serial: u64, salt: u64) -> String {
    id("msg_vrtx_01", serial, salt)
}

/// `req_vrtx_01…`: the `request-id` of Claude on Vertex AI.
pub fn vertex_request_id(serial: u64, salt: u64) -> String {
    id("req_vrtx_01", serial, salt)
}

/// A Gemini `responseId`: 22 opaque characters, no prefix.
pub fn google_response_id(serial: u64, salt: u64) -> String {
    let first = mix(serial ^ salt ^ fnv1a(&["responseId"]));
    let mut out = String::new();
    push_base62(first, &mut out);
    push_base62(mix(first), &mut out);
    out
}

/// A UUID-shaped AWS request id (`x-amzn-RequestId`), lowercase hex `8-4-4-4-12`.
pub fn aws_request_id(serial: u64, salt: u64) -> String {
    let high = mix(serial ^ salt ^ fnv1a(&["x-amzn-RequestId"]));
    let low = mix(high);
    let hex = format!("{high:016x}{low:016x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// `toolu_01…`: a tool call id.
pub fn tool_use_id(serial: u64, salt: u64) -> String {
    id("toolu_01", serial, salt)
}

/// A thinking block's signature: opaque, derived from the thinking text only.
pub fn signature(thinking: &str) -> String {
    let mut out = String::from("RW11");
    let mut word = fnv1a(&["signature", thinking]);
    for _ in 0..4 {
        word = mix(word);
        push_base62(word, &mut out);
    }
    out
}

fn id(prefix: &str, serial: u64, salt: u64) -> String {
    let first = mix(serial ^ salt ^ fnv1a(&[prefix]));
    let mut out = String::from(prefix);
    push_base62(first, &mut out);
    push_base62(mix(first), &mut out);
    out
}

/// Eleven base-62 digits, enough for any `u64`.
fn push_base62(mut n: u64, out: &mut String) {
    for _ in 0..11 {
        out.push(char::from(BASE62[(n % 62) as usize]));
        n /= 62;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_per_serial_and_prefixed() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|serial| request_id(serial, 7)).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| id.starts_with("req_01") && id.len() == 28));
        assert!(message_id(1, 7).starts_with("msg_01"));
        assert!(bedrock_message_id(1, 7).starts_with("msg_bdrk_01"));
        assert!(
            vertex_message_id(1, 7).starts_with("msg_vrtx_01") && vertex_request_id(1, 7).starts_with("req_vrtx_01")
        );
        assert_eq!(google_response_id(1, 7).len(), 22);
        assert_ne!(google_response_id(1, 7), google_response_id(2, 7));
        let aws = aws_request_id(1, 7);
        assert_eq!(aws.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert_ne!(aws, aws_request_id(2, 7));
    }

    #[test]
    fn hash_separates_parts() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(signature("x"), signature("x"));
    }
}
