//! The answer of a "Can it?" check, rendered stage by stage: the statement that makes the same
//! check, the token request, the token's claims or Azure's error, the RBAC walk with the step
//! that decided it, and the stamp; plus the sentence the live region says once it is complete.
//!
//! Invariants: it renders a [`CheckFlow`] and changes nothing; the verdict is a glyph and words,
//! never colour alone; only the first `shown` stages are in the page, so the panel animates
//! them by raising `shown`.

use serde_json::json;
use yew::prelude::*;

use crate::sim::evaluate::{Outcome, Reason, TraceStep};
use crate::sim::operations::Plane;
use crate::ui::words::same_scope;
use crate::view::check::{self, CheckFlow, RbacStage, RequestStage, Stage, Stamp, TokenStage};
use crate::view::describe::short_name;

/// The element id of a stage, which the panel scrolls into view as it appears.
pub fn stage_id(index: usize) -> String {
    format!("canit-stage-{index}")
}

pub fn results_view(
    flow: &CheckFlow,
    statement: String,
    note: Option<&'static str>,
    shown: usize,
    read_only: bool,
    on_run: Callback<String>,
    on_skip: Callback<MouseEvent>,
) -> Html {
    let complete = shown >= flow.stages.len();
    let on_console = {
        let statement = statement.clone();
        Callback::from(move |_: MouseEvent| on_run.emit(statement.clone()))
    };
    html! {
        <div class="check-results">
            <p class="check-question">{ flow.question.clone() }</p>
            <div class="check-statement">
                if let Some(note) = note {
                    <p class="note">{ note }</p>
                }
                <p class="field-label" id="canit-statement-label">{ "The same check as a statement" }</p>
                <pre class="command-preview" aria-labelledby="canit-statement-label">{ statement }</pre>
                <div class="action-row">
                    <button type="button" class="button" disabled={read_only} onclick={on_console}>
                        { "Run in console" }
                    </button>
                    <span class="cmd-note">
                        { if read_only {
                            "Return to the current state to add it to the script."
                        } else {
                            "Appends it to the script: the console prints its verdict and the timeline records the check. A check changes nothing else."
                        } }
                    </span>
                </div>
            </div>
            <ol class="check-stages" aria-label="How Azure decides">
                { for flow.stages.iter().take(shown).enumerate().map(|(index, stage)| stage_view(flow, index, stage)) }
            </ol>
            if !complete {
                <p class="check-progress">
                    <span class="muted">{ format!("Stage {shown} of {}…", flow.stages.len()) }</span>
                    <button type="button" class="button button-small" onclick={on_skip}>{ "Show all stages" }</button>
                </p>
            }
            if complete {
                <details class="check-text">
                    <summary>{ "The whole check as text" }</summary>
                    <pre>{ check::as_text(flow) }</pre>
                </details>
            }
        </div>
    }
}

/// What the live region says once the flow is complete: the question and the stamp.
pub fn summary(flow: &CheckFlow) -> String {
    let Some(stamp) = flow.stamp() else {
        return String::new();
    };
    let mut out = format!(
        "{} {}: {} ({}).",
        flow.question,
        verdict_word(stamp.outcome),
        stamp.plain,
        stamp.reason.code()
    );
    if let Some(deciding) = &stamp.deciding {
        out.push_str(&format!(" Granted by {}.", deciding.path));
    }
    if let Some(fix) = &stamp.suggestion {
        out.push_str(&format!(" Suggestion: {fix}."));
    }
    out
}

fn verdict_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Allowed => "Allowed",
        Outcome::Denied => "Denied",
    }
}

fn stage_view(flow: &CheckFlow, index: usize, stage: &Stage) -> Html {
    let number = index + 1;
    let (kind, title, body) = match stage {
        Stage::Request(request) => (
            "check-stage-request",
            format!(
                "{number}. {} asks {} for a token",
                flow.source.as_deref().map_or("The resource", short_name),
                request.endpoint
            ),
            request_view(request),
        ),
        Stage::Token(TokenStage::Issued {
            identity,
            explanation,
            claims,
        }) => (
            "check-stage-token",
            format!(
                "{number}. Entra ID issues a token for {}",
                identity.describe()
            ),
            html! {
                <>
                    <p>{ explanation.clone() }</p>
                    <table class="check-claims">
                        <caption>{ "The token's claims, decoded as jwt.ms shows them" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Claim" }</th>
                                <th scope="col">{ "Value" }</th>
                                <th scope="col">{ "What it means" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for claims.iter().map(|c| html! {
                                <tr key={c.name}>
                                    <th scope="row"><code>{ c.name }</code></th>
                                    <td><code class="check-claim-value">{ c.value.clone() }</code></td>
                                    <td>{ c.meaning.clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </>
            },
        ),
        Stage::Token(TokenStage::Failed {
            status,
            error,
            message,
            explanation,
            ..
        }) => {
            let response = json!({ "error": error, "error_description": message });
            let body = serde_json::to_string_pretty(&response).unwrap_or_default();
            (
                "check-stage-token is-failed",
                format!("{number}. No token: {status} {error}"),
                html! {
                    <>
                        <p>{ "Entra ID does not issue a token. Azure answers:" }</p>
                        <pre class="check-response">{ format!("HTTP/1.1 {status}\n{body}") }</pre>
                        <p>{ explanation.clone() }</p>
                    </>
                },
            )
        }
        Stage::Rbac(rbac) => (
            "check-stage-rbac",
            format!("{number}. Azure RBAC walks the scopes"),
            rbac_view(flow, rbac),
        ),
        Stage::Stamp(stamp) => (
            "check-stage-stamp",
            format!("{number}. The verdict"),
            stamp_view(stamp),
        ),
    };
    html! {
        <li key={index} id={stage_id(index)} class={classes!("check-stage", kind)}>
            <h3 class="check-stage-title">{ title }</h3>
            { body }
        </li>
    }
}

fn request_view(request: &RequestStage) -> Html {
    html! {
        <>
            <pre class="check-request">{ format!("{}\n{}", request.line, request.header) }</pre>
            <p>{ request.explanation.clone() }</p>
        </>
    }
}

fn rbac_view(flow: &CheckFlow, rbac: &RbacStage) -> Html {
    let stamp = flow.stamp();
    let deciding_scope = stamp
        .and_then(|s| s.deciding.as_ref())
        .map(|d| d.scope.as_str());
    let reason = stamp.map(|s| s.reason);
    let (list, not_list, other) = match flow.plane {
        Plane::Data => ("DataActions", "NotDataActions", "Actions"),
        Plane::Control => ("Actions", "NotActions", "DataActions"),
    };
    let plane = match flow.plane {
        Plane::Data => "data-plane",
        Plane::Control => "control-plane",
    };
    html! {
        <>
            <p>
                { format!("Deny assignments first; then the role assignments at the target and at every scope above it, up to the tenant root; then each role's {list}.") }
            </p>
            <ol class="check-walk">
                { for rbac.steps.iter().enumerate().map(|(i, step)| {
                    let decided = match &step.trace {
                        TraceStep::DenyAssignments { blocking, .. } => blocking.is_some(),
                        TraceStep::AccessPolicies { .. } => reason == Some(Reason::AccessPolicy),
                        TraceStep::Scope { scope, .. } => {
                            deciding_scope.is_some_and(|d| same_scope(d, scope))
                        }
                    };
                    let empty = matches!(&step.trace, TraceStep::Scope { assignments, .. } if assignments.is_empty());
                    html! {
                        <li key={i} class={classes!("check-step", decided.then_some("is-deciding"), empty.then_some("is-empty"))}>
                            <span class="check-step-line">{ step.line.clone() }</span>
                            if decided {
                                { " " }<strong class="check-decided">{ "◀ decided here" }</strong>
                            }
                            if !step.assignments.is_empty() {
                                <ul class="sub-list">
                                    { for step.assignments.iter().map(|a| html! { <li>{ a.clone() }</li> }) }
                                </ul>
                            }
                        </li>
                    }
                }) }
            </ol>
            <p class="check-permissions">
                { format!("This is a {plane} operation: a role grants it only through its {list}, unless its {not_list} take it out again; {other} do not count.") }
            </p>
        </>
    }
}

fn stamp_view(stamp: &Stamp) -> Html {
    let allowed = stamp.outcome == Outcome::Allowed;
    html! {
        <>
            <div class={classes!("check-stamp", if allowed { "is-allowed" } else { "is-denied" })}>
                <span class="check-stamp-glyph" aria-hidden="true">{ if allowed { "✓" } else { "✕" } }</span>
                <div>
                    <p class="check-stamp-verdict">{ verdict_word(stamp.outcome) }</p>
                    <p class="check-stamp-reason"><code>{ stamp.reason.code() }</code>{ format!(": {}", stamp.plain) }</p>
                </div>
            </div>
            if let Some(deciding) = &stamp.deciding {
                <p>
                    <strong>{ "Granted by " }</strong>{ deciding.path.clone() }
                    { if deciding.inherited { " (inherited from above)." } else { " (assigned at this scope)." } }
                </p>
            }
            if let Some(missing) = &stamp.missing {
                <p><strong>{ "Missing: " }</strong>{ missing.clone() }</p>
            }
            if let Some(fix) = &stamp.suggestion {
                <p class="check-suggestion">
                    <strong>
                        { match stamp.reason {
                            Reason::NoRoleAssignment | Reason::ActionNotPermitted => "Least privilege: ",
                            _ => "To fix: ",
                        } }
                    </strong>
                    { format!("{fix}.") }
                </p>
            }
        </>
    }
}
