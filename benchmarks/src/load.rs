//! The closed-loop load generator every HTTP benchmark uses: a fixed number of callers, each
//! sending its next request as soon as the last one is answered, for a fixed time.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::Result;

/// `concurrency` callers, each calling `request(n)` again as soon as the last call returned,
/// until `seconds` have passed; the latency of every call, in µs. Caller `c` passes
/// `n = c, c + concurrency, c + 2 × concurrency, …`, so cycling through inputs by `n` spreads
/// them over the callers. A call's error (a wrong answer) stops the benchmark.
pub(crate) async fn closed_loop<F, Fut>(
    concurrency: usize,
    seconds: f64,
    request: F,
) -> Result<Vec<u32>>
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<()>> + Send,
{
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let callers: Vec<_> = (0..concurrency)
        .map(|caller| {
            let request = request.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(16_384);
                let mut next = caller;
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    request(next).await?;
                    let elapsed = sent.elapsed();
                    next += concurrency;
                    latencies.push(u32::try_from(elapsed.as_micros()).unwrap_or(u32::MAX));
                }
                Ok::<_, crate::BoxError>(latencies)
            })
        })
        .collect();
    let mut all = Vec::new();
    for caller in callers {
        all.extend(caller.await??);
    }
    Ok(all)
}
