//! The JSON report against its published schema: both reports validate, and a report the
//! schema does not describe does not.

use jsonschema::Validator;
use okta_actions::report::{
    Format, REPORT_SCHEMA, REPORT_SCHEMA_ID, RenderOptions, Report, render,
};
use serde_json::{Value, json};

use super::fixtures::{failing, ready, static_only};

fn schema() -> Value {
    serde_json::from_str(REPORT_SCHEMA).expect("the published schema is JSON")
}

fn validator() -> Validator {
    jsonschema::draft202012::new(&schema()).expect("the published schema compiles")
}

fn document(report: &Report) -> Value {
    let text = render(report, Format::Json, &RenderOptions::default());
    serde_json::from_str(&text).expect("the JSON format is JSON")
}

fn errors(document: &Value) -> Vec<String> {
    validator()
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_published_schema_is_a_2020_12_schema_and_the_file_on_disk() {
    let schema = schema();
    jsonschema::draft202012::meta::validate(&schema)
        .expect("valid against the 2020-12 meta-schema");
    assert_eq!(schema["$id"], REPORT_SCHEMA_ID);
    let on_disk = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/validation-report.schema.json"
    ))
    .unwrap();
    assert_eq!(on_disk, REPORT_SCHEMA);
}

#[test]
fn every_report_validates_against_the_schema() {
    for report in [ready(), failing(), static_only()] {
        let document = document(&report);
        assert_eq!(errors(&document), Vec::<String>::new());
        assert_eq!(document["$schema"], REPORT_SCHEMA_ID);
        assert_eq!(document["ready"], report.is_ready());
        assert_eq!(document["verdict"], report.verdict().as_str());
        assert_eq!(document["static_checks_pass"], report.static_checks_pass());
        let tally = report.tally();
        assert_eq!(
            document["tally"],
            json!({"pass": tally.pass, "warn": tally.warn, "fail": tally.fail, "skip": tally.skip})
        );
    }
}

#[test]
fn the_json_round_trips_to_the_same_report() {
    for report in [ready(), failing(), static_only()] {
        let mut document = document(&report);
        let object = document.as_object_mut().unwrap();
        for derived in ["$schema", "ready", "verdict", "static_checks_pass", "tally"] {
            object.remove(derived);
        }
        let back: Report = serde_json::from_value(document).unwrap();
        assert_eq!(back, report);
    }
}

#[test]
fn an_unknown_status_is_rejected() {
    let mut document = document(&failing());
    document["checks"][1]["status"] = json!("error");
    let found = errors(&document);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(r#"/checks/1/status: "error" is not one of "fail", "warn""#),
        "{found:?}"
    );

    let mut document = document_of_ready();
    document["coverage"][0]["status"] = json!("PASS");
    assert!(!errors(&document).is_empty());
}

fn document_of_ready() -> Value {
    document(&ready())
}

#[test]
fn unknown_fields_and_missing_fields_are_rejected() {
    let mut document = document_of_ready();
    document["checks"][0]["severity"] = json!("high");
    assert!(!errors(&document).is_empty(), "unknown check field");

    let mut document = document_of_ready();
    document["environment"] = json!({"OKTA_ACTIONS_AUTHORIZATION": "x"});
    assert!(!errors(&document).is_empty(), "unknown top-level field");

    let mut document = document_of_ready();
    document.as_object_mut().unwrap().remove("coverage");
    assert!(!errors(&document).is_empty(), "missing coverage");
}

#[test]
fn a_verdict_that_contradicts_the_checks_is_rejected() {
    let mut document = document(&failing());
    document["ready"] = json!(true);
    assert!(!errors(&document).is_empty(), "ready with failures");

    let mut document = document_of_ready();
    document["ready"] = json!(false);
    assert!(!errors(&document).is_empty(), "not ready without a failure");
}

#[test]
fn a_report_without_a_conformance_run_is_never_ready() {
    let document = document(&static_only());
    assert_eq!(document["ready"], false);
    assert_eq!(document["verdict"], "conformance_not_run");
    assert_eq!(document["static_checks_pass"], true);

    let mut claims_ready = document.clone();
    claims_ready["ready"] = json!(true);
    claims_ready["verdict"] = json!("ready");
    assert!(
        !errors(&claims_ready).is_empty(),
        "ready without a conformance run"
    );

    let mut claims_not_ready = document_of_ready();
    claims_not_ready["verdict"] = json!("conformance_not_run");
    claims_not_ready["ready"] = json!(false);
    assert!(
        !errors(&claims_not_ready).is_empty(),
        "conformance_not_run for a report with a conformance run"
    );
}
