//! The Anthropic API route.
