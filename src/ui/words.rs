//! Words several panels share: how a scope is named, which plane a role works on, how a role
//! assignment's principal is described.
//!
//! Invariant: pure functions of the world; nothing here renders or changes anything.

use crate::sim::directory::ObjectKind;
use crate::sim::rbac::{RoleAssignment, RoleDefinition};
use crate::sim::scope::{text_contains, Scope, ScopeLevel};
use crate::sim::world::World;
use crate::view::describe::short_name;

/// A scope's name as buttons say it: a resource's, group's or container's own name, the
/// subscription's display name, "root" for the tenant root.
pub fn scope_name(world: &World, scope: &str) -> String {
    let Ok(parsed) = Scope::parse(scope) else {
        return scope.to_string();
    };
    match parsed.level() {
        ScopeLevel::Root => "root".to_string(),
        ScopeLevel::Subscription => world
            .subscriptions
            .iter()
            .find(|s| {
                parsed
                    .subscription()
                    .is_some_and(|id| id.eq_ignore_ascii_case(&s.id.to_string()))
            })
            .map(|s| s.name.clone())
            .unwrap_or_else(|| parsed.name().to_string()),
        _ => short_name(scope).to_string(),
    }
}

/// A scope with its level, for lists: "resource group rg1", "storage account st1".
pub fn scope_label(world: &World, scope: &str) -> String {
    match Scope::parse(scope) {
        Ok(parsed) => world.describe_scope(&parsed),
        Err(_) => scope.to_string(),
    }
}

/// Which plane(s) a role grants anything on.
pub fn plane_text(role: &RoleDefinition) -> &'static str {
    match role.planes() {
        (true, true) => "control plane and data plane",
        (true, false) => "control plane",
        (false, true) => "data plane",
        (false, false) => "no permissions",
    }
}

/// A role's name for an assignment, or its id when the definition is unknown.
pub fn role_name(world: &World, assignment: &RoleAssignment) -> String {
    world
        .role_by_id(&assignment.role_id)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| assignment.role_id.clone())
}

/// Who holds an assignment: (name, principal type). An orphaned assignment's principal is gone
/// from Entra ID, which the portal shows as "Identity not found" of type "Unknown" (MI-1.5).
pub fn holder(world: &World, assignment: &RoleAssignment) -> (String, &'static str) {
    match world.directory.get(assignment.principal_id) {
        Some(sp) => (
            format!(
                "{} ({})",
                sp.display_name,
                sp.source.kind_label().to_ascii_lowercase()
            ),
            assignment.principal_type.name(),
        ),
        None => match (
            world.directory.kind_of(assignment.principal_id),
            world.directory.principal_name(assignment.principal_id),
        ) {
            (Some(ObjectKind::User), Some(name)) => {
                let you = if assignment.principal_id == world.learner {
                    " (you)"
                } else {
                    " (user)"
                };
                (format!("{name}{you}"), "User")
            }
            (Some(ObjectKind::Group), Some(name)) => (format!("{name} (group)"), "Group"),
            _ => ("Identity not found".to_string(), "Unknown"),
        },
    }
}

/// True when `inner` is `outer` or below it (case-insensitive ARM ids).
pub fn same_or_below(outer: &str, inner: &str) -> bool {
    text_contains(outer.trim_end_matches('/'), inner.trim_end_matches('/'))
}

/// True when both name the same scope.
pub fn same_scope(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}
