use super::*;
use crate::matrix::test_support::{done, failed, matrix, plan, targets};

fn sample_matrix() -> Matrix {
    let mut plan = plan(2, targets(2), 1);
    plan.prompts[0].id = "q,1 \"quoted\"".into();
    plan.prompts[1].prompt = "Hi {{who}}".into();
    plan.prompts[1].vars.insert("who".into(), "Ada".into());
    let mut fast = done(0, 0, 0, 120);
    fast.tokens_per_second = Some(53.25);
    let mut odd = done(1, 1, 0, 300);
    odd.tokens_per_second = Some(f64::NAN);
    odd.cost_usd = None;
    matrix(plan, [fast, failed(0, 1, 0, "HTTP 529\nover\u{1b}[2Jloaded"), odd])
}

fn no_answers(_: RunKey) -> Option<String> {
    None
}

#[test]
fn the_format_comes_from_the_extension() {
    for (name, format) in [
        ("a.csv", Format::Csv),
        ("b.JSONL", Format::Jsonl),
        ("c.md", Format::Markdown),
        ("d.markdown", Format::Markdown),
    ] {
        assert_eq!(Format::of_path(Path::new(name)), Ok(format), "{name}");
    }
    assert_eq!(
        Format::of_path(Path::new("out.xlsx")).unwrap_err(),
        "out.xlsx: cannot export to .xlsx; the formats are .csv, .jsonl and .md (or .markdown)"
    );
    assert!(Format::of_path(Path::new("out")).unwrap_err().starts_with("out: no extension to tell the format by"));
}

#[test]
fn csv_is_one_quoted_record_per_sample() {
    let csv = render(&sample_matrix(), Format::Csv, &no_answers);
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(
        lines,
        [
            "prompt_id,target,sample,status,ttft_ms,total_ms,input_tokens,output_tokens,tokens_per_second,cost_usd,error,run_id,retries,batch",
            "\"q,1 \"\"quoted\"\"\",emulator:a,0,done,120,240,10,20,53.25,0.001,,0,0,false",
            "\"q,1 \"\"quoted\"\"\",emulator:b,0,failed,,,,,,,\"HTTP 529\nover\\x1b[2Jloaded\",,0,false",
            "p1,emulator:a,0,pending,,,,,,,,,0,false",
            "p1,emulator:b,0,done,300,600,10,20,,,,1100,0,false",
        ]
    );
    assert!(csv.ends_with("\r\n"));
}

#[test]
fn jsonl_is_one_object_per_sample_with_prompt_and_answer() {
    let answers = |run: RunKey| (run == RunKey(1100)).then(|| "Hello, Ada".to_owned());
    let jsonl = render(&sample_matrix(), Format::Jsonl, &answers);
    let lines: Vec<serde_json::Value> = jsonl.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    let keys: Vec<&str> = lines[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = HEADER.iter().copied().chain(["prompt", "answer"]).collect();
    expected.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, expected);
    assert_eq!(lines[0]["prompt_id"], "q,1 \"quoted\"");
    assert_eq!(lines[0]["tokens_per_second"], 53.25);
    assert_eq!(lines[0]["answer"], serde_json::Value::Null);
    assert_eq!(lines[1]["error"], "HTTP 529\nover\u{1b}[2Jloaded");
    assert_eq!(lines[1]["run_id"], serde_json::Value::Null);
    let last = &lines[3];
    assert_eq!(
        (&last["prompt"], &last["answer"], &last["status"]),
        (&"Hi Ada".into(), &"Hello, Ada".into(), &"done".into())
    );
    // NaN has no JSON: it is written as null.
    assert_eq!(last["tokens_per_second"], serde_json::Value::Null);
    assert_eq!(last["ttft_ms"], 300);
}

#[test]
fn the_markdown_report_has_figures_bars_matrix_and_findings() {
    let report = render(&sample_matrix(), Format::Markdown, &no_answers);
    for expected in [
        "# Matrix 77: set.jsonl\n",
        "2 prompts × 2 targets = 4 cells.\nDone 2, failed 1, not done 1.\n",
        "| emulator:a | 1/1 (100%) | 120 ms | 120 ms | 120 ms | 53.2 | 240 ms | $0.0010 |\n",
        "| emulator:b | 1/2 (50%) | 300 ms | 300 ms | 300 ms | — | 600 ms | — |\n",
        "## Time to first token\n\n```text\nemulator:a\n  p50  ████████████                    120 ms\n",
        "emulator:b\n  p50  ██████████████████████████████  300 ms\n",
        "| Prompt | emulator:a | emulator:b |\n| --- | --- | --- |\n",
        "| q,1 \"quoted\" | done · 120 ms | failed |\n| p1 | pending | done · 300 ms |\n",
        "## Findings\n\n- One sample per cell is not enough",
        "- emulator:b failed 1 of 2 cells (50% answered).\n",
    ] {
        assert!(report.contains(expected), "missing {expected:?} in\n{report}");
    }
    assert!(!report.contains('\u{1b}'), "control characters are written out");
}

#[test]
fn the_report_marks_the_best_and_keeps_tables_whole() {
    let mut plan = plan(1, targets(2), 2);
    plan.prompts[0].id = "a|b\nc".into();
    plan.batch = true;
    let outcomes = [done(0, 0, 0, 100), done(0, 0, 1, 140), done(0, 1, 0, 900), failed(0, 1, 1, "x")];
    let report = render(&matrix(plan, outcomes), Format::Markdown, &no_answers);
    assert!(
        report.contains(
            "1 prompt × 2 targets × 2 samples = 4 cells, sent through the providers' batch services (half price).\n"
        ),
        "{report}"
    );
    assert!(report.contains("| a\\|b c | done 2/2 · **120 ms** | done 1/2 · 900 ms |\n"), "{report}");
    let empty = render(&matrix(crate::matrix::test_support::plan(1, targets(1), 1), []), Format::Markdown, &no_answers);
    assert!(empty.contains("- Nothing to report yet.\n") && !empty.contains("```"), "{empty}");
}
