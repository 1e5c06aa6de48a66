//! `serve --log-format`: the subscriber it installs, driven by real calls in-process. JSON
//! writes one object per line, each call's line carrying the `action_call` span's fields; text
//! writes them in front of the message.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use okta_actions::cli::{LogFormat, log_subscriber};
use okta_actions::server::Adapter;
use serde_json::{Value, json};

use super::capture::scoped;
use crate::server::support::{GOOD_KEY, integration, vendor};

/// Everything written, shared with the subscriber's writer.
#[derive(Clone, Default)]
struct Written(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Written {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Written {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

/// Serves the loopback integration, logging as `format`, and makes one call that reaches the
/// vendor; returns the log text.
async fn logs_of_one_call(format: LogFormat) -> String {
    let written = Written::default();
    let writer = written.clone();
    let subscriber =
        log_subscriber(format, "info", move || writer.clone()).expect("valid directives");
    let _guard = scoped(subscriber);
    let adapter = Adapter::new(integration(&vendor().await))
        .bind("127.0.0.1:0")
        .await
        .expect("bind");
    let status = reqwest::Client::new()
        .post(format!("{}/actions/GetUserById", adapter.url()))
        .header("authorization", format!("Bearer {GOOD_KEY}"))
        .header("x-okta-tenant-subdomain", "acme")
        .header("x-request-id", "obs-log")
        .timeout(Duration::from_secs(10))
        .json(&json!({"userId": "u-7"}))
        .send()
        .await
        .expect("the adapter answers")
        .status();
    assert_eq!(status.as_u16(), 200);
    adapter.shutdown().await.expect("clean shutdown");
    written.text()
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_with_the_span() {
    let text = logs_of_one_call(LogFormat::Json).await;
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(lines.iter().all(Value::is_object), "{text}");
    let finished = lines
        .iter()
        .find(|l| l["fields"]["message"] == "action call finished")
        .unwrap_or_else(|| panic!("no call line in:\n{text}"));
    let span = &finished["span"];
    assert_eq!(span["name"], "action_call", "{finished}");
    assert_eq!(span["request_id"], "obs-log", "{finished}");
    assert_eq!(span["action"], "GetUserById", "{finished}");
    assert_eq!(span["outcome"], "succeeded", "{finished}");
    assert_eq!(span["vendor_requests"], 1, "{finished}");
    assert!(
        span["tenant"].as_str().is_some_and(|t| t.starts_with("t-")),
        "{finished}"
    );
    assert!(!text.contains(GOOD_KEY) && !text.contains("acme"), "{text}");
}

#[tokio::test]
async fn text_logs_name_the_span_fields() {
    let text = logs_of_one_call(LogFormat::Text).await;
    let line = text
        .lines()
        .find(|l| l.contains("action call finished"))
        .unwrap_or_else(|| panic!("no call line in:\n{text}"));
    assert!(
        line.starts_with(char::is_numeric),
        "a timestamp first: {line}"
    );
    for field in [
        "action_call{",
        "request_id=obs-log",
        "action=GetUserById",
        "outcome=succeeded",
        "vendor_requests=1",
    ] {
        assert!(line.contains(field), "{field} in {line}");
    }
    assert!(serde_json::from_str::<Value>(line).is_err());
    assert!(!text.contains(GOOD_KEY) && !text.contains("acme"), "{text}");
}
