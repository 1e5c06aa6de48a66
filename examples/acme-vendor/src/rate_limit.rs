//! Token-bucket rate limiting per tenant and credential.

use std::time::{Duration, Instant};

/// How many requests one credential of one tenant may make: a bucket of `capacity` requests
/// refilled at `refill_per_second`. An exhausted bucket answers 429 with `Retry-After`.
///
/// ```
/// use acme_vendor::RateLimit;
/// let limit = RateLimit::new(3, 0.5);
/// assert_eq!(limit.capacity(), 3);
/// assert_eq!(RateLimit::default(), RateLimit::new(10_000, 1_000.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    capacity: u32,
    refill_per_second: f64,
}

impl RateLimit {
    /// A bucket of `capacity` requests (at least 1) refilled at `refill_per_second` (at least
    /// one request an hour).
    pub fn new(capacity: u32, refill_per_second: f64) -> Self {
        let refill = if refill_per_second.is_finite() {
            refill_per_second.max(1.0 / 3600.0)
        } else {
            1.0 / 3600.0
        };
        RateLimit {
            capacity: capacity.max(1),
            refill_per_second: refill,
        }
    }

    /// The burst size.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Requests regained per second.
    pub fn refill_per_second(&self) -> f64 {
        self.refill_per_second
    }
}

impl Default for RateLimit {
    /// 10,000 requests, refilled at 1,000 a second: a full conformance run never meets it.
    fn default() -> Self {
        RateLimit::new(10_000, 1_000.0)
    }
}

/// What a request learns from the bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Admission {
    /// Requests left right now.
    pub(crate) remaining: u32,
    /// Seconds until the bucket is full again.
    pub(crate) full_in: u64,
}

/// One credential's bucket.
#[derive(Debug, Clone)]
pub(crate) struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    pub(crate) fn full(limit: &RateLimit, now: Instant) -> Self {
        Bucket {
            tokens: f64::from(limit.capacity),
            updated: now,
        }
    }

    /// Takes one request from the bucket, or says how many seconds to wait (at least 1).
    pub(crate) fn take(&mut self, limit: &RateLimit, now: Instant) -> Result<Admission, u64> {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens =
            (self.tokens + elapsed * limit.refill_per_second).min(f64::from(limit.capacity));
        self.updated = now;
        if self.tokens < 1.0 {
            let wait = (1.0 - self.tokens) / limit.refill_per_second;
            return Err(wait.ceil().max(1.0) as u64);
        }
        self.tokens -= 1.0;
        let missing = f64::from(limit.capacity) - self.tokens;
        Ok(Admission {
            remaining: self.tokens.floor() as u32,
            full_in: Duration::from_secs_f64(missing / limit.refill_per_second)
                .as_secs_f64()
                .ceil() as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_then_refills() {
        let limit = RateLimit::new(2, 1.0);
        let start = Instant::now();
        let mut bucket = Bucket::full(&limit, start);
        assert_eq!(bucket.take(&limit, start).unwrap().remaining, 1);
        assert_eq!(bucket.take(&limit, start).unwrap().remaining, 0);
        assert_eq!(bucket.take(&limit, start), Err(1));
        let later = start + Duration::from_millis(1_100);
        assert!(bucket.take(&limit, later).is_ok());
    }

    #[test]
    fn retry_after_follows_the_refill_rate() {
        let limit = RateLimit::new(1, 0.25);
        let now = Instant::now();
        let mut bucket = Bucket::full(&limit, now);
        bucket.take(&limit, now).unwrap();
        assert_eq!(bucket.take(&limit, now), Err(4));
    }
}
