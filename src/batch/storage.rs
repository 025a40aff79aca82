//! The S3 and Cloud Storage halves of the Bedrock and Vertex batch services, through
//! `object_store`: put the input JSONL, list and get the output. The stores are built with
//! routeplay's own credentials handed in as `object_store` credential providers.
