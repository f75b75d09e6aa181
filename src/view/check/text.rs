//! The whole flow as text, for screen readers and copying.

use crate::sim::evaluate::Outcome;

use super::flow::{CheckFlow, Stage};
use super::token::TokenStage;

/// The whole flow as plain text, for screen readers and copying.
pub fn as_text(flow: &CheckFlow) -> String {
    let mut out = vec![flow.question.clone()];
    let mut number = 0;
    let mut heading = |title: String| {
        number += 1;
        format!("{number}. {title}")
    };
    for stage in &flow.stages {
        match stage {
            Stage::Request(r) => {
                out.push(heading(format!("Token request to {}", r.endpoint)));
                out.push(format!("   {}", r.line));
                out.push(format!("   {}", r.header));
                out.push(format!("   {}", r.explanation));
            }
            Stage::Token(TokenStage::Issued {
                explanation,
                claims,
                ..
            }) => {
                out.push(heading("Token issued".to_string()));
                out.push(format!("   {explanation}"));
                for c in claims {
                    out.push(format!("   {} = {}: {}", c.name, c.value, c.meaning));
                }
            }
            Stage::Token(TokenStage::Failed {
                status,
                error,
                message,
                explanation,
                ..
            }) => {
                out.push(heading(format!("No token: {status} {error}")));
                out.push(format!("   {message}"));
                out.push(format!("   {explanation}"));
            }
            Stage::Rbac(r) => {
                out.push(heading("Azure RBAC".to_string()));
                for step in &r.steps {
                    out.push(format!("   - {}", step.line));
                    for a in &step.assignments {
                        out.push(format!("     - {a}"));
                    }
                }
            }
            Stage::Stamp(s) => {
                let verdict = match s.outcome {
                    Outcome::Allowed => "Allowed",
                    Outcome::Denied => "Denied",
                };
                out.push(heading(format!(
                    "{verdict} ({}: {})",
                    s.reason.code(),
                    s.plain
                )));
                if let Some(d) = &s.deciding {
                    out.push(format!("   Granted by {}.", d.path));
                }
                if let Some(m) = &s.missing {
                    out.push(format!("   Missing: {m}"));
                }
                if let Some(fix) = &s.suggestion {
                    out.push(format!("   Suggestion: {fix}."));
                }
            }
        }
    }
    out.join("\n")
}
