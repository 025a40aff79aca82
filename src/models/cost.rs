//! What a run cost at list prices, from its token counts and the catalog's price for the target.
//!
//! How each route counts (so nothing is billed twice):
//! - Anthropic Messages (Anthropic, Mantle, Invoke, Vertex Claude) and Converse report cache
//!   reads and writes apart from `input_tokens`, and `output_tokens` already includes thinking
//!   ("You are billed for the full thinking process": Anthropic extended-thinking docs); the
//!   `thinking_tokens` breakdown is not added again.
//! - Gemini (`usageMetadata`, ai.google.dev/api/generate-content#UsageMetadata): the prompt count
//!   includes `cachedContentTokenCount`, and `candidatesTokenCount` excludes
//!   `thoughtsTokenCount`, which is billed as output ("Output price (including thinking tokens)",
//!   ai.google.dev/gemini-api/docs/pricing). So uncached input = prompt − cached and
//!   output = candidates + thoughts (`routes/wire/gemini/chunk.rs` maps them that way).
//! - Chat Completions (the OpenAI-compatible routes): `prompt_tokens` includes
//!   `prompt_tokens_details.cached_tokens`, and `completion_tokens` already includes
//!   `completion_tokens_details.reasoning_tokens` ("reasoning tokens … are billed as output
//!   tokens", platform.openai.com/docs/guides/reasoning). So uncached input = prompt − cached,
//!   output = completion, and the reasoning count is only shown, never added again.
//!
//! Cache prices come from the catalog (`cache-read`, `cache-write`: the 5-minute write). A
//! Claude family whose price leaves them out (a user catalog) gets Anthropic's multipliers of
//! its input price: cache reads 0.1×, 5-minute cache writes 1.25× ("Cache write tokens are
//! 1.25 times the base input tokens price … Cache read tokens are 0.1 times the base input
//! tokens price", Anthropic prompt-caching docs, Pricing; every Claude row of the built-in
//! catalog, Bedrock and Vertex included, agrees), said so in the basis. Another family without
//! a cache price leaves the cost unknown.
//!
//! Service tiers: AWS says only that Priority is "Standard rate + premium" and Flex a
//! "Discounted standard model rate" (aws.amazon.com/bedrock/service-tiers), per model and with
//! no published multiplier; Anthropic and Gemini publish none for their tiers either. So a run
//! served on a tier other than standard is priced at the standard rate, and its basis says
//! `tier flex priced as standard (unconfirmed)`. The one exception is the `batch` tier (a
//! result of a provider's batch service), at half the on-demand price: `batch price`.

use super::{Catalog, Geo, Price};
use crate::routes::event::Usage;
use crate::routes::spec::{Host, UsageCounts};
use crate::routes::{Place, RouteId, Target};

/// A cost at list prices, with how it was worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct CostEstimate {
    pub usd: f64,
    /// How it was computed, one line: `in 1,234 × $3.00 + out 567 × $15.00 per MTok (source, as
    /// of 2026-11-26); +10% regional endpoint (source, as of 2026-11-26)`.
    pub basis: String,
}

/// The cost of `usage` on `target` at the standard tier. `None` when the price is unknown
/// (show "unknown", never $0): the emulator, a model not in the catalog, a route without a
/// confirmed price, a cache count without a cache price, or no token counts at all.
#[must_use]
pub fn estimate(catalog: &Catalog, target: &Target, usage: &Usage) -> Option<CostEstimate> {
    estimate_served(catalog, target, usage, None)
}

/// [`estimate`], for a run the service says it served on `tier` (as echoed: Bedrock's
/// `flex`, Anthropic's `priority`, Gemini's `ON_DEMAND_FLEX`). No tier has a confirmed price
/// multiplier, so one other than standard is priced as standard and the basis says so.
#[must_use]
pub fn estimate_served(catalog: &Catalog, target: &Target, usage: &Usage, tier: Option<&str>) -> Option<CostEstimate> {
    let on_emulator = matches!(target.route.spec().host, Host::Emulator);
    if on_emulator || (usage.input_tokens.is_none() && usage.output_tokens.is_none()) {
        return None;
    }
    let family = catalog.family_of(target.route, &target.model)?;
    let price = family.price(target.route)?;
    let billed = Billed::new(target.route, usage);
    let (mut rates, long) = Rates::for_prompt(price, billed.prompt);
    let (read_derived, write_derived) = if family.is_claude() { rates.derive_claude_cache() } else { (false, false) };
    let derived: Vec<&str> = [
        (read_derived && billed.cache_read > 0, "cache read 0.1×"),
        (write_derived && billed.cache_write > 0, "cache write 1.25×"),
    ]
    .into_iter()
    .filter_map(|(used, note)| used.then_some(note))
    .collect();
    let derived = if derived.is_empty() {
        String::new()
    } else {
        format!("; {} input (Anthropic's prompt-caching multipliers)", derived.join(", "))
    };
    let thinking = match billed.thinking {
        0 => String::new(),
        thinking => format!(" (incl. {} thinking)", thousands(thinking)),
    };
    let output = format!("out {}{thinking}", thousands(billed.output));
    let terms = [
        (format!("in {}", thousands(billed.input)), billed.input, Some(rates.input)),
        (output, billed.output, Some(rates.output)),
        (format!("cache read {}", thousands(billed.cache_read)), billed.cache_read, rates.cache_read),
        (format!("cache write {}", thousands(billed.cache_write)), billed.cache_write, rates.cache_write),
    ];
    let mut usd = 0.0;
    let mut shown = Vec::new();
    for (index, (label, count, rate)) in terms.into_iter().enumerate() {
        // Input and output are always shown; a cache bucket only when it has tokens, and then
        // only with a known price.
        if index >= 2 && count == 0 {
            continue;
        }
        let rate = rate?;
        usd += count as f64 * rate / 1_000_000.0;
        shown.push(format!("{label} × {}", dollars(rate)));
    }
    let long = long.map(|above| format!(", prompt over {} tokens", thousands(above))).unwrap_or_default();
    let premium = family.premium(target.route).filter(|_| regional(target));
    if let Some(premium) = premium {
        usd *= 1.0 + premium.percent / 100.0;
    }
    let premium = premium.map_or_else(String::new, |premium| {
        format!("; +{}% regional endpoint ({}, as of {})", premium.percent, premium.source, premium.as_of)
    });
    let batch = tier.is_some_and(|tier| tier.eq_ignore_ascii_case(BATCH_TIER));
    if batch {
        usd *= BATCH_PRICE;
    }
    let tier = match tier.filter(|tier| !is_standard_tier(tier)) {
        _ if batch => "; batch price (50% of on-demand)".to_owned(),
        Some(tier) => format!("; tier {tier} priced as standard (unconfirmed)"),
        None => String::new(),
    };
    let basis = format!(
        "{} per MTok{long} ({}, as of {}){derived}{premium}{tier}",
        shown.join(" + "),
        price.source,
        price.as_of
    );
    Some(CostEstimate { usd, basis })
}

/// The tier a batch result is priced at: Anthropic's Message Batches, Bedrock batch inference
/// and Vertex batch prediction all charge half the on-demand price ("All usage is charged at
/// 50% of standard API prices", Anthropic's batch-processing docs; AWS and Google say 50% too).
pub const BATCH_TIER: &str = "batch";
/// The batch price as a share of the on-demand price.
const BATCH_PRICE: f64 = 0.5;

/// Whether a served tier, as a route echoes it, is the standard one (Bedrock `default`,
/// Anthropic and Gemini `standard`, Gemini's `trafficType` `ON_DEMAND`).
fn is_standard_tier(tier: &str) -> bool {
    matches!(tier.to_ascii_lowercase().as_str(), "default" | "standard" | "on_demand" | "standard_only")
}

/// Token counts as billed: each token in exactly one bucket.
struct Billed {
    input: u64,
    output: u64,
    cache_read: u64,
    cache_write: u64,
    /// Of `output`, the thinking tokens the route reported (shown in the basis).
    thinking: u64,
    /// The whole prompt, for long-context pricing.
    prompt: u64,
}

impl Billed {
    fn new(route: RouteId, usage: &Usage) -> Self {
        let count = |value: Option<u64>| value.unwrap_or(0);
        let (input, output) = (count(usage.input_tokens), count(usage.output_tokens));
        let (cache_read, cache_write) = (count(usage.cache_read_tokens), count(usage.cache_write_tokens));
        let thinking = count(usage.thinking_tokens);
        let uncached = input.saturating_sub(cache_read);
        match route.spec().wire.usage_counts() {
            UsageCounts::PromptIncludesCache => {
                Self { input: uncached, output: output + thinking, cache_read, cache_write, thinking, prompt: input }
            }
            UsageCounts::PromptIncludesCacheOutputIncludesReasoning => {
                // A server that counts more reasoning than output is shown as no more than it.
                let thinking = thinking.min(output);
                Self { input: uncached, output, cache_read, cache_write, thinking, prompt: input }
            }
            UsageCounts::CacheApart => {
                let prompt = input + cache_read + cache_write;
                Self { input, output, cache_read, cache_write, thinking: 0, prompt }
            }
        }
    }
}

/// The per-MTok rates that apply to one request.
struct Rates {
    input: f64,
    output: f64,
    cache_read: Option<f64>,
    cache_write: Option<f64>,
}

impl Rates {
    /// Fill the cache rates a Claude price leaves out from its input rate (0.1× read, 1.25×
    /// 5-minute write; see the module's doc); returns which of the two were derived.
    fn derive_claude_cache(&mut self) -> (bool, bool) {
        let derived = (self.cache_read.is_none(), self.cache_write.is_none());
        self.cache_read = self.cache_read.or(Some(self.input * 0.1));
        self.cache_write = self.cache_write.or(Some(self.input * 1.25));
        derived
    }

    /// The base rates, or the long-context ones (and their threshold) above its prompt size.
    fn for_prompt(price: &Price, prompt: u64) -> (Self, Option<u64>) {
        if let Some(long) = price.long_context.filter(|long| prompt > long.above) {
            let rates = Self { input: long.input, output: long.output, cache_read: long.cache_read, cache_write: None };
            return (rates, Some(long.above));
        }
        let rates = Self {
            input: price.input,
            output: price.output,
            cache_read: price.cache_read,
            cache_write: price.cache_write,
        };
        (rates, None)
    }
}

/// Whether `target` uses a regional endpoint: on Bedrock any id but a `global.` profile, on
/// Vertex any location but `global` (an unset location is the route's default, `global`).
fn regional(target: &Target) -> bool {
    match &target.place {
        Place::Aws { .. } => {
            let tail = target.model.rsplit('/').next().unwrap_or(&target.model);
            !tail.starts_with(&format!("{}.", Geo::Global.prefix()))
        }
        Place::Vertex { location, .. } => location.as_deref().is_some_and(|location| location != "global"),
        Place::None => false,
    }
}

/// `1234567` as `1,234,567`.
#[must_use]
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A per-MTok rate with cents, and more digits only where the price has them: `$3.00`, `$0.125`.
fn dollars(rate: f64) -> String {
    let precise = format!("{rate:.4}");
    let trimmed = precise.trim_end_matches('0');
    let decimals = trimmed.split_once('.').map_or(0, |(_, fraction)| fraction.len());
    if decimals <= 2 { format!("${rate:.2}") } else { format!("${trimmed}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_receipt() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234), "1,234");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(dollars(3.0), "$3.00");
        assert_eq!(dollars(0.3), "$0.30");
        assert_eq!(dollars(0.125), "$0.125");
        assert_eq!(dollars(0.01), "$0.01");
    }

    #[test]
    fn each_wire_s_counts_are_billed_once() {
        let usage = Usage {
            input_tokens: Some(10_000),
            output_tokens: Some(3_000),
            cache_read_tokens: Some(4_000),
            cache_write_tokens: None,
            thinking_tokens: Some(2_000),
        };
        let billed = |route| {
            let billed = Billed::new(route, &usage);
            (billed.input, billed.output, billed.cache_read, billed.thinking, billed.prompt)
        };
        // Chat Completions: cached inside the prompt, reasoning inside the completion.
        let chat = RouteId::ALL
            .into_iter()
            .find(|route| route.spec().wire.usage_counts() == UsageCounts::PromptIncludesCacheOutputIncludesReasoning)
            .expect("a route on the Chat Completions wire");
        assert_eq!(billed(chat), (6_000, 3_000, 4_000, 2_000, 10_000));
        // Gemini: cached inside the prompt, thoughts beside the candidates.
        assert_eq!(billed(RouteId::GeminiApi), (6_000, 5_000, 4_000, 2_000, 10_000));
        // Anthropic: cache reads beside the input, thinking inside the output and not shown.
        assert_eq!(billed(RouteId::Anthropic), (10_000, 3_000, 4_000, 0, 14_000));
        // A server counting more reasoning than output shows no more than the output.
        let odd = Usage { output_tokens: Some(100), ..usage };
        assert_eq!(Billed::new(chat, &odd).thinking, 100);
    }

    #[test]
    fn regional_endpoints() {
        let at = |route, model: &str, site: Option<&str>| {
            let target = Target::new(route, model);
            Target { place: target.place.with_site(site.map(Into::into)), ..target }
        };
        assert!(regional(&at(RouteId::BedrockInvoke, "us.anthropic.x", None)));
        assert!(regional(&at(RouteId::BedrockInvoke, "anthropic.x", None)));
        assert!(!regional(&at(RouteId::BedrockConverse, "global.anthropic.x", None)));
        assert!(regional(&at(RouteId::VertexClaude, "claude", Some("us-east5"))));
        assert!(!regional(&at(RouteId::VertexClaude, "claude", Some("global"))));
        assert!(!regional(&at(RouteId::VertexClaude, "claude", None)));
        assert!(!regional(&at(RouteId::Anthropic, "claude", Some("us-east5"))));
    }
}
