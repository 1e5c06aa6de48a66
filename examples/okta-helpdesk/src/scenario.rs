//! The help-desk scenario: a Support user gets `HELP_DESK_ADMIN`, another user does not, a
//! password recovery, and the user and group flow's connector steps, against a local Okta org.

use std::io;

use okta_actions::client::{VendorConfig, VendorConnector};

use crate::connection::{OktaConnection, service_app_mapping, service_app_tenant};
use crate::demo_key::{PRIVATE_KEY_PEM, PUBLIC_KEY_PEM};
use crate::flows::{
    self, FlowError, GroupRef, ListUsers, NewUser, ProfileUpdate, RecoveryMethod,
    SupportRoleOutcome, UserRef, scopes,
};
use crate::okta_server::OktaServer;

/// The demo service app's client id.
pub const DEMO_CLIENT_ID: &str = "0oahelpdeskdemo0000";

/// How many users the demo org starts with (so listing streams several pages).
pub const SEEDED_USERS: usize = 250;

/// Starts a local Okta org (groups `Support` and `Everyone`, [`SEEDED_USERS`] users, the demo
/// service app granted every scope of [`scopes::ALL`]) and connects to it with client
/// credentials and `private_key_jwt`.
pub async fn demo_org() -> io::Result<(OktaServer, OktaConnection)> {
    let okta = OktaServer::builder()
        .service_app(DEMO_CLIENT_ID, PUBLIC_KEY_PEM, &scopes::ALL)
        .group("Support", "Help desk staff")
        .group("Everyone", "All users")
        .start()
        .await?;
    okta.seed_users(SEEDED_USERS, "seed.user");
    let mapping = service_app_mapping(okta.base_url(), &scopes::ALL).map_err(io::Error::other)?;
    let connector = VendorConnector::new(mapping, VendorConfig::default());
    let tenant = service_app_tenant(DEMO_CLIENT_ID, PRIVATE_KEY_PEM, "local");
    let conn = OktaConnection::connect(&connector, &tenant).map_err(io::Error::other)?;
    Ok((okta, conn))
}

/// What the scenario did, for callers that check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The Support user's id.
    pub support_user: String,
    /// The other user's id.
    pub other_user: String,
    /// How many users the final listing streamed.
    pub users_listed: u64,
}

/// Runs the scenario on `conn`, describing each step through `say`.
pub async fn run(conn: &OktaConnection, say: &mut dyn FnMut(String)) -> Result<Report, FlowError> {
    say(format!(
        "Connected as service app {DEMO_CLIENT_ID} (private_key_jwt) with scopes {}",
        conn.granted_scopes().unwrap_or_default().join(" ")
    ));

    say("— The role flow: a user created with role = Support becomes Help Desk Admin".into());
    let ada = flows::create_user(
        conn,
        &NewUser::new(
            "Ada",
            "Lovelace",
            "ada.support@example.com",
            "ada@example.com",
        )
        .role("Support"),
    )
    .await?;
    say(format!(
        "create_user: {} ({}) is {:?}, role = {}",
        ada.profile.login,
        ada.id,
        ada.status,
        ada.profile.role.as_deref().unwrap_or("-")
    ));
    describe(
        say,
        &flows::support_role_on_user_created(conn, &ada.id).await?,
    );
    let grace = flows::create_user(
        conn,
        &NewUser::new("Grace", "Hopper", "grace@example.com", "grace@example.com")
            .role("Engineering"),
    )
    .await?;
    say(format!(
        "create_user: {} ({}), role = Engineering",
        grace.profile.login, grace.id
    ));
    describe(
        say,
        &flows::support_role_on_user_created(conn, &grace.id).await?,
    );
    say("The user-created event is delivered again for Ada:".into());
    describe(
        say,
        &flows::support_role_on_user_created(conn, &ada.id).await?,
    );
    let roles = flows::list_admin_roles(conn, &ada.id).await?;
    let names: Vec<&str> = roles.iter().map(|role| role.role_type.as_str()).collect();
    say(format!(
        "list_admin_roles: Ada holds [{}]",
        names.join(", ")
    ));
    let roles = flows::list_admin_roles(conn, &grace.id).await?;
    say(format!(
        "list_admin_roles: Grace holds {} roles",
        roles.len()
    ));

    say("— The recovery flow: password recovery through a Custom API Action".into());
    let recovery = flows::recover_password(
        conn,
        UserRef::Login("grace@example.com"),
        RecoveryMethod::ResetPassword,
        false,
    )
    .await?;
    say(format!(
        "recover_password: reset_password for {} — one-time link returned to the help desk \
         ({}), not emailed",
        recovery.user_id,
        if recovery.reset_password_url.is_some() {
            "held as a secret"
        } else {
            "missing"
        }
    ));
    if let Some(user) = flows::lookup_user(conn, &grace.id).await? {
        say(format!("lookup_user: Grace is now {:?}", user.status));
    }

    say("— The user and group flow: the action-flow connector steps".into());
    let linus = flows::create_user(
        conn,
        &NewUser::new(
            "Linus",
            "Torvalds",
            "linus@example.com",
            "linus@example.com",
        )
        .staged(),
    )
    .await?;
    say(format!(
        "create_user: {} ({}) is {:?}",
        linus.profile.login, linus.id, linus.status
    ));
    let linus = flows::update_user_profile(
        conn,
        &linus.id,
        &ProfileUpdate::new()
            .set("department", "Kernel")
            .set("title", "Maintainer"),
    )
    .await?;
    say(format!(
        "update_user_profile: department = {}",
        linus.profile.other["department"]
    ));
    let activation = flows::activate_user(conn, &linus.id, false).await?;
    say(format!(
        "activate_user: success (activation link {})",
        if activation.activation_url.is_some() {
            "returned"
        } else {
            "emailed"
        }
    ));
    let support = flows::lookup_group(conn, GroupRef::Name("Support"))
        .await?
        .ok_or_else(|| missing("lookup_group", "the Support group"))?;
    say(format!("lookup_group: \"Support\" is {}", support.id));
    flows::add_user_to_group(conn, &support.id, &ada.id).await?;
    say("add_user_to_group: Ada added to Support (204)".into());
    match flows::lookup_user(conn, "ada.support@example.com").await? {
        Some(user) => say(format!(
            "lookup_user: ada.support@example.com is {} ({:?})",
            user.id, user.status
        )),
        None => return Err(missing("lookup_user", "ada.support@example.com")),
    }
    let nobody = flows::lookup_user(conn, "nobody@example.com").await?;
    say(format!(
        "lookup_user: nobody@example.com {}",
        if nobody.is_none() {
            "not found (E0000007)"
        } else {
            "found"
        }
    ));
    flows::remove_user_from_group(conn, &support.id, &ada.id).await?;
    say("remove_user_from_group: Ada removed from Support (204)".into());
    flows::deactivate_user(conn, &linus.id).await?;
    say("deactivate_user: Linus deactivated".into());
    let listed = flows::list_users(
        conn,
        &ListUsers {
            page_limit: 100,
            ..ListUsers::default()
        },
        0_usize,
        |support_staff, user| *support_staff += usize::from(user.is_support()),
    )
    .await?;
    say(format!(
        "list_users: streamed {} users over Link rel=\"next\" pages of 100 ({} Support)",
        listed.records_streamed, listed.state
    ));
    Ok(Report {
        support_user: ada.id,
        other_user: grace.id,
        users_listed: listed.records_streamed,
    })
}

fn describe(say: &mut dyn FnMut(String), outcome: &SupportRoleOutcome) {
    match outcome {
        SupportRoleOutcome::NotSupport { user } => say(format!(
            "support_role_on_user_created: {} is not Support — no role request sent",
            user.profile.login
        )),
        SupportRoleOutcome::Support { user, assignment } => say(format!(
            "support_role_on_user_created: {} — {assignment}",
            user.profile.login
        )),
    }
}

fn missing(flow: &'static str, what: &str) -> FlowError {
    FlowError::UnexpectedAnswer {
        flow,
        request: "lookup".to_owned(),
        reason: format!("{what} does not exist"),
    }
}
