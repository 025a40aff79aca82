//! Bedrock InvokeModelWithResponseStream: request body and stream decoding. CONTRACT (to be
//! implemented).
