//! What the tenant's `Authorization` header carries and what the adapter does with it, in words
//! shared by the OpenAPI security scheme and the flow plan.

use crate::auth::{AuthMapping, ClientAuthMethod, CredentialMapping, OinAuthType};

/// How the inbound credential is described as an OpenAPI security scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SchemeKind {
    /// `type: http, scheme: basic`.
    Basic,
    /// `type: http, scheme: bearer`.
    Bearer,
    /// `type: apiKey, in: header, name: Authorization`.
    ApiKey,
}

/// The tenant credential of an auth mapping, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Credential {
    /// The security scheme describing the inbound header.
    pub(super) kind: SchemeKind,
    /// What `Authorization` carries, e.g. "the tenant's API key, …".
    pub(super) inbound: String,
    /// What the adapter does with it toward the vendor.
    pub(super) outbound: String,
}

/// The tenant credential, or `None` when the vendor needs none.
pub(super) fn credential(mapping: &AuthMapping) -> Option<Credential> {
    let key = "the tenant's API key, alone or after a scheme word (`ApiKey <key>`)".to_owned();
    let (kind, inbound, outbound) = match mapping.credential() {
        CredentialMapping::None => return None,
        CredentialMapping::ApiKeyHeader { header, scheme } => {
            let value = match scheme {
                Some(scheme) => format!("`{header}: {scheme} <key>`"),
                None => format!("`{header}: <key>`"),
            };
            (
                SchemeKind::ApiKey,
                key,
                format!("calls the vendor with the key as {value}"),
            )
        }
        CredentialMapping::ApiKeyQuery { param } => (
            SchemeKind::ApiKey,
            key,
            format!("calls the vendor with the key as query parameter `{param}`"),
        ),
        CredentialMapping::Basic => (
            SchemeKind::Basic,
            "the tenant's username and password, as `Basic base64(username:password)`".to_owned(),
            "forwards it to the vendor unchanged".to_owned(),
        ),
        CredentialMapping::Bearer => (
            SchemeKind::Bearer,
            match mapping.auth_type() {
                OinAuthType::OAuth2AuthorizationCode => {
                    "the access token of the tenant's OAuth 2.0 connection, as \
                     `Bearer <access token>`"
                        .to_owned()
                }
                _ => "the tenant's API token, as `Bearer <token>`".to_owned(),
            },
            "forwards it to the vendor as `Authorization: Bearer <token>`".to_owned(),
        ),
        CredentialMapping::ClientCredentials {
            token_url,
            method,
            scopes,
        } => (
            SchemeKind::Basic,
            format!(
                "the tenant's OAuth 2.0 client id and secret, as \
                 `Basic base64(client_id:client_secret)`{}",
                match method {
                    ClientAuthMethod::PrivateKeyJwt =>
                        " with the client's PEM private key as the secret",
                    _ => "",
                }
            ),
            format!(
                "exchanges it at `{token_url}` for access tokens (client credentials grant, \
                 client authentication `{}`{}), cached per tenant, and calls the vendor with \
                 `Authorization: Bearer <access token>`",
                method_name(*method),
                scope_text(scopes)
            ),
        ),
        CredentialMapping::RefreshToken {
            token_url,
            client_id,
            method,
            scopes,
            ..
        } => (
            SchemeKind::Bearer,
            "the tenant's OAuth 2.0 refresh token, as `Bearer <refresh token>`".to_owned(),
            format!(
                "redeems it at `{token_url}` with the integration's OAuth client `{client_id}` \
                 (client authentication `{}`{}), caches the access token per tenant, keeps a \
                 rotated refresh token, and calls the vendor with \
                 `Authorization: Bearer <access token>`",
                method_name(*method),
                scope_text(scopes)
            ),
        ),
    };
    Some(Credential {
        kind,
        inbound,
        outbound,
    })
}

/// The OIN Wizard's **Authentication mode** for an auth type, with what to enter.
pub(super) fn wizard_mode(auth_type: OinAuthType) -> &'static str {
    match auth_type {
        OinAuthType::Basic => {
            "**Basic** (the tenant enters `auth_user_name` and `auth_user_password`)"
        }
        OinAuthType::Custom => {
            "**Custom** (add one authentication variable for the credential, e.g. name \
             `api_key`, label \"API key\")"
        }
        OinAuthType::OAuth2AuthorizationCode => {
            "**OAuth 2** (authorization code: enter the vendor's authorize and token endpoints, \
             client id and secret, scopes)"
        }
        OinAuthType::OAuth2ClientCredentials => {
            "OAuth 2.0 client credentials: Integration Builder offers it, but the OIN Wizard \
             documents only Basic, Custom and OAuth 2 (authorization code), and whether OIN \
             accepts it is undocumented. Confirm with Okta before submitting"
        }
    }
}

/// What to map the credential's connection parameters to in Integration Builder's
/// **Authentication mapping**.
pub(super) fn wizard_mapping(auth_type: OinAuthType) -> &'static str {
    match auth_type {
        OinAuthType::Basic => {
            "the username parameter to `auth_user_name`, the password parameter to \
             `auth_user_password`"
        }
        OinAuthType::Custom => {
            "the credential parameter to your authentication variable (e.g. `api_key`)"
        }
        OinAuthType::OAuth2AuthorizationCode => {
            "**Client ID** to `auth.client_id` and **Client Secret** to `auth.client_secret` \
             (the OIN Wizard maps these itself)"
        }
        OinAuthType::OAuth2ClientCredentials => {
            "the client id and client secret parameters to the variables that hold them"
        }
    }
}

fn method_name(method: ClientAuthMethod) -> &'static str {
    match method {
        ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
        ClientAuthMethod::ClientSecretPost => "client_secret_post",
        ClientAuthMethod::PrivateKeyJwt => "private_key_jwt",
    }
}

fn scope_text(scopes: &[String]) -> String {
    if scopes.is_empty() {
        String::new()
    } else {
        format!(", scopes `{}`", scopes.join(" "))
    }
}
