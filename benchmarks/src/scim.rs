//! The SCIM 2.0 facade: list (`count=200`), get by id and `userName eq` filter over the acme
//! integration and the Acme vendor, against the same vendor calls made directly.
//!
//! Three processes: the Acme vendor (demo tenant, 250 users, rate limit out of reach), the
//! acme integration serving its SCIM facade with `acme_integration::scim_config()` as the
//! example does (so exact totals on: a list walks to the end of the user list to count), and
//! this one generating load with the closed loop the adapter benchmark uses. Each row
//! alternates two runs, round after round: the facade, and the vendor calls that one facade
//! request makes (counted on the vendor beforehand), sent to the vendor directly. Beside
//! throughput and latency, the CPU time of the facade process and of the vendor process per
//! facade request (`/proc/<pid>/stat`) says how much of the work is the facade's.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use okta_actions::server::Adapter;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::Value;

use crate::children::{ChildServer, announce};
use crate::load::closed_loop;
use crate::report::{Row, Section, Verdict, progress, thousands};
use crate::stats::percentile;
use crate::{Result, procfs};

/// The target: at least this multiple of the Node peer's throughput on every row.
const PEER_FACTOR: f64 = 10.0;

/// The peers' figures, measured elsewhere on a machine like this one, not by this benchmark: "Peer SCIM
/// servers measured on the same 2 cores (wrk, 16 connections, 250 users): scim2-server
/// (Python) list count=200 4.4 req/s, get by id 442, filter 342; SCIMMY + express (Node) 11.3,
/// 1,417, 574".
const PEERS_SOURCE: &str = "Peer SCIM servers measured on the same 2 cores (wrk, 16 \
     connections, 250 users): scim2-server (Python) list count=200 4.4 req/s, get by id 442, \
     filter 342; SCIMMY + express (Node) 11.3, 1,417, 574";
/// scim2-server (Python): list count=200, get by id, filter, in requests per second.
const PYTHON_PEER: [f64; 3] = [4.4, 442.0, 342.0];
/// SCIMMY + express (Node): list count=200, get by id, filter, in requests per second.
const NODE_PEER: [f64; 3] = [11.3, 1_417.0, 574.0];

/// Settings of the SCIM benchmark.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ScimArgs {
    /// Concurrent callers (each waits for its answer before sending again).
    #[arg(
        id = "scim-concurrency",
        long = "scim-concurrency",
        default_value_t = 16
    )]
    pub(crate) concurrency: usize,
    /// Measured seconds per run.
    #[arg(id = "scim-seconds", long = "scim-seconds", default_value_t = 2.5)]
    pub(crate) seconds: f64,
    /// Warm-up seconds before each run (not counted).
    #[arg(id = "scim-warmup", long = "scim-warmup", default_value_t = 0.5)]
    pub(crate) warmup: f64,
    /// Rounds; facade and direct vendor runs alternate within each.
    #[arg(id = "scim-rounds", long = "scim-rounds", default_value_t = 3)]
    pub(crate) rounds: usize,
}

/// In a child: the acme integration's SCIM facade (the example's `scim_config()`).
pub(crate) async fn serve_scim(vendor: &str) -> Result<()> {
    let integration = acme_integration::integration()
        .with_vendor_base_url(format!("{vendor}/t/{{app.subdomain}}/v1"));
    let running = Adapter::new(integration)
        .scim(acme_integration::scim_config())?
        .bind("127.0.0.1:0")
        .await?;
    announce(&running.url())?;
    std::future::pending::<()>().await;
    Ok(())
}

/// A demo user: what the cases cycle through.
#[derive(Debug, Clone)]
struct User {
    id: String,
    user_name: String,
}

/// One row: the facade request for input `n`, and the vendor calls it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    List,
    Get,
    Filter,
}

impl Case {
    const ALL: [Case; 3] = [Case::List, Case::Get, Case::Filter];

    fn label(self) -> &'static str {
        match self {
            Case::List => "list, `count=200`",
            Case::Get => "get by id",
            Case::Filter => "filter `userName eq \"…\"`",
        }
    }

    fn index(self) -> usize {
        match self {
            Case::List => 0,
            Case::Get => 1,
            Case::Filter => 2,
        }
    }

    /// The facade's URL for input `n`.
    fn facade_url(self, scim: &str, user: &User) -> String {
        let base = format!("{scim}/scim/v2/{}/Users", acme_vendor::DEMO_TENANT);
        match self {
            Case::List => format!("{base}?count=200"),
            Case::Get => format!("{base}/{}", user.id),
            Case::Filter => format!(
                "{base}?filter={}",
                encode(&format!("userName eq \"{}\"", user.user_name))
            ),
        }
    }

    /// What a right answer contains (a byte search keeps the load generator cheap; the first
    /// answers are parsed and checked in full).
    fn needle(self) -> &'static [u8] {
        match self {
            Case::List => b"\"totalResults\":250",
            Case::Get => b"\"userName\"",
            Case::Filter => b"\"totalResults\":1",
        }
    }
}

/// The tenant's vendor base URL.
fn vendor_base(vendor: &str) -> String {
    format!("{vendor}/t/{}/v1", acme_vendor::DEMO_TENANT)
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The vendor calls one facade request makes, made directly: `GET /users/{id}`,
/// `GET /users/by-username/{userName}`, or the list's pages of 100 to the end (exact totals).
/// Returns the number of calls.
async fn vendor_calls(
    client: &reqwest::Client,
    vendor: &str,
    case: Case,
    user: &User,
) -> Result<usize> {
    let base = vendor_base(vendor);
    match case {
        Case::Get => {
            expect_ok(client, &format!("{base}/users/{}", user.id)).await?;
            Ok(1)
        }
        Case::Filter => {
            let name = encode(&user.user_name);
            expect_ok(client, &format!("{base}/users/by-username/{name}")).await?;
            Ok(1)
        }
        Case::List => {
            let mut calls = 0;
            let mut cursor: Option<String> = None;
            loop {
                let mut url = format!("{base}/users?page_size=100");
                if let Some(cursor) = &cursor {
                    let _ = write!(url, "&cursor={}", encode(cursor));
                }
                let page: Value = serde_json::from_slice(&expect_ok(client, &url).await?)?;
                calls += 1;
                match page["next_cursor"].as_str() {
                    Some(next) if !next.is_empty() => cursor = Some(next.to_owned()),
                    _ => return Ok(calls),
                }
            }
        }
    }
}

/// GETs `url` with the demo tenant's API key; anything but 200 is an error.
async fn expect_ok(client: &reqwest::Client, url: &str) -> Result<Bytes> {
    let response = client
        .get(url)
        .header(acme_integration::API_KEY_HEADER, acme_vendor::DEMO_API_KEY)
        .send()
        .await?;
    let status = response.status();
    let body = response.bytes().await?;
    if status != reqwest::StatusCode::OK {
        return Err(format!(
            "{url} answered {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        )
        .into());
    }
    Ok(body)
}

/// GETs a facade URL with the demo tenant's credential; anything but 200 with `needle` in the
/// body is an error.
async fn facade_get(client: &reqwest::Client, url: &str, needle: &[u8]) -> Result<Bytes> {
    let response = client.get(url).send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    if status != reqwest::StatusCode::OK || !body.windows(needle.len()).any(|w| w == needle) {
        return Err(format!(
            "{url} answered {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        )
        .into());
    }
    Ok(body)
}

/// The vendor's request counter: every Acme answer's `X-Request-Id` is `acme-req-<hex n>`.
async fn vendor_counter(client: &reqwest::Client, vendor: &str, user: &User) -> Result<u64> {
    let response = client
        .get(format!("{}/users/{}", vendor_base(vendor), user.id))
        .header(acme_integration::API_KEY_HEADER, acme_vendor::DEMO_API_KEY)
        .send()
        .await?;
    let id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("acme-req-"))
        .ok_or("the vendor's answer has no acme-req- request id")?;
    Ok(u64::from_str_radix(id, 16)?)
}

/// Every demo user's id and userName, read from the vendor directly.
async fn users(client: &reqwest::Client, vendor: &str) -> Result<Vec<User>> {
    let mut users = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{}/users?page_size=100", vendor_base(vendor));
        if let Some(cursor) = &cursor {
            let _ = write!(url, "&cursor={}", encode(cursor));
        }
        let page: Value = serde_json::from_slice(&expect_ok(client, &url).await?)?;
        for user in page["data"].as_array().ok_or("the page has no data")? {
            users.push(User {
                id: user["id"].as_str().ok_or("a user without id")?.to_owned(),
                user_name: user["username"]
                    .as_str()
                    .ok_or("a user without username")?
                    .to_owned(),
            });
        }
        match page["next_cursor"].as_str() {
            Some(next) if !next.is_empty() => cursor = Some(next.to_owned()),
            _ => break,
        }
    }
    if users.len() != acme_vendor::DEMO_USERS {
        return Err(format!(
            "expected {} users, read {}",
            acme_vendor::DEMO_USERS,
            users.len()
        )
        .into());
    }
    Ok(users)
}

/// One measured run.
#[derive(Debug, Default, Clone)]
struct Run {
    requests: u64,
    seconds: f64,
    /// CPU seconds of the facade process and of the vendor process during the run.
    facade_cpu: f64,
    vendor_cpu: f64,
    latencies_us: Vec<u32>,
}

impl Run {
    fn merge(&mut self, other: Run) {
        self.requests += other.requests;
        self.seconds += other.seconds;
        self.facade_cpu += other.facade_cpu;
        self.vendor_cpu += other.vendor_cpu;
        self.latencies_us.extend(other.latencies_us);
    }

    fn throughput(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    fn per_request_us(&self, cpu: f64) -> f64 {
        cpu * 1e6 / self.requests as f64
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        f64::from(percentile(&self.latencies_us, p)) / 1000.0
    }
}

/// Who is called: the facade, or the vendor directly with the facade's vendor calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Facade,
    Vendor,
}

/// The processes and inputs of a run.
struct Setup {
    client: reqwest::Client,
    facade_client: reqwest::Client,
    vendor: ChildServer,
    facade: ChildServer,
    users: Arc<[User]>,
}

/// A warm-up, then one measured run of `case` against `target`.
async fn run_once(setup: &Setup, case: Case, target: Target, args: &ScimArgs) -> Result<Run> {
    let drive = |seconds: f64| {
        let users = Arc::clone(&setup.users);
        let (client, facade_client) = (setup.client.clone(), setup.facade_client.clone());
        let (vendor, facade) = (
            Arc::<str>::from(setup.vendor.url()),
            Arc::<str>::from(setup.facade.url()),
        );
        closed_loop(args.concurrency, seconds, move |n| {
            let user = users[n % users.len()].clone();
            let (client, facade_client) = (client.clone(), facade_client.clone());
            let (vendor, facade) = (Arc::clone(&vendor), Arc::clone(&facade));
            async move {
                match target {
                    Target::Facade => {
                        facade_get(
                            &facade_client,
                            &case.facade_url(&facade, &user),
                            case.needle(),
                        )
                        .await?;
                    }
                    Target::Vendor => {
                        vendor_calls(&client, &vendor, case, &user).await?;
                    }
                }
                Ok(())
            }
        })
    };
    drive(args.warmup).await?;
    let (facade_before, vendor_before) = (
        procfs::cpu_seconds(setup.facade.pid())?,
        procfs::cpu_seconds(setup.vendor.pid())?,
    );
    let started = Instant::now();
    let latencies_us = drive(args.seconds).await?;
    let seconds = started.elapsed().as_secs_f64();
    Ok(Run {
        requests: latencies_us.len() as u64,
        seconds,
        facade_cpu: procfs::cpu_seconds(setup.facade.pid())? - facade_before,
        vendor_cpu: procfs::cpu_seconds(setup.vendor.pid())? - vendor_before,
        latencies_us,
    })
}

/// Checks the first answers of `case` in full and counts the vendor calls one facade request
/// makes, against the direct sequence's.
async fn calibrate(setup: &Setup, case: Case) -> Result<usize> {
    let (vendor, facade) = (setup.vendor.url(), setup.facade.url());
    let user = &setup.users[7];
    let before = vendor_counter(&setup.client, vendor, user).await?;
    let body = facade_get(
        &setup.facade_client,
        &case.facade_url(facade, user),
        case.needle(),
    )
    .await?;
    let after = vendor_counter(&setup.client, vendor, user).await?;
    let answer: Value = serde_json::from_slice(&body)?;
    let right = match case {
        Case::List => {
            answer["totalResults"] == 250
                && answer["Resources"].as_array().map(Vec::len) == Some(200)
        }
        Case::Get => answer["id"] == user.id.as_str(),
        Case::Filter => answer["Resources"][0]["id"] == user.id.as_str(),
    };
    if !right {
        return Err(format!("{}: unexpected answer {answer}", case.label()).into());
    }
    let facade_calls = (after - before - 1) as usize;
    let direct_calls = vendor_calls(&setup.client, vendor, case, user).await?;
    if facade_calls != direct_calls {
        return Err(format!(
            "{}: the facade made {facade_calls} vendor calls, the direct sequence {direct_calls}",
            case.label()
        )
        .into());
    }
    Ok(facade_calls)
}

/// Runs the SCIM benchmark.
pub(crate) async fn run(args: &ScimArgs) -> Result<Section> {
    progress("scim: starting the vendor and the acme integration's SCIM facade");
    let vendor = ChildServer::spawn(&["serve-vendor"])?;
    let facade = ChildServer::spawn(&["serve-scim", "--vendor", vendor.url()])?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .build()?;
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {}", acme_vendor::DEMO_API_KEY))?,
    );
    let facade_client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .default_headers(headers)
        .build()?;
    let users = users(&client, vendor.url()).await?.into();
    let setup = Setup {
        client,
        facade_client,
        vendor,
        facade,
        users,
    };

    let mut rows = Vec::new();
    let mut details = format!(
        "The acme integration's SCIM facade (`acme_integration::scim_config()`, as the example \
         serves it: exact totals on, output validation on) over the Acme vendor (demo tenant, \
         {} users), {} concurrent callers in a closed loop on 127.0.0.1, {} round(s) of {:.1} s \
         after a {:.1} s warm-up per run; each round runs the facade, then the same vendor calls \
         made directly (\"vendor direct\": the calls one facade request makes, counted on the \
         vendor's request ids beforehand). Facade CPU and vendor CPU are each process's user + \
         system time per facade request (`/proc/<pid>/stat`); the facade's share is facade CPU \
         ÷ (facade + vendor CPU). Vendor, facade and load generator share the machine's \
         cores.\n\n\
         | request | vendor calls | run | requests/s | p50 ms | p99 ms | facade CPU µs/request \
         | vendor CPU µs/request | facade's CPU share |\n\
         |---|---|---|---|---|---|---|---|---|\n",
        acme_vendor::DEMO_USERS,
        args.concurrency,
        args.rounds,
        args.seconds,
        args.warmup,
    );
    for case in Case::ALL {
        let calls = calibrate(&setup, case).await?;
        let mut facade_run = Run::default();
        let mut vendor_run = Run::default();
        for round in 0..args.rounds {
            for target in [Target::Facade, Target::Vendor] {
                progress(&format!(
                    "scim: {} via {target:?}, round {}/{}",
                    case.label(),
                    round + 1,
                    args.rounds
                ));
                let run = run_once(&setup, case, target, args).await?;
                match target {
                    Target::Facade => facade_run.merge(run),
                    Target::Vendor => vendor_run.merge(run),
                }
            }
        }
        for run in [&mut facade_run, &mut vendor_run] {
            run.latencies_us.sort_unstable();
        }
        let facade_cpu = facade_run.per_request_us(facade_run.facade_cpu);
        let vendor_cpu = facade_run.per_request_us(facade_run.vendor_cpu);
        let share = facade_cpu / (facade_cpu + vendor_cpu);
        let direct_vendor_cpu = vendor_run.per_request_us(vendor_run.vendor_cpu);
        let _ = writeln!(
            details,
            "| {} | {calls} | facade | {} | {:.2} | {:.2} | {facade_cpu:.0} | {vendor_cpu:.0} | \
             {:.0} % |",
            case.label(),
            thousands(facade_run.throughput()),
            facade_run.percentile_ms(50.0),
            facade_run.percentile_ms(99.0),
            share * 100.0,
        );
        let _ = writeln!(
            details,
            "| {} | {calls} | vendor direct | {} | {:.2} | {:.2} | — | {direct_vendor_cpu:.0} | — |",
            case.label(),
            thousands(vendor_run.throughput()),
            vendor_run.percentile_ms(50.0),
            vendor_run.percentile_ms(99.0),
        );
        let node = NODE_PEER[case.index()];
        let ratio = facade_run.throughput() / node;
        rows.push(Row {
            benchmark: format!(
                "SCIM facade: {}, {} concurrent",
                case.label(),
                args.concurrency
            ),
            measured: format!(
                "**{} req/s** (**{ratio:.1}×** Node's {}, {:.0}× Python's {}), p50 {:.2} ms, \
                 p99 {:.2} ms; {calls} vendor call(s) a request: vendor direct {} req/s, p50 \
                 {:.2} ms; facade {facade_cpu:.0} µs + vendor {vendor_cpu:.0} µs CPU a request \
                 (facade's share {:.0} %)",
                thousands(facade_run.throughput()),
                thousands(node),
                facade_run.throughput() / PYTHON_PEER[case.index()],
                thousands(PYTHON_PEER[case.index()]),
                facade_run.percentile_ms(50.0),
                facade_run.percentile_ms(99.0),
                thousands(vendor_run.throughput()),
                vendor_run.percentile_ms(50.0),
                share * 100.0,
            ),
            target: format!(
                "≥ {PEER_FACTOR:.0}× Node ({} req/s)",
                thousands(node * PEER_FACTOR)
            ),
            verdict: Verdict::of(ratio >= PEER_FACTOR),
            rerun: "scim",
        });
    }
    let _ = writeln!(
        details,
        "\nThe peers are not run by this benchmark; their figures are constants, measured \
         elsewhere: \"{PEERS_SOURCE}\". They serve users from memory, with no vendor API behind \
         them; the facade's rows include the vendor calls (the \"vendor direct\" rows)."
    );
    Ok(Section {
        title: "SCIM facade",
        rows,
        details,
        interference: None,
    })
}
