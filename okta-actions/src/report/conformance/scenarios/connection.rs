//! The connection Okta sets up before provisioning: the credential test (C9298, C9306), a
//! wrong credential (C9340) and a replaced one (C9341).

use serde_json::json;

use super::Run;
use crate::report::conformance::caller::{CallError, OktaCaller, Probe};
use crate::report::model::{Check, Status};

const G: &str = "Connection";

impl Run<'_> {
    pub(super) async fn connection(&mut self) {
        const ID: &str = "conformance.connection.authping";
        (self.progress)(ID);
        let good = self.caller.authping().await;
        let verifies = self.integration.authping_path().is_some();
        self.push(match (&good, verifies) {
            (Probe::Accepted, true) => Check::new(
                ID,
                G,
                Status::Pass,
                "the tenant's credential passes Okta's connection test (`/authping` asks the vendor)",
            ),
            (Probe::Accepted, false) => Check::new(
                ID,
                G,
                Status::Fail,
                "Okta's connection test (`/authping`) cannot tell a good credential from a bad one: \
                 name a cheap vendor endpoint only a valid credential may read with \
                 `IntegrationBuilder::authping`",
            ),
            (Probe::Refused, _) => Check::new(
                ID,
                G,
                Status::Fail,
                "the tenant's own credential is refused by the connection test (`/authping`)",
            ),
            (Probe::Other(what), _) => Check::new(
                ID,
                G,
                Status::Fail,
                format!("the connection test failed: {what}"),
            ),
        });
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
        let wrong_caller = self
            .caller
            .with_authorization(&wrong(&good_credential, &self.tag));
        (self.progress)("conformance.credential.wrong");
        let refused = wrong_caller.authping().await;
        self.push(match &refused {
            Probe::Refused => Check::new(
                "conformance.credential.wrong",
                G,
                Status::Pass,
                "a wrong credential fails Okta's connection test with HTTP 401",
            ),
            Probe::Accepted => Check::new(
                "conformance.credential.wrong",
                G,
                Status::Fail,
                "a wrong credential passes Okta's connection test (`/authping`): Okta would enable \
                 provisioning with it",
            ),
            Probe::Other(what) => Check::new(
                "conformance.credential.wrong",
                G,
                Status::Fail,
                format!(
                    "a wrong credential must fail the connection test with HTTP 401, not {what}"
                ),
            ),
        });
        self.wrong_credential_writes_nothing(&wrong_caller).await;
        // C9341: the new credential is used at once; the old connection is not kept.
        (self.progress)("conformance.credential.rotated");
        let again = self.caller.authping().await;
        let ok = matches!(
            (&good, &refused, &again),
            (Probe::Accepted, Probe::Refused, Probe::Accepted)
        );
        self.push(Check::new(
            "conformance.credential.rotated",
            G,
            if ok { Status::Pass } else { Status::Fail },
            if ok {
                "each call uses the credential it carries: good, wrong, good again pass, fail, pass \
                 the connection test"
            } else {
                "a changed credential is not used at once: good, wrong, good again must pass, fail, \
                 pass the connection test"
            },
        ));
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
}

/// A credential of the same scheme that no vendor issued.
fn wrong(credential: &str, tag: &str) -> String {
    match credential.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} okta-actions-wrong-{tag}"),
        None => format!("okta-actions-wrong-{tag}"),
    }
}
