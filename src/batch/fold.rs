//! A fetched batch result folded back: stored as a run in the history (its answer, usage and
//! stop reason; no stream timings, since a batch does not stream) and as its matrix cell,
//! priced at the batch rate.
