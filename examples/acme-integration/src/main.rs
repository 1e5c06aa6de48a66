//! The Acme integration's binary: `serve`, `validate`, `openapi`, `plan` and `demo`, with the
//! embedded Acme vendor as its test vendor.

use std::process::ExitCode;

use acme_integration::{builder, demo_tenant};
use acme_vendor::AcmeVendor;
use okta_actions::cli::{IntegrationCli, TestVendor};

fn main() -> ExitCode {
    IntegrationCli::new(builder)
        .embedded_vendor(|| async {
            let vendor = AcmeVendor::demo().spawn("127.0.0.1:0").await?;
            let base_url = format!("{}/t/{{app.subdomain}}/v1", vendor.base_url());
            Ok(TestVendor::new(base_url, demo_tenant(), vendor))
        })
        // The same handlers as an OIN SCIM app: tenant `demo` at /scim/v2/demo.
        .scim(acme_integration::scim_config())
        .main()
}
