//! Markdown for the OIN submission notes: verdict, coverage table, what needs attention, and
//! the passes folded away.

use super::text::{md_code, md_code_prose, md_text};
use super::{
    case_tag, coverage_by_capability, plan_by_severity, plan_line, tag, tally_line, verdict, yes_no,
};
use crate::report::{CaseStatus, Check, Report, Status};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# OIN validation report: {}\n\n",
        md_text(&report.integration)
    ));
    let (head, rest) = verdict(report);
    out.push_str(&format!(
        "**{head}**{rest}: {} ({} checks).\n\n",
        tally_line(report),
        report.checks.len()
    ));
    let capabilities = if report.capabilities.is_empty() {
        "none declared".to_owned()
    } else {
        report
            .capabilities
            .iter()
            .map(|c| md_code_prose(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!("- Capabilities: {capabilities}\n"));
    out.push_str(&format!(
        "- Conformance run: {}\n",
        if report.conformance_run {
            "yes, against a vendor instance"
        } else {
            "no (static checks only)"
        }
    ));
    out.push_str(&format!(
        "- Checked with okta-actions {} against Okta's contracts {}\n",
        md_text(&report.sdk_version),
        md_text(&report.contract_version)
    ));

    if !report.coverage.is_empty() {
        out.push_str("\n## Coverage\n\n");
        out.push_str("| Capability | Action | OIN group | Required | Implemented | Result |\n");
        out.push_str("|---|---|---|:-:|:-:|---|\n");
        for (capability, groups) in coverage_by_capability(report) {
            for (group, rows) in groups {
                for row in rows {
                    out.push_str(&format!(
                        "| {} | {} | {} | {} | {} | {} |\n",
                        md_text(capability),
                        md_code(&row.action),
                        md_text(group),
                        yes_no(row.required),
                        yes_no(row.implemented),
                        result(row.status),
                    ));
                }
            }
        }
    }

    if !report.test_plan.is_empty() {
        out.push_str(&format!(
            "\n## Okta test plan\n\n{}.\n\n",
            plan_line(report)
        ));
        out.push_str("| Cases | Section | Title | Result | Why, or the steps left |\n");
        out.push_str("|---|---|---|---|---|\n");
        for case in plan_by_severity(report) {
            let result = match case.status {
                CaseStatus::Fail => format!("**{}**", case_tag(case.status)),
                status => case_tag(status).to_owned(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {result} | {} |\n",
                md_text(&case.ids.join(", ")),
                md_text(&case.section),
                md_text(&case.title),
                md_text(&case.reason),
            ));
        }
    }

    let checks = report.checks_by_severity();
    for (status, title) in [(Status::Fail, "Failures"), (Status::Warn, "Warnings")] {
        let selected: Vec<&Check> = checks
            .iter()
            .copied()
            .filter(|c| c.status == status)
            .collect();
        if selected.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title} ({})\n\n", selected.len()));
        for check in selected {
            let context = match &check.action {
                Some(action) => format!("{}, {}", md_text(&check.group), md_code_prose(action)),
                None => md_text(&check.group),
            };
            out.push_str(&format!(
                "- **{}** {} ({context}): {}\n",
                tag(check.status),
                md_code_prose(&check.id),
                md_text(&check.reason)
            ));
            for evidence in &check.evidence {
                out.push_str(&format!("  - {}\n", md_code_prose(evidence)));
            }
        }
    }

    let rest: Vec<&Check> = checks
        .iter()
        .copied()
        .filter(|c| matches!(c.status, Status::Pass | Status::Skip))
        .collect();
    if !rest.is_empty() {
        let tally = report.tally();
        out.push_str("\n## Passed and skipped checks\n\n");
        out.push_str(&format!(
            "<details>\n<summary>{} passed, {} skipped</summary>\n\n",
            tally.pass, tally.skip
        ));
        out.push_str("| Result | Check | Group | Action | Reason |\n");
        out.push_str("|---|---|---|---|---|\n");
        for check in rest {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                result(check.status),
                md_code(&check.id),
                md_text(&check.group),
                check.action.as_deref().map(md_code).unwrap_or_default(),
                reason_and_evidence(check),
            ));
        }
        out.push_str("\n</details>\n");
    }
    out
}

/// A status for a table cell: failures and warnings in bold.
fn result(status: Status) -> String {
    match status {
        Status::Fail | Status::Warn => format!("**{}**", tag(status)),
        Status::Pass | Status::Skip => tag(status).to_owned(),
    }
}

/// The reason, then each line of evidence as a code span, for one table cell.
fn reason_and_evidence(check: &Check) -> String {
    let mut cell = md_text(&check.reason);
    for evidence in &check.evidence {
        cell.push_str("<br>");
        cell.push_str(&md_code(evidence));
    }
    cell
}
