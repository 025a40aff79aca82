//! Which model a request names, per surface: any `emulator-…` id (as on every surface) and the
//! catalog's ids for the surface's route. Vertex names models `publisher/model`
//! (`google/emulator-sonnet`, `meta/llama-3.3-70b-instruct-maas`) and refuses a bare id.

use super::error::Refusal;
use super::surface::Surface;
use crate::emulator::catalog::{self, Behaviour, Choice, PREFIX};
use crate::emulator::faults::Fault;
use crate::emulator::real_ids;
use crate::models::Catalog;
use std::sync::OnceLock;

/// The built-in model catalog, read once.
pub fn models_catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::builtin)
}

/// A model the surface serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served<'m> {
    pub choice: Choice<'m>,
    /// The model reasons, so `reasoning_effort` is taken and its thinking streamed.
    pub reasons: bool,
}

/// Resolve `model` (its fault suffix already taken off) on `surface`, with the suffix's fault.
pub fn resolve<'m>(surface: &Surface, model: &'m str, fault: Option<Fault>) -> Result<Served<'m>, Refusal> {
    let name = match surface {
        Surface::Vertex { .. } => match model.split_once('/') {
            Some((publisher, name)) if !publisher.is_empty() && !name.is_empty() => name,
            _ => {
                return Err(surface.invalid(
                    format!(
                        "Invalid model `{model}`: model ids on the OpenAI-compatible endpoint take the form \
                         `publisher/model`, for example `google/gemini-2.5-flash` or \
                         `meta/llama-3.3-70b-instruct-maas`."
                    ),
                    Some("model"),
                    None,
                ));
            }
        },
        Surface::OpenAi | Surface::Mantle => model,
    };
    if name.starts_with(PREFIX) {
        let choice = catalog::resolve(name).ok_or_else(|| surface.model_not_found(model))?;
        let choice = Choice { fault, ..choice };
        return Ok(Served { choice, reasons: choice.behaviour == Behaviour::Thinking });
    }
    let route = surface.route();
    if !real_ids::served_on(route, model) {
        return Err(surface.model_not_found(model));
    }
    let reasons = models_catalog().thinks(route, model);
    let behaviour = if reasons { Behaviour::Thinking } else { Behaviour::Plain };
    Ok(Served { choice: Choice { base: model, behaviour, fault }, reasons })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::faults::StreamFault;

    fn vertex() -> Surface {
        Surface::Vertex { project: "p".into(), location: "global".into() }
    }

    #[test]
    fn emulator_ids_on_every_surface_and_vertex_wants_a_publisher() {
        let cut = Some(Fault::Stream(StreamFault::Cut));
        let served = resolve(&Surface::OpenAi, "emulator-thinking", cut).expect("served");
        assert_eq!((served.choice.base, served.reasons, served.choice.fault), ("emulator-thinking", true, cut));
        assert!(!resolve(&Surface::Mantle, "emulator-tools", None).expect("served").reasons);
        assert_eq!(resolve(&vertex(), "google/emulator-sonnet", None).expect("served").choice.base, "emulator-sonnet");
        assert!(resolve(&vertex(), "emulator-sonnet", None).is_err());
        assert!(resolve(&vertex(), "/emulator-sonnet", None).is_err());
        assert!(resolve(&Surface::OpenAi, "gpt-nonexistent", None).is_err());
        assert!(resolve(&Surface::OpenAi, "emulator-", None).is_err());
    }
}
