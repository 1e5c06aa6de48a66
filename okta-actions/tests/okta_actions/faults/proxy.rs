//! A loopback HTTP/1.1 proxy between the adapter and a real vendor that answers as a plan says:
//! as the vendor did, or with one of the faults a network or a vendor produces.
//!
//! Every request but a rate-limited one is forwarded first, so the vendor has acted on it when
//! the fault hides its answer: the hardest case for a client that must not repeat a write.
//! Each client connection carries one request (`Connection: close`), so every retry is visible
//! to the plan as a new request.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use super::http1::{Message, read_message};

/// How the proxy answers one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// The vendor's answer, unchanged.
    Pass,
    /// The vendor's answer, held this long (longer than the client's timeout).
    Delay(Duration),
    /// The head and half the body, then a TCP reset.
    Reset,
    /// A `Content-Length` larger than the body sent, then the connection closes.
    Truncate,
    /// `200` with a JSON body cut off in the middle, echoing the request's head.
    Malformed,
    /// This 5xx status with a JSON error body.
    ServerError(u16),
    /// `429` with `Retry-After` in seconds; the vendor never sees the request.
    RateLimited(u64),
}

/// The method, target and body of a request, for the plan to decide on.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) body: String,
}

type Plan = dyn Fn(&Seen, usize) -> Fault + Send + Sync;

/// What the proxy counted.
#[derive(Debug, Default)]
struct Counts {
    requests: AtomicUsize,
    faults: AtomicUsize,
}

/// A running proxy; dropping it stops accepting connections.
pub(crate) struct FaultProxy {
    addr: SocketAddr,
    counts: Arc<Counts>,
    accept: JoinHandle<()>,
}

impl FaultProxy {
    /// Proxies to the vendor at `vendor` (`http://127.0.0.1:PORT`); `plan` gets each request
    /// and its number (from 0, in arrival order).
    pub(crate) async fn start(
        vendor: &str,
        plan: impl Fn(&Seen, usize) -> Fault + Send + Sync + 'static,
    ) -> Self {
        let vendor: SocketAddr = vendor
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("a loopback vendor address");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let counts = Arc::new(Counts::default());
        let plan: Arc<Plan> = Arc::new(plan);
        let accept = tokio::spawn({
            let counts = Arc::clone(&counts);
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    let (plan, counts) = (Arc::clone(&plan), Arc::clone(&counts));
                    tokio::spawn(async move {
                        // A broken client connection is one of the outcomes under test.
                        let _ = serve(client, vendor, &*plan, &counts).await;
                    });
                }
            }
        });
        FaultProxy {
            addr,
            counts,
            accept,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received.
    pub(crate) fn requests(&self) -> usize {
        self.counts.requests.load(Ordering::SeqCst)
    }

    /// Requests answered with a fault.
    pub(crate) fn faults(&self) -> usize {
        self.counts.faults.load(Ordering::SeqCst)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn serve(
    mut client: TcpStream,
    vendor: SocketAddr,
    plan: &Plan,
    counts: &Counts,
) -> io::Result<()> {
    let request = tokio::time::timeout(Duration::from_secs(10), read_message(&mut client, false))
        .await
        .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
    let mut words = request.start_line().split(' ');
    let seen = Seen {
        method: words.next().unwrap_or_default().to_owned(),
        target: words.next().unwrap_or_default().to_owned(),
        body: String::from_utf8_lossy(&request.body).into_owned(),
    };
    let number = counts.requests.fetch_add(1, Ordering::SeqCst);
    let fault = plan(&seen, number);
    if fault != Fault::Pass {
        counts.faults.fetch_add(1, Ordering::SeqCst);
    }
    if let Fault::RateLimited(seconds) = fault {
        let answer = json_answer("429 Too Many Requests", br#"{"message":"slow down"}"#)
            .with_header("retry-after", &seconds.to_string());
        return finish(client, &answer.to_bytes()).await;
    }
    let request_head = request.head.replace("\r\n", " | ");
    let answer = forward(vendor, request).await?;
    let answer = answer.with_header("connection", "close");
    match fault {
        Fault::Pass | Fault::RateLimited(_) => finish(client, &answer.to_bytes()).await,
        Fault::Delay(delay) => {
            // Answer late, unless the client gives up first (its read then ends).
            let mut probe = [0u8; 1];
            tokio::select! {
                () = tokio::time::sleep(delay) => finish(client, &answer.to_bytes()).await,
                _ = client.read(&mut probe) => Ok(()),
            }
        }
        Fault::Reset => {
            let mut bytes = format!("{}\r\n\r\n", answer.head).into_bytes();
            bytes.extend_from_slice(&answer.body[..answer.body.len() / 2]);
            client.write_all(&bytes).await?;
            client.flush().await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
            client.set_zero_linger()?;
            drop(client);
            Ok(())
        }
        Fault::Truncate => {
            let promised = answer.body.len() + 64;
            let answer = answer.with_header("content-length", &promised.to_string());
            finish(client, &answer.to_bytes()).await
        }
        Fault::Malformed => {
            // As a broken vendor page does, it echoes the request (and its credential).
            let mut body = format!("{{\"request\": \"{}\", \"data\": [", request_head).into_bytes();
            body.extend_from_slice(&answer.body[..answer.body.len() / 2]);
            finish(client, &json_answer("200 OK", &body).to_bytes()).await
        }
        Fault::ServerError(status) => {
            let line = format!("{status} Vendor Trouble");
            let body = format!(r#"{{"message":"the vendor failed with {status}"}}"#);
            finish(client, &json_answer(&line, body.as_bytes()).to_bytes()).await
        }
    }
}

/// Sends `request` to the vendor on a new connection and reads the whole answer.
async fn forward(vendor: SocketAddr, request: Message) -> io::Result<Message> {
    let mut upstream = TcpStream::connect(vendor).await?;
    let request = request.with_header("connection", "close");
    upstream.write_all(&request.to_bytes()).await?;
    tokio::time::timeout(Duration::from_secs(10), read_message(&mut upstream, true))
        .await
        .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))?
}

/// A JSON answer with `status_line` (e.g. `200 OK`).
fn json_answer(status_line: &str, body: &[u8]) -> Message {
    Message {
        head: format!(
            "HTTP/1.1 {status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close",
            body.len()
        ),
        body: body.to_vec(),
    }
}

/// Writes the answer and closes the connection.
async fn finish(mut client: TcpStream, bytes: &[u8]) -> io::Result<()> {
    client.write_all(bytes).await?;
    client.shutdown().await
}
