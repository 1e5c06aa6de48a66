//! The macros' compile-time checks, pinned by trybuild fixtures (see `tests/ui/README.md`).

#[test]
fn compile_fail_and_pass_fixtures() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
