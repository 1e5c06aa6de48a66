//! Acme's errors as contract errors. The SDK already classifies by status (401/403 invalid
//! credentials, 404 not found, 429 rate limited, else generic failure) and keeps Acme's code,
//! message and request id; this adds clear wording where Acme's code says more.

use okta_actions::ActionError;
use okta_actions::client::VendorError;

/// Converts an Acme error, rewording conflicts and validation failures so an Okta admin can act
/// on them; anything else converts as the SDK classifies it.
pub(crate) fn from_vendor(err: VendorError) -> ActionError {
    let summary = match (err.http_status(), err.code()) {
        (Some(409), Some("username_taken")) => Some(format!(
            "Acme already has a user with this userName ({}); import or link that user instead \
             of creating it again",
            err.summary()
        )),
        (Some(409), Some("team_name_taken")) => Some(format!(
            "Acme already has a team with this displayName ({}); link the existing group instead",
            err.summary()
        )),
        (Some(409), _) => Some(format!(
            "Acme refused a conflicting change: {}",
            err.summary()
        )),
        (Some(400), Some("validation_failed")) => {
            Some(format!("Acme rejected the values sent: {}", err.summary()))
        }
        _ => None,
    };
    let converted = ActionError::from(err);
    match summary {
        Some(summary) => converted.with_summary(summary),
        None => converted,
    }
}

/// The error of a cursor this integration did not issue.
pub(crate) fn bad_cursor() -> ActionError {
    ActionError::generic("the pagination cursor was not issued by this integration")
        .with_code("invalid_cursor")
        .with_http_status(400)
}
