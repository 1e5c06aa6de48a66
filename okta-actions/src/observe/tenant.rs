//! The tenant as logs name it: a digest, so logs can be grouped per tenant without carrying
//! the tenant's identifiers.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::auth::TenantContext;

/// `t-` and 8 hex digits of a hash of the tenant's variables (names and values, in name
/// order); the credential is left out (it rotates, and is a secret). Stable for a given build:
/// `DefaultHasher::new()` uses fixed keys. 32 bits tell tenants apart in logs; they are a
/// correlation tag, not a commitment: a guessable value (a subdomain) can be confirmed by
/// hashing it, which is why the variables are not secrets in the auth mapping's model either.
pub(crate) fn tenant_tag(tenant: &TenantContext) -> String {
    let mut hasher = DefaultHasher::new();
    for (name, value) in tenant.variables() {
        (name, value).hash(&mut hasher);
    }
    format!("t-{:08x}", hasher.finish() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(subdomain: &str) -> TenantContext {
        TenantContext::new([("subdomain".to_owned(), subdomain.to_owned())], None)
    }

    #[test]
    fn the_tag_is_stable_per_tenant_and_shows_no_value() {
        let acme = tenant_tag(&tenant("acme"));
        assert_eq!(acme, tenant_tag(&tenant("acme")));
        assert_ne!(acme, tenant_tag(&tenant("globex")));
        assert!(acme.starts_with("t-") && acme.len() == 10, "{acme}");
        assert!(!acme.contains("acme"));
    }
}
