//! The access matrix: many principals × many targets for one operation, recomputed after every
//! statement, so it must be fast (1,000 × 1,000 in well under a second natively).
//!
//! Invariant: every cell equals the outcome and reason of [`World::check_access`] for the same
//! principal, operation and scope (a property test holds the two together); only the trace and
//! the explanation are left out, to be computed when a cell is opened.

use std::collections::HashMap;

use super::evaluate::{access_policy_grants, Outcome, Reason};
use super::ids::Guid;
use super::operations::{plane_of, Plane};
use super::rbac::PermissionMatch;
use super::resource::VaultPermissionModel;
use super::scope::Scope;
use super::world::World;

/// One cell's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub reason: Reason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub operation: String,
    pub principals: Vec<Guid>,
    pub targets: Vec<Scope>,
    /// Row-major: `cells[row * targets.len() + col]`.
    cells: Vec<Verdict>,
}

impl Matrix {
    pub fn get(&self, row: usize, col: usize) -> Option<Verdict> {
        if col >= self.targets.len() {
            return None;
        }
        self.cells.get(row * self.targets.len() + col).copied()
    }

    pub fn allowed_count(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| c.outcome == Outcome::Allowed)
            .count()
    }
}

/// What a target contributes to every cell of its column.
struct Column {
    /// Interned ids of the scopes whose assignments apply at the target (RB-4.2).
    chain: Vec<u32>,
    /// Deny assignments that apply here and deny the operation (RB-4.7).
    denies: Vec<usize>,
    /// RB-4.10: the key vault deciding by access policies, if that is how this cell is decided.
    policy_vault: Option<usize>,
}

impl World {
    /// Decides `operation` for every principal × target pair.
    pub fn access_matrix(&self, principals: &[Guid], targets: &[Scope], operation: &str) -> Matrix {
        let plane = plane_of(operation);
        // Intern assignment scopes so a chain walk compares integers.
        let mut interner: HashMap<String, u32> = HashMap::new();
        let mut by_principal: HashMap<Guid, Vec<(u32, bool)>> = HashMap::new();
        let mut role_grants: HashMap<&str, bool> = HashMap::new();
        for a in self.assignments() {
            let next = interner.len() as u32;
            let id = *interner.entry(a.scope.to_ascii_lowercase()).or_insert(next);
            let grants = *role_grants.entry(a.role_id.as_str()).or_insert_with(|| {
                self.role_by_id(&a.role_id).is_some_and(|r| {
                    matches!(
                        r.permissions.check(operation, plane),
                        PermissionMatch::Granted { .. }
                    )
                })
            });
            by_principal
                .entry(a.principal_id)
                .or_default()
                .push((id, grants));
        }
        let vaults: Vec<_> = self
            .resources()
            .filter(|r| r.vault_model() == Some(VaultPermissionModel::AccessPolicies))
            .collect();
        let columns: Vec<Column> = targets
            .iter()
            .map(|target| {
                let steps = self.scope_chain(target);
                let chain = steps
                    .iter()
                    .filter_map(|s| interner.get(&s.scope.key()).copied())
                    .collect();
                let denies = self
                    .deny_assignments
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| {
                        let Ok(d_scope) = Scope::parse(&d.scope) else {
                            return false;
                        };
                        let in_scope = if d.do_not_apply_to_child_scopes {
                            d_scope == *target
                        } else {
                            steps.iter().any(|s| s.scope == d_scope)
                        };
                        in_scope
                            && matches!(
                                d.permissions.check(operation, plane),
                                PermissionMatch::Granted { .. }
                            )
                    })
                    .map(|(i, _)| i)
                    .collect();
                let policy_vault = match plane {
                    Plane::Data => self
                        .vault_for(target)
                        .and_then(|v| vaults.iter().position(|p| p.id == v.id)),
                    Plane::Control => None,
                };
                Column {
                    chain,
                    denies,
                    policy_vault,
                }
            })
            .collect();
        let mut cells = Vec::with_capacity(principals.len() * targets.len());
        for principal in principals {
            let known = self.directory.is_principal(*principal);
            // EN-9.2, RB-4.3: the principal's own assignments and its groups', transitively.
            let identities = self.principal_and_groups(*principal);
            let mine: Vec<(u32, bool)> = identities
                .iter()
                .filter_map(|id| by_principal.get(id))
                .flatten()
                .copied()
                .collect();
            let who = Who {
                known,
                principal: *principal,
                identities: &identities,
                assignments: &mine,
            };
            for column in &columns {
                cells.push(cell(self, &who, column, &vaults, operation));
            }
        }
        Matrix {
            operation: operation.to_string(),
            principals: principals.to_vec(),
            targets: targets.to_vec(),
            cells,
        }
    }
}

/// What a principal contributes to every cell of its row.
struct Who<'a> {
    known: bool,
    principal: Guid,
    /// The principal and its groups (EN-9.2), for deny assignments.
    identities: &'a [Guid],
    /// (interned scope, whether the role grants the operation) of every assignment that applies
    /// to the principal, directly or through a group.
    assignments: &'a [(u32, bool)],
}

/// The same steps as `check_access`, in the same order, on precomputed data.
fn cell(
    world: &World,
    who: &Who<'_>,
    column: &Column,
    vaults: &[&super::resource::Resource],
    operation: &str,
) -> Verdict {
    let verdict = |outcome, reason| Verdict { outcome, reason };
    let principal = who.principal;
    if !who.known {
        return verdict(Outcome::Denied, Reason::IdentityNotFound);
    }
    if let Some(vault) = column.policy_vault.and_then(|i| vaults.get(i)) {
        let granted = access_policy_grants(vault, principal, operation);
        return verdict(
            if granted {
                Outcome::Allowed
            } else {
                Outcome::Denied
            },
            Reason::AccessPolicy,
        );
    }
    if column
        .denies
        .iter()
        .any(|&i| world.deny_assignments[i].applies_to(who.identities))
    {
        return verdict(Outcome::Denied, Reason::DenyAssignment);
    }
    let mut in_scope = false;
    for (scope, grants) in who.assignments {
        if column.chain.contains(scope) {
            if *grants {
                return verdict(Outcome::Allowed, Reason::RoleAssignment);
            }
            in_scope = true;
        }
    }
    if in_scope {
        verdict(Outcome::Denied, Reason::ActionNotPermitted)
    } else {
        verdict(Outcome::Denied, Reason::NoRoleAssignment)
    }
}
