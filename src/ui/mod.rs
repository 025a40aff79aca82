//! Pure views over `&App`.

pub mod markdown;
pub mod theme;
