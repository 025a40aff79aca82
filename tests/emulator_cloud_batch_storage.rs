//! The emulator's S3 and Cloud Storage stand-ins, exactly as `object_store` calls them: the
//! requests and answers over raw HTTP (signatures, XML, headers, errors), then a round trip
//! through routeplay's own `object_store` buckets, paging past one listing page.

#[path = "emulator_cloud_batch/support.rs"]
mod support;

use reqwest::StatusCode;
use routeplay::auth::google::GoogleTokens;
use routeplay::batch::cloud_setup::{AwsBatch, AwsBatchAuth, GoogleBatch};
use routeplay::batch::storage;
use routeplay::client::google_setup::demo_adc;
use routeplay::client::setup::demo_credentials;
use routeplay::config::file::Network;
use routeplay::emulator::AWS_DEMO_SECRET_ACCESS_KEY;
use support::{Signing, s3, send, signed, start};

#[tokio::test]
async fn s3_put_get_and_list_answer_as_s3_does() {
    let emu = start(50).await;
    let base = format!("{}/s3/my-bucket", emu.base_url());
    let (status, headers, _) = send(s3("PUT", &format!("{base}/in/a%20b.jsonl"), b"{\"x\":1}\n")).await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers["etag"].to_str().expect("text").to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"') && headers.contains_key("x-amz-request-id"), "{headers:?}");
    let (status, headers, body) = send(s3("GET", &format!("{base}/in/a%20b.jsonl"), b"")).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "{\"x\":1}\n"));
    assert_eq!(headers["etag"].to_str().expect("text"), etag);
    assert_eq!(headers["content-length"].to_str().expect("text"), "8");
    assert!(headers["last-modified"].to_str().expect("text").ends_with(" GMT"), "{headers:?}");
    send(s3("PUT", &format!("{base}/in/c/d.jsonl"), b"d")).await;
    send(s3("PUT", &format!("{base}/out/e"), b"e")).await;
    let (status, _, listing) = send(s3("GET", &format!("{base}?list-type=2&prefix=in%2F"), b"")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(listing.contains("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"), "{listing}");
    assert!(listing.contains("<Key>in/a b.jsonl</Key>") && listing.contains("<Key>in/c/d.jsonl</Key>"), "{listing}");
    assert!(listing.contains("<Size>8</Size>") && listing.contains("<KeyCount>2</KeyCount>"), "{listing}");
    assert!(!listing.contains("out/e") && listing.contains("<IsTruncated>false</IsTruncated>"), "{listing}");
    let (_, _, folded) = send(s3("GET", &format!("{base}?list-type=2&prefix=in%2F&delimiter=%2F"), b"")).await;
    assert!(folded.contains("<CommonPrefixes><Prefix>in/c/</Prefix></CommonPrefixes>"), "{folded}");
    let (status, _, missing) = send(s3("GET", &format!("{base}/in/nope"), b"")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("<Code>NoSuchKey</Code>") && missing.contains("<RequestId>"), "{missing}");
    emu.shutdown().await.expect("stops");
}

#[tokio::test]
async fn s3_refuses_what_s3_refuses() {
    let emu = start(50).await;
    let url = format!("{}/s3/my-bucket/k%20ey", emu.base_url());
    let code =
        |body: &str| body.split("<Code>").nth(1).and_then(|rest| rest.split('<').next()).unwrap_or("").to_owned();
    let (status, _, body) = send(reqwest::Client::new().get(&url)).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "AccessDenied".to_owned()));
    let wrong_service = signed("GET", &url, b"", "bedrock", Signing::S3, AWS_DEMO_SECRET_ACCESS_KEY);
    let (status, _, body) = send(wrong_service).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "SignatureDoesNotMatch".to_owned()));
    // Signed as other services sign (the path encoded twice): S3 computes another signature.
    let double = signed("GET", &url, b"", "s3", Signing::Bedrock, AWS_DEMO_SECRET_ACCESS_KEY);
    assert_eq!(code(&send(double).await.2), "SignatureDoesNotMatch");
    let wrong_secret = signed("GET", &url, b"", "s3", Signing::S3, "not-the-secret");
    assert_eq!(code(&send(wrong_secret).await.2), "SignatureDoesNotMatch");
    // A body other than the one whose hash was signed.
    let mut request = s3("PUT", &url, b"signed").build().expect("request");
    *request.body_mut() = Some(reqwest::Body::from("changed"));
    let response = reqwest::Client::new().execute(request).await.expect("sent");
    let status = response.status();
    let body = response.text().await.expect("a body");
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "XAmzContentSHA256Mismatch".to_owned()));
    let (status, _, body) = send(s3("GET", &format!("{}/s3/my-bucket?prefix=x", emu.base_url()), b"")).await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_IMPLEMENTED, "NotImplemented".to_owned()));
    emu.shutdown().await.expect("stops");
}

#[tokio::test]
async fn cloud_storage_takes_issued_tokens_and_percent_encoded_names() {
    let emu = start(50).await;
    let base = format!("{}/storage/my-bucket", emu.base_url());
    let (status, _, refused) = send(reqwest::Client::new().get(format!("{base}/a"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(refused.contains("UNAUTHENTICATED"), "{refused}");
    let token = support::google_token(&emu).await;
    let http = reqwest::Client::new();
    let (status, headers, _) = send(http.put(format!("{base}/in%2Fx.jsonl")).bearer_auth(&token).body("line\n")).await;
    assert!(status == StatusCode::OK && headers.contains_key("etag"), "{status} {headers:?}");
    let (status, headers, body) = send(http.get(format!("{base}/in%2Fx.jsonl")).bearer_auth(&token)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "line\n"));
    assert!(headers.contains_key("last-modified") && headers.contains_key("etag"));
    let (_, _, listing) = send(http.get(format!("{base}?list-type=2&prefix=in%2F")).bearer_auth(&token)).await;
    assert!(listing.contains("xmlns=\"http://doc.s3.amazonaws.com/2006-03-01\""), "{listing}");
    assert!(listing.contains("<Key>in/x.jsonl</Key>"), "{listing}");
    let (status, _, missing) = send(http.get(format!("{base}/nope")).bearer_auth(&token)).await;
    assert!(status == StatusCode::NOT_FOUND && missing.contains("<Code>NoSuchKey</Code>"), "{missing}");
    emu.shutdown().await.expect("stops");
}

#[tokio::test]
async fn routeplay_s_object_store_buckets_round_trip_and_page_through_listings() {
    let emu = start(50).await;
    let url = emu.base_url();
    let aws = AwsBatch {
        region: "us-east-1".into(),
        auth: AwsBatchAuth::SigV4(demo_credentials()),
        control_url: url.clone(),
        s3_endpoint: Some(format!("{url}/s3")),
        source: "demo".into(),
    };
    let network = Network::default();
    let bucket = storage::s3(&aws, &network, "page-bucket").expect("an S3 bucket");
    let tokens = GoogleTokens::default();
    let google = GoogleBatch {
        base_url: url.clone(),
        project: "p".into(),
        location: "global".into(),
        bearer: routeplay::auth::secret::Secret::new("unused"),
        extra_headers: Vec::new(),
        adc: demo_adc(&url).expect("demo credentials"),
        storage_url: format!("{url}/storage"),
    };
    let gcs = storage::gcs(&google, &tokens, &network, "page-bucket").expect("a GCS bucket");
    for bucket in [bucket, gcs] {
        // Past one page of 1000 keys, so the continuation token is followed.
        for n in 0..1003 {
            bucket.put(&format!("many/{n:04}.jsonl"), format!("{n}\n").into_bytes()).await.expect("put");
        }
        bucket.put("other/x", b"x".to_vec()).await.expect("put");
        let listed = bucket.list("many/").await.expect("listed");
        assert_eq!(listed.len(), 1003, "{} listing", bucket.scheme);
        assert!(listed.iter().all(|object| object.key.starts_with("many/") && object.size >= 2));
        assert_eq!(bucket.get("many/1002.jsonl").await.expect("read"), b"1002\n");
        let missing = bucket.get("many/none").await.expect_err("no such object");
        assert!(missing.contains(&bucket.uri("many/none")), "{missing}");
    }
    emu.shutdown().await.expect("stops");
}
