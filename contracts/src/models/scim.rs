//! The SCIM shapes shared by the user and group actions (`schemas/common/scim-*.json`,
//! `enterprise-user-extension.json`, `group-member.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Secret;

/// The SCIM core user schema URI.
pub const SCIM_USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The SCIM enterprise user extension URI, also the key of the extension object.
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The SCIM core group schema URI.
pub const SCIM_GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// A SCIM 2.0 core user with the enterprise extension, as Okta sends and expects it.
///
/// Okta also sends the custom attributes of the app's user profile; they land in
/// [`extra`](Self::extra) and are written back unchanged.
///
/// ```
/// use okta_actions_contracts::ScimUser;
/// let json = serde_json::json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "userName": "ada@example.com",
///     "favouriteColour": "green"
/// });
/// let user: ScimUser = serde_json::from_value(json.clone()).unwrap();
/// assert_eq!(user.extra["favouriteColour"], "green");
/// assert_eq!(serde_json::to_value(&user).unwrap(), json);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScimUser {
    /// The SCIM schema URIs the user conforms to.
    pub schemas: Vec<String>,
    /// The user's id in the external system; absent on a create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The user's id as known to Okta.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The unique username of the user.
    pub user_name: String,
    /// The components of the user's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<ScimName>,
    /// The name to display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The casual name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nick_name: Option<String>,
    /// The URL of the user's profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_url: Option<String>,
    /// The user's job title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The kind of user (Employee, Contractor, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_type: Option<String>,
    /// The preferred language, e.g. `en-US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    /// The locale, e.g. `en-US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The time zone, e.g. `America/Los_Angeles`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Whether the user is active.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The user's password, when Okta syncs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// Email addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<ScimMultiValuedAttribute>>,
    /// Phone numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_numbers: Option<Vec<ScimMultiValuedAttribute>>,
    /// Instant messaging addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ims: Option<Vec<ScimMultiValuedAttribute>>,
    /// Photo URLs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photos: Option<Vec<ScimMultiValuedAttribute>>,
    /// Postal addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<ScimAddress>>,
    /// The groups the user belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<ScimUserGroup>>,
    /// The entitlements the user holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlements: Option<Vec<ScimMultiValuedAttribute>>,
    /// The roles the user holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<ScimMultiValuedAttribute>>,
    /// Certificates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x509_certificates: Option<Vec<ScimMultiValuedAttribute>>,
    /// The enterprise extension.
    #[serde(
        rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        skip_serializing_if = "Option::is_none"
    )]
    pub enterprise: Option<EnterpriseUserExtension>,
    /// Custom attributes Okta sends beyond the SCIM core; kept and written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ScimUser {
    /// A user with the core schema and the given username; set the rest with struct update syntax.
    pub fn new(user_name: impl Into<String>) -> Self {
        ScimUser {
            schemas: vec![SCIM_USER_SCHEMA.to_owned()],
            user_name: user_name.into(),
            ..ScimUser::default()
        }
    }
}

/// The components of a user's name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScimName {
    /// The full name, formatted for display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// The family (last) name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// The given (first) name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// The middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// The honorific prefix, e.g. `Dr.`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub honorific_prefix: Option<String>,
    /// The honorific suffix, e.g. `III`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub honorific_suffix: Option<String>,
}

/// One value of a multi-valued attribute (emails, phone numbers, entitlements, roles, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScimMultiValuedAttribute {
    /// The value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A human-readable name of the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// The value's label, e.g. `work`; for entitlements, the entitlement type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether this is the preferred value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
}

/// One postal address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScimAddress {
    /// The full address, formatted for display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// Street, house number, apartment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// City or locality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// State or region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The address's label, e.g. `work`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether this is the preferred address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
}

/// A group the user belongs to, as a read-only reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScimUserGroup {
    /// The group's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The group's URI.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The group's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// How the user belongs to the group, e.g. `direct`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// The SCIM enterprise user extension (key `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseUserExtension {
    /// The employee number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employee_number: Option<String>,
    /// The cost center.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_center: Option<String>,
    /// The organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// The division.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// The department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The user's manager.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<EnterpriseManager>,
    /// Further attributes Okta sends; kept and written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The manager of a user in the enterprise extension.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseManager {
    /// The manager's user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The manager's URI.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The manager's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// A group in the external system. Membership is handled by the group member actions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScimGroup {
    /// The SCIM schema URIs the group conforms to.
    pub schemas: Vec<String>,
    /// The group's id in the external system; absent on a create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The group's name.
    pub display_name: String,
    /// A description of the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl ScimGroup {
    /// A group with the core schema and the given display name.
    pub fn new(display_name: impl Into<String>) -> Self {
        ScimGroup {
            schemas: vec![SCIM_GROUP_SCHEMA.to_owned()],
            display_name: display_name.into(),
            ..ScimGroup::default()
        }
    }
}

/// A member of a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupMember {
    /// The member's user id in the external system.
    pub value: String,
    /// The member's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}
