//! The terminal summary: colour only when asked, and never the model's own escape sequences.

use okta_actions::report::{Format, RenderOptions, render};

use super::fixtures::{failing, ready};

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
