//! The emulator's prompt cache: which conversation prefixes a cacheable request wrote, so a
//! later request that starts with one reports it as read. Prefixes end at message boundaries
//! (the system prompt, then each message), as Anthropic's cache looks back over earlier
//! breakpoints. Any length is cached (the real services need a model's minimum, 1024 tokens or
//! more); an entry lives [`TTL`] from its last use, like the default 5-minute cache, and at most
//! [`MAX_ENTRIES`] are kept, the least recently used going first.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long a prefix stays cached after it was last written or read.
pub const TTL: Duration = Duration::from_mins(5);
/// The most prefixes remembered; memory stays bounded whatever the traffic.
pub const MAX_ENTRIES: usize = 1024;

/// Prefix hash → its token count and when it was last used.
#[derive(Debug, Default)]
pub struct PromptCache {
    entries: HashMap<u64, (u32, Instant)>,
}

impl PromptCache {
    /// Look up the prefixes of one request, shortest first as `(hash, tokens)`, the last being
    /// the whole marked prefix; returns the tokens read (the longest prefix cached) and written
    /// (the rest of the marked prefix), and caches the whole prefix.
    pub fn use_prefixes(&mut self, prefixes: &[(u64, u32)], now: Instant) -> (u32, u32) {
        self.entries.retain(|_, (_, used)| now.duration_since(*used) < TTL);
        let Some(&(whole_hash, whole)) = prefixes.last() else { return (0, 0) };
        let read =
            prefixes.iter().rev().find(|(hash, _)| self.entries.contains_key(hash)).map_or(0, |&(hash, tokens)| {
                if let Some(entry) = self.entries.get_mut(&hash) {
                    entry.1 = now;
                }
                tokens.min(whole)
            });
        if !self.entries.contains_key(&whole_hash) && self.entries.len() >= MAX_ENTRIES {
            let oldest = self.entries.iter().min_by_key(|(_, (_, used))| *used).map(|(hash, _)| *hash);
            oldest.map(|hash| self.entries.remove(&hash));
        }
        self.entries.insert(whole_hash, (whole, now));
        (read, whole - read)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_writes_a_repeat_reads_a_longer_conversation_reads_its_start() {
        let mut cache = PromptCache::default();
        let now = Instant::now();
        assert_eq!(cache.use_prefixes(&[(1, 5), (2, 40)], now), (0, 40));
        assert_eq!(cache.use_prefixes(&[(1, 5), (2, 40)], now), (40, 0));
        assert_eq!(cache.use_prefixes(&[(1, 5), (2, 40), (3, 52), (4, 70)], now), (40, 30));
        assert_eq!(cache.use_prefixes(&[], now), (0, 0));
    }

    #[test]
    fn entries_expire_and_are_capped() {
        let mut cache = PromptCache::default();
        let start = Instant::now();
        cache.use_prefixes(&[(7, 10)], start);
        assert_eq!(cache.use_prefixes(&[(7, 10)], start + TTL + Duration::from_secs(1)), (0, 10));
        for hash in 0..(MAX_ENTRIES as u64 + 10) {
            cache.use_prefixes(&[(1000 + hash, 1)], start + TTL + Duration::from_secs(2));
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
    }
}
