//! The bounded `jti` replay store: each accepted token's `(iss, jti)` is remembered until the
//! token could no longer be accepted anyway (its `exp` plus the clock skew).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

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
