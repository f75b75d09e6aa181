//! Helpers shared by the script-driven test suites.
//!
//! Each suite includes this module and uses the helpers it needs.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;

use mip::sim::script::error::ScriptError;
use mip::sim::script::session::{Record, Session};

/// Runs a script and asserts that no statement failed.
pub fn run(script: &str) -> Session {
    let session = Session::run(script);
    assert_no_failures("the rule's script", &session.records);
    session
}

/// Runs a script in which exactly the statements `failing` picks fail (at least one must);
/// returns the session and the error of the last of them.
pub fn only_failure(script: &str, failing: impl Fn(&Record) -> bool) -> (Session, ScriptError) {
    let session = Session::run(script);
    let mut found = None;
    for r in &session.records {
        match (&r.error, failing(r)) {
            (Some(e), true) => found = Some(e.clone()),
            (Some(e), false) => panic!(
                "line {} ('{}') failed, but only the chosen statement should: {e}",
                r.line, r.text
            ),
            (None, true) => panic!(
                "line {} ('{}') should have failed but did not",
                r.line, r.text
            ),
            (None, false) => {}
        }
    }
    let error = found.unwrap_or_else(|| panic!("the script has no statement that should fail"));
    (session, error)
}

/// The record whose statement is exactly `text`, or else the only one that contains it.
pub fn record<'a>(session: &'a Session, text: &str) -> &'a Record {
    if let Some(exact) = session.records.iter().find(|r| r.text == text) {
        return exact;
    }
    let found: Vec<&Record> = session
        .records
        .iter()
        .filter(|r| r.text.contains(text))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!(
            "{} statements contain '{text}', expected exactly one",
            found.len()
        ),
    }
}

/// The JSON output of the statement [`record`] finds.
pub fn json<'a>(session: &'a Session, text: &str) -> &'a Value {
    let r = record(session, text);
    r.json
        .as_ref()
        .unwrap_or_else(|| panic!("'{}' printed no JSON", r.text))
}

/// Fails the test, listing each failed statement with its error, if any statement failed;
/// `what` names what ran (`the tutorial`, `02-system-assigned step 3 solution`).
pub fn assert_no_failures(what: &str, records: &[Record]) {
    let failures: Vec<String> = records
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| format!("{}\n    {e}", r.text)))
        .collect();
    assert!(
        failures.is_empty(),
        "{what}: statements failed:\n{}",
        failures.join("\n")
    );
}

/// Like [`assert_no_failures`] for a lesson's block: a statement under a `# fails: CODE` line
/// must fail with that code (the lesson shows a denial), every other one must succeed.
pub fn assert_as_expected(what: &str, block: &str, records: &[Record]) {
    let expected = mip::view::lesson::expected_failures(block);
    assert_eq!(
        expected.len(),
        records.len(),
        "{what}: statements counted differently"
    );
    let wrong: Vec<String> = records
        .iter()
        .zip(expected)
        .filter_map(|(r, want)| {
            let got = r.error.as_ref().map(|e| e.kind.code());
            match (got, want.as_deref()) {
                (None, None) => None,
                (Some(g), Some(w)) if g == w => None,
                (got, want) => Some(format!(
                    "{}
    expected {}, got {}",
                    r.text,
                    want.map_or("success".to_string(), |w| format!("failure {w}")),
                    match (got, &r.error) {
                        (Some(_), Some(e)) => format!("{} ({e})", e.kind.code()),
                        _ => "success".to_string(),
                    }
                )),
            }
        })
        .collect();
    assert!(wrong.is_empty(), "{what}:\n{}", wrong.join("\n"));
}

/// The rule ids the rule suites prove: the ids their test doc comments open with
/// (`/// SI-8.4: …`). `tests/rules.rs` holds the lifecycle and RBAC rules; sign-in, Entra
/// principals and the data plane have suites of their own.
pub fn proven_rules() -> BTreeSet<String> {
    [
        include_str!("../rules.rs"),
        include_str!("../signin.rs"),
        include_str!("../entra.rs"),
        include_str!("../data_plane.rs"),
        include_str!("../principals.rs"),
    ]
    .into_iter()
    .flat_map(str::lines)
    .filter_map(|line| line.trim().strip_prefix("/// "))
    .filter_map(|doc| doc.split([':', ',', ' ']).next())
    .filter(|id| {
        let bytes = id.as_bytes();
        bytes.len() >= 6
            && bytes[..2].iter().all(u8::is_ascii_uppercase)
            && bytes[2] == b'-'
            && id[3..].split('.').count() == 2
            && id[3..]
                .split('.')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
    .map(str::to_string)
    .collect()
}

/// Fails unless `files` (a catalog compiled in with `include_str!`, as `(file name, text)`)
/// lists every Markdown file of `static/<dir>` but its README, in order, each with the text it
/// has on disk. `list` names the catalog in the message (`LESSON_FILES in src/view/lesson.rs`).
pub fn assert_catalog_matches(dir: &str, files: &[(&str, &str)], list: &str) {
    let dir = format!("{}/static/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir} is not readable: {e}"))
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "README.md")
        .collect();
    on_disk.sort();
    let listed: Vec<String> = files.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(
        listed, on_disk,
        "{list} lists every file of {dir}, in order"
    );
    for (name, text) in files {
        let path = format!("{dir}/{name}");
        assert_eq!(
            &fs::read_to_string(&path).expect("readable"),
            text,
            "{path}"
        );
    }
}
