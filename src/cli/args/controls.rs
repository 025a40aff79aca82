//! The request controls as `ask` and `compare` take them: thinking, effort, top-k, prompt
//! caching, a guardrail, the service tier, the latency mode, request metadata and attachments.

use crate::routes::controls::{Controls, Effort, Guardrail, Latency, ServiceTier, ThinkingMode, parse_meta};
use clap::Args;
use std::path::PathBuf;

/// Controls beyond sampling; each route sends, maps or drops them as its capabilities say.
#[derive(Debug, Clone, Default, Args)]
pub struct ControlArgs {
    /// Thinking: off, adaptive, or a token budget (e.g. 2048).
    #[arg(long, value_name = "off|adaptive|BUDGET")]
    pub thinking: Option<ThinkingMode>,
    /// Reasoning effort where the model has it: low, medium or high.
    #[arg(long, value_name = "low|medium|high")]
    pub effort: Option<Effort>,
    /// Sample only from the K most likely tokens.
    #[arg(long, value_name = "K")]
    pub top_k: Option<u32>,
    /// Mark the system prompt and the conversation so far as cacheable.
    #[arg(long)]
    pub cache: bool,
    /// A Bedrock guardrail, `ID[:VERSION]` (version DRAFT when absent), with its trace.
    #[arg(long, value_name = "ID[:VERSION]")]
    pub guardrail: Option<Guardrail>,
    /// Service tier: priority, default, flex or reserved (Bedrock); auto or `standard_only`
    /// (Anthropic); priority, standard or flex (Gemini, Vertex).
    #[arg(long, value_name = "TIER")]
    pub service_tier: Option<ServiceTier>,
    /// Bedrock latency mode: standard or optimized.
    #[arg(long, value_name = "standard|optimized")]
    pub latency: Option<Latency>,
    /// Request metadata, `KEY=VALUE` (repeatable): Bedrock requestMetadata, Vertex labels.
    #[arg(long = "meta", value_name = "KEY=VALUE", value_parser = parse_meta)]
    pub meta: Vec<(String, String)>,
    /// A file to send with the prompt: PNG, JPEG, GIF, WebP, PDF or text (repeatable).
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<PathBuf>,
}

impl ControlArgs {
    /// The controls asked for on the command line.
    #[must_use]
    pub fn controls(&self) -> Controls {
        Controls {
            thinking: self.thinking.unwrap_or_default(),
            effort: self.effort,
            top_k: self.top_k,
            cache: self.cache,
            guardrail: self.guardrail.clone(),
            service_tier: self.service_tier,
            latency: self.latency,
            metadata: self.meta.iter().cloned().collect(),
        }
    }
}
