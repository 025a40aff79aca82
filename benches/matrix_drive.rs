//! A 1,000-prompt × 4-target matrix (4,000 cells) sent on demand through the CLI's matrix
//! driver, in-process, against the built-in emulator (unpaced, 120-token answers), every cell
//! stored in a history of its own as `compare --prompts` stores it. Reports the time per
//! matrix, the cells per second and the process's peak resident memory (`VmHWM`, Linux;
//! the emulator runs in the same process). Goal: memory linear in cells, under 200 MB.
//!
//! Run with `cargo bench --bench matrix_drive`.

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use routeplay::auth::google::GoogleTokens;
use routeplay::cli::matrix::driver::Driver;
use routeplay::client::Client;
use routeplay::config::file::Config;
use routeplay::emulator::{self, EmulatorOptions};
use routeplay::matrix::schedule::Limits;
use routeplay::matrix::{Matrix, MatrixPlan, PromptItem, Vars, record};
use routeplay::recorder::Recording;
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{RouteId, Target};
use routeplay::runtime::RunContext;
use routeplay::store::{Command, MatrixId, Store, StoreWriter, now_ms};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PROMPTS: usize = 1_000;
const MODELS: [&str; 4] = ["emulator-sonnet", "emulator-haiku", "emulator-opus", "emulator-thinking"];
/// Cells in flight: the four targets share the emulator route.
const CONCURRENCY: usize = 16;

fn plan() -> MatrixPlan {
    let prompts = (0..PROMPTS)
        .map(|n| PromptItem {
            id: format!("p{n}"),
            prompt: format!("Prompt {n}: explain what a route to a model is"),
            system: None,
            attachments: Vec::new(),
            vars: Vars::new(),
        })
        .collect();
    let mut base = ChatRequest::single("");
    base.turns.clear();
    MatrixPlan {
        id: MatrixId::fresh(),
        source: "bench".into(),
        folder: ".".into(),
        prompts,
        targets: MODELS.iter().map(|model| Target::new(RouteId::Emulator, *model)).collect(),
        repeat: 1,
        base,
        demo: false,
        batch: false,
        created_ms: now_ms(),
    }
}

/// One whole matrix; returns how long it took.
async fn drive_once(context: &RunContext) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("history.sqlite3")).expect("history");
    let writer = StoreWriter::spawn(store, |failure| panic!("{failure}")).expect("writer");
    let mut recording = Recording::new(writer, 64 * 1024);
    let mut matrix = Matrix::new(plan());
    recording.send(Command::NewMatrix(Box::new(record::plan_row(&matrix.plan).expect("plan row"))));
    let to_send = matrix.to_send().collect();
    let limits = Limits { default_per_route: CONCURRENCY, per_route: BTreeMap::new(), repeat_spacing: Duration::ZERO };
    let started = Instant::now();
    let driver = Driver::new(&mut matrix, context, Some(&mut recording), 64 * 1024);
    let stopped = driver.run(to_send, limits, std::future::pending(), |_| {}).await;
    let elapsed = started.elapsed();
    assert!(stopped.is_none());
    assert!(matrix.cells.iter().all(|cell| cell.status == routeplay::matrix::CellStatus::Done));
    tokio::task::spawn_blocking(move || recording.close()).await.expect("closed");
    elapsed
}

fn benches(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let options = EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() };
    let emulator = runtime.block_on(emulator::start(options)).expect("emulator");
    let config = Config::default();
    let context = RunContext {
        client: Client::plain_http(&config.network),
        config: Arc::new(config),
        emulator_url: Some(emulator.base_url()),
        google_tokens: GoogleTokens::default(),
    };
    let mut group = c.benchmark_group("matrix");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut fastest = Duration::MAX;
    group.bench_function("1000x4_on_demand", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let took = runtime.block_on(drive_once(&context));
                fastest = fastest.min(took);
                total += took;
            }
            total
        });
    });
    group.finish();
    let cells = PROMPTS * MODELS.len();
    println!(
        "matrix 1000x4: fastest {:.2} s, {:.0} cells/s; peak resident memory {:.1} MiB (goal < 200 MB)",
        fastest.as_secs_f64(),
        cells as f64 / fastest.as_secs_f64(),
        peak_kib() as f64 / 1024.0
    );
    runtime.block_on(emulator.shutdown()).expect("emulator stops");
}

/// The process's peak resident memory in KiB (`VmHWM`), 0 where /proc has none.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

criterion_group!(bench, benches);
criterion_main!(bench);
