//! `az ad user` and `az ad signed-in-user`: the tenant's user accounts (Microsoft Graph).

use serde_json::Value;

use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::graph_json;
use super::odata::ListQuery;
use crate::sim::account::AccountKind;
use crate::sim::directory::User;
use crate::sim::entra::graph_not_found;
use crate::sim::ids::Guid;
use crate::sim::world::World;

/// `--id`: a user principal name or an object id, as az passes either to Graph's `/users/{id}`.
fn user_ref(world: &World, args: &Args) -> Result<User, ScriptError> {
    let text = args.require("--id")?;
    let found = match Guid::parse(text) {
        Some(id) => world.directory.user(id),
        None => world.directory.user_by_upn(text),
    };
    found
        .cloned()
        .ok_or_else(|| args.model("--id", graph_not_found(text)))
}

pub fn create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let display_name = args.require("--display-name")?;
    let upn = args.require("--user-principal-name")?;
    let password = args.require("--password")?;
    let user = ctx
        .world
        .create_user(display_name, upn, password)
        .map_err(|e| {
            let flag = if e.message.contains("password") {
                "--password"
            } else {
                "--user-principal-name"
            };
            args.model(flag, e)
        })?;
    Ok(Output::Json(graph_json::user(&user)))
}

pub fn show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let user = user_ref(ctx.world, args)?;
    Ok(Output::Json(graph_json::user(&user)))
}

/// `--display-name` is a prefix (`startswith`), `--upn` exact, `--filter` OData.
pub fn list(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let query = ListQuery::from_args(args, "user", &["displayName", "userPrincipalName", "id"])?;
    let upn = args.get("--upn");
    let list: Vec<Value> = ctx
        .world
        .directory
        .users()
        .filter(|u| upn.is_none_or(|n| u.user_principal_name.eq_ignore_ascii_case(n)))
        .filter(|u| {
            query.keeps(
                &u.display_name,
                &[
                    ("displayName", &u.display_name),
                    ("userPrincipalName", &u.user_principal_name),
                    ("id", &u.object_id.to_string()),
                ],
            )
        })
        .map(graph_json::user)
        .collect();
    Ok(Output::Json(Value::Array(list)))
}

pub fn delete(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let user = user_ref(ctx.world, args)?;
    ctx.world
        .delete_user(user.object_id)
        .map_err(|e| args.model("--id", e))?;
    Ok(Output::Nothing)
}

/// SI-8.10: Graph's `/me` exists only for a signed-in user.
pub fn signed_in_user_show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let Some(account) = ctx.world.caller() else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            "Please run 'az login' to setup account.",
        ));
    };
    if account.kind != AccountKind::User {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::DelegatedOnly,
            "/me request is only valid with delegated authentication flow.\nHint: this machine is signed in as a service principal or managed identity; `az ad sp show --id <its client id>` shows that principal instead.",
        ));
    }
    let principal = account.principal_id;
    let user = ctx
        .world
        .directory
        .user(principal)
        .ok_or_else(|| args.model("--id", graph_not_found(&principal.to_string())))?;
    Ok(Output::Json(graph_json::user(user)))
}

#[cfg(test)]
mod tests {
    use crate::sim::account::{Account, AccountKind, Host};
    use crate::sim::script::error::ErrorKind;
    use crate::sim::script::session::Session;

    /// SI-8.10: "`az ad signed-in-user show` calls Microsoft Graph `/me`, which exists only for
    /// a signed-in user; as a service principal or managed identity it fails with `/me request
    /// is only valid with delegated authentication flow.`"
    #[test]
    fn si_8_10_me_fails_for_a_managed_identity() {
        let mut session = Session::run(
            "az group create -n rg1 -l eastus\naz vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity",
        );
        let vm = session
            .world
            .resources_named("vm1")
            .next()
            .map(|r| r.id.clone())
            .unwrap_or_default();
        let principal = session
            .world
            .resource(&vm)
            .and_then(|r| r.identity.system.as_ref())
            .map(|s| s.principal_id)
            .unwrap_or_default();
        session.world.host = Host::Resource(vm);
        session.world.sign_in(Account {
            principal_id: principal,
            name: "systemAssignedIdentity".into(),
            kind: AccountKind::ManagedIdentity {
                assigned_identity_info: "MSI".into(),
            },
            subscription: None,
        });
        let records = session.execute("az ad signed-in-user show").to_vec();
        let error = records[0].error.clone().expect("an error");
        assert_eq!(error.kind, ErrorKind::DelegatedOnly);
        assert!(error
            .message
            .starts_with("/me request is only valid with delegated authentication flow."));
    }
}
