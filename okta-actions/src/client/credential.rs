//! Resolving one tenant's inbound credential (its `Authorization` header) into how vendor calls
//! are authenticated.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use okta_actions_contracts::Secret;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::VendorError;
use super::token::{Grant, TokenSpec};
use crate::auth::{ClientAuthMethod, CredentialMapping};

/// A credential applied the same way on every request.
#[derive(Clone)]
pub(crate) enum StaticCredential {
    /// Nothing is added.
    None,
    /// A header (an API key, `Basic …`, `Bearer …`).
    Header {
        name: HeaderName,
        value: HeaderValue,
    },
    /// A query parameter.
    Query { param: String, value: Secret },
}

/// How a tenant's calls are authenticated: a static credential, or tokens from an endpoint.
pub(crate) enum Resolved {
    /// Applied as is.
    Static(StaticCredential),
    /// OAuth 2.0 tokens obtained (and cached) from a token endpoint.
    Token(TokenSpec),
}

/// The resolved credential plus what identifies and must be scrubbed from it.
pub(crate) struct Resolution {
    pub(crate) resolved: Resolved,
    /// Every secret value involved, for redaction.
    pub(crate) secrets: Vec<Secret>,
    /// The tenant's raw credential, part of the per-tenant state key.
    pub(crate) fingerprint: Secret,
}

/// Resolves the tenant's `Authorization` value under `mapping`. `token_url` is the rendered
/// token endpoint for the OAuth mappings.
pub(crate) fn resolve(
    mapping: &CredentialMapping,
    authorization: Option<&Secret>,
    token_url: Option<url::Url>,
) -> Result<Resolution, VendorError> {
    let raw = match (mapping, authorization) {
        (CredentialMapping::None, _) => {
            return Ok(Resolution {
                resolved: Resolved::Static(StaticCredential::None),
                secrets: Vec::new(),
                fingerprint: Secret::default(),
            });
        }
        (_, Some(raw)) if !raw.expose().trim().is_empty() => raw,
        _ => {
            return Err(VendorError::invalid_credentials(format!(
                "the tenant sent no credential (Authorization header) for {} auth",
                mapping.kind()
            )));
        }
    };
    if is_bare_scheme(raw.expose()) {
        return Err(VendorError::invalid_credentials(format!(
            "the Authorization header names a scheme but carries no credential for {} auth",
            mapping.kind()
        )));
    }
    let mut secrets = vec![raw.clone()];
    let resolved = match mapping {
        CredentialMapping::None => Resolved::Static(StaticCredential::None),
        CredentialMapping::ApiKeyHeader { header, scheme } => {
            let key = strip_scheme(raw.expose());
            secrets.push(Secret::new(key));
            let value = match scheme {
                Some(scheme) => format!("{scheme} {key}"),
                None => key.to_owned(),
            };
            Resolved::Static(StaticCredential::Header {
                name: header_name(header)?,
                value: sensitive_value(&value)?,
            })
        }
        CredentialMapping::ApiKeyQuery { param } => {
            let key = Secret::new(strip_scheme(raw.expose()));
            secrets.push(key.clone());
            Resolved::Static(StaticCredential::Query {
                param: param.clone(),
                value: key,
            })
        }
        CredentialMapping::Basic => {
            let (encoded, _user, password) = basic(raw)?;
            secrets.extend([encoded.clone(), password]);
            Resolved::Static(StaticCredential::Header {
                name: AUTHORIZATION,
                value: sensitive_value(&format!("Basic {}", encoded.expose()))?,
            })
        }
        CredentialMapping::Bearer => {
            let token = strip_scheme(raw.expose());
            secrets.push(Secret::new(token));
            Resolved::Static(StaticCredential::Header {
                name: AUTHORIZATION,
                value: sensitive_value(&format!("Bearer {token}"))?,
            })
        }
        CredentialMapping::ClientCredentials { method, scopes, .. } => {
            let (encoded, client_id, secret) = basic(raw)?;
            secrets.extend([encoded, secret.clone()]);
            Resolved::Token(TokenSpec {
                token_url: token_url.ok_or_else(no_token_url)?,
                client_id,
                secret,
                method: *method,
                scopes: scopes.clone(),
                grant: Grant::ClientCredentials,
            })
        }
        CredentialMapping::RefreshToken {
            client_id,
            client_secret,
            method,
            scopes,
            ..
        } => {
            let refresh_token = Secret::new(strip_scheme(raw.expose()));
            secrets.extend([refresh_token.clone(), client_secret.clone()]);
            Resolved::Token(TokenSpec {
                token_url: token_url.ok_or_else(no_token_url)?,
                client_id: client_id.clone(),
                secret: client_secret.clone(),
                method: *method,
                scopes: scopes.clone(),
                grant: Grant::RefreshToken(refresh_token),
            })
        }
    };
    if let Resolved::Token(spec) = &resolved
        && spec.method == ClientAuthMethod::ClientSecretBasic
    {
        // client_secret_basic sends the form-encoded pair base64-encoded: scrub that too.
        secrets.push(Secret::new(spec.basic_header_value()));
    }
    Ok(Resolution {
        resolved,
        secrets,
        fingerprint: raw.clone(),
    })
}

fn no_token_url() -> VendorError {
    VendorError::generic("the auth mapping has no token URL")
}

/// `Bearer` alone (HTTP trims `Bearer ` to it): a scheme word with the credential missing.
fn is_bare_scheme(value: &str) -> bool {
    ["bearer", "basic", "ssws", "apikey", "token"]
        .iter()
        .any(|scheme| value.trim().eq_ignore_ascii_case(scheme))
}

/// `Bearer k` → `k`; `k` → `k`.
fn strip_scheme(value: &str) -> &str {
    let value = value.trim();
    match value.split_once(' ') {
        Some((scheme, rest))
            if scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            rest.trim()
        }
        _ => value,
    }
}

/// Decodes `Basic base64(user:secret)` into (the base64 text, user, secret).
fn basic(raw: &Secret) -> Result<(Secret, String, Secret), VendorError> {
    let malformed = || {
        VendorError::invalid_credentials(
            "the tenant's credential is not a well-formed `Basic base64(id:secret)` value",
        )
    };
    let value = raw.expose().trim();
    let (scheme, encoded) = value.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let encoded = encoded.trim();
    let decoded = STANDARD.decode(encoded).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (user, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    if user.is_empty() {
        return Err(malformed());
    }
    Ok((Secret::new(encoded), user.to_owned(), Secret::new(secret)))
}

fn header_name(name: &str) -> Result<HeaderName, VendorError> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| VendorError::generic(format!("`{name}` is not a valid header name")))
}

/// A header value marked sensitive (HTTP/2 never indexes it; `Debug` hides it).
pub(crate) fn sensitive_value(value: &str) -> Result<HeaderValue, VendorError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        VendorError::invalid_credentials(
            "the tenant's credential holds characters that cannot be sent in a header",
        )
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Applies the credential to one attempt: the static header or query parameter, and the OAuth
/// access token as `Authorization: Bearer …` when there is one.
pub(crate) fn apply(
    credential: &StaticCredential,
    token: Option<&Secret>,
    url: &mut url::Url,
    headers: &mut reqwest::header::HeaderMap,
) -> Result<(), VendorError> {
    if let Some(token) = token {
        headers.insert(
            AUTHORIZATION,
            sensitive_value(&format!("Bearer {}", token.expose()))?,
        );
    }
    match credential {
        StaticCredential::None => {}
        StaticCredential::Header { name, value } => {
            headers.insert(name.clone(), value.clone());
        }
        StaticCredential::Query { param, value } => {
            url.query_pairs_mut().append_pair(param, value.expose());
        }
    }
    Ok(())
}

impl StaticCredential {
    /// The header this credential manages, if any (callers may not set it themselves).
    pub(crate) fn header_name(&self) -> Option<&HeaderName> {
        match self {
            StaticCredential::Header { name, .. } => Some(name),
            StaticCredential::None | StaticCredential::Query { .. } => None,
        }
    }

    /// A name for `Debug` output.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            StaticCredential::None => "none",
            StaticCredential::Header { .. } => "header",
            StaticCredential::Query { .. } => "query",
        }
    }
}
