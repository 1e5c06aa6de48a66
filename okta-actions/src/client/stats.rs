//! How many vendor requests one action call made. Each call binds its own [`VendorClient`]
//! (see `VendorConnector::bind`), so a counter on the client counts exactly that call's
//! requests, including those of streams and prefetches it spawns onto other tasks (a
//! task-local would miss those).
//!
//! [`VendorClient`]: super::VendorClient

use std::sync::atomic::{AtomicU32, Ordering};

/// The live counters of one client, shared by its clones.
#[derive(Debug, Default)]
pub(crate) struct CallStats {
    requests: AtomicU32,
    retries: AtomicU32,
    rate_limited: AtomicU32,
}

/// What a call's client has sent so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct VendorCalls {
    /// Requests made (one per `send`, however many attempts it took; the OAuth token request
    /// is not counted).
    pub(crate) requests: u32,
    /// Attempts repeated after a timeout, connection error, 429, 5xx or refreshed token.
    pub(crate) retries: u32,
    /// `429 Too Many Requests` answers received.
    pub(crate) rate_limited: u32,
}

impl CallStats {
    pub(crate) fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> VendorCalls {
        VendorCalls {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
        }
    }
}
