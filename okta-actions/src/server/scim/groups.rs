//! `/Groups`: reads, filters, creates, replaces, patches and deletes, each mapped onto the
//! registered group actions; `members` travel through the member actions.
//!
//! | SCIM | actions |
//! |---|---|
//! | `GET /Groups/{id}` | GetGroupById, ListGroupMembers (unless `members` is not returned) |
//! | `GET /Groups` | ListGroups, paged; members per group as above |
//! | `GET /Groups?filter=displayName eq "…"` | ListGroupsByDisplayName, exact case-insensitive matches kept |
//! | `GET /Groups?filter=…` (any other) | GetGroupById for an `id eq`, else ListGroups; ListGroupMembers when the filter looks at `members` |
//! | `POST /Groups` | CreateGroup, then AddGroupMembers |
//! | `PUT /Groups/{id}` | GetGroupById, UpdateGroup when changed, members diffed with ListGroupMembers |
//! | `PATCH /Groups/{id}` | GetGroupById, UpdateGroup when changed, RemoveGroupMembers, AddGroupMembers |
//! | `DELETE /Groups/{id}` | RemoveGroup |
//!
//! A `PATCH` answers `200` with the whole group, `members` included unless `excludedAttributes`
//! leaves them out, when the members fit in one contract page
//! ([`ScimConfig::page_size`](super::ScimConfig::page_size)); a larger group answers `204`
//! (RFC 7644 §3.5.2 allows both; Okta accepts both), so that a membership change does not read
//! a large member list.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use okta_actions_contracts::action::{
    AddGroupMembers, CreateGroup, GetGroupById, ListGroupMembers, ListGroups,
    ListGroupsByDisplayName, RemoveGroup, RemoveGroupMembers, UpdateGroup,
};
use okta_actions_contracts::{
    AddGroupMembersInput, CreateGroupInput, GetGroupByIdInput, GroupMember, ListGroupMembersInput,
    ListGroupsByDisplayNameInput, ListGroupsInput, RemoveGroupInput, RemoveGroupMembersInput,
    SCIM_GROUP_SCHEMA, ScimGroup, UpdateGroupInput,
};
use serde_json::{Map, Value};

use super::context::{Scim, to_json};
use super::error::ScimError;
use super::filter::Filter;
use super::http::{json_object, no_content, scim_json};
use super::paging::{self, ListKind};
use super::patch::{self, OpKind, Operation};
use super::path::{AttrPath, key_of};
use super::projection::Projection;
use super::resource::{group_from_body, group_resource, list_response, members_from, project};

const WHAT: &str = "the group";

/// `GET /Groups`: the list, or the groups a filter selects.
pub(crate) async fn list(scim: Scim) -> Result<Response, ScimError> {
    let config = &scim.state.config;
    let offset = scim.params.offset()?;
    let count = scim.params.count(config.default_count, config.max_count)?;
    let (groups, total) = match &scim.params.filter {
        Some(filter) => {
            let matches = filtered(&scim, filter).await?;
            let total = matches.len();
            (
                matches.into_iter().skip(offset).take(count).collect(),
                total,
            )
        }
        None => {
            let page = paging::page::<ListGroups>(
                &scim,
                Some(ListKind::Groups),
                offset,
                count,
                "the group list",
                |pagination| ListGroupsInput {
                    pagination: Some(pagination),
                },
            )
            .await?;
            (page.items, page.total)
        }
    };
    let mut resources = Vec::with_capacity(groups.len());
    for group in &groups {
        let members = match group.id.as_deref() {
            Some(id) => members_if_returned(&scim, id, &scim.params.projection).await?,
            None => None,
        };
        let resource = group_resource(&scim, group, members.as_deref(), None)?;
        resources.push(project(
            &scim.params.projection,
            resource,
            SCIM_GROUP_SCHEMA,
        ));
    }
    Ok(scim_json(
        StatusCode::OK,
        &list_response(resources, total, offset),
    ))
}

/// The groups a filter selects: the filter is evaluated on candidates, narrowed by a lookup
/// action when an `eq` that must hold allows it (`id eq "…"`: GetGroupById;
/// `displayName eq "…"`: ListGroupsByDisplayName), else every group of the list. Members are
/// read (ListGroupMembers) only for a filter that looks at them, such as the membership check
/// `id eq "…" and members.value eq "…"`. A malformed filter is `400 invalidFilter`.
async fn filtered(scim: &Scim, text: &str) -> Result<Vec<ScimGroup>, ScimError> {
    let filter = Filter::parse(text).map_err(ScimError::invalid_filter)?;
    let candidates: Vec<ScimGroup> = if let Some(id) = filter.required_eq("id", SCIM_GROUP_SCHEMA) {
        match scim
            .call::<GetGroupById>(
                GetGroupByIdInput {
                    group_id: id.to_owned(),
                },
                WHAT,
            )
            .await
        {
            Ok(out) => vec![out.group],
            Err(error) if error.status() == StatusCode::NOT_FOUND => Vec::new(),
            Err(error) => return Err(error),
        }
    } else if let Some(name) = filter.required_eq("displayName", SCIM_GROUP_SCHEMA) {
        paging::all::<ListGroupsByDisplayName>(
            scim,
            usize::MAX - 1,
            "the group list",
            |pagination| ListGroupsByDisplayNameInput {
                display_name: name.to_owned(),
                pagination: Some(pagination),
            },
        )
        .await?
    } else {
        paging::all::<ListGroups>(scim, usize::MAX - 1, "the group list", |pagination| {
            ListGroupsInput {
                pagination: Some(pagination),
            }
        })
        .await?
    };
    let with_members =
        filter.mentions("members", SCIM_GROUP_SCHEMA) && scim.implements("ListGroupMembers");
    let mut matches = Vec::new();
    for group in candidates {
        let members = match (&group.id, with_members) {
            (Some(id), true) => Some(members(scim, id).await?),
            _ => None,
        };
        let resource = group_resource(scim, &group, members.as_deref(), None)?;
        if filter.matches(&Value::Object(resource)) {
            matches.push(group);
        }
    }
    Ok(matches)
}

/// The members of a group when the read returns them and the integration can list them.
async fn members_if_returned(
    scim: &Scim,
    group_id: &str,
    projection: &Projection,
) -> Result<Option<Vec<GroupMember>>, ScimError> {
    if !projection.returns("members", SCIM_GROUP_SCHEMA) || !scim.implements("ListGroupMembers") {
        return Ok(None);
    }
    members(scim, group_id).await.map(Some)
}

async fn members(scim: &Scim, group_id: &str) -> Result<Vec<GroupMember>, ScimError> {
    paging::all::<ListGroupMembers>(
        scim,
        scim.state.config.max_members,
        "the group's member list",
        |pagination| ListGroupMembersInput {
            group_id: group_id.to_owned(),
            pagination: Some(pagination),
        },
    )
    .await
}

async fn current(scim: &Scim) -> Result<ScimGroup, ScimError> {
    Ok(scim
        .call::<GetGroupById>(
            GetGroupByIdInput {
                group_id: scim.id.clone(),
            },
            WHAT,
        )
        .await?
        .group)
}

/// `GET /Groups/{id}`.
pub(crate) async fn get(scim: Scim) -> Result<Response, ScimError> {
    let group = current(&scim).await?;
    let members = members_if_returned(&scim, &scim.id, &scim.params.projection).await?;
    respond(&scim, StatusCode::OK, &group, members.as_deref())
}

fn respond(
    scim: &Scim,
    status: StatusCode,
    group: &ScimGroup,
    members: Option<&[GroupMember]>,
) -> Result<Response, ScimError> {
    let fallback = Some(scim.id.as_str()).filter(|id| !id.is_empty());
    let resource = group_resource(scim, group, members, fallback)?;
    let location = resource
        .get("meta")
        .and_then(|m| m.get("location"))
        .and_then(Value::as_str)
        .and_then(|l| HeaderValue::from_str(l).ok());
    let mut response = scim_json(
        status,
        &project(&scim.params.projection, resource, SCIM_GROUP_SCHEMA),
    );
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `POST /Groups`: CreateGroup, then AddGroupMembers for the `members` sent.
pub(crate) async fn create(
    scim: Scim,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ScimError> {
    let body = json_object(&headers, body)?;
    let (mut group, members) = group_from_body(body)?;
    group.id = None;
    let created = scim
        .call::<CreateGroup>(CreateGroupInput { group }, WHAT)
        .await?
        .group;
    let members = members.unwrap_or_default();
    if !members.is_empty() {
        let Some(id) = created.id.clone() else {
            tracing::error!(request_id = %scim.request_id, "CreateGroup returned a group without `id`");
            return Err(ScimError::internal(&scim.request_id));
        };
        scim.call::<AddGroupMembers>(
            AddGroupMembersInput {
                group_id: id,
                group_members: members.clone(),
            },
            WHAT,
        )
        .await?;
    }
    respond(&scim, StatusCode::CREATED, &created, Some(&members))
}

/// `PUT /Groups/{id}`: the body replaces the group; `members`, when sent, replaces the
/// membership (the difference is added and removed).
pub(crate) async fn replace(
    scim: Scim,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ScimError> {
    let body = json_object(&headers, body)?;
    let (desired, members) = group_from_body(body)?;
    let current = current(&scim).await?;
    let mut plan = MemberPlan::default();
    if let Some(members) = &members {
        plan.replace(&scim, members.clone()).await?;
    }
    let group = write(&scim, current, desired, plan).await?;
    let members = match members {
        Some(members) => Some(members),
        None => members_if_returned(&scim, &scim.id, &scim.params.projection).await?,
    };
    respond(&scim, StatusCode::OK, &group, members.as_deref())
}

/// `PATCH /Groups/{id}`: `members` operations (`add`, `remove` by path filter or value list,
/// `replace`) become member actions; the others are applied to the group and written with
/// UpdateGroup when they change it.
pub(crate) async fn patch(
    scim: Scim,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ScimError> {
    let body = json_object(&headers, body)?;
    let operations = patch::parse_request(&body)?;
    let current = current(&scim).await?;
    let mut resource = match to_json(&current) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let mut plan = MemberPlan::default();
    for operation in operations {
        let rest = plan.take(&scim, operation, &resource).await?;
        if let Some(operation) = rest {
            patch::apply(&mut resource, &operation, SCIM_GROUP_SCHEMA)?;
        }
    }
    let (desired, _) = group_from_body(resource)?;
    let group = write(&scim, current, desired, plan).await?;
    if !scim.params.projection.returns("members", SCIM_GROUP_SCHEMA)
        || !scim.implements("ListGroupMembers")
    {
        return respond(&scim, StatusCode::OK, &group, None);
    }
    // The write succeeded. The whole group is answered when its members fit in one contract
    // page; a larger (or unreadable) member list is not read after every change: `204`,
    // which RFC 7644 §3.5.2 allows and Okta accepts.
    let few = paging::all::<ListGroupMembers>(
        &scim,
        scim.state.config.page_size,
        "the group's member list",
        |pagination| ListGroupMembersInput {
            group_id: scim.id.clone(),
            pagination: Some(pagination),
        },
    )
    .await;
    match few {
        Ok(members) => respond(&scim, StatusCode::OK, &group, Some(&members)),
        Err(error) => {
            tracing::debug!(request_id = %scim.request_id, status = %error.status(), "the patched group is answered without a body");
            Ok(no_content())
        }
    }
}

/// `DELETE /Groups/{id}`: RemoveGroup, `204`.
pub(crate) async fn delete(scim: Scim) -> Result<Response, ScimError> {
    scim.call::<RemoveGroup>(
        RemoveGroupInput {
            group_id: scim.id.clone(),
        },
        WHAT,
    )
    .await?;
    Ok(no_content())
}

/// Writes the group when it changed, then the membership plan.
async fn write(
    scim: &Scim,
    current: ScimGroup,
    mut desired: ScimGroup,
    plan: MemberPlan,
) -> Result<ScimGroup, ScimError> {
    desired.id = Some(scim.id.clone());
    let mut group = current.clone();
    if comparable(&current) != comparable(&desired) {
        group = scim
            .call::<UpdateGroup>(UpdateGroupInput { group: desired }, WHAT)
            .await?
            .group;
    }
    if !plan.remove.is_empty() {
        scim.call::<RemoveGroupMembers>(
            RemoveGroupMembersInput {
                group_id: scim.id.clone(),
                group_members: plan.remove,
            },
            WHAT,
        )
        .await?;
    }
    if !plan.add.is_empty() {
        scim.call::<AddGroupMembers>(
            AddGroupMembersInput {
                group_id: scim.id.clone(),
                group_members: plan.add,
            },
            WHAT,
        )
        .await?;
    }
    Ok(group)
}

fn comparable(group: &ScimGroup) -> Value {
    let mut value = to_json(group);
    if let Value::Object(map) = &mut value {
        map.remove("schemas");
        map.remove("id");
    }
    value
}

/// The membership changes of one request, in order: later operations override earlier ones.
#[derive(Debug, Default)]
struct MemberPlan {
    add: Vec<GroupMember>,
    remove: Vec<GroupMember>,
}

impl MemberPlan {
    fn add(&mut self, members: Vec<GroupMember>) {
        for member in members {
            self.remove.retain(|m| m.value != member.value);
            if !self.add.iter().any(|m| m.value == member.value) {
                self.add.push(member);
            }
        }
    }

    fn remove(&mut self, members: Vec<GroupMember>) {
        for member in members {
            self.add.retain(|m| m.value != member.value);
            if !self.remove.iter().any(|m| m.value == member.value) {
                self.remove.push(member);
            }
        }
    }

    /// Makes the membership exactly `members`: what the group has and `members` lacks is
    /// removed, what `members` adds is added.
    async fn replace(&mut self, scim: &Scim, members: Vec<GroupMember>) -> Result<(), ScimError> {
        let existing = if scim.implements("ListGroupMembers") {
            self::members(scim, &scim.id).await?
        } else {
            Vec::new()
        };
        self.add.clear();
        self.remove.clear();
        let (keep, gone): (Vec<_>, Vec<_>) = existing
            .into_iter()
            .partition(|e| members.iter().any(|m| m.value == e.value));
        self.remove(gone);
        self.add(
            members
                .into_iter()
                .filter(|m| !keep.iter().any(|k| k.value == m.value))
                .collect(),
        );
        Ok(())
    }

    /// Takes the `members` part of an operation into the plan; returns what remains for the
    /// group itself.
    async fn take(
        &mut self,
        scim: &Scim,
        operation: Operation,
        group: &Map<String, Value>,
    ) -> Result<Option<Operation>, ScimError> {
        let Some(raw) = &operation.path else {
            // Value-object form: `{"op":"add","value":{"members":[…], "displayName":…}}`.
            let Some(Value::Object(mut values)) = operation.value else {
                return Ok(Some(operation));
            };
            if let Some(key) = key_of(&values, "members") {
                let members = members_from(values.remove(&key).unwrap_or(Value::Null))?;
                match operation.op {
                    OpKind::Add => self.add(members),
                    OpKind::Replace => self.replace(scim, members).await?,
                    OpKind::Remove => self.remove(members),
                }
            }
            return Ok((!values.is_empty()).then_some(Operation {
                op: operation.op,
                path: None,
                value: Some(Value::Object(values)),
            }));
        };
        let path = AttrPath::parse(raw, SCIM_GROUP_SCHEMA, group)
            .map_err(|e| ScimError::invalid_path(format!("`{raw}`: {e}")))?;
        let is_members = path.extension.is_none()
            && path
                .attribute
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case("members"));
        if !is_members {
            return Ok(Some(operation));
        }
        if path.sub.is_some() {
            return Err(ScimError::invalid_path(format!(
                "`{raw}`: member sub-attributes cannot be changed"
            )));
        }
        let value = operation.value.unwrap_or(Value::Null);
        match (operation.op, path.filter) {
            (OpKind::Add, None) => self.add(members_from(value)?),
            (OpKind::Replace, None) => self.replace(scim, members_from(value)?).await?,
            (OpKind::Remove, None) if value.is_null() => self.replace(scim, Vec::new()).await?,
            (OpKind::Remove, None) => self.remove(members_from(value)?),
            (OpKind::Remove, Some(filter)) => {
                let ids: Vec<String> = filter
                    .equalities()
                    .into_iter()
                    .filter(|(name, _)| name.eq_ignore_ascii_case("value"))
                    .filter_map(|(_, v)| v.as_str().map(str::to_owned))
                    .collect();
                let matched = if ids.is_empty() {
                    members(scim, &scim.id)
                        .await?
                        .into_iter()
                        .filter(|m| filter.matches(&to_json(m)))
                        .collect()
                } else {
                    ids.into_iter()
                        .map(|value| GroupMember {
                            value,
                            display: None,
                        })
                        .collect()
                };
                self.remove(matched);
            }
            (_, Some(_)) => {
                return Err(ScimError::invalid_path(format!(
                    "`{raw}`: only `remove` takes a members filter"
                )));
            }
        }
        Ok(None)
    }
}
