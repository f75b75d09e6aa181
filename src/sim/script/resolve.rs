//! Resolving what the user typed (names, ARM ids, assignees, scopes) into things in the world,
//! with errors that say which thing was meant and how to be precise.

use super::command::Args;
use super::error::{ErrorKind, ScriptError};
use super::lexer::Pos;
use crate::sim::ids::Guid;
use crate::sim::resource::{Resource, ResourceKind};
use crate::sim::scope::Scope;
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

/// `--assignee`: a principal (object) id, a client (app) id, or a service principal's name.
/// An id that matches nothing is still returned, so that ARM can answer `PrincipalNotFound` (RB-4.9).
pub fn assignee(world: &World, text: &str, pos: Pos) -> Result<Guid, ScriptError> {
    if let Some(guid) = Guid::parse(text) {
        if world.directory.contains(guid) {
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
            format!("Cannot find user or service principal in graph database for '{text}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id {text}'."),
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
