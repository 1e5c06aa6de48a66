//! A minimal okta-actions integration to copy: Okta's Universal Logout for a vendor API that
//! ends a user's sessions with `POST /users/{id}/sessions/revoke`, reached at
//! `https://{app.subdomain}.vendor.example/api` with the tenant's API token as a bearer token.
//!
//! Grow it action by action: annotate a handler with the action it implements
//! (`#[provisioning_action(GetUserById)]`, …), list it in [`builder`], declare its capability,
//! and run `cargo run -- validate --static-only` to see which actions each OIN group still
//! requires.

use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType};
use okta_actions::contracts::{LogoutStatus, UniversalLogoutInput, UniversalLogoutOutput};
use okta_actions::{ActionContext, ActionError, IntegrationBuilder, universal_logout_action};

/// Ends every session of the user at the vendor. Okta names the user by the vendor's id
/// (`externalUserId`).
#[universal_logout_action]
pub async fn universal_logout(
    ctx: &ActionContext,
    input: UniversalLogoutInput,
) -> Result<UniversalLogoutOutput, ActionError> {
    let Some(id) = input.external_user_id.filter(|id| !id.trim().is_empty()) else {
        return Err(ActionError::generic(
            "the vendor identifies users by externalUserId; none was sent",
        )
        .with_http_status(400));
    };
    let _: serde_json::Value = ctx
        .vendor()?
        .post(&format!("/users/{id}/sessions/revoke"))
        .send_json()
        .await?;
    Ok(UniversalLogoutOutput {
        logout_status: LogoutStatus::Success,
    })
}

/// How a tenant's connection reaches the vendor: the tenant variable `subdomain` and the
/// tenant's API token, sent as `Authorization: Bearer …`.
pub fn auth_mapping() -> AuthMapping {
    AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url("https://{app.subdomain}.vendor.example/api")
        .credential(CredentialMapping::Bearer)
        .build()
        .expect("a well-formed auth mapping (checked by the tests)")
}

/// The integration as declared: what the command line and the tests take.
pub fn builder() -> IntegrationBuilder {
    okta_actions::integration! {
        name: "Starter",
        capabilities: [UniversalLogout],
        actions: [universal_logout],
    }
    .auth(auth_mapping())
    // Okta's connection test asks for something only a valid token may read.
    .authping("/me")
}
