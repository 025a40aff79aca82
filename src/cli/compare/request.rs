//! The request a compare sends, and where it goes.

use super::super::CompareArgs;
use crate::config::file::{CompareSet, Config};
use crate::routes::request::{ChatRequest, Params, Role, Turn};

/// The request: flags win over the set's parameters, those over `[defaults]`.
pub fn build(args: &CompareArgs, set: Option<&CompareSet>, config: &Config, prompt: String) -> ChatRequest {
    let defaults = &config.defaults;
    let from_set = |pick: fn(&CompareSet) -> Option<f32>| set.and_then(pick);
    let stop = if args.stop.is_empty() {
        set.and_then(|set| set.stop_sequences.clone()).or_else(|| defaults.stop_sequences.clone()).unwrap_or_default()
    } else {
        args.stop.clone()
    };
    ChatRequest {
        system: args.system.clone().or_else(|| set.and_then(|s| s.system.clone())).or_else(|| defaults.system.clone()),
        turns: vec![Turn { role: Role::User, text: prompt }],
        params: Params {
            max_tokens: args
                .max_tokens
                .or_else(|| set.and_then(|s| s.max_tokens))
                .or(defaults.max_tokens)
                .unwrap_or(Params::default().max_tokens),
            temperature: args.temperature.or_else(|| from_set(|s| s.temperature)).or(defaults.temperature),
            top_p: args.top_p.or_else(|| from_set(|s| s.top_p)).or(defaults.top_p),
            stop_sequences: stop,
        },
    }
}
