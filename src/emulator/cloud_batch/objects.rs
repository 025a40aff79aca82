//! The objects the S3 and Cloud Storage stand-ins hold, in memory, by bucket and key. Any
//! bucket name exists (an empty one lists nothing). Bounded: at most [`MAX_OBJECTS`] objects
//! and [`MAX_STORED_BYTES`] in all, one object at most [`MAX_OBJECT_BYTES`]; past a bound a
//! write is refused with a message naming it.

use super::super::ids;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

/// The largest object one write may hold.
pub const MAX_OBJECT_BYTES: usize = 64 * 1024 * 1024;
/// All objects together.
pub const MAX_STORED_BYTES: usize = 256 * 1024 * 1024;
/// How many objects in all.
pub const MAX_OBJECTS: usize = 20_000;

/// One stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub bytes: Vec<u8>,
    pub modified: SystemTime,
    /// Quoted, as the `ETag` header and the listing carry it.
    pub etag: String,
}

/// Why a write was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Full {
    /// The object alone is over [`MAX_OBJECT_BYTES`].
    TooLarge(usize),
    /// The store would pass one of its bounds; the message names it.
    Store(String),
}

/// Every object, by `(bucket, key)`.
#[derive(Debug, Default)]
pub struct Objects {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    objects: BTreeMap<(String, String), Stored>,
    bytes: usize,
}

impl Objects {
    /// Write `bytes` at `key` in `bucket`, replacing what was there.
    pub fn put(&self, bucket: &str, key: &str, bytes: Vec<u8>) -> Result<Stored, Full> {
        if bytes.len() > MAX_OBJECT_BYTES {
            return Err(Full::TooLarge(bytes.len()));
        }
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let id = (bucket.to_owned(), key.to_owned());
        let replaced = inner.objects.get(&id).map_or(0, |old| old.bytes.len());
        let bytes_after = inner.bytes - replaced + bytes.len();
        if bytes_after > MAX_STORED_BYTES {
            return Err(Full::Store(format!(
                "the emulator holds at most {MAX_STORED_BYTES} bytes of objects; restart it to clear them"
            )));
        }
        if replaced == 0 && !inner.objects.contains_key(&id) && inner.objects.len() >= MAX_OBJECTS {
            return Err(Full::Store(format!(
                "the emulator holds at most {MAX_OBJECTS} objects; restart it to clear them"
            )));
        }
        let hash = ids::fnv1a(&[bucket, key, &String::from_utf8_lossy(&bytes)]);
        let stored = Stored { bytes, modified: SystemTime::now(), etag: format!("\"{hash:016x}\"") };
        inner.bytes = bytes_after;
        inner.objects.insert(id, stored.clone());
        Ok(stored)
    }

    /// The object at `key` in `bucket`.
    pub fn get(&self, bucket: &str, key: &str) -> Option<Stored> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.objects.get(&(bucket.to_owned(), key.to_owned())).cloned()
    }

    /// Keys under `prefix` in `bucket`, in order, after `after`: each with its size, time and
    /// `ETag` (no bytes).
    pub fn keys(&self, bucket: &str, prefix: &str, after: Option<&str>) -> Vec<(String, usize, SystemTime, String)> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let start = (bucket.to_owned(), after.map_or_else(|| prefix.to_owned(), str::to_owned));
        inner
            .objects
            .range(start..)
            .take_while(|((b, _), _)| b == bucket)
            .filter(|((_, key), _)| key.starts_with(prefix) && after.is_none_or(|after| key.as_str() > after))
            .map(|((_, key), stored)| (key.clone(), stored.bytes.len(), stored.modified, stored.etag.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_and_list_by_prefix_in_order() {
        let objects = Objects::default();
        objects.put("b", "p/2", b"two".to_vec()).expect("stored");
        objects.put("b", "p/1", b"one".to_vec()).expect("stored");
        objects.put("b", "q/1", b"other".to_vec()).expect("stored");
        objects.put("c", "p/3", b"other bucket".to_vec()).expect("stored");
        assert_eq!(objects.get("b", "p/1").expect("there").bytes, b"one");
        let keys: Vec<String> = objects.keys("b", "p/", None).into_iter().map(|k| k.0).collect();
        assert_eq!(keys, ["p/1", "p/2"]);
        let after: Vec<String> = objects.keys("b", "p/", Some("p/1")).into_iter().map(|k| k.0).collect();
        assert_eq!(after, ["p/2"]);
        assert_eq!(objects.get("b", "nope"), None);
    }

    #[test]
    fn an_object_over_the_bound_is_refused_and_a_replaced_one_recounted() {
        let objects = Objects::default();
        assert_eq!(objects.put("b", "k", vec![0; MAX_OBJECT_BYTES + 1]), Err(Full::TooLarge(MAX_OBJECT_BYTES + 1)));
        let replaced = objects.put("b", "k", vec![1; 10]).and_then(|_| objects.put("b", "k", vec![2; 4]));
        assert!(replaced.is_ok());
        assert_eq!(objects.get("b", "k").expect("there").bytes, vec![2; 4]);
    }
}
