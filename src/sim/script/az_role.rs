//! `az role assignment` and `az role definition`: granting, listing and revoking access (RB-4.1,
//! RB-4.9), with az's principal lookup (EN-9.9–EN-9.12), scope forms (EN-9.13, EN-9.14) and
//! scope defaults (EN-9.16).

use serde_json::Value;

use super::arm_json;
use super::assignee::{self, Assignee};
use super::authorize;
use super::az_resources::unknown_role;
use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use crate::sim::directory::ObjectKind;
use crate::sim::ids::Guid;
use crate::sim::rbac::{PrincipalType, RoleAssignment};
use crate::sim::scope::Scope;

/// The scope `list` and `delete` filter on: `--scope` (a full ARM id, EN-9.14), else
/// `--resource-group`, else the subscription, which is what az defaults to (EN-9.16).
fn filter_scope(ctx: &Ctx<'_>, args: &Args) -> Result<Scope, ScriptError> {
    if let Some(text) = args.get("--scope") {
        return resolve::az_scope(ctx.world, text, args.pos_of("--scope"));
    }
    let id = match args.get("--resource-group") {
        Some(group) => ctx
            .world
            .require_group(group)
            .map_err(|e| args.model("--resource-group", e))?
            .id(),
        None => format!("/subscriptions/{}", ctx.world.default_subscription().id),
    };
    Scope::parse(&id).map_err(|e| ScriptError::new(args.pos, ErrorKind::InvalidValue, e.0))
}

/// The principal `list` and `delete` filter on: `--assignee` resolved as az does (EN-9.9), or
/// `--assignee-object-id` as given (which also finds the assignments of a deleted principal).
fn filter_principal(ctx: &Ctx<'_>, args: &Args) -> Result<Option<Guid>, ScriptError> {
    if let Some(id) = args.get("--assignee-object-id") {
        return resolve::guid(
            id,
            args.pos_of("--assignee-object-id"),
            "--assignee-object-id",
        )
        .map(Some);
    }
    match args.get("--assignee") {
        Some(text) => {
            assignee::resolve(ctx.world, text, args.pos_of("--assignee")).map(|a| Some(a.object_id))
        }
        None => Ok(None),
    }
}

/// EN-9.12: exactly one of `--assignee` and `--assignee-object-id`; `--assignee-principal-type`
/// only with the object id, which skips the name lookup. Without the type az warns and looks the
/// type up itself; a type that contradicts the directory is refused, as ARM does.
fn create_principal(ctx: &mut Ctx<'_>, args: &Args) -> Result<Assignee, ScriptError> {
    const USAGE: &str = "usage error: --assignee STRING | --assignee-object-id GUID";
    let given_type = args.get("--assignee-principal-type");
    let object_id = match (args.get("--assignee"), args.get("--assignee-object-id")) {
        (Some(_), Some(_)) => return Err(args.invalid("--assignee-object-id", USAGE)),
        (None, None) => {
            return Err(ScriptError::new(
                args.pos,
                ErrorKind::MissingArgument,
                USAGE,
            ))
        }
        (Some(_), None) if given_type.is_some() => {
            return Err(args.invalid(
                "--assignee-principal-type",
                "usage error: --assignee-object-id GUID --assignee-principal-type TYPE",
            ))
        }
        (Some(text), None) => return assignee::resolve(ctx.world, text, args.pos_of("--assignee")),
        (None, Some(id)) => resolve::guid(
            id,
            args.pos_of("--assignee-object-id"),
            "--assignee-object-id",
        )?,
    };
    let actual = assignee::principal_type_of(ctx.world, object_id);
    let principal_type = match given_type {
        None => {
            ctx.notes.push("RBAC service might reject creating role assignment without --assignee-principal-type in the future. Better to specify --assignee-principal-type manually.".to_string());
            // An id Graph does not know fails below with PrincipalNotFound (RB-4.9).
            actual.unwrap_or(PrincipalType::ServicePrincipal)
        }
        Some(text) => {
            let given = PrincipalType::ALL
                .into_iter()
                .find(|t| t.name().eq_ignore_ascii_case(text))
                .ok_or_else(|| {
                    args.invalid(
                        "--assignee-principal-type",
                        format!("'{text}' is not a principal type: use User, Group, ServicePrincipal or ForeignGroup"),
                    )
                })?;
            if let Some(actual) = actual.filter(|a| *a != given) {
                return Err(args.invalid(
                    "--assignee-principal-type",
                    format!(
                        "(UnmatchedPrincipalType) The PrincipalId '{}' has type '{}' , which is different from specified PrincipalType '{}'.",
                        object_id.to_string().replace('-', ""),
                        actual.name(),
                        given.name()
                    ),
                ));
            }
            given
        }
    };
    Ok(Assignee {
        object_id,
        principal_type,
    })
}

fn role_id(ctx: &Ctx<'_>, args: &Args) -> Result<Option<String>, ScriptError> {
    match args.get("--role") {
        Some(role) => ctx
            .world
            .find_role(role)
            .map(|r| Some(r.id.clone()))
            .ok_or_else(|| unknown_role(ctx, args, role)),
        None => Ok(None),
    }
}

/// RB-4.1: principal + role + scope; RB-4.9: the principal must exist; EN-9.13: `--scope` is
/// required (the table marks it) and, like every az `--scope`, is a full ARM id (EN-9.14).
pub fn create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let principal = create_principal(ctx, args)?;
    let Some(role_id) = role_id(ctx, args)? else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            "the following arguments are required: --role",
        ));
    };
    let scope = resolve::az_scope(ctx.world, args.require("--scope")?, args.pos_of("--scope"))?;
    authorize::assignment_create(ctx, args, &scope)?;
    let flag = if args.has("--assignee-object-id") {
        "--assignee-object-id"
    } else {
        "--assignee"
    };
    let assignment = ctx
        .world
        .create_assignment(
            principal.object_id,
            principal.principal_type,
            &role_id,
            &scope,
        )
        .map_err(|e| args.model(flag, e))?;
    Ok(Output::Json(arm_json::assignment(
        ctx.world,
        &assignment,
        false,
    )))
}

/// EN-9.2, EN-9.16: the principals whose assignments the `--assignee` filter selects. With
/// `--include-groups`, az asks ARM for `assignedTo('<objectId>')`: the principal's own
/// assignments and those of every group it is in, transitively, as the directory has them now
/// (ARM reads Graph, not a cached token). That filter does not accept a group id.
fn filter_principals(ctx: &Ctx<'_>, args: &Args) -> Result<Option<Vec<Guid>>, ScriptError> {
    let Some(principal) = filter_principal(ctx, args)? else {
        return Ok(None);
    };
    if !args.has("--include-groups") {
        return Ok(Some(vec![principal]));
    }
    let directory = &ctx.world.directory;
    if directory.kind_of(principal) == Some(ObjectKind::Group) {
        let flag = if args.has("--assignee") {
            "--assignee"
        } else {
            "--assignee-object-id"
        };
        let name = directory.principal_name(principal).unwrap_or_default();
        return Err(args.invalid(
            flag,
            format!("--include-groups asks ARM for the assignments assigned to {principal} (filter assignedTo()), which accepts a user or service principal but not a group ('{name}'); drop --include-groups to list the group's own assignments (EN-9.2)"),
        ));
    }
    let mut principals = vec![principal];
    principals.extend(directory.groups_of(principal));
    Ok(Some(principals))
}

/// The assignments that `list`/`delete` filters select. Like az, without `--all` only the
/// assignments at exactly the command's scope count (plus the ones above with
/// `--include-inherited`, and a group's with `--include-groups`).
fn select(ctx: &Ctx<'_>, args: &Args) -> Result<(Vec<RoleAssignment>, Option<Scope>), ScriptError> {
    let principals = filter_principals(ctx, args)?;
    let role = role_id(ctx, args)?;
    let scope = if args.has("--all") {
        None
    } else {
        Some(filter_scope(ctx, args)?)
    };
    let inherited = args.has("--include-inherited");
    let chain: Vec<Scope> = match &scope {
        Some(s) if inherited => ctx
            .world
            .scope_chain(s)
            .into_iter()
            .map(|step| step.scope)
            .collect(),
        Some(s) => vec![s.clone()],
        None => Vec::new(),
    };
    let selected = ctx
        .world
        .assignments()
        .iter()
        .filter(|a| {
            principals
                .as_ref()
                .is_none_or(|p| p.contains(&a.principal_id))
        })
        .filter(|a| {
            role.as_ref()
                .is_none_or(|r| a.role_id.eq_ignore_ascii_case(r))
        })
        .filter(|a| scope.is_none() || Scope::parse(&a.scope).is_ok_and(|s| chain.contains(&s)))
        .cloned()
        .collect();
    Ok((selected, scope))
}

fn scope_note(ctx: &mut Ctx<'_>, args: &Args, found: usize, scope: &Option<Scope>) {
    let Some(scope) = scope else { return };
    if found == 0
        && !ctx.world.assignments().is_empty()
        && !args.has("--scope")
        && !args.has("--resource-group")
    {
        ctx.notes.push(format!(
            "az looks only at the scope given (by default the subscription, {scope}); add --all or --scope to see assignments at other scopes"
        ));
    }
}

pub fn list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let (selected, scope) = select(ctx, args)?;
    scope_note(ctx, args, selected.len(), &scope);
    Ok(Output::Json(Value::Array(
        selected
            .iter()
            .map(|a| arm_json::assignment(ctx.world, a, true))
            .collect(),
    )))
}

/// RB-4.9: assignments cannot be edited, only deleted (and re-created).
pub fn delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let names: Vec<Guid> = if args.has("--ids") {
        let mut names = Vec::new();
        for id in args.values("--ids") {
            let guid = id.rsplit('/').next().and_then(Guid::parse);
            match guid.filter(|g| ctx.world.assignments().iter().any(|a| a.name == *g)) {
                Some(g) => names.push(g),
                None => {
                    return Err(ScriptError::new(
                        args.pos_of("--ids"),
                        ErrorKind::NotFound,
                        format!("role assignment '{id}' was not found"),
                    ))
                }
            }
        }
        names
    } else {
        if !args.has("--assignee")
            && !args.has("--assignee-object-id")
            && !args.has("--role")
            && !args.has("--scope")
            && !args.has("--resource-group")
        {
            return Err(ScriptError::new(
                args.pos,
                ErrorKind::MissingArgument,
                "'az role assignment delete' needs --ids, or filters such as --assignee, --role and --scope",
            ));
        }
        let (selected, scope) = select(ctx, args)?;
        scope_note(ctx, args, selected.len(), &scope);
        selected.iter().map(|a| a.name).collect()
    };
    if names.is_empty() {
        ctx.notes
            .push("no role assignment matched; nothing was deleted".to_string());
    }
    let doomed: Vec<RoleAssignment> = ctx
        .world
        .assignments()
        .iter()
        .filter(|a| names.contains(&a.name))
        .cloned()
        .collect();
    authorize::assignment_delete(ctx, args, &doomed)?;
    ctx.world.delete_assignments(&names);
    Ok(Output::Nothing)
}

pub fn definition_list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let name = args.get("--name");
    let custom_only = args.has("--custom-role-only");
    let list: Vec<Value> = ctx
        .world
        .roles
        .iter()
        .filter(|r| {
            name.is_none_or(|n| r.name.eq_ignore_ascii_case(n) || r.id.eq_ignore_ascii_case(n))
        })
        .filter(|r| !custom_only || !r.builtin)
        .map(|r| arm_json::role_definition(ctx.world, r))
        .collect();
    Ok(Output::Json(Value::Array(list)))
}
