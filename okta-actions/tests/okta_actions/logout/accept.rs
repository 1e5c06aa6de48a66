//! Requests Okta would send are answered 204 after the handler ran with the mapped input, for
//! the right tenant; signing keys are cached and a rotated key is picked up.

use okta_actions::server::logout::TrustedIssuer;
use serde_json::json;

use super::support::{Endpoint, Key, Okta, calls_for, email, tenant, unique};

#[tokio::test]
async fn an_email_subject_logs_the_user_out_by_external_user_name() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user = email("ada");

    let token = okta.token(&endpoint).build();
    let body = json!({"sub_id": {"format": "email", "email": user}});
    let response = endpoint
        .post_raw(Some(&format!("Bearer {token}")), body.to_string())
        .await;

    assert_eq!(response.status().as_u16(), 204);
    let echoed = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(response.bytes().await.unwrap().is_empty());
    let calls = calls_for(&user);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(
        calls[0].input.external_user_name.as_deref(),
        Some(user.as_str())
    );
    assert_eq!(calls[0].input.external_user_id, None);
    assert_eq!(calls[0].input.okta_user_id, None);
    assert_eq!(
        calls[0].vendor_base_url.as_deref(),
        Some("https://acme.vendor.example/api")
    );
    assert_eq!(calls[0].request_id, echoed);
}

#[tokio::test]
async fn an_iss_sub_subject_logs_the_user_out_by_external_user_id() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user_id = unique("u");

    let token = okta.token(&endpoint).build();
    let body =
        json!({"sub_id": {"format": "iss_sub", "iss": "https://app.acme.example", "sub": user_id}});
    let status = endpoint
        .post_raw(Some(&format!("Bearer {token}")), body.to_string())
        .await
        .status();

    assert_eq!(status.as_u16(), 204);
    let calls = calls_for(&user_id);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(
        calls[0].input.external_user_id.as_deref(),
        Some(user_id.as_str())
    );
    assert_eq!(calls[0].input.external_user_name, None);
}

#[tokio::test]
async fn the_early_draft_subject_member_and_an_application_typ_are_accepted() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user = email("grace");

    let token = okta
        .token(&endpoint)
        .header("typ", json!("application/Global-Token-Revocation+JWT"))
        .build();
    let body = json!({"subject": {"format": "email", "email": user}});
    let status = endpoint
        .post_raw(Some(&format!("bearer {token}")), body.to_string())
        .await
        .status();

    assert_eq!(status.as_u16(), 204);
    assert_eq!(calls_for(&user).len(), 1);
}

#[tokio::test]
async fn each_app_instance_of_an_org_logs_out_from_its_own_tenant() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::start(|c| {
        c.with_trusted_issuer(okta.trusted())
            .with_trusted_issuer(TrustedIssuer::new(
                format!("{}/", okta.issuer),
                "0oa-second-instance",
                tenant("globex"),
            ))
    })
    .await;
    let (first, second) = (email("first"), email("second"));

    let token = okta.token(&endpoint).build();
    assert_eq!(endpoint.logout_email(&token, &first).await, 204);
    let token = okta
        .token(&endpoint)
        .claim("sub", json!("0oa-second-instance"))
        .build();
    assert_eq!(endpoint.logout_email(&token, &second).await, 204);

    let tenant_of = |user: &str| calls_for(user)[0].vendor_base_url.clone().unwrap();
    assert_eq!(tenant_of(&first), "https://acme.vendor.example/api");
    assert_eq!(tenant_of(&second), "https://globex.vendor.example/api");
    assert_eq!(
        okta.fetches(),
        1,
        "both instances share the org's key cache"
    );
}

#[tokio::test]
async fn keys_are_cached_and_a_rotated_key_is_fetched_once() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;

    for _ in 0..3 {
        let token = okta.token(&endpoint).build();
        assert_eq!(endpoint.logout_email(&token, &email("cached")).await, 204);
    }
    assert_eq!(okta.fetches(), 1);

    okta.publish(&[Key::A, Key::B]);
    let token = okta.token(&endpoint).key(Key::B).build();
    assert_eq!(endpoint.logout_email(&token, &email("rotated")).await, 204);
    assert_eq!(okta.fetches(), 2);

    for key in [Key::A, Key::B] {
        let token = okta.token(&endpoint).key(key).build();
        assert_eq!(endpoint.logout_email(&token, &email("after")).await, 204);
    }
    assert_eq!(okta.fetches(), 2);
}

#[tokio::test]
async fn the_mount_path_can_differ_from_the_audience_path() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::start(|c| {
        c.with_trusted_issuer(okta.trusted())
            .with_mount_path("/internal/gtr")
    })
    .await;
    let user = email("proxied");
    let mounted = endpoint
        .url
        .replace("/global-token-revocation", "/internal/gtr");

    let token = okta.token(&endpoint).build();
    let body = json!({"sub_id": {"format": "email", "email": user}}).to_string();
    let response = endpoint
        .post_to(&mounted, Some(&format!("Bearer {token}")), body.clone())
        .await;
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(calls_for(&user).len(), 1);

    let token = okta.token(&endpoint).build();
    let response = endpoint
        .post_raw(Some(&format!("Bearer {token}")), body)
        .await;
    assert_eq!(
        response.status().as_u16(),
        404,
        "nothing is served at the URL path"
    );
    assert_eq!(calls_for(&user).len(), 1);
}

#[tokio::test]
async fn a_token_within_the_clock_skew_is_accepted() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let now = super::support::now();

    let token = okta
        .token(&endpoint)
        .claim("exp", json!(now - 10))
        .claim("iat", json!(now + 10))
        .claim("nbf", json!(now + 10))
        .build();
    assert_eq!(endpoint.logout_email(&token, &email("skewed")).await, 204);
}
