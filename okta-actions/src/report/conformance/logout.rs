//! The standard Universal Logout endpoint, called as Okta calls it: a signed JWT from the org,
//! then the same call unsigned, for another audience, and replayed, and for an unknown user.

use serde_json::json;

use super::okta_org::OktaOrg;
use crate::report::model::{Check, Status};

const GROUP: &str = "Universal Logout";

/// Where the endpoint is and whom to log out.
pub(crate) struct StandardLogout<'a> {
    /// The endpoint URL (the JWT `aud`).
    pub(crate) endpoint: &'a str,
    /// The org the adapter trusts.
    pub(crate) org: &'a OktaOrg,
    /// The email of a user the vendor knows (the conformance user), if one was created.
    pub(crate) email: Option<&'a str>,
}

/// Runs the calls; one check each.
pub(crate) async fn run(target: &StandardLogout<'_>, tag: &str) -> Vec<Check> {
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap_or_default();
    let post = |token: Option<String>, email: String| {
        let mut request = http
            .post(target.endpoint)
            .json(&json!({"sub_id": {"format": "email", "email": email}}));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.map(|r| r.status().as_u16()) }
    };
    let mut checks = Vec::new();
    let mut expect = |id: &str, got: Result<u16, reqwest::Error>, want: u16, what: &str| {
        let (status, reason) = match got {
            Ok(status) if status == want => (Status::Pass, format!("{what}: {want}")),
            Ok(status) => (
                Status::Fail,
                format!("{what}: expected {want}, got {status}"),
            ),
            Err(e) => (
                Status::Fail,
                format!("{what}: the endpoint did not answer: {e}"),
            ),
        };
        checks.push(
            Check::new(
                format!("conformance.logout.standard.{id}"),
                GROUP,
                status,
                reason,
            )
            .for_action("UniversalLogout")
            .with_evidence(format!("POST {}", target.endpoint)),
        );
    };
    let unknown = format!("okta-actions-no-such-user-{tag}@example.com");
    if let Some(email) = target.email {
        let token = target.org.token(target.endpoint);
        expect(
            "accepts",
            post(token.clone(), email.to_owned()).await,
            204,
            "a valid org token logs the user out",
        );
        expect(
            "rejects-replay",
            post(token, email.to_owned()).await,
            401,
            "the same token again (replayed `jti`)",
        );
    }
    expect(
        "rejects-missing-token",
        post(None, unknown.clone()).await,
        401,
        "no Authorization",
    );
    let elsewhere = format!("{}/elsewhere", target.endpoint);
    expect(
        "rejects-wrong-audience",
        post(target.org.token(&elsewhere), unknown.clone()).await,
        401,
        "a token for another endpoint (`aud`)",
    );
    expect(
        "unknown-user",
        post(target.org.token(target.endpoint), unknown).await,
        404,
        "a valid token for a user the vendor does not know",
    );
    checks
}
