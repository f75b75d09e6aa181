//! Helpers shared by the script-driven test suites.

use mip::sim::script::session::Record;

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
