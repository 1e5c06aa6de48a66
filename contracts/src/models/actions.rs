//! The input and output of every action, and a marker type per action tying them together.
//!
//! Outputs hold only the action's own properties; `executionStatus` is added on the wire by
//! [`ActionResponse`](super::ActionResponse). Actions whose output is only `executionStatus` have an
//! empty output struct, and their handlers may return `()`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    GroupMember, PaginationRequest, PaginationResponse, SchemaProperty, SchemaPropertyValue,
    ScimGroup, ScimServerConfig, ScimUser, Secret,
};
use crate::Capability;

/// Declares one contract struct with Okta's camelCase names and `Option` fields left out when
/// absent, so that a payload round-trips unchanged.
macro_rules! contract_struct {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $($(#[$fdoc])* #[serde(skip_serializing_if = "crate::models::actions::Absent::absent")] pub $field: $ty,)*
        }

        impl $crate::models::OpenParts for $name {
            fn may_break_schema(&self) -> bool {
                false $(|| $crate::models::OpenParts::may_break_schema(&self.$field))*
            }
        }
    };
}

/// Whether a field is left out of the JSON: `None` is, anything else is written.
pub(crate) trait Absent {
    fn absent(&self) -> bool {
        false
    }
}
impl<T> Absent for Option<T> {
    fn absent(&self) -> bool {
        self.is_none()
    }
}
impl Absent for String {}
impl Absent for Secret {}
impl<T> Absent for Vec<T> {}
impl Absent for ScimUser {}
impl Absent for ScimGroup {}
impl Absent for LogoutStatus {}

/// Whether the external system logged the user out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LogoutStatus {
    /// The user's sessions and tokens were revoked.
    #[default]
    Success,
    /// The user could not be logged out.
    Failure,
}

contract_struct!(
    /// Input of Proprietary Universal Logout: who to log out. All identifiers are optional.
    UniversalLogoutInput {
        /// The user's id in the external system.
        external_user_id: Option<String>,
        /// The user's username in the external system.
        external_user_name: Option<String>,
        /// The user's Okta id.
        okta_user_id: Option<String>,
    }
);
contract_struct!(
    /// Output of Proprietary Universal Logout.
    UniversalLogoutOutput {
        /// Whether the logout succeeded.
        logout_status: LogoutStatus,
    }
);

contract_struct!(
    /// Input of Provisioning Create User.
    CreateUserInput {
        /// The user to create; `id` is normally absent.
        user: ScimUser,
    }
);
contract_struct!(
    /// Output of Provisioning Create User: the created user, with its new id.
    CreateUserOutput {
        /// The created user.
        user: ScimUser,
    }
);
contract_struct!(
    /// Input of Provisioning Update User: the whole user (a full replace).
    UpdateUserInput {
        /// The user; `id` names the user to update.
        user: ScimUser,
    }
);
contract_struct!(
    /// Output of Provisioning Update User.
    UpdateUserOutput {
        /// The updated user.
        user: ScimUser,
    }
);
contract_struct!(
    /// Input of Provisioning Update User Password.
    UpdateUserPasswordInput {
        /// The user's id in the external system.
        user_id: String,
        /// The new password.
        password: Secret,
    }
);
contract_struct!(
    /// Input of Provisioning Activate User.
    ActivateUserInput {
        /// The user's id in the external system.
        user_id: String,
    }
);
contract_struct!(
    /// Input of Provisioning Deactivate User.
    DeactivateUserInput {
        /// The user's id in the external system.
        user_id: String,
    }
);
contract_struct!(
    /// Input of Provisioning Get User by ID.
    GetUserByIdInput {
        /// The user's id in the external system.
        user_id: String,
    }
);
contract_struct!(
    /// Output of Provisioning Get User by ID.
    GetUserByIdOutput {
        /// The user.
        user: ScimUser,
    }
);
contract_struct!(
    /// Input of Provisioning Get User by UserName.
    GetUserByUserNameInput {
        /// The exact username to look up.
        user_name: String,
    }
);
contract_struct!(
    /// Output of Provisioning Get User by UserName.
    GetUserByUserNameOutput {
        /// The user.
        user: ScimUser,
    }
);
contract_struct!(
    /// Input of Provisioning List Users.
    ListUsersInput {
        /// The page to return.
        pagination: Option<PaginationRequest>,
    }
);
contract_struct!(
    /// Output of Provisioning List Users: one page of users.
    ListUsersOutput {
        /// The users of this page.
        resources: Vec<ScimUser>,
        /// Where the next page starts.
        pagination: Option<PaginationResponse>,
    }
);
contract_struct!(
    /// Input of Provisioning Create Group.
    CreateGroupInput {
        /// The group to create.
        group: ScimGroup,
    }
);
contract_struct!(
    /// Output of Provisioning Create Group.
    CreateGroupOutput {
        /// The created group, with its new id.
        group: ScimGroup,
    }
);
contract_struct!(
    /// Input of Provisioning Update Group.
    UpdateGroupInput {
        /// The group; `id` names the group to update.
        group: ScimGroup,
    }
);
contract_struct!(
    /// Output of Provisioning Update Group.
    UpdateGroupOutput {
        /// The updated group.
        group: ScimGroup,
    }
);
contract_struct!(
    /// Input of Provisioning Remove Group.
    RemoveGroupInput {
        /// The group's id in the external system.
        group_id: String,
    }
);
contract_struct!(
    /// Input of Provisioning Add Group Members.
    AddGroupMembersInput {
        /// The group's id in the external system.
        group_id: String,
        /// The members to add.
        group_members: Vec<GroupMember>,
    }
);
contract_struct!(
    /// Input of Provisioning Remove Group Members.
    RemoveGroupMembersInput {
        /// The group's id in the external system.
        group_id: String,
        /// The members to remove.
        group_members: Vec<GroupMember>,
    }
);
contract_struct!(
    /// Input of Provisioning List Group Members.
    ListGroupMembersInput {
        /// The group's id in the external system.
        group_id: String,
        /// The page to return.
        pagination: Option<PaginationRequest>,
    }
);
contract_struct!(
    /// Output of Provisioning List Group Members: one page of members.
    ListGroupMembersOutput {
        /// The members of this page.
        resources: Vec<GroupMember>,
        /// Where the next page starts.
        pagination: Option<PaginationResponse>,
    }
);
contract_struct!(
    /// Input of Provisioning Get Group by ID.
    GetGroupByIdInput {
        /// The group's id in the external system.
        group_id: String,
    }
);
contract_struct!(
    /// Output of Provisioning Get Group by ID.
    GetGroupByIdOutput {
        /// The group.
        group: ScimGroup,
    }
);
contract_struct!(
    /// Input of Provisioning List Groups.
    ListGroupsInput {
        /// The page to return.
        pagination: Option<PaginationRequest>,
    }
);
contract_struct!(
    /// Output of Provisioning List Groups: one page of groups.
    ListGroupsOutput {
        /// The groups of this page.
        resources: Vec<ScimGroup>,
        /// Where the next page starts.
        pagination: Option<PaginationResponse>,
    }
);
contract_struct!(
    /// Input of Provisioning List Groups by Display Name.
    ListGroupsByDisplayNameInput {
        /// The display name to match.
        display_name: String,
        /// The page to return.
        pagination: Option<PaginationRequest>,
    }
);
contract_struct!(
    /// Output of Provisioning List Groups by Display Name: one page of matching groups.
    ListGroupsByDisplayNameOutput {
        /// The groups of this page.
        resources: Vec<ScimGroup>,
        /// Where the next page starts.
        pagination: Option<PaginationResponse>,
    }
);
contract_struct!(
    /// Input of Provisioning List User Schema.
    ListUserSchemaInput {
        /// The SCIM server configuration.
        scim: Option<ScimServerConfig>,
        /// The page to return.
        pagination: Option<PaginationRequest>,
    }
);
contract_struct!(
    /// Output of Provisioning List User Schema: one page of user schema properties.
    ListUserSchemaOutput {
        /// The properties of this page.
        schema_properties: Vec<SchemaProperty>,
        /// Where the next page starts.
        pagination: Option<PaginationResponse>,
    }
);
contract_struct!(
    /// Input of Provisioning List Entitlement Schema.
    ListEntitlementSchemaInput {
        /// The SCIM server configuration, with the entitlement types.
        scim: Option<ScimServerConfig>,
        /// The page to return.
        pagination: Option<PaginationRequest>,
    }
);
contract_struct!(
    /// Output of Provisioning List Entitlement Schema: one page of entitlement schema properties.
    ListEntitlementSchemaOutput {
        /// The properties of this page.
        schema_properties: Vec<SchemaProperty>,
        /// Where the next page starts.
        pagination: Option<PaginationResponse>,
    }
);
contract_struct!(
    /// Input of Provisioning List User Schema Property Values.
    ListUserSchemaPropertyValuesInput {
        /// The SCIM server configuration.
        scim: Option<ScimServerConfig>,
        /// The page to return.
        pagination: Option<PaginationRequest>,
    }
);
contract_struct!(
    /// Output of Provisioning List User Schema Property Values: one page of allowed values.
    ListUserSchemaPropertyValuesOutput {
        /// The values of this page.
        schema_property_values: Vec<SchemaPropertyValue>,
        /// Where the next page starts.
        pagination: Option<PaginationResponse>,
    }
);
contract_struct!(
    /// Input of Provisioning List Entitlement Schema Property Values.
    ListEntitlementSchemaPropertyValuesInput {
        /// The SCIM server configuration, with the entitlement types.
        scim: Option<ScimServerConfig>,
        /// The page to return.
        pagination: Option<PaginationRequest>,
    }
);
contract_struct!(
    /// Output of Provisioning List Entitlement Schema Property Values: one page of grantable values.
    ListEntitlementSchemaPropertyValuesOutput {
        /// The values of this page.
        schema_property_values: Vec<SchemaPropertyValue>,
        /// Where the next page starts.
        pagination: Option<PaginationResponse>,
    }
);

/// Declares the empty outputs of actions that return only `executionStatus`.
macro_rules! status_only_output {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        ///
        /// The output carries only `executionStatus`, so it has no fields; a handler may return `()`.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
        pub struct $name {}

        impl From<()> for $name {
            fn from((): ()) -> Self {
                $name {}
            }
        }

        impl $crate::models::OpenParts for $name {
            fn may_break_schema(&self) -> bool {
                false
            }
        }
    )*};
}

status_only_output! {
    /// Output of Provisioning Update User Password.
    UpdateUserPasswordOutput;
    /// Output of Provisioning Activate User.
    ActivateUserOutput;
    /// Output of Provisioning Deactivate User.
    DeactivateUserOutput;
    /// Output of Provisioning Remove Group.
    RemoveGroupOutput;
    /// Output of Provisioning Add Group Members.
    AddGroupMembersOutput;
    /// Output of Provisioning Remove Group Members.
    RemoveGroupMembersOutput;
}

/// An action contract as a type: its identifier, capability, input and output.
///
/// Every action has a marker type in [`crate::action`] implementing this trait, so generic code
/// can name an action at compile time.
///
/// ```
/// use okta_actions_contracts::{action, Capability, Contract};
/// assert_eq!(action::ListUsers::IDENT, "ListUsers");
/// assert_eq!(action::ListUsers::CAPABILITY, Capability::Provisioning);
/// fn input_of<C: Contract>(input: C::Input) -> C::Input { input }
/// let _ = input_of::<action::ListUsers>(Default::default());
/// ```
pub trait Contract: 'static {
    /// The action's identifier, e.g. `ListUsers`.
    const IDENT: &'static str;
    /// The action's capability.
    const CAPABILITY: Capability;
    /// The typed input.
    type Input: serde::de::DeserializeOwned + Serialize + JsonSchema + Send + 'static;
    /// The typed output, without `executionStatus`.
    type Output: serde::de::DeserializeOwned
        + Serialize
        + JsonSchema
        + super::OpenParts
        + Send
        + 'static;

    /// Parses a JSON body into the typed input (no schema check: see
    /// [`validators`](crate::validators)).
    ///
    /// Each action's implementation is an ordinary function compiled once, in this crate: an
    /// integration crate calling it links the contract's serde code instead of compiling it
    /// again for every handler (BENCHMARKS.md, compile time).
    ///
    /// ```
    /// use okta_actions_contracts::{action, Contract};
    /// let input = action::GetUserById::input_from_json(serde_json::json!({"userId": "u1"}))?;
    /// assert_eq!(input.user_id, "u1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn input_from_json(body: serde_json::Value) -> Result<Self::Input, serde_json::Error>;

    /// Writes the wire form of a success, `executionStatus` included (an
    /// [`ActionResponse::succeeded`](super::ActionResponse::succeeded)), as JSON bytes; compiled
    /// once in this crate like [`Contract::input_from_json`].
    ///
    /// ```
    /// use okta_actions_contracts::{action, ActivateUserOutput, Contract};
    /// let bytes = action::ActivateUser::success_to_json(&ActivateUserOutput {});
    /// assert_eq!(bytes, br#"{"executionStatus":{"status":"SUCCEEDED"}}"#);
    /// ```
    fn success_to_json(output: &Self::Output) -> Vec<u8>;
}

/// A list action: its output is a page of items and a cursor.
pub trait ListContract: Contract {
    /// The item type of a page.
    type Item;
    /// The page of the input to return.
    fn pagination(input: &Self::Input) -> Option<&PaginationRequest>;
    /// Builds a page from its items and the cursor of the next page.
    fn page(items: Vec<Self::Item>, next_cursor: Option<String>) -> Self::Output;
    /// Takes a page apart into its items and the cursor of the next page.
    fn into_page(output: Self::Output) -> (Vec<Self::Item>, Option<String>);
}

/// Declares the marker types of every action.
macro_rules! actions {
    ($($ident:ident: $cap:ident, $input:ident -> $output:ident;)*) => {
        /// One marker type per action, implementing [`Contract`].
        pub mod action {
            use super::*;
            $(
                #[doc = concat!("The `", stringify!($ident), "` action.")]
                #[derive(Debug, Clone, Copy)]
                pub struct $ident;

                impl Contract for $ident {
                    const IDENT: &'static str = stringify!($ident);
                    const CAPABILITY: Capability = Capability::$cap;
                    type Input = $input;
                    type Output = $output;

                    fn input_from_json(body: serde_json::Value) -> Result<$input, serde_json::Error> {
                        serde_json::from_value(body)
                    }

                    fn success_to_json(output: &$output) -> Vec<u8> {
                        // Contract models serialize infallibly: string keys, no non-finite floats.
                        serde_json::to_vec(&crate::ActionResponse::succeeded(output))
                            .expect("contract models serialize to JSON")
                    }
                }
            )*

            /// The identifiers of every action with a marker type.
            pub const ALL: &[&str] = &[$(stringify!($ident)),*];
        }

        /// Calls `$callback! { ActionA ActionB … }` with the marker type of every action, so that
        /// a crate implementing a trait for each contract lists them from this one place.
        ///
        /// ```
        /// macro_rules! count { ($($action:ident)*) => { [$(stringify!($action)),*].len() } }
        /// assert_eq!(okta_actions_contracts::for_each_action!(count), 22);
        /// ```
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_each_action {
            ($callback:ident) => { $callback! { $($ident)* } };
        }
    };
}

actions! {
    UniversalLogout: UniversalLogout, UniversalLogoutInput -> UniversalLogoutOutput;
    CreateUser: Provisioning, CreateUserInput -> CreateUserOutput;
    UpdateUser: Provisioning, UpdateUserInput -> UpdateUserOutput;
    UpdateUserPassword: Provisioning, UpdateUserPasswordInput -> UpdateUserPasswordOutput;
    ActivateUser: Provisioning, ActivateUserInput -> ActivateUserOutput;
    DeactivateUser: Provisioning, DeactivateUserInput -> DeactivateUserOutput;
    GetUserById: Provisioning, GetUserByIdInput -> GetUserByIdOutput;
    GetUserByUserName: Provisioning, GetUserByUserNameInput -> GetUserByUserNameOutput;
    ListUsers: Provisioning, ListUsersInput -> ListUsersOutput;
    CreateGroup: Provisioning, CreateGroupInput -> CreateGroupOutput;
    UpdateGroup: Provisioning, UpdateGroupInput -> UpdateGroupOutput;
    RemoveGroup: Provisioning, RemoveGroupInput -> RemoveGroupOutput;
    AddGroupMembers: Provisioning, AddGroupMembersInput -> AddGroupMembersOutput;
    RemoveGroupMembers: Provisioning, RemoveGroupMembersInput -> RemoveGroupMembersOutput;
    ListGroupMembers: Provisioning, ListGroupMembersInput -> ListGroupMembersOutput;
    GetGroupById: Provisioning, GetGroupByIdInput -> GetGroupByIdOutput;
    ListGroups: Provisioning, ListGroupsInput -> ListGroupsOutput;
    ListGroupsByDisplayName: Provisioning, ListGroupsByDisplayNameInput -> ListGroupsByDisplayNameOutput;
    ListUserSchema: Entitlements, ListUserSchemaInput -> ListUserSchemaOutput;
    ListEntitlementSchema: Entitlements, ListEntitlementSchemaInput -> ListEntitlementSchemaOutput;
    ListUserSchemaPropertyValues: Entitlements, ListUserSchemaPropertyValuesInput -> ListUserSchemaPropertyValuesOutput;
    ListEntitlementSchemaPropertyValues: Entitlements, ListEntitlementSchemaPropertyValuesInput -> ListEntitlementSchemaPropertyValuesOutput;
}

/// Implements [`ListContract`] for the list actions.
macro_rules! list_actions {
    ($($ident:ident: $item:ty, $items:ident;)*) => {$(
        impl ListContract for action::$ident {
            type Item = $item;
            fn pagination(input: &Self::Input) -> Option<&PaginationRequest> {
                input.pagination.as_ref()
            }
            fn page(items: Vec<$item>, next_cursor: Option<String>) -> Self::Output {
                Self::Output {
                    $items: items,
                    pagination: Some(PaginationResponse::next(next_cursor)),
                }
            }
            fn into_page(output: Self::Output) -> (Vec<$item>, Option<String>) {
                let next = output.pagination.filter(|p| !p.is_last()).and_then(|p| p.next_cursor);
                (output.$items, next)
            }
        }
    )*};
}

list_actions! {
    ListUsers: ScimUser, resources;
    ListGroupMembers: GroupMember, resources;
    ListGroups: ScimGroup, resources;
    ListGroupsByDisplayName: ScimGroup, resources;
    ListUserSchema: SchemaProperty, schema_properties;
    ListEntitlementSchema: SchemaProperty, schema_properties;
    ListUserSchemaPropertyValues: SchemaPropertyValue, schema_property_values;
    ListEntitlementSchemaPropertyValues: SchemaPropertyValue, schema_property_values;
}
