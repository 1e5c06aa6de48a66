//! [`RedisStateStore`]: a [`StateStore`] in Redis (or a compatible server such as Valkey),
//! shared by every replica that names the same server and key prefix.

use std::fmt;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{FromRedisValue, Pipeline, RedisError};

use super::{MAX_MAP_ENTRIES, StateError, StateStore, unix_millis};

/// Raises the Unix-millisecond time at `KEYS[1]` to `ARGV[1]` and expires the key then; one
/// script so that two replicas raising at once cannot lower each other's pause.
const RAISE_UNTIL: &str = r"
local current = tonumber(redis.call('GET', KEYS[1]))
local target = tonumber(ARGV[1])
if current == nil or current < target then
  redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
end
return 0
";

/// The default key prefix.
const DEFAULT_PREFIX: &str = "okta-actions:";

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A [`StateStore`] in Redis, over one multiplexed connection that reconnects by itself.
///
/// Keys are the caller's names after a prefix (`okta-actions:` unless
/// [`with_prefix`](Self::with_prefix) says otherwise), so that several adapters can share a
/// server. Every operation is a single-key command or script, so Redis Cluster works; each
/// waits at most the operation timeout (1 s unless
/// [`connect_with_timeout`](Self::connect_with_timeout) says otherwise) and then fails with
/// [`StateError::Unavailable`]. `Debug` and errors show the URL with its password redacted.
///
/// Accepted URLs: `redis://[[user]:password@]host[:port][/db]` and
/// `redis+unix:///path/to/socket` (no TLS). Needs Redis 6.2 or later (or Valkey).
#[derive(Clone)]
pub struct RedisStateStore {
    connection: ConnectionManager,
    prefix: String,
    timeout: Duration,
    /// The URL with the password replaced by `***`.
    address: String,
}

impl fmt::Debug for RedisStateStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStateStore")
            .field("address", &self.address)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl RedisStateStore {
    /// Connects to the server at `url`, waiting at most 5 s, with a 1 s operation timeout.
    /// Later operations reconnect by themselves when the connection drops.
    ///
    /// # Errors
    /// [`StateError::Config`] when the URL is unusable, [`StateError::Unavailable`] when the
    /// server does not answer.
    pub async fn connect(url: &str) -> Result<Self, StateError> {
        Self::connect_with_timeout(url, Duration::from_secs(1)).await
    }

    /// Like [`connect`](Self::connect), with `timeout` as the longest one operation may take
    /// before it fails with [`StateError::Unavailable`].
    ///
    /// # Errors
    /// As for [`connect`](Self::connect).
    pub async fn connect_with_timeout(url: &str, timeout: Duration) -> Result<Self, StateError> {
        let address = redact_url(url);
        let client = redis::Client::open(url).map_err(|e| StateError::Config {
            reason: format!("`{address}`: {}", scrub(&e, url)),
        })?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let connection = tokio::time::timeout(
            CONNECT_TIMEOUT,
            ConnectionManager::new_with_config(client, config),
        )
        .await
        .map_err(|_| StateError::Unavailable {
            store: address.clone(),
            reason: format!("no answer within {CONNECT_TIMEOUT:?}"),
        })?
        .map_err(|e| StateError::Unavailable {
            store: address.clone(),
            reason: scrub(&e, url),
        })?;
        Ok(RedisStateStore {
            connection,
            prefix: DEFAULT_PREFIX.to_owned(),
            timeout,
            address,
        })
    }

    /// Prefixes every key with `prefix` instead of `okta-actions:`. Braces are dropped from the
    /// prefix: the hash tags (`{…}`) that keep related keys in one Cluster slot are the keys'.
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into().replace(['{', '}'], "");
        self
    }

    /// The server's address, password redacted.
    pub fn address(&self) -> &str {
        &self.address
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Runs `pipeline` (one command or a transaction on one key) within the timeout.
    async fn run<T: FromRedisValue>(&self, pipeline: &Pipeline) -> Result<T, StateError> {
        let mut connection = self.connection.clone();
        match tokio::time::timeout(self.timeout, pipeline.query_async(&mut connection)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(self.unavailable(&e)),
            Err(_) => Err(StateError::Unavailable {
                store: self.address.clone(),
                reason: format!("no answer within {:?}", self.timeout),
            }),
        }
    }

    fn unavailable(&self, error: &RedisError) -> StateError {
        StateError::Unavailable {
            store: self.address.clone(),
            reason: error.to_string(),
        }
    }
}

/// Milliseconds for a TTL: at least 1 (Redis refuses 0).
fn millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl StateStore for RedisStateStore {
    fn set_if_absent<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, StateError>> {
        Box::pin(async move {
            let mut pipe = redis::pipe();
            pipe.cmd("SET")
                .arg(self.key(key))
                .arg(value)
                .arg("NX")
                .arg("PX")
                .arg(millis(ttl));
            let (stored,): (Option<String>,) = self.run(&pipe).await?;
            Ok(stored.is_some())
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<String>, StateError>> {
        Box::pin(async move {
            let mut pipe = redis::pipe();
            pipe.cmd("GET").arg(self.key(key));
            let (value,): (Option<String>,) = self.run(&pipe).await.map_err(|e| kind(e, key))?;
            Ok(value)
        })
    }

    fn set<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StateError>> {
        Box::pin(async move {
            let mut pipe = redis::pipe();
            pipe.cmd("SET")
                .arg(self.key(key))
                .arg(value)
                .arg("PX")
                .arg(millis(ttl))
                .ignore();
            self.run::<()>(&pipe).await
        })
    }

    fn raise_until<'a>(
        &'a self,
        key: &'a str,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StateError>> {
        Box::pin(async move {
            if until <= SystemTime::now() {
                return Ok(());
            }
            let mut pipe = redis::pipe();
            pipe.cmd("EVAL")
                .arg(RAISE_UNTIL)
                .arg(1)
                .arg(self.key(key))
                .arg(unix_millis(until))
                .ignore();
            self.run::<()>(&pipe).await.map_err(|e| kind(e, key))
        })
    }

    fn put_at<'a>(
        &'a self,
        key: &'a str,
        position: u64,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StateError>> {
        Box::pin(async move {
            let full = self.key(key);
            // A sorted set scored by position; the member carries the position so that
            // equal values at two positions stay two entries.
            let mut pipe = redis::pipe();
            pipe.atomic()
                .cmd("ZADD")
                .arg(&full)
                .arg(position)
                .arg(format!("{position}:{value}"))
                .ignore()
                .cmd("ZREMRANGEBYRANK")
                .arg(&full)
                .arg(0)
                .arg(-(MAX_MAP_ENTRIES as i64) - 1)
                .ignore()
                .cmd("PEXPIRE")
                .arg(&full)
                .arg(millis(ttl))
                .ignore();
            self.run::<()>(&pipe).await.map_err(|e| kind(e, key))
        })
    }

    fn at_or_before<'a>(
        &'a self,
        key: &'a str,
        position: u64,
    ) -> BoxFuture<'a, Result<Option<(u64, String)>, StateError>> {
        Box::pin(async move {
            let mut pipe = redis::pipe();
            pipe.cmd("ZREVRANGEBYSCORE")
                .arg(self.key(key))
                .arg(position)
                .arg("-inf")
                .arg("LIMIT")
                .arg(0)
                .arg(1);
            let (found,): (Vec<String>,) = self.run(&pipe).await.map_err(|e| kind(e, key))?;
            let Some(member) = found.into_iter().next() else {
                return Ok(None);
            };
            let parsed = member
                .split_once(':')
                .and_then(|(at, value)| Some((at.parse().ok()?, value.to_owned())));
            parsed.map(Some).ok_or_else(|| StateError::Unexpected {
                key: key.to_owned(),
                reason: "an entry of the ordered map is not `position:value`".into(),
            })
        })
    }
}

/// A `WRONGTYPE` answer is the key holding another kind of value, not an outage.
fn kind(error: StateError, key: &str) -> StateError {
    match error {
        StateError::Unavailable { reason, .. } if reason.contains("WRONGTYPE") => {
            StateError::Unexpected {
                key: key.to_owned(),
                reason,
            }
        }
        other => other,
    }
}

/// `url` with its password (if any) replaced by `***`.
fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() && parsed.set_password(Some("***")).is_err() {
                return "(a Redis URL)".into();
            }
            parsed.to_string()
        }
        Err(_) => "(an unparsable Redis URL)".into(),
    }
}

/// A client-library message with the URL's password, should it appear, removed.
fn scrub(error: &RedisError, url: &str) -> String {
    let message = error.to_string();
    match url::Url::parse(url)
        .ok()
        .and_then(|u| u.password().map(str::to_owned))
    {
        Some(password) if !password.is_empty() => message.replace(&password, "***"),
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows_in_the_address() {
        assert_eq!(
            redact_url("redis://:hunter2@cache.internal:6380/1"),
            "redis://:***@cache.internal:6380/1"
        );
        assert_eq!(
            redact_url("redis://app:hunter2@cache.internal"),
            "redis://app:***@cache.internal"
        );
        assert_eq!(
            redact_url("redis://cache.internal"),
            "redis://cache.internal"
        );
        assert!(!redact_url("not a url hunter2").contains("hunter2"));
    }

    #[tokio::test]
    async fn an_unusable_url_is_a_config_error_without_the_password() {
        let error = RedisStateStore::connect("http://:hunter2@cache.internal")
            .await
            .unwrap_err();
        assert!(matches!(error, StateError::Config { .. }), "{error:?}");
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(!format!("{error:?}").contains("hunter2"), "{error:?}");
    }
}
