//! Pure mappings between Okta's contract types and the Acme API: users, teams, members,
//! schema properties, grants, page sizes, cursors and URL path segments. No I/O here.

use okta_actions::contracts::{
    ENTERPRISE_USER_SCHEMA, EnterpriseManager, EnterpriseUserExtension, GroupMember,
    PaginationRequest, PropertyType, SCIM_USER_SCHEMA, SchemaProperty, SchemaPropertyValue,
    ScimGroup, ScimMultiValuedAttribute, ScimName, ScimUser,
};
use serde_json::{Map, Value, json};

use crate::acme::{AcmeCustomField, AcmeGrant, AcmeMember, AcmeTeam, AcmeUser, MAX_PAGE_SIZE};

/// The SCIM `type` of a role in `ScimUser.roles`, and the entitlement type name of roles.
pub(crate) const ROLE_TYPE: &str = "Role";
/// The SCIM `type` of a licence in `ScimUser.entitlements`, and the entitlement type name of
/// licences.
pub(crate) const LICENSE_TYPE: &str = "License";
/// The entitlement schema property of roles.
pub(crate) const ROLES_PROPERTY: &str = "roles";
/// The entitlement schema property of licences.
pub(crate) const LICENSES_PROPERTY: &str = "licenses";

/// Okta asks for at most 200 items per page and names none on the first call of some flows.
const OKTA_DEFAULT_LIMIT: i64 = 200;

// ----- users -----

/// An Acme user as a SCIM user: core attributes, the enterprise extension (department,
/// employee number, manager), roles, licences as entitlements, custom fields as extra
/// attributes under their Acme keys, and `meta.created` / `meta.lastModified` from Acme's
/// timestamps.
pub fn user_to_scim(user: AcmeUser) -> ScimUser {
    let mut extra = user.custom_fields;
    if let Some(created) = user.created_at {
        let modified = user.updated_at.unwrap_or_else(|| created.clone());
        extra.insert(
            META.into(),
            json!({"created": created, "lastModified": modified}),
        );
    }
    let display = format!("{} {}", user.first_name, user.last_name);
    let enterprise =
        (user.department.is_some() || user.employee_number.is_some() || user.manager_id.is_some())
            .then(|| EnterpriseUserExtension {
                department: user.department,
                employee_number: user.employee_number,
                manager: user.manager_id.map(|id| EnterpriseManager {
                    value: Some(id),
                    ..EnterpriseManager::default()
                }),
                ..EnterpriseUserExtension::default()
            });
    let mut schemas = vec![SCIM_USER_SCHEMA.to_owned()];
    if enterprise.is_some() {
        schemas.push(ENTERPRISE_USER_SCHEMA.to_owned());
    }
    let work = |value: String| ScimMultiValuedAttribute {
        value: Some(value),
        kind: Some("work".into()),
        primary: Some(true),
        display: None,
    };
    let grants = |grants: Vec<crate::acme::AcmeGrantRef>, kind: &str| {
        grants
            .into_iter()
            .map(|g| ScimMultiValuedAttribute {
                value: Some(g.id),
                display: (!g.name.is_empty()).then_some(g.name),
                kind: Some(kind.to_owned()),
                primary: None,
            })
            .collect()
    };
    ScimUser {
        schemas,
        id: Some(user.id),
        user_name: user.username,
        // No `name.formatted`: Acme stores none (it is `displayName`), and a SCIM client
        // setting the name reads back exactly what it set.
        name: Some(ScimName {
            given_name: Some(user.first_name),
            family_name: Some(user.last_name),
            ..ScimName::default()
        }),
        display_name: Some(display),
        title: user.job_title,
        preferred_language: user.locale.clone(),
        locale: user.locale,
        timezone: user.timezone,
        active: Some(user.is_enabled),
        emails: Some(vec![work(user.email_address)]),
        phone_numbers: user.phone_number.map(|p| vec![work(p)]),
        roles: Some(grants(user.roles, ROLE_TYPE)),
        entitlements: Some(grants(user.licenses, LICENSE_TYPE)),
        enterprise,
        extra,
        ..ScimUser::default()
    }
}

/// The SCIM resource metadata key: read-only, never an Acme custom field.
const META: &str = "meta";

/// The custom fields a SCIM user carries: its extra attributes but `meta`.
fn custom_fields(user: &ScimUser) -> Map<String, Value> {
    let mut custom = user.extra.clone();
    custom.remove(META);
    custom
}

/// The primary value of a multi-valued attribute, else its first.
fn primary(values: Option<&Vec<ScimMultiValuedAttribute>>) -> Option<String> {
    let values = values?;
    values
        .iter()
        .find(|v| v.primary == Some(true))
        .or_else(|| values.first())
        .and_then(|v| v.value.clone())
}

/// Given and family name: `name.givenName`/`familyName`, else split from `displayName`.
fn names(user: &ScimUser) -> (Option<String>, Option<String>) {
    let name = user.name.as_ref();
    let given = name.and_then(|n| n.given_name.clone());
    let family = name.and_then(|n| n.family_name.clone());
    let display = user.display_name.as_deref().unwrap_or_default().trim();
    let (display_given, display_family) = match display.split_once(' ') {
        Some((g, f)) => (Some(g.to_owned()), Some(f.trim().to_owned())),
        None if !display.is_empty() => (Some(display.to_owned()), None),
        None => (None, None),
    };
    (given.or(display_given), family.or(display_family))
}

/// The email address: the primary email, else the first, else a userName that is one.
fn email(user: &ScimUser) -> Option<String> {
    primary(user.emails.as_ref())
        .or_else(|| user.user_name.contains('@').then(|| user.user_name.clone()))
}

/// Ids of the user's multi-valued grants of one SCIM type (values without a type count too).
fn grant_ids(values: Option<&Vec<ScimMultiValuedAttribute>>, kind: &str) -> Option<Vec<String>> {
    values.map(|values| {
        values
            .iter()
            .filter(|v| {
                v.kind
                    .as_deref()
                    .is_none_or(|k| k.eq_ignore_ascii_case(kind))
            })
            .filter_map(|v| v.value.clone())
            .collect()
    })
}

/// The fields every write sends, with `null` for what the SCIM user does not have (a full
/// replace): names, email, title, phone, locale, time zone and the enterprise attributes.
fn profile_fields(user: &ScimUser, body: &mut Map<String, Value>) {
    let (given, family) = names(user);
    body.insert("username".into(), json!(user.user_name));
    if let Some(given) = given {
        body.insert("first_name".into(), json!(given));
    }
    if let Some(family) = family {
        body.insert("last_name".into(), json!(family));
    }
    if let Some(email) = email(user) {
        body.insert("email_address".into(), json!(email));
    }
    let enterprise = user.enterprise.as_ref();
    let nullable = [
        ("job_title", user.title.clone()),
        ("phone_number", primary(user.phone_numbers.as_ref())),
        (
            "locale",
            user.locale
                .clone()
                .or_else(|| user.preferred_language.clone()),
        ),
        ("timezone", user.timezone.clone()),
        ("department", enterprise.and_then(|e| e.department.clone())),
        (
            "employee_number",
            enterprise.and_then(|e| e.employee_number.clone()),
        ),
        (
            "manager_id",
            enterprise
                .and_then(|e| e.manager.as_ref())
                .and_then(|m| m.value.clone()),
        ),
    ];
    for (key, value) in nullable {
        body.insert(key.into(), json!(value));
    }
    if let Some(roles) = grant_ids(user.roles.as_ref(), ROLE_TYPE) {
        body.insert("roles".into(), json!(roles));
    }
    if let Some(licenses) = grant_ids(user.entitlements.as_ref(), LICENSE_TYPE) {
        body.insert("licenses".into(), json!(licenses));
    }
}

/// The body of `POST /users` for a SCIM user. Unknown SCIM attributes (Okta's custom
/// attributes) go to `custom_fields` under their own names; the Acme API rejects keys its
/// tenant does not define, naming them.
pub(crate) fn create_body(user: &ScimUser) -> Value {
    let mut body = Map::new();
    profile_fields(user, &mut body);
    body.retain(|_, value| !value.is_null());
    if let Some(active) = user.active {
        body.insert("is_enabled".into(), json!(active));
    }
    let custom = custom_fields(user);
    if !custom.is_empty() {
        body.insert("custom_fields".into(), Value::Object(custom));
    }
    if let Some(password) = &user.password {
        body.insert("password".into(), json!(password.expose()));
    }
    Value::Object(body)
}

/// The body of `PATCH /users/{id}` that makes `current` equal to `desired` (Okta's update is a
/// full replace): absent attributes are cleared with `null`, and so are custom fields the
/// desired user no longer has. Roles and licences change only when the SCIM user carries them;
/// `active` and the password have their own calls.
pub(crate) fn update_patch(current: &AcmeUser, desired: &ScimUser) -> Value {
    let mut body = Map::new();
    profile_fields(desired, &mut body);
    let mut custom = custom_fields(desired);
    for key in current.custom_fields.keys() {
        custom.entry(key.clone()).or_insert(Value::Null);
    }
    if !custom.is_empty() {
        body.insert("custom_fields".into(), Value::Object(custom));
    }
    Value::Object(body)
}

// ----- groups -----

/// An Acme team as a SCIM group.
pub(crate) fn team_to_scim(team: AcmeTeam) -> ScimGroup {
    ScimGroup {
        id: Some(team.id),
        description: team.description,
        ..ScimGroup::new(team.name)
    }
}

/// The body of `POST /teams` and `PATCH /teams/{id}` (a full replace: no description clears it).
pub(crate) fn team_body(group: &ScimGroup) -> Value {
    json!({"name": group.display_name, "description": group.description})
}

/// A team member as a group member.
pub(crate) fn member_to_scim(member: AcmeMember) -> GroupMember {
    let display = format!("{} {}", member.first_name, member.last_name);
    GroupMember {
        value: member.user_id,
        display: (!display.trim().is_empty()).then(|| display.trim().to_owned()),
    }
}

// ----- schema discovery -----

fn property(
    name: &str,
    title: &str,
    external: (&str, &str),
    kind: PropertyType,
    required: bool,
    description: &str,
) -> SchemaProperty {
    SchemaProperty {
        name: Some(name.into()),
        title: Some(title.into()),
        external_name: Some(external.0.into()),
        external_namespace: Some(external.1.into()),
        description: Some(description.into()),
        required: Some(required),
        property_type: Some(kind),
        schema_name: Some("base".into()),
        ..SchemaProperty::default()
    }
}

/// The built-in Acme user attributes, named as Okta profile attributes, with the SCIM path each
/// maps to.
pub(crate) fn base_user_properties() -> Vec<SchemaProperty> {
    let core = SCIM_USER_SCHEMA;
    let enterprise = ENTERPRISE_USER_SCHEMA;
    vec![
        property(
            "userName",
            "Username",
            ("userName", core),
            PropertyType::String,
            true,
            "Acme `username`: unique per tenant",
        ),
        property(
            "givenName",
            "First name",
            ("name.givenName", core),
            PropertyType::String,
            true,
            "Acme `first_name`",
        ),
        property(
            "familyName",
            "Last name",
            ("name.familyName", core),
            PropertyType::String,
            true,
            "Acme `last_name`",
        ),
        property(
            "email",
            "Email",
            ("emails[primary eq true].value", core),
            PropertyType::Email,
            true,
            "Acme `email_address`",
        ),
        property(
            "title",
            "Job title",
            ("title", core),
            PropertyType::String,
            false,
            "Acme `job_title`",
        ),
        property(
            "primaryPhone",
            "Phone number",
            ("phoneNumbers[primary eq true].value", core),
            PropertyType::String,
            false,
            "Acme `phone_number`",
        ),
        property(
            "locale",
            "Locale",
            ("locale", core),
            PropertyType::Locale,
            false,
            "Acme `locale`",
        ),
        property(
            "timezone",
            "Time zone",
            ("timezone", core),
            PropertyType::Timezone,
            false,
            "Acme `timezone`",
        ),
        property(
            "department",
            "Department",
            ("department", enterprise),
            PropertyType::String,
            false,
            "Acme `department`",
        ),
        property(
            "employeeNumber",
            "Employee number",
            ("employeeNumber", enterprise),
            PropertyType::String,
            false,
            "Acme `employee_number`",
        ),
        property(
            "managerId",
            "Manager",
            ("manager.value", enterprise),
            PropertyType::String,
            false,
            "Acme `manager_id`: the Acme id of the user's manager",
        ),
    ]
}

/// A tenant's custom field as a schema property (`enum` fields are strings with an enum
/// constraint and titles).
pub(crate) fn custom_field_to_property(field: AcmeCustomField) -> SchemaProperty {
    let kind = match field.kind.as_str() {
        "integer" => PropertyType::Integer,
        "boolean" => PropertyType::Boolean,
        "date" => PropertyType::Date,
        _ => PropertyType::String,
    };
    let allowed = field.allowed_values.unwrap_or_default();
    SchemaProperty {
        name: Some(field.key.clone()),
        title: Some(field.label),
        external_name: Some(field.key),
        description: field.description,
        required: Some(field.required),
        property_type: Some(kind),
        schema_name: Some("custom".into()),
        enum_constraint: (!allowed.is_empty())
            .then(|| allowed.iter().map(|a| json!(a.value)).collect()),
        enum_titles: (!allowed.is_empty()).then(|| {
            allowed
                .iter()
                .map(|a| (a.value.clone(), json!(a.label)))
                .collect()
        }),
        ..SchemaProperty::default()
    }
}

/// The allowed values of a tenant's `enum` custom fields.
pub(crate) fn custom_field_values(fields: Vec<AcmeCustomField>) -> Vec<SchemaPropertyValue> {
    fields
        .into_iter()
        .flat_map(|field| {
            let key = field.key;
            field
                .allowed_values
                .unwrap_or_default()
                .into_iter()
                .map(move |allowed| SchemaPropertyValue {
                    id: Some(allowed.value),
                    display_name: Some(allowed.label),
                    schema_property_name: Some(key.clone()),
                    ..SchemaPropertyValue::default()
                })
        })
        .collect()
}

/// The entitlement properties: roles (SCIM `roles`) and licences (SCIM `entitlements`).
pub(crate) fn entitlement_properties() -> Vec<SchemaProperty> {
    let grant = |name: &str, title: &str, external: &str, description: &str| SchemaProperty {
        name: Some(name.into()),
        title: Some(title.into()),
        external_name: Some(external.into()),
        external_namespace: Some(SCIM_USER_SCHEMA.into()),
        description: Some(description.into()),
        required: Some(false),
        property_type: Some(PropertyType::Array),
        schema_name: Some("entitlements".into()),
        ..SchemaProperty::default()
    };
    vec![
        grant(
            ROLES_PROPERTY,
            "Roles",
            "roles",
            "Acme roles: what the user may do in the tenant",
        ),
        grant(
            LICENSES_PROPERTY,
            "Licences",
            "entitlements",
            "Acme licences: the seats and add-ons the user holds",
        ),
    ]
}

/// A grantable role or licence as an entitlement value.
pub(crate) fn grant_to_value(
    grant: AcmeGrant,
    property: &str,
    type_name: &str,
) -> SchemaPropertyValue {
    SchemaPropertyValue {
        id: Some(grant.id),
        display_name: Some(grant.name),
        schema_property_name: Some(property.into()),
        type_name: Some(type_name.into()),
        description: grant.description,
    }
}

// ----- paging -----

/// The Acme `page_size` for Okta's `limit`: Okta's limit (200 when absent, at least 1), capped
/// at Acme's maximum of 100. A page may so hold fewer items than Okta asked for; its
/// `nextCursor` says there is more.
pub(crate) fn page_size(pagination: Option<&PaginationRequest>) -> i64 {
    pagination
        .and_then(|p| p.limit)
        .unwrap_or(OKTA_DEFAULT_LIMIT)
        .clamp(1, MAX_PAGE_SIZE)
}

/// Okta's cursor, when it sent a non-empty one. Acme's cursors are passed through unchanged.
pub(crate) fn cursor(pagination: Option<&PaginationRequest>) -> Option<&str> {
    pagination
        .and_then(|p| p.cursor.as_deref())
        .filter(|c| !c.is_empty())
}

/// One page of a list held in memory (lists the Acme API does not page): the offset is the
/// cursor. `None` for a cursor that is not an offset.
pub(crate) fn local_page<T>(
    items: Vec<T>,
    pagination: Option<&PaginationRequest>,
) -> Option<(Vec<T>, Option<String>)> {
    let offset: usize = match cursor(pagination) {
        None => 0,
        Some(c) => c.parse().ok()?,
    };
    let limit = pagination
        .and_then(|p| p.limit)
        .unwrap_or(OKTA_DEFAULT_LIMIT)
        .clamp(1, OKTA_DEFAULT_LIMIT) as usize;
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(offset).take(limit).collect();
    let end = offset.saturating_add(page.len());
    Some((page, (end < total).then(|| end.to_string())))
}

/// Where a paged walk over the two grant lists is: which list, and Acme's cursor in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GrantCursor {
    /// In the roles, at an Acme cursor (or the start).
    Roles(Option<String>),
    /// In the licences, at an Acme cursor (or the start).
    Licenses(Option<String>),
}

impl GrantCursor {
    /// Reads Okta's opaque cursor: `roles[:<acme cursor>]` or `licenses[:<acme cursor>]`;
    /// none is the start of the roles. `None` for a cursor this integration did not issue.
    pub(crate) fn parse(cursor: Option<&str>) -> Option<Self> {
        let Some(cursor) = cursor else {
            return Some(GrantCursor::Roles(None));
        };
        let (list, inner) = match cursor.split_once(':') {
            Some((list, inner)) => (list, Some(inner.to_owned()).filter(|i| !i.is_empty())),
            None => (cursor, None),
        };
        match list {
            "roles" => Some(GrantCursor::Roles(inner)),
            "licenses" => Some(GrantCursor::Licenses(inner)),
            _ => None,
        }
    }

    /// The opaque cursor Okta gets back.
    pub(crate) fn encode(&self) -> String {
        let (list, inner) = match self {
            GrantCursor::Roles(inner) => ("roles", inner),
            GrantCursor::Licenses(inner) => ("licenses", inner),
        };
        match inner {
            Some(inner) => format!("{list}:{inner}"),
            None => list.to_owned(),
        }
    }
}

/// A value as one URL path segment: unreserved characters kept, everything else
/// percent-encoded (ids and usernames come from Okta).
pub(crate) fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use okta_actions::contracts::{Secret, validators};

    use super::*;
    use crate::acme::{AcmeAllowedValue, AcmeGrantRef};

    fn ada() -> AcmeUser {
        AcmeUser {
            id: "usr_ada".into(),
            username: "ada.lovelace".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email_address: "ada@acme.example".into(),
            is_enabled: true,
            department: Some("Research".into()),
            job_title: Some("Analyst".into()),
            phone_number: Some("+1 555 0100".into()),
            manager_id: Some("usr_babbage".into()),
            employee_number: Some("E01815".into()),
            locale: Some("en-GB".into()),
            timezone: Some("Europe/London".into()),
            custom_fields: json!({"region": "emea", "clearance_level": 3})
                .as_object()
                .cloned()
                .unwrap(),
            roles: vec![AcmeGrantRef {
                id: "role_admin".into(),
                name: "Administrator".into(),
            }],
            licenses: vec![AcmeGrantRef {
                id: "lic_pro".into(),
                name: "Acme Pro".into(),
            }],
            created_at: Some("2024-01-02T03:04:05Z".into()),
            updated_at: None,
        }
    }

    #[test]
    fn an_acme_user_becomes_a_valid_scim_user() {
        let scim = user_to_scim(ada());
        assert_eq!(scim.id.as_deref(), Some("usr_ada"));
        assert_eq!(scim.user_name, "ada.lovelace");
        assert_eq!(scim.display_name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(scim.active, Some(true));
        assert_eq!(scim.schemas, [SCIM_USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
        let enterprise = scim.enterprise.as_ref().unwrap();
        assert_eq!(enterprise.department.as_deref(), Some("Research"));
        assert_eq!(
            enterprise.manager.as_ref().unwrap().value.as_deref(),
            Some("usr_babbage")
        );
        assert_eq!(
            scim.roles.as_ref().unwrap()[0].kind.as_deref(),
            Some(ROLE_TYPE)
        );
        assert_eq!(
            scim.entitlements.as_ref().unwrap()[0].value.as_deref(),
            Some("lic_pro")
        );
        assert_eq!(scim.extra["region"], "emea");
        assert_eq!(
            scim.extra["meta"],
            json!({"created": "2024-01-02T03:04:05Z", "lastModified": "2024-01-02T03:04:05Z"}),
            "never modified: lastModified is created"
        );
        let wire = json!({"user": scim, "executionStatus": {"status": "SUCCEEDED"}});
        validators()
            .validate(
                "GetUserById",
                okta_actions::contracts::Direction::Output,
                &wire,
            )
            .unwrap();
    }

    #[test]
    fn a_scim_user_round_trips_through_the_create_body() {
        let scim = user_to_scim(ada());
        let body = create_body(&ScimUser {
            password: Some(Secret::new("s3cret-pw1")),
            ..scim
        });
        assert_eq!(
            body,
            json!({
                "username": "ada.lovelace", "first_name": "Ada", "last_name": "Lovelace",
                "email_address": "ada@acme.example", "job_title": "Analyst",
                "phone_number": "+1 555 0100", "locale": "en-GB", "timezone": "Europe/London",
                "department": "Research", "employee_number": "E01815", "manager_id": "usr_babbage",
                "roles": ["role_admin"], "licenses": ["lic_pro"], "is_enabled": true,
                "custom_fields": {"region": "emea", "clearance_level": 3},
                "password": "s3cret-pw1"
            })
        );
    }

    #[test]
    fn a_minimal_scim_user_derives_names_and_email() {
        let scim = ScimUser {
            display_name: Some("Grace Brewster Hopper".into()),
            ..ScimUser::new("grace@navy.example")
        };
        let body = create_body(&scim);
        assert_eq!(body["first_name"], "Grace");
        assert_eq!(body["last_name"], "Brewster Hopper");
        assert_eq!(body["email_address"], "grace@navy.example");
        assert!(body.get("roles").is_none(), "no roles sent: none asked for");
        assert!(body.get("job_title").is_none(), "a create sends no nulls");
    }

    #[test]
    fn an_update_clears_what_the_scim_user_no_longer_has() {
        let mut desired = user_to_scim(ada());
        desired.title = None;
        desired.enterprise = None;
        desired.extra.remove("region");
        desired.roles = None;
        let patch = update_patch(&ada(), &desired);
        assert_eq!(patch["job_title"], Value::Null);
        assert_eq!(patch["department"], Value::Null);
        assert_eq!(patch["manager_id"], Value::Null);
        assert_eq!(
            patch["custom_fields"],
            json!({"region": null, "clearance_level": 3})
        );
        assert!(
            patch.get("roles").is_none(),
            "roles untouched when Okta sends none"
        );
        assert_eq!(patch["licenses"], json!(["lic_pro"]));
        assert!(patch.get("is_enabled").is_none() && patch.get("password").is_none());
    }

    #[test]
    fn teams_and_members_map_to_groups() {
        let group = team_to_scim(AcmeTeam {
            id: "grp_1".into(),
            name: "Engineering".into(),
            description: None,
        });
        assert_eq!(
            (group.id.as_deref(), group.display_name.as_str()),
            (Some("grp_1"), "Engineering")
        );
        assert_eq!(
            team_body(&group),
            json!({"name": "Engineering", "description": null})
        );
        let member = member_to_scim(AcmeMember {
            user_id: "usr_1".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
        });
        assert_eq!(member.display.as_deref(), Some("Ada Lovelace"));
    }

    #[test]
    fn custom_fields_become_schema_properties_and_values() {
        let region = AcmeCustomField {
            key: "region".into(),
            label: "Region".into(),
            kind: "enum".into(),
            required: false,
            description: None,
            allowed_values: Some(vec![
                AcmeAllowedValue {
                    value: "emea".into(),
                    label: "EMEA".into(),
                },
                AcmeAllowedValue {
                    value: "apac".into(),
                    label: "APAC".into(),
                },
            ]),
        };
        let property = custom_field_to_property(region.clone());
        assert_eq!(property.property_type, Some(PropertyType::String));
        assert_eq!(
            property.enum_constraint,
            Some(vec![json!("emea"), json!("apac")])
        );
        assert_eq!(property.enum_titles.unwrap()["apac"], "APAC");
        let values = custom_field_values(vec![region]);
        assert_eq!(values.len(), 2);
        assert_eq!(values[1].schema_property_name.as_deref(), Some("region"));
        let integer = custom_field_to_property(AcmeCustomField {
            kind: "integer".into(),
            ..AcmeCustomField::default()
        });
        assert_eq!(integer.property_type, Some(PropertyType::Integer));
    }

    #[test]
    fn okta_limits_become_acme_page_sizes() {
        let limit = |limit| PaginationRequest {
            cursor: None,
            limit: Some(limit),
        };
        assert_eq!(page_size(None), 100);
        assert_eq!(page_size(Some(&limit(200))), 100);
        assert_eq!(page_size(Some(&limit(7))), 7);
        assert_eq!(page_size(Some(&limit(0))), 1);
        assert_eq!(
            MAX_PAGE_SIZE as usize,
            acme_vendor::MAX_PAGE_SIZE,
            "the vendor's documented maximum"
        );
    }

    #[test]
    fn local_pages_cover_every_item_once() {
        let request = |cursor: Option<String>| PaginationRequest {
            cursor,
            limit: Some(4),
        };
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let (page, next) = local_page((0..10).collect(), Some(&request(cursor))).unwrap();
            seen.extend(page);
            match next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        assert!(local_page(vec![1], Some(&request(Some("x".into())))).is_none());
    }

    #[test]
    fn grant_cursors_round_trip() {
        for cursor in [
            GrantCursor::Roles(None),
            GrantCursor::Roles(Some("YWNtZTE6cm9sZV9i".into())),
            GrantCursor::Licenses(None),
            GrantCursor::Licenses(Some("abc".into())),
        ] {
            assert_eq!(GrantCursor::parse(Some(&cursor.encode())), Some(cursor));
        }
        assert_eq!(GrantCursor::parse(None), Some(GrantCursor::Roles(None)));
        assert_eq!(GrantCursor::parse(Some("teams:1")), None);
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(segment("usr_abc-1.2~"), "usr_abc-1.2~");
        assert_eq!(segment("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(segment("é"), "%C3%A9");
    }
}
