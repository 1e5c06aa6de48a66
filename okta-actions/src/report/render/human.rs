//! The terminal summary: verdict first, then what needs attention, then what went well, then the
//! coverage matrix.

use super::text::{lines, one_line, pad};
use super::{
    RenderOptions, case_tag, coverage_by_capability, group_by, plan_by_severity, plan_line, tag,
    tally_line, verdict, yes_no,
};
use crate::report::{CaseStatus, Check, Report, Status, Verdict};

/// Lines of the compact lists wrap before this many characters.
const WIDTH: usize = 100;

/// Hand-written ANSI styles; empty when colour is off.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    fn status(&self, status: Status, text: &str) -> String {
        let code = match status {
            Status::Fail => "31",
            Status::Warn => "33",
            Status::Pass => "32",
            Status::Skip => "2",
        };
        self.paint(code, text)
    }
}

pub(super) fn render(report: &Report, options: &RenderOptions) -> String {
    let style = Style {
        color: options.color,
    };
    let mut out = String::new();
    header(&mut out, report, &style);

    let checks = report.checks_by_severity();
    for (status, title) in [(Status::Fail, "Failures"), (Status::Warn, "Warnings")] {
        let selected: Vec<&Check> = checks
            .iter()
            .copied()
            .filter(|c| c.status == status)
            .collect();
        if !selected.is_empty() {
            detailed(&mut out, &style, title, &selected);
        }
    }
    for (status, title) in [(Status::Pass, "Passed"), (Status::Skip, "Skipped")] {
        let selected: Vec<&Check> = checks
            .iter()
            .copied()
            .filter(|c| c.status == status)
            .collect();
        if !selected.is_empty() {
            compact(&mut out, &style, status, title, &selected);
        }
    }
    if !report.coverage.is_empty() {
        coverage(&mut out, &style, report);
    }
    if !report.test_plan.is_empty() {
        test_plan(&mut out, &style, report);
    }
    out
}

/// Okta's test plan: one line per case, failures first with why, manual cases with the steps
/// left to the ISV.
fn test_plan(out: &mut String, style: &Style, report: &Report) {
    out.push_str(&format!(
        "\n{}\n",
        style.bold(&format!("Okta test plan: {}", plan_line(report)))
    ));
    let cases = plan_by_severity(report);
    let width = cases
        .iter()
        .map(|c| c.ids.join(", ").chars().count())
        .max()
        .unwrap_or(0);
    for case in cases {
        let status = match case.status {
            CaseStatus::Fail => Status::Fail,
            CaseStatus::Pass => Status::Pass,
            CaseStatus::Skip | CaseStatus::Manual => Status::Skip,
        };
        out.push_str(&format!(
            "  {}  {}  {}\n",
            pad(&case.ids.join(", "), width),
            style.status(status, &pad(case_tag(case.status), 6)),
            one_line(&case.title),
        ));
        if case.status != CaseStatus::Pass {
            out.push_str(&format!(
                "  {}  {}\n",
                " ".repeat(width + 8),
                style.paint("2", &one_line(&case.reason))
            ));
        }
    }
}

fn header(out: &mut String, report: &Report, style: &Style) {
    let conformance = if report.conformance_run {
        "run against a vendor instance"
    } else {
        "not run (static checks only)"
    };
    let capabilities = if report.capabilities.is_empty() {
        "none declared".to_owned()
    } else {
        one_line(&report.capabilities.join(", "))
    };
    let (head, rest) = verdict(report);
    let colour = match report.verdict() {
        Verdict::Ready => "1;32",
        Verdict::NotReady => "1;31",
        Verdict::ConformanceNotRun => "1;33",
    };
    out.push_str(&format!(
        "{}: {}{rest}\n",
        style.bold(&one_line(&report.integration)),
        style.paint(colour, head),
    ));
    let rows = [
        (
            "checks",
            format!("{} ({} in all)", tally_line(report), report.checks.len()),
        ),
        ("capabilities", capabilities),
        ("conformance", conformance.to_owned()),
        (
            "versions",
            format!(
                "okta-actions {}, contracts {}",
                one_line(&report.sdk_version),
                one_line(&report.contract_version)
            ),
        ),
    ];
    for (label, value) in rows {
        out.push_str(&format!("  {}{value}\n", pad(&format!("{label}:"), 15)));
    }
    if !report.test_plan.is_empty() {
        out.push_str(&format!("  Okta test plan: {}\n", plan_line(report)));
    }
}

/// Failures or warnings in full: tag, id, group and action, reason, evidence.
fn detailed(out: &mut String, style: &Style, title: &str, checks: &[&Check]) {
    out.push_str(&format!(
        "\n{}\n",
        style.bold(&format!("{title} ({})", checks.len()))
    ));
    for check in checks {
        let context = match &check.action {
            Some(action) => format!("[{} / {}]", one_line(&check.group), one_line(action)),
            None => format!("[{}]", one_line(&check.group)),
        };
        out.push_str(&format!(
            "  {}  {}  {}\n",
            style.status(check.status, tag(check.status)),
            style.bold(&one_line(&check.id)),
            style.paint("2", &context),
        ));
        for line in lines(&check.reason) {
            out.push_str(&format!("        {line}\n"));
        }
        for evidence in &check.evidence {
            for (i, line) in lines(evidence).iter().enumerate() {
                let bullet = if i == 0 { "- " } else { "  " };
                out.push_str(&format!("        {bullet}{line}\n"));
            }
        }
    }
}

/// Passes or skips in brief: per group, the check ids, wrapped.
fn compact(out: &mut String, style: &Style, status: Status, title: &str, checks: &[&Check]) {
    out.push_str(&format!(
        "\n{}\n",
        style.bold(&format!("{title} ({})", checks.len()))
    ));
    let groups = group_by(checks.iter().copied(), |c| &c.group);
    let label_width = groups
        .iter()
        .map(|(group, _)| one_line(group).chars().count())
        .max()
        .unwrap_or(0);
    for (group, members) in groups {
        let indent = 2 + label_width + 2;
        let mut line = format!("  {}  ", pad(&one_line(group), label_width));
        let mut line_len = indent;
        for (i, check) in members.iter().enumerate() {
            let id = one_line(&check.id);
            let item = if i + 1 < members.len() {
                format!("{id},")
            } else {
                id
            };
            let item_len = item.chars().count();
            if i > 0 {
                if line_len + 1 + item_len > WIDTH {
                    line.push('\n');
                    line.push_str(&" ".repeat(indent));
                    line_len = indent;
                } else {
                    line.push(' ');
                    line_len += 1;
                }
            }
            line.push_str(&style.status(status, &item));
            line_len += item_len;
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// The coverage matrix as an aligned table, grouped by capability then OIN group.
fn coverage(out: &mut String, style: &Style, report: &Report) {
    out.push_str(&format!("\n{}\n", style.bold("Coverage")));
    let header = [
        "CAPABILITY",
        "OIN GROUP",
        "ACTION",
        "REQUIRED",
        "IMPLEMENTED",
        "RESULT",
    ];
    let mut rows: Vec<([String; 5], Status)> = Vec::new();
    for (capability, groups) in coverage_by_capability(report) {
        let mut first_of_capability = true;
        for (group, actions) in groups {
            let mut first_of_group = true;
            for row in actions {
                rows.push((
                    [
                        if first_of_capability {
                            one_line(capability)
                        } else {
                            String::new()
                        },
                        if first_of_group {
                            one_line(group)
                        } else {
                            String::new()
                        },
                        one_line(&row.action),
                        yes_no(row.required).to_owned(),
                        yes_no(row.implemented).to_owned(),
                    ],
                    row.status,
                ));
                first_of_capability = false;
                first_of_group = false;
            }
        }
    }
    let mut widths = header.map(str::len);
    for (cells, _) in &rows {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut head = String::from(" ");
    for (title, width) in header.iter().zip(widths).take(5) {
        head.push(' ');
        head.push_str(&pad(title, width + 1));
    }
    head.push(' ');
    head.push_str(header[5]);
    out.push_str(&style.paint("2", &head));
    out.push('\n');
    for (cells, status) in rows {
        let mut line = String::from(" ");
        for (cell, width) in cells.iter().zip(widths) {
            line.push(' ');
            line.push_str(&pad(cell, width + 1));
        }
        line.push(' ');
        line.push_str(&style.status(status, tag(status)));
        out.push_str(&line);
        out.push('\n');
    }
}
