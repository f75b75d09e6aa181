//! The autosaved session: the script, kept in the browser's `localStorage` under
//! [`STORAGE_KEY`] as `{"version":1,"script":"…"}`, so a reload continues where the learner was.
//!
//! Only the script is saved, never the world: the world is replayed from it, so a saved session
//! can never disagree with what its script does. The version lets a later format be told apart
//! from damage. Invariants: `restore(&save(s)) == Ok(s)`; `restore` never panics on any text
//! (storage can hold anything: an older app, another tab, a browser extension); every failure is
//! a [`RestoreError`] that tells the learner what happened and what they can do.

use std::fmt;

use serde_json::{json, Map, Value};

/// The `localStorage` key of the saved session.
pub const STORAGE_KEY: &str = "mip.session";

/// The format this app writes and the newest it reads.
pub const VERSION: u64 = 1;

/// Why a saved session could not be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreError {
    /// The text is not JSON at all; the parser's explanation is kept for the console.
    Corrupt(String),
    /// JSON, but not a saved session: says which part is missing or of the wrong type.
    WrongShape(String),
    /// Saved by a newer version of the app, in a format this one does not know.
    TooNew { version: u64 },
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::Corrupt(detail) => write!(
                f,
                "The saved session could not be read: it is not valid JSON ({detail}). It cannot be continued: start a new session, or open a share link."
            ),
            RestoreError::WrongShape(what) => write!(
                f,
                "The saved session could not be read: {what}. It cannot be continued: start a new session, or open a share link."
            ),
            RestoreError::TooNew { version } => write!(
                f,
                "The saved session was written by a newer version of the playground (format {version}; this version reads format {VERSION}). Reload the page to get the newer version."
            ),
        }
    }
}

impl std::error::Error for RestoreError {}

impl From<StoredError> for RestoreError {
    fn from(error: StoredError) -> RestoreError {
        match error {
            StoredError::Corrupt(detail) => RestoreError::Corrupt(detail),
            StoredError::WrongShape(what) => RestoreError::WrongShape(what),
            StoredError::TooNew { version } => RestoreError::TooNew { version },
        }
    }
}

/// Why a versioned record kept in the browser could not be read; each kind of record (the
/// session here, lesson progress) turns it into its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredError {
    /// Not JSON; the parser's explanation is kept.
    Corrupt(String),
    /// JSON, but not the record: says which part is missing or of the wrong type.
    WrongShape(String),
    /// Written by a newer version of the app, in a format this one does not know.
    TooNew { version: u64 },
}

/// Reads a record `{"version": N, …}` whose newest format is `newest`, and returns its object.
/// `holds` says what the object should hold besides the version, for the message when the text
/// is JSON of another shape (`"\"script\""`). The version is read first: a newer format may
/// have a different shape, and saying "newer" is more useful than saying "wrong shape".
pub fn read_versioned(
    text: &str,
    newest: u64,
    holds: &str,
) -> Result<Map<String, Value>, StoredError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| StoredError::Corrupt(e.to_string()))?;
    let Value::Object(object) = value else {
        return Err(StoredError::WrongShape(format!(
            "it holds {} instead of an object with \"version\" and {holds}",
            kind_of(&value)
        )));
    };
    let version = match object.get("version") {
        None => return Err(StoredError::WrongShape("it has no \"version\"".into())),
        Some(v) => v.as_u64().ok_or_else(|| {
            StoredError::WrongShape(format!(
                "its \"version\" is {} instead of a whole number",
                describe(v)
            ))
        })?,
    };
    if version > newest {
        return Err(StoredError::TooNew { version });
    }
    if version == 0 {
        return Err(StoredError::WrongShape(
            "its \"version\" is 0, which no version of the playground writes".into(),
        ));
    }
    Ok(object)
}

/// The JSON text to store for a script.
pub fn save(script: &str) -> String {
    json!({ "version": VERSION, "script": script }).to_string()
}

/// The script in a stored session.
pub fn restore(text: &str) -> Result<String, RestoreError> {
    let object = read_versioned(text, VERSION, "\"script\"")?;
    match object.get("script") {
        Some(Value::String(script)) => Ok(script.clone()),
        Some(other) => Err(RestoreError::WrongShape(format!(
            "its \"script\" is {} instead of text",
            kind_of(other)
        ))),
        None => Err(RestoreError::WrongShape("it has no \"script\"".into())),
    }
}

/// A number as written, anything else by its type.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        other => kind_of(other).to_string(),
    }
}

/// A JSON value's type, as a learner would read it in a message.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};
    use proptest::prelude::*;

    use super::*;

    /// Restores `stored` and snapshots the script or the message.
    fn check(stored: &str, expect: Expect) {
        let shown = match restore(stored) {
            Ok(script) => format!("ok: {script:?}"),
            Err(e) => format!("error: {e}"),
        };
        expect.assert_eq(&shown);
    }

    #[test]
    fn saving_writes_the_versioned_shape() {
        assert_eq!(
            save("az group create -n rg -l eastus\n"),
            r#"{"version":1,"script":"az group create -n rg -l eastus\n"}"#
        );
        assert_eq!(STORAGE_KEY, "mip.session");
    }

    #[test]
    fn restoring() {
        check(
            r#"{"version":1,"script":"echo hi\n"}"#,
            expect![[r#"ok: "echo hi\n""#]],
        );
        check(
            r#"{"script":"echo hi","version":1,"extra":true}"#,
            expect![[r#"ok: "echo hi""#]],
        );
        check(r#"{"version":1,"scr"#, expect!["error: The saved session could not be read: it is not valid JSON (EOF while parsing a string at line 1 column 17). It cannot be continued: start a new session, or open a share link."]);
        check("", expect!["error: The saved session could not be read: it is not valid JSON (EOF while parsing a value at line 1 column 0). It cannot be continued: start a new session, or open a share link."]);
        check(
            r#"["echo hi"]"#,
            expect![[
                r#"error: The saved session could not be read: it holds a list instead of an object with "version" and "script". It cannot be continued: start a new session, or open a share link."#
            ]],
        );
        check(
            r#"{"script":"echo hi"}"#,
            expect![[
                r#"error: The saved session could not be read: it has no "version". It cannot be continued: start a new session, or open a share link."#
            ]],
        );
        check(
            r#"{"version":"1","script":"echo hi"}"#,
            expect![[
                r#"error: The saved session could not be read: its "version" is text instead of a whole number. It cannot be continued: start a new session, or open a share link."#
            ]],
        );
        check(
            r#"{"version":1.5,"script":"echo hi"}"#,
            expect![[
                r#"error: The saved session could not be read: its "version" is 1.5 instead of a whole number. It cannot be continued: start a new session, or open a share link."#
            ]],
        );
        check(
            r#"{"version":-1,"script":"echo hi"}"#,
            expect![[
                r#"error: The saved session could not be read: its "version" is -1 instead of a whole number. It cannot be continued: start a new session, or open a share link."#
            ]],
        );
        check(
            r#"{"version":0,"script":"echo hi"}"#,
            expect![[
                r#"error: The saved session could not be read: its "version" is 0, which no version of the playground writes. It cannot be continued: start a new session, or open a share link."#
            ]],
        );
        check(
            r#"{"version":1}"#,
            expect![[
                r#"error: The saved session could not be read: it has no "script". It cannot be continued: start a new session, or open a share link."#
            ]],
        );
        check(
            r#"{"version":1,"script":["echo hi"]}"#,
            expect![[
                r#"error: The saved session could not be read: its "script" is a list instead of text. It cannot be continued: start a new session, or open a share link."#
            ]],
        );
        check(r#"{"version":2,"script":{"lines":[]}}"#, expect!["error: The saved session was written by a newer version of the playground (format 2; this version reads format 1). Reload the page to get the newer version."]);
    }

    proptest! {
        #[test]
        fn any_script_round_trips(script in any::<String>()) {
            prop_assert_eq!(restore(&save(&script)), Ok(script));
        }

        #[test]
        fn any_text_is_restored_or_explained(text in any::<String>()) {
            if let Err(e) = restore(&text) {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}
