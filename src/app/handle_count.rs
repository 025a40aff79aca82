//! `alt+t` in the prompt: count the next request's input tokens (the conversation so far, the
//! typed prompt, the attached files, the system prompt and the parameters, as a send would build
//! them) on the chosen target, or on every compare column with its own parameters. The runtime
//! asks each route's counting endpoint and answers with `Msg::TokensCounted`.

use super::App;
use super::effect::Effect;
use super::token_count::{CountAnswer, CountState, TokenCount};
use crate::routes::Target;
use crate::routes::event::Usage;
use crate::routes::request::ChatRequest;

impl App {
    pub(super) fn count_tokens(&mut self) -> Vec<Effect> {
        let prompt = self.prompt.text();
        if prompt.trim().is_empty() {
            self.complain("type a prompt first: alt+t counts the request it would send");
            return Vec::new();
        }
        self.counts.forget();
        if self.compare_shown && !self.compare.columns.is_empty() {
            let mut effects = Vec::new();
            for index in 0..self.compare.columns.len() {
                let target = self.compare.columns[index].target.clone();
                let request = self.column_request(index, &prompt);
                let (count, effect) = self.count_order(target, request, Some(index));
                self.counts.columns.push(Some(count));
                effects.extend(effect);
            }
            self.notify(format!(
                "counting the next request's input tokens on {}: see each column",
                super::counted(self.compare.columns.len(), "target")
            ));
            return effects;
        }
        let Some((target, request)) = self.next_single_request(&prompt) else { return Vec::new() };
        let (count, effect) = self.count_order(target, request, None);
        self.show_count(&count);
        self.counts.prompt = Some(count);
        effect.into_iter().collect()
    }

    /// The count to show for `target` and the effect that asks for it; a route that cannot
    /// count, or a request the route's limits refuse, is not asked, and why is its count's error.
    fn count_order(&self, target: Target, request: ChatRequest, column: Option<usize>) -> (TokenCount, Option<Effect>) {
        if let Err(why) = crate::routes::count::counting_of(target.route.spec()) {
            return (TokenCount { target, state: CountState::Failed(why) }, None);
        }
        let refused = crate::preflight::check(&target, &request).refused;
        if !refused.is_empty() {
            let state = CountState::Failed(format!("not sent: {}", refused.join("; ")));
            return (TokenCount { target, state }, None);
        }
        let effect =
            Effect::CountTokens { ask: self.counts.ask, column, target: target.clone(), request, demo: self.demo };
        (TokenCount::counting(target), Some(effect))
    }

    /// A count came back: it is shown with its input cost, unless a newer count or a send came
    /// since it was asked.
    pub(super) fn on_tokens_counted(&mut self, ask: u64, column: Option<usize>, result: Result<CountAnswer, String>) {
        if ask != self.counts.ask {
            return;
        }
        let count = match column {
            None => self.counts.prompt.as_mut(),
            Some(index) => self.counts.columns.get_mut(index).and_then(Option::as_mut),
        };
        let Some(count) = count else { return };
        count.state = match result {
            Ok(answer) => {
                let usage =
                    Usage { input_tokens: Some(answer.input_tokens), output_tokens: Some(0), ..Usage::default() };
                let input_usd =
                    crate::models::cost::estimate(&self.catalog, &count.target, &usage).map(|cost| cost.usd);
                CountState::Counted { answer, input_usd }
            }
            Err(why) => CountState::Failed(why),
        };
        if column.is_none() {
            let count = count.clone();
            self.show_count(&count);
        }
    }

    fn show_count(&mut self, count: &TokenCount) {
        if count.failed() {
            self.complain(count.line(true));
        } else {
            self.notify(count.line(true));
        }
    }
}
