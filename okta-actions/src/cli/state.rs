//! `serve --state`: where the replicas of an adapter share their state. `memory` (the default)
//! keeps it in the process; a `redis://` or `redis+unix://` URL shares it through Redis.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::state::{RedisStateStore, StateStore};

/// The `--state` value. `Debug` never shows a password.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum StateSpec {
    /// Each process keeps its own state.
    Memory,
    /// A Redis URL.
    Redis(String),
}

impl fmt::Debug for StateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateSpec::Memory => f.write_str("Memory"),
            StateSpec::Redis(_) => f.write_str("Redis(..)"),
        }
    }
}

impl FromStr for StateSpec {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let value = value.trim();
        if value.eq_ignore_ascii_case("memory") {
            Ok(StateSpec::Memory)
        } else if value.starts_with("redis://") || value.starts_with("redis+unix://") {
            Ok(StateSpec::Redis(value.to_owned()))
        } else {
            Err("expected `memory` or a `redis://` / `redis+unix://` URL".into())
        }
    }
}

/// The shared store `spec` names (`None` for `memory`), connected.
pub(crate) async fn connect(
    spec: &StateSpec,
    prefix: &str,
) -> Result<Option<Arc<dyn StateStore>>, String> {
    match spec {
        StateSpec::Memory => Ok(None),
        StateSpec::Redis(url) => {
            let store = RedisStateStore::connect(url)
                .await
                .map_err(|e| format!("--state: {e}"))?
                .with_prefix(prefix);
            Ok(Some(Arc::new(store)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_is_memory_or_a_redis_url_and_never_prints_it() {
        assert_eq!("memory".parse(), Ok(StateSpec::Memory));
        let spec: StateSpec = "redis://:hunter2@cache:6379/0".parse().unwrap();
        assert!(!format!("{spec:?}").contains("hunter2"));
        assert!("redis+unix:///run/redis.sock".parse::<StateSpec>().is_ok());
        assert!("postgres://db".parse::<StateSpec>().is_err());
    }

    #[tokio::test]
    async fn an_unreachable_server_is_refused_without_showing_the_password() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let spec = StateSpec::Redis(format!("redis://:hunter2@127.0.0.1:{port}/0"));
        let error = connect(&spec, "p:").await.expect_err("nothing listens");
        assert!(error.contains("unavailable"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        assert!(matches!(connect(&StateSpec::Memory, "p:").await, Ok(None)));
    }
}
