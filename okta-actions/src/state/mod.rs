//! State the replicas of an adapter share: the [`StateStore`] trait, its in-memory
//! implementation (the default) and, with feature `redis`, a Redis implementation.
//!
//! Three pieces of the adapter's state matter across replicas behind a load balancer:
//!
//! | user | what it stores | without a shared store |
//! |---|---|---|
//! | Universal Logout ([`UniversalLogoutConfig::with_replay_store`](crate::server::logout::UniversalLogoutConfig::with_replay_store)) | each accepted token's `jti`, until its `exp` plus the clock skew | a token replayed against another replica is accepted |
//! | SCIM facade ([`SharedCursorStore`](crate::server::scim::SharedCursorStore)) | list cursors by position | the next page on another replica walks the list from the start |
//! | vendor client ([`Integration::with_state_store`](crate::Integration::with_state_store)) | the time until which a tenant's requests wait after a `429` | other replicas keep calling a vendor that asked to wait |
//!
//! Every operation touches one key, so the Redis store works on Redis Cluster; keys that
//! belong together carry the same hash tag (`{…}`).
//!
//! ```no_run
//! # #[cfg(all(feature = "redis", feature = "scim", feature = "universal-logout"))]
//! # async fn run(
//! #     integration: okta_actions::Integration,
//! #     logout: okta_actions::server::logout::UniversalLogoutConfig,
//! #     scim: okta_actions::server::scim::ScimConfig,
//! # ) -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use std::time::Duration;
//!
//! use okta_actions::server::Adapter;
//! use okta_actions::server::scim::SharedCursorStore;
//! use okta_actions::state::{RedisStateStore, StateStore};
//!
//! let store: Arc<dyn StateStore> = Arc::new(
//!     RedisStateStore::connect("redis://:secret@redis.internal:6379/0")
//!         .await?
//!         .with_prefix("acme-okta:"),
//! );
//! let adapter = Adapter::new(integration.with_state_store(Arc::clone(&store)))
//!     .universal_logout(logout.with_replay_store(Arc::clone(&store)))?
//!     .scim(scim.cursor_store(SharedCursorStore::new(store), Duration::from_secs(600)))?;
//! let running = adapter.bind("0.0.0.0:8080").await?;
//! # running.shutdown().await?;
//! # Ok(())
//! # }
//! ```

mod error;
mod memory;
#[cfg(feature = "redis")]
mod redis;

use std::fmt;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;

pub use error::StateError;
pub use memory::MemoryStateStore;
#[cfg(feature = "redis")]
pub use redis::RedisStateStore;

/// A key-value store with expiry that several replicas can share. Keys are the callers'
/// logical names (`logout:jti:…`); a store may prefix them. Values are text. Every method
/// touches one key, and a failure is an error, never a guess: callers decide whether to fail
/// closed (logout) or carry on without the shared state (cursors, rate-limit pauses).
pub trait StateStore: fmt::Debug + Send + Sync + 'static {
    /// Stores `value` under `key` for `ttl` unless the key holds a live value; `true` when it
    /// was stored (the first caller wins, on every replica).
    fn set_if_absent<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, StateError>>;

    /// The live value under `key`.
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<String>, StateError>>;

    /// Stores `value` under `key` for `ttl`, replacing any value.
    fn set<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StateError>>;

    /// Moves the time stored under `key` to `until` unless it is already later (a pause is
    /// extended, never shortened); the key expires at that time.
    fn raise_until<'a>(
        &'a self,
        key: &'a str,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StateError>>;

    /// The time stored under `key` by [`raise_until`](Self::raise_until), while it lies ahead.
    fn until<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<SystemTime>, StateError>> {
        Box::pin(async move {
            let Some(text) = self.get(key).await? else {
                return Ok(None);
            };
            let millis: u64 = text.parse().map_err(|_| StateError::Unexpected {
                key: key.to_owned(),
                reason: "not a time in Unix milliseconds".into(),
            })?;
            let until = from_unix_millis(millis);
            Ok((until > SystemTime::now()).then_some(until))
        })
    }

    /// Remembers `value` at `position` in the ordered map under `key`; the whole map expires
    /// `ttl` after its latest write. A store may forget the lowest positions of a large map.
    fn put_at<'a>(
        &'a self,
        key: &'a str,
        position: u64,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StateError>>;

    /// The entry of the ordered map under `key` at the largest position not after `position`.
    fn at_or_before<'a>(
        &'a self,
        key: &'a str,
        position: u64,
    ) -> BoxFuture<'a, Result<Option<(u64, String)>, StateError>>;
}

/// The most entries an ordered map keeps (the lowest positions are forgotten first).
pub(crate) const MAX_MAP_ENTRIES: usize = 4096;

/// Milliseconds since the Unix epoch (0 before it, saturating far after it).
pub(crate) fn unix_millis(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The time `millis` after the Unix epoch.
fn from_unix_millis(millis: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_millis(millis))
        .unwrap_or(SystemTime::UNIX_EPOCH)
}
