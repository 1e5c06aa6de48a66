//! JUnit XML for CI: one `<testsuite>` per group, one `<testcase>` per check. A failure is a
//! `<failure>`, a skip `<skipped>`, and a warning a passing test case that says so in
//! `<system-out>`.

use std::fmt::Write as _;

use super::group_by;
use super::text::{xml_attr, xml_text};
use crate::report::{Check, Report, Status};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let tally = report.tally();
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        xml_attr(&format!("OIN validation: {}", report.integration)),
        report.checks.len(),
        tally.fail,
        tally.skip,
    );
    for (group, checks) in group_by(&report.checks, |c| &c.group) {
        let count = |status| checks.iter().filter(|c| c.status == status).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            xml_attr(group),
            checks.len(),
            count(Status::Fail),
            count(Status::Skip),
        );
        for check in checks {
            testcase(&mut out, check);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn testcase(out: &mut String, check: &Check) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\"",
        xml_attr(&check.group),
        xml_attr(&check.id)
    );
    match check.status {
        Status::Pass => out.push_str("/>\n"),
        Status::Skip => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                xml_attr(&check.reason)
            );
        }
        Status::Fail => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"fail\">{}</failure>\n    </testcase>",
                xml_attr(&check.reason),
                xml_text(&details(check)),
            );
        }
        Status::Warn => {
            let _ = writeln!(
                out,
                ">\n      <system-out>WARN: {}</system-out>\n    </testcase>",
                xml_text(&details(check)),
            );
        }
    }
}

/// The reason, the action and the evidence, one per line.
fn details(check: &Check) -> String {
    let mut text = check.reason.clone();
    if let Some(action) = &check.action {
        let _ = write!(text, "\naction: {action}");
    }
    for line in &check.evidence {
        let _ = write!(text, "\n- {line}");
    }
    text
}
