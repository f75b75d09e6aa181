//! Resolving what the user typed (names, ARM ids, scopes) into things in the world, with errors
//! that say which thing was meant and how to be precise. az flags take what az takes (ARM ids,
//! EN-9.14); the playground's own `mip` statements also take unique names.

use super::command::Args;
use super::error::{ErrorKind, ScriptError};
use super::lexer::Pos;
use super::quote::quote;
use crate::sim::ids::Guid;
use crate::sim::resource::{Resource, ResourceKind};
use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::world::World;

/// The resource a command names with `--ids`, or `--name` (+ `--resource-group`).
pub fn named_resource(
    world: &World,
    args: &Args,
    kind: ResourceKind,
) -> Result<Resource, ScriptError> {
    let kinds: &[ResourceKind] = match kind {
        ResourceKind::WebApp | ResourceKind::FunctionApp => {
            &[ResourceKind::WebApp, ResourceKind::FunctionApp]
        }
        _ => std::slice::from_ref(&kind),
    };
    if let Some(id) = args.get("--ids") {
        return match world.resource(id) {
            Some(r) if kinds.contains(&r.kind) => Ok(r.clone()),
            Some(r) => Err(args.invalid(
                "--ids",
                format!(
                    "'{id}' is a {}, not a {}",
                    r.kind.label().to_ascii_lowercase(),
                    kind.label().to_ascii_lowercase()
                ),
            )),
            None => Err(ScriptError::new(
                args.pos_of("--ids"),
                ErrorKind::NotFound,
                format!("(ResourceNotFound) The Resource '{id}' was not found."),
            )),
        };
    }
    let Some(name) = args.get("--name") else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            format!(
                "'{}' needs --name (-n) and --resource-group (-g), or --ids",
                args.spec.name()
            ),
        ));
    };
    let Some(group) = args.get("--resource-group") else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            format!(
                "'{}' needs --resource-group (-g) with --name",
                args.spec.name()
            ),
        ));
    };
    world
        .require_group(group)
        .map_err(|e| args.model("--resource-group", e))?;
    world
        .resources()
        .find(|r| kinds.contains(&r.kind) && r.name.eq_ignore_ascii_case(name) && r.group.eq_ignore_ascii_case(group))
        .cloned()
        .ok_or_else(|| {
            ScriptError::new(
                args.pos_of("--name"),
                ErrorKind::NotFound,
                format!(
                    "(ResourceNotFound) The Resource '{}/{name}' under resource group '{group}' was not found.",
                    kind.arm_type()
                ),
            )
        })
}

/// The one resource of `kind` named `name` (given by `flag`), in any resource group unless
/// `--resource-group` narrows it: Key Vault and storage account names are unique in Azure, so
/// az finds them by name alone. `missing` and `several` word the command's own error for no
/// match and for more than one, given the name.
pub fn unique_named(
    world: &World,
    args: &Args,
    (flag, name): (&str, &str),
    kind: ResourceKind,
    missing: impl FnOnce(&str) -> String,
    several: impl FnOnce(&str) -> String,
) -> Result<Resource, ScriptError> {
    let group = args.get("--resource-group");
    let found: Vec<&Resource> = world
        .resources_named(name)
        .filter(|r| r.kind == kind)
        .filter(|r| group.is_none_or(|g| r.group.eq_ignore_ascii_case(g)))
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(ScriptError::new(
            args.pos_of(flag),
            ErrorKind::NotFound,
            missing(name),
        )),
        _ => Err(ScriptError::new(
            args.pos_of(flag),
            ErrorKind::Ambiguous,
            several(name),
        )),
    }
}

/// A resource by ARM id or by a name that is unique across the subscription.
pub fn resource_ref(world: &World, text: &str, pos: Pos) -> Result<Resource, ScriptError> {
    if text.starts_with('/') {
        return world.resource(text).cloned().ok_or_else(|| {
            ScriptError::new(
                pos,
                ErrorKind::NotFound,
                format!("no resource has the id '{text}'"),
            )
        });
    }
    let found: Vec<&Resource> = world.resources_named(text).collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let names: Vec<&str> = world.resources().map(|r| r.name.as_str()).collect();
            let hint = crate::sim::suggest::closest(text, names)
                .map(|s| format!("; did you mean '{s}'?"))
                .unwrap_or_default();
            Err(ScriptError::new(
                pos,
                ErrorKind::NotFound,
                format!("no resource is named '{text}'{hint}"),
            ))
        }
        many => Err(ambiguous(
            pos,
            text,
            many.iter().map(|r| r.id.clone()).collect(),
        )),
    }
}

fn ambiguous(pos: Pos, text: &str, ids: Vec<String>) -> ScriptError {
    ScriptError::new(
        pos,
        ErrorKind::Ambiguous,
        format!(
            "'{text}' could mean any of these; use the ARM id instead:\n  {}",
            ids.join("\n  ")
        ),
    )
}

/// A scope: an ARM id, `/`, or a name of a resource, resource group, blob container,
/// management group or subscription (resolved uniquely).
pub fn scope_ref(world: &World, text: &str, pos: Pos) -> Result<Scope, ScriptError> {
    if text.starts_with('/') {
        let scope =
            Scope::parse(text).map_err(|e| ScriptError::new(pos, ErrorKind::InvalidValue, e.0))?;
        world
            .scope_exists(&scope)
            .map_err(|e| ScriptError::from_model(pos, e))?;
        return Ok(scope);
    }
    // Resources and blob containers by name, then groups, management groups, subscriptions.
    let mut candidates: Vec<String> = world.named_scopes(text).to_vec();
    candidates.extend(world.group(text).map(|g| g.id()));
    candidates.extend(
        world
            .management_groups
            .iter()
            .filter(|m| m.name.eq_ignore_ascii_case(text))
            .map(|m| {
                format!(
                    "/providers/Microsoft.Management/managementGroups/{}",
                    m.name
                )
            }),
    );
    candidates.extend(
        world
            .subscriptions
            .iter()
            .filter(|s| {
                s.name.eq_ignore_ascii_case(text) || s.id.to_string().eq_ignore_ascii_case(text)
            })
            .map(|s| format!("/subscriptions/{}", s.id)),
    );
    match candidates.as_slice() {
        [one] => Scope::parse(one).map_err(|e| ScriptError::new(pos, ErrorKind::InvalidValue, e.0)),
        [] => Err(ScriptError::new(
            pos,
            ErrorKind::NotFound,
            format!("no resource, resource group, container or subscription is named '{text}'; a scope can also be an ARM id"),
        )),
        many => Err(ambiguous(pos, text, many.to_vec())),
    }
}

/// `--ids` of `az resource show|delete`: full ARM ids only, as in az; a name gets a hint with the
/// command that prints the id of the resource it names.
pub fn az_resource_id(world: &World, text: &str, pos: Pos) -> Result<Resource, ScriptError> {
    if text.starts_with('/') {
        return resource_ref(world, text, pos);
    }
    let hint = resource_ref(world, text, pos)
        .map(|r| format!("; use --ids $({} --query id -o tsv)", show_command(&r)))
        .unwrap_or_default();
    Err(ScriptError::new(
        pos,
        ErrorKind::InvalidValue,
        format!("--ids takes full ARM ids, and '{text}' is not one{hint}"),
    ))
}

/// EN-9.14: ARM's answer to a scope that is not an ARM id (az sends it as it is).
const MISSING_SUBSCRIPTION: &str = "(MissingSubscription) The request did not have a subscription or a valid tenant level resource provider.";

/// `--scope` of an az command: a full ARM id, as az and ARM take it (EN-9.14). A value that
/// starts with `/subscriptions/` but is not a valid id fails in az itself; anything else that is
/// not a scope (a bare name, say) reaches ARM, which answers `MissingSubscription`. The
/// playground adds a hint with the command that prints the id of what the value names, because
/// the habit to learn is capturing ids, not typing names. (`mip` statements keep taking names:
/// see [`scope_ref`].)
pub fn az_scope(world: &World, text: &str, pos: Pos) -> Result<Scope, ScriptError> {
    if text.starts_with("/subscriptions/") {
        let scope = Scope::parse(text).map_err(|e| {
            ScriptError::new(
                pos,
                ErrorKind::InvalidValue,
                format!(
                    "Invalid scope. Please use --help to view the valid format.\nhint: {}",
                    e.0
                ),
            )
        })?;
        world
            .scope_exists(&scope)
            .map_err(|e| ScriptError::from_model(pos, e))?;
        return Ok(scope);
    }
    // The tenant root and management groups are ids that do not start with /subscriptions/.
    if let Some(scope) = Scope::parse(text).ok().filter(|_| text.starts_with('/')) {
        world
            .scope_exists(&scope)
            .map_err(|e| ScriptError::from_model(pos, e))?;
        return Ok(scope);
    }
    let hint = scope_ref(world, text, pos)
        .ok()
        .and_then(|scope| id_expression(world, &scope))
        .map(|id| format!("\nhint: --scope takes a full ARM id: --scope {id}"))
        .unwrap_or_else(|| {
            "\nhint: --scope takes a full ARM id such as /subscriptions/<id>/resourceGroups/<group>; az … show --query id -o tsv prints one".to_string()
        });
    Err(ScriptError::new(
        pos,
        ErrorKind::InvalidValue,
        format!("{MISSING_SUBSCRIPTION}{hint}"),
    ))
}

/// How to write a scope's ARM id in a shell as Microsoft Learn does: a `$(az … --query id -o tsv)`
/// capture (plus the child path below a resource), for hints.
fn id_expression(world: &World, scope: &Scope) -> Option<String> {
    match scope.level() {
        ScopeLevel::Root | ScopeLevel::ManagementGroup => Some(scope.as_str().to_string()),
        ScopeLevel::Subscription => {
            Some("/subscriptions/$(az account show --query id -o tsv)".to_string())
        }
        ScopeLevel::ResourceGroup => Some(format!(
            "$(az group show -n {} --query id -o tsv)",
            quote(scope.name())
        )),
        ScopeLevel::Resource | ScopeLevel::Child => {
            let top = scope.resource_scope()?;
            let resource = world.resource(top.as_str())?;
            let below = scope.as_str().get(top.as_str().len()..).unwrap_or("");
            Some(format!(
                "$({} --query id -o tsv){below}",
                show_command(resource)
            ))
        }
    }
}

/// `az <kind> show -g GROUP -n NAME`: the command that shows a resource.
pub fn show_command(resource: &Resource) -> String {
    format!(
        "az {} show -g {} -n {}",
        resource.kind.az_group(),
        quote(&resource.group),
        quote(&resource.name)
    )
}

/// A user-assigned identity by ARM id, or by name (in `default_group` first, as az does).
pub fn user_identity_ref(
    world: &World,
    text: &str,
    default_group: Option<&str>,
    pos: Pos,
) -> Result<String, ScriptError> {
    if text.starts_with('/') {
        return match world.resource(text) {
            Some(r) if r.kind == ResourceKind::UserAssignedIdentity => Ok(r.id.clone()),
            _ => Err(ScriptError::new(
                pos,
                ErrorKind::NotFound,
                format!("(ResourceNotFound) The user-assigned identity '{text}' was not found."),
            )),
        };
    }
    if let Some(group) = default_group {
        if let Some(r) = world.resource_in(group, ResourceKind::UserAssignedIdentity, text) {
            return Ok(r.id.clone());
        }
    }
    let found: Vec<&Resource> = world
        .resources_named(text)
        .filter(|r| r.kind == ResourceKind::UserAssignedIdentity)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(ScriptError::new(
            pos,
            ErrorKind::NotFound,
            format!("no user-assigned identity is named '{text}'"),
        )),
        many => Err(ambiguous(
            pos,
            text,
            many.iter().map(|r| r.id.clone()).collect(),
        )),
    }
}

/// A principal named in a `mip` statement (`mip deny-assignment create --principals`): an object
/// id, a client (app) id, or a service principal's display name. `mip` statements are the
/// playground's own, so they may name things; az's `--assignee` never resolves display names
/// (EN-9.9, see `super::assignee`). An id that matches nothing is kept as it is.
pub fn principal_ref(world: &World, text: &str, pos: Pos) -> Result<Guid, ScriptError> {
    if let Some(user) = world.directory.user_by_upn(text) {
        return Ok(user.object_id);
    }
    if let Some(guid) = Guid::parse(text) {
        if world.directory.is_principal(guid) {
            return Ok(guid);
        }
        return Ok(world
            .directory
            .by_app_id(guid)
            .map(|p| p.object_id)
            .unwrap_or(guid));
    }
    let found: Vec<Guid> = world
        .directory
        .by_display_name(text)
        .map(|p| p.object_id)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(ScriptError::new(
            pos,
            ErrorKind::NotFound,
            format!("no service principal is named '{text}'; a principal can also be an object id or a client id"),
        )),
        many => Err(ScriptError::new(
            pos,
            ErrorKind::Ambiguous,
            format!("'{text}' names {} service principals; use the principal (object) id instead: {}", many.len(), many.iter().map(|g| g.to_string()).collect::<Vec<_>>().join(", ")),
        )),
    }
}

/// A GUID value, or a located error.
pub fn guid(text: &str, pos: Pos, what: &str) -> Result<Guid, ScriptError> {
    Guid::parse(text).ok_or_else(|| {
        ScriptError::new(
            pos,
            ErrorKind::InvalidValue,
            format!(
                "{what} must be a GUID like 00000000-0000-0000-0000-000000000000, not '{text}'"
            ),
        )
    })
}
