//! The JSON shapes `az` prints for the playground's objects, so `--query` written against real
//! Azure output works unchanged here.

use serde_json::{json, Map, Value};

use crate::sim::directory::{ObjectKind, PrincipalSource, ServicePrincipal};
use crate::sim::ids::Guid;
use crate::sim::rbac::{PrincipalType, RoleAssignment, RoleDefinition};
use crate::sim::resource::{Details, Identity, Resource, ResourceKind, VaultPermissionModel};
use crate::sim::storage::SharedKeyAccess;
use crate::sim::world::{assignment_id, ResourceGroup, World};

/// ARM's `identity` block (MI-1.8), or `null` when the resource has none.
pub fn identity(world: &World, identity: &Identity) -> Value {
    if identity.is_empty() {
        return Value::Null;
    }
    let users: Map<String, Value> = identity
        .user_assigned
        .iter()
        .map(|r| (r.id.clone(), json!({ "clientId": r.client_id.to_string(), "principalId": r.principal_id.to_string() })))
        .collect();
    json!({
        "principalId": identity.system.as_ref().map(|s| s.principal_id.to_string()),
        "tenantId": identity.system.as_ref().map(|_| world.tenant_id().to_string()),
        "type": identity.type_name(),
        "userAssignedIdentities": if users.is_empty() { Value::Null } else { Value::Object(users) },
    })
}

/// The shape of `az vm identity assign|show`: `systemAssignedIdentity` + `userAssignedIdentities`.
pub fn vm_identity(identity: &Identity) -> Value {
    let users: Map<String, Value> = identity
        .user_assigned
        .iter()
        .map(|r| (r.id.clone(), json!({ "clientId": r.client_id.to_string(), "principalId": r.principal_id.to_string() })))
        .collect();
    json!({
        "systemAssignedIdentity": identity.system.as_ref().map(|s| s.principal_id.to_string()).unwrap_or_default(),
        "userAssignedIdentities": users,
    })
}

pub fn group(g: &ResourceGroup) -> Value {
    json!({
        "id": g.id(),
        "location": g.location,
        "managedBy": null,
        "name": g.name,
        "properties": { "provisioningState": "Succeeded" },
        "tags": null,
        "type": "Microsoft.Resources/resourceGroups",
    })
}

/// A resource as `az <type> show` prints it (the fields that matter here).
pub fn resource(world: &World, r: &Resource) -> Value {
    let mut v = json!({
        "id": r.id,
        "identity": identity(world, &r.identity),
        "location": r.location,
        "name": r.name,
        "resourceGroup": r.group,
        "tags": {},
        "type": r.kind.arm_type(),
    });
    let Value::Object(map) = &mut v else { return v };
    if let Some(kind) = r.kind.site_kind() {
        map.insert("kind".into(), json!(kind));
        map.insert(
            "defaultHostName".into(),
            json!(format!("{}.azurewebsites.net", r.name.to_ascii_lowercase())),
        );
    }
    match &r.details {
        Details::Site { plan } => {
            map.insert("serverFarmId".into(), json!(plan));
        }
        Details::StorageAccount { data, .. } => {
            // DP-11.6: shown once set; an account that never set it allows shared keys.
            if let Some(access) = data.shared_key_access {
                map.insert(
                    "allowSharedKeyAccess".into(),
                    json!(access == SharedKeyAccess::Allowed),
                );
            }
            map.insert("kind".into(), json!("StorageV2"));
            map.insert(
                "sku".into(),
                json!({ "name": "Standard_RAGRS", "tier": "Standard" }),
            );
            map.insert(
                "primaryEndpoints".into(),
                json!({ "blob": format!("https://{}.blob.core.windows.net/", r.name) }),
            );
        }
        Details::KeyVault {
            model, policies, ..
        } => {
            let policies: Vec<Value> = policies
                .iter()
                .map(|p| {
                    json!({
                        "applicationId": null,
                        "objectId": p.object_id.to_string(),
                        "permissions": { "certificates": p.certificates, "keys": p.keys, "secrets": p.secrets, "storage": p.storage },
                        "tenantId": world.tenant_id().to_string(),
                    })
                })
                .collect();
            map.insert(
                "properties".into(),
                json!({
                    "accessPolicies": policies,
                    "enableRbacAuthorization": *model == VaultPermissionModel::Rbac,
                    "tenantId": world.tenant_id().to_string(),
                    "vaultUri": format!("https://{}.vault.azure.net/", r.name),
                }),
            );
        }
        Details::UserIdentity {
            principal_id,
            client_id,
            ..
        } => {
            map.remove("identity");
            map.insert("clientId".into(), json!(client_id.to_string()));
            map.insert("principalId".into(), json!(principal_id.to_string()));
            map.insert("tenantId".into(), json!(world.tenant_id().to_string()));
        }
        Details::Plain => {
            if r.kind == ResourceKind::SqlServer {
                map.insert(
                    "fullyQualifiedDomainName".into(),
                    json!(format!("{}.database.windows.net", r.name)),
                );
            }
            if r.kind == ResourceKind::CosmosDb {
                map.insert(
                    "documentEndpoint".into(),
                    json!(format!("https://{}.documents.azure.com:443/", r.name)),
                );
            }
        }
    }
    v
}

/// A resource as `az resource list` prints it: the generic ARM envelope.
pub fn generic_resource(world: &World, r: &Resource) -> Value {
    json!({
        "id": r.id,
        "identity": identity(world, &r.identity),
        "kind": r.kind.site_kind(),
        "location": r.location,
        "managedBy": null,
        "name": r.name,
        "plan": null,
        "properties": null,
        "resourceGroup": r.group,
        "sku": null,
        "tags": {},
        "type": r.kind.arm_type(),
    })
}

/// `az vm create`'s summary output.
pub fn vm_created(r: &Resource, ordinal: usize) -> Value {
    let mut v = json!({
        "fqdns": "",
        "id": r.id,
        "location": r.location,
        "macAddress": format!("00-0D-3A-{:02X}-{:02X}-{:02X}", (ordinal >> 16) & 0xff, (ordinal >> 8) & 0xff, ordinal & 0xff),
        "powerState": "VM running",
        "privateIpAddress": format!("10.0.{}.{}", (ordinal / 250) % 250, 4 + ordinal % 250),
        "publicIpAddress": "",
        "resourceGroup": r.group,
        "zones": "",
    });
    if !r.identity.is_empty() {
        if let Value::Object(map) = &mut v {
            map.insert("identity".into(), vm_identity(&r.identity));
        }
    }
    v
}

/// A role assignment as `az role assignment create|list` prints it. MI-1.5: when the principal
/// is gone, the principal type reads `Unknown` and the name is empty ("Identity not found").
pub fn assignment(world: &World, a: &RoleAssignment, with_names: bool) -> Value {
    let role = world.role_by_id(&a.role_id);
    let sub = world.default_subscription().id;
    let orphaned = world.is_orphaned(a);
    let mut v = json!({
        "condition": null,
        "conditionVersion": null,
        "createdBy": null,
        "createdOn": crate::sim::script::time::iso8601(a.created_at),
        "delegatedManagedIdentityResourceId": null,
        "description": null,
        "id": assignment_id(a),
        "name": a.name.to_string(),
        "principalId": a.principal_id.to_string(),
        "principalType": principal_type(world, a, orphaned),
        "roleDefinitionId": role.map(|r| r.arm_id(sub)).unwrap_or_else(|| a.role_id.clone()),
        "scope": a.scope,
        "type": "Microsoft.Authorization/roleAssignments",
    });
    if with_names {
        if let Value::Object(map) = &mut v {
            let principal_name = principal_name(world, a.principal_id);
            map.insert("principalName".into(), json!(principal_name));
            map.insert(
                "roleDefinitionName".into(),
                json!(role.map(|r| r.name.clone())),
            );
        }
    }
    v
}

/// EN-9.16: the principal's type as Graph knows it (the stored one for a principal Graph doesn't
/// know, and `Unknown` once it is gone, MI-1.5).
fn principal_type(world: &World, a: &RoleAssignment, orphaned: bool) -> &'static str {
    if orphaned {
        return "Unknown";
    }
    match world.directory.kind_of(a.principal_id) {
        Some(ObjectKind::User) => PrincipalType::User.name(),
        Some(ObjectKind::Group) => PrincipalType::Group.name(),
        Some(ObjectKind::ServicePrincipal) => PrincipalType::ServicePrincipal.name(),
        Some(ObjectKind::Application) | None => a.principal_type.name(),
    }
}

/// EN-9.16: `principalName` from Graph: a user's UPN, a group's display name, a service
/// principal's first `servicePrincipalNames` entry (its application id); `""` once it is gone.
fn principal_name(world: &World, principal: Guid) -> String {
    let directory = &world.directory;
    if let Some(sp) = directory.get(principal) {
        return sp.app_id.to_string();
    }
    if let Some(user) = directory.user(principal) {
        return user.user_principal_name.clone();
    }
    directory
        .group(principal)
        .map(|g| g.display_name.clone())
        .unwrap_or_default()
}

pub fn role_definition(world: &World, role: &RoleDefinition) -> Value {
    json!({
        "assignableScopes": ["/"],
        "description": role.description,
        "id": role.arm_id(world.default_subscription().id),
        "name": role.id,
        "permissions": [{
            "actions": role.permissions.actions,
            "condition": null,
            "conditionVersion": null,
            "dataActions": role.permissions.data_actions,
            "notActions": role.permissions.not_actions,
            "notDataActions": role.permissions.not_data_actions,
        }],
        "roleName": role.name,
        "roleType": if role.builtin { "BuiltInRole" } else { "CustomRole" },
        "type": "Microsoft.Authorization/roleDefinitions",
    })
}

/// A service principal as `az ad sp show` prints it (Microsoft Graph shape). EN-9.5: a
/// managed identity's names are its client id and `https://identity.azure.net/<ARM id>`; an
/// application's, its application id.
pub fn service_principal(world: &World, sp: &ServicePrincipal) -> Value {
    let mut names = vec![Value::from(sp.app_id.to_string())];
    names.extend(
        sp.source
            .arm_id()
            .map(|id| Value::from(format!("https://identity.azure.net/{id}"))),
    );
    let mut v = json!({
        "accountEnabled": true,
        "alternativeNames": sp.alternative_names(),
        "appId": sp.app_id.to_string(),
        "appOwnerOrganizationId": null,
        "displayName": sp.display_name,
        "id": sp.object_id.to_string(),
        "servicePrincipalNames": names,
        "servicePrincipalType": sp.source.service_principal_type(),
        "signInAudience": null,
        "appOwnerTenantId": world.tenant_id().to_string(),
    });
    // EN-9.3: an application's instance carries its home tenant, audience and app name; its
    // secrets live on the application, so its own list is empty.
    if let (PrincipalSource::Application { .. }, Value::Object(map)) = (&sp.source, &mut v) {
        let tenant = world.tenant_id().to_string();
        map.insert("appDisplayName".into(), json!(sp.display_name));
        map.insert("appOwnerOrganizationId".into(), json!(tenant));
        map.insert("passwordCredentials".into(), json!([]));
        map.insert("signInAudience".into(), json!("AzureADMyOrg"));
    }
    v
}
