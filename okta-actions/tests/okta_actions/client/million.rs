//! Streaming 1,000,000 records over 5000 `Link`-header pages of 200, some failing transiently.

use std::time::{Duration, Instant};

use okta_actions::client::Pagination;

use super::streaming::{Records, records_client};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_million_records_stream_exactly_once_each_despite_transient_failures() {
    const TOTAL: u64 = 1_000_000;
    // Pages 0, 500, 1000, … 4500 answer 503 on their first request.
    let records = Records::new(TOTAL, 500);
    let client = records_client(records.clone()).await;
    let started = Instant::now();
    let summary = client
        .stream("/records", Pagination::LinkHeader)
        .for_each_with_state(
            (vec![0u64; (TOTAL as usize).div_ceil(64)], 0u64),
            |(seen, duplicates), record| {
                let id = record["id"].as_u64().expect("numeric id") as usize;
                let (word, bit) = (id / 64, 1u64 << (id % 64));
                if seen[word] & bit != 0 {
                    *duplicates += 1;
                }
                seen[word] |= bit;
            },
        )
        .await
        .expect("the stream completes");
    let elapsed = started.elapsed();
    let (seen, duplicates) = summary.state;
    assert_eq!(summary.records_streamed, TOTAL);
    assert_eq!(duplicates, 0, "no record twice");
    let distinct: u64 = seen.iter().map(|word| u64::from(word.count_ones())).sum();
    assert_eq!(distinct, TOTAL, "no record lost");
    assert_eq!(
        records.failed.lock().unwrap().len(),
        10,
        "ten pages failed once"
    );
    assert_eq!(
        records.requests(),
        5000 + 10,
        "each failed page retried once"
    );
    println!("streamed {TOTAL} records in {elapsed:?}");
    assert!(elapsed < Duration::from_secs(120), "{elapsed:?}");
}
