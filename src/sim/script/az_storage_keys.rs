//! A storage account's shared keys on the management plane: `az storage account keys list|renew`,
//! `show-connection-string` and `update --allow-shared-key-access` (DP-11.3 … DP-11.6).
//!
//! Reading keys is ARM's POST listKeys, which needs `listKeys/action` (AU-10.2): Owner and
//! Contributor have it, Reader does not. Whoever holds a key (or a connection string made from
//! it) can use it until it is renewed, and only while the account allows shared-key access.

use serde_json::{json, Value};

use super::arm_json;
use super::az_storage_data::{storage_account, LIST_KEYS};
use super::command::{Args, Ctx, Output};
use super::data_auth;
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use super::time::iso8601;
use crate::sim::resource::{Resource, ResourceKind};
use crate::sim::scope::Scope;
use crate::sim::storage::{SharedKeyAccess, StorageKey};

/// DP-11.5: the ARM operation behind `az storage account keys renew`.
const REGENERATE_KEY: &str = "Microsoft.Storage/storageAccounts/regenerateKey/action";

fn account_scope(args: &Args, account: &Resource) -> Result<Scope, ScriptError> {
    Scope::parse(&account.id).map_err(|e| ScriptError::new(args.pos, ErrorKind::InvalidValue, e.0))
}

/// The caller must be allowed `operation` on the account (AU-10.1).
fn authorize(
    ctx: &mut Ctx<'_>,
    args: &Args,
    account: &Resource,
    operation: &str,
) -> Result<(), ScriptError> {
    let caller = data_auth::caller(ctx, args)?;
    let at = account_scope(args, account)?;
    data_auth::authorize_management(ctx, args, &caller, operation, &at)
}

/// The account's keys as az prints them, read fresh from the world.
fn keys_json(ctx: &Ctx<'_>, account_id: &str) -> Value {
    let Some(account) = ctx.world.resource(account_id) else {
        return Value::Array(Vec::new());
    };
    let Some(data) = account.storage() else {
        return Value::Array(Vec::new());
    };
    StorageKey::BOTH
        .into_iter()
        .map(|k| {
            json!({
                "creationTime": iso8601(data.created_at),
                "keyName": k.key_name(),
                "permissions": "FULL",
                "value": data.key(&account.id, k),
            })
        })
        .collect()
}

/// `--key primary|secondary`, defaulting to the primary key.
fn key_flag(args: &Args) -> Result<StorageKey, ScriptError> {
    match args.get("--key") {
        None => Ok(StorageKey::Primary),
        Some(text) => StorageKey::parse(text).ok_or_else(|| {
            args.invalid(
                "--key",
                format!("--key takes primary or secondary, not '{text}'"),
            )
        }),
    }
}

/// The account `--name` (with an optional `--resource-group`) or `--ids` names.
fn named_account(ctx: &Ctx<'_>, args: &Args) -> Result<Resource, ScriptError> {
    if args.has("--ids") || args.has("--resource-group") {
        resolve::named_resource(ctx.world, args, ResourceKind::StorageAccount)
    } else {
        storage_account(ctx, args, "--name")
    }
}

/// DP-11.3: both keys; needs `listKeys/action` (AU-10.2).
pub fn keys_list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = storage_account(ctx, args, "--account-name")?;
    authorize(ctx, args, &account, LIST_KEYS)?;
    Ok(Output::Json(keys_json(ctx, &account.id)))
}

/// DP-11.5: renews one key; every holder of its old value fails from now on.
pub fn keys_renew(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = storage_account(ctx, args, "--account-name")?;
    let key = match args.get("--key") {
        Some(_) => key_flag(args)?,
        None => {
            return Err(ScriptError::new(
                args.pos,
                ErrorKind::MissingArgument,
                "'az storage account keys renew' needs --key primary or --key secondary",
            ))
        }
    };
    authorize(ctx, args, &account, REGENERATE_KEY)?;
    ctx.world
        .renew_storage_key(&account.id, key)
        .map_err(|e| args.model("--account-name", e))?;
    ctx.notes.push(format!(
        "{} of {} has a new value: every copy of the old one (a variable, a connection string, an app setting) is now refused; {} still works, which is why keys are rotated one at a time (DP-11.5)",
        key.key_name(),
        account.name,
        StorageKey::BOTH
            .into_iter()
            .find(|k| *k != key)
            .map_or("the other key", StorageKey::key_name)
    ));
    Ok(Output::Json(keys_json(ctx, &account.id)))
}

/// DP-11.4: a connection string embeds a key, so it reads through listKeys too.
pub fn show_connection_string(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = named_account(ctx, args)?;
    let key = key_flag(args)?;
    authorize(ctx, args, &account, LIST_KEYS)?;
    let value = account
        .storage()
        .map(|d| d.key(&account.id, key))
        .unwrap_or_default();
    let name = &account.name;
    Ok(Output::Json(json!({
        "connectionString": format!(
            "DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net;AccountName={name};AccountKey={value};BlobEndpoint=https://{name}.blob.core.windows.net/;FileEndpoint=https://{name}.file.core.windows.net/;QueueEndpoint=https://{name}.queue.core.windows.net/;TableEndpoint=https://{name}.table.core.windows.net/"
        ),
    })))
}

/// DP-11.6: `az storage account update --allow-shared-key-access true|false`.
pub fn account_update(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = named_account(ctx, args)?;
    if let Some(allowed) = args.bool_flag("--allow-shared-key-access")? {
        let access = if allowed {
            SharedKeyAccess::Allowed
        } else {
            SharedKeyAccess::Disabled
        };
        ctx.world
            .set_shared_key_access(&account.id, access)
            .map_err(|e| args.model("--allow-shared-key-access", e))?;
        if access == SharedKeyAccess::Disabled {
            ctx.notes.push(format!("{} now refuses every request signed with an account key, including keys and connection strings read earlier (KeyBasedAuthenticationNotPermitted); --auth-mode login with a data role keeps working (DP-11.6)", account.name));
        }
    }
    let account = ctx.world.resource(&account.id).cloned().unwrap_or(account);
    Ok(Output::Json(arm_json::resource(ctx.world, &account)))
}
