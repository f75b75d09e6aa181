//! `az account management-group`, `az group` and `az resource`: management groups, the
//! subscription's resource groups, and generic views of resources.

use serde_json::{json, Value};

use super::arm_json;
use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::resolve;

pub fn management_group_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let name = args.require("--name")?;
    let group = ctx
        .world
        .create_management_group(name, args.get("--display-name"), args.get("--parent"))
        .map_err(|e| args.model("--parent", e))?
        .clone();
    Ok(Output::Json(json!({
        "displayName": group.display_name,
        "id": format!("/providers/Microsoft.Management/managementGroups/{}", group.name),
        "name": group.name,
        "type": "Microsoft.Management/managementGroups",
    })))
}

pub fn management_group_subscription_add(
    ctx: &mut Ctx<'_>,
    args: &Args,
) -> Result<Output, ScriptError> {
    let name = args.require("--name")?;
    let sub_text = args.require("--subscription")?;
    let sub = ctx
        .world
        .subscriptions
        .iter()
        .find(|s| {
            s.id.to_string().eq_ignore_ascii_case(sub_text) || s.name.eq_ignore_ascii_case(sub_text)
        })
        .map(|s| s.id)
        .ok_or_else(|| {
            ScriptError::new(
                args.pos_of("--subscription"),
                ErrorKind::NotFound,
                format!("Subscription '{sub_text}' not found."),
            )
        })?;
    ctx.world
        .move_subscription(sub, name)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Nothing)
}

pub fn group_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let name = args.require("--name")?;
    let location = args.require("--location")?;
    let group = ctx
        .world
        .create_group(name, location)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Json(arm_json::group(group)))
}

pub fn group_show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let name = args.require("--name")?;
    let group = ctx
        .world
        .require_group(name)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Json(arm_json::group(group)))
}

pub fn group_exists(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let name = args.require("--name")?;
    Ok(Output::Json(json!(ctx.world.group(name).is_some())))
}

pub fn group_list(ctx: &mut Ctx<'_>, _args: &Args) -> Result<Output, ScriptError> {
    Ok(Output::Json(Value::Array(
        ctx.world.groups().map(arm_json::group).collect(),
    )))
}

pub fn group_delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let name = args.require("--name")?;
    ctx.world
        .delete_group(name)
        .map_err(|e| args.model("--name", e))?;
    Ok(Output::Nothing)
}

pub fn resource_list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let name = args.get("--name");
    let group = args.get("--resource-group");
    if let Some(g) = group {
        ctx.world
            .require_group(g)
            .map_err(|e| args.model("--resource-group", e))?;
    }
    let kind = args.get("--resource-type");
    let location = args.get("--location");
    let list: Vec<Value> = ctx
        .world
        .resources()
        .filter(|r| name.is_none_or(|n| r.name.eq_ignore_ascii_case(n)))
        .filter(|r| group.is_none_or(|g| r.group.eq_ignore_ascii_case(g)))
        .filter(|r| kind.is_none_or(|k| r.kind.arm_type().eq_ignore_ascii_case(k)))
        .filter(|r| location.is_none_or(|l| r.location.eq_ignore_ascii_case(l)))
        .map(|r| arm_json::generic_resource(ctx.world, r))
        .collect();
    Ok(Output::Json(Value::Array(list)))
}

pub fn resource_show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let id = args.require("--ids")?;
    let resource = resolve::az_resource_id(ctx.world, id, args.pos_of("--ids"))?;
    Ok(Output::Json(arm_json::generic_resource(
        ctx.world, &resource,
    )))
}

pub fn resource_delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let id = args.require("--ids")?;
    let resource = resolve::az_resource_id(ctx.world, id, args.pos_of("--ids"))?;
    ctx.world
        .delete_resource(&resource.id)
        .map_err(|e| args.model("--ids", e))?;
    Ok(Output::Nothing)
}
