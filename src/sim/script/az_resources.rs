//! Creating, showing and deleting resources, and their `identity` subcommands: `az vm`, `az vmss`,
//! `az appservice plan`, `az webapp`, `az functionapp`, `az storage`, `az sql`, `az cosmosdb` and
//! `az identity` (`az keyvault` is in `az_keyvault`).

use serde_json::{json, Value};

use super::arm_json;
use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use crate::sim::rbac::PrincipalType;
use crate::sim::resource::{Details, FederatedCredential, Resource, ResourceKind};
use crate::sim::scope::Scope;
use crate::sim::storage::{SharedKeyAccess, StorageData};

/// The resource type a command works on, from its command group (`az vm …`, `az storage account …`),
/// so one handler serves every type's `show`, `delete`, `list`, `update` and `identity …`.
fn kind_of(args: &Args) -> Result<ResourceKind, ScriptError> {
    let group = args.spec.path.get(1..3).unwrap_or_default();
    let kind = match group {
        ["vm", _] => ResourceKind::VirtualMachine,
        ["vmss", _] => ResourceKind::VmScaleSet,
        ["appservice", "plan"] => ResourceKind::AppServicePlan,
        ["webapp", _] => ResourceKind::WebApp,
        ["functionapp", _] => ResourceKind::FunctionApp,
        ["storage", "account"] => ResourceKind::StorageAccount,
        ["keyvault", _] => ResourceKind::KeyVault,
        ["sql", "server"] => ResourceKind::SqlServer,
        ["cosmosdb", _] => ResourceKind::CosmosDb,
        ["identity", _] => ResourceKind::UserAssignedIdentity,
        _ => {
            return Err(ScriptError::new(
                args.pos,
                ErrorKind::UnknownCommand,
                format!("'{}' does not work on a resource type", args.spec.name()),
            ))
        }
    };
    Ok(kind)
}

/// The value `--assign-identity` / `--identities` use for the system-assigned identity.
const SYSTEM: &str = "[system]";

/// Which JSON shape a type's `identity assign|show` prints.
#[derive(Clone, Copy)]
enum IdentityShape {
    /// `az vm|vmss identity …`: `systemAssignedIdentity` + `userAssignedIdentities`.
    Compute,
    /// Everything else: the ARM `identity` block.
    Arm,
}

fn shape_of(kind: ResourceKind) -> IdentityShape {
    match kind {
        ResourceKind::VirtualMachine | ResourceKind::VmScaleSet => IdentityShape::Compute,
        _ => IdentityShape::Arm,
    }
}

fn identity_json(ctx: &Ctx<'_>, r: &Resource) -> Value {
    match shape_of(r.kind) {
        IdentityShape::Compute => arm_json::vm_identity(&r.identity),
        IdentityShape::Arm => arm_json::identity(ctx.world, &r.identity),
    }
}

pub(super) fn refresh(
    ctx: &Ctx<'_>,
    id: &str,
    pos: super::lexer::Pos,
) -> Result<Resource, ScriptError> {
    ctx.world.resource(id).cloned().ok_or_else(|| {
        ScriptError::new(
            pos,
            ErrorKind::NotFound,
            format!("(ResourceNotFound) The Resource '{id}' was not found."),
        )
    })
}

/// Creates a resource from `--name`, `--resource-group`, `--location`.
pub(super) fn create(
    ctx: &mut Ctx<'_>,
    args: &Args,
    kind: ResourceKind,
    details: Details,
) -> Result<Resource, ScriptError> {
    let name = args.require("--name")?;
    let group = args.require("--resource-group")?;
    ctx.world
        .require_group(group)
        .map_err(|e| args.model("--resource-group", e))?;
    let existed = ctx.world.resource_in(group, kind, name).is_some();
    let id = ctx
        .world
        .create_resource(kind, group, name, args.get("--location"), details)
        .map_err(|e| args.model("--name", e))?;
    if existed {
        ctx.notes.push(format!(
            "{} '{name}' already exists; create left it as it was",
            kind.label()
        ));
    }
    refresh(ctx, &id, args.pos)
}

/// Applies identity values (`[system]` and user-assigned names/ids) to a resource.
fn assign_identities(
    ctx: &mut Ctx<'_>,
    args: &Args,
    flag: &str,
    resource: &Resource,
    values: &[&str],
) -> Result<(), ScriptError> {
    let pos = args.pos_of(flag);
    for value in values {
        if value.eq_ignore_ascii_case(SYSTEM) {
            ctx.world
                .enable_system_identity(&resource.id)
                .map_err(|e| args.model(flag, e))?;
        } else {
            let identity =
                resolve::user_identity_ref(ctx.world, value, Some(&resource.group), pos)?;
            ctx.world
                .attach_user_identity(&resource.id, &identity)
                .map_err(|e| args.model(flag, e))?;
        }
    }
    Ok(())
}

/// `--role` and `--scope` come together or not at all.
fn role_and_scope(args: &Args) -> Result<Option<(&str, &str)>, ScriptError> {
    match (args.get("--role"), args.get("--scope")) {
        (None, None) => Ok(None),
        (Some(r), Some(s)) => Ok(Some((r, s))),
        (Some(_), None) => Err(ScriptError::new(
            args.pos_of("--role"),
            ErrorKind::MissingArgument,
            "--role needs --scope: the scope the system-assigned identity gets the role at",
        )),
        (None, Some(_)) => Err(ScriptError::new(
            args.pos_of("--scope"),
            ErrorKind::MissingArgument,
            "--scope needs --role: the role the system-assigned identity gets",
        )),
    }
}

/// Resolves what the identity flags name (`flag`'s user-assigned identities, `--role`, `--scope`)
/// before anything changes, so that a failing create or assign leaves the world as it was instead
/// of creating the resource or enabling its identity and then reporting an error (MI-2.1: only an
/// identity that exists can be attached).
fn check_identity_flags(ctx: &Ctx<'_>, args: &Args, flag: &str) -> Result<(), ScriptError> {
    let group = args.get("--resource-group");
    let named = args
        .values(flag)
        .into_iter()
        .filter(|v| !v.eq_ignore_ascii_case(SYSTEM))
        .map(|v| (flag, v));
    let extra = ["--user-assigned-identity-id", "--user-identity-id"]
        .into_iter()
        .flat_map(|f| args.values(f).into_iter().map(move |v| (f, v)));
    for (f, value) in named.chain(extra) {
        resolve::user_identity_ref(ctx.world, value, group, args.pos_of(f))?;
    }
    if let Some((role, scope)) = role_and_scope(args)? {
        if ctx.world.find_role(role).is_none() {
            return Err(unknown_role(ctx, args, role));
        }
        resolve::az_scope(ctx.world, scope, args.pos_of("--scope"))?;
    }
    Ok(())
}

/// `--role` + `--scope` on create / identity assign: a role for the system-assigned identity.
fn grant_system_role(ctx: &mut Ctx<'_>, args: &Args, resource_id: &str) -> Result<(), ScriptError> {
    let Some((role, scope)) = role_and_scope(args)? else {
        return Ok(());
    };
    let resource = refresh(ctx, resource_id, args.pos)?;
    let Some(system) = resource.identity.system else {
        return Err(ScriptError::new(args.pos_of("--role"), ErrorKind::InvalidValue, "--role and --scope apply to the system-assigned identity; add [system] to the identities"));
    };
    let role_id = ctx
        .world
        .find_role(role)
        .map(|r| r.id.clone())
        .ok_or_else(|| unknown_role(ctx, args, role))?;
    let scope = resolve::az_scope(ctx.world, scope, args.pos_of("--scope"))?;
    ctx.world
        .create_assignment(
            system.principal_id,
            PrincipalType::ServicePrincipal,
            &role_id,
            &scope,
        )
        .map_err(|e| args.model("--role", e))?;
    Ok(())
}

pub fn unknown_role(ctx: &Ctx<'_>, args: &Args, role: &str) -> ScriptError {
    let names: Vec<&str> = ctx.world.roles.iter().map(|r| r.name.as_str()).collect();
    let hint = crate::sim::suggest::closest(role, names)
        .map(|s| format!("; did you mean '{s}'?"))
        .unwrap_or_default();
    ScriptError::new(
        args.pos_of("--role"),
        ErrorKind::NotFound,
        format!("Role '{role}' doesn't exist{hint}"),
    )
}

/// The shared body of `az <type> create` for types that can carry identities.
fn create_with_identity(
    ctx: &mut Ctx<'_>,
    args: &Args,
    kind: ResourceKind,
    details: Details,
) -> Result<Resource, ScriptError> {
    check_identity_flags(ctx, args, "--assign-identity")?;
    let resource = create(ctx, args, kind, details)?;
    if args.has("--assign-identity") {
        let values = args.values("--assign-identity");
        let values = if values.is_empty() {
            vec![SYSTEM]
        } else {
            values
        };
        assign_identities(ctx, args, "--assign-identity", &resource, &values)?;
    }
    for id in args
        .values("--user-assigned-identity-id")
        .into_iter()
        .chain(args.values("--user-identity-id"))
    {
        assign_identities(ctx, args, "--user-assigned-identity-id", &resource, &[id])?;
    }
    if let Some(kind_text) = args.get("--identity-type") {
        if kind_text.to_ascii_lowercase().contains("systemassigned") {
            ctx.world
                .enable_system_identity(&resource.id)
                .map_err(|e| args.model("--identity-type", e))?;
        }
    }
    grant_system_role(ctx, args, &resource.id)?;
    refresh(ctx, &resource.id, args.pos)
}

// ----- virtual machines and scale sets -----------------------------------------------------

pub fn vm_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let resource = create_with_identity(ctx, args, ResourceKind::VirtualMachine, Details::Plain)?;
    let ordinal = ctx
        .world
        .resources()
        .filter(|r| r.kind == ResourceKind::VirtualMachine)
        .count();
    Ok(Output::Json(arm_json::vm_created(&resource, ordinal)))
}

pub fn vmss_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let resource = create_with_identity(ctx, args, ResourceKind::VmScaleSet, Details::Plain)?;
    Ok(Output::Json(
        json!({ "vmss": arm_json::resource(ctx.world, &resource) }),
    ))
}

/// `az vm update --set identity.type=…`: the generic-update path tutorials use to switch
/// identities off (`none`), which removes the system-assigned identity (MI-1.3) and detaches
/// user-assigned ones.
pub fn update_identity_type(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let kind = kind_of(args)?;
    let resource = resolve::named_resource(ctx.world, args, kind)?;
    for assignment in args.values("--set") {
        let Some((path, value)) = assignment.split_once('=') else {
            return Err(args.invalid(
                "--set",
                format!("--set takes PATH=VALUE, not '{assignment}'"),
            ));
        };
        if !path.eq_ignore_ascii_case("identity.type") {
            ctx.notes.push(format!(
                "--set {path}=… does not affect identities; ignored"
            ));
            continue;
        }
        let value = value
            .trim_matches(|c| c == '"' || c == '\'')
            .replace(' ', "")
            .to_ascii_lowercase();
        let (system, keep_users) = match value.as_str() {
            "none" => (false, false),
            "systemassigned" => (true, false),
            "userassigned" => (false, true),
            "systemassigned,userassigned" => (true, true),
            other => {
                return Err(args.invalid(
                    "--set",
                    format!("identity.type must be None, SystemAssigned, UserAssigned or 'SystemAssigned, UserAssigned', not '{other}'"),
                ))
            }
        };
        if keep_users && resource.identity.user_assigned.is_empty() {
            return Err(args.invalid("--set", "identity.type UserAssigned needs at least one user-assigned identity; attach one with 'az vm identity assign --identities'"));
        }
        if system {
            ctx.world
                .enable_system_identity(&resource.id)
                .map_err(|e| args.model("--set", e))?;
        } else {
            ctx.world
                .disable_system_identity(&resource.id)
                .map_err(|e| args.model("--set", e))?;
        }
        if !keep_users {
            for reference in &resource.identity.user_assigned {
                ctx.world
                    .detach_user_identity(&resource.id, &reference.id)
                    .map_err(|e| args.model("--set", e))?;
            }
        }
    }
    let resource = refresh(ctx, &resource.id, args.pos)?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}

// ----- shared show / delete / list / identity ----------------------------------------------

pub fn show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let kind = kind_of(args)?;
    let resource = resolve::named_resource(ctx.world, args, kind)?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}

pub fn delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let kind = kind_of(args)?;
    let resource = resolve::named_resource(ctx.world, args, kind)?;
    ctx.world
        .delete_resource(&resource.id)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Nothing)
}

pub fn list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let kind = kind_of(args)?;
    let group = args.get("--resource-group");
    if let Some(g) = group {
        ctx.world
            .require_group(g)
            .map_err(|e| args.model("--resource-group", e))?;
    }
    let items: Vec<Value> = ctx
        .world
        .resources()
        .filter(|r| r.kind == kind && group.is_none_or(|g| r.group.eq_ignore_ascii_case(g)))
        .map(|r| arm_json::resource(ctx.world, r))
        .collect();
    Ok(Output::Json(Value::Array(items)))
}

/// MI-1.2: a deployment slot has its own system-assigned identity, named `<app>/slots/<slot>`.
/// Slots are not modeled, so `--slot` is refused rather than applied to the production app.
fn reject_slot(args: &Args) -> Result<(), ScriptError> {
    let Some(slot) = args.get("--slot") else {
        return Ok(());
    };
    let app = args.get("--name").unwrap_or("<app>");
    Err(args.invalid(
        "--slot",
        format!("deployment slots are not modeled: slot '{slot}' would have an identity of its own, named '{app}/slots/{slot}'; leave out --slot to work on the app itself"),
    ))
}

/// `az <type> identity assign`: `--identities` defaults to the system-assigned identity.
pub fn identity_assign(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let kind = kind_of(args)?;
    reject_slot(args)?;
    let resource = resolve::named_resource(ctx.world, args, kind)?;
    check_identity_flags(ctx, args, "--identities")?;
    let values = args.values("--identities");
    let values = if values.is_empty() {
        vec![SYSTEM]
    } else {
        values
    };
    assign_identities(ctx, args, "--identities", &resource, &values)?;
    grant_system_role(ctx, args, &resource.id)?;
    let resource = refresh(ctx, &resource.id, args.pos)?;
    Ok(Output::Json(identity_json(ctx, &resource)))
}

/// `az <type> identity remove`: `--identities` defaults to the system-assigned identity (MI-1.3);
/// a user-assigned reference can be removed even after its identity was deleted (MI-2.2).
pub fn identity_remove(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let kind = kind_of(args)?;
    reject_slot(args)?;
    let resource = resolve::named_resource(ctx.world, args, kind)?;
    let values = args.values("--identities");
    let values = if values.is_empty() {
        vec![SYSTEM]
    } else {
        values
    };
    let pos = args.pos_of("--identities");
    for value in values {
        if value.eq_ignore_ascii_case(SYSTEM) {
            if resource.identity.system.is_none() {
                ctx.notes.push(format!(
                    "'{}' has no system-assigned identity; nothing removed",
                    resource.name
                ));
            }
            ctx.world
                .disable_system_identity(&resource.id)
                .map_err(|e| args.model("--identities", e))?;
            continue;
        }
        // A dangling reference names an identity that no longer exists, so match it by id or name.
        let reference = resource
            .identity
            .user_assigned
            .iter()
            .find(|r| {
                r.id.eq_ignore_ascii_case(value)
                    || r.id
                        .rsplit('/')
                        .next()
                        .is_some_and(|n| n.eq_ignore_ascii_case(value))
            })
            .map(|r| r.id.clone());
        let Some(reference) = reference else {
            return Err(ScriptError::new(
                pos,
                ErrorKind::NotFound,
                format!("Identity '{value}' is not assigned to '{}'.", resource.name),
            ));
        };
        ctx.world
            .detach_user_identity(&resource.id, &reference)
            .map_err(|e| args.model("--identities", e))?;
    }
    let resource = refresh(ctx, &resource.id, args.pos)?;
    Ok(match shape_of(kind) {
        IdentityShape::Compute if resource.identity.is_empty() => Output::Nothing,
        _ => Output::Json(identity_json(ctx, &resource)),
    })
}

pub fn identity_show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let kind = kind_of(args)?;
    reject_slot(args)?;
    let resource = resolve::named_resource(ctx.world, args, kind)?;
    if resource.identity.is_empty() {
        return Ok(Output::Nothing);
    }
    Ok(Output::Json(arm_json::identity(
        ctx.world,
        &resource.identity,
    )))
}

// ----- App Service ------------------------------------------------------------------------

pub fn plan_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let resource = create(ctx, args, ResourceKind::AppServicePlan, Details::Plain)?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}

fn plan_id(ctx: &Ctx<'_>, args: &Args) -> Result<Option<String>, ScriptError> {
    let Some(plan) = args.get("--plan") else {
        return Ok(None);
    };
    if plan.starts_with('/') {
        return match ctx.world.resource(plan) {
            Some(r) if r.kind == ResourceKind::AppServicePlan => Ok(Some(r.id.clone())),
            _ => Err(ScriptError::new(
                args.pos_of("--plan"),
                ErrorKind::NotFound,
                format!("The plan '{plan}' doesn't exist."),
            )),
        };
    }
    let group = args.get("--resource-group").unwrap_or_default();
    ctx.world
        .resource_in(group, ResourceKind::AppServicePlan, plan)
        .map(|r| Some(r.id.clone()))
        .ok_or_else(|| {
            ScriptError::new(
                args.pos_of("--plan"),
                ErrorKind::NotFound,
                format!("The plan '{plan}' doesn't exist in the resource group '{group}'; create it with 'az appservice plan create -g {group} -n {plan}'."),
            )
        })
}

pub fn webapp_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let plan = plan_id(ctx, args)?;
    let resource = create_with_identity(ctx, args, ResourceKind::WebApp, Details::Site { plan })?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}

pub fn functionapp_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let plan = plan_id(ctx, args)?;
    if plan.is_none()
        && !args.has("--consumption-plan-location")
        && !args.has("--flexconsumption-location")
    {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            "'az functionapp create' needs --plan, --consumption-plan-location or --flexconsumption-location",
        ));
    }
    let storage = args.require("--storage-account")?;
    let group = args.get("--resource-group").unwrap_or_default();
    if !storage.starts_with('/')
        && ctx
            .world
            .resource_in(group, ResourceKind::StorageAccount, storage)
            .is_none()
    {
        return Err(ScriptError::new(
            args.pos_of("--storage-account"),
            ErrorKind::NotFound,
            format!("Storage account '{storage}' not found in resource group '{group}'; a function app needs one for its own state."),
        ));
    }
    let resource =
        create_with_identity(ctx, args, ResourceKind::FunctionApp, Details::Site { plan })?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}

// ----- storage -----------------------------------------------------------------------------

pub fn storage_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    // DP-11.6: an account can be created with shared-key access already turned off.
    let shared_key_access = args.bool_flag("--allow-shared-key-access")?.map(|allowed| {
        if allowed {
            SharedKeyAccess::Allowed
        } else {
            SharedKeyAccess::Disabled
        }
    });
    let resource = create_with_identity(
        ctx,
        args,
        ResourceKind::StorageAccount,
        Details::StorageAccount {
            containers: Vec::new(),
            data: StorageData::new(ctx.world.now, shared_key_access),
        },
    )?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}

// ----- SQL and Cosmos DB -------------------------------------------------------------------

pub fn sql_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let resource = create_with_identity(ctx, args, ResourceKind::SqlServer, Details::Plain)?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}
pub fn cosmos_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let resource = create_with_identity(ctx, args, ResourceKind::CosmosDb, Details::Plain)?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}

// ----- user-assigned identities ------------------------------------------------------------

/// MI-2.1: a standalone resource with its own service principal.
pub fn identity_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let resource = create(
        ctx,
        args,
        ResourceKind::UserAssignedIdentity,
        Details::Plain,
    )?;
    Ok(Output::Json(arm_json::resource(ctx.world, &resource)))
}
/// MI-2.2: deleting the identity leaves references on resources dangling.
pub fn identity_delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let resource = resolve::named_resource(ctx.world, args, ResourceKind::UserAssignedIdentity)?;
    let users: Vec<String> = ctx
        .world
        .users_of_identity(&resource.id)
        .map(|r| r.name.clone())
        .collect();
    ctx.world
        .delete_resource(&resource.id)
        .map_err(|e| args.model("--name", e))?;
    if !users.is_empty() {
        ctx.notes.push(format!(
            "'{}' is still listed on {}: remove it there with 'az vm identity remove' (or the matching command); token requests for it now fail",
            resource.name,
            users.join(", ")
        ));
    }
    Ok(Output::Nothing)
}

fn federated_json(identity: &Resource, f: &FederatedCredential) -> Value {
    json!({
        "audiences": f.audiences,
        "id": format!("{}/federatedIdentityCredentials/{}", identity.id, f.name),
        "issuer": f.issuer,
        "name": f.name,
        "resourceGroup": identity.group,
        "subject": f.subject,
        "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
    })
}

fn federated_identity(ctx: &Ctx<'_>, args: &Args) -> Result<Resource, ScriptError> {
    let name = args.require("--identity-name")?;
    let group = args.require("--resource-group")?;
    ctx.world
        .require_group(group)
        .map_err(|e| args.model("--resource-group", e))?;
    ctx.world
        .resource_in(group, ResourceKind::UserAssignedIdentity, name)
        .cloned()
        .ok_or_else(|| ScriptError::new(args.pos_of("--identity-name"), ErrorKind::NotFound, format!("The user-assigned identity '{name}' was not found in resource group '{group}'.")))
}

/// FI-6.1: a wrong subject is accepted here and fails only at token exchange.
pub fn federated_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let identity = federated_identity(ctx, args)?;
    let audiences: Vec<String> = match args.values("--audiences") {
        v if v.is_empty() => vec!["api://AzureADTokenExchange".to_string()],
        v => v.into_iter().map(str::to_string).collect(),
    };
    let credential = FederatedCredential {
        name: args.require("--name")?.to_string(),
        issuer: args.require("--issuer")?.to_string(),
        subject: args.require("--subject")?.to_string(),
        audiences,
    };
    ctx.world
        .add_federated_credential(&identity.id, credential.clone())
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Json(federated_json(&identity, &credential)))
}

pub fn federated_delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let identity = federated_identity(ctx, args)?;
    let name = args.require("--name")?;
    ctx.world
        .delete_federated_credential(&identity.id, name)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Nothing)
}

pub fn federated_list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let identity = federated_identity(ctx, args)?;
    let list = match &identity.details {
        Details::UserIdentity { federated, .. } => federated
            .iter()
            .map(|f| federated_json(&identity, f))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Output::Json(Value::Array(list)))
}

/// Scope helper shared with `mip`: keeps `Scope` parsing errors located.
pub fn parse_scope(args: &Args, flag: &str) -> Result<Scope, ScriptError> {
    let text = args.require(flag)?;
    Scope::parse(text).map_err(|e| args.invalid(flag, e.0))
}
