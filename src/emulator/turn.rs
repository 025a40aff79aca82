//! One request's answer, surface-neutral: given the conversation a surface parsed, the model
//! it resolved and the request's controls, either the fault that refuses the request or the
//! planned output with its token counts, stream fault and pace. Each surface then renders the
//! refusal or encodes the plan in its own wire shape.
//!
//! The controls a surface read ([`Asked`]) shape the plan the same way on every surface:
//! thinking asked of a plain model makes it think, up to the budget; attachments count toward
//! the input ([`tokens::estimate_attachment`]); a cacheable prefix is written to or read from
//! the prompt cache; and a named guardrail intervenes on a blocked word ([`super::guardrail`]).

use super::answer::{self, Answer, Prompt};
use super::catalog::{Behaviour, Choice};
use super::controls::Controls;
use super::drive;
use super::faults::{Fault, Rejection, StreamFault};
use super::plan::{self, Limits, Plan};
use super::state::EmulatorState;
use super::{guardrail, ids, tokens};
use crate::routes::request::Role;
use std::time::Duration;

/// Answers are capped at this many tokens, whatever size is asked for.
const MAX_ANSWER_TOKENS: u32 = 8192;
/// `retry-after` of the `429` fault unless the request says otherwise.
const RETRY_AFTER: u64 = 1;

/// What a surface read from a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub system: Option<String>,
    /// Every message's role and text, in order.
    pub messages: Vec<(Role, String)>,
    pub max_tokens: u32,
    pub stop_sequences: Vec<String>,
    /// The request controls the surface read, which shape the answer.
    pub asked: Asked,
}

/// Request controls that change what the emulator answers, read by each surface from its own
/// wire shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asked {
    /// Thinking was asked for, up to this many tokens (`None` in the budget: adaptive).
    #[allow(clippy::option_option, reason = "every surface fills it: asked or not, then a budget or adaptive")]
    pub thinking: Option<Option<u32>>,
    /// The request marks a cacheable prefix (`cache_control`, `cachePoint`); Gemini caches
    /// implicitly, so its surface sets this on every request.
    pub cache: bool,
    /// A guardrail was named (id and version), so a blocked word in the prompt intervenes.
    pub guardrail: Option<(String, String)>,
    /// Attached files: images and documents, which count toward the input tokens.
    pub attachments: Vec<AttachmentSeen>,
}

/// One attached file as a surface read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentSeen {
    pub media_type: String,
    /// Its decoded size in bytes.
    pub size: usize,
}

/// Cached prefix tokens: read from an earlier request's cache, or written for later ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheUse {
    pub read: u32,
    pub write: u32,
}

/// A guardrail's intervention: the answer is replaced by its blocked message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intervention {
    pub guardrail: (String, String),
    /// The word that tripped it.
    pub word: String,
    /// Whether it was found in the input (else in the output).
    pub in_input: bool,
}

/// A fault that refuses the request before any output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub rejection: Rejection,
    /// Seconds, for rate limits.
    pub retry_after: u64,
}

/// The output of a request that is answered.
#[derive(Debug, Clone)]
pub struct Turn {
    pub plan: Plan,
    pub input_tokens: u32,
    /// Only for streaming responses; ignored otherwise.
    pub fault: Option<StreamFault>,
    pub pace: Option<Duration>,
    /// Of `input_tokens`, what came from or went into the prompt cache.
    pub cache: CacheUse,
    /// A guardrail intervened: the plan is then its blocked message.
    pub intervention: Option<Intervention>,
}

/// Decide the fault (the header wins over the model suffix), then plan the answer.
pub fn take(
    state: &EmulatorState,
    serial: u64,
    controls: &Controls,
    choice: &Choice<'_>,
    conversation: &Conversation,
) -> Result<Turn, Refusal> {
    let fault = match controls.fault.or(choice.fault) {
        Some(Fault::Reject(rejection)) => {
            return Err(Refusal { rejection, retry_after: controls.retry_after.unwrap_or(RETRY_AFTER) });
        }
        Some(Fault::RejectFirst(rejection)) if state.first_time(first_time_key(controls, conversation)) => {
            return Err(Refusal { rejection, retry_after: controls.retry_after.unwrap_or(0) });
        }
        Some(Fault::Stream(fault)) => Some(fault),
        Some(Fault::RejectFirst(_)) | None => None,
    };

    let user_texts = conversation.messages.iter().filter(|(role, _)| *role == Role::User).map(|(_, text)| text);
    let prompt = user_texts.clone().next_back().map_or("", String::as_str);
    let turn = user_texts.count();
    let size = controls.answer_tokens.unwrap_or(state.options.answer_tokens).clamp(1, MAX_ANSWER_TOKENS);
    let asked = &conversation.asked;
    let behaviour = match choice.behaviour {
        Behaviour::Plain if asked.thinking.is_some() => Behaviour::Thinking,
        behaviour => behaviour,
    };
    let answer = answer::answer(
        &Prompt { model: choice.base, system: conversation.system.as_deref(), text: prompt, turn },
        behaviour,
        size as usize,
    );
    let limits = Limits {
        max_tokens: conversation.max_tokens,
        stop_sequences: &conversation.stop_sequences,
        thinking_budget: asked.thinking.flatten(),
    };
    let intervention = intervention(state, conversation, &answer);
    let answer = match intervention {
        Some(_) => Answer { thinking: None, text: guardrail::BLOCKED_MESSAGE.to_owned(), tool: None },
        None => answer,
    };
    let input_tokens = input_tokens(conversation);
    let cache =
        if asked.cache { cache_use(state, choice.base, conversation, input_tokens) } else { CacheUse::default() };
    Ok(Turn {
        plan: plan::plan(&answer, limits, ids::tool_use_id(serial, state.salt)),
        input_tokens,
        fault,
        pace: drive::pace(controls.tokens_per_second.unwrap_or(state.options.tokens_per_second)),
        cache,
        intervention,
    })
}

/// Input tokens: the texts' estimate plus each attachment's ([`tokens::estimate_attachment`]).
pub fn input_tokens(conversation: &Conversation) -> u32 {
    let texts = conversation.system.iter().chain(conversation.messages.iter().map(|(_, text)| text));
    let files =
        conversation.asked.attachments.iter().map(|file| tokens::estimate_attachment(&file.media_type, file.size));
    files.fold(tokens::estimate_input(texts.map(String::as_str)), u32::saturating_add)
}

/// With a guardrail named, the first blocked word in the input (system and messages), else in
/// the answer.
fn intervention(state: &EmulatorState, conversation: &Conversation, answer: &Answer) -> Option<Intervention> {
    let named = conversation.asked.guardrail.as_ref()?;
    let words = &state.options.blocked_words;
    let mut input = conversation.system.iter().chain(conversation.messages.iter().map(|(_, text)| text));
    let (word, in_input) = match input.find_map(|text| guardrail::blocked_word(text, words)) {
        Some(word) => (word, true),
        None => (guardrail::blocked_word(&answer.text, words)?, false),
    };
    Some(Intervention { guardrail: named.clone(), word: word.to_owned(), in_input })
}

/// What the marked prefix (the whole conversation, as the routes mark the last user message)
/// reads from and writes to the prompt cache. The prefixes end at the system prompt and at each
/// message, and are keyed by the model too, as caches are per model.
fn cache_use(state: &EmulatorState, model: &str, conversation: &Conversation, total: u32) -> CacheUse {
    let mut parts: Vec<&str> = vec![model, conversation.system.as_deref().unwrap_or("")];
    let mut texts: Vec<&str> = conversation.system.iter().map(String::as_str).collect();
    let mut prefixes = Vec::new();
    if conversation.system.is_some() {
        prefixes.push((ids::fnv1a(&parts), tokens::estimate_input(texts.iter().copied())));
    }
    for (role, text) in &conversation.messages {
        parts.extend([if *role == Role::User { "user" } else { "assistant" }, text.as_str()]);
        texts.push(text);
        prefixes.push((ids::fnv1a(&parts), tokens::estimate_input(texts.iter().copied())));
    }
    // The whole prefix also holds the attachments: its key names them, its count has them.
    let files: Vec<String> =
        conversation.asked.attachments.iter().map(|file| format!("{}:{}", file.media_type, file.size)).collect();
    parts.extend(files.iter().map(String::as_str));
    prefixes.push((ids::fnv1a(&parts), total));
    let (read, write) = state.use_prompt_cache(&prefixes);
    CacheUse { read, write }
}

/// What `429-then-ok` (and every `-then-ok` fault) remembers: the `x-routeplay-fault-key`, else
/// the conversation's text.
fn first_time_key(controls: &Controls, conversation: &Conversation) -> String {
    if let Some(key) = &controls.fault_key {
        format!("key:{key}")
    } else {
        let texts: Vec<&str> = conversation.messages.iter().map(|(_, text)| text.as_str()).collect();
        format!("prompt:{}", texts.join("\n"))
    }
}
