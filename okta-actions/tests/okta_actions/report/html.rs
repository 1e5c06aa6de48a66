//! The HTML page: self-contained, script-free, and every model string escaped.

use okta_actions::report::{Format, RenderOptions, render};

use super::fixtures::{failing, model_strings, needing_escape, ready};

#[test]
fn model_text_never_reaches_the_page_unescaped() {
    for report in [ready(), failing()] {
        let page = render(&report, Format::Html, &RenderOptions::default());
        assert!(!page.to_ascii_lowercase().contains("<script"), "{page}");
        for raw in needing_escape(&report, &['<', '&', '"', '>', '\'']) {
            assert!(!page.contains(&raw), "unescaped {raw:?}");
        }
        assert!(!page.contains('\u{1b}'));
    }
    let page = render(&failing(), Format::Html, &RenderOptions::default());
    assert!(page.contains("&lt;html&gt;&lt;script&gt;alert(&#39;page&#39;)&lt;/script&gt;"));
    assert!(
        page.contains("<h1>OIN validation report: Globex People &amp; Payroll &lt;EU&gt;</h1>")
    );
}

#[test]
fn the_page_is_self_contained() {
    for report in [ready(), failing()] {
        let page = render(&report, Format::Html, &RenderOptions::default());
        for external in [
            "<link", "src=", "href=", "@import", "url(", "http://", "https://",
        ] {
            // The failing fixture quotes a vendor URL: escaped text, not a reference.
            let hits = page.matches(external).count();
            let quoted = model_strings(&report)
                .iter()
                .map(|s| s.matches(external).count())
                .sum::<usize>();
            assert!(hits <= quoted, "{external} in the page");
        }
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(page.ends_with("</html>\n"));
    }
}

#[test]
fn failures_come_first_and_every_action_has_a_tile() {
    let report = failing();
    let page = render(&report, Format::Html, &RenderOptions::default());
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(at("id=\"coverage\"") < at("id=\"failures\""));
    assert!(at("id=\"failures\"") < at("id=\"warnings\""));
    assert!(at("id=\"warnings\"") < at("id=\"passes\""));
    assert_eq!(page.matches(" title=\"").count(), report.coverage.len());
    assert!(page.contains(
        "<span class=\"cell fail missing\" title=\"ListUsers: required yes, implemented no, FAIL\">"
    ));
}
