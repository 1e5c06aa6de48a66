//! JUnit XML: well formed (checked by a small tag-balance parser), with the counts CI reads.

use okta_actions::report::{CaseStatus, Format, RenderOptions, Report, Status, Verdict, render};

use super::fixtures::{failing, ready, static_only};

/// An element as the checker saw it: its name and attributes (values unescaped), and the
/// text directly inside it.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> &str {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no `{name}`", self.name))
    }

    fn count(&self, name: &str) -> usize {
        self.children.iter().filter(|c| c.name == name).count()
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Unescapes the five predefined entities and numeric character references; panics on a bare
/// `&` or an unknown entity.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("an entity ends with `;`") + at;
        let entity = &rest[at + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = entity
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("unknown entity &{entity};"));
                char::from_u32(code.parse().expect("decimal reference")).unwrap()
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    assert!(
        !out.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
        "XML 1.0 forbids control characters: {out:?}"
    );
    out
}

/// Parses the subset of XML the renderer writes: a declaration, elements, attributes in double
/// quotes, and text. Panics on anything unbalanced or unescaped.
fn parse(xml: &str) -> Element {
    let rest = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack = vec![Element::default()];
    let mut rest = rest;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            stack.last_mut().unwrap().text.push_str(&unescape(rest));
            break;
        };
        let text = &rest[..open];
        assert!(!text.contains('>'), "unescaped `>` in text {text:?}");
        stack.last_mut().unwrap().text.push_str(&unescape(text));
        let close = rest[open..].find('>').expect("a tag ends with `>`") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let element = stack.pop().expect("a closing tag closes an open element");
            assert_eq!(element.name, name, "mismatched closing tag");
            stack.last_mut().unwrap().children.push(element);
            continue;
        }
        let (tag, self_closing) = match tag.strip_suffix('/') {
            Some(tag) => (tag, true),
            None => (tag, false),
        };
        let element = parse_tag(tag);
        if self_closing {
            stack.last_mut().unwrap().children.push(element);
        } else {
            stack.push(element);
        }
    }
    assert_eq!(
        stack.len(),
        1,
        "unclosed elements: {:?}",
        stack[1..].iter().map(|e| &e.name).collect::<Vec<_>>()
    );
    let mut document = stack.pop().unwrap();
    assert!(
        document.text.trim().is_empty(),
        "text outside the root element"
    );
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

fn parse_tag(tag: &str) -> Element {
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let name = &tag[..name_end];
    assert!(
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        "bad element name {name:?}"
    );
    let mut attributes = Vec::new();
    let mut rest = tag[name_end..].trim_start();
    while !rest.is_empty() {
        let (attr, after) = rest.split_once("=\"").expect("attribute=\"value\"");
        let (value, after) = after.split_once('"').expect("a closing quote");
        assert!(!value.contains('<'), "unescaped `<` in attribute");
        attributes.push((attr.to_owned(), unescape(value)));
        rest = after.trim_start();
    }
    Element {
        name: name.to_owned(),
        attributes,
        ..Element::default()
    }
}

fn junit(report: &Report) -> Element {
    parse(&render(report, Format::Junit, &RenderOptions::default()))
}

fn count(report: &Report, group: Option<&str>, status: Option<Status>) -> String {
    report
        .checks
        .iter()
        .filter(|c| group.is_none_or(|g| c.group == g))
        .filter(|c| status.is_none_or(|s| c.status == s))
        .count()
        .to_string()
}

#[test]
fn junit_is_well_formed_with_the_right_counts() {
    for report in [ready(), failing(), static_only()] {
        let root = junit(&report);
        assert_eq!(root.name, "testsuites");
        let verdict = report.verdict();
        let plan = |wanted: &[CaseStatus]| {
            report
                .test_plan
                .iter()
                .filter(|c| wanted.contains(&c.status))
                .count()
        };
        let total =
            |checks: String, cases: usize| (checks.parse::<usize>().unwrap() + cases).to_string();
        assert_eq!(
            root.attribute("tests"),
            total(count(&report, None, None), 1 + report.test_plan.len())
        );
        assert_eq!(
            root.attribute("failures"),
            total(
                count(&report, None, Some(Status::Fail)),
                usize::from(verdict == Verdict::NotReady) + plan(&[CaseStatus::Fail])
            )
        );
        assert_eq!(
            root.attribute("skipped"),
            total(
                count(&report, None, Some(Status::Skip)),
                usize::from(verdict == Verdict::ConformanceNotRun)
                    + plan(&[CaseStatus::Skip, CaseStatus::Manual])
            )
        );
        assert_eq!(root.attribute("errors"), "0");
        assert_eq!(
            root.attribute("name"),
            format!("OIN validation: {}", report.integration)
        );

        let mut seen = 0;
        for suite in &root.children {
            assert_eq!(suite.name, "testsuite");
            let group = suite.attribute("name");
            if group == "OIN submission" {
                let kinds: Vec<&str> = suite.children[0]
                    .children
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect();
                match verdict {
                    Verdict::Ready => assert!(kinds.is_empty()),
                    Verdict::NotReady => assert_eq!(kinds, ["failure"]),
                    Verdict::ConformanceNotRun => assert_eq!(kinds, ["skipped"]),
                }
                continue;
            }
            if group == "Okta test plan" {
                assert_eq!(suite.count("testcase"), report.test_plan.len());
                assert_eq!(
                    suite.attribute("failures"),
                    plan(&[CaseStatus::Fail]).to_string()
                );
                for (case, row) in suite.children.iter().zip(&report.test_plan) {
                    assert_eq!(
                        case.attribute("name"),
                        format!("{} {}", row.ids.join(" "), row.title)
                    );
                    let kinds: Vec<&str> = case.children.iter().map(|c| c.name.as_str()).collect();
                    match row.status {
                        CaseStatus::Pass => assert!(kinds.is_empty()),
                        CaseStatus::Fail => assert_eq!(kinds, ["failure"]),
                        CaseStatus::Skip | CaseStatus::Manual => assert_eq!(kinds, ["skipped"]),
                    }
                }
                continue;
            }
            assert_eq!(suite.attribute("tests"), count(&report, Some(group), None));
            assert_eq!(
                suite.count("testcase").to_string(),
                suite.attribute("tests")
            );
            assert_eq!(
                suite.attribute("failures"),
                count(&report, Some(group), Some(Status::Fail))
            );
            assert_eq!(
                suite.attribute("skipped"),
                count(&report, Some(group), Some(Status::Skip))
            );
            for case in &suite.children {
                assert_eq!(case.attribute("classname"), group);
                let check = &report
                    .checks
                    .iter()
                    .find(|c| c.id == case.attribute("name"))
                    .unwrap();
                assert_eq!(check.group, group);
                let kinds: Vec<&str> = case.children.iter().map(|c| c.name.as_str()).collect();
                match check.status {
                    Status::Pass => assert!(kinds.is_empty()),
                    Status::Skip => {
                        assert_eq!(kinds, ["skipped"]);
                        assert_eq!(case.children[0].attribute("message"), check.reason);
                    }
                    Status::Fail => {
                        assert_eq!(kinds, ["failure"]);
                        let failure = &case.children[0];
                        assert_eq!(failure.attribute("message"), check.reason);
                        for evidence in &check.evidence {
                            let shown = evidence.replace('\u{1b}', r"\u{1b}");
                            assert!(
                                failure.text.contains(&shown),
                                "{evidence} in {}",
                                failure.text
                            );
                        }
                    }
                    Status::Warn => {
                        assert_eq!(kinds, ["system-out"]);
                        let out = &case.child("system-out").unwrap().text;
                        assert!(out.starts_with(&format!("WARN: {}", check.reason)), "{out}");
                    }
                }
                seen += 1;
            }
        }
        assert_eq!(seen, report.checks.len());
    }
}

#[test]
fn the_checker_catches_malformed_xml() {
    let bad = [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a><b></a></b>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>x & y</a>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a m=\"x<y\"/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a><b>",
    ];
    for xml in bad {
        assert!(
            std::panic::catch_unwind(|| parse(xml)).is_err(),
            "accepted {xml}"
        );
    }
}
