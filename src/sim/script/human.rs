//! Readable renderings of `mip` results for the console and `mip run` without `--json`.

use serde_json::{json, Value};

use crate::sim::evaluate::{Decision, Outcome};
use crate::sim::token::{Token, TokenError};

/// A decision as a learner reads it: the verdict and reason, the explanation, what granted it.
pub fn decision(d: &Decision) -> String {
    let verdict = match d.outcome {
        Outcome::Allowed => "ALLOWED",
        Outcome::Denied => "DENIED",
    };
    let mut text = format!("{verdict} ({}): {}\n", d.reason.code(), d.explanation);
    for g in &d.granted_by {
        let how = if g.inherited { "inherited from" } else { "at" };
        text.push_str(&format!(
            "  granted by '{}' {how} {} (assignment {})\n",
            g.role, g.scope, g.assignment
        ));
    }
    text
}

/// The `mip token` JSON: `{"ok": true, "identity", "claims"}` or `{"ok": false, "error"}`.
pub fn token_json(result: &Result<Token, TokenError>) -> Value {
    match result {
        Ok(token) => {
            json!({ "ok": true, "identity": token.identity.to_json(), "claims": token.claims() })
        }
        Err(error) => {
            json!({ "ok": false, "error": { "code": error.reason.code(), "message": error.message } })
        }
    }
}

/// The request, the response status and the decoded claims, like jwt.ms would show them.
pub fn token(result: &Result<Token, TokenError>) -> String {
    match result {
        Ok(token) => {
            let mut text = format!(
                "{}\n→ 200 OK: token for {}\n",
                token.request,
                token.identity.describe()
            );
            if let Value::Object(claims) = token.claims() {
                for (name, value) in claims {
                    let shown = match value {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    let note = if name == "xms_mirid" {
                        "   (not in the claims reference, but present in managed-identity tokens)"
                    } else {
                        ""
                    };
                    text.push_str(&format!("  {name:<9} {shown}{note}\n"));
                }
            }
            text
        }
        Err(error) => format!(
            "→ {} {}: {} [{}]\n",
            error.status,
            error.error,
            error.message,
            error.reason.code()
        ),
    }
}
