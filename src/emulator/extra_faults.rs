//! Faults only some surfaces know (Google's `404`, `403`, `429-array`…; Chat Completions'
//! `keep-alive`, `no-done`…), asked for like every other fault: the `x-routeplay-fault` header or
//! a `-fault-<name>` model suffix, the header winning. Each surface lists its own by name; they
//! are taken out here, and the shared faults go on to the answer engine.

use super::catalog::FAULT_MARK;
use super::controls::{self, Controls};
use super::faults::{self, Fault};
use axum::http::HeaderMap;

/// What a request asked for, with a surface's own fault kind `E`.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked<'m, E> {
    /// The model id without its fault suffix.
    pub model: &'m str,
    /// A shared fault from the model suffix (the header's is in `controls`).
    pub suffix: Option<Fault>,
    pub extra: Option<E>,
    pub controls: Controls,
}

/// Why the faults could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A bad control header; the message names it.
    Header(String),
    /// The model suffix names no fault: the model is not served.
    Suffix,
}

/// Split the fault suffix off `model` (it always comes last, after a Vertex Claude id's
/// `@version`: `claude-sonnet-4-5@20250929-fault-cut`) and read the controls; `extras` are the
/// surface's own faults by name.
pub fn read<'m, E: Copy>(headers: &HeaderMap, model: &'m str, extras: &[(&str, E)]) -> Result<Asked<'m, E>, Problem> {
    let extra = |name: &str| extras.iter().find(|(known, _)| *known == name).map(|(_, extra)| *extra);
    let (base, named) = match model.split_once(FAULT_MARK) {
        Some((base, name)) => (base, Some(name)),
        None => (model, None),
    };
    let (suffix, suffix_extra) = match named {
        None => (None, None),
        Some(name) => match (Fault::from_name(name), extra(name)) {
            (Some(fault), _) => (Some(fault), None),
            (None, Some(extra)) => (None, Some(extra)),
            (None, None) => return Err(Problem::Suffix),
        },
    };
    let mut headers = headers.clone();
    let header = headers.get(controls::FAULT).map(|value| value.to_str().map(str::trim));
    let (suffix, extra) = match header {
        None => (suffix, suffix_extra),
        Some(Ok(name)) if Fault::from_name(name).is_some() => (suffix, None),
        Some(Ok(name)) => match extra(name) {
            Some(extra) => {
                headers.remove(controls::FAULT);
                (None, Some(extra))
            }
            None => return Err(Problem::Header(unknown(name, extras))),
        },
        Some(Err(_)) => return Err(Problem::Header(format!("{}: not a visible ASCII value", controls::FAULT))),
    };
    let controls = Controls::from_headers(&headers).map_err(Problem::Header)?;
    Ok(Asked { model: base, suffix, extra, controls })
}

fn unknown<E>(name: &str, extras: &[(&str, E)]) -> String {
    let extras: Vec<&str> = extras.iter().map(|(name, _)| *name).collect();
    format!("{}: unknown fault {name:?} (known: {}, {})", controls::FAULT, faults::names(), extras.join(", "))
}
