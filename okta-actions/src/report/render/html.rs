//! One self-contained HTML page: verdict, the coverage matrix at a glance, then the checks,
//! failures first. Inline CSS only: no scripts, no external assets.

use std::fmt::Write as _;

use super::text::html;
use super::{
    case_tag, coverage_by_capability, plan_by_severity, plan_line, tag, tally_line, verdict, yes_no,
};
use crate::report::{CaseStatus, Check, Coverage, Report, Status, Verdict};

const STYLE: &str = r#"
:root {
  color-scheme: light;
  --fail: #b42318; --fail-bg: #fee4e2;
  --warn: #93370d; --warn-bg: #fef0c7;
  --pass: #067647; --pass-bg: #dcfae6;
  --skip: #475467; --skip-bg: #f2f4f7;
  --line: #d0d5dd; --muted: #475467;
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 75rem; padding: 1.5rem; color: #101828;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { margin: 0 0 .5rem; font-size: 1.6rem; }
h2 { margin: 2rem 0 .75rem; font-size: 1.2rem; border-bottom: 1px solid var(--line); }
code { font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  overflow-wrap: anywhere; }
.verdict { display: inline-block; margin: 0 0 .5rem; padding: .2rem .8rem; border-radius: 1rem;
  font-weight: 700; }
.verdict.ready { background: var(--pass-bg); color: var(--pass); }
.verdict.not-ready { background: var(--fail-bg); color: var(--fail); }
.verdict.conformance-not-run { background: var(--warn-bg); color: var(--warn); }
.meta { margin: .25rem 0; color: var(--muted); }
.tag { display: inline-block; min-width: 3.2rem; padding: 0 .4rem; border-radius: .25rem;
  font: 700 .75rem/1.6 ui-monospace, monospace; text-align: center; }
.fail .tag, .tag.fail { background: var(--fail); color: #fff; }
.warn .tag, .tag.warn { background: var(--warn); color: #fff; }
.pass .tag, .tag.pass { background: var(--pass); color: #fff; }
.skip .tag, .tag.skip { background: var(--skip-bg); color: var(--skip); }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left;
  vertical-align: top; }
th { background: #f9fafb; }
.cell { display: inline-block; margin: .15rem; padding: .1rem .5rem; border: 2px solid;
  border-radius: .3rem; font: .85rem/1.5 ui-monospace, monospace; }
.cell.fail { background: var(--fail-bg); color: var(--fail); }
.cell.warn { background: var(--warn-bg); color: var(--warn); }
.cell.pass { background: var(--pass-bg); color: var(--pass); }
.cell.skip { background: var(--skip-bg); color: var(--skip); }
.cell.missing { border-style: dashed; }
.cell .req { font-weight: 700; }
.legend { margin: .5rem 0; color: var(--muted); font-size: .85rem; }
.legend .cell { margin: 0 .25rem 0 0; }
.check { margin: .75rem 0; padding: .5rem .9rem; border-left: 4px solid var(--line);
  background: #f9fafb; }
.check.fail { border-color: var(--fail); }
.check.warn { border-color: var(--warn); }
.check h3 { margin: 0; font-size: 1rem; font-weight: 600; }
.check p { margin: .25rem 0; }
.context { color: var(--muted); font-weight: 400; }
details { margin: .25rem 0; }
summary { cursor: pointer; color: var(--muted); }
ul.evidence { margin: .25rem 0; padding-left: 1.25rem; }
ul.evidence code { white-space: pre-wrap; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
"#;

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    let name = html(&report.integration);
    let (verdict, rest) = verdict(report);
    let verdict_class = match report.verdict() {
        Verdict::Ready => "ready",
        Verdict::NotReady => "not-ready",
        Verdict::ConformanceNotRun => "conformance-not-run",
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{verdict}: {name} OIN validation report</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n"
    );

    let capabilities = if report.capabilities.is_empty() {
        "none declared".to_owned()
    } else {
        report
            .capabilities
            .iter()
            .map(|c| format!("<code>{}</code>", html(c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let conformance = if report.conformance_run {
        "run against a vendor instance"
    } else {
        "not run (static checks only)"
    };
    let _ = write!(
        out,
        "<header>\n<h1>OIN validation report: {name}</h1>\n\
         <p class=\"verdict {verdict_class}\">{verdict}{rest}</p>\n\
         <p class=\"meta\">{tally} ({total} checks)</p>\n\
         <p class=\"meta\">Capabilities: {capabilities}. Conformance: {conformance}.</p>\n\
         </header>\n",
        tally = tally_line(report),
        total = report.checks.len(),
    );

    if !report.coverage.is_empty() {
        coverage(&mut out, report);
    }
    if !report.test_plan.is_empty() {
        test_plan(&mut out, report);
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
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2>{title} ({})</h2>",
            title.to_ascii_lowercase(),
            selected.len()
        );
        for check in selected {
            detailed(&mut out, check);
        }
        out.push_str("</section>\n");
    }

    let rest: Vec<&Check> = checks
        .iter()
        .copied()
        .filter(|c| matches!(c.status, Status::Pass | Status::Skip))
        .collect();
    if !rest.is_empty() {
        let tally = report.tally();
        let _ = writeln!(
            out,
            "<section id=\"passes\">\n<h2>Passed and skipped ({} passed, {} skipped)</h2>\n\
             <table>\n<thead><tr><th>Result</th><th>Check</th><th>Group</th><th>Action</th>\
             <th>Reason</th></tr></thead>\n<tbody>",
            tally.pass, tally.skip
        );
        for check in rest {
            let _ = write!(
                out,
                "<tr class=\"{status}\"><td><span class=\"tag\">{tag}</span></td>\
                 <td><code>{id}</code></td><td>{group}</td><td>{action}</td><td>{reason}",
                status = check.status.as_str(),
                tag = tag(check.status),
                id = html(&check.id),
                group = html(&check.group),
                action = check
                    .action
                    .as_deref()
                    .map(|a| format!("<code>{}</code>", html(a)))
                    .unwrap_or_default(),
                reason = html(&check.reason),
            );
            evidence(&mut out, check, false);
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }

    let _ = write!(
        out,
        "<footer>Produced by okta-actions {} against Okta's action contracts {}.</footer>\n\
         </body>\n</html>\n",
        html(&report.sdk_version),
        html(&report.contract_version)
    );
    out
}

/// Okta's test plan: one row per case, failures first, each with why or the steps left.
fn test_plan(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<section id=\"test-plan\">\n<h2>Okta test plan</h2>\n<p class=\"meta\">{}</p>\n\
         <table>\n<thead><tr><th>Result</th><th>Cases</th><th>Section</th><th>Title</th>\
         <th>Why, or the steps left</th></tr></thead>\n<tbody>",
        html(&plan_line(report))
    );
    for case in plan_by_severity(report) {
        let class = match case.status {
            CaseStatus::Fail => "fail",
            CaseStatus::Pass => "pass",
            CaseStatus::Skip | CaseStatus::Manual => "skip",
        };
        let _ = write!(
            out,
            "<tr class=\"{class}\"><td><span class=\"tag\">{}</span></td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}",
            case_tag(case.status),
            html(&case.ids.join(", ")),
            html(&case.section),
            html(&case.title),
            html(&case.reason),
        );
        if case.status == CaseStatus::Fail && !case.evidence.is_empty() {
            out.push_str("<ul class=\"evidence\">");
            for line in &case.evidence {
                let _ = write!(out, "<li><code>{}</code></li>", html(line));
            }
            out.push_str("</ul>");
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The capability × action matrix: one row per OIN group, one colour-coded tile per action.
fn coverage(out: &mut String, report: &Report) {
    out.push_str(
        "<section id=\"coverage\">\n<h2>Coverage</h2>\n<table class=\"matrix\">\n\
         <thead><tr><th>Capability</th><th>OIN group</th><th>Actions</th></tr></thead>\n<tbody>\n",
    );
    for (capability, groups) in coverage_by_capability(report) {
        for (i, (group, rows)) in groups.iter().enumerate() {
            out.push_str("<tr>");
            if i == 0 {
                let _ = write!(
                    out,
                    "<th rowspan=\"{}\" scope=\"rowgroup\">{}</th>",
                    groups.len(),
                    html(capability)
                );
            }
            let _ = write!(out, "<td>{}</td><td>", html(group));
            for row in rows {
                tile(out, row);
            }
            out.push_str("</td></tr>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(
        "<p class=\"legend\"><span class=\"cell pass\">passed</span>\
         <span class=\"cell warn\">warning</span><span class=\"cell fail\">failed</span>\
         <span class=\"cell skip\">skipped</span><span class=\"cell skip missing\">dashed: not \
         implemented</span><span class=\"cell skip\"><span class=\"req\">*</span> required</span>\
         </p>\n</section>\n",
    );
}

/// One action of the matrix; its `title` spells out what the colours and marks say.
fn tile(out: &mut String, row: &Coverage) {
    let missing = if row.implemented { "" } else { " missing" };
    let required = if row.required {
        "<span class=\"req\">*</span>"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<span class=\"cell {status}{missing}\" title=\"{action}: required {required_word}, \
         implemented {implemented_word}, {tag}\">{action}{required}</span>",
        status = row.status.as_str(),
        action = html(&row.action),
        required_word = yes_no(row.required),
        implemented_word = yes_no(row.implemented),
        tag = tag(row.status),
    );
}

/// A failure or warning in full.
fn detailed(out: &mut String, check: &Check) {
    let context = match &check.action {
        Some(action) => format!("{} · <code>{}</code>", html(&check.group), html(action)),
        None => html(&check.group),
    };
    let _ = write!(
        out,
        "<article class=\"check {status}\">\n<h3><span class=\"tag\">{tag}</span> \
         <code>{id}</code> <span class=\"context\">{context}</span></h3>\n<p>{reason}</p>\n",
        status = check.status.as_str(),
        tag = tag(check.status),
        id = html(&check.id),
        reason = html(&check.reason),
    );
    evidence(out, check, check.status == Status::Fail);
    out.push_str("</article>\n");
}

/// The check's evidence in a `<details>` block, unfolded when `open`.
fn evidence(out: &mut String, check: &Check, open: bool) {
    if check.evidence.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<details{}><summary>Evidence ({})</summary><ul class=\"evidence\">",
        if open { " open" } else { "" },
        check.evidence.len()
    );
    for line in &check.evidence {
        let _ = write!(out, "<li><code>{}</code></li>", html(line));
    }
    out.push_str("</ul></details>\n");
}
