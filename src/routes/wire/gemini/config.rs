//! `generationConfig`: sampling, length, stop sequences, `topK` and `thinkingConfig`.

use serde_json::{Map, Number, Value};

use crate::routes::capabilities::Capabilities;
use crate::routes::controls::ThinkingMode;
use crate::routes::request::{ChatRequest, as_typed};

/// The generation settings of `request`, each only when set and carried by the route.
pub(super) fn generation_config(request: &ChatRequest, capabilities: &Capabilities) -> Map<String, Value> {
    let params = &request.params;
    let mut config = Map::new();
    config.insert("maxOutputTokens".into(), params.max_tokens.into());
    let sampling = [("temperature", params.temperature), ("topP", params.top_p)];
    for (key, value) in sampling {
        if let Some(number) = value.and_then(as_typed).and_then(Number::from_f64).map(Value::Number) {
            config.insert(key.into(), number);
        }
    }
    if let Some(top_k) = params.controls.top_k.filter(|_| capabilities.top_k.field().is_some()) {
        config.insert("topK".into(), top_k.into());
    }
    if !params.stop_sequences.is_empty() {
        config.insert("stopSequences".into(), params.stop_sequences.clone().into());
    }
    if let Some(thinking) = thinking_config(request, capabilities) {
        config.insert("thinkingConfig".into(), Value::Object(thinking));
    }
    config
}

/// `thinkingConfig`, only for a model that thinks (`ChatRequest::thoughts`, from the catalog):
/// one that does not refuses it. `includeThoughts` asks for the summaries routeplay shows
/// apart; `--thinking` sets `thinkingBudget` (`adaptive`: -1, the model decides; `0` turns
/// thinking off, and then no summaries are asked for, which Vertex refuses); `off`, the
/// default, leaves the model's own default. `--effort` is Gemini 3's `thinkingLevel`
/// (`low`/`medium`/`high`; `medium` only on Gemini 3 Flash, the model refuses it otherwise).
/// Both together are sent as asked; the API refuses them ("You can only set only one of
/// thinking budget and thinking level.").
fn thinking_config(request: &ChatRequest, capabilities: &Capabilities) -> Option<Map<String, Value>> {
    if !request.thoughts || capabilities.thinking.support.field().is_none() {
        return None;
    }
    let controls = &request.params.controls;
    let mut thinking = Map::new();
    let budget = match controls.thinking {
        ThinkingMode::Off => None,
        ThinkingMode::Adaptive => Some(-1),
        ThinkingMode::Budget(tokens) => Some(i64::from(tokens)),
    };
    if budget != Some(0) {
        thinking.insert("includeThoughts".into(), true.into());
    }
    if let Some(budget) = budget {
        thinking.insert("thinkingBudget".into(), budget.into());
    }
    if let Some(effort) = controls.effort.filter(|_| capabilities.effort.field().is_some()) {
        thinking.insert("thinkingLevel".into(), effort.name().into());
    }
    Some(thinking)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::capabilities::{GENERATE_CONTENT, Support};
    use crate::routes::controls::Effort;
    use serde_json::json;

    fn config_for(controls: impl FnOnce(&mut ChatRequest), thoughts: bool) -> Value {
        let mut request = ChatRequest { thoughts, ..ChatRequest::single("Hi") };
        controls(&mut request);
        Value::Object(generation_config(&request, &GENERATE_CONTENT))
    }

    #[test]
    fn top_k_is_top_k_where_the_route_carries_it() {
        let config = config_for(|request| request.params.controls.top_k = Some(40), false);
        assert_eq!(config, json!({"maxOutputTokens": 1024, "topK": 40}));
        let mut request = ChatRequest::single("Hi");
        request.params.controls.top_k = Some(40);
        let dropped = Capabilities { top_k: Support::Dropped { why: "none" }, ..GENERATE_CONTENT };
        assert!(generation_config(&request, &dropped).get("topK").is_none());
    }

    #[test]
    fn a_thinking_model_is_asked_for_its_summaries_and_nothing_else_by_default() {
        assert_eq!(config_for(|_| {}, true)["thinkingConfig"], json!({"includeThoughts": true}));
        assert!(config_for(|_| {}, false).get("thinkingConfig").is_none());
    }

    #[test]
    fn thinking_maps_to_the_budget() {
        let budget =
            |mode| config_for(|request| request.params.controls.thinking = mode, true)["thinkingConfig"].clone();
        assert_eq!(budget(ThinkingMode::Budget(2048)), json!({"includeThoughts": true, "thinkingBudget": 2048}));
        assert_eq!(budget(ThinkingMode::Adaptive), json!({"includeThoughts": true, "thinkingBudget": -1}));
        assert_eq!(budget(ThinkingMode::Budget(0)), json!({"thinkingBudget": 0}), "off, without summaries");
    }

    #[test]
    fn effort_is_the_thinking_level() {
        for (effort, level) in [(Effort::Low, "low"), (Effort::Medium, "medium"), (Effort::High, "high")] {
            let config = config_for(|request| request.params.controls.effort = Some(effort), true);
            assert_eq!(config["thinkingConfig"], json!({"includeThoughts": true, "thinkingLevel": level}));
        }
        let both = config_for(
            |request| {
                request.params.controls.effort = Some(Effort::High);
                request.params.controls.thinking = ThinkingMode::Budget(512);
            },
            true,
        );
        assert_eq!(
            both["thinkingConfig"],
            json!({"includeThoughts": true, "thinkingBudget": 512, "thinkingLevel": "high"}),
            "sent as asked; the API refuses the pair"
        );
    }

    #[test]
    fn a_model_that_does_not_think_gets_no_thinking_config_whatever_is_asked() {
        let config = config_for(
            |request| {
                request.params.controls.thinking = ThinkingMode::Budget(1024);
                request.params.controls.effort = Some(Effort::Low);
            },
            false,
        );
        assert_eq!(config, json!({"maxOutputTokens": 1024}));
    }
}
