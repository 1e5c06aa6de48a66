//! The Okta orgs `serve` trusts for the standard Universal Logout endpoint, read from a JSON file
//! that names each org's vendor connection. Credentials stay in environment variables; the file
//! only names them.
//!
//! ```json
//! [
//!   {
//!     "issuer": "https://globex.okta.com",
//!     "subject": "0oa1globexacmeapp",
//!     "variables": {"subdomain": "globex"},
//!     "authorization_env": "GLOBEX_ACME_AUTHORIZATION"
//!   }
//! ]
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use okta_actions_contracts::Secret;

use crate::auth::TenantContext;
use crate::server::logout::{TrustedIssuer, UniversalLogoutConfig};

/// One trusted org, as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustEntry {
    issuer: String,
    subject: String,
    #[serde(default)]
    variables: BTreeMap<String, String>,
    authorization_env: Option<String>,
    jwks_url: Option<String>,
}

/// The endpoint's configuration: `endpoint` is the exact URL Okta calls (the JWT `aud`).
pub(crate) fn load(
    file: &Path,
    endpoint: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Result<UniversalLogoutConfig, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let entries: Vec<TrustEntry> = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a list of trusted Okta orgs: {e}", file.display()))?;
    if entries.is_empty() {
        return Err(format!("{} trusts no Okta org", file.display()));
    }
    let mut config = UniversalLogoutConfig::new(endpoint);
    for entry in entries {
        let authorization = match &entry.authorization_env {
            Some(name) => Some(Secret::new(env(name).ok_or_else(|| {
                format!(
                    "set {name}: the vendor credential for Okta org {}",
                    entry.issuer
                )
            })?)),
            None => None,
        };
        let tenant = TenantContext::new(entry.variables, authorization);
        let mut issuer = TrustedIssuer::new(&entry.issuer, &entry.subject, tenant);
        if let Some(url) = entry.jwks_url {
            issuer = issuer.with_jwks_url(url);
        }
        config = config.with_trusted_issuer(issuer);
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> std::path::PathBuf {
        let path =
            std::env::temp_dir().join(format!("okta-actions-trust-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_trust_file_names_credentials_by_environment_variable() {
        let path = write(
            "ok.json",
            r#"[{"issuer": "https://globex.okta.com", "subject": "0oa1", "variables": {"subdomain": "globex"}, "authorization_env": "GLOBEX_KEY"}]"#,
        );
        let env = |name: &str| (name == "GLOBEX_KEY").then(|| "Bearer s3cr3t-9".to_owned());
        let config = load(
            &path,
            "https://adapter.acme.example/global-token-revocation",
            env,
        )
        .unwrap();
        let shown = format!("{config:?}");
        assert!(shown.contains("globex.okta.com"), "{shown}");
        assert!(!shown.contains("s3cr3t-9"), "{shown}");
    }

    #[test]
    fn a_missing_variable_an_unknown_field_or_an_empty_list_is_an_error() {
        let path = write(
            "env.json",
            r#"[{"issuer": "https://a.okta.com", "subject": "0oa1", "authorization_env": "NOPE_KEY"}]"#,
        );
        let error = load(&path, "https://x.example/l", |_| None).unwrap_err();
        assert!(error.contains("set NOPE_KEY"), "{error}");
        let path = write(
            "field.json",
            r#"[{"issuer": "https://a.okta.com", "subject": "0oa1", "secret": "x"}]"#,
        );
        assert!(
            load(&path, "https://x.example/l", |_| None)
                .unwrap_err()
                .contains("unknown field")
        );
        let path = write("empty.json", "[]");
        assert!(
            load(&path, "https://x.example/l", |_| None)
                .unwrap_err()
                .contains("trusts no Okta org")
        );
    }
}
