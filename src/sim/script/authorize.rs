//! AU-10.1: every management (ARM) command is authorized before it reads or changes anything,
//! by the same evaluator as `mip check` (`World::check_access`, RB-4.4), for the principal signed
//! in on the machine the statement runs on.
//!
//! Which ARM operation a command performs, and on what, is data: [`ARM_COMMANDS`] gives each
//! command an [`Access`], and the operation of a resource command is derived from its resource
//! type (`Microsoft.Compute/virtualMachines` + `/write`). Commands it does not list are not ARM
//! requests and Azure RBAC does not authorize them: Microsoft Graph (`az ad …`), sign-in
//! (`az login`, `az account …`), the playground's own `mip …` statements, and management groups,
//! which any user of a tenant may create while the tenant's hierarchy protection is off (its
//! default, not modeled).
//!
//! Invariants: a refused command changes nothing but the Activity Log, which records a refused
//! write or delete as Failed, naming the caller (LG-7.1); a target whose names do not resolve is
//! left to the command, which reports what is wrong with them.

use super::arm_access::{
    access_of, Access, Linked, Operation, Target, Verb, ASSIGNMENT_DELETE, ASSIGNMENT_WRITE,
    GROUP_READ, IDENTITY_ASSIGN,
};
use super::command::{Args, Ctx};
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use crate::sim::account::{Account, AccountKind};
use crate::sim::event::{ActivityStatus, Event};
use crate::sim::ids::Guid;
use crate::sim::operations::{plane_of, Plane};
use crate::sim::rbac::{PermissionMatch, RoleAssignment};
use crate::sim::resource::ResourceKind;
use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::world::{assignment_id, delete_label, write_label, World};

/// The az commands that work without a signed-in account: signing in and out, and listing
/// accounts (which warns and lists nothing).
const WITHOUT_ACCOUNT: &[&[&str]] = &[
    &["az", "login"],
    &["az", "logout"],
    &["az", "account", "list"],
];

/// SI-8.7: every other az command needs an account on the machine the statement runs on, but
/// data-plane commands, which work with a key or connection string alone and ask for the
/// account only when they need a token or a key lookup (DP-11.1).
pub fn needs_account(path: &[&str]) -> bool {
    path.first() == Some(&"az")
        && !WITHOUT_ACCOUNT.contains(&path)
        && !matches!(access_of(path), Some(Access::DataPlane))
}

/// A target resolved to a scope, with the resource type its operations are named after.
struct Resolved {
    scope: String,
    arm_type: Option<String>,
    kind: Option<ResourceKind>,
}

impl Resolved {
    fn scope(scope: String) -> Resolved {
        Resolved {
            scope,
            arm_type: None,
            kind: None,
        }
    }
}

fn subscription_scope(world: &World) -> String {
    format!("/subscriptions/{}", world.default_subscription().id)
}

fn resource_target(world: &World, args: &Args, kind: ResourceKind) -> Option<Resolved> {
    let typed = |scope: String| Resolved {
        scope,
        arm_type: Some(kind.arm_type().to_string()),
        kind: Some(kind),
    };
    if let Some(id) = args.get("--ids") {
        let id = world.resource(id).map_or(id, |r| r.id.as_str());
        return Some(typed(id.to_string()));
    }
    let name = args.get("--name")?;
    let group = args.get("--resource-group")?;
    Some(typed(match world.resource_in(group, kind, name) {
        Some(existing) => existing.id.clone(),
        None => format!(
            "{}/resourceGroups/{group}/providers/{}/{name}",
            subscription_scope(world),
            kind.arm_type()
        ),
    }))
}

fn resolve_target(world: &World, args: &Args, target: Target) -> Option<Resolved> {
    match target {
        Target::Resource(kind) => resource_target(world, args, kind),
        Target::Vault => {
            if args.has("--resource-group") {
                return resource_target(world, args, ResourceKind::KeyVault);
            }
            let name = args.get("--name")?;
            let mut vaults = world
                .resources_named(name)
                .filter(|r| r.kind == ResourceKind::KeyVault);
            match (vaults.next(), vaults.next()) {
                (Some(only), None) => Some(Resolved {
                    scope: only.id.clone(),
                    arm_type: Some(only.kind.arm_type().to_string()),
                    kind: Some(only.kind),
                }),
                _ => None,
            }
        }
        Target::AnyResource => {
            let text = args.get("--ids")?;
            if let Some(found) = world.resource(text) {
                return Some(Resolved {
                    scope: found.id.clone(),
                    arm_type: Some(found.kind.arm_type().to_string()),
                    kind: Some(found.kind),
                });
            }
            let scope = Scope::parse(text).ok()?;
            Some(Resolved {
                arm_type: scope.resource_type(),
                scope: scope.as_str().to_string(),
                kind: None,
            })
        }
        Target::Group => Some(Resolved::scope(format!(
            "{}/resourcegroups/{}",
            subscription_scope(world),
            args.get("--name")?
        ))),
        Target::Subscription => Some(Resolved::scope(subscription_scope(world))),
        Target::Container => {
            let account = args.get("--account-name")?;
            let group = args.get("--resource-group");
            let mut accounts = world.resources_named(account).filter(|r| {
                r.kind == ResourceKind::StorageAccount
                    && group.is_none_or(|g| r.group.eq_ignore_ascii_case(g))
            });
            let (Some(only), None) = (accounts.next(), accounts.next()) else {
                return None;
            };
            Some(Resolved::scope(format!(
                "{}/blobServices/default/containers/{}",
                only.id,
                args.get("--name")?
            )))
        }
        Target::FederatedCredential => {
            let identity = world.resource_in(
                args.get("--resource-group")?,
                ResourceKind::UserAssignedIdentity,
                args.get("--identity-name")?,
            )?;
            Some(Resolved::scope(match args.get("--name") {
                Some(name) => format!("{}/federatedIdentityCredentials/{name}", identity.id),
                None => identity.id.clone(),
            }))
        }
        Target::RoleScope => {
            if args.has("--all") {
                return Some(Resolved::scope(subscription_scope(world)));
            }
            if let Some(text) = args.get("--scope") {
                let scope = resolve::scope_ref(world, text, args.pos_of("--scope")).ok()?;
                return Some(Resolved::scope(scope.as_str().to_string()));
            }
            Some(Resolved::scope(match args.get("--resource-group") {
                Some(group) => format!("{}/resourceGroups/{group}", subscription_scope(world)),
                None => subscription_scope(world),
            }))
        }
    }
}

/// AU-10.1: authorizes the command `args` names before it runs. Notes for the learner (the
/// least-privileged role that would grant a refused operation) go to `notes`.
pub fn before(world: &mut World, args: &Args, notes: &mut Vec<String>) -> Result<(), ScriptError> {
    let Some(Access::Request {
        operation,
        target,
        linked,
    }) = access_of(args.spec.path)
    else {
        return Ok(());
    };
    let Some(account) = world.caller().cloned() else {
        return Ok(());
    };
    let Some(resolved) = resolve_target(world, args, target) else {
        return Ok(());
    };
    let (op, verb, label) = match operation {
        Operation::Fixed {
            operation,
            verb,
            label,
        } => (operation.to_string(), verb, label.to_string()),
        Operation::OnType(verb) => {
            let Some(arm_type) = &resolved.arm_type else {
                return Ok(());
            };
            let label = match (verb, resolved.kind) {
                (Verb::Write, Some(kind)) => write_label(kind),
                (Verb::Delete, Some(kind)) => delete_label(kind),
                _ => String::new(),
            };
            (format!("{arm_type}/{}", verb.word()), verb, label)
        }
    };
    let request = Request {
        account: &account,
        operation: &op,
        scope: &resolved.scope,
        verb,
        label: &label,
    };
    if let Err(message) = check(world, &request, notes) {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::AuthorizationFailed,
            message,
        ));
    }
    if linked == Linked::Identities {
        linked_identities(world, args, &request, notes)?;
    }
    Ok(())
}

/// One request to authorize.
struct Request<'a> {
    account: &'a Account,
    operation: &'a str,
    scope: &'a str,
    verb: Verb,
    /// The Activity Log's name for the operation, for a refused write or delete.
    label: &'a str,
}

/// Checks one request; on refusal records it (Activity Log, event) and returns az's message.
fn check(world: &mut World, request: &Request<'_>, notes: &mut Vec<String>) -> Result<(), String> {
    if allowed(world, request.account, request.operation, request.scope) {
        return Ok(());
    }
    refused(world, request, notes);
    Err(authorization_failed(
        world,
        request.account,
        request.operation,
        request.scope,
    ))
}

fn allowed(world: &World, account: &Account, operation: &str, scope: &str) -> bool {
    match Scope::parse(scope) {
        Ok(parsed) => {
            granted_directly(world, account.principal_id, operation, &parsed)
                || world
                    .check_access(account.principal_id, operation, &parsed)
                    .allowed()
        }
        // Not a scope ARM could authorize: the command reports what is wrong with it.
        Err(_) => true,
    }
}

/// A fast "allowed" for the common case, so that authorizing every statement of a long script
/// stays cheap: the principal's own assignment at the scope or above grants the control-plane
/// operation and no deny assignment could block it for this principal. It never says allowed
/// where `World::check_access` would deny (access is additive, RB-4.3, and every deny
/// assignment that might apply sends the question to `check_access`); anything else is left
/// to `check_access`.
fn granted_directly(world: &World, principal: Guid, operation: &str, scope: &Scope) -> bool {
    let plane = plane_of(operation);
    if plane != Plane::Control || !world.directory.is_principal(principal) {
        return false;
    }
    // EN-9.2: a deny assignment may name one of the principal's groups (for a managed identity,
    // the groups its cached token carries, TK-3.8).
    let mut who = vec![principal];
    if !world.deny_assignments.is_empty() {
        who.extend(world.directory.effective_groups_of(principal, world.now));
    }
    let blocked = world.deny_assignments.iter().any(|d| {
        d.applies_to(&who)
            && matches!(
                d.permissions.check(operation, plane),
                PermissionMatch::Granted { .. }
            )
    });
    if blocked {
        return false;
    }
    let chain: Vec<String> = world
        .scope_chain(scope)
        .into_iter()
        .map(|step| step.scope.key())
        .collect();
    world
        .assignment_keys_of(principal)
        .filter(|(_, at)| chain.iter().any(|c| c == at))
        .any(|(role, _)| {
            world.role_by_id(role).is_some_and(|r| {
                matches!(
                    r.permissions.check(operation, plane),
                    PermissionMatch::Granted { .. }
                )
            })
        })
}

/// Records a refusal: a Failed Activity Log entry for a write or delete (LG-7.1), an event for
/// the timeline, and a hint naming the least-privileged role that would have allowed it.
fn refused(world: &mut World, request: &Request<'_>, notes: &mut Vec<String>) {
    if request.verb != Verb::Read {
        let label = if request.label.is_empty() {
            request.operation
        } else {
            request.label
        };
        world.log_activity_with(
            label,
            request.operation,
            request.scope,
            ActivityStatus::Failed,
        );
    }
    world.emit(Event::AuthorizationFailed {
        principal_id: request.account.principal_id,
        operation: request.operation.to_string(),
        scope: request.scope.to_string(),
    });
    if let Some(role) = world.least_privilege_role(request.operation, Plane::Control) {
        notes.push(format!(
            "'{}' may not perform {}; a role such as '{role}' at this scope or above would allow it (sign in where the learner is Owner: 'mip on local')",
            client(world, request.account),
            request.operation
        ));
    }
}

/// AU-10.1: a user is named by UPN; a service principal or managed identity by object id.
pub fn client(world: &World, account: &Account) -> String {
    match account.kind {
        AccountKind::User => world
            .directory
            .user(account.principal_id)
            .map_or_else(|| account.name.clone(), |u| u.user_principal_name.clone()),
        AccountKind::ServicePrincipal | AccountKind::ManagedIdentity { .. } => {
            account.principal_id.to_string()
        }
    }
}

/// az's three lines for an ARM error: `(Code) message`, `Code: …`, `Message: …`.
fn az_error(code: &str, message: &str) -> String {
    format!("({code}) {message}\nCode: {code}\nMessage: {message}")
}

/// AU-10.1's message.
fn authorization_failed(world: &World, account: &Account, operation: &str, scope: &str) -> String {
    az_error(
        "AuthorizationFailed",
        &format!(
            "The client '{}' with object id '{}' does not have authorization to perform action '{operation}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.",
            client(world, account),
            account.principal_id
        ),
    )
}

/// AU-10.6: each user-assigned identity the write attaches needs `assign/action` on it; MI-2.4:
/// `--role` with `--scope` creates a role assignment, which needs `roleAssignments/write`.
fn linked_identities(
    world: &mut World,
    args: &Args,
    request: &Request<'_>,
    notes: &mut Vec<String>,
) -> Result<(), ScriptError> {
    let group = args.get("--resource-group");
    let flags = [
        "--assign-identity",
        "--identities",
        "--user-assigned-identity-id",
        "--user-identity-id",
    ];
    for flag in flags {
        for value in args.values(flag) {
            if value.eq_ignore_ascii_case("[system]") {
                continue;
            }
            let Ok(identity) = resolve::user_identity_ref(world, value, group, args.pos_of(flag))
            else {
                continue;
            };
            if allowed(world, request.account, IDENTITY_ASSIGN, &identity) {
                continue;
            }
            let linked = Request {
                operation: IDENTITY_ASSIGN,
                scope: &identity,
                ..*request
            };
            refused(world, &linked, notes);
            return Err(ScriptError::new(
                args.pos_of(flag),
                ErrorKind::AuthorizationFailed,
                az_error(
                    "LinkedAuthorizationFailed",
                    &format!(
                        "The client '{}' with object id '{}' has permission to perform action '{}' on scope '{}'; however, it does not have permission to perform action '{IDENTITY_ASSIGN}' on the linked scope(s) '{identity}' or the linked scope(s) are invalid.",
                        client(world, request.account),
                        request.account.principal_id,
                        request.operation,
                        request.scope
                    ),
                ),
            ));
        }
    }
    if let (Some(_), Some(text)) = (args.get("--role"), args.get("--scope")) {
        if let Ok(scope) = resolve::scope_ref(world, text, args.pos_of("--scope")) {
            role_assignment_write(world, args, request.account, &scope, notes)?;
        }
    }
    Ok(())
}

/// AU-10.3, AU-10.4: creating a role assignment at `scope` needs `roleAssignments/write` there.
/// The refusal names the assignment az would have created, under a fresh name.
pub fn role_assignment_write(
    world: &mut World,
    args: &Args,
    account: &Account,
    scope: &Scope,
    notes: &mut Vec<String>,
) -> Result<(), ScriptError> {
    if allowed(world, account, ASSIGNMENT_WRITE, scope.as_str()) || elevated(world, account, scope)
    {
        return Ok(());
    }
    let name = world.new_guid();
    let target = assignment_scope(scope, &name.to_string());
    let request = Request {
        account,
        operation: ASSIGNMENT_WRITE,
        scope: &target,
        verb: Verb::Write,
        label: "Create role assignment",
    };
    refused(world, &request, notes);
    Err(ScriptError::new(
        args.pos,
        ErrorKind::AuthorizationFailed,
        az_error(
            "AuthorizationFailed",
            &format!(
                "The client '{}' with object id '{}' does not have authorization or an ABAC condition not fulfilled to perform action '{ASSIGNMENT_WRITE}' over scope '{target}' or the scope is invalid. If access was recently granted, please refresh your credentials.",
                client(world, account),
                account.principal_id
            ),
        ),
    ))
}

/// The learner is the tenant's Global Administrator, who may elevate to User Access
/// Administrator at the root scope (Entra ID, Properties, "Access management for Azure
/// resources") to manage role assignments above the subscription, at management groups and at
/// `/`. The playground takes that elevation as given for the learner instead of modeling it.
fn elevated(world: &World, account: &Account, scope: &Scope) -> bool {
    account.principal_id == world.learner
        && matches!(
            scope.level(),
            ScopeLevel::Root | ScopeLevel::ManagementGroup
        )
}

/// AU-10.4: deleting the role assignment with ARM id `id` at `scope` needs `roleAssignments/delete`.
pub fn role_assignment_delete(
    world: &mut World,
    args: &Args,
    account: &Account,
    scope: &str,
    id: &str,
    notes: &mut Vec<String>,
) -> Result<(), ScriptError> {
    let above_subscription = Scope::parse(scope).is_ok_and(|s| elevated(world, account, &s));
    if above_subscription || allowed(world, account, ASSIGNMENT_DELETE, scope) {
        return Ok(());
    }
    let request = Request {
        account,
        operation: ASSIGNMENT_DELETE,
        scope: id,
        verb: Verb::Delete,
        label: "Delete role assignment",
    };
    refused(world, &request, notes);
    Err(ScriptError::new(
        args.pos,
        ErrorKind::AuthorizationFailed,
        authorization_failed(world, account, ASSIGNMENT_DELETE, id),
    ))
}

/// AU-10.3: `az role assignment create` at `scope`, for the caller.
pub fn assignment_create(ctx: &mut Ctx<'_>, args: &Args, scope: &Scope) -> Result<(), ScriptError> {
    let Some(account) = ctx.world.caller().cloned() else {
        return Ok(());
    };
    role_assignment_write(ctx.world, args, &account, scope, &mut ctx.notes)
}

/// AU-10.4: `az role assignment delete` of `doomed`: each needs `roleAssignments/delete` at its
/// scope, and the last Owner assignment at a subscription stays.
pub fn assignment_delete(
    ctx: &mut Ctx<'_>,
    args: &Args,
    doomed: &[RoleAssignment],
) -> Result<(), ScriptError> {
    if let Some(account) = ctx.world.caller().cloned() {
        for assignment in doomed {
            role_assignment_delete(
                ctx.world,
                args,
                &account,
                &assignment.scope,
                &assignment_id(assignment),
                &mut ctx.notes,
            )?;
        }
    }
    let last = ctx.world.leaves_a_subscription_without_owner(doomed);
    if last {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::Conflict,
            "Cannot delete the last RBAC admin assignment",
        ));
    }
    Ok(())
}

/// A role assignment's ARM id under `scope` (AU-10.3; the tenant root has no `/` to strip).
fn assignment_scope(scope: &Scope, name: &str) -> String {
    let base = if scope.level() == ScopeLevel::Root {
        ""
    } else {
        scope.as_str()
    };
    format!("{base}/providers/Microsoft.Authorization/roleAssignments/{name}")
}

/// `Access::List`: keeps the items of a list the caller may read (ARM filters collection reads by
/// permission). An item without an ARM id is kept.
pub fn filter_list(
    world: &World,
    path: &[&str],
    items: Vec<serde_json::Value>,
) -> Vec<serde_json::Value> {
    if !matches!(access_of(path), Some(Access::List)) {
        return items;
    }
    let Some(account) = world.caller() else {
        return items;
    };
    items
        .into_iter()
        .filter(|item| {
            let Some(id) = item.get("id").and_then(|v| v.as_str()) else {
                return true;
            };
            let Ok(scope) = Scope::parse(id) else {
                return true;
            };
            let operation = match scope.resource_type() {
                Some(arm_type) => format!("{arm_type}/read"),
                None => GROUP_READ.to_string(),
            };
            granted_directly(world, account.principal_id, &operation, &scope)
                || world
                    .check_access(account.principal_id, &operation, &scope)
                    .allowed()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::script::arm_access::ARM_COMMANDS;
    use crate::sim::script::table::COMMANDS;

    /// Every row names a command of the table, so a renamed command cannot silently lose its
    /// authorization.
    #[test]
    fn au_10_2_every_arm_row_names_a_command() {
        for (path, _) in ARM_COMMANDS {
            assert!(
                COMMANDS.iter().any(|c| c.path == *path),
                "{path:?} is not a command"
            );
        }
    }

    /// Every az command that reads or writes Azure resources is listed (Graph, sign-in and
    /// management groups are not ARM-authorized here; see the module docs).
    #[test]
    fn au_10_1_every_resource_command_is_authorized() {
        let unlisted: Vec<String> = COMMANDS
            .iter()
            .filter(|c| c.path.first() == Some(&"az"))
            .filter(|c| {
                !matches!(
                    c.path.get(1),
                    Some(&"account" | &"ad" | &"login" | &"logout")
                )
            })
            .filter(|c| access_of(c.path).is_none())
            .map(|c| c.name())
            .collect();
        assert!(unlisted.is_empty(), "not authorized: {unlisted:?}");
    }
}
