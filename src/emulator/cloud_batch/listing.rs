//! `GET /{bucket}?list-type=2` as S3's `ListObjectsV2` and Cloud Storage's XML API answer it:
//! `prefix`, `delimiter`, `max-keys` (default and most 1000), `continuation-token` and
//! `start-after`; a `ListBucketResult` with `Contents`, `CommonPrefixes` and, when cut,
//! `IsTruncated` and `NextContinuationToken` (here the last key given, which is what the next
//! page starts after).

use super::objects::Objects;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The most keys one page holds.
pub const MAX_KEYS: usize = 1000;

/// What a listing asked for, from its query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub prefix: String,
    pub delimiter: Option<String>,
    pub max_keys: usize,
    pub after: Option<String>,
}

impl ListQuery {
    /// Read the query pairs (already percent-decoded); `None` when `list-type=2` is missing.
    pub fn from_pairs(pairs: &[(String, String)]) -> Option<Self> {
        let value = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
        if value("list-type").as_deref() != Some("2") {
            return None;
        }
        let max_keys = value("max-keys").and_then(|max| max.parse().ok()).unwrap_or(MAX_KEYS).min(MAX_KEYS);
        Some(Self {
            prefix: value("prefix").unwrap_or_default(),
            delimiter: value("delimiter").filter(|delimiter| !delimiter.is_empty()),
            max_keys,
            after: value("continuation-token").or_else(|| value("start-after")),
        })
    }
}

/// The `ListBucketResult` document for `bucket`, with `namespace` as its `xmlns`.
pub fn render(objects: &Objects, bucket: &str, query: &ListQuery, namespace: &str) -> String {
    let mut contents = String::new();
    let mut prefixes = BTreeSet::new();
    let mut count = 0;
    let mut last = None;
    let mut truncated = false;
    for (key, size, modified, etag) in objects.keys(bucket, &query.prefix, query.after.as_deref()) {
        let rest = &key[query.prefix.len()..];
        let folded = query.delimiter.as_deref().and_then(|delimiter| {
            rest.find(delimiter).map(|at| format!("{}{}", query.prefix, &rest[..at + delimiter.len()]))
        });
        if count == query.max_keys && folded.as_ref().is_none_or(|common| !prefixes.contains(common)) {
            truncated = true;
            break;
        }
        if let Some(folder) = folded {
            if prefixes.insert(folder) {
                count += 1;
            }
        } else {
            count += 1;
            let modified = DateTime::from(modified).fmt(Format::DateTime).unwrap_or_default();
            let _ = write!(
                contents,
                "<Contents><Key>{}</Key><LastModified>{modified}</LastModified><ETag>{}</ETag><Size>{size}</Size>\
                 <StorageClass>STANDARD</StorageClass></Contents>",
                escape(&key),
                escape(&etag)
            );
        }
        last = Some(key);
    }
    let mut document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"{namespace}\"><Name>{}</Name>\
         <Prefix>{}</Prefix><KeyCount>{count}</KeyCount><MaxKeys>{}</MaxKeys><IsTruncated>{truncated}</IsTruncated>",
        escape(bucket),
        escape(&query.prefix),
        query.max_keys
    );
    document.push_str(&contents);
    for folder in prefixes {
        let _ = write!(document, "<CommonPrefixes><Prefix>{}</Prefix></CommonPrefixes>", escape(&folder));
    }
    if let (true, Some(last)) = (truncated, last) {
        let _ = write!(document, "<NextContinuationToken>{}</NextContinuationToken>", escape(&last));
    }
    document.push_str("</ListBucketResult>");
    document
}

/// Text safe inside an XML element.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> ListQuery {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        ListQuery::from_pairs(&pairs).expect("a v2 listing")
    }

    #[test]
    fn pages_and_folders() {
        let objects = Objects::default();
        for key in ["p/a", "p/b", "p/c/1", "p/c/2", "p/d&e"] {
            objects.put("bk", key, b"x".to_vec()).expect("stored");
        }
        let page = render(&objects, "bk", &query(&[("list-type", "2"), ("prefix", "p/"), ("max-keys", "2")]), "ns");
        assert!(page.contains("<Key>p/a</Key>") && page.contains("<Key>p/b</Key>"), "{page}");
        assert!(page.contains("<IsTruncated>true</IsTruncated><Contents>") || page.contains("<IsTruncated>true"));
        assert!(page.contains("<NextContinuationToken>p/b</NextContinuationToken>"), "{page}");
        let next = render(
            &objects,
            "bk",
            &query(&[("list-type", "2"), ("prefix", "p/"), ("continuation-token", "p/b")]),
            "ns",
        );
        assert!(next.contains("<Key>p/c/1</Key>") && next.contains("<Key>p/d&amp;e</Key>") && !next.contains("p/a"));
        let folded = render(&objects, "bk", &query(&[("list-type", "2"), ("prefix", "p/"), ("delimiter", "/")]), "ns");
        assert!(folded.contains("<CommonPrefixes><Prefix>p/c/</Prefix></CommonPrefixes>"), "{folded}");
        assert!(!folded.contains("<Key>p/c/1</Key>") && folded.contains("<KeyCount>4</KeyCount>"), "{folded}");
        assert!(ListQuery::from_pairs(&[]).is_none());
    }
}
