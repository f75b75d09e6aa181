//! `az login`, `az logout` and `az account show|list|set`: the az account signed in on the
//! machine the statement runs on (SI-8.1 … SI-8.9, SI-8.11), and the sign-in log (LG-7.2).
//!
//! Invariant: an account is stored only for a principal that exists, with a subscription it holds
//! some role in, or as a tenant-level account when `--allow-no-subscriptions` asked for one.

use serde_json::{json, Value};

use super::command::{Args, Ctx, Output};
use super::data_auth;
use super::error::{ErrorKind, ScriptError};
use crate::sim::account::{Account, AccountKind, Host};
use crate::sim::event::SignInKind;
use crate::sim::ids::Guid;
use crate::sim::scope::{text_contains, Scope};
use crate::sim::token::Selector;
use crate::sim::world::{Subscription, World, TENANT_DOMAIN};

/// The Azure CLI's own application (client) id: user sign-ins are to it.
pub const AZURE_CLI_APP_ID: Guid = Guid::from_u128(0x04b0_7795_8ddb_461a_bbee_02f9_e1bf_7b46);
/// The audience az asks for at sign-in: Azure Resource Manager.
const ARM_AUDIENCE: &str = "https://management.core.windows.net/";
const CLOUD: &str = "AzureCloud";
/// SI-8.6: the name of a tenant-level account.
const TENANT_LEVEL_NAME: &str = "N/A(tenant level account)";
const SP_USAGE: &str =
    "usage error: --service-principal --username NAME --password SECRET --tenant TENANT";
/// SI-8.1: az's warning for `-u`/`-p` (the public cloud enforces MFA from September 1, 2025).
const PASSWORD_WARNING: &str = "WARNING: Starting September 1, 2025, MFA will be gradually enforced for Azure public cloud. The authentication with username and password in the command line is not supported with MFA. Consider using one of the compatible authentication methods.";

/// The subscriptions a principal can see: those it (or a group it is in, EN-9.2; for a managed
/// identity, as its cached token has them, TK-3.8) holds a role in, at the subscription, inside
/// it, or above it (SI-8.6).
fn visible_subscriptions(world: &World, principal: Guid) -> Vec<Subscription> {
    let mut principals = world.directory.effective_groups_of(principal, world.now);
    principals.push(principal);
    world
        .subscriptions
        .iter()
        .filter(|s| {
            let text = format!("/subscriptions/{}", s.id);
            let above: Vec<String> = Scope::parse(&text)
                .map(|scope| {
                    world
                        .scope_chain(&scope)
                        .into_iter()
                        .map(|step| step.scope.key())
                        .collect()
                })
                .unwrap_or_default();
            world
                .assignments()
                .iter()
                .filter(|a| principals.contains(&a.principal_id))
                .any(|a| {
                    text_contains(&text, &a.scope) || above.contains(&a.scope.to_ascii_lowercase())
                })
        })
        .cloned()
        .collect()
}

/// SI-8.7: one account object as `az account show` (`environmentName`) or `az login` /
/// `az account list` (`cloudName`) print it.
fn account_json(
    world: &World,
    account: &Account,
    subscription: Option<&Subscription>,
    is_default: bool,
    cloud_key: &str,
) -> Value {
    let tenant = world.tenant_id().to_string();
    let mut user = json!({ "name": account.name, "type": account.user_type() });
    if let AccountKind::ManagedIdentity {
        assigned_identity_info,
    } = &account.kind
    {
        user["assignedIdentityInfo"] = json!(assigned_identity_info);
    }
    let (id, name) = match subscription {
        Some(s) => (s.id.to_string(), s.name.clone()),
        None => (tenant.clone(), TENANT_LEVEL_NAME.to_string()),
    };
    let mut object = json!({
        "homeTenantId": tenant,
        "id": id,
        "isDefault": is_default,
        "managedByTenants": [],
        "name": name,
        "state": "Enabled",
        "tenantId": tenant,
        "user": user,
    });
    object[cloud_key] = json!(CLOUD);
    object
}

/// The account objects `az login` and `az account list` print (SI-8.7).
fn account_list_json(world: &World, account: &Account) -> Value {
    let visible = visible_subscriptions(world, account.principal_id);
    if account.subscription.is_none() || visible.is_empty() {
        return json!([account_json(world, account, None, true, "cloudName")]);
    }
    Value::Array(
        visible
            .iter()
            .map(|s| {
                let is_default = account.subscription == Some(s.id);
                account_json(world, account, Some(s), is_default, "cloudName")
            })
            .collect(),
    )
}

fn sign_in_failed(args: &Args, message: impl Into<String>) -> ScriptError {
    ScriptError::new(args.pos, ErrorKind::SignInFailed, message)
}

/// SI-8.6: stores the account with its first visible subscription, or a tenant-level account
/// when asked, or fails with az's message for the kind of principal.
fn store(ctx: &mut Ctx<'_>, args: &Args, mut account: Account) -> Result<Output, ScriptError> {
    let visible = visible_subscriptions(ctx.world, account.principal_id);
    account.subscription = visible.first().map(|s| s.id);
    if account.subscription.is_none() && !args.has("--allow-no-subscriptions") {
        return Err(sign_in_failed(
            args,
            match account.kind {
                AccountKind::ManagedIdentity { .. } => "No access was configured for the managed identity, hence no subscriptions were found. If this is expected, use '--allow-no-subscriptions' to have tenant level access.".to_string(),
                _ => format!("No subscriptions found for {}.", account.name),
            },
        ));
    }
    ctx.world.sign_in(account.clone());
    Ok(Output::Json(account_list_json(ctx.world, &account)))
}

/// `az login` in all its forms.
pub fn login(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    if args.has("--identity") {
        login_identity(ctx, args)
    } else if args.has("--service-principal") {
        login_service_principal(ctx, args)
    } else if args.has("--username") {
        login_user(ctx, args)
    } else {
        login_interactive(ctx, args)
    }
}

/// SI-8.1: the browser (or, with `--use-device-code`, a code typed on another device) signs a
/// user in. The playground has no browser: its own machine is the learner's, already signed in.
fn login_interactive(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    if let Host::Resource(id) = &ctx.world.host {
        let name = id.rsplit('/').next().unwrap_or(id);
        return Err(sign_in_failed(
            args,
            format!("an interactive sign-in (browser or device code) cannot be completed on '{name}' in the playground; sign in with the resource's managed identity: az login --identity"),
        ));
    }
    let learner = ctx.world.learner;
    let already = ctx
        .world
        .caller()
        .is_some_and(|a| a.principal_id == learner);
    ctx.notes.push("the playground's own machine is signed in as the learner (learner@contoso.onmicrosoft.com), as if the browser sign-in had completed".to_string());
    if !already {
        ctx.world.log_sign_in(
            crate::sim::world::CALLER,
            learner,
            AZURE_CLI_APP_ID,
            ARM_AUDIENCE,
            SignInKind::User,
        );
    }
    let account = Account {
        principal_id: learner,
        name: crate::sim::world::CALLER.to_string(),
        kind: AccountKind::User,
        subscription: None,
    };
    store(ctx, args, account)
}

/// SI-8.1: `-u UPN -p PASSWORD` for a user, with az's MFA warning.
///
/// Users in the directory have no password yet, so any password is accepted for a user who
/// exists; the user must exist (AADSTS50034).
fn login_user(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let upn = args.require("--username")?;
    if !args.has("--password") {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            "'az login --username' needs --password (-p): the playground cannot prompt for one",
        ));
    }
    ctx.notes.push(PASSWORD_WARNING.to_string());
    let Some(user) = ctx.world.directory.user_by_upn(upn).cloned() else {
        return Err(sign_in_failed(
            args,
            format!("AADSTS50034: The user account {upn} does not exist in the '{TENANT_DOMAIN}' directory. To sign into this application, the account must be added to the directory."),
        ));
    };
    let account = Account {
        principal_id: user.object_id,
        name: user.user_principal_name.clone(),
        kind: AccountKind::User,
        subscription: None,
    };
    signed_in_with_credentials(
        ctx,
        args,
        account,
        &user.user_principal_name,
        AZURE_CLI_APP_ID,
        SignInKind::User,
    )
}

/// SI-8.2, SI-8.3, SI-8.11: an application's service principal, with a secret checked against
/// the application's client secrets, a certificate or a federated token.
fn login_service_principal(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let usage = || ScriptError::new(args.pos, ErrorKind::MissingArgument, SP_USAGE);
    let app_text = args.get("--username").ok_or_else(usage)?;
    let tenant = args.get("--tenant").ok_or_else(usage)?;
    if !args.has("--password") && !args.has("--certificate") && !args.has("--federated-token") {
        return Err(usage());
    }
    let tenant_id = ctx.world.tenant_id();
    if !(tenant.eq_ignore_ascii_case(TENANT_DOMAIN) || Guid::parse(tenant) == Some(tenant_id)) {
        return Err(sign_in_failed(
            args,
            format!("AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."),
        ));
    }
    let not_found = || {
        sign_in_failed(
            args,
            format!("AADSTS700016: Application with identifier '{app_text}' was not found in the directory '{TENANT_DOMAIN}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
        )
    };
    let app = Guid::parse(app_text)
        .and_then(|id| ctx.world.directory.application_by_app_id(id))
        .cloned()
        .ok_or_else(not_found)?;
    let principal = ctx
        .world
        .directory
        .by_app_id(app.app_id)
        .cloned()
        .ok_or_else(not_found)?;
    if let Some(secret) = args.get("--password") {
        let now = ctx.world.now;
        match app.passwords.iter().find(|p| p.secret == secret) {
            Some(p) if p.expired(now) => {
                return Err(sign_in_failed(args, format!("AADSTS7000222: The provided client secret keys for app '{}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.", app.app_id)));
            }
            Some(_) => {}
            None => {
                let certificate = [".pem", ".pfx", ".crt"]
                    .iter()
                    .any(|ext| secret.to_ascii_lowercase().ends_with(ext));
                let addition = if certificate {
                    "\n--password no longer accepts a service principal certificate. To pass a service principal certificate, use --certificate instead."
                } else {
                    ""
                };
                return Err(sign_in_failed(args, format!("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{}'.{addition}", app.app_id)));
            }
        }
    } else if args.has("--certificate") {
        ctx.notes.push("the playground keeps no certificates, so it cannot check this one; it is accepted as the application's credential".to_string());
    } else {
        ctx.notes.push("the external token is not checked here; 'mip federated-token' shows whether an issuer and subject match a federated credential (FI-6.1)".to_string());
    }
    let account = Account {
        principal_id: principal.object_id,
        name: app.app_id.to_string(),
        kind: AccountKind::ServicePrincipal,
        subscription: None,
    };
    signed_in_with_credentials(
        ctx,
        args,
        account,
        &app.display_name,
        app.app_id,
        SignInKind::ServicePrincipal,
    )
}

/// Logs a user's or service principal's sign-in to ARM (LG-7.2) under `identity` through the
/// application `app_id`, and keeps the account on this machine. A managed identity's sign-in is
/// logged per token instead, by `World::request_token`.
fn signed_in_with_credentials(
    ctx: &mut Ctx<'_>,
    args: &Args,
    account: Account,
    identity: &str,
    app_id: Guid,
    kind: SignInKind,
) -> Result<Output, ScriptError> {
    ctx.world
        .log_sign_in(identity, account.principal_id, app_id, ARM_AUDIENCE, kind);
    store(ctx, args, account)
}

/// SI-8.4, SI-8.5: the host's managed identity, from its identity endpoint (TK-3.2's choice when
/// no ID is given).
fn login_identity(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    if ["--password", "--service-principal", "--tenant"]
        .iter()
        .any(|f| args.has(f))
    {
        return Err(args.invalid(
            "--identity",
            "usage error: '--identity' is not applicable with other arguments",
        ));
    }
    if args.has("--username") {
        return Err(args.invalid("--username", "Passing the managed identity ID with --username is no longer supported. Use --client-id, --object-id or --resource-id instead."));
    }
    let given: Vec<(&str, &str)> = ["--client-id", "--object-id", "--resource-id"]
        .into_iter()
        .filter_map(|f| args.get(f).map(|v| (f, v)))
        .collect();
    let (selector, name, info) = match given.as_slice() {
        [] => (
            Selector::Default,
            "systemAssignedIdentity",
            "MSI".to_string(),
        ),
        [("--client-id", v)] => (
            Selector::ClientId(v.to_string()),
            "userAssignedIdentity",
            format!("MSIClient-{v}"),
        ),
        [("--object-id", v)] => (
            Selector::ObjectId(v.to_string()),
            "userAssignedIdentity",
            format!("MSIObject-{v}"),
        ),
        [(_, v)] => (
            Selector::ResourceId(v.to_string()),
            "userAssignedIdentity",
            format!("MSIResource-{v}"),
        ),
        _ => {
            return Err(args.invalid(
                given[1].0,
                "Usage error: Provide only one of --client-id, --object-id, --resource-id.",
            ))
        }
    };
    let Host::Resource(host) = ctx.world.host.clone() else {
        return Err(sign_in_failed(
            args,
            "Failed to connect to MSI. Please make sure MSI is configured correctly and check the network connection.\n(The learner's machine has no managed identity endpoint. Run the statements on a resource first, as a tutorial's \"SSH to the VM\" does: mip on <resource>.)",
        ));
    };
    let token = ctx
        .world
        .request_token(&host, ARM_AUDIENCE, &selector)
        .map_err(|e| sign_in_failed(args, format!("{} {}: {}", e.status, e.error, e.message)))?;
    let account = Account {
        principal_id: token.identity.principal_id,
        name: name.to_string(),
        kind: AccountKind::ManagedIdentity {
            assigned_identity_info: info,
        },
        subscription: None,
    };
    store(ctx, args, account)
}

/// SI-8.9: removes the current machine's account.
pub fn logout(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let Some(current) = ctx.world.caller() else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::NotSignedIn,
            "There are no active accounts.",
        ));
    };
    if let Some(other) = args
        .get("--username")
        .filter(|u| !u.eq_ignore_ascii_case(&current.name))
    {
        ctx.notes.push(format!(
            "'{other}' is not signed in on this machine; nothing was signed out"
        ));
        return Ok(Output::Nothing);
    }
    ctx.world.sign_out();
    Ok(Output::Nothing)
}

/// SI-8.7.
pub fn account_show(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = data_auth::caller(ctx, args)?;
    let subscription = account
        .subscription
        .and_then(|id| ctx.world.subscriptions.iter().find(|s| s.id == id));
    Ok(Output::Json(account_json(
        ctx.world,
        &account,
        subscription,
        true,
        "environmentName",
    )))
}

/// SI-8.7: with nobody signed in az warns and lists nothing.
pub fn account_list(ctx: &mut Ctx<'_>, _args: &Args) -> Result<Output, ScriptError> {
    let Some(account) = ctx.world.caller().cloned() else {
        ctx.notes
            .push("Please run \"az login\" to access your accounts.".to_string());
        return Ok(Output::Json(json!([])));
    };
    Ok(Output::Json(account_list_json(ctx.world, &account)))
}

/// SI-8.8: chooses the subscription by id or name, case-insensitively; it grants nothing.
pub fn account_set(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let account = data_auth::caller(ctx, args)?;
    let wanted = args.require("--subscription")?.to_ascii_lowercase();
    let found: Vec<Guid> = visible_subscriptions(ctx.world, account.principal_id)
        .into_iter()
        .filter(|s| s.id.to_string() == wanted || s.name.to_ascii_lowercase() == wanted)
        .map(|s| s.id)
        .collect();
    match found.as_slice() {
        [one] => {
            ctx.world.set_account_subscription(*one);
            Ok(Output::Nothing)
        }
        [] => Err(ScriptError::new(
            args.pos_of("--subscription"),
            ErrorKind::NotFound,
            format!("The subscription of '{wanted}' doesn't exist in cloud '{CLOUD}'."),
        )),
        _ => Err(ScriptError::new(
            args.pos_of("--subscription"),
            ErrorKind::Ambiguous,
            format!("The subscription of '{wanted}' has more than one match in cloud '{CLOUD}'."),
        )),
    }
}

#[cfg(test)]
mod tests {
    //! Service-principal sign-in with secrets of chosen values and end dates: these tests put an
    //! app registration in the directory directly (`tests/principals.rs` runs the same through
    //! `az ad sp create-for-rbac`).

    use super::*;
    use crate::sim::directory::{
        Application, PasswordCredential, PrincipalSource, ServicePrincipal,
    };
    use crate::sim::script::session::Session;

    const APP: &str = "11111111-2222-4333-8444-555555555555";
    const SECRET: &str = "s3cret~value";
    const OLD: &str = "old~value";

    /// A session whose directory holds app `deploy-bot` (secrets SECRET, and OLD which expired),
    /// its service principal, and `extra` role assignments run by the learner.
    fn session_with_app(extra: &str) -> Session {
        let mut session = Session::new();
        let app_id = Guid::parse(APP).unwrap_or_default();
        let now = session.world.now;
        let credential = |secret: &str, end: u64| PasswordCredential {
            key_id: Guid::NIL,
            secret: secret.to_string(),
            display_name: None,
            start: now,
            end,
        };
        session.world.directory.insert_application(Application {
            object_id: Guid::from_u128(1),
            app_id,
            display_name: "deploy-bot".to_string(),
            passwords: vec![credential(SECRET, now + 3600), credential(OLD, now)],
            owners: Vec::new(),
            created_at: now,
        });
        session.world.directory.insert(ServicePrincipal {
            object_id: Guid::from_u128(2),
            app_id,
            display_name: "deploy-bot".to_string(),
            source: PrincipalSource::Application {
                application_id: Guid::from_u128(1),
            },
            created_at: now,
        });
        session.execute(extra);
        session
    }

    fn login(secret: &str) -> String {
        format!("az login --service-principal -u {APP} -p {secret} --tenant {TENANT_DOMAIN}")
    }

    /// SI-8.2: the secret is checked against the application's client secrets; the account is
    /// named by the app id, typed servicePrincipal; the sign-in is logged as a service principal's.
    #[test]
    fn si_8_2_service_principal_signs_in_with_a_client_secret() {
        let mut session = session_with_app(
            "az role assignment create --assignee-object-id 00000000-0000-0000-0000-000000000002 --assignee-principal-type ServicePrincipal --role Reader --scope /subscriptions/$(az account show --query id -o tsv)\n",
        );
        let records = session.execute(&format!(
            "{}\naz account show --query user\n",
            login(SECRET)
        ));
        assert!(records.iter().all(|r| r.error.is_none()), "{records:?}");
        assert_eq!(
            records[1].json,
            Some(json!({ "name": APP, "type": "servicePrincipal" }))
        );
        let entry = session.world.sign_ins.last().cloned();
        assert_eq!(
            entry.map(|e| (e.kind, e.identity)),
            Some((SignInKind::ServicePrincipal, "deploy-bot".to_string()))
        );
    }

    /// SI-8.11: a wrong secret and an expired one fail with Entra's messages.
    #[test]
    fn si_8_11_wrong_and_expired_secrets_are_refused() {
        let mut session = session_with_app("");
        let wrong = session.execute(&login("guess")).to_vec();
        let expired = session.execute(&login(OLD)).to_vec();
        let message = |records: &[crate::sim::script::session::Record]| {
            records[0]
                .error
                .as_ref()
                .map(|e| (e.kind, e.message.clone()))
        };
        assert_eq!(
            message(&wrong),
            Some((ErrorKind::SignInFailed, format!("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{APP}'.")))
        );
        assert_eq!(
            message(&expired),
            Some((ErrorKind::SignInFailed, format!("AADSTS7000222: The provided client secret keys for app '{APP}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.")))
        );
        assert_eq!(
            session.world.caller().map(|a| a.name.as_str()),
            Some(crate::sim::world::CALLER),
            "the learner stays signed in"
        );
    }

    /// SI-8.6: a service principal with no role anywhere has no subscriptions.
    #[test]
    fn si_8_6_a_service_principal_without_roles_has_no_subscriptions() {
        let mut session = session_with_app("");
        let records = session.execute(&login(SECRET)).to_vec();
        assert_eq!(
            records[0].error.as_ref().map(|e| e.message.clone()),
            Some(format!("No subscriptions found for {APP}."))
        );
    }
}
