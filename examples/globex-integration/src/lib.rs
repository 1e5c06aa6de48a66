//! The Globex integration: Provisioning for the Globex directory API (`globex-vendor`), every
//! handler declarative. Where Acme pages by body cursor and sends an API key, Globex pages by
//! offset (`offset`, `limit` up to 50, a `total`), uses integer ids and bearer tokens, and finds
//! people by email with a search.
//!
//! | OIN group | action | Globex call |
//! |---|---|---|
//! | User query | GetUserById | `GET /people/{id}` |
//! | | GetUserByUserName | `GET /people?email=`, the first result |
//! | | ListUsers | `GET /people?offset=&limit=` |
//! | User schema discovery | ListUserSchema, ListUserSchemaPropertyValues | `GET /fields` |
//! | Group query | GetGroupById | `GET /departments/{id}` |
//! | | ListGroups | `GET /departments?offset=&limit=` |

use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType, TenantContext};
use okta_actions::contracts::{
    GetGroupByIdOutput, GetUserByIdOutput, GetUserByUserNameOutput, PropertyType, SCIM_USER_SCHEMA,
    SchemaProperty, SchemaPropertyValue, ScimGroup, ScimMultiValuedAttribute, ScimName, ScimUser,
};
use okta_actions::{IntegrationBuilder, entitlements_action, provisioning_action};
use serde::Deserialize;

pub use globex_vendor;

/// The integration's name in the OIN catalogue.
pub const NAME: &str = "Globex";

/// The Globex API of a tenant.
pub const BASE_URL_TEMPLATE: &str = "https://directory.globex.example/{app.subdomain}/api";

/// A Globex person, as the integration reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    id: u64,
    email: String,
    first_name: String,
    last_name: String,
    active: bool,
}

/// A Globex department.
#[derive(Debug, Clone, Deserialize)]
pub struct Department {
    id: u64,
    name: String,
}

/// The person attributes `GET /fields` lists.
#[derive(Debug, Clone, Deserialize)]
pub struct Fields {
    fields: Vec<Field>,
}

/// One person attribute.
#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    key: String,
    label: String,
    kind: String,
}

/// A Globex person as a SCIM user: the integer id as text, the email as `userName` and primary
/// email.
pub fn person_to_scim(person: Person) -> ScimUser {
    ScimUser {
        id: Some(person.id.to_string()),
        name: Some(ScimName {
            given_name: Some(person.first_name.clone()),
            family_name: Some(person.last_name.clone()),
            ..ScimName::default()
        }),
        display_name: Some(format!("{} {}", person.first_name, person.last_name)),
        emails: Some(vec![ScimMultiValuedAttribute {
            value: Some(person.email.clone()),
            primary: Some(true),
            kind: Some("work".into()),
            ..ScimMultiValuedAttribute::default()
        }]),
        active: Some(person.active),
        ..ScimUser::new(person.email)
    }
}

/// Reads a person by id.
#[provisioning_action(GetUserById, vendor = "GET /people/{userId}")]
pub fn get_user_by_id(person: Person) -> GetUserByIdOutput {
    GetUserByIdOutput {
        user: person_to_scim(person),
    }
}

/// Finds a person by email (Globex's usernames): the first result, or not found.
#[provisioning_action(
    GetUserByUserName,
    vendor = "GET /people?email={userName}",
    items = "results",
    first
)]
pub fn get_user_by_user_name(person: Person) -> GetUserByUserNameOutput {
    GetUserByUserNameOutput {
        user: person_to_scim(person),
    }
}

/// Lists people by offset, at most 50 a page.
#[provisioning_action(
    ListUsers,
    vendor = "GET /people",
    items = "results",
    paging = offset(param = "offset", size = "limit", max = 50, total = "total")
)]
pub fn list_users(person: Person) -> ScimUser {
    person_to_scim(person)
}

/// Globex's person attributes as Okta profile attributes.
#[entitlements_action(ListUserSchema, vendor = "GET /fields", paging = none)]
pub fn list_user_schema(fields: Fields) -> Vec<SchemaProperty> {
    fields
        .fields
        .into_iter()
        .filter_map(|field| {
            let (name, external, kind) = match field.key.as_str() {
                "email" => (
                    "email",
                    "emails[primary eq true].value",
                    PropertyType::Email,
                ),
                "first_name" => ("givenName", "name.givenName", PropertyType::String),
                "last_name" => ("familyName", "name.familyName", PropertyType::String),
                _ => return None,
            };
            Some(property(name, &field.label, external, kind, &field.kind))
        })
        .chain([property(
            "userName",
            "Username",
            "userName",
            PropertyType::String,
            "email",
        )])
        .collect()
}

fn property(
    name: &str,
    title: &str,
    external: &str,
    kind: PropertyType,
    globex: &str,
) -> SchemaProperty {
    SchemaProperty {
        name: Some(name.into()),
        title: Some(title.into()),
        external_name: Some(external.into()),
        external_namespace: Some(SCIM_USER_SCHEMA.into()),
        description: Some(format!("Globex `{globex}` field")),
        required: Some(true),
        property_type: Some(kind),
        schema_name: Some("base".into()),
        ..SchemaProperty::default()
    }
}

/// Globex has no enumerated person attributes: no allowed values.
#[entitlements_action(ListUserSchemaPropertyValues, vendor = "GET /fields", paging = none)]
pub fn list_user_schema_property_values(_fields: Fields) -> Vec<SchemaPropertyValue> {
    Vec::new()
}

/// Reads a department by id.
#[provisioning_action(GetGroupById, vendor = "GET /departments/{groupId}")]
pub fn get_group_by_id(department: Department) -> GetGroupByIdOutput {
    GetGroupByIdOutput {
        group: department_to_scim(department),
    }
}

/// Lists departments by offset.
#[provisioning_action(
    ListGroups,
    vendor = "GET /departments",
    items = "results",
    paging = offset(param = "offset", size = "limit", max = 50, total = "total")
)]
pub fn list_groups(department: Department) -> ScimGroup {
    department_to_scim(department)
}

fn department_to_scim(department: Department) -> ScimGroup {
    ScimGroup {
        id: Some(department.id.to_string()),
        ..ScimGroup::new(department.name)
    }
}

/// How a tenant reaches Globex: tenant variable `subdomain`, the tenant's token sent as
/// `Authorization: Bearer …`.
pub fn auth_mapping() -> AuthMapping {
    AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url(BASE_URL_TEMPLATE)
        .credential(CredentialMapping::Bearer)
        .build()
        .expect("the Globex auth mapping is well-formed")
}

/// The Globex integration as declared.
pub fn builder() -> IntegrationBuilder {
    okta_actions::integration! {
        name: NAME,
        capabilities: [Provisioning],
        actions: [
            get_user_by_id,
            get_user_by_user_name,
            list_users,
            list_user_schema,
            list_user_schema_property_values,
            get_group_by_id,
            list_groups,
        ],
    }
    .auth(auth_mapping())
    .authping("/me")
}

/// What Okta's thin flow sends for the demo tenant.
pub fn demo_tenant() -> TenantContext {
    TenantContext::from_headers([
        (
            "authorization",
            format!("Bearer {}", globex_vendor::DEMO_TOKEN).as_str(),
        ),
        ("x-okta-tenant-subdomain", globex_vendor::DEMO_TENANT),
    ])
}

/// The embedded test vendor's base URL template for a running Globex.
pub fn base_url_of(vendor: &globex_vendor::RunningVendor) -> String {
    format!("{}/{{app.subdomain}}/api", vendor.base_url())
}
