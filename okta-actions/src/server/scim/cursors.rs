//! Where the facade remembers list cursors between requests: the [`ScimCursorStore`] trait and
//! its in-memory implementation.
//!
//! SCIM pages by index (`startIndex`), the contracts by opaque cursor. To serve page after page
//! without walking the list from the start each time, the facade remembers the cursor it was
//! handed at each offset of a list, and resumes from the nearest one. With the in-memory store
//! each replica remembers its own cursors; a store shared by the replicas (Redis, a database)
//! lets any replica resume where another left off. Either way a lost entry only costs a longer
//! walk: answers stay correct.

use std::collections::HashMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;

use crate::state::StateStore;

/// One list of one tenant as seen with one credential: the key under which its cursors are
/// remembered. The key is a digest of the tenant variables, the credential and the resource
/// type, the same on every replica running the same build; it never contains the credential.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CursorList {
    key: String,
}

impl CursorList {
    /// The list of `resource` (`Users`, `Groups`) for a tenant digest.
    pub(crate) fn new(tenant: u64, resource: &str) -> Self {
        CursorList {
            key: format!("{tenant:016x}:{resource}"),
        }
    }

    /// The key as text, e.g. to prefix a Redis key with.
    pub fn as_str(&self) -> &str {
        &self.key
    }
}

/// The stable digest of a tenant's variables and credential used in [`CursorList`] keys.
pub(crate) fn tenant_digest(variables: &[(String, String)], credential: Option<&str>) -> u64 {
    let mut hasher = DefaultHasher::new();
    variables.hash(&mut hasher);
    credential.hash(&mut hasher);
    hasher.finish()
}

/// Remembers list cursors by position so that paging can resume where a previous request
/// ended, possibly on another replica. Implementations must be cheap to call: the facade asks
/// once per list request and tells once per contract page it reads. A store that fails
/// should answer `None` / drop the entry: the facade then walks from the start.
pub trait ScimCursorStore: fmt::Debug + Send + Sync + 'static {
    /// The cursor remembered in `list` at the largest offset not after `offset`, with that
    /// offset, unless it expired.
    fn get<'a>(
        &'a self,
        list: &'a CursorList,
        offset: usize,
    ) -> BoxFuture<'a, Option<(usize, String)>>;

    /// Remembers that the items of `list` from `offset` on are read with `cursor`, for `ttl`.
    fn put<'a>(
        &'a self,
        list: &'a CursorList,
        offset: usize,
        cursor: String,
        ttl: Duration,
    ) -> BoxFuture<'a, ()>;
}

type Entries = HashMap<(CursorList, usize), (String, Instant)>;

/// The default [`ScimCursorStore`]: this process's memory, at most `capacity` entries (expired
/// ones are dropped first, then the oldest). Good for one replica, or several behind a load
/// balancer with sticky sessions.
#[derive(Debug)]
pub struct MemoryCursorStore {
    entries: Mutex<Entries>,
    capacity: usize,
}

impl MemoryCursorStore {
    /// A store of at most `capacity` cursors; 0 remembers nothing.
    pub fn new(capacity: usize) -> Self {
        MemoryCursorStore {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl ScimCursorStore for MemoryCursorStore {
    fn get<'a>(
        &'a self,
        list: &'a CursorList,
        offset: usize,
    ) -> BoxFuture<'a, Option<(usize, String)>> {
        let now = Instant::now();
        let found = self
            .lock()
            .iter()
            .filter(|((l, o), (_, expires))| l == list && *o <= offset && now < *expires)
            .max_by_key(|((_, o), _)| *o)
            .map(|((_, o), (cursor, _))| (*o, cursor.clone()));
        Box::pin(std::future::ready(found))
    }

    fn put<'a>(
        &'a self,
        list: &'a CursorList,
        offset: usize,
        cursor: String,
        ttl: Duration,
    ) -> BoxFuture<'a, ()> {
        if self.capacity > 0 {
            let now = Instant::now();
            let mut entries = self.lock();
            if entries.len() >= self.capacity {
                entries.retain(|_, (_, expires)| now < *expires);
            }
            if entries.len() >= self.capacity
                && let Some(oldest) = entries
                    .iter()
                    .min_by_key(|(_, (_, expires))| *expires)
                    .map(|(key, _)| key.clone())
            {
                entries.remove(&oldest);
            }
            entries.insert((list.clone(), offset), (cursor, now + ttl));
        }
        Box::pin(std::future::ready(()))
    }
}

/// A [`ScimCursorStore`] over a [`StateStore`]: with a store the replicas share (Redis), any
/// replica resumes an import where another one left off. Each list is one ordered map in the
/// store, under `scim:cursors:{<list>}`, expiring `ttl` after its latest cursor. A store that
/// fails is logged and treated as empty: the facade walks from the start, and answers stay
/// correct.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use okta_actions::server::scim::{ScimConfig, SharedCursorStore};
/// use okta_actions::state::MemoryStateStore;
///
/// let store = SharedCursorStore::new(Arc::new(MemoryStateStore::default()));
/// let config = ScimConfig::new("/scim/v2").cursor_store(store, Duration::from_secs(600));
/// # let _ = config;
/// ```
#[derive(Debug, Clone)]
pub struct SharedCursorStore {
    store: Arc<dyn StateStore>,
}

impl SharedCursorStore {
    /// Cursors kept in `store`.
    pub fn new(store: Arc<dyn StateStore>) -> Self {
        SharedCursorStore { store }
    }

    fn key(list: &CursorList) -> String {
        format!("scim:cursors:{{{}}}", list.as_str())
    }
}

impl ScimCursorStore for SharedCursorStore {
    fn get<'a>(
        &'a self,
        list: &'a CursorList,
        offset: usize,
    ) -> BoxFuture<'a, Option<(usize, String)>> {
        Box::pin(async move {
            let position = u64::try_from(offset).unwrap_or(u64::MAX);
            match self.store.at_or_before(&Self::key(list), position).await {
                // A position past the one asked for is not what this store wrote (the shared
                // store is outside the process): walking from the start is the safe answer.
                Ok(found) => found
                    .filter(|(at, _)| *at <= position)
                    .and_then(|(at, cursor)| Some((usize::try_from(at).ok()?, cursor))),
                Err(error) => {
                    tracing::warn!(%error, "cannot read SCIM list cursors; walking from the start");
                    None
                }
            }
        })
    }

    fn put<'a>(
        &'a self,
        list: &'a CursorList,
        offset: usize,
        cursor: String,
        ttl: Duration,
    ) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let position = u64::try_from(offset).unwrap_or(u64::MAX);
            if let Err(error) = self
                .store
                .put_at(&Self::key(list), position, &cursor, ttl)
                .await
            {
                tracing::warn!(%error, "cannot remember a SCIM list cursor");
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_nearest_cursor_at_or_before_an_offset_is_found_until_it_expires() {
        let store = MemoryCursorStore::new(2);
        let users = CursorList::new(1, "Users");
        let groups = CursorList::new(1, "Groups");
        let minute = Duration::from_secs(60);
        store.put(&users, 100, "c100".into(), minute).await;
        store.put(&users, 200, "c200".into(), minute).await;
        assert_eq!(store.get(&users, 150).await, Some((100, "c100".into())));
        assert_eq!(store.get(&users, 250).await, Some((200, "c200".into())));
        assert_eq!(store.get(&users, 99).await, None);
        assert_eq!(store.get(&groups, 250).await, None);
        store.put(&groups, 10, "g10".into(), Duration::ZERO).await;
        assert_eq!(store.get(&groups, 10).await, None, "expired");
        assert_eq!(
            store.get(&users, 150).await,
            None,
            "the oldest entry made room"
        );
        let none = MemoryCursorStore::new(0);
        none.put(&users, 1, "c".into(), minute).await;
        assert_eq!(none.get(&users, 1).await, None);
    }

    #[test]
    fn keys_are_stable_and_never_hold_the_credential() {
        let variables = [("subdomain".to_owned(), "demo".to_owned())];
        let a = tenant_digest(&variables, Some("Bearer secret-token"));
        assert_eq!(a, tenant_digest(&variables, Some("Bearer secret-token")));
        assert_ne!(a, tenant_digest(&variables, Some("Bearer other")));
        let list = CursorList::new(a, "Users");
        assert!(!list.as_str().contains("secret"));
        assert!(list.as_str().ends_with(":Users"));
    }

    /// A shared store whose ordered map answers an entry past the position asked for, as a
    /// tampered or foreign Redis key could.
    #[derive(Debug)]
    struct PastThePosition;

    impl StateStore for PastThePosition {
        fn set_if_absent<'a>(
            &'a self,
            _: &'a str,
            _: &'a str,
            _: Duration,
        ) -> BoxFuture<'a, Result<bool, crate::state::StateError>> {
            Box::pin(async { Ok(false) })
        }
        fn get<'a>(
            &'a self,
            _: &'a str,
        ) -> BoxFuture<'a, Result<Option<String>, crate::state::StateError>> {
            Box::pin(async { Ok(None) })
        }
        fn set<'a>(
            &'a self,
            _: &'a str,
            _: &'a str,
            _: Duration,
        ) -> BoxFuture<'a, Result<(), crate::state::StateError>> {
            Box::pin(async { Ok(()) })
        }
        fn raise_until<'a>(
            &'a self,
            _: &'a str,
            _: std::time::SystemTime,
        ) -> BoxFuture<'a, Result<(), crate::state::StateError>> {
            Box::pin(async { Ok(()) })
        }
        fn put_at<'a>(
            &'a self,
            _: &'a str,
            _: u64,
            _: &'a str,
            _: Duration,
        ) -> BoxFuture<'a, Result<(), crate::state::StateError>> {
            Box::pin(async { Ok(()) })
        }
        fn at_or_before<'a>(
            &'a self,
            _: &'a str,
            _: u64,
        ) -> BoxFuture<'a, Result<Option<(u64, String)>, crate::state::StateError>> {
            Box::pin(async { Ok(Some((u64::MAX, "foreign".to_owned()))) })
        }
    }

    #[tokio::test]
    async fn an_entry_past_the_offset_asked_for_is_ignored_not_followed() {
        let store = SharedCursorStore::new(Arc::new(PastThePosition));
        assert_eq!(store.get(&CursorList::new(7, "Users"), 150).await, None);
    }

    #[tokio::test]
    async fn a_shared_store_finds_the_nearest_cursor_for_every_replica() {
        let state: Arc<dyn StateStore> = Arc::new(crate::state::MemoryStateStore::default());
        let replica_a = SharedCursorStore::new(Arc::clone(&state));
        let replica_b = SharedCursorStore::new(state);
        let users = CursorList::new(7, "Users");
        let minute = Duration::from_secs(60);
        replica_a.put(&users, 100, "c100".into(), minute).await;
        replica_a.put(&users, 200, "c200".into(), minute).await;
        assert_eq!(replica_b.get(&users, 150).await, Some((100, "c100".into())));
        assert_eq!(replica_b.get(&users, 200).await, Some((200, "c200".into())));
        assert_eq!(replica_b.get(&users, 99).await, None);
        assert_eq!(
            replica_b.get(&CursorList::new(7, "Groups"), 150).await,
            None
        );
    }
}
