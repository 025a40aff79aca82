//! The config file, data and config paths, and problems found in user files.

pub mod file;
pub mod paths;
pub mod problem;
pub mod save_set;
