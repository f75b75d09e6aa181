//! Plain-language text for the timeline and the two logs: one sentence per [`Event`], Activity
//! Log entry and sign-in, and the simulated clock as `HH:MM:SS`.
//!
//! Invariants: every `Event` variant has a sentence (the match is exhaustive, so a new variant
//! does not compile until it is described); sentences name things by their names (the last
//! segment of an ARM id) and keep ids only where they are the point (principal and client ids);
//! nothing here looks at the world, so a sentence depends on its event alone and never panics.

use crate::sim::account::Host;
use crate::sim::evaluate::Reason;
use crate::sim::event::{ActivityEntry, DeletionCause, Event, SignInEntry, SignInKind};
use crate::sim::operations::{self, Plane};
use crate::sim::resource::{ResourceKind, VaultPermissionModel};
use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::storage::SharedKeyAccess;

/// One sentence for the timeline, e.g. "Service principal vm1 created in Entra ID (object id …)".
pub fn event_text(event: &Event) -> String {
    match event {
        Event::SubscriptionAdded { id, name } => format!("Subscription {name} added ({id})"),
        Event::ManagementGroupCreated { name } => format!("Management group {name} created"),
        Event::SubscriptionMoved {
            subscription,
            management_group,
        } => format!("Subscription {subscription} moved under management group {management_group}"),
        Event::ResourceGroupCreated { id } => format!("Resource group {} created", short_name(id)),
        Event::ResourceGroupDeleted { id } => format!(
            "Resource group {} deleted, after everything in it",
            short_name(id)
        ),
        Event::ResourceCreated { id, kind } => {
            format!("{} {} created{}", kind.label(), short_name(id), in_group(id))
        }
        Event::ResourceDeleted { id, kind } => {
            format!("{} {} deleted{}", kind.label(), short_name(id), from_group(id))
        }
        Event::ContainerCreated { id } => format!(
            "Blob container {} created in {}",
            short_name(id),
            owner_name(id)
        ),
        Event::SystemIdentityEnabled {
            resource_id,
            principal_id,
        } => format!(
            "System-assigned identity enabled on {} (principal id {principal_id})",
            short_name(resource_id)
        ),
        Event::SystemIdentityDisabled {
            resource_id,
            principal_id,
        } => format!(
            "System-assigned identity of {} removed (principal id {principal_id})",
            short_name(resource_id)
        ),
        Event::UserIdentityAttached {
            resource_id,
            identity_id,
        } => format!(
            "User-assigned identity {} attached to {}",
            short_name(identity_id),
            short_name(resource_id)
        ),
        Event::UserIdentityDetached {
            resource_id,
            identity_id,
        } => format!(
            "User-assigned identity {} detached from {}",
            short_name(identity_id),
            short_name(resource_id)
        ),
        Event::IdentityReferenceDangling {
            resource_id,
            identity_id,
        } => format!(
            "{} still references the deleted identity {}: token requests for it fail until it is removed",
            short_name(resource_id),
            short_name(identity_id)
        ),
        Event::ServicePrincipalCreated {
            object_id,
            app_id,
            display_name,
            ..
        } => format!(
            "Service principal {display_name} created in Entra ID (object id {object_id}, client id {app_id})"
        ),
        Event::ServicePrincipalDeleted {
            object_id,
            display_name,
            ..
        } => format!(
            "Service principal {display_name} deleted from Entra ID (object id {object_id}); it cannot be restored"
        ),
        Event::RoleAssignmentCreated {
            principal_id,
            role,
            scope,
            ..
        } => format!(
            "Role assignment {role} for {principal_id} at {} created",
            scope_text(scope)
        ),
        Event::RoleAssignmentDeleted {
            principal_id,
            role,
            scope,
            cause,
            ..
        } => {
            let why = deleted_with(*cause);
            format!(
                "Role assignment {role} for {principal_id} at {} deleted{why}",
                scope_text(scope)
            )
        }
        Event::RoleAssignmentOrphaned {
            principal_id,
            role,
            scope,
            ..
        } => format!(
            "Role assignment {role} for {principal_id} at {} orphaned: its principal no longer exists",
            scope_text(scope)
        ),
        Event::DenyAssignmentCreated { name, scope, .. } => {
            format!("Deny assignment {name} created at {}", scope_text(scope))
        }
        Event::AccessPolicySet {
            vault_id,
            object_id,
        } => format!(
            "Access policy for {object_id} set on key vault {}",
            short_name(vault_id)
        ),
        Event::AccessPolicyRemoved {
            vault_id,
            object_id,
        } => format!(
            "Access policy for {object_id} removed from key vault {}",
            short_name(vault_id)
        ),
        Event::VaultPermissionModelChanged { vault_id, model } => {
            let model = match model {
                VaultPermissionModel::Rbac => "Azure RBAC (its access policies no longer count)",
                VaultPermissionModel::AccessPolicies => {
                    "access policies (its role assignments for data no longer count)"
                }
            };
            format!("Key vault {} now uses {model}", short_name(vault_id))
        }
        Event::FederatedCredentialCreated { identity_id, name } => format!(
            "Federated credential {name} added to {}",
            short_name(identity_id)
        ),
        Event::FederatedCredentialDeleted { identity_id, name } => format!(
            "Federated credential {name} deleted from {}",
            short_name(identity_id)
        ),
        Event::TokenIssued {
            requester_id,
            principal_id,
            audience,
        } => format!(
            "Token for {audience} issued to code on {} (principal id {principal_id})",
            short_name(requester_id)
        ),
        Event::TokenRequestFailed { requester_id, code } => format!(
            "Token request from code on {} failed: {}",
            short_name(requester_id),
            reason_text(code)
        ),
        Event::HostChanged { host } => match host {
            Host::Local => "Statements run on your own machine again".to_string(),
            Host::Resource(id) => format!("Statements now run on {}", short_name(id)),
        },
        Event::SignedIn {
            host,
            principal_id,
            name,
        } => format!(
            "{name} signed in to az on {} (object id {principal_id})",
            host_text(host)
        ),
        Event::SignedOut { host, principal_id } => {
            format!("{principal_id} signed out of az on {}", host_text(host))
        }
        Event::AuthorizationFailed {
            principal_id,
            operation,
            scope,
        } => format!(
            "Authorization failed: {principal_id} may not perform {} at {}",
            operation_text(operation),
            scope_text(scope)
        ),
        Event::AccessDecided {
            principal_id,
            operation,
            plane,
            scope,
            allowed,
            reason,
        } => {
            let verdict = if *allowed { "allowed" } else { "denied" };
            let who = principal_id.map_or_else(|| "no identity".to_string(), |p| p.to_string());
            let plane = match plane {
                Plane::Control => "control plane",
                Plane::Data => "data plane",
            };
            format!(
                "Access check {verdict}: {} ({plane}) at {} for {who}: {}",
                operation_text(operation),
                scope_text(scope),
                reason_text(reason)
            )
        }
        Event::UserCreated {
            object_id,
            user_principal_name,
        } => format!("User {user_principal_name} created in Entra ID (object id {object_id})"),
        Event::UserDeleted {
            object_id,
            user_principal_name,
        } => format!(
            "User {user_principal_name} deleted from Entra ID (object id {object_id}); its role assignments stay, orphaned"
        ),
        Event::GroupCreated {
            object_id,
            display_name,
        } => format!("Security group {display_name} created in Entra ID (object id {object_id})"),
        Event::GroupDeleted {
            object_id,
            display_name,
        } => format!(
            "Security group {display_name} deleted (object id {object_id}); its members lose what it granted"
        ),
        Event::GroupMemberAdded {
            group_name,
            member_id,
            ..
        } => format!(
            "{member_id} added to group {group_name}: it now gets the group's role assignments"
        ),
        Event::GroupMemberRemoved {
            group_name,
            member_id,
            ..
        } => format!(
            "{member_id} removed from group {group_name}: the group's role assignments no longer apply to it"
        ),
        Event::ApplicationCreated {
            display_name,
            app_id,
            ..
        } => format!(
            "App registration {display_name} created (application id {app_id}); it has no service principal until one is created"
        ),
        Event::ApplicationDeleted {
            display_name,
            app_id,
            ..
        } => format!("App registration {display_name} deleted (application id {app_id})"),
        Event::CredentialAdded {
            app_id,
            key_id,
            end,
        } => format!(
            "Client secret {key_id} added to application {app_id}, valid until {}: like a password, it signs in as the app for whoever holds it until then",
            date_text(*end)
        ),
        Event::CredentialRemoved { app_id, key_id } => format!(
            "Client secret {key_id} of application {app_id} deleted: it can no longer sign in"
        ),
        Event::ContainerDeleted { id } => format!(
            "Blob container {} deleted from {}, with its blobs",
            short_name(id),
            owner_name(id)
        ),
        Event::BlobWritten { container_id, name } => format!(
            "Blob {name} written to container {} in {}",
            short_name(container_id),
            owner_name(container_id)
        ),
        Event::BlobDeleted { container_id, name } => format!(
            "Blob {name} deleted from container {} in {}",
            short_name(container_id),
            owner_name(container_id)
        ),
        Event::StorageKeyRenewed { account_id, key } => format!(
            "Key {} of storage account {} renewed: its old value, and every connection string made from it, no longer works",
            key.key_name(),
            short_name(account_id)
        ),
        Event::SharedKeyAccessChanged { account_id, access } => match access {
            SharedKeyAccess::Allowed => format!(
                "Storage account {} accepts account keys again",
                short_name(account_id)
            ),
            SharedKeyAccess::Disabled => format!(
                "Storage account {} refuses account keys and connection strings from now on; Entra ID sign-in keeps working",
                short_name(account_id)
            ),
        },
        Event::SecretSet {
            vault_id,
            name,
            version,
        } => format!(
            "Secret {name} set in key vault {} (version {version})",
            short_name(vault_id)
        ),
        Event::SecretDeleted { vault_id, name } => format!(
            "Secret {name} deleted from key vault {}; it stays recoverable and its name stays taken",
            short_name(vault_id)
        ),
        Event::SecretRecovered { vault_id, name } => format!(
            "Deleted secret {name} recovered in key vault {}, with its value",
            short_name(vault_id)
        ),
        Event::SecretPurged { vault_id, name } => format!(
            "Deleted secret {name} purged from key vault {}: gone for good, its name is free",
            short_name(vault_id)
        ),
    }
}

/// A simulated time as a calendar date, `YYYY-MM-DD`.
fn date_text(seconds: u64) -> String {
    let full = crate::sim::script::time::iso8601(seconds);
    full.get(..10).unwrap_or(&full).to_string()
}

/// One Activity Log line: what was written, to what, and how it went.
pub fn activity_text(entry: &ActivityEntry) -> String {
    format!(
        "{}: {} ({}, by {})",
        entry.operation_name,
        activity_target(&entry.resource_id),
        entry.status.as_str(),
        entry.caller
    )
}

/// One sign-in log line (LG-7.2): who got a token, for what, asked from which machine.
pub fn sign_in_text(entry: &SignInEntry) -> String {
    let asked = match (&entry.kind, &entry.requester) {
        (SignInKind::ManagedIdentity(_), Host::Resource(id)) => {
            format!("asked by code on {}", short_name(id))
        }
        (_, host) => format!("from {}", host_text(host)),
    };
    format!(
        "{} ({}) signed in for {}, {asked} (object id {}, client id {})",
        entry.identity,
        entry.kind.label(),
        entry.resource,
        entry.object_id,
        entry.app_id
    )
}

/// A machine statements run on: a resource's name, or the learner's machine.
pub fn host_text(host: &Host) -> String {
    match host {
        Host::Local => "your machine".to_string(),
        Host::Resource(id) => short_name(id).to_string(),
    }
}

/// The simulated clock's time of day as `HH:MM:SS`. The clock starts at midnight UTC
/// (`world::EPOCH`), so the time of day is the seconds modulo one day; the date is not shown.
pub fn time_text(seconds: u64) -> String {
    let of_day = seconds % 86_400;
    format!(
        "{:02}:{:02}:{:02}",
        of_day / 3600,
        (of_day / 60) % 60,
        of_day % 60
    )
}

/// The name in an ARM id: its last non-empty segment (`/…/virtualMachines/vm1` → `vm1`).
pub fn short_name(id: &str) -> &str {
    id.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(id)
}

/// A scope as a learner would say it: "st1", "resource group rg1", "container c1 in st1",
/// "subscription …", "management group mg1", "the tenant root".
pub fn scope_text(scope: &str) -> String {
    let Ok(parsed) = Scope::parse(scope) else {
        return scope.to_string();
    };
    match parsed.level() {
        ScopeLevel::Root => "the tenant root".to_string(),
        ScopeLevel::ManagementGroup => format!("management group {}", parsed.name()),
        ScopeLevel::Subscription => format!("subscription {}", parsed.name()),
        ScopeLevel::ResourceGroup => format!("resource group {}", parsed.name()),
        ScopeLevel::Resource => parsed.name().to_string(),
        ScopeLevel::Child => {
            let owner = parsed
                .resource_scope()
                .map(|r| r.name().to_string())
                .unwrap_or_default();
            let what = match parsed.resource_type() {
                Some(t) if t.to_ascii_lowercase().ends_with("/containers") => "container",
                _ => "child resource",
            };
            format!("{what} {} in {owner}", parsed.name())
        }
    }
}

/// A resource's kind label for the middle of a sentence ("virtual machine", "SQL server").
pub fn kind_text(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::VirtualMachine => "virtual machine",
        ResourceKind::VmScaleSet => "VM scale set",
        ResourceKind::AppServicePlan => "App Service plan",
        ResourceKind::WebApp => "web app",
        ResourceKind::FunctionApp => "function app",
        ResourceKind::StorageAccount => "storage account",
        ResourceKind::KeyVault => "key vault",
        ResourceKind::SqlServer => "SQL server",
        ResourceKind::CosmosDb => "Cosmos DB account",
        ResourceKind::UserAssignedIdentity => "user-assigned identity",
    }
}

/// " with its scope" for an assignment deleted because its scope was, else nothing.
pub(crate) fn deleted_with(cause: DeletionCause) -> &'static str {
    match cause {
        DeletionCause::Requested => "",
        DeletionCause::ScopeDeleted => " with its scope",
    }
}

/// " in rg1" for a resource id inside a group, else nothing.
pub(crate) fn in_group(id: &str) -> String {
    Scope::parse(id)
        .ok()
        .and_then(|s| s.resource_group().map(|g| format!(" in {g}")))
        .unwrap_or_default()
}

/// " from rg1" for a resource id inside a group, else nothing.
fn from_group(id: &str) -> String {
    Scope::parse(id)
        .ok()
        .and_then(|s| s.resource_group().map(|g| format!(" from {g}")))
        .unwrap_or_default()
}

/// The resource that owns a child path (the storage account of a container).
fn owner_name(id: &str) -> String {
    Scope::parse(id)
        .ok()
        .and_then(|s| s.resource_scope())
        .map(|r| r.name().to_string())
        .unwrap_or_else(|| id.to_string())
}

/// Role assignments are logged under their own ARM id; the scope says more than the GUID.
fn activity_target(resource_id: &str) -> String {
    const ASSIGNMENTS: &str = "/providers/microsoft.authorization/roleassignments/";
    let lower = resource_id.to_ascii_lowercase();
    match lower.find(ASSIGNMENTS) {
        Some(at) => {
            let scope = if at == 0 { "/" } else { &resource_id[..at] };
            format!(
                "role assignment {} at {}",
                short_name(resource_id),
                scope_text(scope)
            )
        }
        None => match Scope::parse(resource_id).map(|s| s.level()) {
            Ok(ScopeLevel::ResourceGroup) => format!("resource group {}", short_name(resource_id)),
            _ => short_name(resource_id).to_string(),
        },
    }
}

/// A friendly operation name when the catalog has one ("Read blobs"), else the operation string.
fn operation_text(operation: &str) -> String {
    operations::find(operation)
        .map(|op| op.friendly.to_string())
        .unwrap_or_else(|| operation.to_string())
}

/// A reason code with its plain meaning: "no-identity (the resource has no managed identity)".
fn reason_text(code: &str) -> String {
    match Reason::parse(code) {
        Some(reason) => format!("{code} ({})", reason.plain()),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::sim::ids::Guid;
    use crate::sim::script::session::Session;

    /// Runs a script and snapshots the text of every event, with its statement's line.
    fn check(script: &str, expect: Expect) {
        let session = Session::run(script);
        let mut out = String::new();
        for record in &session.records {
            assert!(
                record.error.is_none(),
                "{}: {:?}",
                record.text,
                record.error
            );
            for event in &record.events {
                out.push_str(&format!("{}: {}\n", record.line, event_text(event)));
            }
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn every_kind_of_event_reads_as_a_sentence() {
        check(
            r#"
az group create -n rg1 -l eastus
az account management-group create -n mg1
az account management-group subscription add -n mg1 -s "Playground subscription"
az vm create -g rg1 -n vm1 --assign-identity
az identity create -g rg1 -n uami1
az vm identity assign -g rg1 -n vm1 --identities uami1
az storage account create -g rg1 -n st1
az storage container create --account-name st1 -n logs
az role assignment create --assignee-object-id $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --assignee-principal-type ServicePrincipal --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
az role assignment create --assignee $(az identity show -g rg1 -n uami1 --query principalId -o tsv) --role Reader --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)/blobServices/default/containers/logs
mip check --from vm1 --action "Read blobs" --scope st1
mip token --from vm1 --resource https://storage.azure.com/
mip token --from vm1 --resource https://storage.azure.com/ --msi-res-id uami1
mip deny-assignment create --name no-delete --scope rg1 --actions '*/delete' --exclude-principals learner@contoso.onmicrosoft.com
az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false
az keyvault set-policy -n kv1 --object-id $(az identity show -g rg1 -n uami1 --query principalId -o tsv) --secret-permissions get
az keyvault delete-policy -n kv1 --object-id $(az identity show -g rg1 -n uami1 --query principalId -o tsv)
az keyvault update -n kv1 --enable-rbac-authorization true
az identity federated-credential create --identity-name uami1 -g rg1 -n github-main --issuer https://token.actions.githubusercontent.com --subject repo:o/r:ref:refs/heads/main
az identity federated-credential delete --identity-name uami1 -g rg1 -n github-main
az vm identity remove -g rg1 -n vm1 --identities [system]
az vm identity remove -g rg1 -n vm1 --identities uami1
az vm identity assign -g rg1 -n vm1 --identities uami1
az identity delete -g rg1 -n uami1
az role assignment delete --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)/blobServices/default/containers/logs --role Reader --all
az group delete -n rg1 --yes
"#,
            expect![[r#"
                2: Resource group rg1 created
                3: Management group mg1 created
                4: Subscription 9c90c00a-bbb4-411a-8c27-0ece0d07dd74 moved under management group mg1
                5: Virtual machine vm1 created in rg1
                5: System-assigned identity enabled on vm1 (principal id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779)
                5: Service principal vm1 created in Entra ID (object id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779, client id 74f6f828-e6b7-4907-a9c3-ffc1780467f3)
                6: User-assigned managed identity uami1 created in rg1
                6: Service principal uami1 created in Entra ID (object id 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1, client id e63c8ab3-d3f0-43a6-af8d-22be0fdf688d)
                7: User-assigned identity uami1 attached to vm1
                8: Storage account st1 created in rg1
                9: Blob container logs created in st1
                10: Role assignment Storage Blob Data Reader for 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779 at st1 created
                11: Role assignment Reader for 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1 at container logs in st1 created
                12: Token for https://storage.azure.com/ issued to code on vm1 (principal id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779)
                12: Access check allowed: Read blobs (data plane) at st1 for 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779: role-assignment (a role assignment grants it)
                13: Token for https://storage.azure.com/ issued to code on vm1 (principal id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779)
                14: Token for https://storage.azure.com/ issued to code on vm1 (principal id 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1)
                15: Deny assignment no-delete created at resource group rg1
                16: Key vault kv1 created in rg1
                17: Access policy for 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1 set on key vault kv1
                18: Access policy for 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1 removed from key vault kv1
                19: Key vault kv1 now uses Azure RBAC (its access policies no longer count)
                20: Federated credential github-main added to uami1
                21: Federated credential github-main deleted from uami1
                22: System-assigned identity of vm1 removed (principal id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779)
                22: Service principal vm1 deleted from Entra ID (object id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779); it cannot be restored
                22: Role assignment Storage Blob Data Reader for 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779 at st1 orphaned: its principal no longer exists
                23: User-assigned identity uami1 detached from vm1
                24: User-assigned identity uami1 attached to vm1
                25: Service principal uami1 deleted from Entra ID (object id 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1); it cannot be restored
                25: Role assignment Reader for 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1 at container logs in st1 orphaned: its principal no longer exists
                25: vm1 still references the deleted identity uami1: token requests for it fail until it is removed
                25: User-assigned managed identity uami1 deleted from rg1
                26: Role assignment Reader for 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1 at container logs in st1 deleted
                27: Virtual machine vm1 deleted from rg1
                27: Key vault kv1 deleted from rg1
                27: Role assignment Storage Blob Data Reader for 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779 at st1 deleted with its scope
                27: Storage account st1 deleted from rg1
                27: Resource group rg1 deleted, after everything in it
            "#]],
        );
    }

    #[test]
    fn token_failures_and_denials_say_why() {
        check(
            "az group create -n rg -l eastus\naz vm create -g rg -n bare\naz storage account create -g rg -n st2\nmip token --from bare --resource https://storage.azure.com/\nmip check --from bare --action 'Read blobs' --scope st2",
            expect![[r#"
                1: Resource group rg created
                2: Virtual machine bare created in rg
                3: Storage account st2 created in rg
                4: Token request from code on bare failed: no-identity (the resource has no managed identity)
                5: Token request from code on bare failed: no-identity (the resource has no managed identity)
                5: Access check denied: Read blobs (data plane) at st2 for no identity: no-identity (the resource has no managed identity)
            "#]],
        );
    }

    #[test]
    fn activity_and_sign_in_lines() {
        let session = Session::run(
            "az group create -n rg -l eastus\naz vm create -g rg -n vm1 --assign-identity\naz role assignment create --assignee $(az vm show -g rg -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg --query id -o tsv)\nmip token --from vm1 --resource https://management.azure.com/",
        );
        let world = &session.world;
        let mut out: Vec<String> = world
            .activity_log
            .iter()
            .map(|e| format!("{} {}", time_text(e.time), activity_text(e)))
            .collect();
        out.extend(
            world
                .sign_ins
                .iter()
                .map(|e| format!("{} {}", time_text(e.time), sign_in_text(e))),
        );
        expect![[r#"
            00:00:01 Update resource group: resource group rg (Succeeded, by learner@contoso.onmicrosoft.com)
            00:00:02 Create or Update Virtual Machine: vm1 (Succeeded, by learner@contoso.onmicrosoft.com)
            00:00:02 Create or Update Virtual Machine: vm1 (Succeeded, by learner@contoso.onmicrosoft.com)
            00:00:03 Create role assignment: role assignment 3c8f2320-b3a8-456e-b86c-5c21bfc9f8d1 at resource group rg (Succeeded, by learner@contoso.onmicrosoft.com)
            00:00:04 vm1 (System Assigned) signed in for https://management.azure.com/, asked by code on vm1 (object id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779, client id 74f6f828-e6b7-4907-a9c3-ffc1780467f3)"#]].assert_eq(&out.join("\n"));
    }

    /// Events no script in the tests above produces, and ids that are not well formed.
    #[test]
    fn events_built_by_hand() {
        let events = [
            Event::SubscriptionAdded {
                id: Guid::NIL,
                name: "Second".into(),
            },
            Event::VaultPermissionModelChanged {
                vault_id:
                    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
                        .into(),
                model: VaultPermissionModel::AccessPolicies,
            },
            Event::ContainerCreated {
                id: "not-an-id".into(),
            },
            Event::ResourceCreated {
                id: String::new(),
                kind: ResourceKind::CosmosDb,
            },
            Event::AccessDecided {
                principal_id: Some(Guid::NIL),
                operation: "Contoso.Custom/things/read".into(),
                plane: Plane::Control,
                scope: "/providers/Microsoft.Management/managementGroups/mg1".into(),
                allowed: false,
                reason: "made-up",
            },
        ];
        let text: Vec<String> = events.iter().map(event_text).collect();
        expect![[r#"
            Subscription Second added (00000000-0000-0000-0000-000000000000)
            Key vault kv now uses access policies (its role assignments for data no longer count)
            Blob container not-an-id created in not-an-id
            Cosmos DB account  created
            Access check denied: Contoso.Custom/things/read (control plane) at management group mg1 for 00000000-0000-0000-0000-000000000000: made-up"#]].assert_eq(&text.join("\n"));
    }

    /// The data plane's events, each in one sentence (DP-11.5, DP-11.6, DP-11.8, DP-11.13).
    #[test]
    fn data_plane_events() {
        let account =
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";
        let container = format!("{account}/blobServices/default/containers/c1");
        let vault = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1";
        let events = [
            Event::BlobWritten {
                container_id: container.clone(),
                name: "a.txt".into(),
            },
            Event::BlobDeleted {
                container_id: container.clone(),
                name: "a.txt".into(),
            },
            Event::ContainerDeleted { id: container },
            Event::StorageKeyRenewed {
                account_id: account.into(),
                key: crate::sim::storage::StorageKey::Secondary,
            },
            Event::SharedKeyAccessChanged {
                account_id: account.into(),
                access: SharedKeyAccess::Allowed,
            },
            Event::SecretSet {
                vault_id: vault.into(),
                name: "db".into(),
                version: "0123456789abcdef0123456789abcdef".into(),
            },
        ];
        let text: Vec<String> = events.iter().map(event_text).collect();
        expect![[r#"
            Blob a.txt written to container c1 in st1
            Blob a.txt deleted from container c1 in st1
            Blob container c1 deleted from st1, with its blobs
            Key key2 of storage account st1 renewed: its old value, and every connection string made from it, no longer works
            Storage account st1 accepts account keys again
            Secret db set in key vault kv1 (version 0123456789abcdef0123456789abcdef)"#]]
        .assert_eq(&text.join("\n"));
    }

    #[test]
    fn clock_and_names() {
        assert_eq!(time_text(crate::sim::world::EPOCH), "00:00:00");
        assert_eq!(
            time_text(crate::sim::world::EPOCH + 3 * 3600 + 62),
            "03:01:02"
        );
        assert_eq!(time_text(86_399), "23:59:59");
        assert_eq!(time_text(u64::MAX), "07:00:15");
        assert_eq!(short_name("/a/b/vm1/"), "vm1");
        assert_eq!(short_name(""), "");
        assert_eq!(short_name("/"), "/");
        assert_eq!(scope_text("/"), "the tenant root");
        assert_eq!(scope_text("not a scope"), "not a scope");
        assert_eq!(kind_text(ResourceKind::VirtualMachine), "virtual machine");
        assert_eq!(kind_text(ResourceKind::VmScaleSet), "VM scale set");
        assert_eq!(kind_text(ResourceKind::SqlServer), "SQL server");
        assert_eq!(kind_text(ResourceKind::CosmosDb), "Cosmos DB account");
    }

    /// The events of signing in, moving between machines and a refused command, including the
    /// refusal's own statement (which fails).
    #[test]
    fn sign_in_and_authorization_events_read_as_sentences() {
        let session = Session::run(
            r#"
az group create -n rg1 -l eastus
az vm create -g rg1 -n vm1 --assign-identity
mip on vm1
az login --identity --allow-no-subscriptions
az group create -n rg2 -l eastus
az logout
mip on local
"#,
        );
        let mut out = String::new();
        for record in session.records.iter().skip(2) {
            for event in &record.events {
                out.push_str(&format!("{}: {}\n", record.line, event_text(event)));
            }
        }
        let principal = session
            .world
            .resources_named("vm1")
            .next()
            .and_then(|r| r.identity.system.as_ref())
            .map(|s| s.principal_id.to_string())
            .unwrap_or_default();
        let sub = session.world.default_subscription().id.to_string();
        let out = out.replace(&principal, "<vm1>").replace(&sub, "<sub>");
        expect![[r#"
            4: Statements now run on vm1
            5: Token for https://management.core.windows.net/ issued to code on vm1 (principal id <vm1>)
            5: systemAssignedIdentity signed in to az on vm1 (object id <vm1>)
            6: Authorization failed: <vm1> may not perform Create resource group at resource group rg2
            7: <vm1> signed out of az on vm1
            8: Statements run on your own machine again
        "#]].assert_eq(&out);
    }
}
