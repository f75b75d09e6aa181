//! Who a data-plane command runs as, and how the services refuse it: the signed-in account of
//! the machine the statement runs on (SI-8.7), checked by the same evaluator as `mip check`
//! (RB-4.4), so a data command and `mip check` always agree.
//!
//! Every data-plane check is recorded as an `AccessDecided` event, as `mip check` records its
//! own, so the timeline and the diagram show why a command was allowed or refused.

use super::az_account::AZURE_CLI_APP_ID;
use super::command::{Args, Ctx};
use super::error::{ErrorKind, ScriptError};
use crate::sim::account::{Account, AccountKind};
use crate::sim::evaluate::Decision;
use crate::sim::scope::Scope;

/// SI-8.7, SI-8.9: az's answer when nobody is signed in.
pub const NOT_SIGNED_IN: &str = "Please run 'az login' to setup account.";

/// The account signed in where the statement runs, or az's "Please run 'az login'".
pub fn caller(ctx: &Ctx<'_>, args: &Args) -> Result<Account, ScriptError> {
    ctx.world
        .caller()
        .cloned()
        .ok_or_else(|| ScriptError::new(args.pos, ErrorKind::NotSignedIn, NOT_SIGNED_IN))
}

/// Decides `operation` at `scope` for the account, and records the decision as an event.
pub fn decide(ctx: &mut Ctx<'_>, account: &Account, operation: &str, scope: &Scope) -> Decision {
    let decision = ctx
        .world
        .check_access(account.principal_id, operation, scope);
    ctx.world.announce_decision(&decision);
    decision
}

/// The `appid` of the account's tokens: the Azure CLI's for a user, the principal's own
/// application (client) id for a service principal or managed identity.
pub fn token_app_id(ctx: &Ctx<'_>, account: &Account) -> String {
    match account.kind {
        AccountKind::User => AZURE_CLI_APP_ID.to_string(),
        AccountKind::ServicePrincipal | AccountKind::ManagedIdentity { .. } => ctx
            .world
            .directory
            .get(account.principal_id)
            .map(|sp| sp.app_id.to_string())
            .unwrap_or_else(|| account.principal_id.to_string()),
    }
}

/// The token issuer a data-plane service quotes (v1 tokens, as az gets them).
pub fn issuer(ctx: &Ctx<'_>) -> String {
    format!("https://sts.windows.net/{}/", ctx.world.tenant_id())
}

/// Why Azure Resource Manager refused a management operation.
pub struct Refusal {
    /// ARM's `AuthorizationFailed`, as az prints it (AU-10.1).
    pub message: String,
    /// The evaluator's explanation, for a note.
    pub explanation: String,
}

/// AU-10.1 / AU-10.2: whether ARM refuses the account a management operation (such as
/// listKeys) at `scope`. Management checks are not recorded as events: authorizing management
/// commands is the management plane's business, and az's own key lookup runs on every
/// key-mode command.
pub fn management_refusal(
    ctx: &Ctx<'_>,
    account: &Account,
    operation: &str,
    scope: &Scope,
) -> Option<Refusal> {
    let decision = ctx
        .world
        .check_access(account.principal_id, operation, scope);
    if decision.allowed() {
        return None;
    }
    // The client is the UPN for a user and the object id otherwise (AU-10.1).
    let client = match account.kind {
        AccountKind::User => account.name.clone(),
        AccountKind::ServicePrincipal | AccountKind::ManagedIdentity { .. } => {
            account.principal_id.to_string()
        }
    };
    let text = format!(
        "The client '{client}' with object id '{}' does not have authorization to perform action '{operation}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.",
        account.principal_id
    );
    Some(Refusal {
        message: format!(
            "(AuthorizationFailed) {text}\nCode: AuthorizationFailed\nMessage: {text}"
        ),
        explanation: decision.explanation,
    })
}

/// A management operation as the caller, or ARM's `AuthorizationFailed` with the evaluator's
/// explanation as a note.
pub fn authorize_management(
    ctx: &mut Ctx<'_>,
    args: &Args,
    account: &Account,
    operation: &str,
    scope: &Scope,
) -> Result<(), ScriptError> {
    match management_refusal(ctx, account, operation, scope) {
        None => Ok(()),
        Some(refusal) => {
            ctx.notes.push(refusal.explanation);
            Err(ScriptError::new(
                args.pos,
                ErrorKind::AuthorizationFailed,
                refusal.message,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::account::{Account, AccountKind};
    use crate::sim::script::command::Output;
    use crate::sim::script::error::ErrorKind;
    use crate::sim::script::session::{Record, Session};

    const SETUP: &str = "\
az group create -n rg1 -l eastus
az storage account create -g rg1 -n store1
az storage container create --account-name store1 -n photos
az keyvault create -g rg1 -n kv1
az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity
vm=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
photos=$(az storage account show -g rg1 -n store1 --query id -o tsv)/blobServices/default/containers/photos
az role assignment create --assignee $vm --role 'Storage Blob Data Reader' --scope $photos
";

    fn only(records: &[Record]) -> &Record {
        match records {
            [one] => one,
            _ => panic!("expected one statement, got {}", records.len()),
        }
    }

    /// SI-8.9 with DP-11.1: on a machine nobody is signed in to, login mode and Key Vault fail
    /// with az's "Please run 'az login'", and key mode skips the key lookup with that failure.
    #[test]
    fn dp_11_1_a_signed_out_machine_has_no_caller() {
        let mut session = Session::run(SETUP);
        assert!(session.records.iter().all(|r| r.error.is_none()));
        session.world.sign_out();
        for statement in [
            "az storage blob list --account-name store1 -c photos --auth-mode login",
            "az keyvault secret list --vault-name kv1",
            "az storage account keys list -g rg1 -n store1",
        ] {
            let ran = session.execute(statement).to_vec();
            let error = only(&ran).error.clone().expect("refused");
            assert_eq!(error.kind, ErrorKind::NotSignedIn, "{statement}");
            assert_eq!(error.message, super::NOT_SIGNED_IN);
        }
        let ran = session
            .execute("az storage blob list --account-name store1 -c photos")
            .to_vec();
        let record = only(&ran);
        assert_eq!(
            record.error.as_ref().map(|e| e.kind),
            Some(ErrorKind::AuthenticationFailed)
        );
        assert!(record.notes.iter().any(|n| {
            n == "Skip querying account key due to failure: Please run 'az login' to setup account."
        }));
    }

    /// RB-4.4: signed in with a VM's managed identity, data commands are decided as `mip check
    /// --from` that VM decides, and Key Vault names the identity's own app id as the caller.
    #[test]
    fn data_commands_as_a_managed_identity_agree_with_mip_check() {
        let mut session = Session::run(SETUP);
        assert!(session.records.iter().all(|r| r.error.is_none()));
        let vm = crate::sim::ids::Guid::parse(session.var("vm").unwrap_or_default())
            .expect("the VM's principal id");
        session.world.sign_in(Account {
            principal_id: vm,
            name: "systemAssignedIdentity".to_string(),
            kind: AccountKind::ManagedIdentity {
                assigned_identity_info: "MSI".to_string(),
            },
            subscription: None,
        });
        let pairs = [
            ("az storage blob list --account-name store1 -c photos --auth-mode login", "mip check --from vm1 --action 'Read blobs' --scope $photos"),
            ("az storage blob upload --account-name store1 -c photos -n a --data b --auth-mode login", "mip check --from vm1 --action 'Write blobs' --scope $photos"),
            ("az keyvault secret list --vault-name kv1", "mip check --from vm1 --action Microsoft.KeyVault/vaults/secrets/readMetadata/action --scope kv1"),
        ];
        for (command, check) in pairs {
            let done = only(session.execute(command)).error.is_none();
            let ran = session.execute(check).to_vec();
            let Output::Decision(decision) = &only(&ran).output else {
                panic!("{check} printed no decision");
            };
            assert_eq!(
                done,
                decision.allowed(),
                "{command}: {}",
                decision.explanation
            );
        }
        let ran = session
            .execute("az keyvault secret list --vault-name kv1")
            .to_vec();
        let app_id = session.world.directory.get(vm).map(|sp| sp.app_id);
        let message = only(&ran).error.clone().expect("refused").message;
        assert!(
            message.contains(&format!(
                "Caller: appid={};oid={vm};",
                app_id.unwrap_or_default()
            )),
            "{message}"
        );
    }
}
