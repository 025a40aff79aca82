//! Search as you type over a 100,000-run history, and `Store::open` on it against a 1,000-run
//! one (opening must not grow with the history). Both databases are generated once per run of
//! the benchmark, deterministically, from a small vocabulary with a skewed (Zipf-like) word
//! frequency, so common words match most runs the way "the" or "model" do in real history.
//! Goal: at most 20 ms median for one-word, two-word, prefix and filtered queries.

#[path = "support/history.rs"]
mod history;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use history::generate;
use routeplay::store::Store;
use std::hint::black_box;

const RUNS_LARGE: u32 = 100_000;
const RUNS_SMALL: u32 = 1_000;

/// What someone types: the keystrokes' prefixes of one to three words.
const QUERIES: [&str; 12] = [
    "t",
    "la",
    "lat",
    "latency",
    "sig",
    "region thr",
    "stream tok",
    "model cost",
    "credential pro",
    "bedrock latency reg",
    "cross region infer",
    "snippet highlight ra",
];

/// Queries with filters, as the history overlay takes them (`history_query::rows`): the words
/// are ranked, then the filters keep their runs (the generated runs start on 2023-11-14).
const FILTERED: [&str; 3] =
    ["route:bedrock-invoke latency", "since:2023-11-15 stream tok", "route:anthropic region thr"];

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let large = dir.path().join("large").join("history.sqlite3");
    let small = dir.path().join("small").join("history.sqlite3");
    generate(&small, RUNS_SMALL);
    generate(&large, RUNS_LARGE);

    let store = Store::open(&large).expect("open");
    let mut search = c.benchmark_group("search_100k");
    for query in QUERIES {
        search.bench_with_input(BenchmarkId::from_parameter(query), query, |b, query| {
            b.iter(|| black_box(store.search(query, 50).expect("search")));
        });
    }
    search.finish();
    let mut filtered = c.benchmark_group("filtered_100k");
    for query in FILTERED {
        filtered.bench_with_input(BenchmarkId::from_parameter(query), query, |b, query| {
            b.iter(|| black_box(routeplay::history_query::rows(&store, query).expect("rows")));
        });
    }
    filtered.finish();
    drop(store);

    let mut open = c.benchmark_group("open");
    for (name, path) in [("1k", &small), ("100k", &large)] {
        open.bench_function(name, |b| b.iter(|| black_box(Store::open(path).expect("open"))));
    }
    open.finish();
}

criterion_group!(store_search, benches);
criterion_main!(store_search);
