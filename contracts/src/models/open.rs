//! Where a contract value's Rust type does not pin its JSON down, so that only such values need
//! checking against the schema.
//!
//! The models agree with the schemas in every property's name, type, enum and required flag
//! (the contract tests compare the two, `rust_types_agree_with_their_contracts_in_both_directions`),
//! `None` is left out rather than written as `null`, and the schemas assert no string format,
//! pattern or length. What the types leave open are the catch-all `extra` maps of the extensible
//! objects ([`ScimUser`], [`EnterpriseUserExtension`]): their schemas accept any additional
//! property, so an entry is constrained only when its key names a property the schema declares
//! (`extra["name"] = 5` breaks `name`'s object type). [`OpenParts::may_break_schema`] finds such
//! entries; a value without one satisfies its schema by construction, which the contract tests
//! check on generated values.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde_json::{Map, Value};

use super::{
    EnterpriseUserExtension, GroupMember, LogoutStatus, PaginationRequest, PaginationResponse,
    SchemaProperty, SchemaPropertyValue, ScimGroup, ScimServerConfig, ScimUser, Secret,
};

/// Whether a contract value may break its schema although its type fits.
pub trait OpenParts {
    /// `true` when the value's JSON may break the contract schema: it holds an entry of a
    /// catch-all map whose key names a property the schema constrains. `false` means the type
    /// alone guarantees the schema, and checking it can be skipped.
    fn may_break_schema(&self) -> bool;
}

/// The property names an extensible object's schema constrains: `None` when it constrains
/// every key (it does not accept any additional property).
struct Constrained(Option<BTreeSet<String>>);

impl Constrained {
    fn of(file: &str) -> Self {
        let schema: Value = crate::schema_file(file)
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or(Value::Null);
        let open = schema.get("additionalProperties") == Some(&Value::Bool(true))
            && schema.get("patternProperties").is_none();
        let declared = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| properties.keys().cloned().collect());
        Constrained(declared.filter(|_| open))
    }

    /// Whether an entry of `extra` is constrained by the schema.
    fn any_in(&self, extra: &Map<String, Value>) -> bool {
        match &self.0 {
            None => !extra.is_empty(),
            Some(declared) => extra.keys().any(|key| declared.contains(key)),
        }
    }
}

static USER: LazyLock<Constrained> = LazyLock::new(|| Constrained::of("common/scim-user.json"));
static ENTERPRISE: LazyLock<Constrained> =
    LazyLock::new(|| Constrained::of("common/enterprise-user-extension.json"));

impl OpenParts for ScimUser {
    fn may_break_schema(&self) -> bool {
        (!self.extra.is_empty() && USER.any_in(&self.extra)) || self.enterprise.may_break_schema()
    }
}

impl OpenParts for EnterpriseUserExtension {
    fn may_break_schema(&self) -> bool {
        !self.extra.is_empty() && ENTERPRISE.any_in(&self.extra)
    }
}

impl<T: OpenParts> OpenParts for Option<T> {
    fn may_break_schema(&self) -> bool {
        self.as_ref().is_some_and(T::may_break_schema)
    }
}

impl<T: OpenParts> OpenParts for Vec<T> {
    fn may_break_schema(&self) -> bool {
        self.iter().any(T::may_break_schema)
    }
}

/// Types without a catch-all map: their type is their schema.
macro_rules! closed {
    ($($ty:ty),* $(,)?) => {$(
        impl OpenParts for $ty {
            fn may_break_schema(&self) -> bool {
                false
            }
        }
    )*};
}

closed!(
    String,
    Secret,
    LogoutStatus,
    ScimGroup,
    GroupMember,
    PaginationRequest,
    PaginationResponse,
    SchemaProperty,
    SchemaPropertyValue,
    ScimServerConfig,
);

/// `()` stands in for the types of an action that could not be resolved (the handler macros'
/// error path); no contract describes it, so nothing is guaranteed.
impl OpenParts for () {
    fn may_break_schema(&self) -> bool {
        true
    }
}
