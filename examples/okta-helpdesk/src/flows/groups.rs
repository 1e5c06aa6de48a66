//! The user and group flow's group steps: add to group, remove from group, look up a group by id or name.

use okta_actions::client::HttpMethod;

use super::model::{Group, GroupRef};
use super::users::get_optional;
use super::{ADD_USER_TO_GROUP, FlowError, LOOKUP_GROUP, REMOVE_USER_FROM_GROUP, Step, segment};
use crate::connection::OktaConnection;

/// Adds a user to a group: `PUT /api/v1/groups/{gid}/users/{uid}` → 204 (no body, so
/// `Content-Length: 0`). Idempotent: a member stays a member, and the PUT may be retried.
pub async fn add_user_to_group(
    conn: &OktaConnection,
    group_id: &str,
    user_id: &str,
) -> Result<(), FlowError> {
    conn.authorize(&ADD_USER_TO_GROUP)?;
    membership(conn, &ADD_USER_TO_GROUP, HttpMethod::Put, group_id, user_id).await
}

/// Removes a user from a group: `DELETE /api/v1/groups/{gid}/users/{uid}` → 204.
pub async fn remove_user_from_group(
    conn: &OktaConnection,
    group_id: &str,
    user_id: &str,
) -> Result<(), FlowError> {
    conn.authorize(&REMOVE_USER_FROM_GROUP)?;
    membership(
        conn,
        &REMOVE_USER_FROM_GROUP,
        HttpMethod::Delete,
        group_id,
        user_id,
    )
    .await
}

async fn membership(
    conn: &OktaConnection,
    flow: &'static super::Flow,
    method: HttpMethod,
    group_id: &str,
    user_id: &str,
) -> Result<(), FlowError> {
    let step = Step::new(
        conn,
        flow,
        method,
        format!(
            "/api/v1/groups/{}/users/{}",
            segment(group_id),
            segment(user_id)
        ),
    );
    step.request()
        .send()
        .await
        .and_then(|response| response.error_for_status())
        .map(|_| ())
        .map_err(|err| step.fail(err))
}

/// Looks a group up by id (`GET /api/v1/groups/{gid}`) or by name
/// (`GET /api/v1/groups?search=profile.name eq "…"`, an exact match preferred over a
/// case-insensitive one). `None` when there is no such group.
pub async fn lookup_group(
    conn: &OktaConnection,
    group: GroupRef<'_>,
) -> Result<Option<Group>, FlowError> {
    conn.authorize(&LOOKUP_GROUP)?;
    match group {
        GroupRef::Id(id) => {
            let step = Step::new(
                conn,
                &LOOKUP_GROUP,
                HttpMethod::Get,
                format!("/api/v1/groups/{}", segment(id)),
            );
            get_optional(&step).await
        }
        GroupRef::Name(name) => {
            let step = Step::new(
                conn,
                &LOOKUP_GROUP,
                HttpMethod::Get,
                "/api/v1/groups".to_owned(),
            );
            let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
            let groups: Vec<Group> = step
                .request()
                .query("search", &format!("profile.name eq \"{escaped}\""))
                .send_json()
                .await
                .map_err(|err| step.fail(err))?;
            let exact = groups.iter().position(|group| group.profile.name == name);
            Ok(match exact {
                Some(at) => groups.into_iter().nth(at),
                None => groups
                    .into_iter()
                    .find(|group| group.profile.name.eq_ignore_ascii_case(name)),
            })
        }
    }
}
