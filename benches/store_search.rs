//! Store search benchmark (being written).

fn main() {}
