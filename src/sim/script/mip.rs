//! The playground's own statements (`mip …`): access checks and assertions, token requests,
//! deny assignments, federated token exchange, and moving the simulated clock.

use serde_json::json;

use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use super::time::parse_duration;
use crate::sim::evaluate::{Outcome, Reason};
use crate::sim::event::Event;
use crate::sim::ids::Guid;
use crate::sim::operations::{self, Plane};
use crate::sim::rbac::Permissions;
use crate::sim::token::{audience_for, Selector, Token};

/// TK-3.1 / TK-3.5 selectors: at most one of `--client-id`, `--object-id`, `--msi-res-id`.
fn selector(ctx: &Ctx<'_>, args: &Args) -> Result<Selector, ScriptError> {
    let given: Vec<&str> = ["--client-id", "--object-id", "--msi-res-id"]
        .into_iter()
        .filter(|f| args.has(f))
        .collect();
    match given.as_slice() {
        [] => Ok(Selector::Default),
        ["--client-id"] => Ok(Selector::ClientId(args.get("--client-id").unwrap_or_default().to_string())),
        ["--object-id"] => Ok(Selector::ObjectId(args.get("--object-id").unwrap_or_default().to_string())),
        ["--msi-res-id"] => {
            let text = args.get("--msi-res-id").unwrap_or_default();
            // A name is a convenience: resolve it to the identity's ARM id when it exists.
            let id = if text.starts_with('/') {
                text.to_string()
            } else {
                resolve::user_identity_ref(ctx.world, text, None, args.pos_of("--msi-res-id"))?
            };
            Ok(Selector::ResourceId(id))
        }
        _ => Err(ScriptError::new(args.pos_of(given[1]), ErrorKind::InvalidValue, "a token request names at most one identity: use only one of --client-id, --object-id, --msi-res-id")),
    }
}

/// `--action`: a friendly name ("Read blobs") or an operation string.
fn operation(ctx: &mut Ctx<'_>, args: &Args) -> Result<String, ScriptError> {
    let op = operations::resolve(args.require("--action")?)
        .map_err(|message| args.invalid("--action", message))?;
    if operations::find(&op).is_none()
        && operations::plane_of(&op) == Plane::Control
        && !op.contains('*')
    {
        ctx.notes.push(format!("'{op}' is not in the playground's operation catalog; it is checked as a control-plane action"));
    }
    Ok(op)
}

/// `mip check --as`: a principal named as people know it. This is the playground's own
/// statement, so it is lenient where `az` is not: a user's UPN, or the display name, app id or
/// object id of a group or service principal (a unique display name of a user too).
fn principal_ref(ctx: &Ctx<'_>, args: &Args) -> Result<Guid, ScriptError> {
    let text = args.require("--as")?;
    let pos = args.pos_of("--as");
    let directory = &ctx.world.directory;
    if let Some(guid) = Guid::parse(text) {
        if directory.is_principal(guid) {
            return Ok(guid);
        }
        if let Some(sp) = directory.by_app_id(guid) {
            return Ok(sp.object_id);
        }
        return Err(ScriptError::new(
            pos,
            ErrorKind::NotFound,
            format!("no user, group or service principal has the id '{text}'"),
        ));
    }
    if let Some(user) = directory.user_by_upn(text) {
        return Ok(user.object_id);
    }
    let mut found: Vec<Guid> = directory
        .by_display_name(text)
        .map(|sp| sp.object_id)
        .collect();
    found.extend(
        directory
            .groups()
            .filter(|g| g.display_name.eq_ignore_ascii_case(text))
            .map(|g| g.object_id),
    );
    found.extend(
        directory
            .users()
            .filter(|u| u.display_name.eq_ignore_ascii_case(text))
            .map(|u| u.object_id),
    );
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(ScriptError::new(
            pos,
            ErrorKind::NotFound,
            format!("no user, group or service principal is called '{text}'"),
        )),
        many => Err(ScriptError::new(
            pos,
            ErrorKind::Ambiguous,
            format!(
                "'{text}' names {} principals; use an object id instead: {}",
                many.len(),
                many.iter()
                    .map(Guid::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// Runs the check behind `mip check` and `mip expect`: for `--from`, the token request
/// (TK-3.2) then RBAC (RB-4.4); for `--as`, RBAC for that principal directly (a user or an
/// application signs in with its own credentials, SI-8.1, SI-8.2).
fn decide(ctx: &mut Ctx<'_>, args: &Args) -> Result<crate::sim::evaluate::Decision, ScriptError> {
    let op = operation(ctx, args)?;
    let scope = resolve::scope_ref(ctx.world, args.require("--scope")?, args.pos_of("--scope"))?;
    let decision = match (args.has("--from"), args.has("--as")) {
        (true, true) => {
            return Err(ScriptError::new(
                args.pos_of("--as"),
                ErrorKind::InvalidValue,
                "give --from (a resource whose identity asks) or --as (a principal), not both",
            ));
        }
        (false, false) => {
            return Err(ScriptError::new(args.pos, ErrorKind::MissingArgument, format!("'{}' needs --from RESOURCE (its managed identity asks) or --as PRINCIPAL (a user, group or service principal)", args.spec.name())));
        }
        (false, true) => {
            if let Some(flag) = ["--client-id", "--object-id", "--msi-res-id"]
                .into_iter()
                .find(|f| args.has(f))
            {
                return Err(args.invalid(flag, "a token selector picks one of a resource's identities; it goes with --from, not --as"));
            }
            let principal = principal_ref(ctx, args)?;
            ctx.world.check_access(principal, &op, &scope)
        }
        (true, false) => {
            let from =
                resolve::resource_ref(ctx.world, args.require("--from")?, args.pos_of("--from"))?;
            let selector = selector(ctx, args)?;
            let audience = audience_for(&op, operations::plane_of(&op) == Plane::Data);
            let identity = ctx
                .world
                .request_token(&from.id, audience, &selector)
                .map(|t| t.identity);
            ctx.world.check_from(&from, identity, &op, &scope)
        }
    };
    ctx.world.announce_decision(&decision);
    Ok(decision)
}

pub fn check(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    decide(ctx, args).map(Output::Decision)
}

/// `mip expect allowed|denied [--reason CODE] …`: a failed expectation is an error.
pub fn expect(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let Some(word) = args.positional.first() else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            "'mip expect' needs 'allowed' or 'denied' first, e.g. mip expect denied --from vm1 …",
        ));
    };
    let expected = match word.text.as_str() {
        "allowed" => Outcome::Allowed,
        "denied" => Outcome::Denied,
        other => {
            return Err(ScriptError::new(
                word.pos,
                ErrorKind::InvalidValue,
                format!("'mip expect' takes 'allowed' or 'denied', not '{other}'"),
            ))
        }
    };
    let reason = match args.get("--reason") {
        None => None,
        Some(code) => Some(Reason::parse(code).ok_or_else(|| {
            let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
            let hint = crate::sim::suggest::closest(code, codes.iter().copied())
                .map(|s| format!("; did you mean '{s}'?"))
                .unwrap_or_default();
            args.invalid(
                "--reason",
                format!(
                    "'{code}' is not a reason code{hint} (codes: {})",
                    codes.join(", ")
                ),
            )
        })?),
    };
    let decision = decide(ctx, args)?;
    let outcome_ok = decision.outcome == expected;
    let reason_ok = reason.is_none_or(|r| r == decision.reason);
    if outcome_ok && reason_ok {
        return Ok(Output::Decision(decision));
    }
    let wanted = match reason {
        Some(r) => format!("{} ({})", expected.as_str(), r.code()),
        None => expected.as_str().to_string(),
    };
    Err(ScriptError::new(
        args.pos,
        ErrorKind::ExpectationFailed,
        format!(
            "expected {wanted}, but it was {} ({}): {}",
            decision.outcome.as_str(),
            decision.reason.code(),
            decision.explanation
        ),
    ))
}

/// `mip token --from R --resource AUDIENCE`: what the resource's code would get (TK-3.x).
pub fn token(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let from = resolve::resource_ref(ctx.world, args.require("--from")?, args.pos_of("--from"))?;
    let audience = args.require("--resource")?.to_string();
    let selector = selector(ctx, args)?;
    Ok(Output::Token(
        ctx.world.request_token(&from.id, &audience, &selector),
    ))
}

/// FI-6.1: exchanging an external token (e.g. GitHub Actions') for the identity's token. The
/// issuer, subject and audience must match one federated credential exactly.
pub fn federated_token(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let identity_id = resolve::user_identity_ref(
        ctx.world,
        args.require("--identity")?,
        None,
        args.pos_of("--identity"),
    )?;
    let issuer = args.require("--issuer")?;
    let subject = args.require("--subject")?;
    let audience = args
        .get("--audience")
        .unwrap_or("api://AzureADTokenExchange");
    let resource = args
        .get("--resource")
        .unwrap_or("https://management.azure.com/");
    let Some(identity) = ctx.world.resource(&identity_id).cloned() else {
        return Err(ScriptError::new(
            args.pos_of("--identity"),
            ErrorKind::NotFound,
            format!("no user-assigned identity '{identity_id}'"),
        ));
    };
    let matched = match &identity.details {
        crate::sim::resource::Details::UserIdentity { federated, .. } => {
            federated.iter().any(|f| {
                f.issuer == issuer
                    && f.subject == subject
                    && f.audiences.iter().any(|a| a == audience)
            })
        }
        _ => false,
    };
    if !matched {
        let error = crate::sim::token::TokenError {
            reason: crate::sim::token::TokenFailure::IdentityNotFound,
            status: 400,
            error: "invalid_request",
            message: format!(
                "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '{issuer}'. Assertion Subject: '{subject}'. Assertion Audience: '{audience}'."
            ),
        };
        ctx.world.emit(Event::TokenRequestFailed {
            requester_id: identity.id.clone(),
            code: error.reason.code(),
        });
        return Ok(Output::Token(Err(error)));
    }
    let mut token = ctx
        .world
        .request_token(&identity.id, resource, &Selector::Default);
    if let Ok(token) = &mut token {
        token.request = exchange_request(token, issuer, resource);
    }
    Ok(Output::Token(token))
}

/// FI-6.1: the workload presents its external token to Entra ID's token endpoint as a client
/// assertion; it does not call IMDS, which only code on an Azure resource can reach.
fn exchange_request(token: &Token, issuer: &str, resource: &str) -> String {
    format!(
        "POST https://login.microsoftonline.com/{}/oauth2/v2.0/token\nclient_id={}&scope={}/.default&grant_type=client_credentials&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=<token from {issuer}>",
        token.tenant_id,
        token.identity.client_id,
        resource.trim_end_matches('/'),
    )
}

/// RB-4.7: a deny assignment, which in Azure only Blueprints, managed applications or deployment
/// stacks can create.
pub fn deny_create(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let name = args.require("--name")?;
    let scope = resolve::scope_ref(ctx.world, args.require("--scope")?, args.pos_of("--scope"))?;
    let owned = |flag: &str| {
        args.values(flag)
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let permissions = Permissions {
        actions: owned("--actions"),
        not_actions: owned("--not-actions"),
        data_actions: owned("--data-actions"),
        not_data_actions: owned("--not-data-actions"),
    };
    let mut principals = Vec::new();
    for p in args.values("--principals") {
        principals.push(resolve::principal_ref(
            ctx.world,
            p,
            args.pos_of("--principals"),
        )?);
    }
    let mut excluded = Vec::new();
    for p in args.values("--exclude-principals") {
        excluded.push(resolve::principal_ref(
            ctx.world,
            p,
            args.pos_of("--exclude-principals"),
        )?);
    }
    let deny = ctx
        .world
        .create_deny_assignment(
            name,
            &scope,
            permissions,
            principals,
            excluded,
            args.has("--do-not-apply-to-child-scopes"),
        )
        .map_err(|e| args.model("--scope", e))?;
    let principals_json = if deny.principals.is_empty() {
        vec![json!({ "id": Guid::NIL.to_string(), "type": "SystemDefined" })]
    } else {
        deny.principals
            .iter()
            .map(|p| json!({ "id": p.to_string(), "type": "ServicePrincipal" }))
            .collect()
    };
    Ok(Output::Json(json!({
        "denyAssignmentName": deny.name,
        "doNotApplyToChildScopes": deny.do_not_apply_to_child_scopes,
        "excludePrincipals": deny.exclude_principals.iter().map(|p| json!({ "id": p.to_string(), "type": "ServicePrincipal" })).collect::<Vec<_>>(),
        "id": format!("{}/providers/Microsoft.Authorization/denyAssignments/{}", deny.scope, deny.id),
        "isSystemProtected": true,
        "name": deny.id.to_string(),
        "permissions": [{
            "actions": deny.permissions.actions,
            "dataActions": deny.permissions.data_actions,
            "notActions": deny.permissions.not_actions,
            "notDataActions": deny.permissions.not_data_actions,
        }],
        "principals": principals_json,
        "scope": deny.scope,
    })))
}

/// `mip wait 10m`: moves the simulated clock (token lifetimes, log times).
pub fn wait(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let Some(word) = args.positional.first() else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            "'mip wait' needs a duration such as 30s, 10m, 2h or 31d",
        ));
    };
    let seconds = parse_duration(&word.text).ok_or_else(|| {
        ScriptError::new(
            word.pos,
            ErrorKind::InvalidValue,
            format!(
                "'{}' is not a duration: write a number and a unit, e.g. 30s, 10m, 2h or 31d",
                word.text
            ),
        )
    })?;
    ctx.world.advance(seconds);
    Ok(Output::Nothing)
}

#[cfg(test)]
mod tests {
    use crate::sim::script::command::Output;
    use crate::sim::script::session::Session;

    /// FI-6.1: a federated exchange goes to Entra ID's token endpoint with the external token as
    /// a client assertion, not to the instance metadata service.
    #[test]
    fn a_federated_exchange_posts_a_client_assertion_to_entra_id() {
        let session = Session::run(
            "az group create -n rg -l eastus
az identity create -g rg -n deploy
az identity federated-credential create -g rg --identity-name deploy -n main --issuer https://token.actions.githubusercontent.com --subject repo:contoso/app:ref:refs/heads/main
mip federated-token --identity deploy --issuer https://token.actions.githubusercontent.com --subject repo:contoso/app:ref:refs/heads/main
",
        );
        let Some(Output::Token(Ok(token))) = session.records.last().map(|r| &r.output) else {
            panic!("a token: {:?}", session.records.last());
        };
        let (line, body) = token.request.split_once('\n').unwrap_or_default();
        assert_eq!(
            line,
            format!(
                "POST https://login.microsoftonline.com/{}/oauth2/v2.0/token",
                token.tenant_id
            )
        );
        assert!(body.starts_with(&format!(
            "client_id={}&scope=https://management.azure.com/.default&grant_type=client_credentials",
            token.identity.client_id
        )), "{body}");
        assert!(
            body.ends_with(
                "&client_assertion=<token from https://token.actions.githubusercontent.com>"
            ),
            "{body}"
        );
        assert!(!token.request.contains("169.254.169.254"));
    }
}
