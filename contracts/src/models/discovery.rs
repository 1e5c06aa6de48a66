//! The shapes of the schema discovery actions (`schemas/common/scim-server-config.json`,
//! `entitlement-type.json`, `schema-property*.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// The SCIM server configuration Okta passes to the schema discovery actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScimServerConfig {
    /// The base URL of the SCIM server.
    pub base_uri: String,
    /// How the SCIM server authenticates.
    pub auth_mode: AuthMode,
    /// The entitlement types the SCIM server supports.
    pub entitlement_types: Vec<EntitlementType>,
}

/// Authentication mode of the SCIM server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// A custom header.
    Header,
    /// A bearer token.
    Bearer,
    /// OAuth 2.0.
    Oauth,
}

/// One entitlement resource type of the SCIM server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EntitlementType {
    /// The entitlement type's name.
    pub name: String,
    /// Where the type's values are listed, relative to the base URL.
    pub endpoint: String,
    /// A human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the entitlement is required and multi-valued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<EntitlementAttributes>,
    /// Which fields of the listed values hold the id, display name and description.
    pub mappings: EntitlementMappings,
}

/// Flags of an entitlement type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntitlementAttributes {
    /// The entitlement is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// A user may hold several values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_valued: Option<bool>,
}

/// Field mappings of an entitlement type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntitlementMappings {
    /// The field holding the entitlement's unique id.
    pub id_field: String,
    /// The field holding the entitlement's display name.
    pub display_name_field: String,
    /// The field holding the entitlement's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_field: Option<String>,
}

/// The type of a schema property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)]
pub enum PropertyType {
    String,
    Number,
    Integer,
    Boolean,
    Date,
    Array,
    Uri,
    CountryCode,
    Timezone,
    Locale,
    LanguageCode,
    Email,
    Object,
}

/// Who may set a schema property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PropertyScope {
    /// The user may set it.
    #[serde(rename = "SELF")]
    OwnUser,
    /// Only the system sets it.
    System,
    /// No restriction.
    None,
}

/// An Okta-style schema property definition; object properties nest their children.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SchemaProperty {
    /// The property's name in Okta.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The property's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The property's name in the external system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_name: Option<String>,
    /// The namespace of the external name, e.g. a SCIM schema URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_namespace: Option<String>,
    /// A description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether a value is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The property's type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_type: Option<PropertyType>,
    /// Who may set the property.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<PropertyScope>,
    /// The schema the property belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_name: Option<String>,
    /// The default value, of any JSON type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// The allowed values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enum_constraint: Option<Vec<Value>>,
    /// A one-of constraint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_of_constraint: Option<Map<String, Value>>,
    /// Labels of the allowed values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enum_titles: Option<Map<String, Value>>,
    /// Okta metadata.
    #[serde(rename = "__metadata", skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// Child properties of an object property.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<SchemaProperty>>,
    /// The fewest array items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<Number>,
    /// The most array items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<Number>,
    /// The shortest string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<Number>,
    /// The longest string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<Number>,
    /// A regular expression the value must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The smallest number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// The largest number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// The smallest size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_size: Option<Number>,
    /// The largest size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_size: Option<Number>,
    /// The latest date allowed (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date-time"))]
    pub before_date: Option<String>,
    /// The earliest date allowed (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date-time"))]
    pub after_date: Option<String>,
}

/// One allowed value of a schema property.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SchemaPropertyValue {
    /// The value's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The value's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The property the value belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_property_name: Option<String>,
    /// The entitlement type of the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// A description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
