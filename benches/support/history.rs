//! A generated history for the benchmarks: deterministic runs whose prompts and answers come
//! from a small vocabulary with a skewed (Zipf-like) word frequency, so common words match most
//! runs the way "the" or "model" do in real history. Included with `#[path]`.

use routeplay::routes::event::{StopReason, Usage};
use routeplay::routes::request::Params;
use routeplay::routes::{RouteId, Target};
use routeplay::store::{Asked, ConversationId, Ended, EventLog, NewRun, Outcome, RunEnd, Store, Timings};
use std::path::Path;
use std::time::Instant;

pub const WORDS: &str = "the a to of and in is it that for you with on this be are as can model route request \
    response token tokens stream streaming latency region signature credential profile bedrock anthropic \
    vertex gemini claude sonnet haiku opus prompt answer system message messages error retry throttled \
    timeout first byte time total cost price input output cache read write thinking budget parameter \
    temperature top sampling sequence stop reason endpoint header payload json event frame chunk delta \
    content block text tool use call function schema validation access denied policy role session \
    assume identity federation project location quota limit rate concurrency connection socket handshake \
    certificate proxy network request id trace log metric dashboard alarm deploy release version upgrade \
    migration database index search query result rank snippet highlight history conversation compare \
    group column pane focus key binding theme colour terminal render frame width height wrap markdown \
    code example explain summarize translate rewrite shorter longer formal casual bullet list table \
    python rust javascript typescript shell docker kubernetes lambda bucket object storage queue topic \
    subscription billing invoice budget forecast capacity throughput provisioned inference profile \
    cross geo prefix global us eu apac account organization permission boundary condition evaluation";

/// A deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Favours the start of the word list: the product of two uniforms.
    fn skewed(&mut self, n: usize) -> usize {
        self.below(n) * self.below(n) / n
    }

    fn text(&mut self, words: &[&str], min: usize, max: usize) -> String {
        let count = min + self.below(max - min);
        let mut text = String::new();
        for i in 0..count {
            if i > 0 {
                text.push_str(if self.below(12) == 0 { ". " } else { " " });
            }
            text.push_str(words[self.skewed(words.len())]);
        }
        text
    }
}

/// Write `runs` runs into a new history at `path`.
pub fn generate(path: &Path, runs: u32) {
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let routes = RouteId::ALL;
    let models = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1", "nova-pro"];
    let store = Store::open(path).expect("open");
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let started = Instant::now();
    let mut conversation = ConversationId(0);
    for i in 0..runs {
        let prompt = rng.text(&words, 6, 30);
        if i % 3 == 0 {
            conversation = store.new_conversation(&prompt).expect("conversation");
        }
        let run = NewRun {
            conversation,
            compare_group: None,
            position: i % 3,
            target: Target::new(routes[rng.below(routes.len())], models[rng.below(models.len())]),
            credential_source: Some("env AWS_PROFILE=dev".into()),
            asked: Asked {
                params: Params::default(),
                system: (rng.below(4) == 0).then(|| rng.text(&words, 5, 15)),
                prompt,
                attachments: Vec::new(),
            },
            started_ms: 1_700_000_000_000 + i64::from(i) * 1_000,
        };
        let key = store.start_run(&run).expect("start");
        let end = RunEnd {
            outcome: if rng.below(20) == 0 { Outcome::Failed } else { Outcome::Done },
            ended: Ended {
                answer: rng.text(&words, 40, 200),
                stop_reason: Some(StopReason::EndTurn),
                usage: Usage { input_tokens: Some(100), output_tokens: Some(300), ..Usage::default() },
                timings: Timings { credential_ms: Some(3), first_token_ms: Some(400), total_ms: Some(3_000) },
                request_ids: vec![format!("req_{i}")],
                ..Ended::default()
            },
            credential_source: None,
            ended_ms: run.started_ms + 3_000,
            events: EventLog::default(),
            exchange: None,
        };
        store.finish_run(key, &end).expect("finish");
    }
    let size = std::fs::metadata(path).map_or(0, |meta| meta.len());
    eprintln!("generated {runs} runs in {:.1?} ({} MB)", started.elapsed(), size / 1_000_000);
}
