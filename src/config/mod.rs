//! The config file, data and config paths, and problems found in user files.

pub mod file;
mod lenient;
pub mod paths;
pub mod problem;
pub mod ranges;
pub mod save_set;
pub mod save_theme;
pub mod state_file;
pub mod state_writer;
mod validate;
