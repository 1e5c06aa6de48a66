//! [`RecordStream`]: a streaming GET's records, with the next page fetched while the caller
//! consumes the current one.
//!
//! A page's next link or cursor is only known once the page is parsed, so the pages are
//! fetched and parsed by a spawned task, one after the other, handing each over through a
//! one-slot channel. The task takes the slot before fetching a page, and the slot frees when
//! the caller takes the previous page, so while the caller works through page N the task
//! fetches and parses page N + 1 (on another core, if there is one) and then waits: at most
//! two pages are in memory, the one being consumed and the one fetched ahead.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::Instrument as _;

use super::error::VendorError;
use super::pager::Pager;

/// The records of a streaming GET ([`StreamRequest::records`](super::StreamRequest::records),
/// or typed: [`StreamRequest::records_as`](super::StreamRequest::records_as)), in the vendor's
/// order. Ends after the first error, which comes after every record of the pages before it.
///
/// The next page is fetched while the current one is consumed, at most one page ahead, so
/// memory holds at most two pages (plus the body of the page being parsed) whatever the number
/// of records. Fetching starts at the first poll, in a task on the tokio runtime polling it;
/// dropping the stream stops it. A caller that stops early may leave one page fetched and
/// unread: the vendor sees at most one request more than the records taken needed.
///
/// ```no_run
/// # async fn demo(client: okta_actions::client::VendorClient) -> Result<(), okta_actions::client::VendorError> {
/// use futures::TryStreamExt as _;
/// use okta_actions::client::Pagination;
///
/// #[derive(serde::Deserialize)]
/// struct User {
///     id: String,
/// }
///
/// let mut users = client
///     .stream("/api/v1/users", Pagination::LinkHeader)
///     .records_as::<User>()?;
/// while let Some(user) = users.try_next().await? {
///     println!("{}", user.id);
/// }
/// println!("{} users", users.records_streamed());
/// # Ok(())
/// # }
/// ```
pub struct RecordStream<T = Value> {
    state: State<T>,
    buffer: std::vec::IntoIter<T>,
    streamed: u64,
}

// Nothing is pinned in place: records are moved out of a heap buffer.
impl<T> Unpin for RecordStream<T> {}

/// Where the pages come from.
enum State<T> {
    /// Not polled yet: the task starts at the first poll, inside the caller's runtime.
    Idle(Box<Pager>),
    /// The task is fetching; pages arrive on `pages`.
    Fetching {
        pages: mpsc::Receiver<Result<Vec<T>, VendorError>>,
        task: AbortOnDrop,
    },
    /// The channel closed: waiting for the task's end, to report a panic instead of ending
    /// quietly with records missing.
    Closing(AbortOnDrop),
    /// The stream has ended.
    Done,
}

/// The fetching task, stopped when the stream is dropped.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T> fmt::Debug for RecordStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordStream")
            .field("records_streamed", &self.streamed)
            .field("finished", &matches!(self.state, State::Done))
            .finish_non_exhaustive()
    }
}

impl<T> RecordStream<T> {
    pub(crate) fn new(pager: Pager) -> Self {
        RecordStream {
            state: State::Idle(Box::new(pager)),
            buffer: Vec::new().into_iter(),
            streamed: 0,
        }
    }

    /// The number of records yielded so far (after exhaustion: the card's "Records Streamed").
    pub fn records_streamed(&self) -> u64 {
        self.streamed
    }
}

/// Fetches every page into `pages`, each only once the slot for it is free (the caller took
/// the page before), and stops after an error or when the stream is dropped.
async fn fetch_pages<T: DeserializeOwned>(
    mut pager: Pager,
    pages: mpsc::Sender<Result<Vec<T>, VendorError>>,
) {
    while let Ok(slot) = pages.reserve().await {
        match pager.next_page::<T>().await {
            Ok(Some(records)) => slot.send(Ok(records)),
            Ok(None) => return,
            Err(error) => return slot.send(Err(error)),
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for RecordStream<T> {
    type Item = Result<T, VendorError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(record) = this.buffer.next() {
                this.streamed += 1;
                return Poll::Ready(Some(Ok(record)));
            }
            match &mut this.state {
                State::Idle(_) => {
                    let State::Idle(pager) = std::mem::replace(&mut this.state, State::Done) else {
                        unreachable!("matched above")
                    };
                    // One slot: the page waiting for the caller; the task fetches no further.
                    let (sender, pages) = mpsc::channel(1);
                    let task = tokio::spawn(
                        fetch_pages::<T>(*pager, sender).instrument(tracing::Span::current()),
                    );
                    this.state = State::Fetching {
                        pages,
                        task: AbortOnDrop(task),
                    };
                }
                State::Fetching { pages, .. } => match ready!(pages.poll_recv(cx)) {
                    Some(Ok(page)) => this.buffer = page.into_iter(),
                    Some(Err(error)) => {
                        this.state = State::Done;
                        return Poll::Ready(Some(Err(error)));
                    }
                    None => {
                        let State::Fetching { task, .. } =
                            std::mem::replace(&mut this.state, State::Done)
                        else {
                            unreachable!("matched above")
                        };
                        this.state = State::Closing(task);
                    }
                },
                State::Closing(task) => {
                    let ended = ready!(Pin::new(&mut task.0).poll(cx));
                    this.state = State::Done;
                    if let Err(err) = ended {
                        return Poll::Ready(Some(Err(VendorError::generic(format!(
                            "fetching the pages failed: {err}"
                        )))));
                    }
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}
