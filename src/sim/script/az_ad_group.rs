//! `az ad group` and `az ad group member`: security groups and their members (EN-9.1, EN-9.2).

use serde_json::{json, Value};

use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::graph_json;
use super::odata::ListQuery;
use super::resolve;
use crate::sim::directory::Group;
use crate::sim::entra::graph_not_found;
use crate::sim::ids::Guid;

/// `--group`: an object id, or a display name that only one group has (az's `_resolve_group`).
fn group_ref(ctx: &Ctx<'_>, args: &Args) -> Result<Group, ScriptError> {
    let text = args.require("--group")?;
    let pos = args.pos_of("--group");
    if let Some(id) = Guid::parse(text) {
        return ctx
            .world
            .directory
            .group(id)
            .cloned()
            .ok_or_else(|| args.model("--group", graph_not_found(text)));
    }
    let found: Vec<&Group> = ctx
        .world
        .directory
        .groups()
        .filter(|g| g.display_name.eq_ignore_ascii_case(text))
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(ScriptError::new(
            pos,
            ErrorKind::NotFound,
            format!("Group {text} is not found in Graph"),
        )),
        many => Err(ScriptError::new(
            pos,
            ErrorKind::Ambiguous,
            format!(
                "More than 1 group objects has the display name of {text}\nHint: use the object id instead, one of: {}",
                many.iter()
                    .map(|g| g.object_id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

fn member_id(args: &Args) -> Result<Guid, ScriptError> {
    let text = args.require("--member-id")?;
    resolve::guid(text, args.pos_of("--member-id"), "--member-id")
}

pub fn create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let display_name = args.require("--display-name")?;
    let nickname = args.require("--mail-nickname")?;
    let group = ctx.world.create_security_group(display_name, nickname);
    Ok(Output::Json(graph_json::group(&group)))
}

pub fn show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    Ok(Output::Json(graph_json::group(&group_ref(ctx, args)?)))
}

/// `--display-name` is a prefix (`startswith`), `--filter` OData.
pub fn list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let query = ListQuery::from_args(args, "group", &["displayName", "mailNickname", "id"])?;
    let list: Vec<Value> = ctx
        .world
        .directory
        .groups()
        .filter(|g| {
            query.keeps(
                &g.display_name,
                &[
                    ("displayName", &g.display_name),
                    ("mailNickname", &g.mail_nickname),
                    ("id", &g.object_id.to_string()),
                ],
            )
        })
        .map(graph_json::group)
        .collect();
    Ok(Output::Json(Value::Array(list)))
}

pub fn delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let group = group_ref(ctx, args)?;
    ctx.world
        .delete_security_group(group.object_id)
        .map_err(|e| args.model("--group", e))?;
    Ok(Output::Nothing)
}

/// EN-9.1: users, service principals (managed identities included) and groups can be members.
pub fn member_add(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let group = group_ref(ctx, args)?;
    let member = member_id(args)?;
    ctx.world
        .add_group_member(group.object_id, member)
        .map_err(|e| args.model("--member-id", e))?;
    note_token_cache(ctx, member);
    Ok(Output::Nothing)
}

pub fn member_remove(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let group = group_ref(ctx, args)?;
    let member = member_id(args)?;
    ctx.world
        .remove_group_member(group.object_id, member)
        .map_err(|e| args.model("--member-id", e))?;
    note_token_cache(ctx, member);
    Ok(Output::Nothing)
}

/// EN-9.2, TK-3.8: Graph shows a membership change at once, but a managed identity keeps its
/// cached token, with the old group claims, for up to 24 hours; the playground's access checks
/// follow the token.
fn note_token_cache(ctx: &mut Ctx<'_>, member: Guid) {
    if let Some(sp) = ctx
        .world
        .directory
        .get(member)
        .filter(|sp| sp.source.is_managed_identity())
    {
        ctx.notes.push(format!(
            "{} is a managed identity: code that already holds a token keeps its old group membership until the token expires (up to 24 hours, TK-3.8), so its access checks see this change only after `mip wait 24h`; Graph (az ad group member list/check) shows it at once",
            sp.display_name
        ));
    }
}

/// The direct members, each in its own Graph shape with its `@odata.type`.
pub fn member_list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let group = group_ref(ctx, args)?;
    let list: Vec<Value> = group
        .members
        .iter()
        .filter_map(|m| graph_json::directory_object(ctx.world, m.object_id))
        .collect();
    Ok(Output::Json(Value::Array(list)))
}

/// EN-9.2: Graph's `checkMemberGroups`, which counts membership through nested groups.
pub fn member_check(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let group = group_ref(ctx, args)?;
    let member = member_id(args)?;
    if !ctx.world.directory.is_principal(member) {
        return Err(args.model("--member-id", graph_not_found(&member.to_string())));
    }
    let value = ctx
        .world
        .directory
        .groups_of(member)
        .contains(&group.object_id);
    Ok(Output::Json(json!({ "value": value })))
}
