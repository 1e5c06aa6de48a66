//! Every format of the three reports (ready, failing, static checks only), as a reviewer reads them. `cargo insta review` after a change.

use okta_actions::report::{Format, RenderOptions, Report, render};

use super::fixtures::{failing, ready, static_only};

fn snapshot(name: &str, report: &Report, format: Format) {
    let text = render(report, format, &RenderOptions::default());
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("{name}_{format}"), text);
    });
}

#[test]
fn ready_report_in_every_format() {
    for format in Format::ALL {
        snapshot("ready", &ready(), format);
    }
}

#[test]
fn failing_report_in_every_format() {
    for format in Format::ALL {
        snapshot("failing", &failing(), format);
    }
}

#[test]
fn static_only_report_in_every_format() {
    for format in Format::ALL {
        snapshot("static_only", &static_only(), format);
    }
}
