//! A throwaway `redis-server` on a free loopback port, without persistence, killed on drop.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use okta_actions::state::{RedisStateStore, StateStore};

/// How long the server may take to answer its first `PING`.
const STARTUP: Duration = Duration::from_secs(10);

/// A running `redis-server`.
pub(crate) struct RedisServer {
    child: Child,
    port: u16,
    /// `redis://127.0.0.1:<port>`.
    pub(crate) url: String,
}

impl RedisServer {
    /// Starts a server, or `None` (saying why on stderr) when `redis-server` is not installed
    /// and `CI` is unset. With `CI` set a missing server fails the test.
    pub(crate) fn start() -> Option<RedisServer> {
        Self::start_with(&[])
    }

    /// Starts a server with extra arguments (e.g. `--requirepass`).
    pub(crate) fn start_with(extra: &[&str]) -> Option<RedisServer> {
        let installed = Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !installed {
            let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
            assert!(
                !ci,
                "redis-server is not installed but CI is set: install it (`apt-get install redis-server`)"
            );
            // Straight to stderr, past the test harness's capture, so the skip is seen.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: redis-server is not installed (and CI is unset)"
            );
            return None;
        }
        // A port freed just before use may be taken by someone else in between: try again.
        for _ in 0..5 {
            let port = free_port();
            if let Some(child) = spawn(port, extra) {
                return Some(RedisServer {
                    child,
                    port,
                    url: format!("redis://127.0.0.1:{port}"),
                });
            }
        }
        panic!("redis-server did not answer PING on any of five ports");
    }

    /// Starts the server again on the same port, empty, after [`kill`](Self::kill).
    pub(crate) fn restart(&mut self) {
        self.kill();
        self.child = spawn(self.port, &[]).expect("redis-server restarts on its port");
    }

    /// A store on this server with `prefix`.
    pub(crate) async fn store(&self, prefix: &str) -> Arc<dyn StateStore> {
        Arc::new(
            RedisStateStore::connect(&self.url)
                .await
                .expect("connects")
                .with_prefix(prefix),
        )
    }

    /// Stops the server now (an outage).
    pub(crate) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A server on `port`, once it answers; `None` when it exits or stays silent.
fn spawn(port: u16, extra: &[&str]) -> Option<Child> {
    let mut child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args([
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
        ])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server starts");
    if wait_ready(port, &mut child) {
        return Some(child);
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Polls `PING` until `+PONG`, the child exits, or [`STARTUP`] passes.
fn wait_ready(port: u16, child: &mut Child) -> bool {
    let deadline = Instant::now() + STARTUP;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return false;
        }
        if ping(port) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let timeout = Some(Duration::from_millis(500));
    if stream.set_read_timeout(timeout).is_err() || stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    // `+PONG`, or `-NOAUTH …` from a server started with `--requirepass`: either way it is up.
    let mut answer = [0_u8; 5];
    stream.read_exact(&mut answer).is_ok() && (&answer == b"+PONG" || &answer == b"-NOAU")
}

/// A key prefix no other test uses, so tests can share nothing by accident.
pub(crate) fn prefix(test: &str) -> String {
    format!("test:{test}:{}:", std::process::id())
}
