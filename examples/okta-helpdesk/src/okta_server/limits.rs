//! Rate-limit buckets, one per endpoint (`<METHOD> <route>`, as Okta buckets by endpoint), each
//! a fixed window that starts with its first request and resets at a whole epoch second, which
//! is what `X-Rate-Limit-Reset` announces.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What one request learned from its bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quota {
    /// Whether the request may proceed (else 429).
    pub(crate) allowed: bool,
    /// `X-Rate-Limit-Limit`.
    pub(crate) limit: u32,
    /// `X-Rate-Limit-Remaining`, after this request.
    pub(crate) remaining: u32,
    /// `X-Rate-Limit-Reset`: UTC epoch seconds when the bucket refills.
    pub(crate) reset: u64,
}

#[derive(Debug)]
struct Bucket {
    used: u32,
    reset: u64,
}

/// Every bucket, with the configured limits.
#[derive(Debug)]
pub(crate) struct Limits {
    window: Duration,
    default_limit: u32,
    overrides: HashMap<String, u32>,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Limits {
    pub(crate) fn new(
        window: Duration,
        default_limit: u32,
        overrides: HashMap<String, u32>,
    ) -> Self {
        Limits {
            window,
            default_limit,
            overrides,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request against `key`'s bucket.
    pub(crate) fn take(&self, key: &str) -> Quota {
        self.take_at(key, SystemTime::now())
    }

    /// The bucket's state without counting a request (for answers the API never saw).
    pub(crate) fn peek(&self, key: &str) -> Quota {
        self.count_at(key, SystemTime::now(), false)
    }

    fn take_at(&self, key: &str, now: SystemTime) -> Quota {
        self.count_at(key, now, true)
    }

    fn count_at(&self, key: &str, now: SystemTime, consume: bool) -> Quota {
        let limit = self
            .overrides
            .get(key)
            .copied()
            .unwrap_or(self.default_limit);
        let now = now.duration_since(UNIX_EPOCH).unwrap_or_default();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let bucket = buckets
            .entry(key.to_owned())
            .or_insert(Bucket { used: 0, reset: 0 });
        if now >= Duration::from_secs(bucket.reset) {
            let end = now + self.window;
            let reset = end.as_secs() + u64::from(end.subsec_nanos() > 0);
            *bucket = Bucket { used: 0, reset };
        }
        let allowed = bucket.used < limit;
        if allowed && consume {
            bucket.used += 1;
        }
        Quota {
            allowed,
            limit,
            remaining: limit - bucket.used,
            reset: bucket.reset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_refuses_when_exhausted_and_refills_at_the_reset() {
        let limits = Limits::new(
            Duration::from_secs(1),
            600,
            HashMap::from([("GET /x".to_owned(), 2)]),
        );
        let start = UNIX_EPOCH + Duration::from_millis(1_000_300);
        let first = limits.take_at("GET /x", start);
        assert_eq!(
            (first.allowed, first.remaining, first.reset),
            (true, 1, 1002)
        );
        assert!(limits.take_at("GET /x", start).allowed);
        let refused = limits.take_at("GET /x", start + Duration::from_millis(500));
        assert_eq!((refused.allowed, refused.remaining), (false, 0));
        // Another endpoint has its own bucket with the default limit.
        assert_eq!(limits.take_at("GET /y", start).remaining, 599);
        let peeked = limits.count_at("GET /x", UNIX_EPOCH + Duration::from_secs(1002), false);
        assert_eq!((peeked.allowed, peeked.remaining), (true, 2));
        let after = limits.take_at("GET /x", UNIX_EPOCH + Duration::from_secs(1002));
        assert_eq!(
            (after.allowed, after.remaining, after.reset),
            (true, 1, 1003)
        );
    }
}
