//! `serve --state`: a shared store that cannot be reached stops `serve` before it listens,
//! rather than serving with per-process state the operator did not ask for.

use std::time::Duration;

use okta_actions::cli::{EXIT_USAGE, IntegrationCli};

use crate::scim::support::builder;

async fn serve(state: &str) -> u8 {
    let args = [
        "integration",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--state",
        state,
    ];
    tokio::time::timeout(
        Duration::from_secs(15),
        IntegrationCli::new(builder).run(args),
    )
    .await
    .expect("serve gives up within its connection timeout")
}

#[tokio::test]
async fn serve_refuses_an_unreachable_or_unknown_state_store() {
    // A port nothing listens on: bound and released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    assert_eq!(
        serve(&format!("redis://:hunter2@127.0.0.1:{port}/0")).await,
        EXIT_USAGE
    );
    assert_eq!(serve("postgres://db.internal").await, EXIT_USAGE);
}
