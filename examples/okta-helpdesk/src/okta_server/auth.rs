//! Who is calling: OAuth 2.0 access tokens issued by `/oauth2/v1/token` to service apps that
//! authenticate with `private_key_jwt` (Okta's only client authentication for service apps),
//! and legacy `SSWS` API tokens; plus the scope each endpoint requires.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

use super::errors::{ApiError, oauth_error, random_token};

/// The client-assertion type of RFC 7523.
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The longest an assertion may live (Okta: `exp` at most one hour after `iat`).
const MAX_ASSERTION_LIFETIME_SECS: u64 = 3600;

/// A registered service app: its public key and the scopes an admin granted it.
#[derive(Clone)]
pub(crate) struct ServiceApp {
    pub(crate) key: DecodingKey,
    pub(crate) granted: BTreeSet<String>,
}

/// Who made a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    /// A service app's access token with its scopes.
    App {
        client_id: String,
        scopes: BTreeSet<String>,
    },
    /// An `SSWS` API token: it acts with its admin's permissions and has no scopes.
    ApiToken,
}

impl Principal {
    pub(crate) fn label(&self) -> String {
        match self {
            Principal::App { client_id, .. } => client_id.clone(),
            Principal::ApiToken => "SSWS".to_owned(),
        }
    }

    fn allows(&self, scope: &str) -> bool {
        match self {
            Principal::App { scopes, .. } => scopes.contains(scope),
            Principal::ApiToken => true,
        }
    }
}

struct IssuedToken {
    client_id: String,
    scopes: BTreeSet<String>,
    expires: Instant,
}

/// The authorization server's state.
pub(crate) struct Authority {
    apps: HashMap<String, ServiceApp>,
    api_tokens: HashSet<String>,
    lifetime: Duration,
    tokens: Mutex<HashMap<String, IssuedToken>>,
    used_jtis: Mutex<HashSet<String>>,
}

impl Authority {
    pub(crate) fn new(
        apps: HashMap<String, ServiceApp>,
        api_tokens: HashSet<String>,
        lifetime: Duration,
    ) -> Self {
        Authority {
            apps,
            api_tokens,
            lifetime,
            tokens: Mutex::new(HashMap::new()),
            used_jtis: Mutex::new(HashSet::new()),
        }
    }

    /// Makes every issued access token expired (as if its hour had passed).
    pub(crate) fn expire_tokens(&self) {
        let past = Instant::now();
        for token in lock(&self.tokens).values_mut() {
            token.expires = past;
        }
    }

    /// How many access tokens were issued.
    pub(crate) fn issued(&self) -> usize {
        lock(&self.tokens).len()
    }

    /// `POST /oauth2/v1/token`: the client credentials grant with a `private_key_jwt` client
    /// assertion (`iss` = `sub` = client id, `aud` = this endpoint, RS256/ES256 against the
    /// app's registered key, unused `jti`). Issues a token with exactly the requested scopes,
    /// all of which must have been granted to the app.
    pub(crate) fn token(&self, token_url: &str, body: &[u8]) -> Response {
        let form: HashMap<String, String> =
            url::form_urlencoded::parse(body).into_owned().collect();
        let field = |name: &str| form.get(name).map(String::as_str);
        if field("grant_type") != Some("client_credentials") {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            );
        }
        let client = match self.authenticate_client(token_url, &form) {
            Ok(client) => client,
            Err(description) => {
                return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", &description);
            }
        };
        let Some(app) = self.apps.get(&client) else {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The client is unknown.",
            );
        };
        let requested: BTreeSet<String> = field("scope")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if requested.is_empty() {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "The authorization server resource does not have any configured default scopes, \
                 'scope' must be provided.",
            );
        }
        let refused: Vec<&str> = requested
            .iter()
            .filter(|scope| !app.granted.contains(*scope))
            .map(String::as_str)
            .collect();
        if !refused.is_empty() {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                &format!(
                    "The following scopes are not allowed: {}",
                    refused.join(" ")
                ),
            );
        }
        let access_token = random_token(48);
        let scope = requested.iter().cloned().collect::<Vec<_>>().join(" ");
        lock(&self.tokens).insert(
            access_token.clone(),
            IssuedToken {
                client_id: client,
                scopes: requested,
                expires: Instant::now() + self.lifetime,
            },
        );
        axum::Json(json!({
            "token_type": "Bearer",
            "expires_in": self.lifetime.as_secs(),
            "access_token": access_token,
            "scope": scope,
        }))
        .into_response()
    }

    /// Verifies the client assertion and returns the client id it proves.
    fn authenticate_client(
        &self,
        token_url: &str,
        form: &HashMap<String, String>,
    ) -> Result<String, String> {
        if form.contains_key("client_secret") {
            return Err(
                "Client authentication with a client secret is not allowed for service \
                        apps; use private_key_jwt."
                    .into(),
            );
        }
        if form.get("client_assertion_type").map(String::as_str) != Some(JWT_BEARER) {
            return Err("The client_assertion_type must be jwt-bearer.".into());
        }
        let assertion = form
            .get("client_assertion")
            .ok_or("The client_assertion is missing.")?;
        let client_id = match form.get("client_id") {
            Some(id) => id.clone(),
            None => unverified_issuer(assertion).ok_or("The client_assertion has no issuer.")?,
        };
        let app = self
            .apps
            .get(&client_id)
            .ok_or("The client_id is unknown.")?;
        let header = jsonwebtoken::decode_header(assertion)
            .map_err(|_| "The client_assertion is not a JWT.".to_owned())?;
        if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
            return Err(format!(
                "The client_assertion algorithm {:?} is not allowed.",
                header.alg
            ));
        }
        let mut validation = Validation::new(header.alg);
        validation.set_audience(&[token_url]);
        validation.set_issuer(&[&client_id]);
        validation.sub = Some(client_id.clone());
        validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        let claims = jsonwebtoken::decode::<Value>(assertion, &app.key, &validation)
            .map_err(|err| format!("The client_assertion is invalid: {err}."))?
            .claims;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let exp = claims["exp"].as_u64().unwrap_or_default();
        if exp > now + MAX_ASSERTION_LIFETIME_SECS {
            return Err(
                "The client_assertion 'exp' must be no more than one hour in the future.".into(),
            );
        }
        let jti = claims["jti"]
            .as_str()
            .ok_or("The client_assertion has no 'jti'.")?;
        if !lock(&self.used_jtis).insert(jti.to_owned()) {
            return Err("The client_assertion token has already been used.".into());
        }
        Ok(client_id)
    }

    /// Who a request's credential names, valid or not (an expired token still names its app),
    /// for the request log.
    pub(crate) fn identify(&self, headers: &HeaderMap) -> Option<String> {
        let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, credential) = value.split_once(' ')?;
        let credential = credential.trim();
        if scheme.eq_ignore_ascii_case("SSWS") {
            return self
                .api_tokens
                .contains(credential)
                .then(|| Principal::ApiToken.label());
        }
        lock(&self.tokens)
            .get(credential)
            .map(|token| token.client_id.clone())
    }

    /// Authenticates an API request from its `Authorization` header.
    pub(crate) fn principal(&self, headers: &HeaderMap) -> Result<Principal, ApiError> {
        let value = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| ApiError::invalid_token("The access token is missing."))?;
        let (scheme, credential) = value
            .split_once(' ')
            .ok_or_else(|| ApiError::invalid_token("The authorization header is malformed."))?;
        let credential = credential.trim();
        if scheme.eq_ignore_ascii_case("SSWS") {
            return if self.api_tokens.contains(credential) {
                Ok(Principal::ApiToken)
            } else {
                Err(ApiError::invalid_token("The API token is invalid."))
            };
        }
        if !scheme.eq_ignore_ascii_case("Bearer") {
            return Err(ApiError::invalid_token(
                "The authorization scheme is not supported.",
            ));
        }
        let tokens = lock(&self.tokens);
        let token = tokens
            .get(credential)
            .ok_or_else(|| ApiError::invalid_token("The access token is invalid."))?;
        if Instant::now() >= token.expires {
            return Err(ApiError::invalid_token("The token has expired."));
        }
        Ok(Principal::App {
            client_id: token.client_id.clone(),
            scopes: token.scopes.clone(),
        })
    }
}

/// The `iss` of a JWT, read without verifying it (only to find the client's key).
fn unverified_issuer(jwt: &str) -> Option<String> {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    claims["iss"].as_str().map(str::to_owned)
}

/// The scope an endpoint requires, by method and route; `None` for a method the route does not
/// serve. Every API route must be listed: the gate answers 405 to anything else.
pub(crate) fn required_scope(method: &Method, route: &str) -> Option<&'static str> {
    use crate::flows::scopes::{
        GROUPS_MANAGE, GROUPS_READ, ROLES_MANAGE, ROLES_READ, USERS_MANAGE, USERS_READ,
    };
    let scope = match (method.as_str(), route) {
        ("GET", "/api/v1/users" | "/api/v1/users/{id}") => USERS_READ,
        (
            "POST",
            "/api/v1/users"
            | "/api/v1/users/{id}"
            | "/api/v1/users/{id}/lifecycle/{operation}"
            | "/api/v1/users/{id}/credentials/forgot_password",
        ) => USERS_MANAGE,
        ("GET", "/api/v1/users/{id}/roles") => ROLES_READ,
        ("POST", "/api/v1/users/{id}/roles") => ROLES_MANAGE,
        ("GET", "/api/v1/groups" | "/api/v1/groups/{gid}" | "/api/v1/groups/{gid}/users") => {
            GROUPS_READ
        }
        ("POST", "/api/v1/groups") | ("PUT" | "DELETE", "/api/v1/groups/{gid}/users/{uid}") => {
            GROUPS_MANAGE
        }
        _ => return None,
    };
    Some(scope)
}

/// Checks that `principal` may call `method route`.
pub(crate) fn authorize(
    principal: &Principal,
    method: &Method,
    route: &str,
) -> Result<(), ApiError> {
    match required_scope(method, route) {
        None => Err(ApiError::method_not_allowed()),
        Some(scope) if principal.allows(scope) => Ok(()),
        Some(scope) => Err(ApiError::insufficient_scope(scope)),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_needs_its_scope() {
        let app = Principal::App {
            client_id: "app".into(),
            scopes: BTreeSet::from(["okta.users.read".to_owned()]),
        };
        assert!(authorize(&app, &Method::GET, "/api/v1/users/{id}").is_ok());
        let err = authorize(&app, &Method::POST, "/api/v1/users/{id}/roles").unwrap_err();
        assert!(format!("{err:?}").contains("E0000006"), "{err:?}");
        let err = authorize(&app, &Method::PATCH, "/api/v1/users/{id}").unwrap_err();
        assert!(format!("{err:?}").contains("E0000022"), "{err:?}");
        assert!(
            authorize(
                &Principal::ApiToken,
                &Method::DELETE,
                "/api/v1/groups/{gid}/users/{uid}"
            )
            .is_ok()
        );
    }
}
