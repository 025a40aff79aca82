//! Keys to actions, from `assets/keymap.default.toml` plus a user file. CONTRACT (to be
//! implemented).
