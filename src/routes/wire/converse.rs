//! Bedrock Converse / ConverseStream: request body and stream decoding. CONTRACT (to be
//! implemented).
