//! The data planes of Storage and Key Vault, driven as a learner drives them: scripts of real `az`
//! commands run as the signed-in learner (Owner of the subscription), one test per rule id of
//! `azure-rules.md` (DP-11.x, with RB-4.6 and RB-4.10 where they meet the data plane).
//!
//! Denials are az's exact messages; snapshots (`expect-test`) show what a learner reads. Refresh
//! them with `UPDATE_EXPECT=1 cargo test --test data_plane`.

mod support;

use expect_test::expect;
use proptest::prelude::*;
use serde_json::Value;

use mip::sim::event::Event;
use mip::sim::ids::Guid;
use mip::sim::script::command::Output;
use mip::sim::script::error::ErrorKind;
use mip::sim::script::session::{Record, Session};
use mip::view::describe::event_text;
use support::{assert_no_failures, json, record, run};

// ----- helpers ---------------------------------------------------------------------------------

/// A storage account with a container, its id in `$storageId`, and the learner's object id in
/// `$me` (their Owner assignment at the subscription is listed there).
const SETUP: &str = "\
az group create -n rg1 -l eastus
az storage account create -g rg1 -n store1
az storage container create --account-name store1 -n photos
storageId=$(az storage account show -g rg1 -n store1 --query id -o tsv)
me=$(az role assignment list --query \"[?roleDefinitionName=='Owner'].principalId | [0]\" -o tsv)
";

/// The learner grants themselves a blob data role on the account.
const GRANT_BLOB_CONTRIBUTOR: &str = "az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"Storage Blob Data Contributor\" --scope $storageId\n";

fn with_setup(rest: &str) -> String {
    format!("{SETUP}{rest}")
}

/// The record of the statement on `line`.
fn at(session: &Session, line: usize) -> &Record {
    session
        .records
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("no statement on line {line}"))
}

/// The statements that failed, as `line: code`, in order.
fn failures(session: &Session) -> Vec<String> {
    session
        .records
        .iter()
        .filter_map(|r| {
            r.error
                .as_ref()
                .map(|e| format!("{}: {}", r.line, e.kind.code()))
        })
        .collect()
}

/// The error of the one statement containing `text`, which must have failed.
fn error_of(session: &Session, text: &str) -> (ErrorKind, String) {
    let r = record(session, text);
    let e = r
        .error
        .as_ref()
        .unwrap_or_else(|| panic!("'{}' should have failed", r.text));
    (e.kind, e.message.clone())
}

fn notes_of(session: &Session, text: &str) -> String {
    record(session, text).notes.join("\n")
}

fn learner(session: &Session) -> Guid {
    session.world.learner
}

// ----- DP-11.1 / DP-11.2 / RB-4.6: storage authorization modes ---------------------------------

/// DP-11.1: "`key` or omitted → an account key …, else az fetches it via ARM listKeys for each
/// command, warning `There are no credentials provided in your command and environment, we will
/// query for account key for your storage account.`"
#[test]
fn dp_11_1_without_credentials_az_reads_the_key_as_the_caller() {
    let s = run(&with_setup(
        "az storage blob upload --account-name store1 -c photos -n cat.txt --data meow\n\
         az storage blob download --account-name store1 -c photos -n cat.txt\n\
         az storage blob list --account-name store1 --container-name photos --query [].name -o tsv\n",
    ));
    let notes = notes_of(&s, "blob upload");
    assert!(notes.contains("There are no credentials provided in your command and environment, we will query for account key for your storage account."), "{notes}");
    assert_eq!(
        record(&s, "blob download").output,
        Output::Text("meow\n".into())
    );
    assert_eq!(json(&s, "blob list"), &serde_json::json!(["cat.txt"]));
    assert!(record(&s, "blob upload")
        .events
        .iter()
        .any(|e| matches!(e, Event::BlobWritten { name, .. } if name == "cat.txt")));
}

/// DP-11.1: "`login` → the signed-in principal's Entra token, which needs data roles (RB-4.6)".
#[test]
fn dp_11_1_login_mode_runs_as_the_signed_in_learner() {
    let s = run(&with_setup(&format!(
        "{GRANT_BLOB_CONTRIBUTOR}az storage blob upload --account-name store1 -c photos -n a.txt --data hello --auth-mode login\n"
    )));
    let upload = record(&s, "blob upload");
    assert!(upload.notes.is_empty(), "{:?}", upload.notes);
    let me = learner(&s);
    assert!(
        upload.events.iter().any(|e| matches!(
            e,
            Event::AccessDecided { principal_id: Some(p), allowed: true, .. } if *p == me
        )),
        "{:?}",
        upload.events
    );
}

/// DP-11.2 / RB-4.6: "`--auth-mode login` without a data role → … `You do not have the required
/// permissions needed to perform this operation.` … Owners get it too; with `--auth-mode key`
/// they succeed, since Owner/Contributor include listKeys."
#[test]
fn dp_11_2_rb_4_6_an_owner_without_a_data_role_is_refused_in_login_mode() {
    let s = Session::run(&with_setup(
        "az storage blob list --account-name store1 -c photos --auth-mode login\n\
         az storage blob list --account-name store1 -c photos --auth-mode key\n\
         az storage container create --account-name store1 -n logs --auth-mode login\n",
    ));
    assert_eq!(
        failures(&s),
        ["6: data-access-denied", "8: data-access-denied"]
    );
    let (_, message) = error_of(&s, "-c photos --auth-mode login");
    expect![[r#"
        You do not have the required permissions needed to perform this operation.
        Depending on your operation, you may need to be assigned one of the following roles:
            "Storage Blob Data Owner"
            "Storage Blob Data Contributor"
            "Storage Blob Data Reader"
            "Storage Queue Data Contributor"
            "Storage Queue Data Reader"
            "Storage Table Data Contributor"
            "Storage Table Data Reader"

        If you want to use the old authentication method and allow querying for the right account key, please use the "--auth-mode" parameter and "key" value."#]]
    .assert_eq(&message);
    let notes = notes_of(&s, "-c photos --auth-mode login");
    assert!(
        notes.contains("Control-plane roles such as Owner or Contributor do not grant data access"),
        "{notes}"
    );
    assert!(notes.contains("Storage Blob Data Reader"), "{notes}");
}

/// DP-11.1: "if that fails: `Skip querying account key due to failure: <error>`" — here the
/// caller may not list keys (a deny assignment blocks listKeys), so the request goes out unsigned.
#[test]
fn dp_11_1_skip_querying_account_key_when_list_keys_is_refused() {
    let s = Session::run(&with_setup(
        "mip deny-assignment create --name no-keys --scope $storageId --actions Microsoft.Storage/storageAccounts/listKeys/action\n\
         az storage blob list --account-name store1 -c photos\n",
    ));
    let (kind, message) = error_of(&s, "az storage blob list");
    assert_eq!(kind, ErrorKind::AuthenticationFailed);
    expect![[r#"
        Server failed to authenticate the request. Please refer to the information in the www-authenticate header.
        ErrorCode:NoAuthenticationInformation"#]]
    .assert_eq(&message);
    let notes = notes_of(&s, "az storage blob list");
    assert!(
        notes.contains("Skip querying account key due to failure: (AuthorizationFailed) The client 'learner@contoso.onmicrosoft.com' with object id"),
        "{notes}"
    );
    assert!(
        notes.contains("'Microsoft.Storage/storageAccounts/listKeys/action'"),
        "{notes}"
    );
}

// ----- DP-11.3 … DP-11.6: keys -----------------------------------------------------------------

/// DP-11.3: "`az storage account keys list` is the ARM POST `listKeys` and needs
/// `Microsoft.Storage/storageAccounts/listkeys/action` … An account has two 512-bit keys, `key1`
/// and `key2`."
#[test]
fn dp_11_3_keys_list_gives_two_keys_and_needs_list_keys() {
    let s = Session::run(&with_setup(
        "az storage account keys list -g rg1 -n store1\n\
         mip deny-assignment create --name no-keys --scope $storageId --actions Microsoft.Storage/storageAccounts/listKeys/action\n\
         az storage account keys list --account-name store1\n",
    ));
    let keys = json(&s, "keys list -g rg1 -n store1");
    let names: Vec<&str> = keys
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["key1", "key2"]);
    for key in keys.as_array().unwrap() {
        assert_eq!(
            key["value"].as_str().unwrap().len(),
            88,
            "64 bytes in base64"
        );
        assert_eq!(key["permissions"], "FULL");
    }
    let (kind, message) = error_of(&s, "keys list --account-name store1");
    assert_eq!(kind, ErrorKind::AuthorizationFailed);
    assert!(
        message.starts_with(
            "(AuthorizationFailed) The client 'learner@contoso.onmicrosoft.com' with object id '"
        ),
        "{message}"
    );
    assert!(message.contains("does not have authorization to perform action 'Microsoft.Storage/storageAccounts/listKeys/action' over scope '/subscriptions/"), "{message}");
    assert!(
        message.contains("\nCode: AuthorizationFailed\nMessage: The client"),
        "{message}"
    );
}

/// DP-11.4: "An account key gives full access to all data in the account, whatever the RBAC data
/// roles … A connection string (`…;AccountName=<acct>;AccountKey=<key>;…`) embeds a key."
#[test]
fn dp_11_4_a_key_or_connection_string_opens_all_data_whatever_the_roles() {
    let s = Session::run(&with_setup(
        "key=$(az storage account keys list -g rg1 -n store1 --query [0].value -o tsv)\n\
         cs=$(az storage account show-connection-string -g rg1 -n store1 --query connectionString -o tsv)\n\
         az storage blob upload --account-name store1 -c photos -n k.txt --data by-key --account-key $key\n\
         az storage blob list --connection-string $cs -c photos --query [].name -o tsv\n\
         az storage blob list --account-name store1 -c photos --auth-mode login\n",
    ));
    assert_eq!(
        failures(&s),
        ["10: data-access-denied"],
        "only the token needs a data role"
    );
    assert!(
        notes_of(&s, "--account-key $key").is_empty(),
        "no lookup: the key was given"
    );
    assert_eq!(
        json(&s, "--connection-string $cs"),
        &serde_json::json!(["k.txt"])
    );
    let cs = s.var("cs").unwrap();
    assert!(cs.starts_with("DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net;AccountName=store1;AccountKey="), "{cs}");
}

/// DP-11.5: "`az storage account keys renew --key primary|secondary` … replaces that key; every
/// client still using the old value (key, connection string …) fails until updated, hence the
/// two-key rotation."
#[test]
fn dp_11_5_renewing_a_key_breaks_every_holder_of_its_old_value() {
    let s = Session::run(&with_setup(
        "key1=$(az storage account keys list -g rg1 -n store1 --query [0].value -o tsv)\n\
         key2=$(az storage account keys list -g rg1 -n store1 --query [1].value -o tsv)\n\
         cs=$(az storage account show-connection-string -g rg1 -n store1 --query connectionString -o tsv)\n\
         az storage account keys renew -g rg1 -n store1 --key primary\n\
         az storage blob list --account-name store1 -c photos --account-key $key1\n\
         az storage blob list --connection-string $cs -c photos\n\
         az storage blob list --account-name store1 -c photos --account-key $key2\n\
         az storage blob list --account-name store1 -c photos\n",
    ));
    assert_eq!(
        failures(&s),
        ["10: authentication-failed", "11: authentication-failed"]
    );
    let (_, message) = error_of(&s, "--account-key $key1");
    expect![[r#"
        Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.
        ErrorCode:AuthenticationFailed"#]]
    .assert_eq(&message);
    assert!(notes_of(&s, "--account-key $key1").contains("it was renewed"));
    let renew = record(&s, "keys renew");
    let new_key1 = renew.json.as_ref().unwrap()[0]["value"].as_str().unwrap();
    assert_ne!(new_key1, s.var("key1").unwrap());
    assert_eq!(
        renew.json.as_ref().unwrap()[1]["value"].as_str().unwrap(),
        s.var("key2").unwrap(),
        "the other key is untouched"
    );
    assert!(renew.notes.join(" ").contains("key2 still works"));
    let sentences: Vec<String> = renew.events.iter().map(event_text).collect();
    expect![[r#"["Key key1 of storage account store1 renewed: its old value, and every connection string made from it, no longer works"]"#]].assert_eq(&format!("{sentences:?}"));
}

/// DP-11.6: "`az storage account update --allow-shared-key-access false` …: every request signed
/// with an account key … gets 403 `KeyBasedAuthenticationNotPermitted`: `Key based authentication
/// is not permitted on this storage account.`; Entra-authorized requests … keep working."
#[test]
fn dp_11_6_turning_shared_keys_off_refuses_keys_but_not_sign_in() {
    let s = Session::run(&with_setup(&format!(
        "{GRANT_BLOB_CONTRIBUTOR}key=$(az storage account keys list -g rg1 -n store1 --query [0].value -o tsv)\n\
         az storage account update -g rg1 -n store1 --allow-shared-key-access false\n\
         az storage blob list --account-name store1 -c photos --account-key $key\n\
         az storage blob list --account-name store1 -c photos --auth-mode login\n\
         az storage account update -g rg1 -n store1 --allow-shared-key-access true\n\
         az storage blob list --account-name store1 -c photos --account-key $key --query \"length(@)\"\n"
    )));
    assert_eq!(failures(&s), ["9: authentication-failed"]);
    let message = at(&s, 9).error.as_ref().unwrap().message.clone();
    expect![[r#"
        Key based authentication is not permitted on this storage account.
        ErrorCode:KeyBasedAuthenticationNotPermitted"#]]
    .assert_eq(&message);
    assert_eq!(json(&s, "access false")["allowSharedKeyAccess"], false);
    assert_eq!(json(&s, "access true")["allowSharedKeyAccess"], true);
    let off: Vec<String> = record(&s, "access false")
        .events
        .iter()
        .map(event_text)
        .collect();
    expect![[r#"["Storage account store1 refuses account keys and connection strings from now on; Entra ID sign-in keeps working"]"#]].assert_eq(&format!("{off:?}"));
}

/// DP-11.6: an account created with `--allow-shared-key-access false` refuses keys from the start,
/// so even az's own key lookup leads nowhere.
#[test]
fn dp_11_6_an_account_can_be_created_without_shared_keys() {
    let s = Session::run(
        "az group create -n rg1 -l eastus\n\
         az storage account create -g rg1 -n locked1 --allow-shared-key-access false\n\
         az storage container create --account-name locked1 -n c1\n",
    );
    assert_eq!(failures(&s), ["3: authentication-failed"]);
    assert_eq!(json(&s, "account create")["allowSharedKeyAccess"], false);
    assert!(
        record(&s, "account create").notes.is_empty(),
        "the flag is used, not ignored"
    );
}

// ----- containers and blobs ----------------------------------------------------------------------

/// RB-4.2 with DP-11.1: a role at a container applies to that container only, and deleting a
/// container deletes its blobs and the assignments scoped at it.
#[test]
fn rb_4_2_a_container_role_covers_that_container_only() {
    let s = Session::run(&with_setup(
        "az storage container create --account-name store1 -n docs\n\
         photos=$(az storage account show -g rg1 -n store1 --query id -o tsv)/blobServices/default/containers/photos\n\
         az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"Storage Blob Data Owner\" --scope $photos\n\
         az storage blob upload --account-name store1 -c photos -n p.txt --data x --auth-mode login\n\
         az storage blob upload --account-name store1 -c docs -n d.txt --data x --auth-mode login\n\
         az storage blob upload --account-name store1 -c photos -n p.txt --data y --auth-mode login\n\
         az storage blob upload --account-name store1 -c photos -n p.txt --data y --auth-mode login --overwrite\n\
         az storage container delete --account-name store1 -n photos --auth-mode login\n\
         az role assignment list --scope $photos\n",
    ));
    assert_eq!(
        failures(&s),
        ["10: data-access-denied", "11: conflict", "14: not-found"]
    );
    let exists = &at(&s, 11).error.as_ref().unwrap().message;
    assert_eq!(
        exists,
        "The specified blob already exists.\nErrorCode:BlobAlreadyExists"
    );
    let delete = record(&s, "container delete");
    assert_eq!(delete.json, Some(serde_json::json!({ "deleted": true })));
    let sentences: Vec<String> = delete.events.iter().map(event_text).collect();
    assert!(
        sentences
            .iter()
            .any(|t| t == "Blob container photos deleted from store1, with its blobs"),
        "{sentences:?}"
    );
    assert!(
        sentences
            .iter()
            .any(|t| t.contains("Storage Blob Data Owner") && t.contains("deleted with its scope")),
        "{sentences:?}"
    );
}

// ----- DP-11.8 … DP-11.13: Key Vault secrets ---------------------------------------------------

const VAULT: &str = "\
az group create -n rg1 -l eastus
az keyvault create -g rg1 -n kv1
vaultId=$(az keyvault show -n kv1 --query id -o tsv)
";

/// DP-11.8: "`az keyvault secret set|show|list|delete` … Under RBAC: set → `…/setSecret/action`,
/// show → `…/getSecret/action`, list → `…/readMetadata/action` (names and attributes, no
/// values), delete → `…/secrets/delete`."
#[test]
fn dp_11_8_secrets_under_rbac_need_key_vault_data_roles() {
    let s = Session::run(&format!(
        "{VAULT}az keyvault secret set --vault-name kv1 -n db-password --value s3cret\n\
         az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"Key Vault Secrets Officer\" --scope $vaultId\n\
         az keyvault secret set --vault-name kv1 --name db-password --value s3cret\n\
         az keyvault secret set --vault-name kv1 --name db-password --value n3w\n\
         az keyvault secret show --vault-name kv1 --name db-password\n\
         az keyvault secret list --vault-name kv1\n"
    ));
    assert_eq!(failures(&s), ["4: data-access-denied"]);
    let shown = json(&s, "secret show");
    assert_eq!(shown["value"], "n3w");
    let id = shown["id"].as_str().unwrap();
    let version = id
        .strip_prefix("https://kv1.vault.azure.net/secrets/db-password/")
        .unwrap();
    assert_eq!(version.len(), 32);
    assert!(version.bytes().all(|b| b.is_ascii_hexdigit()));
    let first = at(&s, 6).json.as_ref().unwrap()["id"].as_str().unwrap();
    assert_ne!(first, id, "every set makes a new version");
    let listed = json(&s, "secret list");
    assert_eq!(
        listed[0]["id"],
        "https://kv1.vault.azure.net/secrets/db-password"
    );
    assert!(listed[0].get("value").is_none(), "list never prints values");
}

/// DP-11.9: "RBAC-model denial: HTTP 403, code `Forbidden`, inner error code `ForbiddenByRbac`,
/// message lines … `Caller: appid=<appId>;oid=<oid>;iss=https://sts.windows.net/<tenant>/`,
/// `Action: '<dataAction>'`, `Resource: '<lower-cased vault id>/secrets/<name>'` …"
#[test]
fn dp_11_9_rbac_denial_names_the_caller_the_action_and_the_secret() {
    let s = Session::run(&format!(
        "{VAULT}az keyvault secret show --vault-name kv1 --name Api-Key\n"
    ));
    let (kind, message) = error_of(&s, "secret show");
    assert_eq!(kind, ErrorKind::DataAccessDenied);
    let me = learner(&s).to_string();
    let tenant = s.world.tenant_id().to_string();
    let vault_id = s.var("vaultId").unwrap().to_ascii_lowercase();
    let message = message
        .replace(&me, "<oid>")
        .replace(&tenant, "<tenant>")
        .replace(&vault_id, "<vault id>");
    expect![[r#"
        (Forbidden) Caller is not authorized to perform action on resource.
        If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.
        Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=<oid>;iss=https://sts.windows.net/<tenant>/
        Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'
        Resource: '<vault id>/secrets/api-key'
        Assignment: (not found)
        DenyAssignmentId: null
        DecisionReason: 'DeniedWithNoValidRBAC'
        Vault: kv1;location=eastus
        Code: Forbidden
        Message: Caller is not authorized to perform action on resource.
        If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.
        Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=<oid>;iss=https://sts.windows.net/<tenant>/
        Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'
        Resource: '<vault id>/secrets/api-key'
        Assignment: (not found)
        DenyAssignmentId: null
        DecisionReason: 'DeniedWithNoValidRBAC'
        Vault: kv1;location=eastus
        Inner error: {
            "code": "ForbiddenByRbac"
        }"#]]
    .assert_eq(&message);
}

/// DP-11.10 / RB-4.10: "Access-policy-model denial: … inner error code `AccessDenied` … `The user,
/// group or application 'appid=…;oid=…;iss=…' does not have secrets <get|list|set|delete>
/// permission on key vault '<name>;location=<region>'.`" Key Vault data roles do not count there.
#[test]
fn dp_11_10_rb_4_10_access_policies_decide_and_data_roles_do_not_count() {
    let s = Session::run(
        "az group create -n rg1 -l eastus\n\
         az keyvault create -g rg1 -n kv2 --enable-rbac-authorization false\n\
         vaultId=$(az keyvault show -n kv2 --query id -o tsv)\n\
         me=$(az role assignment list --query \"[?roleDefinitionName=='Owner'].principalId | [0]\" -o tsv)\n\
         az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"Key Vault Secrets Officer\" --scope $vaultId\n\
         az keyvault secret set --vault-name kv2 --name token --value t0k3n\n\
         az keyvault set-policy -n kv2 --object-id $me --secret-permissions get list set\n\
         az keyvault secret set --vault-name kv2 --name token --value t0k3n\n\
         az keyvault secret show --vault-name kv2 --name token --query value -o tsv\n\
         az keyvault secret delete --vault-name kv2 --name token\n",
    );
    assert_eq!(
        failures(&s),
        ["6: data-access-denied", "10: data-access-denied"]
    );
    let (_, denied) = error_of(&s, "secret delete");
    let me = learner(&s).to_string();
    let tenant = s.world.tenant_id().to_string();
    let first_line = denied
        .lines()
        .next()
        .unwrap()
        .replace(&me, "<oid>")
        .replace(&tenant, "<tenant>");
    expect!["(Forbidden) The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=<oid>;iss=https://sts.windows.net/<tenant>/' does not have secrets delete permission on key vault 'kv2;location=eastus'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287"].assert_eq(&first_line);
    assert!(
        denied.ends_with("\"code\": \"AccessDenied\"\n}"),
        "{denied}"
    );
    assert_eq!(json(&s, "secret show"), &Value::String("t0k3n".into()));
    assert!(notes_of(&s, "secret delete").contains("access policies"));
}

/// DP-11.11: "`az keyvault set-policy` … reads the vault first and, on an RBAC vault, refuses
/// without calling ARM: `Cannot set policies to a vault with '--enable-rbac-authorization'
/// specified`."
#[test]
fn dp_11_11_set_policy_on_an_rbac_vault_is_refused() {
    let s = Session::run(&format!(
        "{VAULT}me=$(az role assignment list --query \"[?roleDefinitionName=='Owner'].principalId | [0]\" -o tsv)\n\
         az keyvault set-policy -n kv1 --object-id $me --secret-permissions get\n\
         az keyvault show -n kv1 --query \"length(properties.accessPolicies)\"\n"
    ));
    let (kind, message) = error_of(&s, "set-policy");
    assert_eq!(kind, ErrorKind::Conflict);
    assert_eq!(
        message,
        "Cannot set policies to a vault with '--enable-rbac-authorization' specified"
    );
    assert!(
        record(&s, "set-policy").events.is_empty(),
        "nothing changed"
    );
    assert_eq!(json(&s, "accessPolicies"), &Value::from(0));
}

/// DP-11.13: "Soft delete is always on (retention 7–90 days, default 90) … a deleted secret's
/// name in a vault conflicts the same way."
#[test]
fn dp_11_13_a_deleted_secret_keeps_its_name_taken() {
    let s = Session::run(&format!(
        "{VAULT}az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"Key Vault Secrets Officer\" --scope $vaultId\n\
         az keyvault secret set --vault-name kv1 --name old --value 1\n\
         az keyvault secret delete --vault-name kv1 --name old\n\
         az keyvault secret set --vault-name kv1 --name old --value 2\n\
         az keyvault secret show --vault-name kv1 --name old\n\
         az keyvault secret list --vault-name kv1\n"
    ));
    assert_eq!(failures(&s), ["7: conflict", "8: not-found"]);
    let deleted = json(&s, "secret delete");
    assert_eq!(
        deleted["recoveryId"],
        "https://kv1.vault.azure.net/deletedsecrets/old"
    );
    assert_eq!(deleted["deletedDate"], "2026-01-01T00:00:06+00:00");
    assert_eq!(deleted["scheduledPurgeDate"], "2026-04-01T00:00:06+00:00");
    let (_, conflict) = error_of(&s, "--value 2");
    assert_eq!(conflict, "(Conflict) Secret old is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.");
    let (_, missing) = error_of(&s, "secret show");
    assert!(missing.starts_with(
        "(SecretNotFound) A secret with (name/id) old was not found in this key vault."
    ));
    assert_eq!(json(&s, "secret list"), &Value::Array(Vec::new()));
    let sentences: Vec<String> = record(&s, "secret delete")
        .events
        .iter()
        .map(event_text)
        .filter(|t| t.starts_with("Secret"))
        .collect();
    expect![[r#"["Secret old deleted from key vault kv1; it stays recoverable and its name stays taken"]"#]].assert_eq(&format!("{sentences:?}"));
}

/// DP-11.13: "Purging needs the purge permission": a recovered secret comes back with its value;
/// a purged one is gone and frees its name. Key Vault Secrets User may read but not purge.
#[test]
fn dp_11_13_recover_brings_a_secret_back_and_purge_frees_its_name() {
    let s = Session::run(&format!(
        "{VAULT}az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"Key Vault Secrets Officer\" --scope $vaultId\n\
         az keyvault secret set --vault-name kv1 --name api --value first\n\
         az keyvault secret delete --vault-name kv1 --name api\n\
         az keyvault secret recover --vault-name kv1 --name api\n\
         az keyvault secret show --vault-name kv1 --name api --query value -o tsv\n\
         az keyvault secret delete --vault-name kv1 --name api\n\
         az keyvault secret purge --vault-name kv1 --name api\n\
         az keyvault secret recover --vault-name kv1 --name api\n\
         az keyvault secret set --vault-name kv1 --name api --value second\n\
         az keyvault secret delete --vault-name kv1 --name api\n\
         az role assignment delete --assignee learner@contoso.onmicrosoft.com --role \"Key Vault Secrets Officer\" --scope $vaultId\n\
         az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"Key Vault Secrets User\" --scope $vaultId\n\
         az keyvault secret purge --vault-name kv1 --name api\n"
    ));
    assert_eq!(failures(&s), ["11: not-found", "16: data-access-denied"]);
    assert_eq!(at(&s, 8).json, Some(Value::String("first".into())));
    assert!(
        at(&s, 7)
            .json
            .as_ref()
            .is_some_and(|j| j.get("value").is_none()),
        "recover prints no value"
    );
    assert_eq!(
        at(&s, 11).error.as_ref().map(|e| e.message.as_str()),
        Some("(SecretNotFound) Secret not found: api")
    );
    let purged: Vec<String> = at(&s, 10)
        .events
        .iter()
        .map(event_text)
        .filter(|t| t.contains("purged"))
        .collect();
    expect![[
        r#"["Deleted secret api purged from key vault kv1: gone for good, its name is free"]"#
    ]]
    .assert_eq(&format!("{purged:?}"));
    assert!(at(&s, 16).error.as_ref().is_some_and(|e| e
        .message
        .contains("Action: 'Microsoft.KeyVault/vaults/secrets/purge/action'")));
}

// ----- the same evaluator as `mip check` ----------------------------------------------------------

/// Roles the learner may hold in the generated worlds, and where.
const ROLES: [&str; 6] = [
    "Storage Blob Data Reader",
    "Storage Blob Data Contributor",
    "Storage Blob Data Owner",
    "Storage Account Contributor",
    "Reader",
    "Key Vault Secrets User",
];
const SCOPES: [&str; 3] = [
    "$storageId",
    "$photos",
    "/subscriptions/$sub/resourceGroups/rg1",
];

/// A data command and the data action (and scope variable) it is decided by.
const STORAGE_COMMANDS: [(&str, &str); 4] = [
    (
        "az storage blob list --account-name store1 -c photos --auth-mode login",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
    ),
    (
        "az storage blob upload --account-name store1 -c photos -n f.txt --data x --overwrite --auth-mode login",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
    ),
    (
        "az storage blob download --account-name store1 -c photos -n seed.txt --auth-mode login",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
    ),
    (
        "az storage blob delete --account-name store1 -c photos -n seed.txt --auth-mode login",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
    ),
];

/// The decision `mip check --as` prints for the learner, run after everything else.
fn mip_check(session: &mut Session, action: &str, scope: &str) -> mip::sim::evaluate::Decision {
    let ran = session
        .execute(&format!(
            "mip check --as learner@contoso.onmicrosoft.com --action {action} --scope {scope}\n"
        ))
        .to_vec();
    match ran.as_slice() {
        [Record {
            output: Output::Decision(decision),
            ..
        }] => decision.clone(),
        other => panic!("mip check printed no decision: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// RB-4.6, DP-11.1, EN-9.2: whatever roles the learner holds, directly or through a group, a
    /// login-mode blob command succeeds exactly when `mip check --as` the learner allows its data
    /// action at the container.
    #[test]
    fn storage_data_commands_agree_with_mip_check(
        grants in proptest::collection::btree_set((0..ROLES.len(), 0..SCOPES.len(), any::<bool>()), 0..3),
        command in 0..STORAGE_COMMANDS.len(),
    ) {
        let mut script = with_setup(
            "sub=$(az account show --query id -o tsv)\n\
             photos=$storageId/blobServices/default/containers/photos\n\
             az storage blob upload --account-name store1 -c photos -n seed.txt --data seed\n\
             team=$(az ad group create --display-name team --mail-nickname team --query id -o tsv)\n\
             az ad group member add --group team --member-id $me\n",
        );
        for (role, scope, through_group) in &grants {
            let assignee = if *through_group {
                "$team"
            } else {
                "learner@contoso.onmicrosoft.com"
            };
            script.push_str(&format!(
                "az role assignment create --assignee {assignee} --role \"{}\" --scope {}\n",
                ROLES[*role], SCOPES[*scope]
            ));
        }
        let (text, action) = STORAGE_COMMANDS[command];
        let mut session = Session::run(&script);
        assert_no_failures("setup", &session.records);
        let ran = session.execute(&format!("{text}\n")).to_vec();
        let decision = mip_check(&mut session, action, "$photos");
        prop_assert_eq!(ran[0].error.is_none(), decision.allowed(), "{} — {}", text, decision.explanation);
    }

    /// RB-4.10 and DP-11.8: under either permission model, a secret command is authorized exactly
    /// when `mip check --as` the learner allows its data action at the secret.
    #[test]
    fn secret_commands_agree_with_mip_check(
        rbac in any::<bool>(),
        role in proptest::option::of(prop::sample::select(vec!["Key Vault Secrets User", "Key Vault Secrets Officer", "Key Vault Reader", "Owner"])),
        policy in proptest::option::of(prop::sample::subsequence(vec!["get", "list", "set", "delete"], 1..4)),
        command in 0..4usize,
    ) {
        let mut script = String::from(
            "az group create -n rg1 -l eastus\n\
             az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false\n\
             vaultId=$(az keyvault show -n kv1 --query id -o tsv)\n\
             me=$(az role assignment list --query \"[?roleDefinitionName=='Owner'].principalId | [0]\" -o tsv)\n"
        );
        if let Some(permissions) = &policy {
            script.push_str(&format!("az keyvault set-policy -n kv1 --object-id $me --secret-permissions {}\n", permissions.join(" ")));
        }
        if rbac {
            script.push_str("az keyvault update -n kv1 --enable-rbac-authorization true\n");
        }
        if let Some(role) = role {
            script.push_str(&format!("az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"{role}\" --scope $vaultId\n"));
        }
        let commands = [
            ("az keyvault secret set --vault-name kv1 -n s1 --value v", "Microsoft.KeyVault/vaults/secrets/setSecret/action", "$vaultId/secrets/s1"),
            ("az keyvault secret show --vault-name kv1 -n s1", "Microsoft.KeyVault/vaults/secrets/getSecret/action", "$vaultId/secrets/s1"),
            ("az keyvault secret list --vault-name kv1", "Microsoft.KeyVault/vaults/secrets/readMetadata/action", "$vaultId"),
            ("az keyvault secret delete --vault-name kv1 -n s1", "Microsoft.KeyVault/vaults/secrets/delete", "$vaultId/secrets/s1"),
        ];
        let (text, action, scope) = commands[command];
        let mut session = Session::run(&script);
        assert_no_failures("setup", &session.records);
        let ran = session.execute(&format!("{text}\n")).to_vec();
        let decision = mip_check(&mut session, action, scope);
        // A secret that does not exist is reported only after the request is authorized.
        let authorized = ran[0].error.as_ref().is_none_or(|e| e.kind != ErrorKind::DataAccessDenied);
        prop_assert_eq!(authorized, decision.allowed(), "{} — {}", text, decision.explanation);
    }
}
