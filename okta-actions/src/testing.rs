//! Unit tests of handlers against a vendor on loopback (feature `testing`).
//!
//! [`TestHarness`] starts a [`MockVendor`] — a real HTTP server on 127.0.0.1 ([`wiremock`]) —
//! and binds the integration to it for one tenant, exactly as the adapter binds a tenant's
//! connection: the auth mapping adds the credential, relative URLs resolve against the mock.
//! Mount what the vendor answers (with `.expect(n)` when a call must happen exactly `n` times;
//! expectations are verified when the harness drops), then run an action by name with a JSON
//! body as Okta sends it ([`TestHarness::invoke`], output checked against the contract) or a
//! handler with its typed input ([`TestHarness::call`]).
//!
//! Add the feature to the integration crate's dev-dependencies:
//! `okta-actions = { version = "0.1", features = ["testing"] }`.
//!
//! ```
//! use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType, TenantContext};
//! use okta_actions::contracts::{GetUserByIdInput, GetUserByIdOutput, ScimUser, Secret};
//! use okta_actions::testing::TestHarness;
//! use okta_actions::testing::wiremock::{Mock, ResponseTemplate, matchers};
//! use okta_actions::{ActionContext, ActionError, Integration, provisioning_action};
//! use serde_json::json;
//!
//! /// Reads a user from the vendor.
//! #[provisioning_action(GetUserById)]
//! async fn get_user(ctx: &ActionContext, input: GetUserByIdInput) -> Result<GetUserByIdOutput, ActionError> {
//!     let user: serde_json::Value = ctx.vendor()?.get(&format!("/users/{}", input.user_id)).send_json().await?;
//!     let mut scim = ScimUser::new(user["email"].as_str().unwrap_or_default());
//!     scim.id = Some(input.user_id);
//!     Ok(GetUserByIdOutput { user: scim })
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mapping = AuthMapping::builder()
//!     .auth_type(OinAuthType::Custom)
//!     .base_url("https://api.vendor.example")
//!     .credential(CredentialMapping::Bearer)
//!     .build()
//!     .unwrap();
//! let builder = Integration::builder("Vendor").action(get_user).auth(mapping);
//! let tenant = TenantContext::new([], Some(Secret::new("Bearer test-token")));
//! let harness = TestHarness::start(builder, tenant).await;
//!
//! Mock::given(matchers::method("GET"))
//!     .and(matchers::path("/users/u-1"))
//!     .and(matchers::header("authorization", "Bearer test-token"))
//!     .respond_with(ResponseTemplate::new(200).set_body_json(json!({"email": "ada@vendor.example"})))
//!     .expect(1)
//!     .mount(harness.vendor())
//!     .await;
//!
//! let out = harness.invoke("GetUserById", json!({"userId": "u-1"})).await;
//! assert_eq!(out.body["user"]["userName"], "ada@vendor.example");
//!
//! let typed = harness.call(get_user, GetUserByIdInput { user_id: "u-2".into() }).await;
//! assert!(typed.is_err(), "the mock answers 404 for anything not mounted");
//! # }
//! ```

use okta_actions_contracts::{Contract, Direction, validators};
use serde_json::Value;

use crate::auth::TenantContext;
use crate::handler::{ActionHandler, Invocation};
use crate::{ActionContext, ActionError, Integration, IntegrationBuilder};

pub use wiremock;

/// The vendor of a unit test: a [`wiremock::MockServer`] on 127.0.0.1.
pub type MockVendor = wiremock::MockServer;

/// An integration bound to a [`MockVendor`] for one tenant.
#[derive(Debug)]
pub struct TestHarness {
    integration: Integration,
    tenant: TenantContext,
    vendor: MockVendor,
}

impl TestHarness {
    /// Starts a mock vendor and binds the integration `builder` declares to it for `tenant`
    /// (its variables and credential, as Okta's thin flow sends them).
    ///
    /// The OIN required-flow rules are not enforced here: a unit test may register only the
    /// handler under test (`validate` enforces them on the whole integration).
    pub async fn start(builder: IntegrationBuilder, tenant: TenantContext) -> Self {
        let vendor = MockVendor::start().await;
        let (integration, _) = builder.build_with_violations();
        TestHarness {
            integration: integration.with_vendor_base_url(vendor.uri()),
            tenant,
            vendor,
        }
    }

    /// The mock vendor, to mount responses on.
    pub fn vendor(&self) -> &MockVendor {
        &self.vendor
    }

    /// The integration, calling the mock vendor.
    pub fn integration(&self) -> &Integration {
        &self.integration
    }

    /// The context of one call for the tenant: what a handler's own function takes, e.g.
    /// `get_user::handler(&harness.context()?, input)`.
    ///
    /// # Errors
    /// The auth mapping's verdict on the tenant (a missing variable or credential).
    pub fn context(&self) -> Result<ActionContext, ActionError> {
        self.integration.context("test-request", &self.tenant)
    }

    /// Runs the registered action `action` on `input` as the adapter does and returns its wire
    /// output, `executionStatus` included.
    ///
    /// # Panics
    /// When no handler is registered for `action`, or the output breaks the action's contract
    /// (the message lists each JSON path at fault): both are bugs in the code under test.
    pub async fn invoke(&self, action: &str, input: Value) -> Invocation {
        let Some(registered) = self.integration.action(action) else {
            let known: Vec<&str> = self
                .integration
                .actions()
                .iter()
                .map(|a| a.meta().action)
                .collect();
            panic!("no handler is registered for `{action}`; registered: {known:?}");
        };
        let invocation = match self.context() {
            Ok(ctx) => registered.invoke(ctx, input).await,
            Err(error) => panic!("the tenant cannot be connected: {error}"),
        };
        if let Err(violations) = validators().validate(action, Direction::Output, &invocation.body)
        {
            let lines: Vec<String> = violations
                .iter()
                .map(|v| format!("at `{}`: {}", v.path, v.message))
                .collect();
            panic!(
                "{action}'s output breaks the contract:\n{}\n{}",
                lines.join("\n"),
                invocation.body
            );
        }
        invocation
    }

    /// Runs `handler` on its typed input with the tenant's context.
    ///
    /// # Errors
    /// The handler's error, or the auth mapping's verdict on the tenant.
    pub async fn call<H: ActionHandler>(
        &self,
        handler: H,
        input: <H::Contract as Contract>::Input,
    ) -> Result<<H::Contract as Contract>::Output, ActionError> {
        let ctx = self.context()?;
        handler.call(&ctx, input).await
    }
}
