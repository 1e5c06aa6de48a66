//! The conformance run: acts as Okta against the adapter (and through it the vendor's test
//! instance), following Okta's provisioning test plan — import, the user lifecycle, group push,
//! schema discovery, Universal Logout — validating every answer against its contract and checking
//! that the vendor's state agrees with what the actions claimed.
//!
//! The run writes to the vendor: it creates a user `okta-actions-conformance-<hex>@example.com`
//! (left deactivated at the end) and a group of the same name (removed at the end). When the
//! integration offers the standard Universal Logout endpoint, an in-process Okta org signs the
//! tokens the adapter verifies.

mod caller;
mod logout;
mod okta_org;
mod paging;
mod scenarios;

pub(crate) use caller::OktaCaller;
pub(crate) use logout::{StandardLogout, run as standard_logout};
pub(crate) use okta_org::{OktaOrg, SUBJECT as ORG_SUBJECT};
pub(crate) use scenarios::run;
