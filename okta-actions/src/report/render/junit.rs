//! JUnit XML for CI: first the verdict as a test suite of its own (`OIN submission`, one test
//! case: passing when ready, a `<failure>` when a check failed, `<skipped>` when no conformance
//! run took part), then one `<testsuite>` per group, one `<testcase>` per check, and the test
//! plan. A failure is a `<failure>`, a skip `<skipped>`, and a warning a passing test case that
//! says so in `<system-out>`.

use std::fmt::Write as _;

use super::group_by;
use super::text::{xml_attr, xml_text};
use crate::report::{CaseStatus, Check, PlanCase, Report, Status, Verdict};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let tally = report.tally();
    let plan_count = |status| {
        report
            .test_plan
            .iter()
            .filter(|c| c.status == status)
            .count()
    };
    let plan_skipped = plan_count(CaseStatus::Skip) + plan_count(CaseStatus::Manual);
    let verdict = report.verdict();
    let (verdict_failed, verdict_skipped) = (
        usize::from(verdict == Verdict::NotReady),
        usize::from(verdict == Verdict::ConformanceNotRun),
    );
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        xml_attr(&format!("OIN validation: {}", report.integration)),
        1 + report.checks.len() + report.test_plan.len(),
        verdict_failed + tally.fail + plan_count(CaseStatus::Fail),
        verdict_skipped + tally.skip + plan_skipped,
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"OIN submission\" tests=\"1\" failures=\"{verdict_failed}\" errors=\"0\" skipped=\"{verdict_skipped}\">"
    );
    let (head, rest) = super::verdict(report);
    let said = xml_attr(&format!("{head}{rest}"));
    out.push_str("    <testcase classname=\"OIN submission\" name=\"verdict\"");
    match verdict {
        Verdict::Ready => out.push_str("/>\n"),
        Verdict::NotReady => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{said}\" type=\"fail\">{} check(s) failed</failure>\n    </testcase>",
                tally.fail
            );
        }
        Verdict::ConformanceNotRun => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{said}\"/>\n    </testcase>"
            );
        }
    }
    out.push_str("  </testsuite>\n");
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
    if !report.test_plan.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"Okta test plan\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{plan_skipped}\">",
            report.test_plan.len(),
            plan_count(CaseStatus::Fail),
        );
        for case in &report.test_plan {
            plan_case(&mut out, case);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// One test-plan row: its case ids and title; a manual case is skipped with the steps left.
fn plan_case(out: &mut String, case: &PlanCase) {
    let _ = write!(
        out,
        "    <testcase classname=\"Okta test plan.{}\" name=\"{}\"",
        xml_attr(&case.section),
        xml_attr(&format!("{} {}", case.ids.join(" "), case.title))
    );
    match case.status {
        CaseStatus::Pass => out.push_str("/>\n"),
        CaseStatus::Skip | CaseStatus::Manual => {
            let prefix = if case.status == CaseStatus::Manual {
                "manual: "
            } else {
                ""
            };
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                xml_attr(&format!("{prefix}{}", case.reason))
            );
        }
        CaseStatus::Fail => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"fail\">{}</failure>\n    </testcase>",
                xml_attr(&case.reason),
                xml_text(&case.evidence.join("\n")),
            );
        }
    }
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
