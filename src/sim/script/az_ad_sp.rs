//! `az ad sp`: service principals of managed identities and of applications (EN-9.3 … EN-9.8),
//! including `create-for-rbac`, which makes an app, its principal, a secret and role assignments
//! in one go.

use serde_json::{json, Value};

use super::arm_json;
use super::az_ad_app::{
    application_ref, credential_end, patch_note, reset_output, CREDENTIAL_WARNING,
    INCOMPLETE_LIST_WARNING,
};
use super::az_resources::unknown_role;
use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::odata::ListQuery;
use super::resolve;
use super::time::iso8601;
use crate::sim::directory::{PrincipalSource, ServicePrincipal};
use crate::sim::entra::graph_not_found;
use crate::sim::ids::Guid;
use crate::sim::rbac::PrincipalType;
use crate::sim::world::World;

/// `--id`: a principal's object id or application (client) id (EN-9.5: its
/// `servicePrincipalNames` hold the app id).
fn principal_ref(world: &World, args: &Args) -> Result<ServicePrincipal, ScriptError> {
    let id = args.require("--id")?;
    Guid::parse(id)
        .and_then(|g| {
            world
                .directory
                .get(g)
                .or_else(|| world.directory.by_app_id(g))
        })
        .cloned()
        .ok_or_else(|| args.model("--id", graph_not_found(id)))
}

pub fn show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let sp = principal_ref(ctx.world, args)?;
    Ok(Output::Json(arm_json::service_principal(ctx.world, &sp)))
}

/// Whether the signed-in user owns the principal: owners are kept on applications, which
/// Graph makes their creator's; a managed identity's principal has no owner.
fn owned_by(world: &World, sp: &ServicePrincipal, user: Guid) -> bool {
    match sp.source {
        PrincipalSource::Application { application_id } => world
            .directory
            .application(application_id)
            .is_some_and(|a| a.owners.contains(&user)),
        _ => false,
    }
}

/// az's filters: `--display-name` (a prefix), `--spn`, `--filter` (OData), `--show-mine`.
pub fn list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let query = ListQuery::from_args(
        args,
        "servicePrincipal",
        &["displayName", "appId", "id", "servicePrincipalType"],
    )?;
    let spn = args.get("--spn");
    let mine = args
        .has("--show-mine")
        .then(|| ctx.world.caller().map(|a| a.principal_id));
    if query.narrows_nothing() && spn.is_none() && mine.is_none() && !args.has("--all") {
        ctx.notes.push(INCOMPLETE_LIST_WARNING.to_string());
    }
    let world = &*ctx.world;
    let list: Vec<Value> = world
        .directory
        .principals()
        .filter(|p| spn.is_none_or(|s| p.app_id.to_string().eq_ignore_ascii_case(s)))
        .filter(|p| mine.is_none_or(|me| me.is_some_and(|me| owned_by(world, p, me))))
        .filter(|p| {
            query.keeps(
                &p.display_name,
                &[
                    ("displayName", &p.display_name),
                    ("appId", &p.app_id.to_string()),
                    ("id", &p.object_id.to_string()),
                    ("servicePrincipalType", p.source.service_principal_type()),
                ],
            )
        })
        .map(|p| arm_json::service_principal(world, p))
        .collect();
    Ok(Output::Json(Value::Array(list)))
}

/// EN-9.3: `az ad sp create --id <appId>` adds the application's principal in this tenant.
pub fn create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let id = args.require("--id")?;
    let application = application_ref(ctx.world, id, args, "--id")?;
    let sp = ctx
        .world
        .create_application_principal(application.app_id)
        .map_err(|e| args.model("--id", e))?;
    Ok(Output::Json(arm_json::service_principal(ctx.world, &sp)))
}

/// Deletes an application's principal (soft delete, MI-1.4); its application stays.
pub fn delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let sp = principal_ref(ctx.world, args)?;
    ctx.world
        .delete_application_principal(sp.object_id)
        .map_err(|e| args.model("--id", e))?;
    Ok(Output::Nothing)
}

/// EN-9.8: `az ad sp credential reset` resets the secrets of the principal's application.
pub fn credential_reset(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let sp = principal_ref(ctx.world, args)?;
    let PrincipalSource::Application { application_id } = sp.source else {
        return Err(args.invalid(
            "--id",
            format!("'{}' is a managed identity: Azure keeps its credential and nobody sees it (TK-3.7), so it has no secret to reset", sp.display_name),
        ));
    };
    let application = application_ref(ctx.world, &application_id.to_string(), args, "--id")?;
    reset_output(ctx, &application, args)
}

/// EN-9.6, EN-9.7: an application (or the existing one with this display name), its principal,
/// a new secret replacing any old ones, and a role assignment per scope when both `--role` and
/// `--scopes` are given.
pub fn create_for_rbac(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let scopes = args.values("--scopes");
    let role = args.get("--role");
    if role.is_some() == scopes.is_empty() {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            "Usage error: To create role assignments, specify both --role and --scopes.",
        ));
    }
    let end = credential_end(ctx.world, args)?;
    let role_id = match role {
        Some(r) => Some(
            ctx.world
                .find_role(r)
                .map(|d| d.id.clone())
                .ok_or_else(|| unknown_role(ctx, args, r))?,
        ),
        None => None,
    };
    let resolved = scopes
        .iter()
        .map(|s| resolve::scope_ref(ctx.world, s, args.pos_of("--scopes")))
        .collect::<Result<Vec<_>, _>>()?;
    let name = match args.get("--name") {
        Some(n) => n.to_string(),
        None => default_name(ctx.world.now),
    };
    let (application, created) = ctx.world.ensure_application(&name);
    if !created {
        ctx.notes.push(patch_note(&application));
    }
    let sp = match ctx.world.directory.by_app_id(application.app_id).cloned() {
        Some(sp) => sp,
        None => ctx
            .world
            .create_application_principal(application.app_id)
            .map_err(|e| args.model("--name", e))?,
    };
    let credential = ctx
        .world
        .add_password(application.object_id, None, end, false)
        .map_err(|e| args.model("--end-date", e))?;
    if let (Some(role_id), Some(role)) = (role_id, role) {
        for scope in &resolved {
            ctx.notes.push(format!(
                "Creating '{role}' role assignment under scope '{}'",
                scope.as_str()
            ));
            let exists = ctx.world.assignments().iter().any(|a| {
                a.principal_id == sp.object_id
                    && a.role_id == role_id
                    && a.scope.eq_ignore_ascii_case(scope.as_str())
            });
            if !exists {
                ctx.world
                    .create_assignment(
                        sp.object_id,
                        PrincipalType::ServicePrincipal,
                        &role_id,
                        scope,
                    )
                    .map_err(|e| args.model("--scopes", e))?;
            }
        }
    }
    ctx.notes.push(CREDENTIAL_WARNING.to_string());
    Ok(Output::Json(json!({
        "appId": application.app_id.to_string(),
        "displayName": application.display_name,
        "password": credential.secret,
        "tenant": ctx.world.tenant_id().to_string(),
    })))
}

/// EN-9.6: `azure-cli-YYYY-MM-DD-HH-MM-SS`, from the simulated clock.
fn default_name(now: u64) -> String {
    let stamp: String = iso8601(now)
        .chars()
        .take(19)
        .map(|c| if c == 'T' || c == ':' { '-' } else { c })
        .collect();
    format!("azure-cli-{stamp}")
}
