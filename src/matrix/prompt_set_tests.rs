use super::*;

fn set(text: &str, source: &str) -> Result<PromptSet, String> {
    parse(text, source, Path::new("/data"))
}

fn ids(set: &PromptSet) -> Vec<&str> {
    set.items.iter().map(|item| item.id.as_str()).collect()
}

#[test]
fn plain_text_is_one_prompt_per_non_empty_line_with_line_ids() {
    let parsed = set("\u{feff}first\r\n\n   \nsecond {{x}}\r\nthird", "p.txt").unwrap();
    assert_eq!(parsed.source, "p.txt");
    assert_eq!(parsed.folder, Path::new("/data"));
    assert_eq!(ids(&parsed), ["line-1", "line-4", "line-5"]);
    let prompts: Vec<&str> = parsed.items.iter().map(|item| item.prompt.as_str()).collect();
    // Plain text is literal: the placeholder is no error and stays as written.
    assert_eq!(prompts, ["first", "second {{x}}", "third"]);
    assert_eq!(parsed.items[1].rendered_prompt(), "second {{x}}");
    assert!(parsed.items.iter().all(|item| item.system.is_none() && item.attachments.is_empty()));
}

#[test]
fn jsonl_items_carry_every_field() {
    let text = concat!(
        "{\"prompt\": \"Hi {{ name }}, {{n}} {{flag}}\", \"id\": \"greet\", \"system\": \"Be {{tone}}\", ",
        "\"attachments\": [\"img/a.png\", \"/abs/b.pdf\"], ",
        "\"vars\": {\"name\": \"Ada\", \"n\": 3, \"flag\": true, \"tone\": \"brief\"}}\n",
        "\n",
        "{\"prompt\": \"plain\", \"id\": 42}\n",
        "{\"prompt\": \"nulls\", \"id\": null, \"system\": null, \"attachments\": null, \"vars\": null}\r\n",
    );
    let parsed = set(text, "p.jsonl").unwrap();
    assert_eq!(ids(&parsed), ["greet", "42", "line-4"]);
    let first = &parsed.items[0];
    assert_eq!(first.rendered_prompt(), "Hi Ada, 3 true");
    assert_eq!(first.rendered_system().as_deref(), Some("Be brief"));
    assert_eq!(first.attachments, [PathBuf::from("img/a.png"), PathBuf::from("/abs/b.pdf")]);
    assert_eq!(first.vars.get("n").map(String::as_str), Some("3"));
    assert_eq!(parsed.items[2].system, None);
    assert!(parsed.items[2].vars.is_empty());
}

#[test]
fn jsonl_is_recognised_by_its_first_line_or_its_extension() {
    // A `.txt` whose first non-blank line is an object is JSONL.
    let parsed = set("\n  {\"prompt\": \"a\"}\n", "p.txt").unwrap();
    assert_eq!(parsed.items[0].prompt, "a");
    // A later line starting with `{` in a plain file is just a prompt.
    let parsed = set("plain\n{\"prompt\": \"a\"}\n", "p.txt").unwrap();
    assert_eq!(parsed.items[1].prompt, "{\"prompt\": \"a\"}");
    // A `.jsonl` file is JSONL even when a line is not an object.
    let error = set("just text\n", "P.JSONL").unwrap_err();
    assert!(error.starts_with("P.JSONL line 1: not valid JSON at column 1"), "{error}");
}

#[test]
fn every_bad_line_is_named_with_the_file_and_line() {
    let cases = [
        ("{\"promt\": \"x\"}", "p.jsonl line 2: unknown key \"promt\" (did you mean \"prompt\"?)"),
        ("{\"prompt\": \"x\", \"colour\": 1}", "p.jsonl line 2: unknown key \"colour\"; the keys are prompt, id,"),
        ("{\"id\": \"a\"}", "p.jsonl line 2: no \"prompt\""),
        ("{\"prompt\": \"  \"}", "p.jsonl line 2: \"prompt\" is empty"),
        ("{\"prompt\": 7}", "p.jsonl line 2: \"prompt\" must be a string, not a number"),
        ("{\"prompt\": \"x\", \"id\": [1]}", "p.jsonl line 2: \"id\" must be a string or a number, not a list"),
        ("{\"prompt\": \"x\", \"id\": \"\"}", "p.jsonl line 2: \"id\" is empty"),
        ("{\"prompt\": \"x\", \"system\": 1}", "p.jsonl line 2: \"system\" must be a string, not a number"),
        ("{\"prompt\": \"x\", \"attachments\": \"a.png\"}", "p.jsonl line 2: \"attachments\" must be a list"),
        ("{\"prompt\": \"x\", \"attachments\": [\"a\", 3]}", "p.jsonl line 2: \"attachments\" item 2 must be a file"),
        ("{\"prompt\": \"x\", \"vars\": [1]}", "p.jsonl line 2: \"vars\" must be an object"),
        ("{\"prompt\": \"x\", \"vars\": {\"a\": null}}", "p.jsonl line 2: var \"a\" must be a string, number or"),
        ("[1, 2]", "p.jsonl line 2: not a JSON object"),
        ("{\"prompt\": \"x\",", "p.jsonl line 2: not valid JSON at column 15: EOF while parsing a value"),
        ("{\"prompt\": \"{{who}}\"}", "p.jsonl line 2: placeholder {{who}} has no value: add \"vars\": {\"who\": …}"),
        (
            "{\"prompt\": \"x\", \"system\": \"{{ who }}\", \"vars\": {\"whom\": 1}}",
            "p.jsonl line 2: placeholder {{who}}",
        ),
    ];
    for (line, expected) in cases {
        let error = set(&format!("{{\"prompt\": \"fine\"}}\n{line}\n"), "p.jsonl").unwrap_err();
        assert!(error.starts_with(expected), "{line}\n  gave: {error}\n  want: {expected}");
        assert!(!error.contains("at line 1"), "serde's own position is dropped: {error}");
    }
}

#[test]
fn a_mistyped_key_is_matched_to_the_one_meant() {
    for (typed, meant) in [("promt", "prompt"), ("prompts", "prompt"), ("Prompt", "prompt"), ("sytsem", "system")] {
        assert!(close(typed, meant), "{typed}");
    }
    for (typed, known) in [("var", "prompt"), ("colour", "id"), ("attachment_list", "attachments")] {
        assert!(!close(typed, known), "{typed}");
    }
    assert!(close("attachment", "attachments"));
}

#[test]
fn duplicate_ids_name_both_lines() {
    let text = "{\"prompt\": \"a\", \"id\": \"x\"}\n{\"prompt\": \"b\"}\n{\"prompt\": \"c\", \"id\": \"x\"}\n";
    assert_eq!(
        set(text, "p.jsonl").unwrap_err(),
        "p.jsonl line 3: id \"x\" is already used on line 1; ids must be unique"
    );
    // A number id and the same text collide; so does an explicit id equal to a default one.
    let text = "{\"prompt\": \"a\", \"id\": 7}\n{\"prompt\": \"b\", \"id\": \"7\"}\n";
    assert!(set(text, "p.jsonl").unwrap_err().starts_with("p.jsonl line 2: id \"7\" is already used on line 1"));
    let text = "{\"prompt\": \"a\", \"id\": \"line-2\"}\n{\"prompt\": \"b\"}\n";
    assert!(set(text, "p.jsonl").unwrap_err().starts_with("p.jsonl line 2: id \"line-2\" is already used on line 1"));
}

#[test]
fn an_empty_set_and_too_many_prompts_are_refused() {
    for text in ["", "\u{feff}", "\n \r\n\t\n"] {
        assert_eq!(set(text, "p.txt").unwrap_err(), "p.txt: no prompts (the file is empty or every line is blank)");
    }
    let most = "p\n".repeat(MAX_PROMPTS);
    assert_eq!(set(&most, "p.txt").unwrap().items.len(), MAX_PROMPTS);
    let error = set(&format!("{most}\none more\n"), "p.txt").unwrap_err();
    assert_eq!(
        error,
        format!("p.txt line {}: more than 100000 prompts, the most one set may hold; split the file", MAX_PROMPTS + 2)
    );
}

#[test]
fn a_literal_placeholder_is_kept_by_giving_it_itself() {
    // A literal placeholder is kept by giving it itself as its value.
    let text = "{\"prompt\": \"Explain {{name}} in Jinja\", \"vars\": {\"name\": \"{{name}}\"}}";
    assert_eq!(set(text, "p.jsonl").unwrap().items[0].rendered_prompt(), "Explain {{name}} in Jinja");
}

#[test]
fn read_takes_the_folder_of_the_file_and_names_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("set.jsonl");
    std::fs::write(&path, "{\"prompt\": \"a\", \"attachments\": [\"x.png\"]}\n").unwrap();
    let parsed = read(&path).unwrap();
    assert_eq!(parsed.folder, dir.path());
    assert_eq!(parsed.source, path.display().to_string());
    let missing = dir.path().join("nope.txt");
    let error = read(&missing).unwrap_err();
    assert!(error.starts_with(&format!("{}: cannot read the file", missing.display())), "{error}");
    std::fs::write(&path, b"\xff\xfe bad").unwrap();
    assert_eq!(read(&path).unwrap_err(), format!("{}: not UTF-8 text", path.display()));
}

#[test]
fn a_bare_file_name_reads_from_the_current_folder() {
    assert_eq!(folder_of(Path::new("set.txt")), Path::new("."));
    assert_eq!(folder_of(Path::new("sets/set.txt")), Path::new("sets"));
    assert_eq!(folder_of(Path::new("/set.txt")), Path::new("/"));
}

#[test]
fn text_over_the_size_limit_is_refused_before_parsing() {
    let text = "a".repeat(MAX_FILE_BYTES as usize + 1);
    assert_eq!(
        set(&text, "big.txt").unwrap_err(),
        "big.txt: larger than 64 MiB, the most routeplay reads from a prompt-set file; split it into several"
    );
}
