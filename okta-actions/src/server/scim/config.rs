//! [`ScimConfig`]: where the facade is mounted and how much work one request may do; the base
//! path's tenant placeholders are checked against the integration's auth mapping.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use super::cursors::{MemoryCursorStore, ScimCursorStore};
use super::deletion::DeleteUser;
use crate::auth::TenantVariable;
use crate::{ActionContext, ActionError, Integration};

/// Actions without which the facade cannot serve `/Users` (OIN requires them for Provisioning).
const REQUIRED_ACTIONS: [&str; 3] = ["GetUserById", "GetUserByUserName", "ListUsers"];

/// The settings of the SCIM 2.0 facade.
///
/// The base path carries the tenant: Okta's SCIM client sends no custom headers, so every
/// tenant variable of the integration's auth mapping is a `{name}` segment of the path, and the
/// `Authorization` header Okta sends (`Bearer …` or `Basic …`) is the tenant's credential.
///
/// ```
/// use std::sync::Arc;
/// use okta_actions::server::scim::ScimConfig;
/// # fn demo(integration: okta_actions::Integration) {
/// // Tenant `demo` is served at /scim/v2/demo/Users, /scim/v2/demo/Groups, …
/// let router = ScimConfig::new("/scim/v2/{subdomain}")
///     .default_count(100)
///     .max_count(200)
///     .into_router(Arc::new(integration))
///     .expect("the base path names the integration's tenant variables");
/// # let _: axum::Router = router;
/// # }
/// // Placeholders are checked when the router is built:
/// assert!(ScimConfig::new("/scim/{Sub-Domain}").base_path_variables().is_err());
/// ```
#[derive(Debug, Clone)]
#[must_use = "build the facade with `.into_router(integration)`"]
pub struct ScimConfig {
    pub(crate) base_path: String,
    pub(crate) public_url: Option<String>,
    pub(crate) default_count: usize,
    pub(crate) max_count: usize,
    pub(crate) page_size: usize,
    pub(crate) max_pages: usize,
    pub(crate) max_members: usize,
    pub(crate) body_limit: usize,
    pub(crate) action_timeout: Duration,
    pub(crate) validate_output: bool,
    pub(crate) cursors: Arc<dyn ScimCursorStore>,
    pub(crate) cursor_ttl: Duration,
    pub(crate) exact_totals: bool,
    pub(crate) delete_user: Option<DeleteUser>,
}

impl ScimConfig {
    /// A facade mounted at `base_path`, for example `/scim/v2/{subdomain}`; each `{name}`
    /// segment is a tenant variable. Defaults: `count` 100 (at most 200), contract pages of 100,
    /// at most 100 contract calls to reach one page, 10 000 members per group read, 1 MiB
    /// bodies, 60 s per action, outputs validated, exact totals, 1 024 cursors remembered in
    /// memory for 10 minutes.
    pub fn new(base_path: impl Into<String>) -> Self {
        ScimConfig {
            base_path: base_path.into(),
            public_url: None,
            default_count: 100,
            max_count: 200,
            page_size: 100,
            max_pages: 100,
            max_members: 10_000,
            body_limit: 1024 * 1024,
            action_timeout: Duration::from_secs(60),
            validate_output: true,
            cursors: Arc::new(MemoryCursorStore::new(1024)),
            cursor_ttl: Duration::from_secs(600),
            exact_totals: true,
            delete_user: None,
        }
    }

    /// The scheme and authority written into `meta.location`, e.g. `https://scim.acme.example`.
    /// Without it, locations use the request's `Host` and `X-Forwarded-Proto` (default `http`).
    pub fn public_url(mut self, url: impl Into<String>) -> Self {
        self.public_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// The page size of a list read that sends no `count` (default 100, Okta's page size).
    pub fn default_count(mut self, count: usize) -> Self {
        self.default_count = count;
        self
    }

    /// The largest page a list read returns, whatever `count` asks (default 200); reported as
    /// `filter.maxResults` in `/ServiceProviderConfig`.
    pub fn max_count(mut self, count: usize) -> Self {
        self.max_count = count.max(1);
        self
    }

    /// The `pagination.limit` sent on each contract list call (default 100).
    pub fn page_size(mut self, limit: usize) -> Self {
        self.page_size = limit.max(1);
        self
    }

    /// How many contract list calls one SCIM request may make (default 100). A `startIndex`
    /// that cannot be reached within the budget, or a filter evaluated over a longer list, is
    /// answered `400 tooMany`; a total that cannot be counted within it is a lower bound.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// How many members one group read may return (default 10 000); a larger group is
    /// answered `400 tooMany` unless `excludedAttributes=members`.
    pub fn max_members(mut self, members: usize) -> Self {
        self.max_members = members;
        self
    }

    /// The largest request body accepted; larger bodies are answered `413` (default 1 MiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long one contract action may run before the request is answered `504`.
    pub fn action_timeout(mut self, timeout: Duration) -> Self {
        self.action_timeout = timeout;
        self
    }

    /// Deletes users: `DELETE /Users/{id}` calls `delete` with the request's action context
    /// and the user id, and answers `204`; afterwards the user answers `404` as RFC 7644 §3.6
    /// requires (it is gone from the vendor). A failure maps like an action's
    /// (`RESOURCE_NOT_FOUND` → `404`, …).
    ///
    /// Without it (the default) the contracts, which have no delete action, decide: `DELETE`
    /// deactivates the user with DeactivateUser and answers `204`, and the user stays readable
    /// with `active: false`, so that a later `PATCH active=true` can bring it back. That
    /// departs from §3.6, whose `404` after a DELETE would hide a user Okta can still
    /// reactivate; Okta itself never sends `DELETE /Users`, it deprovisions with
    /// `active: false`.
    ///
    /// ```
    /// use okta_actions::server::scim::ScimConfig;
    /// use okta_actions::{ActionContext, ActionError};
    ///
    /// async fn delete_user(ctx: ActionContext, id: String) -> Result<(), ActionError> {
    ///     ctx.vendor()?.delete(&format!("/users/{id}")).send().await?.error_for_status()?;
    ///     Ok(())
    /// }
    /// let config = ScimConfig::new("/scim/v2/{subdomain}").delete_users_with(delete_user);
    /// # let _ = config;
    /// ```
    pub fn delete_users_with<F, Fut>(mut self, delete: F) -> Self
    where
        F: Fn(ActionContext, String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), ActionError>> + Send + 'static,
    {
        self.delete_user = Some(DeleteUser::new(delete));
        self
    }

    /// Whether handler outputs are validated against the contract (on by default); a violating
    /// output is answered `500`. Only outputs whose type leaves them open are checked (see
    /// [`OpenParts`](crate::contracts::OpenParts)); the type guarantees the others.
    pub fn validate_output(mut self, on: bool) -> Self {
        self.validate_output = on;
        self
    }

    /// Remembers list cursors in this process's memory: at most `entries` of them (per tenant,
    /// resource and offset), each for `ttl`, so that Okta's page-by-page import resumes where
    /// the previous page ended; 0 remembers none. This is the default (1 024 entries, 10
    /// minutes).
    pub fn cursor_cache(mut self, entries: usize, ttl: Duration) -> Self {
        self.cursors = Arc::new(MemoryCursorStore::new(entries));
        self.cursor_ttl = ttl;
        self
    }

    /// Remembers list cursors in `store`, each for `ttl`: a store the replicas share lets any
    /// of them serve the next page of an import another one started (see [`ScimCursorStore`]).
    pub fn cursor_store(mut self, store: impl ScimCursorStore, ttl: Duration) -> Self {
        self.cursors = Arc::new(store);
        self.cursor_ttl = ttl;
        self
    }

    /// Whether `totalResults` is exact on every page of `GET /Users` and `GET /Groups` (on by
    /// default). The contracts give no count, so an exact total walks the list to its end:
    /// up to [`max_pages`](Self::max_pages) contract calls per request, each remembering the
    /// cursor it passes. Off, a page stops after its last item and the total is a lower bound
    /// (the resources seen plus one) until the last page, which is enough for Okta's import.
    pub fn exact_totals(mut self, on: bool) -> Self {
        self.exact_totals = on;
        self
    }

    /// The base path as configured.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The tenant variables the base path names, in order.
    ///
    /// # Errors
    /// The base path is not an absolute path of literal and `{name}` segments, or names a
    /// variable twice or with an invalid name.
    pub fn base_path_variables(&self) -> Result<Vec<String>, ScimConfigError> {
        Ok(BasePath::parse(&self.base_path)?.variables)
    }

    /// Checks the configuration against an integration: the base path parses, its
    /// placeholders are exactly the integration's declared tenant variables, and the
    /// integration implements `GetUserById`, `GetUserByUserName` and `ListUsers`.
    ///
    /// # Errors
    /// Every problem found.
    pub fn check(&self, integration: &Integration) -> Result<(), ScimConfigError> {
        self.resolve(integration).map(|_| ())
    }

    pub(crate) fn resolve(&self, integration: &Integration) -> Result<BasePath, ScimConfigError> {
        let base = BasePath::parse(&self.base_path)?;
        let declared: Vec<&str> = integration
            .auth()
            .map(|mapping| mapping.tenant_variables().collect())
            .unwrap_or_default();
        let mut problems = Vec::new();
        for name in &base.variables {
            if !declared.contains(&name.as_str()) {
                problems.push(format!(
                    "`{{{name}}}` is not a tenant variable of the integration (declared: {})",
                    list(&declared)
                ));
            }
        }
        for name in &declared {
            if !base.variables.iter().any(|v| v == name) {
                problems.push(format!(
                    "tenant variable `{name}` must appear in the base path as `{{{name}}}`: \
                     Okta's SCIM requests carry no tenant headers"
                ));
            }
        }
        for ident in REQUIRED_ACTIONS {
            if integration.action(ident).is_none() {
                problems.push(format!("the integration does not implement {ident}"));
            }
        }
        if problems.is_empty() {
            Ok(base)
        } else {
            Err(ScimConfigError {
                base_path: self.base_path.clone(),
                problems,
            })
        }
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// What is wrong with a [`ScimConfig`] for an integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimConfigError {
    base_path: String,
    problems: Vec<String>,
}

impl ScimConfigError {
    fn one(base_path: &str, problem: String) -> Self {
        ScimConfigError {
            base_path: base_path.to_owned(),
            problems: vec![problem],
        }
    }

    /// Every problem, one sentence each.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for ScimConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the SCIM base path `{}` does not fit:", self.base_path)?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScimConfigError {}

/// A parsed base path: its axum route form and the tenant variables in order.
#[derive(Debug, Clone)]
pub(crate) struct BasePath {
    /// The route prefix (`""` for the root), in axum's `{name}` syntax.
    pub(crate) route: String,
    /// The tenant variables, in path order.
    pub(crate) variables: Vec<String>,
}

impl BasePath {
    fn parse(path: &str) -> Result<Self, ScimConfigError> {
        let fail = |reason: String| ScimConfigError::one(path, reason);
        if !path.starts_with('/') {
            return Err(fail("the base path must start with `/`".to_owned()));
        }
        let trimmed = path.trim_end_matches('/');
        let mut variables = Vec::new();
        for segment in trimmed.split('/').skip(1) {
            if segment.is_empty() {
                return Err(fail("the base path has an empty segment (`//`)".to_owned()));
            }
            if let Some(name) = segment
                .strip_prefix('{')
                .and_then(|rest| rest.strip_suffix('}'))
            {
                let variable = TenantVariable::new(name).map_err(|_| {
                    fail(format!(
                        "`{{{name}}}` is not a tenant variable name (lowercase letters, digits \
                         and underscores, starting with a letter)"
                    ))
                })?;
                if variables.iter().any(|v| v == variable.as_str()) {
                    return Err(fail(format!("`{{{name}}}` appears twice")));
                }
                variables.push(variable.as_str().to_owned());
            } else if segment
                .chars()
                .any(|c| matches!(c, '{' | '}' | '*' | '?' | '#' | '%' | ':') || c.is_whitespace())
            {
                return Err(fail(format!(
                    "segment `{segment}` must be a literal or exactly one `{{name}}` placeholder"
                )));
            }
        }
        Ok(BasePath {
            route: trimmed.to_owned(),
            variables,
        })
    }

    /// How many path segments the base path has.
    pub(crate) fn segments(&self) -> usize {
        self.route.split('/').skip(1).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_parse_into_routes_and_variables() {
        let base = BasePath::parse("/scim/v2/{subdomain}/").unwrap();
        assert_eq!(base.route, "/scim/v2/{subdomain}");
        assert_eq!(base.variables, ["subdomain"]);
        assert_eq!(base.segments(), 3);
        assert_eq!(BasePath::parse("/").unwrap().route, "");
        assert!(BasePath::parse("scim").is_err());
        assert!(BasePath::parse("/scim//v2").is_err());
        assert!(BasePath::parse("/scim/{a}/{a}").is_err());
        assert!(BasePath::parse("/scim/x{a}").is_err());
        assert!(BasePath::parse("/scim/{*rest}").is_err());
    }
}
