//! Adapter overhead: the acme integration's `GetUserById` and `ListUsers` through the SDK's
//! adapter (input and output contract validation on) against the same vendor call and mapping
//! in a hand-written axum route ([`crate::handwritten`]) with the same vendor client.
//!
//! Four processes: the Acme vendor (rate limit raised so it never answers 429), the SDK
//! adapter, the hand-written server, and this one generating load. Both servers call the same
//! vendor process. Each measurement is a fixed number of concurrent callers, each sending its
//! next request as soon as the last one is answered (a closed loop), for a fixed time after a
//! warm-up; the two paths alternate, round after round, so a change in the machine's load
//! affects both alike. Besides throughput and latency, the CPU time each server process spent
//! per request is read from `/proc/<pid>/stat`; that is the per-request cost the share of
//! contract validation is taken of.

use std::sync::Arc;
use std::time::{Duration, Instant};

use acme_vendor::{AcmeVendor, RateLimit, TenantSpec};
use axum::body::Bytes;
use okta_actions::contracts::{
    ActionResponse, Direction, GetUserByIdOutput, ListUsersOutput, validators,
};
use okta_actions::server::{Adapter, AdapterConfig};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde_json::{Value, json};

use crate::children::{ChildServer, announce};
use crate::load::closed_loop;
use crate::report::{Row, Section, Verdict, progress, thousands};
use crate::stats::{median, percentile, time_per_call};
use crate::{Result, procfs};

/// The target: the SDK within this factor of the hand-written route, in time and in
/// server CPU per request (the median of the interleaved rounds' ratios).
const OVERHEAD_TARGET: f64 = 1.10;
/// The target: contract validation under this share of the SDK's time per request.
const VALIDATION_TARGET: f64 = 0.10;

/// Settings of the adapter benchmark.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct AdapterArgs {
    /// Concurrent callers (each waits for its answer before sending again).
    #[arg(long, default_value_t = 16)]
    pub(crate) concurrency: usize,
    /// Measured seconds per path, action and round.
    #[arg(long, default_value_t = 2.5)]
    pub(crate) seconds: f64,
    /// Warm-up seconds before each measurement (not counted).
    #[arg(long, default_value_t = 0.5)]
    pub(crate) warmup: f64,
    /// Rounds; the paths alternate within and across rounds (many short rounds spread a burst
    /// of outside load over both paths).
    #[arg(long, default_value_t = 6)]
    pub(crate) rounds: usize,
}

/// In a child: the Acme demo vendor with a rate limit no benchmark reaches.
pub(crate) async fn serve_vendor() -> Result<()> {
    let vendor = AcmeVendor::builder()
        .tenant(TenantSpec::demo())
        .rate_limit(RateLimit::new(u32::MAX, 1e9))
        .build()
        .spawn("127.0.0.1:0")
        .await?;
    announce(&vendor.base_url())?;
    std::future::pending::<()>().await;
    Ok(())
}

/// In a child: the acme integration served by the SDK adapter, output validation on.
pub(crate) async fn serve_sdk(vendor: &str) -> Result<()> {
    let integration = acme_integration::integration()
        .with_vendor_base_url(format!("{vendor}/t/{{app.subdomain}}/v1"));
    let running = Adapter::new(integration)
        .config(AdapterConfig::default().validate_output(true))
        .bind("127.0.0.1:0")
        .await?;
    announce(&running.url())?;
    std::future::pending::<()>().await;
    Ok(())
}

/// One action under load: its name, the request bodies cycled through, and a label.
struct Case {
    action: &'static str,
    label: &'static str,
    bodies: Arc<[Bytes]>,
}

/// One measured run of one path.
#[derive(Debug, Default, Clone)]
struct Run {
    requests: u64,
    seconds: f64,
    cpu_seconds: f64,
    latencies_us: Vec<u32>,
}

impl Run {
    fn merge(&mut self, other: Run) {
        self.requests += other.requests;
        self.seconds += other.seconds;
        self.cpu_seconds += other.cpu_seconds;
        self.latencies_us.extend(other.latencies_us);
    }

    fn throughput(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    fn cpu_us_per_request(&self) -> f64 {
        self.cpu_seconds * 1e6 / self.requests as f64
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        f64::from(percentile(&self.latencies_us, p)) / 1000.0
    }
}

/// A server under test.
struct Path<'a> {
    name: &'static str,
    server: &'a ChildServer,
}

/// Runs the adapter benchmark.
pub(crate) async fn run(args: &AdapterArgs) -> Result<Section> {
    progress("adapter: starting the vendor, the SDK adapter and the hand-written server");
    let vendor = ChildServer::spawn(&["serve-vendor"])?;
    let sdk = ChildServer::spawn(&["serve-sdk", "--vendor", vendor.url()])?;
    let handwritten = ChildServer::spawn(&["serve-handwritten", "--vendor", vendor.url()])?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .default_headers(thin_flow_headers()?)
        .build()?;

    let ids = user_ids(&client, vendor.url()).await?;
    let get_bodies: Vec<Bytes> = ids
        .iter()
        .map(|id| Bytes::from(json!({ "userId": id }).to_string()))
        .collect();
    let cases = [
        Case {
            action: "GetUserById",
            label: "GetUserById",
            bodies: get_bodies.into(),
        },
        Case {
            action: "ListUsers",
            label: "ListUsers, limit 200 (Acme serves 100)",
            bodies: vec![Bytes::from(
                json!({"pagination": {"limit": 200}}).to_string(),
            )]
            .into(),
        },
    ];
    let paths = [
        Path {
            name: "SDK adapter",
            server: &sdk,
        },
        Path {
            name: "hand-written axum",
            server: &handwritten,
        },
    ];

    let mut rows = Vec::new();
    let mut details = format!(
        "{} concurrent callers in a closed loop on 127.0.0.1, {} round(s) of {:.1} s per path \
         after a {:.1} s warm-up, paths alternating; latency percentiles over every request of \
         every round; server CPU is the server process's user + system time per request \
         (`/proc/<pid>/stat`). Vendor, both servers and the load generator share the machine's \
         cores.\n\n\
         | action | path | requests/s | p50 ms | p90 ms | p99 ms | server CPU µs/request |\n\
         |---|---|---|---|---|---|---|\n",
        args.concurrency, args.rounds, args.seconds, args.warmup
    );
    let mut validation_details = String::from(
        "Contract validation timed in-process on the real bodies (the SDK's answer as served), \
         median of 31 batches after a warm-up. The adapter validates every input, and an output \
         only where its type leaves it open (`OpenParts`: a catch-all entry naming a declared \
         property; none in these answers), so the output column is what whole-document \
         validation would cost:\n\n\
         | action | input | output | total | share of SDK CPU/request | share of SDK p50 |\n\
         |---|---|---|---|---|---|\n",
    );
    let mut output_details = String::from(
        "Where the SDK's extra CPU per request goes: the measured difference in server CPU, and \
         in-process timings (one thread, real answer) of writing the response from the typed \
         output directly (what both paths do) or through a `serde_json::Value` (handler \
         output → `Value` → validation → response bytes; the detour column is what that \
         would cost), and of whole-document validation (input \
         + output). The remainder is the difference less the input's validation, which the \
         adapter still runs: the request-id, panic-catching and timeout layers, the input's \
         `Value`, allocator contention across threads.\n\n\
         | action | SDK − hand-written server CPU | typed → bytes | typed → `Value` (+ drop) | \
         `Value` → bytes | `Value` detour | validation (in + out) | remainder |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    let mut round_notes = Vec::new();
    for case in &cases {
        let answers = check_same_answers(&client, &case.bodies, &sdk, &handwritten, case).await?;
        let mut runs = [Run::default(), Run::default()];
        let mut round_ratios = Vec::new();
        let (mut time_ratios, mut cpu_ratios) = (Vec::new(), Vec::new());
        for round in 0..args.rounds {
            let mut throughput = [0.0; 2];
            let mut cpu = [0.0; 2];
            for step in 0..2 {
                // SDK first in even rounds, hand-written first in odd ones.
                let which = (round + step) % 2;
                let path = &paths[which];
                progress(&format!(
                    "adapter: {} via {}, round {}/{}",
                    case.action,
                    path.name,
                    round + 1,
                    args.rounds
                ));
                let run = load(&client, path.server, case, args).await?;
                throughput[which] = run.throughput();
                cpu[which] = run.cpu_us_per_request();
                runs[which].merge(run);
            }
            round_ratios.push(format!(
                "{:.2}× ({:.2}× CPU)",
                throughput[1] / throughput[0],
                cpu[0] / cpu[1]
            ));
            time_ratios.push(throughput[1] / throughput[0]);
            cpu_ratios.push(cpu[0] / cpu[1]);
        }
        round_notes.push(format!("{}: {}", case.action, round_ratios.join(", ")));
        for run in &mut runs {
            run.latencies_us.sort_unstable();
        }
        let [sdk_run, hw_run] = &runs;
        for (path, run) in paths.iter().zip(&runs) {
            details.push_str(&format!(
                "| {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.0} |\n",
                case.label,
                path.name,
                thousands(run.throughput()),
                run.percentile_ms(50.0),
                run.percentile_ms(90.0),
                run.percentile_ms(99.0),
                run.cpu_us_per_request(),
            ));
        }
        let throughput_ratio = hw_run.throughput() / sdk_run.throughput();
        let p50_ratio = sdk_run.percentile_ms(50.0) / hw_run.percentile_ms(50.0);
        let p99_ratio = sdk_run.percentile_ms(99.0) / hw_run.percentile_ms(99.0);
        let cpu_ratio = sdk_run.cpu_us_per_request() / hw_run.cpu_us_per_request();
        let (median_time, median_cpu) = (median(&time_ratios), median(&cpu_ratios));
        details.push_str(&format!(
            "| {} | **SDK ÷ hand-written** | {throughput_ratio:.3}× time per request | \
             {p50_ratio:.3}× | {:.3}× | {p99_ratio:.3}× | {cpu_ratio:.3}× |\n",
            case.label,
            sdk_run.percentile_ms(90.0) / hw_run.percentile_ms(90.0),
        ));
        rows.push(Row {
            benchmark: format!(
                "Adapter overhead: {}, {} concurrent",
                case.label, args.concurrency
            ),
            measured: format!(
                "SDK {} req/s, p50 {:.2} ms, p99 {:.2} ms; hand-written {} req/s, p50 {:.2} ms, \
                 p99 {:.2} ms → median of the rounds **{median_time:.2}×** time and \
                 **{median_cpu:.2}×** server CPU per request (over all rounds: \
                 {throughput_ratio:.2}× throughput, {cpu_ratio:.2}× CPU, {p50_ratio:.2}× p50, \
                 {p99_ratio:.2}× p99)",
                thousands(sdk_run.throughput()),
                sdk_run.percentile_ms(50.0),
                sdk_run.percentile_ms(99.0),
                thousands(hw_run.throughput()),
                hw_run.percentile_ms(50.0),
                hw_run.percentile_ms(99.0),
            ),
            target: format!("≤ {OVERHEAD_TARGET}× (time and server CPU per request)"),
            verdict: Verdict::of(median_time <= OVERHEAD_TARGET && median_cpu <= OVERHEAD_TARGET),
            rerun: "adapter",
        });

        progress(&format!(
            "adapter: timing contract validation of {}",
            case.action
        ));
        let input: Value = serde_json::from_slice(&case.bodies[0])?;
        let output = &answers[0];
        let validate = |direction, body: &Value| {
            time_per_call(|| {
                let verdict = validators().validate(case.action, direction, body);
                assert!(verdict.is_ok(), "the real bodies satisfy the contract");
            })
        };
        let input_time = validate(Direction::Input, &input);
        let output_time = validate(Direction::Output, output);
        let total_us = (input_time + output_time).as_secs_f64() * 1e6;
        let cpu_share = total_us / sdk_run.cpu_us_per_request();
        let latency_share = total_us / (sdk_run.percentile_ms(50.0) * 1000.0);
        validation_details.push_str(&format!(
            "| {} | {:.1} µs | {:.1} µs | {total_us:.1} µs | {:.1} % of {:.0} µs | {:.2} % of \
             {:.2} ms |\n",
            case.label,
            input_time.as_secs_f64() * 1e6,
            output_time.as_secs_f64() * 1e6,
            cpu_share * 100.0,
            sdk_run.cpu_us_per_request(),
            latency_share * 100.0,
            sdk_run.percentile_ms(50.0),
        ));
        let path = match case.action {
            "GetUserById" => output_path::<GetUserByIdOutput>(output)?,
            _ => output_path::<ListUsersOutput>(output)?,
        };
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        let extra_cpu = sdk_run.cpu_us_per_request() - hw_run.cpu_us_per_request();
        output_details.push_str(&format!(
            "| {} | {extra_cpu:.0} µs | {:.1} µs | {:.1} µs | {:.1} µs | **{:.1} µs** | {total_us:.1} \
             µs | {:.0} µs |\n",
            case.label,
            us(path.direct),
            us(path.to_value),
            us(path.value_to_bytes),
            us(path.detour()),
            extra_cpu - us(input_time),
        ));
        rows.push(Row {
            benchmark: format!("Contract validation share: {}", case.label),
            measured: format!(
                "{total_us:.1} µs (in + out) = **{:.1} %** of the SDK's {:.0} µs CPU per request",
                cpu_share * 100.0,
                sdk_run.cpu_us_per_request()
            ),
            target: format!("< {:.0} %", VALIDATION_TARGET * 100.0),
            verdict: Verdict::of(cpu_share < VALIDATION_TARGET),
            rerun: "adapter",
        });
    }
    details.push_str(&format!(
        "\nTime per request (hand-written ÷ SDK throughput) and server CPU per request (SDK ÷ \
         hand-written) round by round: {}.\n\n",
        round_notes.join("; ")
    ));
    details.push_str(&validation_details);
    details.push('\n');
    details.push_str(&output_details);
    Ok(Section {
        title: "Adapter overhead",
        rows,
        details,
        interference: None,
    })
}

/// The in-process cost of the SDK's output path against the hand-written one, on a real answer.
#[derive(Debug, Clone, Copy)]
struct OutputPath {
    /// Typed output → response bytes (what the hand-written route does).
    direct: Duration,
    /// Typed output → `serde_json::Value`, and the `Value` dropped (the adapter's first step).
    to_value: Duration,
    /// `serde_json::Value` → response bytes (the adapter's last step).
    value_to_bytes: Duration,
}

impl OutputPath {
    fn detour(&self) -> Duration {
        (self.to_value + self.value_to_bytes).saturating_sub(self.direct)
    }
}

fn output_path<T: serde::Serialize + serde::de::DeserializeOwned>(
    answer: &Value,
) -> Result<OutputPath> {
    use std::hint::black_box;
    let typed: ActionResponse<T> = serde_json::from_value(answer.clone())?;
    let value = serde_json::to_value(&typed)?;
    Ok(OutputPath {
        direct: time_per_call(|| {
            black_box(serde_json::to_vec(black_box(&typed)).ok());
        }),
        to_value: time_per_call(|| {
            black_box(serde_json::to_value(black_box(&typed)).ok());
        }),
        value_to_bytes: time_per_call(|| {
            black_box(serde_json::to_vec(black_box(&value)).ok());
        }),
    })
}

/// What Okta's thin flow sends for the demo tenant.
fn thin_flow_headers() -> Result<HeaderMap> {
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {}", acme_vendor::DEMO_API_KEY))?,
    );
    headers.insert(
        "x-okta-tenant-subdomain",
        HeaderValue::from_static(acme_vendor::DEMO_TENANT),
    );
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(headers)
}

/// Every user id of the demo tenant, read from the vendor directly.
async fn user_ids(client: &reqwest::Client, vendor: &str) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!(
            "{vendor}/t/{}/v1/users?page_size=100",
            acme_vendor::DEMO_TENANT
        );
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let page: Value = client
            .get(&url)
            .header("X-Api-Key", acme_vendor::DEMO_API_KEY)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        ids.extend(
            page["data"]
                .as_array()
                .ok_or("the vendor's page has no data")?
                .iter()
                .filter_map(|user| user["id"].as_str().map(str::to_owned)),
        );
        match page["next_cursor"].as_str() {
            Some(next) if !next.is_empty() => cursor = Some(next.to_owned()),
            _ => break,
        }
    }
    if ids.len() != acme_vendor::DEMO_USERS {
        return Err(format!(
            "expected {} demo users, read {}",
            acme_vendor::DEMO_USERS,
            ids.len()
        )
        .into());
    }
    Ok(ids)
}

/// Asks both servers the first few requests and checks they answer the same SUCCEEDED body:
/// the comparison is of equal work. Returns the SDK's answers.
async fn check_same_answers(
    client: &reqwest::Client,
    bodies: &[Bytes],
    sdk: &ChildServer,
    handwritten: &ChildServer,
    case: &Case,
) -> Result<Vec<Value>> {
    let mut answers = Vec::new();
    for body in bodies.iter().take(3) {
        let mut pair = Vec::new();
        for server in [sdk, handwritten] {
            let response = client
                .post(format!("{}/actions/{}", server.url(), case.action))
                .body(body.clone())
                .send()
                .await?;
            let status = response.status();
            let answer: Value = response.json().await?;
            if status != reqwest::StatusCode::OK
                || answer["executionStatus"]["status"] != "SUCCEEDED"
            {
                return Err(format!("{} answered {status}: {answer}", server.url()).into());
            }
            pair.push(answer);
        }
        if pair[0] != pair[1] {
            return Err(format!(
                "{}: the SDK and the hand-written route answer differently:\n{}\n{}",
                case.action, pair[0], pair[1]
            )
            .into());
        }
        answers.push(pair.swap_remove(0));
    }
    Ok(answers)
}

/// A warm-up, then one measured run against `server`.
async fn load(
    client: &reqwest::Client,
    server: &ChildServer,
    case: &Case,
    args: &AdapterArgs,
) -> Result<Run> {
    let url: Arc<str> = format!("{}/actions/{}", server.url(), case.action).into();
    drive(client, &url, case, args.concurrency, args.warmup).await?;
    let cpu_before = procfs::cpu_seconds(server.pid())?;
    let started = Instant::now();
    let latencies_us = drive(client, &url, case, args.concurrency, args.seconds).await?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = procfs::cpu_seconds(server.pid())? - cpu_before;
    Ok(Run {
        requests: latencies_us.len() as u64,
        seconds,
        cpu_seconds,
        latencies_us,
    })
}

/// The closed loop against one action: request bodies cycled through, any answer but 200
/// SUCCEEDED stops the benchmark.
async fn drive(
    client: &reqwest::Client,
    url: &Arc<str>,
    case: &Case,
    concurrency: usize,
    seconds: f64,
) -> Result<Vec<u32>> {
    let (client, url, bodies) = (client.clone(), Arc::clone(url), Arc::clone(&case.bodies));
    closed_loop(concurrency, seconds, move |n| {
        let (client, url) = (client.clone(), Arc::clone(&url));
        let body = bodies[n % bodies.len()].clone();
        async move {
            let response = client.post(&*url).body(body).send().await?;
            let status = response.status();
            let answer = response.bytes().await?;
            if status != reqwest::StatusCode::OK || !succeeded(&answer) {
                return Err(format!(
                    "{url} answered {status}: {}",
                    String::from_utf8_lossy(&answer[..answer.len().min(500)])
                )
                .into());
            }
            Ok(())
        }
    })
    .await
}

/// Whether an answer's `executionStatus` says SUCCEEDED (a byte search: the body is not parsed,
/// so the load generator stays cheap; the first answers were parsed and compared in full).
fn succeeded(answer: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"\"SUCCEEDED\"";
    answer.windows(NEEDLE.len()).any(|window| window == NEEDLE)
}
