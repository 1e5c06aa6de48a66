//! The integration's binary: `serve`, `validate`, `openapi`, `plan` (see `--help`).

use std::process::ExitCode;

use okta_actions::cli::IntegrationCli;

fn main() -> ExitCode {
    IntegrationCli::new(starter_integration::builder).main()
}
