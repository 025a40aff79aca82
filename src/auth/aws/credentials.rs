//! AWS credentials. CONTRACT (to be implemented).
