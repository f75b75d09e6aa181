//! The README is the language reference: these tests keep it true. Every command in the table
//! is documented, the example scripts in `tests/scripts/` run cleanly, and the README's CI
//! example is one of them, word for word.

use std::fs;

use mip::sim::script::session::Session;
use mip::sim::script::table::COMMANDS;

fn readme() -> String {
    fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable")
}

#[test]
fn readme_documents_every_command() {
    let readme = readme();
    let missing: Vec<String> = COMMANDS
        .iter()
        .map(|c| c.name())
        .filter(|name| !readme.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "README lacks these commands: {missing:?}"
    );
}

#[test]
fn readme_documents_every_reason_and_error_code() {
    let readme = readme();
    for reason in mip::sim::evaluate::Reason::ALL {
        assert!(
            readme.contains(&format!("`{}`", reason.code())),
            "README lacks reason code {}",
            reason.code()
        );
    }
    for kind in mip::sim::script::error::ErrorKind::ALL {
        assert!(
            readme.contains(&format!("`{}`", kind.code())),
            "README lacks error code {}",
            kind.code()
        );
    }
}

#[test]
fn example_scripts_run_without_errors() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scripts");
    let mut ran = 0;
    for entry in fs::read_dir(dir).expect("tests/scripts exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("sh") {
            continue;
        }
        let source = fs::read_to_string(&path).expect("script is readable");
        let session = Session::run(&source);
        let errors: Vec<String> = session
            .records
            .iter()
            .filter_map(|r| r.error.as_ref())
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        ran += 1;
    }
    assert!(ran >= 2, "expected example scripts in {dir}");
}

#[test]
fn readme_ci_example_is_the_tested_script() {
    let script = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/scripts/docs_example.sh"
    ))
    .expect("example exists");
    assert!(
        readme().contains(&script),
        "README's CI example differs from tests/scripts/docs_example.sh"
    );
}
