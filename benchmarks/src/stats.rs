//! Small statistics: percentiles, medians, and the timing loop of the one micro-benchmark.

use std::time::{Duration, Instant};

/// The `p`-th percentile (0..=100) of sorted samples, nearest rank.
pub(crate) fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The median of `values` (the mean of the middle two for an even count).
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The time of one call of `f`: a warm-up of at least 200 ms, then 31 batches of at least
/// 10 ms each, and the median batch's time per call. The median of batches shrugs off the
/// scheduler preempting one batch on a busy machine, which a plain mean would not.
pub(crate) fn time_per_call(mut f: impl FnMut()) -> Duration {
    let warm_up = Instant::now();
    let mut calls: u32 = 0;
    while warm_up.elapsed() < Duration::from_millis(200) {
        f();
        calls += 1;
    }
    let per_call = warm_up.elapsed() / calls.max(1);
    let batch = (Duration::from_millis(10).as_nanos() / per_call.as_nanos().max(1)).max(1) as u32;
    let mut per_batch: Vec<f64> = (0..31)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..batch {
                f();
            }
            started.elapsed().as_secs_f64() / f64::from(batch)
        })
        .collect();
    per_batch.sort_by(f64::total_cmp);
    Duration::from_secs_f64(median(&per_batch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let samples: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&samples, 50.0), 50);
        assert_eq!(percentile(&samples, 99.0), 99);
        assert_eq!(percentile(&samples, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
