//! The Azure RBAC stage: the core's trace (RB-4.4) in plain words, naming the group a grant
//! comes through (EN-9.2).

use crate::sim::evaluate::{Decision, TraceStep};
use crate::sim::ids::Guid;
use crate::sim::operations::Plane;
use crate::sim::rbac::PermissionMatch;
use crate::sim::world::World;
use crate::view::text::upper_first;

/// Stage 3: what Azure RBAC looked at, in its order (RB-4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RbacStage {
    pub steps: Vec<RbacStep>,
    /// The scopes walked, from the checked scope up, for the diagram to highlight.
    pub walked: Vec<String>,
}

/// One step of the walk: the core's trace step and its plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RbacStep {
    pub trace: TraceStep,
    pub line: String,
    /// For a scope level: one line per assignment considered there, with its verdict.
    pub assignments: Vec<String>,
}

/// EN-9.2: "Reader (through group readers)" for an assignment a principal gets through a group.
pub(super) fn role_via(world: &World, role: &str, group: Option<Guid>) -> String {
    match group {
        Some(g) => format!(
            "{role} (through group {})",
            world.directory.principal_name(g).unwrap_or("(deleted)")
        ),
        None => role.to_string(),
    }
}

/// RB-4.4: the trace in plain words.
pub(super) fn rbac_stage(world: &World, decision: &Decision, who: &str) -> RbacStage {
    let (list, not_list) = match decision.plane {
        Plane::Control => ("Actions", "NotActions"),
        Plane::Data => ("DataActions", "NotDataActions"),
    };
    let mut walked = Vec::new();
    let steps = decision
        .trace
        .iter()
        .map(|step| {
            let (line, assignments) = match step {
                TraceStep::DenyAssignments {
                    considered,
                    blocking,
                } => (
                    match (considered, blocking) {
                        (_, Some(name)) => format!(
                            "Deny assignments: '{name}' blocks it, and a deny assignment wins over every role assignment."
                        ),
                        (0, None) => "Deny assignments: none applies here.".to_string(),
                        (1, None) => "Deny assignments: one applies here but does not cover this operation.".to_string(),
                        (n, None) => format!(
                            "Deny assignments: {n} apply here but none covers this operation."
                        ),
                    },
                    Vec::new(),
                ),
                TraceStep::Scope {
                    scope,
                    label,
                    assignments,
                    ..
                } => {
                    walked.push(scope.clone());
                    let granting = assignments
                        .iter()
                        .filter(|a| matches!(a.verdict, PermissionMatch::Granted { .. }))
                        .count();
                    let here = upper_first(label);
                    let line = match (assignments.len(), granting) {
                        (0, _) => format!("{here}: no role assignment for {who}."),
                        (1, 0) => format!("{here}: 1 role assignment for {who}, which does not grant it."),
                        (1, _) => format!("{here}: 1 role assignment for {who}, which grants it."),
                        (n, 0) => format!("{here}: {n} role assignments for {who}, none of which grants it."),
                        (n, g) => format!("{here}: {n} role assignments for {who}, {g} of which grant it."),
                    };
                    let lines = assignments
                        .iter()
                        .map(|a| {
                            let role = role_via(world, &a.role, a.group);
                            match &a.verdict {
                                PermissionMatch::Granted { pattern } => format!(
                                    "{role}: grants it through its {list} entry '{pattern}'."
                                ),
                                PermissionMatch::Excluded {
                                    pattern,
                                    excluded_by,
                                } => format!(
                                    "{role}: lists it ('{pattern}') but subtracts it with {not_list} '{excluded_by}'."
                                ),
                                PermissionMatch::NotListed => {
                                    format!("{role}: its {list} do not include it.")
                                }
                            }
                        })
                        .collect();
                    (line, lines)
                }
                TraceStep::AccessPolicies {
                    vault,
                    permission,
                    granted,
                } => (
                    if *granted {
                        format!(
                            "Key vault {vault} uses access policies, not Azure RBAC, for its data: the policy for {who} includes {permission}."
                        )
                    } else {
                        format!(
                            "Key vault {vault} uses access policies, not Azure RBAC, for its data: no policy gives {who} {permission}."
                        )
                    },
                    Vec::new(),
                ),
            };
            RbacStep {
                trace: step.clone(),
                line,
                assignments,
            }
        })
        .collect();
    RbacStage { steps, walked }
}
