//! Helpers shared by the script-driven test suites.

use mip::sim::script::session::Record;

/// Fails the test, listing each failed statement with its error, if any statement failed.
pub fn assert_no_failures(records: &[Record]) {
    let failures: Vec<String> = records
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| format!("{}\n    {e}", r.text)))
        .collect();
    assert!(
        failures.is_empty(),
        "statements failed:\n{}",
        failures.join("\n")
    );
}
