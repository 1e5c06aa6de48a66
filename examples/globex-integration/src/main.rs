//! The Globex integration's binary: `serve`, `validate`, `openapi`, `plan` and `demo`, with the
//! embedded Globex vendor (tenant `demo`, 130 people) as its test vendor.

use std::process::ExitCode;

use globex_integration::{base_url_of, builder, demo_tenant};
use globex_vendor::GlobexVendor;
use okta_actions::cli::{IntegrationCli, TestVendor};

fn main() -> ExitCode {
    IntegrationCli::new(builder)
        .embedded_vendor(|| async {
            let vendor = GlobexVendor::demo(130).spawn("127.0.0.1:0").await?;
            Ok(TestVendor::new(base_url_of(&vendor), demo_tenant(), vendor))
        })
        .main()
}
