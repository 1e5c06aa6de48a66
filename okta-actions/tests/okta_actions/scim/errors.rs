//! Every way a SCIM request is refused, and tenant isolation.

use reqwest::Method;
use serde_json::json;

use super::support::Harness;

const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

#[tokio::test]
async fn an_unknown_id_is_a_404_scim_error() {
    let harness = Harness::start().await;
    let okta = harness.okta("unknown");
    let detail = okta.get("/Users/nobody").await.assert_error(404, None);
    assert!(detail.contains("user"), "{detail}");
    okta.get("/Groups/nothing").await.assert_error(404, None);
    okta.put("/Users/nobody", json!({"schemas": [CORE], "userName": "x"}))
        .await
        .assert_error(404, None);
    okta.patch(
        "/Users/nobody",
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
               "Operations": [{"op": "replace", "value": {"active": false}}]}),
    )
    .await
    .assert_error(404, None);
    okta.delete("/Groups/nothing").await.assert_error(404, None);
    okta.get("/Devices").await.assert_error(404, None);
    okta.post("/Bulk", json!({})).await.assert_error(501, None);
}

#[tokio::test]
async fn malformed_filters_are_invalid_filter_never_500() {
    let harness = Harness::start().await;
    let okta = harness.okta("filters");
    for filter in [
        "userName%20xx%20%22ada%22",
        "userName%20eq%20%22a%22%20or",
        "not%20userName%20eq%20%22a%22",
        "(userName%20eq%20%22a%22",
        "userName%20eq%20ada",
        "emails%5Btype%20eq%20%22work%22",
        "%20",
        "%22%22",
    ] {
        let detail = okta
            .get(&format!("/Users?filter={filter}"))
            .await
            .assert_error(400, Some("invalidFilter"));
        assert!(!detail.is_empty());
        okta.get(&format!("/Groups?filter={filter}"))
            .await
            .assert_error(400, Some("invalidFilter"));
    }
    // Attribute names compare case-insensitively and may carry the schema URN.
    let answer = okta
        .get(
            "/Users?filter=urn:ietf:params:scim:schemas:core:2.0:User:USERNAME%20eq%20%22nobody%22",
        )
        .await;
    assert!(answer.assert_list(0, 1).is_empty());
}

#[tokio::test]
async fn malformed_bodies_are_invalid_syntax_or_invalid_value() {
    let harness = Harness::start().await;
    let okta = harness.okta("syntax");
    let answer = okta
        .raw(
            Method::POST,
            "/Users",
            "application/scim+json",
            b"{\"userName\": ".to_vec(),
        )
        .await;
    let detail = answer.assert_error(400, Some("invalidSyntax"));
    assert!(detail.contains("not valid JSON"), "{detail}");
    okta.raw(
        Method::POST,
        "/Users",
        "application/scim+json",
        b"[1, 2]".to_vec(),
    )
    .await
    .assert_error(400, Some("invalidSyntax"));
    okta.raw(Method::POST, "/Users", "application/scim+json", Vec::new())
        .await
        .assert_error(400, Some("invalidSyntax"));
    let detail = okta
        .post(
            "/Users",
            json!({"schemas": [CORE], "name": {"givenName": "Nobody"}}),
        )
        .await
        .assert_error(400, Some("invalidValue"));
    assert!(detail.contains("userName"), "{detail}");
    let detail = okta
        .post(
            "/Users",
            json!({"schemas": [CORE], "userName": "a@b", "active": "sometimes"}),
        )
        .await
        .assert_error(400, Some("invalidValue"));
    assert!(
        detail.contains("`active`") && !detail.contains("sometimes"),
        "{detail}"
    );
    okta.post(
        "/Groups",
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]}),
    )
    .await
    .assert_error(400, Some("invalidValue"));
    okta.patch(
        "/Users/u-1",
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}),
    )
    .await
    .assert_error(400, Some("invalidSyntax"));
    let answer = okta
        .raw(
            Method::POST,
            "/Users",
            "text/plain",
            b"userName=ada".to_vec(),
        )
        .await;
    answer.assert_error(415, None);
    assert_eq!(
        harness.store("syntax", |t| t.users.len()),
        0,
        "nothing was created"
    );
}

#[tokio::test]
async fn a_patch_with_a_bad_path_is_invalid_path() {
    let harness = Harness::start().await;
    let okta = harness.okta("badpath");
    harness.seed_users("badpath", 1);
    okta.patch(
        "/Users/seed-0",
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
               "Operations": [{"op": "replace", "path": "emails[type eq ]", "value": "x"}]}),
    )
    .await
    .assert_error(400, Some("invalidPath"));
    okta.patch(
        "/Users/seed-0",
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
               "Operations": [{"op": "replace", "path": "id", "value": "other"}]}),
    )
    .await
    .assert_error(400, Some("mutability"));
}

#[tokio::test]
async fn a_body_beyond_the_limit_is_413() {
    let harness = Harness::start_with(|config| config.body_limit(1024)).await;
    let okta = harness.okta("big");
    let mut user = json!({"schemas": [CORE], "userName": "big@acme.example"});
    user["nickName"] = json!("x".repeat(4096));
    okta.post("/Users", user).await.assert_error(413, None);
}

#[tokio::test]
async fn no_credential_is_401_with_a_challenge_and_a_refused_one_too() {
    let harness = Harness::start().await;
    let anonymous = harness.okta("auth").with_authorization(None);
    for answer in [
        anonymous.get("/Users").await,
        anonymous.get("/ServiceProviderConfig").await,
    ] {
        answer.assert_error(401, None);
        assert_eq!(answer.headers["www-authenticate"], "Bearer realm=\"SCIM\"");
    }
    let wrong = harness
        .okta("auth")
        .with_authorization(Some("Bearer someone-elses-key"));
    let answer = wrong.get("/Users").await;
    answer.assert_error(401, None);
    assert_eq!(answer.headers["www-authenticate"], "Bearer realm=\"SCIM\"");
    let basic = harness
        .okta("auth")
        .with_authorization(Some("Basic dXNlcjpwYXNz"));
    basic.get("/Users/u-1").await.assert_error(401, None);
    // The right token works.
    assert_eq!(harness.okta("auth").get("/Users").await.status, 200);
}

#[tokio::test]
async fn handler_failures_are_500_without_internals() {
    let harness = Harness::start().await;
    let okta = harness.okta("faults");
    let answer = okta.get("/Users/vendor-down").await;
    let detail = answer.assert_error(500, None);
    assert!(
        !detail.contains("hunter2") && !detail.contains("10.0.0.7"),
        "{detail}"
    );
    let request_id = answer.headers["x-request-id"].to_str().unwrap();
    assert!(
        detail.contains(request_id),
        "the detail names the request id: {detail}"
    );
    let detail = okta.get("/Users/panic").await.assert_error(500, None);
    assert!(!detail.contains("bug"), "{detail}");
    // The facade is still serving.
    assert_eq!(okta.get("/Users").await.status, 200);
}

#[tokio::test]
async fn tenants_on_different_base_paths_see_only_their_own_data() {
    let harness = Harness::start().await;
    let alpha = harness.okta("alpha");
    let beta = harness.okta("beta");
    let answer = alpha
        .post(
            "/Users",
            json!({"schemas": [CORE], "userName": "ada@alpha.example"}),
        )
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.body);
    let id = answer.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        answer.body["meta"]["location"],
        format!("{}/Users/{id}", alpha.base)
    );

    assert_eq!(alpha.get("/Users").await.assert_list(1, 1).len(), 1);
    assert!(beta.get("/Users").await.assert_list(0, 1).is_empty());
    beta.get(&format!("/Users/{id}"))
        .await
        .assert_error(404, None);
    let filter = "/Users?filter=userName%20eq%20%22ada%40alpha.example%22";
    assert!(beta.get(filter).await.assert_list(0, 1).is_empty());
    // The same userName is free in the other tenant.
    let answer = beta
        .post(
            "/Users",
            json!({"schemas": [CORE], "userName": "ada@alpha.example"}),
        )
        .await;
    assert_eq!(answer.status, 201);
    // Beta's token does not open alpha's path.
    let intruder = harness
        .okta("alpha")
        .with_authorization(Some("Bearer beta-api-key"));
    intruder.get("/Users").await.assert_error(401, None);
}
