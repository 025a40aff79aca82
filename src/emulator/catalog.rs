//! The emulator's models, and how a requested model id maps to a behaviour and a fault.
//!
//! Any id starting with `emulator-` is accepted: the listed ones have their own behaviour and
//! every other one answers like `emulator-sonnet`, so a model catalog can name variants freely.
//! A suffix `-fault-<name>` asks for a fault (see [`super::faults::FAULTS`]).

use super::faults::Fault;

/// Model ids every emulator model starts with.
pub const PREFIX: &str = "emulator-";

/// What separates a model id from a fault name: `emulator-sonnet-fault-429`.
pub const FAULT_MARK: &str = "-fault-";

/// The listed models: id and what it does. The catalog owns the list, since the route pane and
/// demo mode offer them too; the emulator gives each its behaviour below.
pub use crate::models::EMULATOR_MODELS as MODELS;

/// How a model answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Plain,
    Thinking,
    Tools,
}

/// A requested model id, understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice<'a> {
    /// The id without its fault suffix; answers depend on it.
    pub base: &'a str,
    pub behaviour: Behaviour,
    pub fault: Option<Fault>,
}

/// Understand `model`, or `None` when the emulator does not serve it (not `emulator-…`, or an
/// unknown fault name).
pub fn resolve(model: &str) -> Option<Choice<'_>> {
    let (base, fault) = match model.split_once(FAULT_MARK) {
        Some((base, name)) => (base, Some(Fault::from_name(name)?)),
        None => (model, None),
    };
    if base.strip_prefix(PREFIX).is_none_or(str::is_empty) {
        return None;
    }
    let behaviour = match base {
        "emulator-thinking" => Behaviour::Thinking,
        "emulator-tools" => Behaviour::Tools,
        _ => Behaviour::Plain,
    };
    Some(Choice { base, behaviour, fault })
}

/// `emulator-sonnet` → `Emulator Sonnet`.
pub fn display_name(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::faults::{Rejection, StreamFault};

    #[test]
    fn resolves_listed_unlisted_and_faulted_ids() {
        let plain = resolve("emulator-sonnet").expect("listed");
        assert_eq!((plain.base, plain.behaviour, plain.fault), ("emulator-sonnet", Behaviour::Plain, None));
        let thinking = resolve("emulator-thinking-fault-cut").expect("faulted");
        assert_eq!(thinking.base, "emulator-thinking");
        assert_eq!(thinking.behaviour, Behaviour::Thinking);
        assert_eq!(thinking.fault, Some(Fault::Stream(StreamFault::Cut)));
        assert_eq!(
            resolve("emulator-tools-fault-429").and_then(|c| c.fault),
            Some(Fault::Reject(Rejection::RateLimited))
        );
        assert_eq!(resolve("emulator-haiku").map(|c| c.behaviour), Some(Behaviour::Plain));
    }

    #[test]
    fn rejects_foreign_ids_and_unknown_faults() {
        for model in ["claude-sonnet-4", "emulator-", "emulator-fault-429", "emulator-sonnet-fault-nope", ""] {
            assert_eq!(resolve(model), None, "{model}");
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(display_name("emulator-sonnet"), "Emulator Sonnet");
    }
}
