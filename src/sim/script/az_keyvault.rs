//! `az keyvault`: creating, showing, updating and deleting vaults, and their access policies
//! (RB-4.10). A vault's secrets are in `az_keyvault_secret`.

use super::arm_json;
use super::az_resources::{self, refresh};
use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use crate::sim::resource::{Details, PolicyCategory, Resource, ResourceKind, VaultPermissionModel};
use crate::sim::vault::VaultSecrets;

/// RB-4.10: current az creates vaults with the RBAC model unless told otherwise.
pub fn create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let model = match args.bool_flag("--enable-rbac-authorization")? {
        Some(false) => VaultPermissionModel::AccessPolicies,
        _ => VaultPermissionModel::Rbac,
    };
    let resource = az_resources::create(
        ctx,
        args,
        ResourceKind::KeyVault,
        Details::KeyVault {
            model,
            policies: Vec::new(),
            secrets: VaultSecrets::default(),
        },
    )?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}
pub fn show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    show_vault(ctx, args)
}
pub fn delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = find_vault(ctx, args)?;
    ctx.world
        .delete_resource(&vault.id)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Nothing)
}

/// Vault commands take `--name` with an optional `--resource-group`.
fn find_vault(ctx: &Ctx<'_>, args: &Args) -> Result<Resource, ScriptError> {
    if args.has("--resource-group") || args.has("--ids") {
        return resolve::named_resource(ctx.world, args, ResourceKind::KeyVault);
    }
    resolve::unique_named(
        ctx.world,
        args,
        ("--name", args.require("--name")?),
        ResourceKind::KeyVault,
        |name| format!("The Vault '{name}' not found within subscription."),
        |name| format!("several vaults are named '{name}'; add --resource-group"),
    )
}

fn show_vault(ctx: &Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = find_vault(ctx, args)?;
    let vault = refresh(ctx, &vault.id, args.pos)?;
    Ok(Output::Json(arm_json::resource(ctx.world, &vault)))
}

/// RB-4.10: switching to RBAC makes every access policy ineffective (they are kept).
pub fn update(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = find_vault(ctx, args)?;
    if let Some(rbac) = args.bool_flag("--enable-rbac-authorization")? {
        let model = if rbac {
            VaultPermissionModel::Rbac
        } else {
            VaultPermissionModel::AccessPolicies
        };
        if rbac && !vault.access_policies().is_empty() {
            ctx.notes.push(format!(
                "vault '{}' now uses Azure RBAC: its {} access polic{} no longer grant anything",
                vault.name,
                vault.access_policies().len(),
                if vault.access_policies().len() == 1 {
                    "y"
                } else {
                    "ies"
                }
            ));
        }
        ctx.world
            .set_vault_model(&vault.id, model)
            .map_err(|e| args.model("--enable-rbac-authorization", e))?;
    }
    show_vault(ctx, args)
}

/// The object id a policy command names: `--object-id`, `--spn` (a service principal's app id)
/// or `--upn` (a user's principal name).
fn policy_object(ctx: &Ctx<'_>, args: &Args) -> Result<crate::sim::ids::Guid, ScriptError> {
    if let Some(id) = args.get("--object-id") {
        return resolve::guid(id, args.pos_of("--object-id"), "--object-id");
    }
    if let Some(spn) = args.get("--spn") {
        // Like --assignee (EN-9.9), az finds the principal by its servicePrincipalNames, which
        // hold its client (app) id; display names do not resolve.
        return crate::sim::ids::Guid::parse(spn)
            .and_then(|app_id| ctx.world.directory.by_app_id(app_id))
            .map(|sp| sp.object_id)
            .ok_or_else(|| {
                ScriptError::new(
                    args.pos_of("--spn"),
                    ErrorKind::NotFound,
                    format!("no service principal has '{spn}' among its servicePrincipalNames; --spn takes a client (app) id, e.g. $(az identity show -g <group> -n <identity> --query clientId -o tsv)"),
                )
            });
    }
    if let Some(upn) = args.get("--upn") {
        return ctx
            .world
            .directory
            .user_by_upn(upn)
            .map(|user| user.object_id)
            .ok_or_else(|| {
                ScriptError::new(
                    args.pos_of("--upn"),
                    ErrorKind::NotFound,
                    format!("no user has the user principal name '{upn}'"),
                )
            });
    }
    Err(ScriptError::new(
        args.pos,
        ErrorKind::MissingArgument,
        format!("'{}' needs --object-id, --spn or --upn", args.spec.name()),
    ))
}

/// `az keyvault set-policy` (RB-4.10): only on a vault that uses access policies (DP-11.11).
pub fn set_policy(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = find_vault(ctx, args)?;
    // DP-11.11: az reads the vault first and refuses an RBAC vault without calling ARM.
    if vault.vault_model() == Some(VaultPermissionModel::Rbac) {
        ctx.notes.push(format!("vault '{}' uses Azure RBAC, where access policies count for nothing (RB-4.10): grant a Key Vault data role with 'az role assignment create' instead, or switch the vault with 'az keyvault update --enable-rbac-authorization false'", vault.name));
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::Conflict,
            "Cannot set policies to a vault with '--enable-rbac-authorization' specified",
        ));
    }
    let object = policy_object(ctx, args)?;
    let mut grants = Vec::new();
    for (flag, category) in [
        ("--key-permissions", PolicyCategory::Keys),
        ("--secret-permissions", PolicyCategory::Secrets),
        ("--certificate-permissions", PolicyCategory::Certificates),
        ("--storage-permissions", PolicyCategory::Storage),
    ] {
        if !args.has(flag) {
            continue;
        }
        let mut perms = Vec::new();
        for p in args.values(flag) {
            let Some(valid) = category
                .valid_permissions()
                .iter()
                .find(|v| v.eq_ignore_ascii_case(p))
            else {
                let hint =
                    crate::sim::suggest::closest(p, category.valid_permissions().iter().copied())
                        .map(|s| format!("; did you mean '{s}'?"))
                        .unwrap_or_default();
                return Err(args.invalid(
                    flag,
                    format!(
                        "'{p}' is not a {} permission{hint} (valid: {})",
                        category.name(),
                        category.valid_permissions().join(", ")
                    ),
                ));
            };
            perms.push(valid.to_string());
        }
        grants.push((category, perms));
    }
    if grants.is_empty() {
        return Err(ScriptError::new(args.pos, ErrorKind::MissingArgument, "set-policy needs at least one of --secret-permissions, --key-permissions, --certificate-permissions, --storage-permissions"));
    }
    ctx.world
        .set_access_policy(&vault.id, object, &grants)
        .map_err(|e| args.model("--name", e))?;
    show_vault(ctx, args)
}

pub fn delete_policy(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let vault = find_vault(ctx, args)?;
    let object = policy_object(ctx, args)?;
    ctx.world
        .delete_access_policy(&vault.id, object)
        .map_err(|e| args.model("--object-id", e))?;
    show_vault(ctx, args)
}
