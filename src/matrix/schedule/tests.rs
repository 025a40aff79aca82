use super::*;
use crate::matrix::{MatrixId, PromptItem};
use crate::routes::Target;
use crate::routes::request::ChatRequest;

fn plan(prompts: usize, targets: &[Target], repeat: u32) -> MatrixPlan {
    let item = |n: usize| PromptItem {
        id: format!("p{n}"),
        prompt: format!("prompt {n}"),
        system: None,
        attachments: Vec::new(),
        vars: crate::matrix::Vars::new(),
    };
    let mut base = ChatRequest::single("");
    base.turns.clear();
    MatrixPlan {
        id: MatrixId(1),
        source: "set.txt".into(),
        folder: ".".into(),
        prompts: (0..prompts).map(item).collect(),
        targets: targets.to_vec(),
        repeat,
        base,
        demo: true,
        batch: false,
        created_ms: 0,
    }
}

fn emulator(model: &str) -> Target {
    Target::new(RouteId::Emulator, model)
}

fn limits(per_route: usize, spacing_ms: u64) -> Limits {
    Limits {
        default_per_route: per_route,
        per_route: BTreeMap::new(),
        repeat_spacing: Duration::from_millis(spacing_ms),
    }
}

fn scheduler(plan: &MatrixPlan, limits: Limits) -> Scheduler {
    Scheduler::new(plan, plan.keys(), limits)
}

fn key(prompt: u32, target: u32, sample: u32) -> CellKey {
    CellKey { prompt, target, sample }
}

const THROTTLED: Option<Throttle> = Some(Throttle { retry_after: None });

#[test]
fn each_route_has_its_own_concurrency_and_cells_go_in_order() {
    let targets = [emulator("a"), Target::new(RouteId::Anthropic, "claude"), emulator("b")];
    let plan = plan(3, &targets, 1);
    let mut limits = limits(2, 0);
    limits.per_route.insert(RouteId::Anthropic, 1);
    let mut scheduler = scheduler(&plan, limits);
    let now = Instant::now();
    let started = scheduler.ready(now);
    // Two on the emulator (shared by columns 0 and 2), one on Anthropic.
    assert_eq!(started, vec![key(0, 0, 0), key(0, 2, 0), key(0, 1, 0)]);
    assert!(scheduler.ready(now).is_empty(), "nothing more until one ends");
    assert_eq!(scheduler.progress(), Progress { done: 0, failed: 0, running: 3, remaining: 6 });
    // A failure frees its slot like a success and stops nothing.
    scheduler.ended(key(0, 1, 0), false, None, now);
    assert_eq!(scheduler.ready(now), vec![key(1, 1, 0)]);
    assert_eq!(scheduler.progress(), Progress { done: 0, failed: 1, running: 3, remaining: 5 });
    assert_eq!(scheduler.next_wake(), None, "nothing waits on time");
}

#[test]
fn a_throttled_route_halves_pauses_for_retry_after_and_grows_back_alone() {
    let targets = [emulator("a"), Target::new(RouteId::Anthropic, "claude")];
    let plan = plan(20, &targets, 1);
    let mut scheduler = scheduler(&plan, limits(4, 0));
    let t0 = Instant::now();
    let first = scheduler.ready(t0);
    assert_eq!(first.len(), 8);
    let pause = Duration::from_secs(2);
    scheduler.ended(key(0, 0, 0), true, Some(Throttle { retry_after: Some(pause) }), t0);
    assert_eq!(scheduler.slowed(), vec![(RouteId::Emulator, 2, 4)]);
    // The emulator waits out the pause; the other route is untouched.
    scheduler.ended(key(0, 1, 0), true, None, t0);
    assert_eq!(scheduler.ready(t0), vec![key(4, 1, 0)]);
    assert_eq!(scheduler.next_wake(), Some(t0 + pause));
    assert!(scheduler.ready(t0 + Duration::from_millis(1999)).iter().all(|cell| cell.target == 1));
    // After the pause it may have 2 in flight and has 3: nothing starts until two end.
    assert!(scheduler.ready(t0 + pause).is_empty());
    let later = t0 + pause;
    scheduler.ended(key(1, 0, 0), true, None, later);
    scheduler.ended(key(2, 0, 0), true, None, later);
    // Each success grows the limit by one: 2 → 4, with 1 in flight → 3 start.
    assert_eq!(scheduler.ready(later), vec![key(4, 0, 0), key(5, 0, 0), key(6, 0, 0)]);
    assert_eq!(scheduler.slowed(), vec![], "back to its configured most");
}

#[test]
fn repeated_throttles_floor_at_one_in_flight_and_a_failed_429_also_slows() {
    let plan = plan(10, &[emulator("a")], 1);
    let mut scheduler = scheduler(&plan, limits(8, 0));
    let now = Instant::now();
    let started = scheduler.ready(now);
    assert_eq!(started.len(), 8);
    for cell in &started[..4] {
        scheduler.ended(*cell, false, THROTTLED, now);
    }
    assert_eq!(scheduler.slowed(), vec![(RouteId::Emulator, 1, 8)]);
    // Four still in flight, limit one: nothing starts until the lane drains.
    for cell in &started[4..7] {
        scheduler.ended(*cell, false, THROTTLED, now);
        assert!(scheduler.ready(now).is_empty());
    }
    scheduler.ended(started[7], true, None, now);
    assert_eq!(scheduler.ready(now), vec![key(8, 0, 0), key(9, 0, 0)], "one success: two in flight");
}

#[test]
fn samples_of_one_cell_are_spaced_and_other_cells_fill_the_gap() {
    let plan = plan(2, &[emulator("a")], 3);
    let mut scheduler = scheduler(&plan, limits(4, 250));
    let t0 = Instant::now();
    // One sample per cell at a time: the second samples wait for the first to end.
    assert_eq!(scheduler.ready(t0), vec![key(0, 0, 0), key(1, 0, 0)]);
    let t1 = t0 + Duration::from_millis(100);
    scheduler.ended(key(0, 0, 0), true, None, t1);
    assert!(scheduler.ready(t1).is_empty(), "spaced by 250 ms after the end");
    assert_eq!(scheduler.next_wake(), Some(t1 + Duration::from_millis(250)));
    assert!(scheduler.ready(t1 + Duration::from_millis(249)).is_empty());
    assert_eq!(scheduler.ready(t1 + Duration::from_millis(250)), vec![key(0, 0, 1)]);
    assert_eq!(scheduler.next_wake(), None, "the rest wait on running samples, not on time");
}

#[test]
fn a_resumed_matrix_sends_only_what_it_is_given_and_ignores_unknown_ends() {
    let plan = plan(3, &[emulator("a"), emulator("b")], 1);
    let to_send = [key(1, 1, 0), key(2, 0, 0)];
    let mut scheduler = Scheduler::new(&plan, to_send, limits(4, 0));
    let now = Instant::now();
    assert_eq!(scheduler.ready(now), to_send.to_vec());
    scheduler.ended(key(0, 0, 0), true, None, now);
    assert_eq!(scheduler.progress(), Progress { done: 0, failed: 0, running: 2, remaining: 0 });
    for cell in to_send {
        scheduler.ended(cell, true, None, now);
    }
    assert!(scheduler.is_finished());
    assert_eq!(scheduler.progress().done, 2);
}

#[test]
fn stop_leaves_the_unsent_cells_pending_and_finishes_once_the_live_ones_end() {
    let plan = plan(5, &[emulator("a")], 1);
    let mut scheduler = scheduler(&plan, limits(2, 0));
    let now = Instant::now();
    let started = scheduler.ready(now);
    scheduler.stop();
    assert!(!scheduler.is_finished(), "two still in flight");
    assert!(scheduler.ready(now).is_empty());
    for cell in started {
        scheduler.ended(cell, false, None, now);
    }
    assert!(scheduler.is_finished());
    assert_eq!(scheduler.progress(), Progress { done: 0, failed: 2, running: 0, remaining: 3 });
}
