//! The recovery flow: trigger a password recovery through a Custom API Action.
//!
//! The seed calls `POST /api/v1/authn/recovery/password` `{username, factorType}`: that is the
//! Classic Engine *Authentication* API, the end user's own self-service call. It is not part of
//! the Management API, takes no OAuth scope, and is unavailable to Identity Engine orgs that do
//! not keep the Classic authn pipeline, so a service-app connection (OAuth 2.0 client
//! credentials, the Okta connector's auth) is the wrong channel for it.
//!
//! The flow therefore uses the admin-driven Management API calls, which a connection with
//! `okta.users.manage` may make on any org:
//! - [`RecoveryMethod::ResetPassword`] (the default): `POST /api/v1/users/{id}/lifecycle/reset_password?sendEmail=`.
//!   Works for ACTIVE, PROVISIONED, RECOVERY, LOCKED_OUT and PASSWORD_EXPIRED users; the user
//!   moves to RECOVERY and the current password stops working until the reset is done.
//! - [`RecoveryMethod::ForgotPassword`]: `POST /api/v1/users/{id}/credentials/forgot_password?sendEmail=`.
//!   The closest match to the Workflows flow's self-service email (the same forgot-password email); only
//!   for ACTIVE users with a password, and the status does not change.
//!
//! With `send_email = true` Okta emails the user (the Workflows flow's `factorType: EMAIL`); with `false`
//! it returns the one-time link for the help desk to deliver, held in a [`Secret`].

use okta_actions::client::HttpMethod;
use okta_actions::contracts::Secret;

use super::model::{OneTimeLinks, User, UserRef};
use super::{FlowError, RECOVER_PASSWORD, Step, segment};
use crate::connection::OktaConnection;

/// Which admin-driven recovery call to make (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecoveryMethod {
    /// `lifecycle/reset_password`: any user who can sign in; moves them to RECOVERY.
    #[default]
    ResetPassword,
    /// `credentials/forgot_password`: ACTIVE users with a password; status unchanged.
    ForgotPassword,
}

/// What a password recovery did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordRecovery {
    /// The user's id.
    pub user_id: String,
    /// The call made.
    pub method: RecoveryMethod,
    /// Okta emailed the link to the user.
    pub emailed: bool,
    /// The one-time reset link, when not emailed (`Debug` and `Display` hide it).
    pub reset_password_url: Option<Secret>,
}

/// Starts a password recovery for a user given by id or login (a login is first resolved with
/// `GET /api/v1/users/{login}`). The recovery POST has no body, so it is sent with
/// `Content-Length: 0`, and it is never repeated implicitly.
pub async fn recover_password(
    conn: &OktaConnection,
    user: UserRef<'_>,
    method: RecoveryMethod,
    send_email: bool,
) -> Result<PasswordRecovery, FlowError> {
    conn.authorize(&RECOVER_PASSWORD)?;
    let user_id = match user {
        UserRef::Id(id) => id.to_owned(),
        UserRef::Login(login) => {
            let step = Step::new(
                conn,
                &RECOVER_PASSWORD,
                HttpMethod::Get,
                format!("/api/v1/users/{}", segment(login)),
            );
            let found: User = step
                .request()
                .send_json()
                .await
                .map_err(|err| step.fail(err))?;
            found.id
        }
    };
    let path = match method {
        RecoveryMethod::ResetPassword => {
            format!(
                "/api/v1/users/{}/lifecycle/reset_password",
                segment(&user_id)
            )
        }
        RecoveryMethod::ForgotPassword => format!(
            "/api/v1/users/{}/credentials/forgot_password",
            segment(&user_id)
        ),
    };
    let step = Step::new(conn, &RECOVER_PASSWORD, HttpMethod::Post, path);
    let links: Option<OneTimeLinks> = step
        .request()
        .query("sendEmail", if send_email { "true" } else { "false" })
        .send_json()
        .await
        .map_err(|err| step.fail(err))?;
    let reset_password_url = links.and_then(|links| links.reset_password_url);
    if !send_email && reset_password_url.is_none() {
        return Err(step.unexpected("Okta returned no resetPasswordUrl although sendEmail=false"));
    }
    Ok(PasswordRecovery {
        user_id,
        method,
        emailed: send_email,
        reset_password_url,
    })
}
