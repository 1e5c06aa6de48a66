//! A vendor instance the command line can start in-process: the integration's embedded test
//! vendor, for `demo`, `validate --embedded` and `serve` without `--vendor-url`.

use std::any::Any;
use std::fmt;

use futures::future::BoxFuture;

use crate::auth::TenantContext;

/// A running test vendor: where it is and the tenant a thin flow would call it for.
pub struct TestVendor {
    pub(crate) base_url: String,
    pub(crate) tenant: TenantContext,
    _guard: Box<dyn Any + Send>,
}

impl TestVendor {
    /// A test vendor at `base_url` (which may name tenant variables, e.g.
    /// `http://127.0.0.1:8081/t/{app.subdomain}/v1`), called for `tenant`. `guard` keeps it
    /// running and is dropped when the command ends.
    pub fn new(base_url: impl Into<String>, tenant: TenantContext, guard: impl Any + Send) -> Self {
        TestVendor {
            base_url: base_url.into(),
            tenant,
            _guard: Box::new(guard),
        }
    }
}

impl fmt::Debug for TestVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestVendor")
            .field("base_url", &self.base_url)
            .field("tenant", &self.tenant)
            .finish_non_exhaustive()
    }
}

/// Starts the embedded test vendor.
pub(crate) type StartVendor =
    dyn Fn() -> BoxFuture<'static, std::io::Result<TestVendor>> + Send + Sync;
