//! The verdict: what decided it, what was missing, and the least-privileged fix.

use crate::sim::evaluate::{Decision, Outcome, Reason};
use crate::sim::ids::Guid;
use crate::sim::operations::Plane;
use crate::sim::resource::Resource;
use crate::sim::scope::Scope;
use crate::sim::token::TokenError;
use crate::sim::world::World;
use crate::view::describe::scope_text;

use super::rbac::role_via;
use super::token::{token_fix, token_missing};

/// Stage 4: the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub outcome: Outcome,
    pub reason: Reason,
    /// The reason in plain words ([`Reason::plain`]).
    pub plain: &'static str,
    /// The assignment that granted it, if a role assignment did.
    pub deciding: Option<Deciding>,
    /// What was missing, for a denial.
    pub missing: Option<String>,
    /// The least-privileged fix, for a denial that has one.
    pub suggestion: Option<String>,
    /// The core's explanation, as `mip check` prints it.
    pub explanation: String,
}

/// The role assignment behind an allowed decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deciding {
    pub assignment: Guid,
    pub role: String,
    pub scope: String,
    pub inherited: bool,
    /// "Storage Blob Data Reader at resource group rg1, inherited by storage account st1".
    pub path: String,
}

/// The verdict, what decided it, and what was missing.
pub(super) fn stamp(
    world: &World,
    decision: &Decision,
    who: &str,
    token_error: Option<(&Resource, &TokenError)>,
) -> Stamp {
    let label = |scope: &str| {
        Scope::parse(scope)
            .map(|s| world.describe_scope(&s))
            .unwrap_or_else(|_| scope_text(scope))
    };
    let at = label(&decision.scope);
    let deciding = decision.granted_by.first().map(|g| {
        let role = role_via(world, &g.role, g.group);
        let path = if g.inherited {
            format!("{role} at {}, inherited by {at}", label(&g.scope))
        } else {
            format!("{role} at {}", label(&g.scope))
        };
        Deciding {
            assignment: g.assignment,
            role: g.role.clone(),
            scope: g.scope.clone(),
            inherited: g.inherited,
            path,
        }
    });
    let operation = &decision.operation;
    let missing = match (decision.outcome, decision.reason, token_error) {
        (Outcome::Allowed, _, _) => None,
        (_, _, Some((resource, error))) => Some(token_missing(resource, error)),
        (_, Reason::NoRoleAssignment, _) => Some(format!(
            "a role assignment for {who} at {at} or at a scope above it."
        )),
        (_, Reason::ActionNotPermitted, _) => Some(match decision.plane {
            Plane::Data => format!(
                "a role whose DataActions include {operation}; control-plane roles such as Owner or Contributor do not grant data access."
            ),
            Plane::Control => format!("a role whose Actions include {operation}."),
        }),
        (_, Reason::DenyAssignment, _) => Some(
            "an exclusion from the deny assignment that blocks it, which only the service that created it can grant; no role assignment can override it.".to_string(),
        ),
        (_, Reason::AccessPolicy, _) => Some(format!(
            "an access policy on the key vault that gives {who} this permission."
        )),
        (_, Reason::IdentityNotFound, _) => Some(format!(
            "the principal: {who} no longer exists, so nothing can grant it access."
        )),
        (_, _, None) => None,
    };
    let suggestion = decision
        .suggestion
        .clone()
        .or_else(|| token_error.and_then(|(resource, error)| token_fix(world, resource, error)));
    Stamp {
        outcome: decision.outcome,
        reason: decision.reason,
        plain: decision.reason.plain(),
        deciding,
        missing,
        suggestion,
        explanation: decision.explanation.clone(),
    }
}
