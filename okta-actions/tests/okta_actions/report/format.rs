//! The `--format` names, their file extensions, and output that does not change between runs.

use okta_actions::report::{Format, RenderOptions, render};

use super::fixtures::{failing, ready};

#[test]
fn format_names_round_trip_and_have_extensions() {
    let table: Vec<_> = Format::ALL
        .iter()
        .map(|f| (f.as_str(), f.extension()))
        .collect();
    assert_eq!(
        table,
        [
            ("human", "txt"),
            ("json", "json"),
            ("markdown", "md"),
            ("html", "html"),
            ("junit", "xml"),
        ]
    );
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        assert_eq!(format.to_string(), format.as_str());
    }
    assert_eq!("MD".parse::<Format>(), Ok(Format::Markdown));
    assert_eq!(" JUnit ".parse::<Format>(), Ok(Format::Junit));
}

#[test]
fn an_unknown_format_names_the_accepted_ones() {
    let error = "sarif".parse::<Format>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown report format `sarif`: expected one of human, json, markdown, html, junit"
    );
}

#[test]
fn rendering_is_deterministic() {
    for report in [ready(), failing()] {
        for format in Format::ALL {
            for color in [false, true] {
                let options = RenderOptions { color };
                assert_eq!(
                    render(&report, format, &options),
                    render(&report.clone(), format, &options),
                    "{format}"
                );
            }
        }
    }
}

#[test]
fn colour_changes_only_the_human_format() {
    let report = failing();
    for format in [Format::Json, Format::Markdown, Format::Html, Format::Junit] {
        assert_eq!(
            render(&report, format, &RenderOptions { color: true }),
            render(&report, format, &RenderOptions::default()),
            "{format}"
        );
    }
}
