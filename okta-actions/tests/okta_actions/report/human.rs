//! The terminal summary: colour only when asked, and never the model's own escape sequences.

use okta_actions::report::{Format, RenderOptions, render};

use super::fixtures::{failing, ready, static_only};

const ESC: char = '\u{1b}';

#[test]
fn colour_uses_ansi_codes() {
    let text = render(&failing(), Format::Human, &RenderOptions { color: true });
    assert!(text.contains("\u{1b}[1;31mNOT READY\u{1b}[0m"), "{text}");
    assert!(text.contains("\u{1b}[31mFAIL\u{1b}[0m"), "red failures");
    assert!(text.contains("\u{1b}[33mWARN\u{1b}[0m"), "yellow warnings");
    assert!(text.contains("\u{1b}[32m"), "green passes");
    assert!(text.contains("\u{1b}[2mSKIP\u{1b}[0m"), "dim skips");

    let text = render(&ready(), Format::Human, &RenderOptions { color: true });
    assert!(text.contains("\u{1b}[1;32mREADY\u{1b}[0m"), "{text}");

    let text = render(
        &static_only(),
        Format::Human,
        &RenderOptions { color: true },
    );
    assert!(
        text.contains("\u{1b}[1;33mSTATIC CHECKS PASSED\u{1b}[0m"),
        "yellow, not green, without a conformance run: {text}"
    );
}

#[test]
fn a_report_without_a_conformance_run_never_says_ready() {
    let report = static_only();
    assert!(!report.is_ready());
    assert!(report.static_checks_pass());
    let text = render(&report, Format::Human, &RenderOptions::default());
    assert!(
        text.starts_with(
            "Acme HR: STATIC CHECKS PASSED; conformance not run, so not ready for OIN submission\n"
        ),
        "{text}"
    );
    for format in Format::ALL {
        let text = render(&report, format, &RenderOptions::default());
        assert!(!text.contains("READY for OIN"), "{format}: {text}");
        let said: &[&str] = if format == Format::Json {
            &[r#""verdict": "conformance_not_run""#]
        } else {
            &[
                "STATIC CHECKS PASSED",
                "; conformance not run, so not ready for OIN submission",
            ]
        };
        for words in said {
            assert!(text.contains(words), "{format}: {text}");
        }
    }
}

#[test]
fn without_colour_there_is_no_escape_character_at_all() {
    for report in [ready(), failing()] {
        let text = render(&report, Format::Human, &RenderOptions::default());
        assert!(!text.contains(ESC), "{text}");
    }
}

#[test]
fn escape_sequences_from_the_model_are_shown_not_obeyed() {
    let text = render(&failing(), Format::Human, &RenderOptions { color: true });
    assert!(
        !text.contains("\u{1b}[2J"),
        "the vendor's clear-screen reached the terminal"
    );
    assert!(text.contains(r"\u{1b}[2J"), "{text}");
}

#[test]
fn failures_come_before_warnings_and_passes_before_coverage() {
    let text = render(&failing(), Format::Human, &RenderOptions::default());
    let position = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` missing from\n{text}"))
    };
    assert!(position("Failures (3)") < position("Warnings (1)"));
    assert!(position("Warnings (1)") < position("Passed (6)"));
    assert!(position("Passed (6)") < position("Skipped (1)"));
    assert!(position("Skipped (1)") < position("Coverage"));
}
