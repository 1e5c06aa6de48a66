//! The JSON document: the report, its `$schema`, and the derived verdict and tally.

use serde::Serialize;

use super::REPORT_SCHEMA_ID;
use crate::report::{PlanTally, Report, Tally, Verdict};

/// The serialised shape, described by `schemas/validation-report.schema.json`. The derived fields
/// come first so that a reader sees the verdict before the details.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    ready: bool,
    verdict: Verdict,
    static_checks_pass: bool,
    tally: Tally,
    test_plan_tally: PlanTally,
    #[serde(flatten)]
    report: &'a Report,
}

pub(super) fn render(report: &Report) -> String {
    let document = Document {
        schema: REPORT_SCHEMA_ID,
        ready: report.is_ready(),
        verdict: report.verdict(),
        static_checks_pass: report.static_checks_pass(),
        tally: report.tally(),
        test_plan_tally: report.plan_tally(),
        report,
    };
    let mut out = serde_json::to_string_pretty(&document)
        .expect("a report of strings, booleans and enums always serialises");
    out.push('\n');
    out
}
