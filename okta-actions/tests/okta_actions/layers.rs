//! The library's modules depend on each other in one direction only (the README's
//! "Architecture" picture): a module may name modules of its own layer or below, never above.
//! Read from the source text, so that a new `use crate::…` that points upward fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// The top-level modules, lowest layer first. `contracts` is another crate, below them all.
const LAYERS: &[&[&str]] = &[
    &["auth", "state"],
    &["client"],
    &[
        "action",
        "handler",
        "paging",
        "integration",
        "dispatch",
        "observe",
        "__private",
        "ActionContext",
        "ActionError",
        "Integration",
        "IntegrationBuilder",
        "IntegrationError",
    ],
    &["server", "testing"],
    &["wiring"],
    &["report"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level modules a file names through `crate::`, its unit tests left out.
fn named_modules(source: &str) -> BTreeSet<String> {
    let code = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .split("#[cfg(all(test")
        .next()
        .unwrap_or_default();
    let code: String = code
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut named = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            named.extend(
                group
                    .split(',')
                    .filter_map(|item| item.trim().split("::").next())
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned),
            );
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            named.insert(name);
        }
    }
    named
}

fn rust_files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn every_module_names_only_its_own_layer_or_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|name| name.trim_end_matches(".rs"))
            .expect("a file name");
        let Some(own) = layer_of(top) else {
            assert_eq!(
                top,
                "lib",
                "{} is in no layer: add it to LAYERS",
                relative.display()
            );
            continue;
        };
        checked += 1;
        let source = std::fs::read_to_string(file).expect("a source file");
        for named in named_modules(&source) {
            match layer_of(&named) {
                Some(layer) if layer > own => upward.push(format!(
                    "{} (layer {own}) names `crate::{named}` (layer {layer})",
                    relative.display()
                )),
                Some(_) => {}
                None => upward.push(format!(
                    "{} names `crate::{named}`, which is in no layer: add it to LAYERS",
                    relative.display()
                )),
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} files read from {}",
        src.display()
    );
    assert!(
        upward.is_empty(),
        "upward dependencies:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_plain_paths_but_not_comments_or_unit_tests() {
    let source = "use crate::{auth::TenantContext, vendor};\n\
                  // crate::cli in a comment\n\
                  fn f() { crate::server::x(); }\n\
                  #[cfg(test)]\nmod tests { use crate::report; }";
    let named: Vec<String> = named_modules(source).into_iter().collect();
    assert_eq!(named, ["auth", "server", "vendor"]);
}
