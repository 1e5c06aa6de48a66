//! The connection Okta sets up before provisioning: the credential test (C9298, C9306), a
//! wrong credential (C9340) and a replaced one (C9341).

use serde_json::json;

use super::Run;
use crate::report::conformance::caller::{Answer, CallError, OktaCaller};
use crate::report::model::{Check, Status};

const G: &str = "Connection";

/// What one credential probe saw.
enum Probe {
    /// The credential was accepted.
    Accepted,
    /// The credential was refused with an auth failure.
    Refused,
    /// Anything else, described.
    Other(String),
}

impl Run<'_> {
    pub(super) async fn connection(&mut self) {
        (self.progress)("conformance.connection.authping");
        let good = self.probe(self.caller).await;
        let via = self.probe_name();
        let check = match &good {
            Probe::Accepted if self.integration.authping_path().is_some() => Check::new(
                "conformance.connection.authping",
                G,
                Status::Pass,
                "the tenant's credential is accepted by the connection test (`/authping`)",
            ),
            Probe::Accepted => Check::new(
                "conformance.connection.authping",
                G,
                Status::Warn,
                "the credential works (checked with ListUsers), but the integration declares no \
                 authping: Okta's connection test needs `IntegrationBuilder::authping`",
            ),
            Probe::Refused => Check::new(
                "conformance.connection.authping",
                G,
                Status::Fail,
                format!("the tenant's own credential is refused by {via}"),
            ),
            Probe::Other(what) => Check::new(
                "conformance.connection.authping",
                G,
                Status::Fail,
                format!("the connection test failed: {what}"),
            ),
        };
        self.push(check);
        let Some(good_credential) = self.caller.authorization().map(str::to_owned) else {
            for id in [
                "conformance.credential.wrong",
                "conformance.credential.wrong-writes-nothing",
                "conformance.credential.rotated",
            ] {
                self.push(Check::new(
                    id,
                    G,
                    Status::Skip,
                    "the tenant has no credential to vary",
                ));
            }
            return;
        };
        let wrong_credential = wrong(&good_credential, &self.tag);
        let wrong_caller = self.caller.with_authorization(&wrong_credential);
        (self.progress)("conformance.credential.wrong");
        let refused = self.probe(&wrong_caller).await;
        self.push(match &refused {
            Probe::Refused => Check::new(
                "conformance.credential.wrong",
                G,
                Status::Pass,
                format!("a wrong credential is refused by {via} with an auth failure"),
            ),
            Probe::Accepted => Check::new(
                "conformance.credential.wrong",
                G,
                Status::Fail,
                format!("a wrong credential is accepted by {via}: the vendor is not asked, or not believed"),
            ),
            Probe::Other(what) => Check::new(
                "conformance.credential.wrong",
                G,
                Status::Fail,
                format!(
                    "a wrong credential must end in HTTP 401 or INVALID_CREDENTIALS, not {what}"
                ),
            ),
        });
        self.wrong_credential_writes_nothing(&wrong_caller).await;
        // C9341: the new credential is used at once; the old connection is not kept.
        (self.progress)("conformance.credential.rotated");
        let again = self.probe(self.caller).await;
        let ok = matches!(
            (&good, &refused, &again),
            (Probe::Accepted, Probe::Refused, Probe::Accepted)
        );
        self.push(
            Check::new(
                "conformance.credential.rotated",
                G,
                if ok { Status::Pass } else { Status::Fail },
                if ok {
                    "each call uses the credential it carries: good, wrong, good again are accepted, \
                     refused, accepted"
                        .to_owned()
                } else {
                    "a changed credential is not used at once: good, wrong, good again must be \
                     accepted, refused, accepted"
                        .to_owned()
                },
            )
            .with_evidence(format!("probe: {via}")),
        );
    }

    /// C9340: a write with the wrong credential fails, and nothing was written.
    async fn wrong_credential_writes_nothing(&mut self, wrong_caller: &OktaCaller) {
        const ID: &str = "conformance.credential.wrong-writes-nothing";
        if !self.needs(ID, G, &["CreateUser", "GetUserByUserName"]) {
            return;
        }
        let user = self.new_user(0);
        let user_name = user["userName"].as_str().unwrap_or_default().to_owned();
        let refused = match wrong_caller
            .call("CreateUser", &json!({"user": user}))
            .await
        {
            Ok(answer) | Err(CallError::Contract { answer, .. }) => {
                if answer.succeeded() {
                    // Leave it deactivated like every user the run creates.
                    if let Some(id) = answer.body["user"]["id"].as_str() {
                        self.created.push(id.to_owned());
                    }
                }
                answer.credential_refused()
            }
            Err(CallError::Transport(_)) => false,
        };
        let Some(lookup) = self
            .step(
                ID,
                G,
                "GetUserByUserName",
                json!({"userName": user_name}),
                false,
            )
            .await
        else {
            return;
        };
        let absent = lookup.error_type() == Some("RESOURCE_NOT_FOUND");
        self.verdict(
            ID,
            G,
            "CreateUser",
            refused && absent,
            (
                "CreateUser with a wrong credential is refused and creates nothing".into(),
                if refused {
                    "CreateUser with a wrong credential was refused, yet the user exists".into()
                } else {
                    "CreateUser with a wrong credential was not refused with an auth failure".into()
                },
            ),
            vec![format!(
                "GetUserByUserName afterwards: {} (request {})",
                lookup.error_type().unwrap_or("found"),
                lookup.request_id
            )],
        );
    }

    fn probe_name(&self) -> &'static str {
        if self.integration.authping_path().is_some() {
            "`/authping`"
        } else {
            "ListUsers"
        }
    }

    /// Tries `caller`'s credential: the adapter's authping when declared, else one small page
    /// of users.
    async fn probe(&self, caller: &OktaCaller) -> Probe {
        if self.integration.authping_path().is_some() {
            return match caller.authping().await {
                Ok(200..=299) => Probe::Accepted,
                Ok(401 | 403) => Probe::Refused,
                Ok(status) => Probe::Other(format!("`/authping` answered HTTP {status}")),
                Err(e) => Probe::Other(e),
            };
        }
        if !self.implements("ListUsers") {
            return Probe::Other("neither authping nor ListUsers is available".into());
        }
        match caller
            .call("ListUsers", &json!({"pagination": {"limit": 1}}))
            .await
        {
            Ok(answer) => judge(&answer),
            Err(CallError::Contract { answer, .. }) => judge(&answer),
            Err(CallError::Transport(e)) => Probe::Other(e),
        }
    }
}

fn judge(answer: &Answer) -> Probe {
    if answer.succeeded() {
        Probe::Accepted
    } else if answer.credential_refused() {
        Probe::Refused
    } else {
        Probe::Other(answer.describe_failure())
    }
}

/// A credential of the same scheme that no vendor issued.
fn wrong(credential: &str, tag: &str) -> String {
    match credential.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} okta-actions-wrong-{tag}"),
        None => format!("okta-actions-wrong-{tag}"),
    }
}
