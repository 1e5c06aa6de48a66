//! [`MemoryStateStore`]: the default [`StateStore`], this process's memory.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use futures::future::BoxFuture;

use super::{MAX_MAP_ENTRIES, StateError, StateStore, unix_millis};

/// What a key holds.
#[derive(Debug)]
enum Value {
    Text(String),
    Map(BTreeMap<u64, String>),
}

#[derive(Debug)]
struct Entry {
    value: Value,
    expires: Instant,
}

/// A [`StateStore`] in this process's memory: right for one replica (or sticky sessions), and
/// for tests. Holds at most `capacity` keys. When full, expired keys are dropped first; then
/// [`set_if_absent`](StateStore::set_if_absent) refuses with [`StateError::Full`] (a live
/// entry there may be a replay guard), and the other writes evict the key expiring soonest.
///
/// ```
/// # tokio_test_block_on(async {
/// use std::time::Duration;
/// use okta_actions::state::{MemoryStateStore, StateStore};
///
/// let store = MemoryStateStore::new(1000);
/// let minute = Duration::from_secs(60);
/// assert!(store.set_if_absent("logout:jti:a", "1", minute).await.unwrap());
/// assert!(!store.set_if_absent("logout:jti:a", "1", minute).await.unwrap());
/// # });
/// # fn tokio_test_block_on(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Debug)]
pub struct MemoryStateStore {
    entries: Mutex<HashMap<String, Entry>>,
    capacity: usize,
}

impl Default for MemoryStateStore {
    /// A store of at most 100 000 keys.
    fn default() -> Self {
        MemoryStateStore::new(100_000)
    }
}

impl MemoryStateStore {
    /// A store of at most `capacity` keys.
    pub fn new(capacity: usize) -> Self {
        MemoryStateStore {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes room for `key` unless it is present: drops expired keys, then, with `evict`, the
    /// key expiring soonest.
    fn make_room(
        &self,
        entries: &mut HashMap<String, Entry>,
        key: &str,
        now: Instant,
        evict: bool,
    ) -> Result<(), StateError> {
        if entries.contains_key(key) || entries.len() < self.capacity {
            return Ok(());
        }
        entries.retain(|_, entry| entry.expires > now);
        if entries.len() < self.capacity {
            return Ok(());
        }
        let soonest = entries
            .iter()
            .min_by_key(|(_, entry)| entry.expires)
            .map(|(key, _)| key.clone());
        match soonest {
            Some(soonest) if evict => {
                entries.remove(&soonest);
                Ok(())
            }
            _ => Err(StateError::Full {
                capacity: self.capacity,
            }),
        }
    }

    /// The live entry under `key`, dropping an expired one.
    fn live<'m>(
        entries: &'m mut HashMap<String, Entry>,
        key: &str,
        now: Instant,
    ) -> Option<&'m mut Entry> {
        if entries.get(key).is_some_and(|entry| entry.expires <= now) {
            entries.remove(key);
        }
        entries.get_mut(key)
    }

    fn store(&self, key: &str, value: Value, ttl: Duration, evict: bool) -> Result<(), StateError> {
        let now = Instant::now();
        let mut entries = self.lock();
        self.make_room(&mut entries, key, now, evict)?;
        entries.insert(
            key.to_owned(),
            Entry {
                value,
                expires: expiry(now, ttl),
            },
        );
        Ok(())
    }
}

/// `now + ttl`, or far ahead when that overflows.
fn expiry(now: Instant, ttl: Duration) -> Instant {
    now.checked_add(ttl)
        .unwrap_or_else(|| now + Duration::from_secs(100 * 365 * 24 * 3600))
}

fn unexpected(key: &str, reason: &str) -> StateError {
    StateError::Unexpected {
        key: key.to_owned(),
        reason: reason.to_owned(),
    }
}

impl StateStore for MemoryStateStore {
    fn set_if_absent<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, StateError>> {
        let now = Instant::now();
        let result = {
            let mut entries = self.lock();
            if Self::live(&mut entries, key, now).is_some() {
                Ok(false)
            } else {
                self.make_room(&mut entries, key, now, false).map(|()| {
                    entries.insert(
                        key.to_owned(),
                        Entry {
                            value: Value::Text(value.to_owned()),
                            expires: expiry(now, ttl),
                        },
                    );
                    true
                })
            }
        };
        Box::pin(std::future::ready(result))
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<String>, StateError>> {
        let result = match Self::live(&mut self.lock(), key, Instant::now()) {
            None => Ok(None),
            Some(Entry {
                value: Value::Text(text),
                ..
            }) => Ok(Some(text.clone())),
            Some(_) => Err(unexpected(key, "an ordered map, not a value")),
        };
        Box::pin(std::future::ready(result))
    }

    fn set<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StateError>> {
        let result = self.store(key, Value::Text(value.to_owned()), ttl, true);
        Box::pin(std::future::ready(result))
    }

    fn raise_until<'a>(
        &'a self,
        key: &'a str,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StateError>> {
        let target = unix_millis(until);
        let result = (|| {
            let now = Instant::now();
            let mut entries = self.lock();
            if let Some(entry) = Self::live(&mut entries, key, now) {
                let Value::Text(current) = &entry.value else {
                    return Err(unexpected(key, "an ordered map, not a time"));
                };
                let current: u64 = current
                    .parse()
                    .map_err(|_| unexpected(key, "not a time in Unix milliseconds"))?;
                if current >= target {
                    return Ok(());
                }
            }
            let ttl = until
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO);
            self.make_room(&mut entries, key, now, true)?;
            entries.insert(
                key.to_owned(),
                Entry {
                    value: Value::Text(target.to_string()),
                    expires: expiry(now, ttl),
                },
            );
            Ok(())
        })();
        Box::pin(std::future::ready(result))
    }

    fn put_at<'a>(
        &'a self,
        key: &'a str,
        position: u64,
        value: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StateError>> {
        let result = (|| {
            let now = Instant::now();
            let mut entries = self.lock();
            if let Some(entry) = Self::live(&mut entries, key, now) {
                let Value::Map(map) = &mut entry.value else {
                    return Err(unexpected(key, "a value, not an ordered map"));
                };
                map.insert(position, value.to_owned());
                while map.len() > MAX_MAP_ENTRIES {
                    map.pop_first();
                }
                entry.expires = expiry(now, ttl);
                return Ok(());
            }
            drop(entries);
            let map = BTreeMap::from([(position, value.to_owned())]);
            self.store(key, Value::Map(map), ttl, true)
        })();
        Box::pin(std::future::ready(result))
    }

    fn at_or_before<'a>(
        &'a self,
        key: &'a str,
        position: u64,
    ) -> BoxFuture<'a, Result<Option<(u64, String)>, StateError>> {
        let result = match Self::live(&mut self.lock(), key, Instant::now()) {
            None => Ok(None),
            Some(Entry {
                value: Value::Map(map),
                ..
            }) => Ok(map
                .range(..=position)
                .next_back()
                .map(|(at, value)| (*at, value.clone()))),
            Some(_) => Err(unexpected(key, "a value, not an ordered map")),
        };
        Box::pin(std::future::ready(result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[tokio::test]
    async fn set_if_absent_admits_the_first_writer_until_the_key_expires() {
        let store = MemoryStateStore::new(10);
        assert_eq!(store.set_if_absent("k", "a", MINUTE).await, Ok(true));
        assert_eq!(store.set_if_absent("k", "b", MINUTE).await, Ok(false));
        assert_eq!(store.get("k").await, Ok(Some("a".into())));
        assert_eq!(
            store.set_if_absent("gone", "a", Duration::ZERO).await,
            Ok(true)
        );
        assert_eq!(store.get("gone").await, Ok(None), "expired at once");
        assert_eq!(store.set_if_absent("gone", "b", MINUTE).await, Ok(true));
    }

    #[tokio::test]
    async fn a_full_store_refuses_a_guard_but_evicts_for_other_writes() {
        let store = MemoryStateStore::new(2);
        assert_eq!(store.set_if_absent("a", "1", MINUTE).await, Ok(true));
        assert_eq!(store.set("b", "2", MINUTE * 2).await, Ok(()));
        assert_eq!(
            store.set_if_absent("c", "3", MINUTE).await,
            Err(StateError::Full { capacity: 2 })
        );
        assert_eq!(
            store.get("a").await,
            Ok(Some("1".into())),
            "never forgotten"
        );
        assert_eq!(store.set("c", "3", MINUTE).await, Ok(()));
        assert_eq!(
            store.get("a").await,
            Ok(None),
            "the soonest-expiring key made room"
        );
        assert_eq!(store.get("b").await, Ok(Some("2".into())));
        assert_eq!(store.get("c").await, Ok(Some("3".into())));
    }

    #[tokio::test]
    async fn set_replaces_and_expires() {
        let store = MemoryStateStore::new(10);
        store.set("k", "a", MINUTE).await.unwrap();
        store.set("k", "b", MINUTE).await.unwrap();
        assert_eq!(store.get("k").await, Ok(Some("b".into())));
        store.set("k", "c", Duration::ZERO).await.unwrap();
        assert_eq!(store.get("k").await, Ok(None));
    }

    #[tokio::test]
    async fn a_pause_is_extended_never_shortened_and_ends_by_itself() {
        let store = MemoryStateStore::new(10);
        let now = SystemTime::now();
        assert_eq!(store.until("p").await, Ok(None));
        store.raise_until("p", now + MINUTE).await.unwrap();
        store
            .raise_until("p", now + Duration::from_secs(1))
            .await
            .unwrap();
        let until = store.until("p").await.unwrap().unwrap();
        assert_eq!(unix_millis(until), unix_millis(now + MINUTE));
        store.raise_until("p", now + MINUTE * 2).await.unwrap();
        let until = store.until("p").await.unwrap().unwrap();
        assert_eq!(unix_millis(until), unix_millis(now + MINUTE * 2));
        store.raise_until("q", now - MINUTE).await.unwrap();
        assert_eq!(store.until("q").await, Ok(None), "a pause in the past");
    }

    #[tokio::test]
    async fn the_ordered_map_finds_the_nearest_entry_at_or_before_a_position() {
        let store = MemoryStateStore::new(10);
        store.put_at("m", 100, "c100", MINUTE).await.unwrap();
        store.put_at("m", 200, "c200", MINUTE).await.unwrap();
        assert_eq!(
            store.at_or_before("m", 150).await,
            Ok(Some((100, "c100".into())))
        );
        assert_eq!(
            store.at_or_before("m", 200).await,
            Ok(Some((200, "c200".into())))
        );
        assert_eq!(store.at_or_before("m", 99).await, Ok(None));
        assert_eq!(store.at_or_before("other", 500).await, Ok(None));
        for position in 0..(MAX_MAP_ENTRIES as u64 + 10) {
            store.put_at("big", position, "x", MINUTE).await.unwrap();
        }
        assert_eq!(
            store.at_or_before("big", 5).await,
            Ok(None),
            "lowest forgotten"
        );
        assert!(store.at_or_before("big", 20).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn a_key_of_the_wrong_kind_is_an_error_not_a_guess() {
        let store = MemoryStateStore::new(10);
        store.set("v", "not a time", MINUTE).await.unwrap();
        store.put_at("m", 1, "c", MINUTE).await.unwrap();
        assert!(matches!(
            store.until("v").await,
            Err(StateError::Unexpected { .. })
        ));
        assert!(matches!(
            store.get("m").await,
            Err(StateError::Unexpected { .. })
        ));
        assert!(matches!(
            store.at_or_before("v", 1).await,
            Err(StateError::Unexpected { .. })
        ));
        assert!(matches!(
            store.put_at("v", 1, "c", MINUTE).await,
            Err(StateError::Unexpected { .. })
        ));
    }
}
