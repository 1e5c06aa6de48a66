//! Renderers of the validation report: a terminal summary, JSON for tools, Markdown for the OIN
//! submission notes, a self-contained HTML page and JUnit XML for CI.
//!
//! Every renderer reads only the [`Report`]; none reads the environment, the clock or the file
//! system, so the same report always renders to the same bytes.

mod html;
mod human;
mod json;
mod junit;
mod markdown;
mod text;

use std::fmt;
use std::str::FromStr;

use super::model::{Coverage, Report, Status, Verdict};
use super::test_plan::{CaseStatus, PlanCase};

/// The `$id` of the published JSON Schema of the JSON report, and the value of the report's
/// `"$schema"` field.
pub const REPORT_SCHEMA_ID: &str = "https://raw.githubusercontent.com/okta-actions/okta-actions/main/okta-actions/schemas/validation-report.schema.json";

/// The published JSON Schema (draft 2020-12) of the JSON report, as shipped in
/// `okta-actions/schemas/validation-report.schema.json`.
pub const REPORT_SCHEMA: &str = include_str!("../../../schemas/validation-report.schema.json");

/// An output format of the validation report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A summary for a terminal: verdict, failures and warnings in full, passes in brief, and
    /// the coverage matrix as a text table.
    Human,
    /// The report as a JSON document that validates against [`REPORT_SCHEMA`].
    Json,
    /// Markdown to paste into the OIN submission notes.
    Markdown,
    /// One self-contained HTML page (inline CSS, no scripts, no external assets).
    Html,
    /// JUnit XML for CI test-result viewers: one test suite per group, one test case per check.
    Junit,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Format; 5] = [
        Format::Human,
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Junit,
    ];

    /// The name `--format` accepts: `human`, `json`, `markdown`, `html` or `junit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Junit => "junit",
        }
    }

    /// The usual file extension of the format, without the dot: `txt`, `json`, `md`, `html` or
    /// `xml`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Human => "txt",
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Junit => "xml",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = ParseFormatError;

    /// Parses a `--format` value; case-insensitive, and `md`, `text` and `xml` are accepted as
    /// aliases of `markdown`, `human` and `junit`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let alias = match wanted.as_str() {
            "md" => Some(Format::Markdown),
            "text" | "txt" => Some(Format::Human),
            "xml" => Some(Format::Junit),
            _ => None,
        };
        alias
            .or_else(|| Format::ALL.into_iter().find(|f| f.as_str() == wanted))
            .ok_or_else(|| ParseFormatError {
                given: s.to_owned(),
            })
    }
}

/// A `--format` value that names no [`Format`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFormatError {
    given: String,
}

impl fmt::Display for ParseFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown report format `{}`: expected one of ",
            self.given
        )?;
        for (i, format) in Format::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(format.as_str())?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseFormatError {}

/// How to render. The default renders plain text: no colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Whether the human format may use ANSI colours (red failures, yellow warnings, green
    /// passes, dim skips). The other formats ignore it. The caller decides, for example from
    /// whether stdout is a terminal and `NO_COLOR` is unset.
    pub color: bool,
}

/// Renders the report in the given format.
///
/// The output depends on the report and the options only, so it is stable across runs.
///
/// ```
/// use okta_actions::report::{Check, Format, RenderOptions, Report, Status, render};
///
/// let report = Report {
///     integration: "Acme".into(),
///     sdk_version: "0.1.0".into(),
///     contract_version: "2026-06-09".into(),
///     capabilities: vec!["provisioning".into()],
///     conformance_run: false,
///     checks: vec![
///         Check::new("oin.user-query", "User query", Status::Fail, "ListUsers is required")
///             .for_action("ListUsers"),
///     ],
///     coverage: vec![],
///     test_plan: vec![],
/// };
///
/// let text = render(&report, Format::Human, &RenderOptions::default());
/// assert!(text.starts_with("Acme: NOT READY for OIN submission"));
///
/// let format: Format = "junit".parse().unwrap();
/// let xml = render(&report, format, &RenderOptions::default());
/// assert!(xml.contains(r#"<testcase classname="User query" name="oin.user-query">"#));
/// assert_eq!(format.extension(), "xml");
/// ```
pub fn render(report: &Report, format: Format, options: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, options),
        Format::Json => json::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
        Format::Junit => junit::render(report),
    }
}

/// The verdict in words: an upper-case head (`READY`, `NOT READY`, `STATIC CHECKS PASSED`) and
/// the rest of the sentence, which says what the head is about. A report without a conformance
/// run never says READY.
fn verdict(report: &Report) -> (&'static str, &'static str) {
    match report.verdict() {
        Verdict::Ready => ("READY", " for OIN submission"),
        Verdict::NotReady => ("NOT READY", " for OIN submission"),
        Verdict::ConformanceNotRun => (
            "STATIC CHECKS PASSED",
            "; conformance not run, so not ready for OIN submission",
        ),
    }
}

/// `2 failed, 1 warning, 8 passed, 1 skipped`: the tally in words, zero counts included so the
/// line reads the same from run to run.
fn tally_line(report: &Report) -> String {
    let tally = report.tally();
    let warnings = if tally.warn == 1 {
        "warning"
    } else {
        "warnings"
    };
    format!(
        "{} failed, {} {warnings}, {} passed, {} skipped",
        tally.fail, tally.warn, tally.pass, tally.skip
    )
}

/// `52 of 54 automatable cases passed (1 failed, 1 skipped), 15 manual`: the test plan in words.
fn plan_line(report: &Report) -> String {
    let t = report.plan_tally();
    let mut line = format!("{} of {} automatable cases passed", t.passed, t.automatable);
    if t.failed + t.skipped > 0 {
        line.push_str(&format!(" ({} failed, {} skipped)", t.failed, t.skipped));
    }
    line.push_str(&format!(", {} manual", t.manual));
    line
}

/// A test-plan outcome as an upper-case tag: `FAIL`, `PASS`, `SKIP`, `MANUAL`.
fn case_tag(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Fail => "FAIL",
        CaseStatus::Pass => "PASS",
        CaseStatus::Skip => "SKIP",
        CaseStatus::Manual => "MANUAL",
    }
}

/// The test-plan rows failures first, then skips, passes and manual cases, stable within each.
fn plan_by_severity(report: &Report) -> Vec<&PlanCase> {
    let mut cases: Vec<&PlanCase> = report.test_plan.iter().collect();
    cases.sort_by_key(|c| c.status);
    cases
}

/// `yes` or `no`.
fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// Items grouped by a key, groups in the order of their first item, items in their own order.
fn group_by<'a, T: 'a>(
    items: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&T) -> &str,
) -> Grouped<'a, T> {
    let mut groups: Grouped<'a, T> = Vec::new();
    for item in items {
        let k = key(item);
        match groups.iter_mut().find(|(name, _)| *name == k) {
            Some((_, members)) => members.push(item),
            None => groups.push((k, vec![item])),
        }
    }
    groups
}

/// Named items: a group name and its members.
type Grouped<'a, T> = Vec<(&'a str, Vec<&'a T>)>;

/// The coverage rows grouped by capability, then by OIN group, both in order of first
/// appearance; rows keep the report's order within a group.
fn coverage_by_capability(report: &Report) -> Vec<(&str, Grouped<'_, Coverage>)> {
    group_by(&report.coverage, |c| &c.capability)
        .into_iter()
        .map(|(capability, rows)| (capability, group_by(rows, |c| &c.oin_group)))
        .collect()
}

/// The status as an upper-case tag: `FAIL`, `WARN`, `PASS`, `SKIP`.
fn tag(status: Status) -> &'static str {
    match status {
        Status::Fail => "FAIL",
        Status::Warn => "WARN",
        Status::Pass => "PASS",
        Status::Skip => "SKIP",
    }
}
