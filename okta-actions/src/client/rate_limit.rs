//! Rate-limit headers: how long a 429 asks us to wait, and a per-tenant window that slows
//! requests down before the wall (`X-Rate-Limit-Remaining` running low). Okta's spelling
//! `X-Rate-Limit-*` and the common `X-RateLimit-*` (GitHub, many SaaS APIs) are both read; in
//! each, the reset is in UTC epoch seconds. With a [`StateStore`] the pause is shared by every
//! replica calling the same tenant.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::{DATE, HeaderMap, RETRY_AFTER};

use crate::state::StateStore;

const LIMIT: [&str; 2] = ["x-rate-limit-limit", "x-ratelimit-limit"];
const REMAINING: [&str; 2] = ["x-rate-limit-remaining", "x-ratelimit-remaining"];
const RESET: [&str; 2] = ["x-rate-limit-reset", "x-ratelimit-reset"];

/// The first of the header spellings present, as a number.
fn number(headers: &HeaderMap, names: [&str; 2]) -> Option<u64> {
    names
        .iter()
        .find_map(|name| headers.get(*name))?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// "Now" as the server sees it: its `Date` header when it sent one (epoch reset times are
/// relative to the server's clock), else ours.
fn server_now(headers: &HeaderMap) -> SystemTime {
    headers
        .get(DATE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| httpdate::parse_http_date(value).ok())
        .unwrap_or_else(SystemTime::now)
}

/// The wait until `X-Rate-Limit-Reset` (UTC epoch seconds).
fn until_reset(headers: &HeaderMap) -> Option<Duration> {
    // `checked_add`: the header is an untrusted number and may lie beyond any representable time.
    let reset = UNIX_EPOCH.checked_add(Duration::from_secs(number(headers, RESET)?))?;
    Some(
        reset
            .duration_since(server_now(headers))
            .unwrap_or(Duration::ZERO),
    )
}

/// How long the vendor asks us to wait: `Retry-After` (seconds or an HTTP date), else
/// `X-Rate-Limit-Reset`.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim);
    if let Some(value) = retry_after {
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        if let Ok(date) = httpdate::parse_http_date(value) {
            return Some(
                date.duration_since(server_now(headers))
                    .unwrap_or(Duration::ZERO),
            );
        }
    }
    until_reset(headers)
}

/// A little random extra time so waiting requests do not all fire at the reset instant.
pub(crate) fn jitter(up_to: Duration) -> Duration {
    let max = up_to.as_millis().min(u128::from(u64::MAX)) as u64;
    Duration::from_millis(fastrand::u64(0..=max))
}

/// A tenant's pause as other replicas see it: a time in a [`StateStore`].
#[derive(Debug)]
pub(crate) struct SharedPause {
    store: Arc<dyn StateStore>,
    key: String,
}

impl SharedPause {
    /// The pause of the tenant identified by `tenant` (base URL, token URL and credential).
    /// The key holds a digest, never the credential, and is the same on every replica.
    pub(crate) fn new(store: Arc<dyn StateStore>, tenant: &str) -> Self {
        let mut hasher = DefaultHasher::new();
        tenant.hash(&mut hasher);
        SharedPause {
            store,
            key: format!("vendor:pause:{{{:016x}}}", hasher.finish()),
        }
    }
}

/// One tenant's rate-limit window: requests wait while it is paused, here or, with a shared
/// pause, on any replica.
#[derive(Debug, Default)]
pub(crate) struct RateWindow {
    paused_until: Mutex<Option<Instant>>,
    shared: Option<SharedPause>,
}

impl RateWindow {
    /// A window, shared with other replicas through `shared` when given.
    pub(crate) fn new(shared: Option<SharedPause>) -> Self {
        RateWindow {
            paused_until: Mutex::new(None),
            shared,
        }
    }

    /// Pauses every request of the tenant for `wait` (extending, never shortening, a pause).
    /// A shared store that fails is logged: this replica's own pause still holds.
    pub(crate) async fn pause(&self, wait: Duration) {
        let Some(until) = Instant::now().checked_add(wait) else {
            return;
        };
        {
            let mut paused = self
                .paused_until
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if paused.is_none_or(|current| current < until) {
                *paused = Some(until);
            }
        }
        if let (Some(shared), Some(until)) = (&self.shared, SystemTime::now().checked_add(wait))
            && let Err(error) = shared.store.raise_until(&shared.key, until).await
        {
            tracing::warn!(%error, "cannot share the vendor rate-limit pause with other replicas");
        }
    }

    /// Reads an answer's rate-limit headers: when `X-Rate-Limit-Remaining` is at most
    /// `max(1, fraction × X-Rate-Limit-Limit)`, pauses until `X-Rate-Limit-Reset` plus jitter
    /// (at most `longest`).
    pub(crate) async fn observe(&self, headers: &HeaderMap, fraction: f64, longest: Duration) {
        let (Some(limit), Some(remaining)) = (number(headers, LIMIT), number(headers, REMAINING))
        else {
            return;
        };
        let threshold = ((limit as f64) * fraction).ceil().max(1.0);
        if remaining as f64 > threshold {
            return;
        }
        if let Some(wait) = until_reset(headers) {
            let wait = wait
                .saturating_add(jitter(Duration::from_millis(100)))
                .min(longest);
            tracing::debug!(
                limit,
                remaining,
                wait_ms = wait.as_millis() as u64,
                "rate limit nearly exhausted: slowing down until the window resets"
            );
            self.pause(wait).await;
        }
    }

    /// How long requests must still wait, if the window is paused here or, with a shared
    /// pause, by another replica. A shared store that fails is logged and ignored.
    pub(crate) async fn wait_time(&self) -> Option<Duration> {
        let local = {
            let paused = self
                .paused_until
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            paused.and_then(|until| until.checked_duration_since(Instant::now()))
        };
        let shared = match &self.shared {
            Some(shared) => match shared.store.until(&shared.key).await {
                Ok(until) => until.and_then(|until| until.duration_since(SystemTime::now()).ok()),
                Err(error) => {
                    tracing::warn!(%error, "cannot read the shared vendor rate-limit pause");
                    None
                }
            },
            None => None,
        };
        local.max(shared).filter(|wait| !wait.is_zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::MemoryStateStore;

    #[tokio::test]
    async fn a_pause_one_window_takes_is_seen_by_another_sharing_the_store() {
        let store: Arc<dyn StateStore> = Arc::new(MemoryStateStore::default());
        let a = RateWindow::new(Some(SharedPause::new(Arc::clone(&store), "tenant")));
        let b = RateWindow::new(Some(SharedPause::new(Arc::clone(&store), "tenant")));
        let other = RateWindow::new(Some(SharedPause::new(store, "other tenant")));
        let alone = RateWindow::default();
        assert_eq!(b.wait_time().await, None);
        a.pause(Duration::from_secs(30)).await;
        alone.pause(Duration::from_secs(30)).await;
        let wait = b.wait_time().await.expect("b waits for a's pause");
        assert!(
            wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert_eq!(
            other.wait_time().await,
            None,
            "another tenant is not paused"
        );
        assert!(alone.wait_time().await.is_some());
    }

    #[test]
    fn the_shared_key_never_holds_the_tenant_identity() {
        let store: Arc<dyn StateStore> = Arc::new(MemoryStateStore::default());
        let pause = SharedPause::new(store, "https://acme.example\n\nBearer secret-token");
        assert!(pause.key.starts_with("vendor:pause:{"), "{}", pause.key);
        assert!(!pause.key.contains("secret") && !pause.key.contains("acme"));
    }
}
