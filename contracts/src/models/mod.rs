//! Typed Rust models of every contract input, output and shared shape, with Okta's exact JSON
//! names. Extensible objects ([`ScimUser`], [`EnterpriseUserExtension`]) keep unknown
//! properties in an `extra` map so they round-trip.

mod actions;
mod discovery;
mod open;
mod paging;
mod scim;
mod secret;
mod status;

pub use actions::*;
pub use discovery::*;
pub use open::OpenParts;
pub use paging::*;
pub use scim::*;
pub use secret::Secret;
pub use status::*;
