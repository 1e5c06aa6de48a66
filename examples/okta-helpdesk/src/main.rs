//! `cargo run -p okta-helpdesk`: starts the local Okta test server in-process, connects as a
//! service app (client credentials + `private_key_jwt`), runs the help-desk scenario and prints
//! what happened.

use std::io::Write as _;
use std::process::ExitCode;

use okta_helpdesk::scenario;

#[tokio::main]
async fn main() -> ExitCode {
    let (okta, conn) = match scenario::demo_org().await {
        Ok(started) => started,
        Err(err) => return fail(&format!("cannot start the local Okta org: {err}")),
    };
    println!("Local Okta org at {}", okta.base_url());
    match scenario::run(&conn, &mut |line| println!("{line}")).await {
        Ok(report) => {
            println!(
                "Done: {} requests reached Okta ({} access token issued); {} users streamed.",
                okta.requests().len(),
                okta.tokens_issued(),
                report.users_listed
            );
            ExitCode::SUCCESS
        }
        Err(err) => fail(&format!("the scenario failed: {err}")),
    }
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "{message}");
    ExitCode::FAILURE
}
