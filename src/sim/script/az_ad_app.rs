//! `az ad app`: app registrations (EN-9.3) and their client secrets (EN-9.8).

use serde_json::{json, Value};

use super::command::{Args, Ctx, Output};
use super::error::ScriptError;
use super::graph_json;
use super::odata::ListQuery;
use super::resolve;
use super::time::{add_years, parse_date};
use crate::sim::directory::Application;
use crate::sim::entra::graph_not_found;
use crate::sim::ids::Guid;
use crate::sim::world::World;

/// EN-9.6: what az prints beside every new secret.
pub const CREDENTIAL_WARNING: &str = "The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli";

/// az's warning when a directory listing has neither a filter nor `--all`.
pub const INCOMPLETE_LIST_WARNING: &str = "The result is not complete. You can still use '--all' to get all of them with long latency expected, or provide a filter through command arguments";

/// EN-9.3: az's note when `create` finds an application with the display name.
pub fn patch_note(application: &Application) -> String {
    format!(
        "Found an existing application instance: (id) {}. We will patch it.",
        application.object_id
    )
}

/// An application by application (client) id or object id, as az's `--id` takes either.
pub fn application_ref(
    world: &World,
    text: &str,
    args: &Args,
    flag: &str,
) -> Result<Application, ScriptError> {
    let found = Guid::parse(text).and_then(|id| {
        world
            .directory
            .application_by_app_id(id)
            .or_else(|| world.directory.application(id))
    });
    found
        .cloned()
        .ok_or_else(|| args.model(flag, graph_not_found(text)))
}

/// EN-9.8: the end of a new secret's validity: `--end-date`, or `--years` (default 1) from the
/// simulated now; the two exclude each other. Certificate flags are refused here, before
/// anything changes.
pub fn credential_end(world: &World, args: &Args) -> Result<u64, ScriptError> {
    if let Some(flag) = ["--cert", "--create-cert", "--keyvault"]
        .into_iter()
        .find(|f| args.has(f))
    {
        return Err(args.invalid(
            flag,
            format!("{flag}: certificate credentials are not modeled in the playground; leave it out to get a client secret"),
        ));
    }
    match (args.get("--years"), args.get("--end-date")) {
        (Some(_), Some(_)) => Err(args.invalid("--end-date", "usage error: --years | --end-date")),
        (Some(years), None) => match years.parse::<u64>() {
            Ok(n) if (1..=100).contains(&n) => Ok(add_years(world.now, n)),
            _ => Err(args.invalid(
                "--years",
                format!("--years takes a whole number of years such as 1 or 2, not '{years}'"),
            )),
        },
        (None, Some(date)) => parse_date(date).ok_or_else(|| {
            args.invalid(
                "--end-date",
                format!("--end-date takes a date such as 2027-06-30 or 2027-06-30T12:00:00Z, not '{date}'"),
            )
        }),
        (None, None) => Ok(add_years(world.now, 1)),
    }
}

/// EN-9.8: `{appId, password, tenant}`, the only place the secret's value ever appears.
pub fn reset_output(
    ctx: &mut Ctx<'_>,
    application: &Application,
    args: &Args,
) -> Result<Output, ScriptError> {
    let end = credential_end(ctx.world, args)?;
    let credential = ctx
        .world
        .add_password(
            application.object_id,
            args.get("--display-name"),
            end,
            args.has("--append"),
        )
        .map_err(|e| args.model("--end-date", e))?;
    ctx.notes.push(CREDENTIAL_WARNING.to_string());
    Ok(Output::Json(json!({
        "appId": application.app_id.to_string(),
        "password": credential.secret,
        "tenant": ctx.world.tenant_id().to_string(),
    })))
}

/// EN-9.3: creates only the application (no service principal), or patches the one with this
/// display name.
pub fn create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let display_name = args.require("--display-name")?;
    let (application, created) = ctx.world.ensure_application(display_name);
    if !created {
        ctx.notes.push(patch_note(&application));
    }
    Ok(Output::Json(graph_json::application(&application)))
}

pub fn show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let id = args.require("--id")?;
    let application = application_ref(ctx.world, id, args, "--id")?;
    Ok(Output::Json(graph_json::application(&application)))
}

pub fn list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let query = ListQuery::from_args(args, "application", &["displayName", "appId", "id"])?;
    let app_id = args
        .get("--app-id")
        .map(|a| resolve::guid(a, args.pos_of("--app-id"), "--app-id"))
        .transpose()?;
    let mine = args
        .has("--show-mine")
        .then(|| ctx.world.caller().map(|a| a.principal_id));
    if query.narrows_nothing() && app_id.is_none() && mine.is_none() && !args.has("--all") {
        ctx.notes.push(INCOMPLETE_LIST_WARNING.to_string());
    }
    let list: Vec<Value> = ctx
        .world
        .directory
        .applications()
        .filter(|a| app_id.is_none_or(|id| a.app_id == id))
        .filter(|a| mine.is_none_or(|me| me.is_some_and(|me| a.owners.contains(&me))))
        .filter(|a| {
            query.keeps(
                &a.display_name,
                &[
                    ("displayName", &a.display_name),
                    ("appId", &a.app_id.to_string()),
                    ("id", &a.object_id.to_string()),
                ],
            )
        })
        .map(graph_json::application)
        .collect();
    Ok(Output::Json(Value::Array(list)))
}

/// EN-9.3: its service principal goes with it.
pub fn delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let id = args.require("--id")?;
    let application = application_ref(ctx.world, id, args, "--id")?;
    ctx.world
        .delete_application(application.object_id)
        .map_err(|e| args.model("--id", e))?;
    Ok(Output::Nothing)
}

/// EN-9.8: `az ad app credential reset --id <appId>`.
pub fn credential_reset(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let id = args.require("--id")?;
    let application = application_ref(ctx.world, id, args, "--id")?;
    reset_output(ctx, &application, args)
}

/// Lists the secrets by hint and dates, never their values (EN-9.6).
pub fn credential_list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let id = args.require("--id")?;
    let application = application_ref(ctx.world, id, args, "--id")?;
    Ok(Output::Json(Value::Array(
        application
            .passwords
            .iter()
            .map(graph_json::password_credential)
            .collect(),
    )))
}
