//! `az keyvault secret set|show|list|delete`: Key Vault's data plane, called as the signed-in
//! account (DP-11.8) and authorized under the vault's permission model (RB-4.10): Azure RBAC
//! data actions, refused with `ForbiddenByRbac` (DP-11.9), or access policies, refused with
//! `AccessDenied` (DP-11.10). Both go through the evaluator, as `mip check` does.

use serde_json::{json, Value};

use super::command::{Args, Ctx, Output};
use super::data_auth;
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use super::time::iso8601;
use crate::sim::account::Account;
use crate::sim::evaluate::{access_policy_permission, Decision, TraceStep};
use crate::sim::resource::{Resource, ResourceKind, VaultPermissionModel};
use crate::sim::scope::Scope;
use crate::sim::vault::{secret_not_found, DeletedSecret, Secret, RETENTION_DAYS};

/// What a secret command does: its data action under RBAC (DP-11.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SecretAccess {
    Set,
    Get,
    List,
    Delete,
    Recover,
    Purge,
}

impl SecretAccess {
    fn data_action(self) -> &'static str {
        match self {
            SecretAccess::Set => "Microsoft.KeyVault/vaults/secrets/setSecret/action",
            SecretAccess::Get => "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            SecretAccess::List => "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
            SecretAccess::Delete => "Microsoft.KeyVault/vaults/secrets/delete",
            SecretAccess::Recover => "Microsoft.KeyVault/vaults/secrets/recover/action",
            SecretAccess::Purge => "Microsoft.KeyVault/vaults/secrets/purge/action",
        }
    }
}

/// The vault `--vault-name` names: Key Vault names are unique, and az finds the vault by its
/// address, so no resource group is asked for.
fn vault(ctx: &Ctx<'_>, args: &Args) -> Result<Resource, ScriptError> {
    resolve::unique_named(
        ctx.world,
        args,
        ("--vault-name", args.require("--vault-name")?),
        ResourceKind::KeyVault,
        |name| {
            format!("Failed to resolve 'https://{name}.vault.azure.net/': no key vault is named '{name}'")
        },
        |name| {
            format!("several key vaults are named '{name}'; in Azure vault names are unique, so delete one")
        },
    )
}

fn vault_uri(vault: &Resource) -> String {
    format!(
        "https://{}.vault.azure.net",
        vault.name.to_ascii_lowercase()
    )
}

/// Authorizes `access` on the vault, at the secret (or at the vault, for a list).
fn authorize(
    ctx: &mut Ctx<'_>,
    args: &Args,
    vault: &Resource,
    secret: Option<&str>,
    access: SecretAccess,
) -> Result<(), ScriptError> {
    let caller = data_auth::caller(ctx, args)?;
    let target = match secret {
        Some(name) => format!("{}/secrets/{name}", vault.id),
        None => vault.id.clone(),
    };
    let at = Scope::parse(&target).map_err(|e| args.invalid("--name", e.0))?;
    let decision = data_auth::decide(ctx, &caller, access.data_action(), &at);
    if decision.allowed() {
        return Ok(());
    }
    let message = refusal(ctx, vault, &caller, &decision, &target);
    ctx.notes.push(decision.explanation);
    Err(ScriptError::new(
        args.pos,
        ErrorKind::DataAccessDenied,
        message,
    ))
}

/// DP-11.9 (RBAC) or DP-11.10 (access policies): Key Vault's 403, as az prints it.
fn refusal(
    ctx: &Ctx<'_>,
    vault: &Resource,
    caller: &Account,
    decision: &Decision,
    target: &str,
) -> String {
    let app_id = data_auth::token_app_id(ctx, caller);
    let issuer = data_auth::issuer(ctx);
    let oid = caller.principal_id;
    let location = format!("{};location={}", vault.name, vault.location);
    let (message, inner) = match vault.vault_model() {
        Some(VaultPermissionModel::AccessPolicies) => {
            let permission =
                access_policy_permission(&decision.operation).map_or("get", |(_, p)| p);
            (
                format!("The user, group or application 'appid={app_id};oid={oid};iss={issuer}' does not have secrets {permission} permission on key vault '{location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287"),
                "AccessDenied",
            )
        }
        _ => {
            // The deny assignment the evaluator found blocking, if one did.
            let blocking = decision.trace.iter().find_map(|step| match step {
                TraceStep::DenyAssignments {
                    blocking: Some(name),
                    ..
                } => ctx.world.deny_assignments.iter().find(|d| &d.name == name),
                _ => None,
            });
            let (deny, why) = match blocking {
                Some(d) => (d.id.to_string(), "null"),
                None => ("null".to_string(), "'DeniedWithNoValidRBAC'"),
            };
            (
                format!(
                    "Caller is not authorized to perform action on resource.\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\nCaller: appid={app_id};oid={oid};iss={issuer}\nAction: '{}'\nResource: '{}'\nAssignment: (not found)\nDenyAssignmentId: {deny}\nDecisionReason: {why}\nVault: {location}",
                    decision.operation,
                    target.to_ascii_lowercase()
                ),
                "ForbiddenByRbac",
            )
        }
    };
    format!(
        "(Forbidden) {message}\nCode: Forbidden\nMessage: {message}\nInner error: {{\n    \"code\": \"{inner}\"\n}}"
    )
}

fn attributes(secret: &Secret) -> Value {
    json!({
        "created": iso8601(secret.created),
        "enabled": true,
        "expires": null,
        "notBefore": null,
        "recoverableDays": RETENTION_DAYS,
        "recoveryLevel": "Recoverable+Purgeable",
        "updated": iso8601(secret.updated),
    })
}

/// `set` and `show`: the current version, with its value.
fn secret_json(vault: &Resource, secret: &Secret) -> Value {
    json!({
        "attributes": attributes(secret),
        "contentType": null,
        "id": format!("{}/secrets/{}/{}", vault_uri(vault), secret.name, secret.version),
        "kid": null,
        "managed": null,
        "name": secret.name,
        "tags": { "file-encoding": "utf-8" },
        "value": secret.value,
    })
}

/// `list`: names and attributes, never values (DP-11.8).
fn listed_json(vault: &Resource, secret: &Secret) -> Value {
    json!({
        "attributes": attributes(secret),
        "contentType": null,
        "id": format!("{}/secrets/{}", vault_uri(vault), secret.name),
        "managed": null,
        "name": secret.name,
        "tags": { "file-encoding": "utf-8" },
    })
}

fn deleted_json(vault: &Resource, deleted: &DeletedSecret) -> Value {
    let secret = &deleted.secret;
    json!({
        "attributes": attributes(secret),
        "contentType": null,
        "deletedDate": iso8601(deleted.deleted_at),
        "id": format!("{}/secrets/{}/{}", vault_uri(vault), secret.name, secret.version),
        "kid": null,
        "managed": null,
        "name": secret.name,
        "recoveryId": format!("{}/deletedsecrets/{}", vault_uri(vault), secret.name),
        "scheduledPurgeDate": iso8601(deleted.scheduled_purge()),
        "tags": { "file-encoding": "utf-8" },
        "value": null,
    })
}

/// `az keyvault secret set`: a new version (DP-11.8); a `--file` cannot be read here.
pub fn set(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = vault(ctx, args)?;
    let name = args.require("--name")?;
    let value = match (args.get("--value"), args.get("--file")) {
        (Some(value), _) => value.to_string(),
        (None, Some(file)) => {
            ctx.notes.push(format!(
                "the playground cannot read {file}: the secret holds a placeholder naming it"
            ));
            format!("(contents of {file})")
        }
        (None, None) => {
            return Err(ScriptError::new(
                args.pos,
                ErrorKind::MissingArgument,
                "usage error: --value VALUE | --file PATH",
            ))
        }
    };
    authorize(ctx, args, &vault, Some(name), SecretAccess::Set)?;
    let secret = ctx
        .world
        .set_secret(&vault.id, name, value)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Json(secret_json(&vault, &secret)))
}

/// `az keyvault secret show`: the current version and its value.
pub fn show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = vault(ctx, args)?;
    let name = args.require("--name")?;
    authorize(ctx, args, &vault, Some(name), SecretAccess::Get)?;
    let secret = vault
        .secrets()
        .and_then(|s| s.get(name))
        .filter(|s| {
            args.get("--version")
                .is_none_or(|v| v.eq_ignore_ascii_case(&s.version))
        })
        .ok_or_else(|| ScriptError::from_model(args.pos_of("--name"), secret_not_found(name)))?;
    Ok(Output::Json(secret_json(&vault, secret)))
}

/// `az keyvault secret list`: metadata only (DP-11.8).
pub fn list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = vault(ctx, args)?;
    authorize(ctx, args, &vault, None, SecretAccess::List)?;
    let list = vault
        .secrets()
        .map(|s| s.list().map(|secret| listed_json(&vault, secret)).collect())
        .unwrap_or_default();
    Ok(Output::Json(Value::Array(list)))
}

/// `az keyvault secret delete`: soft delete (DP-11.13).
pub fn delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = vault(ctx, args)?;
    let name = args.require("--name")?;
    authorize(ctx, args, &vault, Some(name), SecretAccess::Delete)?;
    let deleted = ctx
        .world
        .delete_secret(&vault.id, name)
        .map_err(|e| args.model("--name", e))?;
    ctx.notes.push("Warning! If you have soft-delete protection enabled on this key vault, you will not be able to reuse this secret name until the secret has been purged from the soft deleted state. Please see the following documentation for additional guidance.\nhttps://docs.microsoft.com/azure/key-vault/general/soft-delete-overview".to_string());
    Ok(Output::Json(deleted_json(&vault, &deleted)))
}

/// `az keyvault secret recover`: back from the deleted state (DP-11.13); az prints the
/// secret's properties, without its value.
pub fn recover(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = vault(ctx, args)?;
    let name = args.require("--name")?;
    authorize(ctx, args, &vault, Some(name), SecretAccess::Recover)?;
    let secret = ctx
        .world
        .recover_secret(&vault.id, name)
        .map_err(|e| args.model("--name", e))?;
    let mut shown = secret_json(&vault, &secret);
    if let Value::Object(map) = &mut shown {
        map.remove("value");
    }
    Ok(Output::Json(shown))
}

/// `az keyvault secret purge`: the deleted secret is gone for good (DP-11.13).
pub fn purge(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = vault(ctx, args)?;
    let name = args.require("--name")?;
    authorize(ctx, args, &vault, Some(name), SecretAccess::Purge)?;
    ctx.world
        .purge_secret(&vault.id, name)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Nothing)
}
