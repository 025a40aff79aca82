//! `application/x-www-form-urlencoded` pairs, as query strings and OAuth token requests carry
//! them: `+` is a space and `%XX` a byte; invalid escapes are kept as they are.

/// The `name=value` pairs of `text`, decoded, in order.
pub fn pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// The first value of `name` in `pairs`.
pub fn value<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs.iter().find(|(own, _)| own == name).map(|(_, value)| value.as_str())
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'+' => out.push(b' '),
            b'%' => match hex(bytes.get(at + 1)).zip(hex(bytes.get(at + 2))) {
                Some((high, low)) => {
                    out.push(high * 16 + low);
                    at += 2;
                }
                None => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: Option<&u8>) -> Option<u8> {
    char::from(*byte?).to_digit(16).and_then(|digit| u8::try_from(digit).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_pairs() {
        let pairs = pairs("grant_type=urn%3Aietf%3Aparams&scope=a+b&empty=&flag&bad=%zz%4");
        assert_eq!(value(&pairs, "grant_type"), Some("urn:ietf:params"));
        assert_eq!(value(&pairs, "scope"), Some("a b"));
        assert_eq!(value(&pairs, "empty"), Some(""));
        assert_eq!(value(&pairs, "flag"), Some(""));
        assert_eq!(value(&pairs, "bad"), Some("%zz%4"));
        assert_eq!(value(&pairs, "missing"), None);
    }
}
