//! SigV4 signing. CONTRACT (to be implemented).
