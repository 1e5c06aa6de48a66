//! Proprietary Universal Logout: end every Acme session of a user.

use okta_actions::contracts::{LogoutStatus, UniversalLogoutInput, UniversalLogoutOutput};
use okta_actions::{ActionContext, ActionError, universal_logout_action};

use crate::acme::{AcmeLogout, AcmeUser};
use crate::mapping::segment;

/// Logs a user out of Acme (`POST /users/{id}/logout`): every session ends and every refresh
/// token is revoked. The user is named by `externalUserId` (the Acme id) or, failing that,
/// `externalUserName` (looked up with `GET /users/by-username/{username}`); Acme does not know
/// Okta's user ids.
#[universal_logout_action]
pub(crate) async fn universal_logout(
    ctx: &ActionContext,
    input: UniversalLogoutInput,
) -> Result<UniversalLogoutOutput, ActionError> {
    let vendor = ctx.vendor()?;
    let present = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    let id = match (
        present(input.external_user_id),
        present(input.external_user_name),
    ) {
        (Some(id), _) => id,
        (None, Some(username)) => {
            let user: AcmeUser = vendor
                .get(&format!("/users/by-username/{}", segment(&username)))
                .send_json()
                .await?;
            user.id
        }
        (None, None) => {
            return Err(ActionError::generic(
                "Acme identifies users by externalUserId or externalUserName; neither was sent",
            )
            .with_http_status(400));
        }
    };
    let logout: AcmeLogout = vendor
        .post(&format!("/users/{}/logout", segment(&id)))
        .send_json()
        .await?;
    tracing::info!(
        request_id = ctx.request_id(),
        sessions = logout.revoked_sessions,
        refresh_tokens = logout.revoked_refresh_tokens,
        "user logged out of Acme"
    );
    Ok(UniversalLogoutOutput {
        logout_status: LogoutStatus::Success,
    })
}
