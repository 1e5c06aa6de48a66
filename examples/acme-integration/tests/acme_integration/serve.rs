//! The `serve` command as the process Okta talks to: 1,000 concurrent connections all answered
//! correctly (and its peak memory), SIGTERM with requests in flight: each still gets its
//! whole answer, new connections are refused, and the process exits 0 (or 2, saying so, when a
//! request is still unfinished after the action timeout plus the grace); and `--log-format json`
//! with `--metrics-listen`: every line of standard error is one JSON object, and the metrics are
//! on their own address only.

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use acme_integration::acme_vendor::{
    AcmeVendor, DEMO_API_KEY, DEMO_TENANT, RateLimit, RunningVendor, TenantSpec,
};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// Concurrent connections in the load test.
const CONNECTIONS: usize = 1_000;
/// Requests in flight when SIGTERM arrives.
const IN_FLIGHT: usize = 12;
/// How long the slow vendor holds each request.
const SLOW: Duration = Duration::from_secs(2);

/// The Acme demo tenant with a rate limit the tests never reach.
async fn vendor() -> RunningVendor {
    AcmeVendor::builder()
        .tenant(TenantSpec::demo())
        .rate_limit(RateLimit::new(1_000_000, 1_000_000.0))
        .build()
        .spawn("127.0.0.1:0")
        .await
        .expect("the vendor starts")
}

/// `acme-integration serve` as a child process; killed when dropped if still running.
struct Served {
    child: Child,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

impl Served {
    /// Starts `serve` against the vendor at `vendor` and waits until it listens.
    async fn start(vendor: &str) -> Self {
        Self::start_with(vendor, &[]).await
    }

    /// [`start`](Self::start) with `extra` arguments.
    async fn start_with(vendor: &str, extra: &[&str]) -> Self {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        let mut command = Command::new(env!("CARGO_BIN_EXE_acme-integration"));
        for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("OKTA_ACTIONS_")) {
            command.env_remove(name);
        }
        let mut child = command
            .args(["serve", "--listen", &addr.to_string(), "--vendor-url"])
            .arg(format!("{vendor}/t/{{app.subdomain}}/v1"))
            .args(extra)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().expect("piped stderr");
        std::thread::spawn({
            let stderr = Arc::clone(&stderr);
            move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut text = stderr.lock().unwrap_or_else(PoisonError::into_inner);
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        });
        let served = Served {
            child,
            addr,
            stderr,
        };
        let started = Instant::now();
        while !served.stderr().contains("adapter listening on") {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "serve did not start: {}",
                served.stderr()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        served
    }

    fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A line of `/proc/<pid>/status`, in kB (e.g. `VmHWM`).
    fn status_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the process status");
        status
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{field}:")))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in {status}"))
    }

    /// Waits for the exit code.
    async fn exit_code(&mut self, within: Duration) -> Option<i32> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                return status.code();
            }
            assert!(
                started.elapsed() < within,
                "serve did not exit: {}",
                self.stderr()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The raw HTTP/1.1 request Okta's thin flow sends for `GetUserById` of `user_id`.
fn get_user_request(addr: SocketAddr, user_id: &str) -> Vec<u8> {
    let body = json!({"userId": user_id}).to_string();
    format!(
        "POST /actions/GetUserById HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {DEMO_API_KEY}\r\n\
         x-okta-tenant-subdomain: {DEMO_TENANT}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends `request` on `stream` and reads the whole answer: its status and JSON body.
async fn exchange(mut stream: TcpStream, request: &[u8]) -> std::io::Result<(u16, Value)> {
    stream.write_all(request).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Ok((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}

/// Runs every future as its own task, and collects their outputs in order.
async fn all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let tasks: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(tasks.len());
    for task in tasks {
        outputs.push(task.await.expect("the task ran"));
    }
    outputs
}

/// The first `count` demo users, as the integration itself answers `GetUserById` for them.
async fn expected_users(vendor: &RunningVendor, count: u64) -> Vec<(String, Value)> {
    let integration = acme_integration::for_vendor(vendor);
    let ctx = || {
        integration
            .context("req-expected", &acme_integration::demo_tenant())
            .expect("a context")
    };
    let listed = integration
        .action("ListUsers")
        .expect("ListUsers")
        .invoke(ctx(), json!({"pagination": {"limit": count}}))
        .await;
    let mut users = Vec::new();
    for user in listed.body["resources"].as_array().expect("users") {
        let id = user["id"].as_str().expect("an id").to_owned();
        let got = integration
            .action("GetUserById")
            .expect("GetUserById")
            .invoke(ctx(), json!({"userId": id}))
            .await;
        assert_eq!(got.body["executionStatus"]["status"], "SUCCEEDED");
        users.push((id, got.body["user"].clone()));
    }
    assert_eq!(users.len() as u64, count);
    users
}

/// The soft limit on open files of this process (the child inherits it).
fn open_files_limit() -> u64 {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            limits
                .lines()
                .find(|line| line.starts_with("Max open files"))
                .and_then(|line| line.split_whitespace().nth(3)?.parse().ok())
        })
        .unwrap_or(u64::MAX)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_connections_are_all_answered_correctly() {
    let limit = open_files_limit();
    assert!(
        limit >= 1_200,
        "{CONNECTIONS} connections need `ulimit -n` of at least 1200 (it is {limit})"
    );
    let vendor = vendor().await;
    let users = expected_users(&vendor, 10).await;
    let served = Served::start(&vendor.base_url()).await;
    let addr = served.addr;
    let idle_kb = served.status_kb("VmHWM");

    let started = Instant::now();
    let connected = tokio::time::timeout(
        Duration::from_secs(20),
        all((0..CONNECTIONS).map(move |_| TcpStream::connect(addr))),
    )
    .await
    .expect("every connection opens in time");
    let streams: Vec<TcpStream> = connected
        .into_iter()
        .map(|s| s.expect("a connection"))
        .collect();
    // Every connection is open before the first request is sent.
    let answers = tokio::time::timeout(
        Duration::from_secs(40),
        all(streams.into_iter().enumerate().map(|(i, stream)| {
            let (id, user) = users[i % users.len()].clone();
            async move { (exchange(stream, &get_user_request(addr, &id)).await, user) }
        })),
    )
    .await
    .expect("every request is answered in time");
    let elapsed = started.elapsed();
    for (i, (answer, user)) in answers.iter().enumerate() {
        let (status, body) = answer.as_ref().expect("a whole answer");
        assert_eq!(*status, 200, "request {i}: {body}");
        assert_eq!(
            body["executionStatus"]["status"], "SUCCEEDED",
            "request {i}"
        );
        assert_eq!(&body["user"], user, "request {i}: the right user");
    }
    let peak_kb = served.status_kb("VmHWM");
    #[allow(
        clippy::print_stderr,
        reason = "the measured figure, for tests/README.md (shown with --nocapture)"
    )]
    {
        eprintln!(
            "serve: {CONNECTIONS} concurrent connections answered in {} ms; VmHWM {} KiB idle, {} KiB after",
            elapsed.as_millis(),
            idle_kb,
            peak_kb
        );
    }
    // A sanity bound only: the measured figure is in tests/README.md.
    assert!(peak_kb < 512 * 1024, "VmHWM {peak_kb} KiB");
}

/// A vendor that holds every request for [`SLOW`] on its way in, counting requests.
struct SlowVendor {
    url: String,
    requests: Arc<AtomicUsize>,
    accept: tokio::task::JoinHandle<()>,
}

impl Drop for SlowVendor {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn slow(vendor: SocketAddr) -> SlowVendor {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let requests = Arc::new(AtomicUsize::new(0));
    let accept = tokio::spawn({
        let requests = Arc::clone(&requests);
        async move {
            while let Ok((client, _)) = listener.accept().await {
                let requests = Arc::clone(&requests);
                tokio::spawn(async move {
                    let Ok(upstream) = TcpStream::connect(vendor).await else {
                        return;
                    };
                    let (mut client_in, mut client_out) = client.into_split();
                    let (mut vendor_in, mut vendor_out) = upstream.into_split();
                    let inbound = async {
                        let mut buffer = vec![0u8; 16 * 1024];
                        loop {
                            let read = client_in.read(&mut buffer).await?;
                            if read == 0 {
                                return vendor_out.shutdown().await;
                            }
                            // Each request starts a write of its own (bodies are small).
                            if buffer[..read].starts_with(b"GET ") {
                                requests.fetch_add(1, Ordering::SeqCst);
                            }
                            tokio::time::sleep(SLOW).await;
                            vendor_out.write_all(&buffer[..read]).await?;
                        }
                    };
                    let outbound = tokio::io::copy(&mut vendor_in, &mut client_out);
                    let _ = tokio::join!(inbound, outbound);
                });
            }
        }
    });
    SlowVendor {
        url,
        requests,
        accept,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_requests_in_flight_finish_and_refuses_new_connections() {
    let vendor = vendor().await;
    let users = expected_users(&vendor, IN_FLIGHT as u64).await;
    let slow = slow(vendor.addr()).await;
    let mut served = Served::start(&slow.url).await;
    let addr = served.addr;

    let in_flight: Vec<_> = users
        .iter()
        .cloned()
        .map(|(id, user)| {
            tokio::spawn(async move {
                let stream = TcpStream::connect(addr).await?;
                let answer = exchange(stream, &get_user_request(addr, &id)).await?;
                Ok::<_, std::io::Error>((answer, user, Instant::now()))
            })
        })
        .collect();
    // Every request has reached the vendor, which is holding it.
    let waiting = Instant::now();
    while slow.requests.load(Ordering::SeqCst) < IN_FLIGHT {
        assert!(
            waiting.elapsed() < Duration::from_secs(10),
            "only {} requests reached the vendor",
            slow.requests.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let signalled = Command::new("kill")
        .args(["-TERM", &served.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());

    // New connections are refused while the old requests are still being answered.
    let refused_at = loop {
        match TcpStream::connect(addr).await {
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => break Instant::now(),
            Err(e) if e.kind() != std::io::ErrorKind::ConnectionReset => {
                panic!("unexpected connect error: {e}")
            }
            // Accepted into the backlog before the listener closed, or a handshake the kernel
            // reset as it closed: the next attempt meets the closed port.
            _ => {
                assert!(
                    waiting.elapsed() < Duration::from_secs(10),
                    "still accepting after SIGTERM"
                );
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    };
    for task in in_flight {
        let ((status, body), user, answered_at) =
            tokio::time::timeout(Duration::from_secs(15), task)
                .await
                .expect("answered in time")
                .expect("the task ran")
                .expect("a whole answer after SIGTERM");
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["executionStatus"]["status"], "SUCCEEDED", "{body}");
        assert_eq!(body["user"], user);
        assert!(
            answered_at > refused_at,
            "answered after new connections were refused"
        );
    }
    assert_eq!(
        served.exit_code(Duration::from_secs(15)).await,
        Some(0),
        "{}",
        served.stderr()
    );
    let stderr = served.stderr();
    assert!(
        stderr.contains("every request in flight was answered"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_still_unfinished_after_the_drain_is_cut_off_with_exit_2() {
    let vendor = vendor().await;
    let vendor_url = format!("http://{}", vendor.addr());
    let mut served = Served::start_with(&vendor_url, &["--timeout-secs", "1"]).await;
    // A client that sent half a request head and went quiet: the drain waits for it.
    let mut stalled = TcpStream::connect(served.addr).await.expect("connects");
    stalled
        .write_all(b"POST /actions/GetUserById HTTP/1.1\r\nHost: adapter\r\n")
        .await
        .expect("half a head is sent");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let signalled = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &served.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert_eq!(
        served.exit_code(Duration::from_secs(20)).await,
        Some(2),
        "{}",
        served.stderr()
    );
    // The action timeout (1 s) plus the 5 s grace.
    let waited = signalled.elapsed();
    assert!(waited >= Duration::from_secs(6), "cut off after {waited:?}");
    let stderr = served.stderr();
    assert!(
        stderr.contains("requests in flight did not finish within 6 s and were cut off"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("every request in flight was answered"),
        "{stderr}"
    );
}

/// `GET {path}` on `addr`: the status and the body as text.
async fn get_text(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("a connection");
    let request = format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answered");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, body.to_owned())
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_and_metrics_have_their_own_address() {
    let vendor = vendor().await;
    let metrics_addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let served = Served::start_with(
        &vendor.base_url(),
        &[
            "--log-format",
            "json",
            "--metrics-listen",
            &metrics_addr.to_string(),
        ],
    )
    .await;
    let (id, _) = expected_users(&vendor, 1).await.remove(0);
    let stream = TcpStream::connect(served.addr).await.expect("a connection");
    let (status, body) = tokio::time::timeout(
        Duration::from_secs(10),
        exchange(stream, &get_user_request(served.addr, &id)),
    )
    .await
    .expect("answered in time")
    .expect("a whole answer");
    assert_eq!(status, 200, "{body}");

    let (status, _) = get_text(served.addr, "/metrics").await;
    assert_eq!(status, 404, "not on the address Okta calls");
    let (status, metrics) = get_text(metrics_addr, "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        metrics
            .contains(r#"okta_actions_actions_total{action="GetUserById",outcome="succeeded"} 1"#),
        "{metrics}"
    );
    assert!(
        !metrics.contains(DEMO_API_KEY) && !metrics.contains(DEMO_TENANT),
        "{metrics}"
    );

    // The call's line is written once it is answered; give the pipe a moment.
    let started = Instant::now();
    while !served.stderr().contains("action call finished") {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{}",
            served.stderr()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stderr = served.stderr();
    let lines: Vec<Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(lines.iter().all(Value::is_object), "{stderr}");
    let call = lines
        .iter()
        .find(|l| l["fields"]["message"] == "action call finished")
        .expect("the call's line");
    assert_eq!(call["span"]["name"], "action_call", "{call}");
    assert_eq!(call["span"]["outcome"], "succeeded", "{call}");
    assert!(lines.iter().any(|l| {
        l["fields"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("adapter listening on"))
    }));
    assert!(!stderr.contains(DEMO_API_KEY), "{stderr}");
}
