//! Deterministic answers: the same prompt, system prompt, turn and model always give the same
//! text (no randomness, no clock). The answer is Markdown that visibly uses the prompt (a
//! heading, the prompt quoted back, a paragraph naming the turn and the system prompt, a list
//! and a code block) so a UI can demo its rendering.

use super::catalog::Behaviour;
use super::ids::fnv1a;
use super::tokens;

/// What an answer is generated from.
#[derive(Debug, Clone, Copy)]
pub struct Prompt<'a> {
    /// The model id without fault suffix.
    pub model: &'a str,
    pub system: Option<&'a str>,
    /// The last user message's text.
    pub text: &'a str,
    /// 1 for the first user message, 2 for the second, …
    pub turn: usize,
}

/// A generated answer, before limits cut it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub thinking: Option<String>,
    pub text: String,
    pub tool: Option<ToolCall>,
}

/// A tool call: the tool's name and its input as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCall {
    pub name: &'static str,
    pub input: String,
}

/// The tool `emulator-tools` calls. Requests carry no tool definitions, so it is made up.
pub const TOOL_NAME: &str = "search_notes";

/// Generate the answer of `behaviour` at about `size` tokens.
pub fn answer(prompt: &Prompt<'_>, behaviour: Behaviour, size: usize) -> Answer {
    let facts = Facts::of(prompt);
    match behaviour {
        Behaviour::Plain => Answer { thinking: None, text: markdown(&facts, size), tool: None },
        Behaviour::Thinking => {
            Answer { thinking: Some(thinking(&facts, (size / 3).max(12))), text: markdown(&facts, size), tool: None }
        }
        Behaviour::Tools => Answer { thinking: None, text: tool_preamble(&facts), tool: Some(tool_call(&facts)) },
    }
}

/// The prompt, split up once.
struct Facts<'a> {
    prompt: &'a Prompt<'a>,
    words: Vec<&'a str>,
    /// Words stripped of surrounding punctuation and Markdown, non-empty.
    clean: Vec<&'a str>,
    seed: u64,
}

impl<'a> Facts<'a> {
    fn of(prompt: &'a Prompt<'a>) -> Self {
        let words: Vec<&str> = prompt.text.split_whitespace().collect();
        let clean = words
            .iter()
            .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect();
        let turn = prompt.turn.to_string();
        let seed = fnv1a(&[prompt.model, prompt.system.unwrap_or(""), prompt.text, &turn]);
        Self { prompt, words, clean, seed }
    }

    /// Pick one of `options`, the same one for the same prompt.
    fn pick<'o>(&self, salt: u64, options: &[&'o str]) -> &'o str {
        options[((self.seed ^ salt) % options.len() as u64) as usize]
    }

    /// The `n`th word to talk about, cycling through the prompt's longer words.
    fn word(&self, n: usize) -> &'a str {
        let topics: Vec<&str> = self.clean.iter().copied().filter(|word| word.chars().count() > 3).collect();
        let topics = if topics.is_empty() { &self.clean } else { &topics };
        topics.get((n + (self.seed % 7) as usize) % topics.len().max(1)).copied().unwrap_or("this")
    }

    /// Up to three of the longest distinct words, longest first (ties alphabetically).
    fn keywords(&self) -> Vec<String> {
        let mut words: Vec<String> = self.clean.iter().map(|word| word.to_lowercase()).collect();
        words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then_with(|| a.cmp(b)));
        words.dedup();
        words.truncate(3);
        words
    }
}

/// The first `count` words of `words`, with `…` when there are more.
fn excerpt(words: &[&str], count: usize) -> String {
    let mut out = words.iter().take(count).copied().collect::<Vec<_>>().join(" ");
    if words.len() > count {
        out.push('…');
    }
    out
}

/// Tokens left to spend on sections.
struct Budget(usize);

impl Budget {
    /// Spend on `section` if it fits.
    fn fits(&mut self, section: &str) -> bool {
        let cost = tokens::count(section);
        let fits = cost <= self.0;
        if fits {
            self.0 -= cost;
        }
        fits
    }
}

fn markdown(facts: &Facts<'_>, size: usize) -> String {
    let heading = heading(facts);
    let mut budget = Budget(size.saturating_sub(tokens::count(&heading)));
    let quote = Some(quote(facts)).filter(|s| budget.fits(s));
    let paragraph = Some(paragraph(facts)).filter(|s| budget.fits(s));
    let code = Some(code_block(facts)).filter(|s| budget.fits(s));
    let list = Some(facts_list(facts)).filter(|s| budget.fits(s)).map(|mut list| {
        let mut n = 0;
        while budget.0 > 0 {
            let bullet = filler(facts, n);
            budget.0 = budget.0.saturating_sub(tokens::count(&bullet));
            list.push('\n');
            list.push_str(&bullet);
            n += 1;
        }
        list
    });
    [Some(heading), quote, paragraph, list, code].into_iter().flatten().collect::<Vec<_>>().join("\n\n")
}

fn heading(facts: &Facts<'_>) -> String {
    let lead = facts.pick(1, &["About", "On", "Notes on", "A few words on"]);
    let title: Vec<&str> = facts.clean.iter().take(6).copied().collect();
    let title = if title.is_empty() { "your message".to_owned() } else { excerpt(&title, 6) };
    let more = if facts.clean.len() > 6 { "…" } else { "" };
    format!("## {lead} {title}{more}")
}

fn quote(facts: &Facts<'_>) -> String {
    if facts.words.is_empty() { "> (an empty prompt)".to_owned() } else { format!("> {}", excerpt(&facts.words, 24)) }
}

fn paragraph(facts: &Facts<'_>) -> String {
    let Prompt { model, system, turn, .. } = *facts.prompt;
    let system = match system.map(str::split_whitespace) {
        Some(words) if words.clone().next().is_some() => {
            format!("Your system prompt says \"{}\".", excerpt(&words.collect::<Vec<_>>(), 12))
        }
        _ => "There is no system prompt.".to_owned(),
    };
    format!(
        "This is turn {turn} of this conversation. {system} `{model}` gives the same prompt the same answer, every time."
    )
}

fn facts_list(facts: &Facts<'_>) -> String {
    let keywords = facts.keywords().iter().map(|word| format!("`{word}`")).collect::<Vec<_>>().join(", ");
    let keywords = if keywords.is_empty() { "none".to_owned() } else { keywords };
    format!(
        "- Your prompt has **{}** words and {} characters.\n- Keywords: {keywords}.",
        facts.words.len(),
        facts.prompt.text.chars().count(),
    )
}

/// Extra bullets that bring an answer up to its size.
fn filler(facts: &Facts<'_>, n: usize) -> String {
    let word = facts.word(n);
    let point = n + 1;
    match (facts.seed as usize).wrapping_add(n) % 4 {
        0 => format!("- Point {point}: *{word}* is part of what you asked."),
        1 => format!("- Point {point}: the emulator streams `{word}` like any other token."),
        2 => format!("- Point {point}: turn {} still keeps *{word}* in mind.", facts.prompt.turn),
        _ => format!("- Point {point}: a longer answer comes back to *{word}* once more."),
    }
}

fn code_block(facts: &Facts<'_>) -> String {
    let text: String = excerpt(&facts.words, 6)
        .chars()
        .filter(|c| *c != '`')
        .flat_map(|c| if matches!(c, '"' | '\\') { vec!['\\', c] } else { vec![c] })
        .collect();
    let turn = facts.prompt.turn;
    if facts.seed.is_multiple_of(2) {
        format!("```rust\nfn main() {{\n    println!(\"turn {turn}: {{}}\", \"{text}\");\n}}\n```")
    } else {
        format!("```python\nprompt = \"{text}\"\nprint(f\"turn {turn}: {{prompt}}\")\n```")
    }
}

fn thinking(facts: &Facts<'_>, size: usize) -> String {
    let system = match facts.prompt.system.map(str::split_whitespace) {
        Some(words) if words.clone().next().is_some() => {
            format!(", and the system prompt says \"{}\"", excerpt(&words.collect::<Vec<_>>(), 8))
        }
        _ => String::new(),
    };
    let mut out = format!(
        "The user wrote \"{}\". This is turn {}{system}. A good reply quotes them, explains, lists a few facts \
         and shows a code sample.",
        excerpt(&facts.words, 12),
        facts.prompt.turn,
    );
    let (mut used, mut n) = (tokens::count(&out), 0);
    while used < size {
        let sentence = format!(" I should keep *{}* in mind.", facts.word(n));
        used += tokens::count(&sentence);
        out.push_str(&sentence);
        n += 1;
    }
    out
}

fn tool_preamble(facts: &Facts<'_>) -> String {
    format!("I'll look up \"{}\" in your notes with the `{TOOL_NAME}` tool.", excerpt(&facts.words, 6))
}

fn tool_call(facts: &Facts<'_>) -> ToolCall {
    let input = serde_json::json!({
        "query": excerpt(&facts.words, 8),
        "turn": facts.prompt.turn,
        "limit": 3,
    });
    ToolCall { name: TOOL_NAME, input: input.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt<'a>(text: &'a str, system: Option<&'a str>, turn: usize) -> Prompt<'a> {
        Prompt { model: "emulator-sonnet", system, text, turn }
    }

    #[test]
    fn same_prompt_same_answer_and_it_uses_the_prompt() {
        let p = prompt("Why is the sky blue?", None, 1);
        let a = answer(&p, Behaviour::Plain, 120);
        assert_eq!(a, answer(&p, Behaviour::Plain, 120));
        for part in ["## ", "> Why is the sky blue?", "turn 1 of this conversation", "- ", "```"] {
            assert!(a.text.contains(part), "{part:?} missing in {}", a.text);
        }
        assert!(a.thinking.is_none() && a.tool.is_none());
    }

    #[test]
    fn system_turn_and_model_change_the_answer() {
        let base = answer(&prompt("hello there", None, 1), Behaviour::Plain, 120).text;
        let system = answer(&prompt("hello there", Some("Be terse."), 1), Behaviour::Plain, 120).text;
        let second = answer(&prompt("hello there", None, 2), Behaviour::Plain, 120).text;
        assert!(system.contains("Be terse."));
        assert!(second.contains("turn 2 of this conversation"));
        assert_ne!(base, system);
        assert_ne!(base, second);
    }

    #[test]
    fn size_is_roughly_respected() {
        let p = prompt("tell me about the emulator and its streams", Some("be kind"), 3);
        for size in [5, 40, 120, 600] {
            let n = tokens::count(&answer(&p, Behaviour::Plain, size).text);
            assert!(n <= size + 20 && (size < 60 || n + 20 >= size), "size {size}: {n}");
        }
    }

    #[test]
    fn thinking_and_tools_shapes() {
        let p = prompt("find my \"notes\" on Rust", None, 1);
        let thinking = answer(&p, Behaviour::Thinking, 120);
        assert!(thinking.thinking.is_some_and(|t| t.contains("turn 1")));
        let tools = answer(&p, Behaviour::Tools, 120);
        let call = tools.tool.expect("a tool call");
        let input: serde_json::Value = serde_json::from_str(&call.input).expect("valid JSON");
        assert_eq!(input["query"], "find my \"notes\" on Rust");
        assert_eq!(call.name, TOOL_NAME);
    }

    #[test]
    fn empty_prompt_still_answers() {
        let a = answer(&prompt("", None, 1), Behaviour::Plain, 120);
        assert!(a.text.contains("your message") && a.text.contains("(an empty prompt)"));
    }
}
