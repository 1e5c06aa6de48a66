//! Markdown for the submission notes: tables keep their columns, and model text stays text.

use okta_actions::report::{Format, RenderOptions, Status, render};

use super::fixtures::{failing, ready};

/// The `|` of a table line that separate cells (those not escaped by a backslash).
fn separators(line: &str) -> usize {
    let bytes = line.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

#[test]
fn every_table_row_keeps_its_columns() {
    for report in [ready(), failing()] {
        let text = render(&report, Format::Markdown, &RenderOptions::default());
        let table_lines: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
        let coverage_rows = table_lines.iter().filter(|l| separators(l) == 7).count();
        let is_plan = |l: &&&str| {
            l.starts_with("| Cases |")
                || l.strip_prefix("| C")
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        };
        let plan_rows = table_lines.iter().filter(is_plan).count();
        assert!(
            table_lines
                .iter()
                .filter(is_plan)
                .all(|l| separators(l) == 6),
            "{text}"
        );
        assert_eq!(plan_rows, report.test_plan.len() + 1, "{text}");
        let check_rows = table_lines.iter().filter(|l| separators(l) == 6).count() - plan_rows - 1;
        assert_eq!(
            coverage_rows + check_rows + plan_rows + 1,
            table_lines.len(),
            "{text}"
        );
        assert_eq!(coverage_rows, report.coverage.len() + 2);
        let passes_and_skips = report
            .checks
            .iter()
            .filter(|c| matches!(c.status, Status::Pass | Status::Skip))
            .count();
        assert_eq!(check_rows, passes_and_skips + 2);
    }
}

#[test]
fn model_text_is_escaped() {
    let text = render(&failing(), Format::Markdown, &RenderOptions::default());
    assert!(text.starts_with("# OIN validation report: Globex People \\& Payroll \\<EU\\>\n"));
    assert!(text.contains("startIndex is ignored \\| stopped after 2 pages"));
    // Evidence is quoted in code spans, where Markdown shows markup as text.
    assert!(
        text.contains("  - `vendor said: \"<html><script>alert('page')</script>\" \\u{1b}[2J`\n")
    );
    assert_eq!(
        text.matches("<script>").count(),
        1,
        "only inside the code span"
    );
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("<details>\n<summary>6 passed, 1 skipped</summary>\n\n"));
}
