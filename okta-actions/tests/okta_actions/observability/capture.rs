//! What the tests read back: the fields of every `action_call` span (captured by a test-local
//! subscriber) and samples of the adapter's `/metrics`.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::DefaultGuard;
use tracing::subscriber::NoSubscriber;
use tracing::{Dispatch, Event};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt as _;

/// One finished span's recorded fields, as text.
pub(crate) type Fields = BTreeMap<String, String>;

/// The `action_call` spans finished on this test's thread (the current-thread runtime also runs
/// the servers' tasks there) while the guard lives.
#[derive(Clone, Default)]
pub(crate) struct Spans(Arc<Mutex<Vec<Fields>>>);

impl Spans {
    pub(crate) fn capture() -> (Spans, DefaultGuard) {
        let spans = Spans::default();
        let guard = scoped(tracing_subscriber::registry().with(spans.clone()));
        (spans, guard)
    }

    /// The spans finished so far.
    pub(crate) fn closed(&self) -> Vec<Fields> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The one span of the call with this request id.
    pub(crate) fn of(&self, request_id: &str) -> Fields {
        let matching: Vec<Fields> = self
            .closed()
            .into_iter()
            .filter(|f| f.get("request_id").map(String::as_str) == Some(request_id))
            .collect();
        assert_eq!(
            matching.len(),
            1,
            "one span for {request_id}: {:?}",
            self.closed()
        );
        matching.into_iter().next().unwrap()
    }
}

/// Sets `subscriber` as this thread's default, so that it sees this thread's events although
/// other tests run on other threads at the same time.
///
/// While at most one dispatcher is registered, tracing-core asks only the *registering
/// thread's* default which callsites are of interest, and caches the answer: a callsite first
/// hit by another test's thread (no subscriber) would be cached as uninteresting and this
/// thread's events from it dropped. Two idle dispatchers kept for the whole run make it ask
/// every registered dispatcher instead; the rebuild drops answers cached before.
pub(crate) fn scoped(subscriber: impl tracing::Subscriber + Send + Sync + 'static) -> DefaultGuard {
    static IDLE: LazyLock<[Dispatch; 2]> = LazyLock::new(|| {
        [
            Dispatch::new(NoSubscriber::default()),
            Dispatch::new(NoSubscriber::default()),
        ]
    });
    LazyLock::force(&IDLE);
    let guard = subscriber.set_default();
    tracing::callsite::rebuild_interest_cache();
    guard
}

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: tracing::Subscriber + for<'l> LookupSpan<'l>> Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "action_call" {
            return;
        }
        let mut fields = Fields::new();
        attrs.record(&mut Visitor(&mut fields));
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(fields) = span.extensions_mut().get_mut::<Fields>()
        {
            values.record(&mut Visitor(fields));
        }
    }

    /// Snapshots the span at its call's last event, "action call finished": the span itself
    /// may close later (a pooled vendor connection can hold it).
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if event.metadata().target() != "okta_actions::observe::call" {
            return;
        }
        if let Some(span) = ctx.event_span(event)
            && let Some(fields) = span.extensions().get::<Fields>()
        {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(fields.clone());
        }
    }
}

/// `GET {base}/metrics`, checked to be OpenMetrics text.
pub(crate) async fn scrape(base: &str) -> String {
    let response = reqwest::Client::new()
        .get(format!("{base}/metrics"))
        .timeout(std::time::Duration::from_secs(10))
        .send()
        .await
        .expect("the adapter answers /metrics");
    assert_eq!(response.status().as_u16(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    let text = response.text().await.expect("the metrics text");
    assert!(text.ends_with("# EOF\n"), "{text}");
    text
}

/// The value of the sample `series` (name and labels exactly as rendered), if present.
pub(crate) fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|line| {
        line.strip_prefix(series)?
            .strip_prefix(' ')?
            .split(' ')
            .next()?
            .parse()
            .ok()
    })
}

/// Asserts the sample `series` has `value`.
#[track_caller]
pub(crate) fn assert_sample(metrics: &str, series: &str, value: f64) {
    assert_eq!(
        sample(metrics, series),
        Some(value),
        "{series} in:\n{metrics}"
    );
}
