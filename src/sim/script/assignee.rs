//! `--assignee` of `az role assignment`: resolved through the directory in az's order (EN-9.9),
//! so what a learner practises here works the same against real Microsoft Graph. Display names
//! and resource names never resolve; when the value names something the world knows, the error
//! (EN-9.10) gains a hint with the command that prints the value az wants.

use super::error::{ErrorKind, ScriptError};
use super::lexer::Pos;
use super::quote::quote;
use super::resolve::show_command;
use crate::sim::directory::{ObjectKind, PrincipalSource};
use crate::sim::ids::Guid;
use crate::sim::rbac::PrincipalType;
use crate::sim::world::World;

/// A principal as az resolved it: its object id and the type Graph reported (EN-9.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignee {
    pub object_id: Guid,
    pub principal_type: PrincipalType,
}

/// The role-assignment principal type of a directory object; `None` for an application object
/// or an unknown id, which cannot hold roles (RB-4.1).
pub fn principal_type_of(world: &World, object_id: Guid) -> Option<PrincipalType> {
    match world.directory.kind_of(object_id)? {
        ObjectKind::User => Some(PrincipalType::User),
        ObjectKind::Group => Some(PrincipalType::Group),
        ObjectKind::ServicePrincipal => Some(PrincipalType::ServicePrincipal),
        ObjectKind::Application => None,
    }
}

/// EN-9.9: a value with `@` is first a user principal name; then any value is looked up among
/// the service principals' `servicePrincipalNames` (their app ids); then a GUID is an object id
/// of a user, group or service principal. Nothing else resolves (EN-9.10).
pub fn resolve(world: &World, text: &str, pos: Pos) -> Result<Assignee, ScriptError> {
    let found = |object_id, principal_type| Assignee {
        object_id,
        principal_type,
    };
    if text.contains('@') {
        if let Some(user) = world.directory.user_by_upn(text) {
            return Ok(found(user.object_id, PrincipalType::User));
        }
    }
    let guid = Guid::parse(text);
    if let Some(sp) = guid.and_then(|g| world.directory.by_app_id(g)) {
        return Ok(found(sp.object_id, PrincipalType::ServicePrincipal));
    }
    if let Some(object_id) = guid {
        if let Some(principal_type) = principal_type_of(world, object_id) {
            return Ok(found(object_id, principal_type));
        }
    }
    let mut message = format!(
        "Cannot find user or service principal in graph database for '{text}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id {text}'."
    );
    for hint in hints(world, text, guid) {
        message.push_str("\nhint: ");
        message.push_str(&hint);
    }
    Err(ScriptError::new(pos, ErrorKind::NotFound, message))
}

/// What the value that did not resolve names in the world, and the command that prints the value
/// `--assignee` takes instead (a principal id, a client id or a UPN).
fn hints(world: &World, text: &str, guid: Option<Guid>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(id) = guid {
        if let Some(app) = world.directory.application(id) {
            out.push(format!(
                "{id} is the object id of the application '{}', which is not a principal; use its app (client) id {} once it has a service principal",
                app.display_name, app.app_id
            ));
        }
        if let Some(gone) = world
            .directory
            .deleted()
            .iter()
            .find(|d| d.principal.object_id == id || d.principal.app_id == id)
        {
            out.push(format!(
                "the service principal of '{}' was deleted, so Graph no longer finds it; its role assignments are orphaned (MI-1.5): delete them with az role assignment delete --ids",
                gone.principal.display_name
            ));
        }
        return out;
    }
    for sp in world.directory.by_display_name(text) {
        let how = match &sp.source {
            PrincipalSource::System { resource_id } => world.resource(resource_id).map(|r| {
                format!(
                    "to grant {}'s system-assigned identity, use its principal id: {} --query identity.principalId -o tsv",
                    r.name,
                    show_command(r)
                )
            }),
            PrincipalSource::User { identity_id } => world.resource(identity_id).map(|r| {
                format!(
                    "to grant the user-assigned identity {}, use its principal id: {} --query principalId -o tsv",
                    r.name,
                    show_command(r)
                )
            }),
            PrincipalSource::Application { .. } => Some(format!(
                "to grant the application {}, use its app (client) id: az ad sp list --display-name {} --query [0].appId -o tsv",
                sp.display_name,
                quote(&sp.display_name)
            )),
        };
        out.extend(how);
    }
    for resource in world.resources_named(text) {
        let has_principal = resource.identity.system.is_some()
            || world
                .directory
                .by_display_name(text)
                .any(|sp| sp.source.arm_id() == Some(resource.id.as_str()));
        if has_principal {
            continue;
        }
        if resource.identity.user_assigned.is_empty() {
            out.push(format!(
                "{} is a {} without a managed identity; --assignee takes a principal: a user's UPN, or a service principal's object or client id",
                resource.name,
                resource.kind.label().to_ascii_lowercase()
            ));
        }
        for attached in &resource.identity.user_assigned {
            if let Some(identity) = world.resource(&attached.id) {
                out.push(format!(
                    "{} uses the user-assigned identity {}; to grant it, use its principal id: {} --query principalId -o tsv",
                    resource.name,
                    identity.name,
                    show_command(identity)
                ));
            }
        }
    }
    for user in world
        .directory
        .users()
        .filter(|u| u.display_name.eq_ignore_ascii_case(text))
    {
        out.push(format!(
            "to grant the user {}, use their user principal name: --assignee {}",
            user.display_name, user.user_principal_name
        ));
    }
    for group in world
        .directory
        .groups()
        .filter(|g| g.display_name.eq_ignore_ascii_case(text))
    {
        out.push(format!(
            "to grant the group {}, use its object id: az ad group show --group {} --query id -o tsv",
            group.display_name,
            quote(&group.display_name)
        ));
    }
    out
}
