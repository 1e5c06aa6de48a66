//! `RedisStateStore` keeps the same promises as `MemoryStateStore`, against a real server.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use okta_actions::state::{MemoryStateStore, RedisStateStore, StateError, StateStore};

use super::support::{RedisServer, prefix};

const MINUTE: Duration = Duration::from_secs(60);

/// The promises every store keeps, checked on `store`.
async fn keeps_the_promises(store: &dyn StateStore) {
    assert_eq!(store.set_if_absent("guard", "a", MINUTE).await, Ok(true));
    assert_eq!(store.set_if_absent("guard", "b", MINUTE).await, Ok(false));
    assert_eq!(store.get("guard").await, Ok(Some("a".into())));
    assert_eq!(store.get("missing").await, Ok(None));

    store.set("value", "1", MINUTE).await.unwrap();
    store.set("value", "2", MINUTE).await.unwrap();
    assert_eq!(store.get("value").await, Ok(Some("2".into())));
    store
        .set("short", "x", Duration::from_millis(50))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(store.get("short").await, Ok(None), "expired");

    let now = SystemTime::now();
    store.raise_until("pause", now + MINUTE).await.unwrap();
    store
        .raise_until("pause", now + Duration::from_secs(1))
        .await
        .unwrap();
    let until = store.until("pause").await.unwrap().expect("paused");
    let off = until
        .duration_since(now + MINUTE)
        .unwrap_or_else(|e| e.duration());
    assert!(off < Duration::from_millis(2), "never shortened: {off:?}");
    store.raise_until("pause", now + MINUTE * 2).await.unwrap();
    let until = store.until("pause").await.unwrap().expect("paused");
    assert!(until > now + MINUTE, "extended");
    store
        .raise_until("past", now - Duration::from_secs(1))
        .await
        .unwrap();
    assert_eq!(store.until("past").await, Ok(None));

    store.put_at("map", 100, "c100", MINUTE).await.unwrap();
    store.put_at("map", 200, "c:200", MINUTE).await.unwrap();
    assert_eq!(
        store.at_or_before("map", 150).await,
        Ok(Some((100, "c100".into())))
    );
    assert_eq!(
        store.at_or_before("map", 999).await,
        Ok(Some((200, "c:200".into()))),
        "a value may hold `:`"
    );
    assert_eq!(store.at_or_before("map", 99).await, Ok(None));
    assert_eq!(store.at_or_before("no map", 99).await, Ok(None));

    assert!(matches!(
        store.at_or_before("value", 1).await,
        Err(StateError::Unexpected { .. })
    ));
    store.set("text", "not a time", MINUTE).await.unwrap();
    assert!(matches!(
        store.until("text").await,
        Err(StateError::Unexpected { .. })
    ));
}

#[tokio::test]
async fn the_memory_store_keeps_the_promises() {
    keeps_the_promises(&MemoryStateStore::default()).await;
}

#[tokio::test]
async fn the_redis_store_keeps_the_promises_and_its_prefix_separates_adapters() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let store = redis.store(&prefix("promises")).await;
    keeps_the_promises(store.as_ref()).await;

    let other = redis.store(&prefix("other adapter")).await;
    assert_eq!(other.get("guard").await, Ok(None));
    assert_eq!(other.set_if_absent("guard", "c", MINUTE).await, Ok(true));
}

#[tokio::test]
async fn the_password_never_shows_in_debug_or_errors() {
    let Some(redis) = RedisServer::start_with(&["--requirepass", "hunter2-secret"]) else {
        return;
    };
    let with_password = redis.url.replace("redis://", "redis://:hunter2-secret@");
    let store = RedisStateStore::connect(&with_password)
        .await
        .expect("the right password connects");
    let debug = format!("{store:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("***"), "{debug}");
    let store: Arc<dyn StateStore> = Arc::new(store);
    assert_eq!(store.set_if_absent("k", "v", MINUTE).await, Ok(true));

    let wrong = redis.url.replace("redis://", "redis://:wrong-hunter3@");
    let error = RedisStateStore::connect(&wrong)
        .await
        .expect_err("a wrong password is refused");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("hunter3"), "{shown}");
    }
}

#[tokio::test]
async fn an_unreachable_server_is_an_error_within_the_timeout() {
    // A port nothing listens on: bound and released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = std::time::Instant::now();
    let error = RedisStateStore::connect(&format!("redis://127.0.0.1:{port}"))
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, StateError::Unavailable { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(6));
}
