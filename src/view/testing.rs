//! Helpers for the view models' tests.

use crate::sim::script::session::Session;

/// Runs `script`, which must not fail, and returns the session.
pub fn run(script: &str) -> Session {
    let session = Session::run(script);
    assert!(
        !session.failed(),
        "{:?}",
        session.records.iter().find(|r| r.failed())
    );
    session
}
