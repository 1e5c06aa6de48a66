//! The bounded `jti` replay store: each accepted token's `(iss, jti)` is remembered until the
//! token could no longer be accepted anyway (its `exp` plus the clock skew): in this process's
//! memory, or in a [`StateStore`] the replicas share.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::state::StateStore;

/// What the store says about a `jti`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// First use: remembered from now on.
    Fresh,
    /// Seen before, and not yet expired.
    Replayed,
    /// Every slot holds an unexpired token; try again in this many seconds.
    Full {
        /// Seconds until the oldest remembered token expires.
        retry_after: u64,
    },
    /// The shared store cannot say (and no fallback is configured): the token must not be
    /// accepted.
    Unavailable,
}

/// Where accepted `jti` values are remembered.
#[derive(Debug)]
pub(crate) enum ReplayGuard {
    /// This process's memory (the default): right for one replica.
    Memory(ReplayStore),
    /// A store the replicas share; `fallback`, when configured, answers while it fails.
    Shared {
        store: Arc<dyn StateStore>,
        fallback: Option<ReplayStore>,
    },
}

impl ReplayGuard {
    /// Admits `jti` from `issuer` once across every replica sharing the store; `forget_at` and
    /// `now` are Unix seconds.
    pub(crate) async fn admit(
        &self,
        issuer: &str,
        jti: &str,
        forget_at: u64,
        now: u64,
    ) -> Admission {
        let (store, fallback) = match self {
            ReplayGuard::Memory(memory) => return memory.admit(issuer, jti, forget_at, now),
            ReplayGuard::Shared { store, fallback } => (store, fallback),
        };
        // Length-prefixed so that no (issuer, jti) pair can spell another's key.
        let key = format!("logout:jti:{}:{issuer}{jti}", issuer.len());
        // Kept through the second `forget_at` itself.
        let ttl = Duration::from_secs(forget_at.saturating_sub(now).saturating_add(1));
        match store.set_if_absent(&key, "1", ttl).await {
            Ok(true) => Admission::Fresh,
            Ok(false) => Admission::Replayed,
            Err(error) => match fallback {
                Some(memory) => {
                    tracing::warn!(%error, "the shared jti replay store failed: using this replica's memory");
                    memory.admit(issuer, jti, forget_at, now)
                }
                None => {
                    tracing::error!(%error, "the shared jti replay store failed: refusing the token");
                    Admission::Unavailable
                }
            },
        }
    }
}

/// Remembers at most `capacity` unexpired `(iss, jti)` pairs.
#[derive(Debug)]
pub(crate) struct ReplayStore {
    capacity: usize,
    seen: Mutex<HashMap<(String, String), u64>>,
}

impl ReplayStore {
    pub(crate) fn new(capacity: usize) -> Self {
        ReplayStore {
            capacity,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Admits `jti` from `issuer` once; `forget_at` and `now` are Unix seconds. A full store
    /// drops expired entries first and refuses (never forgets a live entry) when still full.
    pub(crate) fn admit(&self, issuer: &str, jti: &str, forget_at: u64, now: u64) -> Admission {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (issuer.to_owned(), jti.to_owned());
        if let Some(&until) = seen.get(&key) {
            if until >= now {
                return Admission::Replayed;
            }
            seen.remove(&key);
        }
        if seen.len() >= self.capacity {
            seen.retain(|_, until| *until >= now);
            if seen.len() >= self.capacity {
                let soonest = seen.values().copied().min().unwrap_or(now);
                return Admission::Full {
                    retry_after: soonest.saturating_sub(now).max(1),
                };
            }
        }
        seen.insert(key, forget_at);
        Admission::Fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::MemoryStateStore;

    #[tokio::test]
    async fn a_shared_store_admits_a_jti_once_across_guards() {
        let store: Arc<dyn StateStore> = Arc::new(MemoryStateStore::default());
        let guard = |store: &Arc<dyn StateStore>| ReplayGuard::Shared {
            store: Arc::clone(store),
            fallback: None,
        };
        let (a, b) = (guard(&store), guard(&store));
        assert_eq!(a.admit("https://a", "j1", 100, 50).await, Admission::Fresh);
        assert_eq!(
            b.admit("https://a", "j1", 100, 60).await,
            Admission::Replayed
        );
        assert_eq!(b.admit("https://b", "j1", 100, 60).await, Admission::Fresh);
        assert_eq!(a.admit("https://a", "j2", 100, 60).await, Admission::Fresh);
    }

    #[tokio::test]
    async fn a_failing_shared_store_refuses_unless_a_fallback_is_configured() {
        // A store with no room refuses every new key: a stand-in for an outage.
        let broken: Arc<dyn StateStore> = Arc::new(MemoryStateStore::new(0));
        let strict = ReplayGuard::Shared {
            store: Arc::clone(&broken),
            fallback: None,
        };
        assert_eq!(strict.admit("i", "j", 100, 0).await, Admission::Unavailable);
        let lenient = ReplayGuard::Shared {
            store: broken,
            fallback: Some(ReplayStore::new(10)),
        };
        assert_eq!(lenient.admit("i", "j", 100, 0).await, Admission::Fresh);
        assert_eq!(lenient.admit("i", "j", 100, 1).await, Admission::Replayed);
    }

    #[test]
    fn a_jti_is_admitted_once_per_issuer_until_it_expires() {
        let store = ReplayStore::new(10);
        assert_eq!(store.admit("https://a", "j1", 100, 50), Admission::Fresh);
        assert_eq!(store.admit("https://a", "j1", 100, 60), Admission::Replayed);
        assert_eq!(store.admit("https://b", "j1", 100, 60), Admission::Fresh);
        assert_eq!(store.admit("https://a", "j1", 200, 101), Admission::Fresh);
    }

    #[test]
    fn a_full_store_drops_expired_entries_and_refuses_rather_than_forget_live_ones() {
        let store = ReplayStore::new(2);
        assert_eq!(store.admit("i", "j1", 100, 0), Admission::Fresh);
        assert_eq!(store.admit("i", "j2", 130, 0), Admission::Fresh);
        assert_eq!(
            store.admit("i", "j3", 150, 10),
            Admission::Full { retry_after: 90 }
        );
        assert_eq!(store.admit("i", "j1", 100, 10), Admission::Replayed);
        assert_eq!(store.admit("i", "j3", 150, 101), Admission::Fresh);
        assert_eq!(store.admit("i", "j2", 130, 101), Admission::Replayed);
    }
}
