//! What a statement will destroy or leave behind, said before it runs: the confirmation dialog
//! of a delete button lists these sentences ("2 role assignments will be left orphaned …").
//!
//! The preview is not a second model of Azure's rules: it runs the statement on a clone of the
//! session and reads the events the core reports, so it says exactly what running the statement
//! will do. Invariants: the session passed in is never changed; a statement that fails still
//! gets a preview (with its error, and whatever the failing statement would have done first);
//! creations, checks and tokens are not summarized, since nothing is lost by them.

use std::collections::BTreeMap;

use crate::sim::event::{DeletionCause, Event};
use crate::sim::ids::Guid;
use crate::sim::resource::ResourceKind;
use crate::sim::scope::text_contains;
use crate::sim::script::session::Session;
use crate::sim::world::World;

use super::describe::{kind_text, scope_text, short_name};

/// The consequences of a statement, in the order a learner should read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    pub consequences: Vec<String>,
    /// The message of the first failing statement: the dialog shows it instead of confirming.
    pub error: Option<String>,
}

/// Runs `statement` on a copy of `session` and says what it will do.
pub fn preview(session: &Session, statement: &str) -> Preview {
    let mut trial = session.clone();
    let start = trial.records.len();
    trial.execute(statement);
    let records = trial.records.get(start..).unwrap_or_default();
    let error = records
        .iter()
        .find_map(|r| r.error.as_ref())
        .map(|e| e.message.clone());
    let events: Vec<&Event> = records.iter().flat_map(|r| r.events.iter()).collect();
    Preview {
        consequences: summarize(&session.world, &trial.world, &events),
        error,
    }
}

/// What the events mean, in sentences. `before` names what is about to go; `after` shows what
/// stays behind (access policies that survive their principal).
fn summarize(before: &World, after: &World, events: &[&Event]) -> Vec<String> {
    let facts = Facts::gather(events);
    let mut out = Vec::new();

    // The deleted things themselves: groups with their contents, then lone resources.
    for group in &facts.groups {
        let members: Vec<&str> = facts
            .resources
            .iter()
            .filter(|(id, _)| text_contains(group, id))
            .map(|(id, _)| short_name(id))
            .collect();
        out.push(match members.len() {
            0 => format!(
                "group {}: it is empty; only the group will be deleted",
                short_name(group)
            ),
            n => format!(
                "group {}: {} will be deleted ({})",
                short_name(group),
                count(n, "resource", "resources"),
                join(&members)
            ),
        });
    }
    for (id, kind) in &facts.resources {
        // A user-assigned identity gets its own sentence below, with its principal.
        let in_group = facts.groups.iter().any(|g| text_contains(g, id));
        if !in_group && *kind != ResourceKind::UserAssignedIdentity {
            out.push(format!(
                "{} {} will be deleted",
                kind_text(*kind),
                short_name(id)
            ));
        }
    }

    // Identities and their service principals (MI-1.1, MI-1.3, MI-2.2).
    let systems: Vec<&str> = facts.systems.iter().map(|id| short_name(id)).collect();
    match systems.as_slice() {
        [] => {}
        [one] => out.push(format!(
            "{one}'s system-assigned identity and its service principal will be deleted"
        )),
        many => out.push(format!(
            "the system-assigned identities of {} will be deleted, with their service principals",
            join(many)
        )),
    }
    for (id, kind) in &facts.resources {
        if *kind != ResourceKind::UserAssignedIdentity {
            continue;
        }
        let credentials = before
            .resource(id)
            .map(|r| match &r.details {
                crate::sim::resource::Details::UserIdentity { federated, .. } => federated.len(),
                _ => 0,
            })
            .unwrap_or(0);
        let with = match credentials {
            0 => String::new(),
            n => format!(
                ", with its {}",
                count(n, "federated credential", "federated credentials")
            ),
        };
        out.push(format!(
            "user-assigned identity {} and its service principal will be deleted{with}",
            short_name(id)
        ));
    }

    // User-assigned identities of deleted resources are resources of their own (MI-2.1): they
    // stay, detached, and so do their role assignments.
    for (identity, users) in kept_identities(before, after, &facts) {
        let name = after
            .resource(&identity)
            .map_or_else(|| short_name(&identity).to_string(), |r| r.name.clone());
        let principal = after
            .resource(&identity)
            .and_then(|r| r.user_identity_ids())
            .map(|(principal, _)| principal);
        let assignments = after
            .assignments()
            .iter()
            .filter(|a| Some(a.principal_id) == principal)
            .count();
        let roles = match assignments {
            0 => "it has no role assignments".to_string(),
            1 => "its role assignment keeps applying".to_string(),
            _ => "its role assignments keep applying".to_string(),
        };
        let users: Vec<&str> = users.iter().map(|id| short_name(id)).collect();
        out.push(format!(
            "{name} stays: it is a user-assigned identity and is only detached from {}; {roles}",
            join(&users)
        ));
    }

    // Role assignments: orphaned ones stay (MI-1.5); those inside a deleted scope go with it.
    let orphaned: Vec<&Assignment> = facts
        .orphaned
        .iter()
        .filter(|a| !facts.deleted.iter().any(|(d, _)| d.name == a.name))
        .collect();
    if !orphaned.is_empty() {
        let list: Vec<String> = orphaned
            .iter()
            .map(|a| {
                format!(
                    "{} for {} at {}",
                    a.role,
                    principal_name(before, a.principal_id),
                    scope_text(&a.scope)
                )
            })
            .collect();
        let stay = if orphaned.len() == 1 {
            "it stays"
        } else {
            "they stay"
        };
        out.push(format!(
            "{} will be left orphaned ({stay}, showing 'Identity not found'): {}",
            count(orphaned.len(), "role assignment", "role assignments"),
            list.join("; ")
        ));
        if facts.system_turned_off() {
            out.push(
                "turning the system-assigned identity on again creates a new principal: the orphaned assignments will not apply to it"
                    .to_string(),
            );
        }
    }
    let mut with_scope: BTreeMap<String, usize> = BTreeMap::new();
    for (a, cause) in &facts.deleted {
        match cause {
            DeletionCause::ScopeDeleted => {
                *with_scope.entry(facts.owner_of(&a.scope)).or_default() += 1;
            }
            DeletionCause::Requested => out.push(format!(
                "role assignment {} for {} at {} will be deleted",
                a.role,
                principal_name(before, a.principal_id),
                scope_text(&a.scope)
            )),
        }
    }
    for (owner, n) in with_scope {
        out.push(format!(
            "{} scoped to {owner} will be deleted with it",
            count(n, "role assignment", "role assignments")
        ));
    }

    // References that outlive their identity (MI-2.2), and references removed on purpose.
    for (identity, users) in &facts.dangling {
        let users: Vec<&str> = users.iter().map(|id| short_name(id)).collect();
        out.push(format!(
            "{} will keep a reference to the deleted identity {} (token requests for it fail until it is removed)",
            join(&users),
            short_name(identity)
        ));
    }
    for (resource, identity) in &facts.detached {
        out.push(format!(
            "{} will be detached from {}; the identity and its role assignments stay",
            short_name(identity),
            short_name(resource)
        ));
    }

    // Key Vault access policies are kept by object id: they outlive a deleted principal.
    for vault in after
        .resources()
        .filter(|r| r.kind == ResourceKind::KeyVault)
    {
        let stale = vault
            .access_policies()
            .iter()
            .filter(|p| facts.principals.contains(&p.object_id))
            .count();
        if stale > 0 {
            out.push(format!(
                "{} on key vault {} will stay but grant nothing (its principal is gone)",
                count(stale, "access policy", "access policies"),
                vault.name
            ));
        }
    }
    for (vault, object) in &facts.policies_removed {
        out.push(format!(
            "the access policy for {} on key vault {} will be removed",
            principal_name(before, *object),
            short_name(vault)
        ));
    }
    for (identity, name) in &facts.credentials_deleted {
        out.push(format!(
            "federated credential {name} on {} will be deleted",
            short_name(identity)
        ));
    }
    out
}

/// A role assignment as the events report it.
struct Assignment {
    name: Guid,
    principal_id: Guid,
    role: String,
    scope: String,
}

/// The events sorted by what they mean for the learner.
#[derive(Default)]
struct Facts {
    groups: Vec<String>,
    resources: Vec<(String, ResourceKind)>,
    /// Resources whose system-assigned identity goes.
    systems: Vec<String>,
    /// Principals deleted from the directory.
    principals: Vec<Guid>,
    orphaned: Vec<Assignment>,
    deleted: Vec<(Assignment, DeletionCause)>,
    /// Identity id → resources that keep referencing it.
    dangling: BTreeMap<String, Vec<String>>,
    detached: Vec<(String, String)>,
    policies_removed: Vec<(String, Guid)>,
    credentials_deleted: Vec<(String, String)>,
}

impl Facts {
    fn gather(events: &[&Event]) -> Facts {
        let mut facts = Facts::default();
        for event in events {
            match event {
                Event::ResourceGroupDeleted { id } => facts.groups.push(id.clone()),
                Event::ResourceDeleted { id, kind } => facts.resources.push((id.clone(), *kind)),
                Event::SystemIdentityDisabled { resource_id, .. } => {
                    facts.systems.push(resource_id.clone())
                }
                Event::ServicePrincipalDeleted { object_id, .. } => {
                    facts.principals.push(*object_id)
                }
                Event::RoleAssignmentOrphaned {
                    name,
                    principal_id,
                    role,
                    scope,
                } => facts.orphaned.push(Assignment {
                    name: *name,
                    principal_id: *principal_id,
                    role: role.clone(),
                    scope: scope.clone(),
                }),
                Event::RoleAssignmentDeleted {
                    name,
                    principal_id,
                    role,
                    scope,
                    cause,
                } => facts.deleted.push((
                    Assignment {
                        name: *name,
                        principal_id: *principal_id,
                        role: role.clone(),
                        scope: scope.clone(),
                    },
                    *cause,
                )),
                Event::IdentityReferenceDangling {
                    resource_id,
                    identity_id,
                } => facts
                    .dangling
                    .entry(identity_id.clone())
                    .or_default()
                    .push(resource_id.clone()),
                Event::UserIdentityDetached {
                    resource_id,
                    identity_id,
                } => facts
                    .detached
                    .push((resource_id.clone(), identity_id.clone())),
                Event::AccessPolicyRemoved {
                    vault_id,
                    object_id,
                } => facts.policies_removed.push((vault_id.clone(), *object_id)),
                Event::FederatedCredentialDeleted { identity_id, name } => facts
                    .credentials_deleted
                    .push((identity_id.clone(), name.clone())),
                _ => {}
            }
        }
        // A resource deleted in the same statement no longer holds a reference to anything.
        for users in facts.dangling.values_mut() {
            users.retain(|u| {
                !facts
                    .resources
                    .iter()
                    .any(|(id, _)| id.eq_ignore_ascii_case(u))
            });
        }
        facts.dangling.retain(|_, users| !users.is_empty());
        facts
    }

    /// True when a system-assigned identity goes while its resource stays (turned off, MI-1.3).
    fn system_turned_off(&self) -> bool {
        self.systems.iter().any(|s| {
            !self
                .resources
                .iter()
                .any(|(id, _)| id.eq_ignore_ascii_case(s))
        })
    }

    /// The outermost deleted thing an assignment's scope lies in: its group when the whole group
    /// goes, else the deleted resource.
    fn owner_of(&self, scope: &str) -> String {
        if let Some(group) = self.groups.iter().find(|g| text_contains(g, scope)) {
            return format!("resource group {} or below", short_name(group));
        }
        self.resources
            .iter()
            .find(|(id, _)| text_contains(id, scope))
            .map(|(id, _)| short_name(id).to_string())
            .unwrap_or_else(|| scope_text(scope))
    }
}

/// The user-assigned identities that deleted resources had attached and that outlive them,
/// each with the deleted resources it was attached to, in the order they were deleted.
fn kept_identities(before: &World, after: &World, facts: &Facts) -> BTreeMap<String, Vec<String>> {
    let mut kept: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, _) in &facts.resources {
        let Some(resource) = before.resource(id) else {
            continue;
        };
        for reference in &resource.identity.user_assigned {
            let Some(identity) = before.live_user_identity(reference) else {
                continue;
            };
            if after.live_user_identity(reference).is_some() {
                kept.entry(identity.id.clone())
                    .or_default()
                    .push(resource.id.clone());
            }
        }
    }
    kept
}

/// A principal's display name while it exists, else its object id.
fn principal_name(world: &World, id: Guid) -> String {
    world
        .directory
        .get(id)
        .map(|sp| sp.display_name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// "1 role assignment", "2 role assignments".
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a", "a and b", "a, b and c".
fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    /// Previews `statement` after `script` and snapshots the sentences (and error, if any).
    fn check(script: &str, statement: &str, expect: Expect) {
        let session = Session::run(script);
        assert!(
            !session.failed(),
            "{:?}",
            session.records.iter().find(|r| r.failed())
        );
        let shown = preview(&session, statement);
        let mut lines = shown.consequences;
        lines.extend(shown.error.map(|e| format!("error: {e}")));
        expect.assert_eq(&lines.join("\n"));
    }

    const VM_WITH_ASSIGNMENTS: &str = r#"
az group create -n rg1 -l eastus
az vm create -g rg1 -n vm1 --assign-identity
az storage account create -g rg1 -n st1
az identity create -g rg1 -n uami1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az identity show -g rg1 -n uami1 --query principalId -o tsv) --role 'Virtual Machine Contributor' --scope $(az vm show -g rg1 -n vm1 --query id -o tsv)
"#;

    #[test]
    fn deleting_a_vm_with_a_system_assigned_identity_and_two_assignments() {
        check(
            VM_WITH_ASSIGNMENTS,
            "az vm delete -g rg1 -n vm1 --yes",
            expect![[r#"
                virtual machine vm1 will be deleted
                vm1's system-assigned identity and its service principal will be deleted
                2 role assignments will be left orphaned (they stay, showing 'Identity not found'): Reader for vm1 at st1; Storage Blob Data Reader for vm1 at resource group rg1
                1 role assignment scoped to vm1 will be deleted with it"#]],
        );
    }

    #[test]
    fn disabling_a_system_assigned_identity() {
        check(
            VM_WITH_ASSIGNMENTS,
            "az vm identity remove -g rg1 -n vm1 --identities [system]",
            expect![[r#"
                vm1's system-assigned identity and its service principal will be deleted
                2 role assignments will be left orphaned (they stay, showing 'Identity not found'): Reader for vm1 at st1; Storage Blob Data Reader for vm1 at resource group rg1
                turning the system-assigned identity on again creates a new principal: the orphaned assignments will not apply to it"#]],
        );
    }

    #[test]
    fn deleting_a_user_assigned_identity_attached_to_two_vms() {
        check(
            r#"
az group create -n rg1 -l eastus
az identity create -g rg1 -n uami1
az vm create -g rg1 -n vm1 --assign-identity uami1
az vm create -g rg1 -n vm2 --assign-identity uami1
az role assignment create --assignee $(az identity show -g rg1 -n uami1 --query principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
az identity federated-credential create --identity-name uami1 -g rg1 -n github-main --issuer https://token.actions.githubusercontent.com --subject repo:o/r:ref:refs/heads/main
az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false
az keyvault set-policy -n kv1 --spn $(az identity show -g rg1 -n uami1 --query clientId -o tsv) --secret-permissions get list
"#,
            "az identity delete -g rg1 -n uami1",
            expect![[r#"
                user-assigned identity uami1 and its service principal will be deleted, with its 1 federated credential
                1 role assignment will be left orphaned (it stays, showing 'Identity not found'): Reader for uami1 at resource group rg1
                vm1 and vm2 will keep a reference to the deleted identity uami1 (token requests for it fail until it is removed)
                1 access policy on key vault kv1 will stay but grant nothing (its principal is gone)"#]],
        );
    }

    #[test]
    fn deleting_a_group_with_mixed_content() {
        check(
            r#"
az group create -n rg1 -l eastus
az group create -n rg2 -l eastus
az identity create -g rg1 -n uami1
az appservice plan create -g rg1 -n plan1
az webapp create -g rg1 -n web1 --plan plan1 --assign-identity [system] uami1
az vm create -g rg1 -n vm1 --assign-identity
az vm create -g rg2 -n outside --assign-identity [system] uami1
az storage account create -g rg1 -n st1
az storage container create --account-name st1 -n logs
az storage account create -g rg2 -n st2
az role assignment create --assignee $(az webapp show -g rg1 -n web1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)/blobServices/default/containers/logs
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az storage account show -g rg2 -n st2 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg2 -n outside --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az identity show -g rg1 -n uami1 --query principalId -o tsv) --role Reader --scope $(az storage account show -g rg2 -n st2 --query id -o tsv)
"#,
            "az group delete -n rg1 --yes",
            expect![[r#"
                group rg1: 5 resources will be deleted (web1, vm1, st1, plan1 and uami1)
                the system-assigned identities of web1 and vm1 will be deleted, with their service principals
                user-assigned identity uami1 and its service principal will be deleted
                2 role assignments will be left orphaned (they stay, showing 'Identity not found'): Reader for vm1 at st2; Reader for uami1 at st2
                2 role assignments scoped to resource group rg1 or below will be deleted with it
                outside will keep a reference to the deleted identity uami1 (token requests for it fail until it is removed)"#]],
        );
    }

    #[test]
    fn other_removals() {
        check(
            VM_WITH_ASSIGNMENTS,
            "az vm identity assign -g rg1 -n vm1 --identities uami1\naz vm identity remove -g rg1 -n vm1 --identities uami1",
            expect!["uami1 will be detached from vm1; the identity and its role assignments stay"],
        );
        check(
            VM_WITH_ASSIGNMENTS,
            "az role assignment delete --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)",
            expect!["role assignment Reader for vm1 at st1 will be deleted"],
        );
        check(
            "az group create -n empty -l eastus",
            "az group delete -n empty --yes",
            expect!["group empty: it is empty; only the group will be deleted"],
        );
    }

    #[test]
    fn deleting_a_vm_keeps_its_user_assigned_identity() {
        let script = r#"
az group create -n rg1 -l eastus
az group create -n rg-ids -l eastus
az identity create -g rg-ids -n id-app
az vm create -g rg1 -n vm1 --assign-identity id-app
az storage account create -g rg1 -n st1
az role assignment create --assignee $(az identity show -g rg-ids -n id-app --query principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
"#;
        check(
            script,
            "az vm delete -g rg1 -n vm1 --yes",
            expect![[r#"
                virtual machine vm1 will be deleted
                id-app stays: it is a user-assigned identity and is only detached from vm1; its role assignment keeps applying"#]],
        );
        // Detached from two VMs at once, and holding no role assignments: it still stays.
        check(
            "az group create -n rg1 -l eastus\naz identity create -g rg1 -n id-app\naz vm create -g rg1 -n vm1 --assign-identity id-app\naz vm create -g rg1 -n vm2 --assign-identity id-app",
            "az vm delete -g rg1 -n vm1 --yes\naz vm delete -g rg1 -n vm2 --yes",
            expect![[r#"
                virtual machine vm1 will be deleted
                virtual machine vm2 will be deleted
                id-app stays: it is a user-assigned identity and is only detached from vm1 and vm2; it has no role assignments"#]],
        );
        // Deleted with its group, the identity goes too.
        check(
            "az group create -n rg1 -l eastus\naz identity create -g rg1 -n id-app\naz vm create -g rg1 -n vm1 --assign-identity id-app",
            "az group delete -n rg1 --yes",
            expect![[r#"
                group rg1: 2 resources will be deleted (vm1 and id-app)
                user-assigned identity id-app and its service principal will be deleted"#]],
        );
    }

    #[test]
    fn a_failing_statement_reports_its_error() {
        check(
            VM_WITH_ASSIGNMENTS,
            "az vm delete -g rg1 -n nope --yes",
            expect!["error: (ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/nope' under resource group 'rg1' was not found."],
        );
        check(
            VM_WITH_ASSIGNMENTS,
            "az vm create -g rg1 -n vm9",
            expect![[r#""#]],
        );
    }

    #[test]
    fn the_original_session_is_unchanged() {
        let session = Session::run(VM_WITH_ASSIGNMENTS);
        let copy = session.clone();
        let shown = preview(&session, "az group delete -n rg1 --yes");
        assert!(!shown.consequences.is_empty());
        assert_eq!(session, copy);
        assert_eq!(session.world.resource_count(), 3);
    }
}
