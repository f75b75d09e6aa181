//! `az storage container …` and `az storage blob …`: the blob data plane, authorized as
//! `--auth-mode` says (DP-11.1). `login` uses the signed-in principal's Entra token, which needs a
//! data role (RB-4.6, DP-11.2); `key` (the default) signs with an account key given with
//! `--account-key`, embedded in `--connection-string`, or fetched with listKeys as the caller.
//!
//! The storage service does not honour control-plane permissions, not even Owner's `*`, so in
//! login mode every request is checked as the blob data action it needs: write to create a
//! container or upload, read to list or download, delete to delete (RB-4.6). A key opens all
//! data in the account whatever the roles (DP-11.4), until it is renewed (DP-11.5) or shared-key
//! access is turned off (DP-11.6).

use serde_json::{json, Value};

use super::command::{Args, Ctx, Output};
use super::data_auth::{self, NOT_SIGNED_IN};
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use super::time::iso8601;
use crate::sim::ids::stable_hash;
use crate::sim::resource::{Resource, ResourceKind};
use crate::sim::scope::Scope;
use crate::sim::storage::{container_id, Blob, StorageKey};

/// AU-10.2: the ARM operation behind `az storage account keys list` and az's key lookup.
pub const LIST_KEYS: &str = "Microsoft.Storage/storageAccounts/listKeys/action";

/// DP-11.2: what az prints for the service's 403 `AuthorizationPermissionMismatch`.
const PERMISSION_MISMATCH: &str = "You do not have the required permissions needed to perform this operation.
Depending on your operation, you may need to be assigned one of the following roles:
    \"Storage Blob Data Owner\"
    \"Storage Blob Data Contributor\"
    \"Storage Blob Data Reader\"
    \"Storage Queue Data Contributor\"
    \"Storage Queue Data Reader\"
    \"Storage Table Data Contributor\"
    \"Storage Table Data Reader\"

If you want to use the old authentication method and allow querying for the right account key, please use the \"--auth-mode\" parameter and \"key\" value.";

/// DP-11.1: az's warning before it looks the account key up itself.
const QUERYING_KEY: &str = "There are no credentials provided in your command and environment, we will query for account key for your storage account.
It is recommended to provide --connection-string, --account-key or --sas-token in your command as credentials.
You also can add `--auth-mode login` in your command to use Azure Active Directory (Azure AD) for authorization if your login account is assigned required RBAC roles.";

/// `--auth-mode login|key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuthMode {
    Login,
    Key,
}

/// What a request does to blob data, which decides its data action in login mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlobAccess {
    Read,
    Write,
    Delete,
}

impl BlobAccess {
    fn data_action(self) -> &'static str {
        match self {
            BlobAccess::Read => {
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"
            }
            BlobAccess::Write => {
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"
            }
            BlobAccess::Delete => {
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete"
            }
        }
    }
}

/// `AccountName` and `AccountKey` of a connection string (`Key=value;…`, values may hold `=`).
fn connection_string_part<'a>(text: &'a str, part: &str) -> Option<&'a str> {
    text.split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(part))
        .map(|(_, v)| v.trim())
}

/// The storage account a command names with `flag` (or a connection string's `AccountName`),
/// narrowed by `--resource-group` when given.
pub(super) fn storage_account(
    ctx: &Ctx<'_>,
    args: &Args,
    flag: &str,
) -> Result<Resource, ScriptError> {
    let from_connection = args
        .get("--connection-string")
        .and_then(|c| connection_string_part(c, "AccountName"));
    let Some(name) = args.get(flag).or(from_connection) else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            format!("'{}' needs {flag} or --connection-string", args.spec.name()),
        ));
    };
    resolve::unique_named(
        ctx.world,
        args,
        (flag, name),
        ResourceKind::StorageAccount,
        |name| format!("Storage account '{name}' not found."),
        |name| {
            format!(
                "storage account '{name}' exists in several resource groups; add --resource-group"
            )
        },
    )
}

fn scope(args: &Args, id: &str) -> Result<Scope, ScriptError> {
    Scope::parse(id).map_err(|e| ScriptError::new(args.pos, ErrorKind::InvalidValue, e.0))
}

/// DP-11.1: authorizes one request on `account` at `scope` as `--auth-mode` says.
fn authorize(
    ctx: &mut Ctx<'_>,
    args: &Args,
    account: &Resource,
    at: &Scope,
    access: BlobAccess,
) -> Result<(), ScriptError> {
    let mode = match args
        .get("--auth-mode")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("key") => AuthMode::Key,
        Some("login") => AuthMode::Login,
        Some(other) => {
            return Err(args.invalid(
                "--auth-mode",
                format!("--auth-mode takes login or key, not '{other}'"),
            ))
        }
    };
    match mode {
        AuthMode::Login => authorize_login(ctx, args, at, access),
        AuthMode::Key => authorize_key(ctx, args, account),
    }
}

/// DP-11.1 / DP-11.2 / RB-4.6: the signed-in principal's token, judged by its data roles.
fn authorize_login(
    ctx: &mut Ctx<'_>,
    args: &Args,
    at: &Scope,
    access: BlobAccess,
) -> Result<(), ScriptError> {
    if let Some(flag) = ["--account-key", "--connection-string"]
        .into_iter()
        .find(|f| args.has(f))
    {
        return Err(args.invalid(
            flag,
            format!(
                "--auth-mode login signs the request with your Entra ID token; leave out {flag}"
            ),
        ));
    }
    let caller = data_auth::caller(ctx, args)?;
    let decision = data_auth::decide(ctx, &caller, access.data_action(), at);
    if decision.allowed() {
        return Ok(());
    }
    ctx.notes.push(decision.explanation);
    Err(ScriptError::new(
        args.pos,
        ErrorKind::DataAccessDenied,
        PERMISSION_MISMATCH,
    ))
}

/// DP-11.1 / DP-11.4 … DP-11.6: a request signed with an account key.
fn authorize_key(ctx: &mut Ctx<'_>, args: &Args, account: &Resource) -> Result<(), ScriptError> {
    let given = args.get("--account-key").map(str::to_string).or_else(|| {
        args.get("--connection-string")
            .and_then(|c| connection_string_part(c, "AccountKey"))
            .map(str::to_string)
    });
    let key = match given {
        Some(key) => key,
        None => fetch_key(ctx, args, account)?,
    };
    let Some(data) = account.storage() else {
        return Err(args.invalid(
            "--account-name",
            format!("'{}' is not a storage account", account.name),
        ));
    };
    if !data.allows_shared_key() {
        ctx.notes.push(format!("storage account {} does not allow shared key access (DP-11.6): account keys and connection strings are refused, however they were obtained; use --auth-mode login with a data role such as Storage Blob Data Reader", account.name));
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::AuthenticationFailed,
            "Key based authentication is not permitted on this storage account.\nErrorCode:KeyBasedAuthenticationNotPermitted",
        ));
    }
    if data.key_matching(&account.id, &key).is_none() {
        ctx.notes.push(format!("this key is not one of storage account {}'s two current keys: it was renewed since it was read (DP-11.5), so every copy of it, and every connection string holding it, now fails; read the new one with 'az storage account keys list'", account.name));
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::AuthenticationFailed,
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.\nErrorCode:AuthenticationFailed",
        ));
    }
    Ok(())
}

/// DP-11.1: no credential given, so az asks ARM for the account's keys as the caller (AU-10.2)
/// and signs with key1; when that fails it goes on without one and the service refuses.
fn fetch_key(ctx: &mut Ctx<'_>, args: &Args, account: &Resource) -> Result<String, ScriptError> {
    ctx.notes.push(QUERYING_KEY.to_string());
    let failure = match ctx.world.caller().cloned() {
        None => NOT_SIGNED_IN.to_string(),
        Some(caller) => {
            let at = scope(args, &account.id)?;
            match data_auth::management_refusal(ctx, &caller, LIST_KEYS, &at) {
                None => {
                    return account
                        .storage()
                        .map(|d| d.key(&account.id, StorageKey::Primary))
                        .ok_or_else(|| {
                            args.invalid(
                                "--account-name",
                                format!("'{}' is not a storage account", account.name),
                            )
                        })
                }
                Some(refusal) => {
                    ctx.notes.push(refusal.explanation);
                    refusal.message
                }
            }
        }
    };
    ctx.notes.push(format!(
        "Skip querying account key due to failure: {failure}"
    ));
    Err(ScriptError::new(
        args.pos,
        ErrorKind::AuthenticationFailed,
        "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.\nErrorCode:NoAuthenticationInformation",
    ))
}

fn container_missing(args: &Args) -> ScriptError {
    ScriptError::new(
        args.pos_of("--container-name"),
        ErrorKind::NotFound,
        "The specified container does not exist.\nErrorCode:ContainerNotFound",
    )
}

/// A blob's etag, derived from where it is and how often it was written.
fn etag(container_id: &str, name: &str, blob: &Blob) -> String {
    let h = stable_hash(&format!(
        "{}|{name}|{}",
        container_id.to_ascii_lowercase(),
        blob.writes
    ));
    format!("\"0x8D{:013X}\"", h >> 12)
}

/// A blob as `az storage blob list|show` prints it.
fn blob_json(container_id: &str, container: &str, name: &str, blob: &Blob) -> Value {
    json!({
        "container": container,
        "content": "",
        "deleted": null,
        "metadata": {},
        "name": name,
        "properties": {
            "blobType": "BlockBlob",
            "contentLength": blob.content.len(),
            "contentSettings": { "contentType": "application/octet-stream" },
            "etag": etag(container_id, name, blob),
            "lastModified": iso8601(blob.written_at),
        },
        "snapshot": null,
        "tags": null,
        "versionId": null,
    })
}

// ----- containers --------------------------------------------------------------------------

/// `az storage container create`: also a child scope for role assignments (RB-4.2).
pub fn container_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = storage_account(ctx, args, "--account-name")?;
    let name = args.require("--name")?;
    let at = scope(args, &container_id(&account.id, name))?;
    authorize(ctx, args, &account, &at, BlobAccess::Write)?;
    let existed = account.containers().iter().any(|c| c == name);
    ctx.world
        .add_container(&account.id, name)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Json(json!({ "created": !existed })))
}

pub fn container_list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = storage_account(ctx, args, "--account-name")?;
    let at = scope(args, &account.id)?;
    authorize(ctx, args, &account, &at, BlobAccess::Read)?;
    let list = account
        .containers()
        .iter()
        .map(|c| {
            json!({
                "deleted": null,
                "metadata": null,
                "name": c,
                "properties": {
                    "hasImmutabilityPolicy": false,
                    "hasLegalHold": false,
                    "leaseState": "available",
                    "leaseStatus": "unlocked",
                    "publicAccess": null,
                },
            })
        })
        .collect();
    Ok(Output::Json(Value::Array(list)))
}

/// Deletes the container, its blobs and the role assignments scoped at it.
pub fn container_delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = storage_account(ctx, args, "--account-name")?;
    let name = args.require("--name")?;
    let at = scope(args, &container_id(&account.id, name))?;
    authorize(ctx, args, &account, &at, BlobAccess::Delete)?;
    let deleted = ctx
        .world
        .delete_container(&account.id, name)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Json(json!({ "deleted": deleted })))
}

// ----- blobs -------------------------------------------------------------------------------

/// The container a blob command names, which must exist.
fn blob_target(ctx: &Ctx<'_>, args: &Args) -> Result<(Resource, String, Scope), ScriptError> {
    let account = storage_account(ctx, args, "--account-name")?;
    let container = args.require("--container-name")?.to_string();
    let at = scope(args, &container_id(&account.id, &container))?;
    Ok((account, container, at))
}

/// `az storage blob upload`: `--data` is stored as given; a `--file` cannot be read here, so a
/// placeholder naming it is stored instead.
pub fn blob_upload(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let (account, container, at) = blob_target(ctx, args)?;
    let content = match (args.get("--data"), args.get("--file")) {
        (Some(data), _) => data.to_string(),
        (None, Some(file)) => {
            ctx.notes.push(format!(
                "the playground cannot read {file}: the blob holds a placeholder naming it"
            ));
            format!("(contents of {file})")
        }
        (None, None) => {
            return Err(ScriptError::new(
                args.pos,
                ErrorKind::MissingArgument,
                "'az storage blob upload' needs --file (-f) or --data",
            ))
        }
    };
    let name = match args.get("--name") {
        Some(name) => name.to_string(),
        // az names the blob after the file when --name is left out.
        None => args
            .get("--file")
            .and_then(|f| f.rsplit(['/', '\\']).next())
            .map(str::to_string)
            .ok_or_else(|| {
                ScriptError::new(
                    args.pos,
                    ErrorKind::MissingArgument,
                    "'az storage blob upload' needs --name (-n) with --data",
                )
            })?,
    };
    authorize(ctx, args, &account, &at, BlobAccess::Write)?;
    if !account.containers().contains(&container) {
        return Err(container_missing(args));
    }
    let exists = account
        .storage()
        .is_some_and(|d| d.blob(&container, &name).is_some());
    if exists && args.bool_flag("--overwrite")? != Some(true) {
        ctx.notes
            .push("add --overwrite to replace the blob that is there".to_string());
        return Err(ScriptError::new(
            args.pos_of("--name"),
            ErrorKind::Conflict,
            "The specified blob already exists.\nErrorCode:BlobAlreadyExists",
        ));
    }
    ctx.world
        .write_blob(&account.id, &container, &name, content)
        .map_err(|e| args.model("--container-name", e))?;
    let written = ctx
        .world
        .resource(&account.id)
        .and_then(|r| r.storage())
        .and_then(|d| d.blob(&container, &name))
        .map(|b| (etag(at.as_str(), &name, b), iso8601(b.written_at)));
    let (etag, modified) = written.unwrap_or_default();
    Ok(Output::Json(json!({
        "etag": etag,
        "lastModified": modified,
        "request_server_encrypted": true,
        "version_id": null,
    })))
}

pub fn blob_list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let (account, container, at) = blob_target(ctx, args)?;
    authorize(ctx, args, &account, &at, BlobAccess::Read)?;
    if !account.containers().contains(&container) {
        return Err(container_missing(args));
    }
    let list = account
        .storage()
        .map(|d| {
            d.blobs_in(&container)
                .map(|(name, blob)| blob_json(at.as_str(), &container, name, blob))
                .collect()
        })
        .unwrap_or_default();
    Ok(Output::Json(Value::Array(list)))
}

/// `az storage blob download`: with `--file` az saves the blob and prints its properties; the
/// playground keeps no files, so a note shows what the file would hold. Without `--file` the
/// content is printed.
pub fn blob_download(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let (account, container, at) = blob_target(ctx, args)?;
    let name = args.require("--name")?;
    authorize(ctx, args, &account, &at, BlobAccess::Read)?;
    if !account.containers().contains(&container) {
        return Err(container_missing(args));
    }
    let Some(blob) = account.storage().and_then(|d| d.blob(&container, name)) else {
        return Err(ScriptError::new(
            args.pos_of("--name"),
            ErrorKind::NotFound,
            "The specified blob does not exist.\nErrorCode:BlobNotFound",
        ));
    };
    match args.get("--file") {
        Some(file) => {
            ctx.notes
                .push(format!("{file} would now hold: {}", blob.content));
            Ok(Output::Json(blob_json(at.as_str(), &container, name, blob)))
        }
        None => Ok(Output::Text(format!("{}\n", blob.content))),
    }
}

pub fn blob_delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let (account, container, at) = blob_target(ctx, args)?;
    let name = args.require("--name")?;
    authorize(ctx, args, &account, &at, BlobAccess::Delete)?;
    ctx.world
        .delete_blob(&account.id, &container, name)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Nothing)
}
