//! AWS event-stream framing (`application/vnd.amazon.eventstream`), decoded incrementally
//! with `aws-smithy-eventstream`. CONTRACT (to be implemented).
