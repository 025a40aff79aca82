//! What every request handler shares: the options, the request counter, the `429-then-ok`
//! memory, the prompt cache, the Google access tokens issued so far and the shutdown signal.

use super::EmulatorOptions;
use super::batches::MessageBatches;
use super::bedrock::AwsDemo;
use super::cloud_batch::CloudBatch;
use super::google::{GoogleDemo, IssuedTokens};
use super::ids;
use super::prompt_cache::PromptCache;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use tokio::sync::watch;

/// Shared by all handlers through `axum::extract::State<Arc<EmulatorState>>`.
#[derive(Debug)]
pub struct EmulatorState {
    pub options: EmulatorOptions,
    /// Mixed into ids so two servers (ports) hand out different ones.
    pub salt: u64,
    /// The port served, for the URLs the Google surfaces accept as their own.
    pub port: u16,
    serial: AtomicU64,
    seen_keys: Mutex<HashSet<String>>,
    prompt_cache: Mutex<PromptCache>,
    stopping: watch::Receiver<bool>,
    google_tokens: IssuedTokens,
    /// Anthropic Message Batches sent to this server.
    pub message_batches: MessageBatches,
    /// Bedrock and Vertex batch jobs, and the S3 and Cloud Storage objects they read and write.
    pub cloud_batch: CloudBatch,
}

impl EmulatorState {
    pub fn new(options: EmulatorOptions, port: u16, stopping: watch::Receiver<bool>) -> Self {
        Self {
            options,
            salt: ids::fnv1a(&["routeplay-emulator", &port.to_string()]),
            port,
            serial: AtomicU64::new(0),
            seen_keys: Mutex::new(HashSet::new()),
            prompt_cache: Mutex::new(PromptCache::default()),
            stopping,
            google_tokens: IssuedTokens::default(),
            message_batches: MessageBatches::default(),
            cloud_batch: CloudBatch::default(),
        }
    }

    /// The credentials the Bedrock surfaces accept.
    pub fn aws(&self) -> &AwsDemo {
        &self.options.aws
    }

    /// What the Google surfaces accept.
    pub fn google(&self) -> &GoogleDemo {
        &self.options.google
    }

    /// The Google access tokens issued so far.
    pub fn google_tokens(&self) -> &IssuedTokens {
        &self.google_tokens
    }

    /// A number no other request of this server gets.
    pub fn next_serial(&self) -> u64 {
        self.serial.fetch_add(1, Ordering::Relaxed)
    }

    /// True the first time `key` is asked about, false afterwards.
    pub fn first_time(&self, key: String) -> bool {
        self.seen_keys.lock().unwrap_or_else(PoisonError::into_inner).insert(key)
    }

    /// Tokens read from and written to the prompt cache by a request with these prefixes
    /// (see [`PromptCache::use_prefixes`]).
    pub fn use_prompt_cache(&self, prefixes: &[(u64, u32)]) -> (u32, u32) {
        let mut cache = self.prompt_cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache.use_prefixes(prefixes, std::time::Instant::now())
    }

    /// A receiver for [`stopping`].
    pub fn stop_signal(&self) -> watch::Receiver<bool> {
        self.stopping.clone()
    }
}

/// Resolves once shutdown was asked for. If the sender is gone without asking (the handle was
/// dropped), it never resolves: dropping the handle does not stop the server.
pub async fn stopping(mut signal: watch::Receiver<bool>) {
    if signal.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}
