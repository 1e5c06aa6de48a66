//! What an admin needs from the vendor to connect Okta, and where in Okta they enter it, from
//! the auth mapping. Nothing here names a secret, a token URL or a client id.

use crate::auth::{AuthMapping, ClientAuthMethod, CredentialMapping, OinAuthType};

/// The OIN auth type in an admin's words.
pub(super) fn auth_type_label(auth_type: OinAuthType) -> &'static str {
    match auth_type {
        OinAuthType::Basic => "Basic (username and password)",
        OinAuthType::Custom => "Custom",
        OinAuthType::OAuth2AuthorizationCode => "OAuth 2.0 (authorization code)",
        OinAuthType::OAuth2ClientCredentials => "OAuth 2.0 (client credentials)",
    }
}

/// What the admin gets from the vendor to connect, e.g. "an API key from Acme"; `None` when the
/// vendor needs no credential.
pub(super) fn credential_need(mapping: &AuthMapping, app: &str) -> Option<String> {
    let authorize = format!(
        "an administrator account in {app} that can authorize Okta's access (OAuth 2.0 sign-in)"
    );
    Some(match mapping.credential() {
        CredentialMapping::None => return None,
        CredentialMapping::ApiKeyHeader { .. } | CredentialMapping::ApiKeyQuery { .. } => {
            format!("an API key from {app}")
        }
        CredentialMapping::Basic => {
            format!("the username and password of the {app} account Okta should use")
        }
        CredentialMapping::Bearer => match mapping.auth_type() {
            OinAuthType::OAuth2AuthorizationCode => authorize,
            _ => format!("an API token from {app}"),
        },
        CredentialMapping::ClientCredentials { method, .. } => match method {
            ClientAuthMethod::PrivateKeyJwt => {
                format!(
                    "the client id and private key (PEM) of an OAuth 2.0 client registered in {app}"
                )
            }
            _ => format!(
                "the client id and client secret of an OAuth 2.0 client registered in {app}"
            ),
        },
        CredentialMapping::RefreshToken { .. } => authorize,
    })
}

/// How the admin enters the credential on **Provisioning › Configure API Integration**, with
/// the `TODO:` the vendor must resolve when Okta's field label is the vendor's own choice.
pub(super) fn credential_entry(mapping: &AuthMapping, app: &str) -> (String, Option<String>) {
    let Some(need) = credential_need(mapping, app) else {
        return (format!("{app} needs no credential."), None);
    };
    match mapping.auth_type() {
        OinAuthType::OAuth2AuthorizationCode => (
            format!(
                "Click **Authenticate with {app}** and sign in to {app} with {need}; allow \
                 Okta's access."
            ),
            None,
        ),
        OinAuthType::Basic => (
            format!("Enter {need} in **Username** and **Password**."),
            None,
        ),
        OinAuthType::Custom | OinAuthType::OAuth2ClientCredentials => (
            format!("Enter {need}."),
            Some(
                "TODO: name the field(s): the labels of the authentication variables you set \
                 in the OIN Wizard."
                    .to_owned(),
            ),
        ),
    }
}
