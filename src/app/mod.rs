//! The pure core: state and `update`. Nothing in here does I/O or knows about tokio.

pub mod action;
