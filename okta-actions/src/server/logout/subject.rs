//! The request body: the subject identifier (RFC 9493) of the user to log out, and how it maps
//! onto the `UniversalLogout` contract input.
//!
//! Okta's "Build Universal Logout for your app" guide (okta-developer-docs,
//! `docs/guides/oin-universal-logout-overview`, "Logout request") says: "By default, the user's
//! email address identifies them. If an app supports provisioning with Okta, then the user
//! identifier within the app identifies them", sent "as either an `email` or `iss_sub`
//! identifier", the latter described as the "Issuer and subject identifier within the app"
//! (`{"format":"iss_sub","iss":"https://issuer.example.com/","sub":"145234573"}`). The OIN
//! wizard's "Subject format" setting reads the same: "Issuer and Subject identifier: Your
//! integration uses the user identifier" (help.okta.com, `universal-logout-settings`). So:
//!
//! - `email` → `externalUserName`: the address the user signs in with at the vendor, the same
//!   identifier the proprietary contract calls the user's name in the external system.
//! - `iss_sub` → `externalUserId` = `sub`: the user's id in the vendor's system (the id Okta
//!   learned by provisioning). `iss` names the namespace of that id; Okta documents no fixed
//!   value for it and the contract has no field for it, so it must be present but is not
//!   interpreted (it is logged at debug level).
//!
//! The wrapper member is `sub_id` (Okta's requests and the current draft); the `subject` name
//! of the draft's early revisions, which Okta's guide still shows, is accepted too. Unknown
//! formats are refused (400); unknown extra members are ignored.

use okta_actions_contracts::UniversalLogoutInput;
use serde_json::{Map, Value};

/// The user named by a logout request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SubjectId {
    /// `{"format": "email", "email": …}`.
    Email(String),
    /// `{"format": "iss_sub", "iss": …, "sub": …}`.
    IssSub {
        /// The namespace of `sub`.
        iss: String,
        /// The user's id within that namespace.
        sub: String,
    },
}

impl SubjectId {
    /// Parses the body `{"sub_id": {...}}`; the error is the reason to log.
    pub(crate) fn parse(body: &[u8]) -> Result<Self, String> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
        let Value::Object(body) = value else {
            return Err("the body is not a JSON object".into());
        };
        let subject = match (body.get("sub_id"), body.get("subject")) {
            (Some(subject), None) | (None, Some(subject)) => subject,
            (Some(_), Some(_)) => return Err("the body has both `sub_id` and `subject`".into()),
            (None, None) => return Err("the body has no `sub_id`".into()),
        };
        let Value::Object(subject) = subject else {
            return Err("`sub_id` is not an object".into());
        };
        match subject.get("format").and_then(Value::as_str) {
            Some("email") => {
                let email = member(subject, "email")?;
                if !email.contains('@') {
                    return Err("`sub_id.email` is not an email address".into());
                }
                Ok(SubjectId::Email(email))
            }
            Some("iss_sub") => Ok(SubjectId::IssSub {
                iss: member(subject, "iss")?,
                sub: member(subject, "sub")?,
            }),
            Some(other) => Err(format!(
                "subject identifier format {other:?} is not supported (email, iss_sub)"
            )),
            None => Err("`sub_id.format` is missing or not a string".into()),
        }
    }

    /// The format's name, for logs.
    pub(crate) fn format(&self) -> &'static str {
        match self {
            SubjectId::Email(_) => "email",
            SubjectId::IssSub { .. } => "iss_sub",
        }
    }

    /// The `UniversalLogout` contract input naming the same user.
    pub(crate) fn to_input(&self) -> UniversalLogoutInput {
        match self {
            SubjectId::Email(email) => UniversalLogoutInput {
                external_user_name: Some(email.clone()),
                ..UniversalLogoutInput::default()
            },
            SubjectId::IssSub { sub, .. } => UniversalLogoutInput {
                external_user_id: Some(sub.clone()),
                ..UniversalLogoutInput::default()
            },
        }
    }
}

/// A non-empty string member of the subject identifier.
fn member(subject: &Map<String, Value>, name: &str) -> Result<String, String> {
    match subject.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err(format!(
            "`sub_id.{name}` is missing or not a non-empty string"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_map_onto_the_contract_input() {
        let email =
            SubjectId::parse(br#"{"sub_id":{"format":"email","email":"a@b.example"}}"#).unwrap();
        assert_eq!(
            email.to_input().external_user_name.as_deref(),
            Some("a@b.example")
        );
        let iss_sub = SubjectId::parse(
            br#"{"subject":{"format":"iss_sub","iss":"https://acme.example","sub":"u-1"}}"#,
        )
        .unwrap();
        let input = iss_sub.to_input();
        assert_eq!(input.external_user_id.as_deref(), Some("u-1"));
        assert_eq!(input.external_user_name, None);
    }

    #[test]
    fn malformed_subjects_are_refused() {
        for body in [
            &b"not json"[..],
            b"[]",
            b"{}",
            br#"{"sub_id":"a@b.example"}"#,
            br#"{"sub_id":{"email":"a@b.example"}}"#,
            br#"{"sub_id":{"format":"opaque","id":"x"}}"#,
            br#"{"sub_id":{"format":"email","email":""}}"#,
            br#"{"sub_id":{"format":"email","email":"nobody"}}"#,
            br#"{"sub_id":{"format":"iss_sub","sub":"u-1"}}"#,
            br#"{"sub_id":{"format":"iss_sub","iss":"i","sub":7}}"#,
            br#"{"sub_id":{"format":"email","email":"a@b"},"subject":{"format":"email","email":"a@b"}}"#,
        ] {
            assert!(SubjectId::parse(body).is_err(), "{}", String::from_utf8_lossy(body));
        }
    }
}
