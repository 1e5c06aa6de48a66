//! The Universal Logout `jti` replay store shared by two replicas through Redis, and what the
//! endpoint answers when Redis is down.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::support::{RedisServer, prefix};
use crate::logout::support::{Endpoint, Key, Okta, calls_for, email, unique};

#[tokio::test]
async fn a_token_accepted_by_one_replica_is_a_replay_at_the_other() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let store = redis.store(&prefix("replay")).await;
    let okta = Okta::start(&[Key::A]).await;
    let a = Endpoint::start(|c| {
        c.with_trusted_issuer(okta.trusted())
            .with_replay_store(store.clone())
    })
    .await;
    let b = a
        .replica(|c| {
            c.with_trusted_issuer(okta.trusted())
                .with_replay_store(store.clone())
        })
        .await;
    let user = email("replicas");

    let token = okta.token(&a).claim("jti", json!(unique("jti"))).build();
    assert_eq!(a.logout_email(&token, &user).await, 204);
    let replayed = b
        .post_raw(
            Some(&format!("Bearer {token}")),
            json!({"sub_id": {"format": "email", "email": user}}).to_string(),
        )
        .await;
    assert_eq!(replayed.status(), 401);
    assert_eq!(
        replayed.headers()["www-authenticate"],
        r#"Bearer error="invalid_token""#
    );
    assert_eq!(calls_for(&user).len(), 1, "the handler ran once");

    // Control: replicas with their own memory each accept the token once.
    let own_a = Endpoint::start(|c| c.with_trusted_issuer(okta.trusted())).await;
    let own_b = own_a
        .replica(|c| c.with_trusted_issuer(okta.trusted()))
        .await;
    let other = email("own-memory");
    let token = okta.token(&own_a).build();
    assert_eq!(own_a.logout_email(&token, &other).await, 204);
    assert_eq!(own_b.logout_email(&token, &other).await, 204);
}

#[tokio::test]
async fn with_redis_down_the_endpoint_answers_503_unless_a_fallback_is_configured() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let store = redis.store(&prefix("outage")).await;
    let okta = Okta::start(&[Key::A]).await;
    let strict = Endpoint::start(|c| {
        c.with_trusted_issuer(okta.trusted())
            .with_replay_store(store.clone())
    })
    .await;
    let lenient = strict
        .replica(|c| {
            c.with_trusted_issuer(okta.trusted())
                .with_replay_store(store.clone())
                .with_replay_fallback_to_memory(true)
        })
        .await;
    let user = email("outage");
    assert_eq!(
        strict
            .logout_email(&okta.token(&strict).build(), &user)
            .await,
        204,
        "served while Redis is up"
    );

    redis.kill();
    let token = okta.token(&strict).build();
    let answer = strict
        .post_raw(
            Some(&format!("Bearer {token}")),
            json!({"sub_id": {"format": "email", "email": user}}).to_string(),
        )
        .await;
    assert_eq!(answer.status(), 503);
    assert_eq!(answer.headers()["retry-after"], "5");
    let body: Value = answer.json().await.expect("a JSON body");
    assert_eq!(body["error"], "temporarily_unavailable", "{body}");
    assert_eq!(calls_for(&user).len(), 1, "the handler did not run");

    // The same token at the replica configured to fall back: accepted once, then a replay.
    assert_eq!(lenient.logout_email(&token, &user).await, 204);
    assert_eq!(lenient.logout_email(&token, &user).await, 401);
    assert_eq!(calls_for(&user).len(), 2);

    // Redis back (empty): the store reconnects by itself and the endpoint serves again.
    redis.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status = strict
            .logout_email(&okta.token(&strict).build(), &user)
            .await;
        if status == 204 {
            break;
        }
        assert_eq!(
            status, 503,
            "refused while reconnecting, never accepted unchecked"
        );
        assert!(
            Instant::now() < deadline,
            "the store did not reconnect within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let fresh = okta.token(&strict).build();
    assert_eq!(strict.logout_email(&fresh, &user).await, 204);
    assert_eq!(
        lenient.logout_email(&fresh, &user).await,
        401,
        "shared again"
    );
}
