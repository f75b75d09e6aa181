//! The command table: every `az` and `mip` command the playground runs, with its flags.
//!
//! This one table drives parsing, `--help`, suggestions and the console's completion, so a
//! command exists exactly when it is listed here.

use super::az_account as account;
use super::az_ad_app as app;
use super::az_ad_group as adgroup;
use super::az_ad_sp as sp;
use super::az_ad_user as user;
use super::az_general as general;
use super::az_keyvault as keyvault;
use super::az_keyvault_secret as secret;
use super::az_resources as res;
use super::az_role as role;
use super::az_storage_data as data;
use super::az_storage_keys as keys;
use super::command::{
    any, ignored, ignored_switch, many, opt, req, switch, CommandSpec, FlagSpec, Output,
};
use super::host;
use super::mip;

const RG: FlagSpec = req(&["--resource-group", "-g"], "name of the resource group");
const RG_OPT: FlagSpec = opt(&["--resource-group", "-g"], "name of the resource group");
const NAME: FlagSpec = req(&["--name", "-n"], "name of the resource");
const NAME_OPT: FlagSpec = opt(
    &["--name", "-n"],
    "name of the resource (with --resource-group)",
);
const IDS: FlagSpec = opt(
    &["--ids"],
    "ARM id of the resource (instead of --name and --resource-group)",
);
const LOCATION: FlagSpec = opt(
    &["--location", "-l"],
    "Azure region (defaults to the resource group's)",
);
const YES: FlagSpec = ignored_switch(&["--yes", "-y"]);
const ASSIGN_IDENTITY: FlagSpec = any(&["--assign-identity"], "identities to assign: [system] for the system-assigned identity, and names or ids of user-assigned identities; alone, [system]");
const ROLE_FOR_SYSTEM: FlagSpec = opt(
    &["--role"],
    "role for the system-assigned identity (with --scope)",
);
const SCOPE_FOR_SYSTEM: FlagSpec = opt(
    &["--scope"],
    "ARM id of the scope of --role for the system-assigned identity",
);
const IDENTITIES: FlagSpec = any(
    &["--identities"],
    "[system] and/or user-assigned identity names or ids; default [system]",
);

/// Flags of `az <type> show|delete`.
const BY_NAME: &[FlagSpec] = &[
    NAME_OPT,
    RG_OPT,
    IDS,
    YES,
    ignored_switch(&["--force-deletion"]),
];
/// Flags of `az <type> identity assign|remove|show`.
/// `--slot` is refused, not ignored: a slot has an identity of its own (MI-1.2), which the
/// playground does not model, and ignoring the flag would change the production app instead.
const IDENTITY_FLAGS: &[FlagSpec] = &[
    NAME_OPT,
    RG_OPT,
    IDS,
    IDENTITIES,
    ROLE_FOR_SYSTEM,
    SCOPE_FOR_SYSTEM,
    YES,
    opt(&["--slot"], "deployment slot: not modeled (refused)"),
];

const VM_CREATE: &[FlagSpec] = &[
    NAME,
    RG,
    LOCATION,
    ASSIGN_IDENTITY,
    ROLE_FOR_SYSTEM,
    SCOPE_FOR_SYSTEM,
    ignored(&["--image"]),
    ignored(&["--admin-username"]),
    ignored(&["--admin-password"]),
    ignored_switch(&["--generate-ssh-keys"]),
    ignored(&["--ssh-key-values"]),
    ignored(&["--size"]),
    ignored(&["--authentication-type"]),
    ignored(&["--public-ip-address"]),
    ignored(&["--public-ip-sku"]),
    ignored(&["--vnet-name"]),
    ignored(&["--subnet"]),
    ignored(&["--nsg"]),
    ignored(&["--os-disk-size-gb"]),
    ignored(&["--storage-sku"]),
    ignored(&["--zone", "-z"]),
    ignored(&["--tags"]),
    ignored(&["--security-type"]),
    ignored(&["--instance-count"]),
    ignored(&["--upgrade-policy-mode"]),
    ignored(&["--orchestration-mode"]),
    ignored(&["--vm-sku"]),
    ignored(&["--lb"]),
    ignored(&["--custom-data"]),
];

const UPDATE: &[FlagSpec] = &[NAME_OPT, RG_OPT, IDS, many(&["--set"], "PATH=VALUE pairs; identity.type=None|SystemAssigned|UserAssigned|'SystemAssigned, UserAssigned'"), ignored(&["--add"]), ignored(&["--remove"])];

const SITE_COMMON: &[FlagSpec] = &[
    NAME,
    RG,
    opt(&["--plan", "-p"], "App Service plan name or id"),
    ASSIGN_IDENTITY,
    ROLE_FOR_SYSTEM,
    SCOPE_FOR_SYSTEM,
    ignored(&["--runtime", "-r"]),
    ignored(&["--deployment-container-image-name", "-i"]),
    ignored(&["--container-image-name"]),
    ignored(&["--startup-file"]),
    ignored(&["--tags"]),
    ignored_switch(&["--https-only"]),
    ignored(&["--basic-auth"]),
];

const FUNCTIONAPP_CREATE: &[FlagSpec] = &[
    NAME,
    RG,
    opt(&["--plan", "-p"], "App Service plan name or id"),
    req(
        &["--storage-account", "-s"],
        "storage account the function app keeps its state in",
    ),
    opt(
        &["--consumption-plan-location", "-c"],
        "region of a consumption plan (instead of --plan)",
    ),
    opt(
        &["--flexconsumption-location"],
        "region of a Flex Consumption plan (instead of --plan)",
    ),
    ASSIGN_IDENTITY,
    ROLE_FOR_SYSTEM,
    SCOPE_FOR_SYSTEM,
    ignored(&["--runtime"]),
    ignored(&["--runtime-version"]),
    ignored(&["--functions-version"]),
    ignored(&["--os-type"]),
    ignored(&["--app-insights"]),
    ignored_switch(&["--disable-app-insights"]),
    ignored(&["--tags"]),
];

const PLAN_CREATE: &[FlagSpec] = &[
    NAME,
    RG,
    LOCATION,
    ignored(&["--sku"]),
    ignored_switch(&["--is-linux"]),
    ignored(&["--number-of-workers"]),
    ignored(&["--tags"]),
];

const STORAGE_CREATE: &[FlagSpec] = &[
    NAME,
    RG,
    LOCATION,
    switch(
        &["--assign-identity"],
        "enable the system-assigned identity",
    ),
    opt(
        &["--identity-type"],
        "SystemAssigned, UserAssigned or 'SystemAssigned,UserAssigned'",
    ),
    many(&["--user-identity-id"], "user-assigned identity to attach"),
    ignored(&["--sku"]),
    ignored(&["--kind"]),
    ignored(&["--access-tier"]),
    ignored(&["--allow-blob-public-access"]),
    opt(
        &["--allow-shared-key-access"],
        "false: refuse requests signed with an account key (DP-11.6)",
    ),
    ignored(&["--min-tls-version"]),
    ignored_switch(&["--hns"]),
    ignored(&["--tags"]),
];

/// How a storage data command authorizes (DP-11.1).
const AUTH_MODE: FlagSpec = opt(
    &["--auth-mode"],
    "key (default: an account key, looked up with listKeys if none is given) or login (your Entra ID token and data roles)",
);
const ACCOUNT_KEY: FlagSpec = opt(&["--account-key"], "an account key (key mode)");
const CONNECTION_STRING: FlagSpec = opt(
    &["--connection-string"],
    "a connection string with AccountName and AccountKey (key mode)",
);
const ACCOUNT_NAME: FlagSpec = opt(
    &["--account-name"],
    "storage account (or AccountName in --connection-string)",
);
const CONTAINER_FLAGS: &[FlagSpec] = &[
    ACCOUNT_NAME,
    NAME,
    RG_OPT,
    AUTH_MODE,
    ACCOUNT_KEY,
    CONNECTION_STRING,
    ignored(&["--public-access"]),
    ignored(&["--metadata"]),
];
const CONTAINER_LIST: &[FlagSpec] = &[
    ACCOUNT_NAME,
    RG_OPT,
    AUTH_MODE,
    ACCOUNT_KEY,
    CONNECTION_STRING,
    ignored(&["--prefix"]),
    ignored(&["--num-results"]),
];
const CONTAINER_NAME: FlagSpec = req(&["--container-name", "-c"], "blob container");
const BLOB_FLAGS: &[FlagSpec] = &[
    ACCOUNT_NAME,
    CONTAINER_NAME,
    opt(&["--name", "-n"], "blob name"),
    RG_OPT,
    AUTH_MODE,
    ACCOUNT_KEY,
    CONNECTION_STRING,
    opt(
        &["--file", "-f"],
        "local file (the playground cannot read it: a placeholder is stored, or nothing is written)",
    ),
    opt(&["--data"], "the blob's content, as text"),
    switch(&["--overwrite"], "replace a blob that exists"),
    ignored(&["--content-type"]),
    ignored(&["--type", "-t"]),
    ignored(&["--prefix"]),
    ignored(&["--num-results"]),
];
const KEYS_FLAGS: &[FlagSpec] = &[
    opt(&["--account-name", "-n"], "storage account"),
    RG_OPT,
    opt(&["--key"], "primary (key1) or secondary (key2)"),
    ignored(&["--expand"]),
];
const CONNECTION_STRING_FLAGS: &[FlagSpec] = &[
    NAME_OPT,
    RG_OPT,
    IDS,
    opt(&["--key"], "primary (key1, default) or secondary (key2)"),
    ignored(&["--protocol"]),
    ignored(&["--blob-endpoint"]),
];
const STORAGE_UPDATE: &[FlagSpec] = &[
    NAME_OPT,
    RG_OPT,
    IDS,
    opt(
        &["--allow-shared-key-access"],
        "false: refuse requests signed with an account key; true: accept them",
    ),
    ignored(&["--sku"]),
    ignored(&["--access-tier"]),
    ignored(&["--allow-blob-public-access"]),
    ignored(&["--min-tls-version"]),
    ignored(&["--public-network-access"]),
    ignored(&["--tags"]),
];
const SECRET_FLAGS: &[FlagSpec] = &[
    req(&["--vault-name"], "key vault"),
    NAME,
    opt(&["--value"], "the secret's value"),
    opt(
        &["--file", "-f"],
        "file holding the value (the playground cannot read it: a placeholder is stored)",
    ),
    opt(
        &["--version", "-v"],
        "the secret's version (the current one only)",
    ),
    ignored(&["--description"]),
    ignored(&["--content-type"]),
    ignored(&["--encoding", "-e"]),
    ignored(&["--expires"]),
    ignored(&["--not-before"]),
    ignored(&["--tags"]),
];
const SECRET_BY_NAME: &[FlagSpec] = &[req(&["--vault-name"], "key vault"), NAME];
const SECRET_LIST: &[FlagSpec] = &[
    req(&["--vault-name"], "key vault"),
    ignored(&["--maxresults"]),
    ignored_switch(&["--include-managed"]),
];

const KEYVAULT_CREATE: &[FlagSpec] = &[
    NAME,
    RG,
    LOCATION,
    any(
        &["--enable-rbac-authorization"],
        "true (default, Azure RBAC) or false (access policies)",
    ),
    ignored(&["--sku"]),
    ignored(&["--retention-days"]),
    ignored(&["--enable-purge-protection"]),
    ignored(&["--tags"]),
];
const KEYVAULT_BY_NAME: &[FlagSpec] = &[NAME, RG_OPT, YES];
const KEYVAULT_UPDATE: &[FlagSpec] = &[
    NAME,
    RG_OPT,
    any(
        &["--enable-rbac-authorization"],
        "true: Azure RBAC; false: access policies",
    ),
    ignored(&["--enable-purge-protection"]),
    ignored(&["--public-network-access"]),
];
const POLICY_PRINCIPAL: [FlagSpec; 3] = [
    opt(&["--object-id"], "object (principal) id the policy is for"),
    opt(
        &["--spn"],
        "service principal name (its client id) the policy is for",
    ),
    opt(
        &["--upn"],
        "user principal name of the user the policy is for",
    ),
];
const KEYVAULT_SET_POLICY: &[FlagSpec] = &[
    NAME,
    RG_OPT,
    POLICY_PRINCIPAL[0],
    POLICY_PRINCIPAL[1],
    POLICY_PRINCIPAL[2],
    many(
        &["--secret-permissions"],
        "get list set delete backup restore recover purge all",
    ),
    many(
        &["--key-permissions"],
        "get list create decrypt encrypt sign verify wrapKey unwrapKey … all",
    ),
    many(
        &["--certificate-permissions"],
        "get list create import update delete … all",
    ),
    many(
        &["--storage-permissions"],
        "get list set update delete … all",
    ),
];
const KEYVAULT_DELETE_POLICY: &[FlagSpec] = &[
    NAME,
    RG_OPT,
    POLICY_PRINCIPAL[0],
    POLICY_PRINCIPAL[1],
    POLICY_PRINCIPAL[2],
];

const SQL_CREATE: &[FlagSpec] = &[
    NAME,
    RG,
    LOCATION,
    switch(
        &["--assign-identity", "-i"],
        "enable the system-assigned identity",
    ),
    opt(
        &["--identity-type"],
        "SystemAssigned, UserAssigned or 'SystemAssigned,UserAssigned'",
    ),
    many(
        &["--user-assigned-identity-id", "-a"],
        "user-assigned identities to attach",
    ),
    ignored(&["--primary-user-assigned-identity-id", "--pid"]),
    ignored(&["--admin-user", "-u"]),
    ignored(&["--admin-password", "-p"]),
    ignored(&["--enable-ad-only-auth"]),
    ignored(&["--external-admin-principal-type"]),
    ignored(&["--external-admin-name"]),
    ignored(&["--external-admin-sid"]),
];

const COSMOS_CREATE: &[FlagSpec] = &[
    NAME,
    RG,
    LOCATION,
    ASSIGN_IDENTITY,
    ROLE_FOR_SYSTEM,
    SCOPE_FOR_SYSTEM,
    ignored(&["--kind"]),
    ignored(&["--default-consistency-level"]),
    ignored(&["--locations"]),
    ignored(&["--capabilities"]),
    ignored(&["--tags"]),
];

const IDENTITY_CREATE: &[FlagSpec] = &[NAME, RG, LOCATION, ignored(&["--tags"])];
const FEDERATED: &[FlagSpec] = &[
    req(&["--identity-name"], "the user-assigned identity"),
    RG,
    opt(
        &["--name", "-n"],
        "name of the credential (3–120 characters)",
    ),
    opt(
        &["--issuer"],
        "issuer URL, e.g. https://token.actions.githubusercontent.com",
    ),
    opt(
        &["--subject"],
        "subject, e.g. repo:ORG/REPO:ref:refs/heads/main (matched exactly)",
    ),
    many(
        &["--audiences"],
        "exactly one audience; default api://AzureADTokenExchange",
    ),
    YES,
];

/// EN-9.13: `--scope` is required and `--resource-group` is gone from `create` (az 2.54).
const ROLE_ASSIGNMENT_CREATE: &[FlagSpec] = &[
    opt(
        &["--assignee"],
        "a user's UPN, or a service principal's object id or client (app) id",
    ),
    opt(
        &["--assignee-object-id"],
        "principal (object) id, without a directory lookup",
    ),
    opt(
        &["--assignee-principal-type"],
        "User, Group, ServicePrincipal or ForeignGroup (with --assignee-object-id)",
    ),
    req(&["--role"], "role name or id"),
    req(
        &["--scope"],
        "ARM id of the scope, e.g. $(az storage account show -g RG -n NAME --query id -o tsv)",
    ),
    ignored(&["--description"]),
    ignored(&["--condition"]),
    ignored(&["--condition-version"]),
    ignored(&["--name"]),
];
const ROLE_ASSIGNMENT_FILTERS: &[FlagSpec] = &[
    opt(
        &["--assignee"],
        "a user's UPN, or a service principal's object id or client (app) id",
    ),
    opt(&["--assignee-object-id"], "principal (object) id"),
    opt(&["--role"], "role name or id"),
    opt(
        &["--scope"],
        "ARM id of the scope (default: the subscription)",
    ),
    RG_OPT,
    many(&["--ids"], "ARM ids of role assignments"),
    switch(
        &["--all"],
        "every assignment in the subscription, at any scope",
    ),
    switch(
        &["--include-inherited"],
        "also assignments at scopes above --scope",
    ),
    switch(
        &["--include-groups"],
        "with --assignee, also assignments of its groups, transitively",
    ),
    ignored_switch(&["--include-classic-administrators"]),
    YES,
];

const CHECK: &[FlagSpec] = &[
    opt(
        &["--from"],
        "the resource whose code asks for a token (name or ARM id); or --as",
    ),
    req(
        &["--action"],
        "an operation string, or a friendly name such as \"Read blobs\"",
    ),
    req(
        &["--scope"],
        "the target: name or ARM id, including child paths such as containers",
    ),
    opt(
        &["--client-id"],
        "token selector: the identity's client id (TK-3.1)",
    ),
    opt(
        &["--object-id"],
        "token selector: the identity's principal (object) id",
    ),
    opt(
        &["--msi-res-id"],
        "token selector: the user-assigned identity's ARM id (or name)",
    ),
    opt(
        &["--as"],
        "instead of --from: a user (UPN), group or service principal (name, app id or object id)",
    ),
];
const EXPECT: &[FlagSpec] = &[
    opt(&["--reason"], "expected reason code"),
    CHECK[0],
    CHECK[1],
    CHECK[2],
    CHECK[3],
    CHECK[4],
    CHECK[5],
    CHECK[6],
];
const TOKEN: &[FlagSpec] = &[
    req(
        &["--from"],
        "the resource whose code asks for a token (name or ARM id)",
    ),
    req(
        &["--resource"],
        "the audience, e.g. https://storage.azure.com/",
    ),
    CHECK[3],
    CHECK[4],
    CHECK[5],
];

const CREDENTIAL_LIFETIME: [FlagSpec; 2] = [
    opt(&["--years"], "years the secret is valid (default 1)"),
    opt(
        &["--end-date"],
        "date the secret expires, e.g. 2027-06-30 (instead of --years)",
    ),
];
const CREDENTIAL_RESET: &[FlagSpec] = &[
    req(&["--id"], "application (client) id or object id"),
    switch(
        &["--append"],
        "keep the existing secrets (by default they are deleted)",
    ),
    CREDENTIAL_LIFETIME[0],
    CREDENTIAL_LIFETIME[1],
    opt(&["--display-name"], "the secret's description"),
    CERT_FLAGS[0],
    CERT_FLAGS[1],
    CERT_FLAGS[2],
];
/// Certificate credentials (EN-9.6, EN-9.8) are refused, not ignored: ignoring them would hand
/// out a secret the script did not ask for.
const CERT_FLAGS: [FlagSpec; 3] = [
    opt(&["--cert"], "certificate credential: not modeled (refused)"),
    switch(
        &["--create-cert"],
        "certificate credential: not modeled (refused)",
    ),
    opt(
        &["--keyvault"],
        "certificate in a key vault: not modeled (refused)",
    ),
];
const CREATE_FOR_RBAC: &[FlagSpec] = &[
    opt(&["--name", "-n"], "display name of the app (default azure-cli-<date>); an existing app with it is reused and its secrets replaced"),
    opt(&["--role"], "role to assign, with --scopes"),
    many(&["--scopes"], "ARM ids of the scopes to assign --role at"),
    CREDENTIAL_LIFETIME[0],
    CREDENTIAL_LIFETIME[1],
    CERT_FLAGS[0],
    CERT_FLAGS[1],
    CERT_FLAGS[2],
];
const SP_LIST: &[FlagSpec] = &[
    opt(&["--display-name"], "display name prefix"),
    opt(
        &["--spn"],
        "a service principal name: its application (client) id",
    ),
    opt(
        &["--filter"],
        "OData filter, e.g. \"displayName eq 'app1'\" or \"startswith(displayName,'app')\"",
    ),
    switch(
        &["--show-mine"],
        "only principals of applications the signed-in user owns",
    ),
    switch(
        &["--all"],
        "list everything (without a filter az lists only the first 100)",
    ),
];
const APP_LIST: &[FlagSpec] = &[
    opt(&["--display-name"], "display name prefix"),
    opt(&["--app-id"], "application (client) id"),
    opt(
        &["--filter"],
        "OData filter, e.g. \"displayName eq 'app1'\"",
    ),
    switch(
        &["--show-mine"],
        "only applications the signed-in user owns",
    ),
    switch(
        &["--all"],
        "list everything (without a filter az lists only the first 100)",
    ),
];
const AD_ID: &[FlagSpec] = &[req(&["--id"], "object id or application (client) id")];
const USER_ID: &[FlagSpec] = &[req(&["--id"], "user principal name or object id")];
const GROUP: FlagSpec = req(&["--group", "-g"], "group display name or object id");
const MEMBER_ID: FlagSpec = req(
    &["--member-id"],
    "object id of a user, service principal or group",
);
/// Flags of `az login` (SI-8.1 … SI-8.6).
const LOGIN: &[FlagSpec] = &[
    opt(
        &["--username", "-u"],
        "a user's UPN, or with --service-principal the application (client) id",
    ),
    opt(
        &["--password", "-p"],
        "the user's password, or the service principal's client secret",
    ),
    opt(
        &["--tenant", "-t"],
        "tenant id or domain (required with --service-principal)",
    ),
    switch(
        &["--service-principal"],
        "sign in as an application's service principal",
    ),
    opt(
        &["--certificate"],
        "a PEM certificate file instead of --password (not verified)",
    ),
    opt(
        &["--federated-token"],
        "an external token exchanged through a federated credential (SI-8.3)",
    ),
    switch(
        &["--identity"],
        "sign in with the managed identity of the resource the statements run on",
    ),
    opt(
        &["--client-id"],
        "with --identity: the user-assigned identity's client id",
    ),
    opt(
        &["--object-id"],
        "with --identity: the user-assigned identity's object (principal) id",
    ),
    opt(
        &["--resource-id"],
        "with --identity: the user-assigned identity's ARM id",
    ),
    switch(
        &["--allow-no-subscriptions"],
        "sign in even without access to any subscription (tenant-level account)",
    ),
    switch(
        &["--use-device-code"],
        "sign in interactively with a code typed on another device",
    ),
    ignored(&["--scope"]),
    ignored(&["--claims-challenge"]),
];

pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec { path: &["az", "login"], summary: "Sign in: as a user, a service principal (--service-principal) or the host's managed identity (--identity).", flags: LOGIN, positional: None, run: account::login },
    CommandSpec { path: &["az", "logout"], summary: "Sign the current account out of this machine.", flags: &[opt(&["--username"], "the account to sign out (default: the current one)")], positional: None, run: account::logout },
    CommandSpec { path: &["az", "account", "show"], summary: "Show the subscription and signed-in user.", flags: &[], positional: None, run: account::account_show },
    CommandSpec { path: &["az", "account", "list"], summary: "List the subscriptions.", flags: &[ignored_switch(&["--all"])], positional: None, run: account::account_list },
    CommandSpec { path: &["az", "account", "set"], summary: "Choose the current subscription (it grants nothing).", flags: &[req(&["--subscription", "-s", "--name", "-n"], "subscription id or name")], positional: None, run: account::account_set },
    CommandSpec { path: &["az", "account", "management-group", "create"], summary: "Create a management group.", flags: &[NAME, opt(&["--display-name", "-d"], "display name"), opt(&["--parent", "-p"], "parent management group name")], positional: None, run: general::management_group_create },
    CommandSpec { path: &["az", "account", "management-group", "subscription", "add"], summary: "Move a subscription under a management group.", flags: &[NAME, req(&["--subscription", "-s"], "subscription id or name")], positional: None, run: general::management_group_subscription_add },
    CommandSpec { path: &["az", "group", "create"], summary: "Create a resource group.", flags: &[NAME, req(&["--location", "-l"], "Azure region"), ignored(&["--tags"])], positional: None, run: general::group_create },
    CommandSpec { path: &["az", "group", "show"], summary: "Show a resource group.", flags: &[NAME], positional: None, run: general::group_show },
    CommandSpec { path: &["az", "group", "exists"], summary: "Check whether a resource group exists.", flags: &[NAME], positional: None, run: general::group_exists },
    CommandSpec { path: &["az", "group", "list"], summary: "List resource groups.", flags: &[ignored(&["--tag"])], positional: None, run: general::group_list },
    CommandSpec { path: &["az", "group", "delete"], summary: "Delete a resource group and everything in it.", flags: &[NAME, YES, ignored(&["--force-deletion-types", "-f"])], positional: None, run: general::group_delete },
    CommandSpec { path: &["az", "resource", "list"], summary: "List resources.", flags: &[opt(&["--name", "-n"], "resource name"), RG_OPT, opt(&["--resource-type"], "e.g. Microsoft.Compute/virtualMachines"), LOCATION, ignored(&["--tag"])], positional: None, run: general::resource_list },
    CommandSpec { path: &["az", "resource", "show"], summary: "Show a resource by id.", flags: &[req(&["--ids"], "ARM id")], positional: None, run: general::resource_show },
    CommandSpec { path: &["az", "resource", "delete"], summary: "Delete a resource by id.", flags: &[req(&["--ids"], "ARM id"), YES], positional: None, run: general::resource_delete },
    CommandSpec { path: &["az", "ad", "sp", "show"], summary: "Show a service principal (Entra ID).", flags: AD_ID, positional: None, run: sp::show },
    CommandSpec { path: &["az", "ad", "sp", "list"], summary: "List service principals (Entra ID).", flags: SP_LIST, positional: None, run: sp::list },
    CommandSpec { path: &["az", "ad", "sp", "create"], summary: "Create an app registration's service principal (EN-9.3).", flags: &[req(&["--id"], "application (client) id")], positional: None, run: sp::create },
    CommandSpec { path: &["az", "ad", "sp", "delete"], summary: "Delete an application's service principal (the app stays).", flags: AD_ID, positional: None, run: sp::delete },
    CommandSpec { path: &["az", "ad", "sp", "create-for-rbac"], summary: "Create an app, its service principal and a secret, and optionally assign a role (EN-9.6).", flags: CREATE_FOR_RBAC, positional: None, run: sp::create_for_rbac },
    CommandSpec { path: &["az", "ad", "sp", "credential", "reset"], summary: "Replace (or with --append add) the secret of a principal's application (EN-9.8).", flags: CREDENTIAL_RESET, positional: None, run: sp::credential_reset },
    CommandSpec { path: &["az", "ad", "app", "create"], summary: "Register an application (no service principal yet, EN-9.3).", flags: &[req(&["--display-name"], "display name; an existing app with it is patched"), ignored(&["--sign-in-audience"]), ignored(&["--web-redirect-uris"]), ignored(&["--identifier-uris"])], positional: None, run: app::create },
    CommandSpec { path: &["az", "ad", "app", "show"], summary: "Show an app registration.", flags: AD_ID, positional: None, run: app::show },
    CommandSpec { path: &["az", "ad", "app", "list"], summary: "List app registrations.", flags: APP_LIST, positional: None, run: app::list },
    CommandSpec { path: &["az", "ad", "app", "delete"], summary: "Delete an app registration and its service principal.", flags: AD_ID, positional: None, run: app::delete },
    CommandSpec { path: &["az", "ad", "app", "credential", "reset"], summary: "Replace (or with --append add) an application's secret (EN-9.8).", flags: CREDENTIAL_RESET, positional: None, run: app::credential_reset },
    CommandSpec { path: &["az", "ad", "app", "credential", "list"], summary: "List an application's secrets (hints and dates, never values).", flags: AD_ID, positional: None, run: app::credential_list },
    CommandSpec { path: &["az", "ad", "user", "create"], summary: "Create a user in the tenant.", flags: &[req(&["--display-name"], "display name"), req(&["--user-principal-name"], "name@contoso.onmicrosoft.com"), req(&["--password"], "initial password (8+ characters, 3 of: lower, upper, digit, symbol)"), ignored_switch(&["--force-change-password-next-sign-in"]), ignored(&["--mail-nickname"])], positional: None, run: user::create },
    CommandSpec { path: &["az", "ad", "user", "show"], summary: "Show a user.", flags: USER_ID, positional: None, run: user::show },
    CommandSpec { path: &["az", "ad", "user", "list"], summary: "List users.", flags: &[opt(&["--display-name"], "display name prefix"), opt(&["--upn"], "user principal name"), opt(&["--filter"], "OData filter, e.g. \"displayName eq 'Alice'\"")], positional: None, run: user::list },
    CommandSpec { path: &["az", "ad", "user", "delete"], summary: "Delete a user (its role assignments stay, orphaned).", flags: USER_ID, positional: None, run: user::delete },
    CommandSpec { path: &["az", "ad", "signed-in-user", "show"], summary: "Show the signed-in user (fails for a service principal or managed identity, SI-8.10).", flags: &[], positional: None, run: user::signed_in_user_show },
    CommandSpec { path: &["az", "ad", "group", "create"], summary: "Create a security group (EN-9.1).", flags: &[req(&["--display-name"], "display name"), req(&["--mail-nickname"], "mail nickname"), ignored(&["--description"])], positional: None, run: adgroup::create },
    CommandSpec { path: &["az", "ad", "group", "show"], summary: "Show a security group.", flags: &[GROUP], positional: None, run: adgroup::show },
    CommandSpec { path: &["az", "ad", "group", "list"], summary: "List security groups.", flags: &[opt(&["--display-name"], "display name prefix"), opt(&["--filter"], "OData filter, e.g. \"displayName eq 'Readers'\"")], positional: None, run: adgroup::list },
    CommandSpec { path: &["az", "ad", "group", "delete"], summary: "Delete a security group (its members lose what it granted).", flags: &[GROUP], positional: None, run: adgroup::delete },
    CommandSpec { path: &["az", "ad", "group", "member", "add"], summary: "Add a user, service principal or group to a group (EN-9.1).", flags: &[GROUP, MEMBER_ID], positional: None, run: adgroup::member_add },
    CommandSpec { path: &["az", "ad", "group", "member", "remove"], summary: "Remove a member from a group.", flags: &[GROUP, MEMBER_ID], positional: None, run: adgroup::member_remove },
    CommandSpec { path: &["az", "ad", "group", "member", "list"], summary: "List a group's direct members.", flags: &[GROUP], positional: None, run: adgroup::member_list },
    CommandSpec { path: &["az", "ad", "group", "member", "check"], summary: "Check membership, through nested groups too (EN-9.2).", flags: &[GROUP, MEMBER_ID], positional: None, run: adgroup::member_check },
    CommandSpec { path: &["az", "vm", "create"], summary: "Create a virtual machine.", flags: VM_CREATE, positional: None, run: res::vm_create },
    CommandSpec { path: &["az", "vm", "show"], summary: "Show a virtual machine.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "vm", "list"], summary: "List virtual machines.", flags: &[RG_OPT], positional: None, run: res::list },
    CommandSpec { path: &["az", "vm", "delete"], summary: "Delete a virtual machine (its system-assigned identity goes with it).", flags: BY_NAME, positional: None, run: res::delete },
    CommandSpec { path: &["az", "vm", "update"], summary: "Update a virtual machine (e.g. --set identity.type=none).", flags: UPDATE, positional: None, run: res::update_identity_type },
    CommandSpec { path: &["az", "vm", "identity", "assign"], summary: "Enable the system-assigned identity or attach user-assigned identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_assign },
    CommandSpec { path: &["az", "vm", "identity", "remove"], summary: "Disable the system-assigned identity or detach user-assigned identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_remove },
    CommandSpec { path: &["az", "vm", "identity", "show"], summary: "Show a virtual machine's identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_show },
    CommandSpec { path: &["az", "vmss", "create"], summary: "Create a VM scale set.", flags: VM_CREATE, positional: None, run: res::vmss_create },
    CommandSpec { path: &["az", "vmss", "show"], summary: "Show a VM scale set.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "vmss", "delete"], summary: "Delete a VM scale set.", flags: BY_NAME, positional: None, run: res::delete },
    CommandSpec { path: &["az", "vmss", "update"], summary: "Update a VM scale set (e.g. --set identity.type=none).", flags: UPDATE, positional: None, run: res::update_identity_type },
    CommandSpec { path: &["az", "vmss", "identity", "assign"], summary: "Enable the system-assigned identity or attach user-assigned identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_assign },
    CommandSpec { path: &["az", "vmss", "identity", "remove"], summary: "Disable the system-assigned identity or detach user-assigned identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_remove },
    CommandSpec { path: &["az", "vmss", "identity", "show"], summary: "Show a scale set's identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_show },
    CommandSpec { path: &["az", "appservice", "plan", "create"], summary: "Create an App Service plan.", flags: PLAN_CREATE, positional: None, run: res::plan_create },
    CommandSpec { path: &["az", "appservice", "plan", "show"], summary: "Show an App Service plan.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "appservice", "plan", "delete"], summary: "Delete an App Service plan.", flags: BY_NAME, positional: None, run: res::delete },
    CommandSpec { path: &["az", "webapp", "create"], summary: "Create a web app.", flags: SITE_COMMON, positional: None, run: res::webapp_create },
    CommandSpec { path: &["az", "webapp", "show"], summary: "Show a web app.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "webapp", "delete"], summary: "Delete a web app (its system-assigned identity goes with it).", flags: BY_NAME, positional: None, run: res::delete },
    CommandSpec { path: &["az", "webapp", "identity", "assign"], summary: "Enable the system-assigned identity or attach user-assigned identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_assign },
    CommandSpec { path: &["az", "webapp", "identity", "remove"], summary: "Disable the system-assigned identity or detach user-assigned identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_remove },
    CommandSpec { path: &["az", "webapp", "identity", "show"], summary: "Show a web app's identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_show },
    CommandSpec { path: &["az", "functionapp", "create"], summary: "Create a function app.", flags: FUNCTIONAPP_CREATE, positional: None, run: res::functionapp_create },
    CommandSpec { path: &["az", "functionapp", "show"], summary: "Show a function app.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "functionapp", "delete"], summary: "Delete a function app.", flags: BY_NAME, positional: None, run: res::delete },
    CommandSpec { path: &["az", "functionapp", "identity", "assign"], summary: "Enable the system-assigned identity or attach user-assigned identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_assign },
    CommandSpec { path: &["az", "functionapp", "identity", "remove"], summary: "Disable the system-assigned identity or detach user-assigned identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_remove },
    CommandSpec { path: &["az", "functionapp", "identity", "show"], summary: "Show a function app's identities.", flags: IDENTITY_FLAGS, positional: None, run: res::identity_show },
    CommandSpec { path: &["az", "storage", "account", "create"], summary: "Create a storage account.", flags: STORAGE_CREATE, positional: None, run: res::storage_create },
    CommandSpec { path: &["az", "storage", "account", "show"], summary: "Show a storage account.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "storage", "account", "delete"], summary: "Delete a storage account.", flags: BY_NAME, positional: None, run: res::delete },
    CommandSpec { path: &["az", "storage", "account", "update"], summary: "Update a storage account (e.g. --allow-shared-key-access false).", flags: STORAGE_UPDATE, positional: None, run: keys::account_update },
    CommandSpec { path: &["az", "storage", "account", "keys", "list"], summary: "List the account's two keys (needs listKeys).", flags: KEYS_FLAGS, positional: None, run: keys::keys_list },
    CommandSpec { path: &["az", "storage", "account", "keys", "renew"], summary: "Replace one account key; holders of its old value are refused.", flags: KEYS_FLAGS, positional: None, run: keys::keys_renew },
    CommandSpec { path: &["az", "storage", "account", "show-connection-string"], summary: "Show a connection string that embeds an account key.", flags: CONNECTION_STRING_FLAGS, positional: None, run: keys::show_connection_string },
    CommandSpec { path: &["az", "storage", "container", "create"], summary: "Create a blob container (a child scope for role assignments).", flags: CONTAINER_FLAGS, positional: None, run: data::container_create },
    CommandSpec { path: &["az", "storage", "container", "list"], summary: "List an account's blob containers.", flags: CONTAINER_LIST, positional: None, run: data::container_list },
    CommandSpec { path: &["az", "storage", "container", "delete"], summary: "Delete a blob container and its blobs.", flags: CONTAINER_FLAGS, positional: None, run: data::container_delete },
    CommandSpec { path: &["az", "storage", "blob", "upload"], summary: "Upload a blob (--data, or --file as a placeholder).", flags: BLOB_FLAGS, positional: None, run: data::blob_upload },
    CommandSpec { path: &["az", "storage", "blob", "list"], summary: "List a container's blobs.", flags: BLOB_FLAGS, positional: None, run: data::blob_list },
    CommandSpec { path: &["az", "storage", "blob", "download"], summary: "Download a blob (its content is shown).", flags: BLOB_FLAGS, positional: None, run: data::blob_download },
    CommandSpec { path: &["az", "storage", "blob", "delete"], summary: "Delete a blob.", flags: BLOB_FLAGS, positional: None, run: data::blob_delete },
    CommandSpec { path: &["az", "keyvault", "create"], summary: "Create a key vault (Azure RBAC model unless --enable-rbac-authorization false).", flags: KEYVAULT_CREATE, positional: None, run: keyvault::create },
    CommandSpec { path: &["az", "keyvault", "show"], summary: "Show a key vault.", flags: KEYVAULT_BY_NAME, positional: None, run: keyvault::show },
    CommandSpec { path: &["az", "keyvault", "delete"], summary: "Delete a key vault.", flags: KEYVAULT_BY_NAME, positional: None, run: keyvault::delete },
    CommandSpec { path: &["az", "keyvault", "update"], summary: "Switch a key vault's permission model.", flags: KEYVAULT_UPDATE, positional: None, run: keyvault::update },
    CommandSpec { path: &["az", "keyvault", "set-policy"], summary: "Grant data-plane permissions with an access policy.", flags: KEYVAULT_SET_POLICY, positional: None, run: keyvault::set_policy },
    CommandSpec { path: &["az", "keyvault", "secret", "set"], summary: "Set a secret's value (a new version).", flags: SECRET_FLAGS, positional: None, run: secret::set },
    CommandSpec { path: &["az", "keyvault", "secret", "show"], summary: "Show a secret with its value.", flags: SECRET_FLAGS, positional: None, run: secret::show },
    CommandSpec { path: &["az", "keyvault", "secret", "list"], summary: "List a vault's secrets (names and attributes, no values).", flags: SECRET_LIST, positional: None, run: secret::list },
    CommandSpec { path: &["az", "keyvault", "secret", "delete"], summary: "Delete a secret (soft delete: its name stays taken).", flags: SECRET_FLAGS, positional: None, run: secret::delete },
    CommandSpec { path: &["az", "keyvault", "secret", "recover"], summary: "Recover a deleted secret.", flags: SECRET_BY_NAME, positional: None, run: secret::recover },
    CommandSpec { path: &["az", "keyvault", "secret", "purge"], summary: "Purge a deleted secret for good (frees its name).", flags: SECRET_BY_NAME, positional: None, run: secret::purge },
    CommandSpec { path: &["az", "keyvault", "delete-policy"], summary: "Remove an access policy.", flags: KEYVAULT_DELETE_POLICY, positional: None, run: keyvault::delete_policy },
    CommandSpec { path: &["az", "sql", "server", "create"], summary: "Create a SQL server.", flags: SQL_CREATE, positional: None, run: res::sql_create },
    CommandSpec { path: &["az", "sql", "server", "show"], summary: "Show a SQL server.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "sql", "server", "delete"], summary: "Delete a SQL server.", flags: BY_NAME, positional: None, run: res::delete },
    CommandSpec { path: &["az", "cosmosdb", "create"], summary: "Create a Cosmos DB account.", flags: COSMOS_CREATE, positional: None, run: res::cosmos_create },
    CommandSpec { path: &["az", "cosmosdb", "show"], summary: "Show a Cosmos DB account.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "cosmosdb", "delete"], summary: "Delete a Cosmos DB account.", flags: BY_NAME, positional: None, run: res::delete },
    CommandSpec { path: &["az", "identity", "create"], summary: "Create a user-assigned managed identity.", flags: IDENTITY_CREATE, positional: None, run: res::identity_create },
    CommandSpec { path: &["az", "identity", "show"], summary: "Show a user-assigned managed identity.", flags: BY_NAME, positional: None, run: res::show },
    CommandSpec { path: &["az", "identity", "delete"], summary: "Delete a user-assigned managed identity (references to it stay on resources).", flags: BY_NAME, positional: None, run: res::identity_delete },
    CommandSpec { path: &["az", "identity", "list"], summary: "List user-assigned managed identities.", flags: &[RG_OPT], positional: None, run: res::list },
    CommandSpec { path: &["az", "identity", "federated-credential", "create"], summary: "Trust an external identity provider's tokens (e.g. GitHub Actions).", flags: FEDERATED, positional: None, run: res::federated_create },
    CommandSpec { path: &["az", "identity", "federated-credential", "delete"], summary: "Delete a federated identity credential.", flags: FEDERATED, positional: None, run: res::federated_delete },
    CommandSpec { path: &["az", "identity", "federated-credential", "list"], summary: "List an identity's federated credentials.", flags: FEDERATED, positional: None, run: res::federated_list },
    CommandSpec { path: &["az", "role", "assignment", "create"], summary: "Grant a role to a principal at a scope.", flags: ROLE_ASSIGNMENT_CREATE, positional: None, run: role::create },
    CommandSpec { path: &["az", "role", "assignment", "list"], summary: "List role assignments (--include-groups: also those through the assignee's groups).", flags: ROLE_ASSIGNMENT_FILTERS, positional: None, run: role::list },
    CommandSpec { path: &["az", "role", "assignment", "delete"], summary: "Delete role assignments.", flags: ROLE_ASSIGNMENT_FILTERS, positional: None, run: role::delete },
    CommandSpec { path: &["az", "role", "definition", "list"], summary: "List role definitions.", flags: &[opt(&["--name", "-n"], "role name or id"), switch(&["--custom-role-only"], "only custom roles"), ignored(&["--scope"])], positional: None, run: role::definition_list },
    CommandSpec { path: &["mip", "check"], summary: "Can the managed identity of RESOURCE (--from), or any principal (--as), perform ACTION at SCOPE? Prints the decision, reason code and explanation.", flags: CHECK, positional: None, run: mip::check },
    CommandSpec { path: &["mip", "expect"], summary: "Assert a check's decision (and reason); a failed expectation is an error.", flags: EXPECT, positional: Some("allowed|denied"), run: mip::expect },
    CommandSpec { path: &["mip", "token"], summary: "Request a managed-identity token as code on RESOURCE would, and show its claims.", flags: TOKEN, positional: None, run: mip::token },
    CommandSpec { path: &["mip", "federated-token"], summary: "Exchange an external token (issuer + subject) for a user-assigned identity's token (FI-6.1).", flags: &[req(&["--identity"], "user-assigned identity name or id"), req(&["--issuer"], "issuer of the external token"), req(&["--subject"], "subject of the external token"), opt(&["--audience"], "audience of the external token (default api://AzureADTokenExchange)"), opt(&["--resource"], "audience of the Azure token (default https://management.azure.com/)")], positional: None, run: mip::federated_token },
    CommandSpec { path: &["mip", "deny-assignment", "create"], summary: "Create a deny assignment (in Azure only Blueprints, managed apps and deployment stacks can).", flags: &[req(&["--name"], "display name"), req(&["--scope"], "scope (name or ARM id)"), many(&["--actions"], "denied control-plane operations (wildcards allowed)"), many(&["--not-actions"], "exceptions to --actions"), many(&["--data-actions"], "denied data-plane operations"), many(&["--not-data-actions"], "exceptions to --data-actions"), many(&["--principals"], "principals denied (default: everyone)"), many(&["--exclude-principals"], "principals exempted"), switch(&["--do-not-apply-to-child-scopes"], "apply only at the scope itself")], positional: None, run: mip::deny_create },
    CommandSpec { path: &["mip", "on"], summary: "Run the following statements on a resource (as after SSH to a VM), or on your own machine again.", flags: &[], positional: Some("RESOURCE (name or ARM id) | local"), run: host::on },
    CommandSpec { path: &["mip", "wait"], summary: "Advance the simulated clock, e.g. mip wait 25h.", flags: &[], positional: Some("DURATION (30s, 10m, 2h, 31d)"), run: mip::wait },
    CommandSpec { path: &["echo"], summary: "Print text.", flags: &[], positional: Some("TEXT…"), run: echo },
];

/// `echo` prints its arguments; handled by the session, which passes them as text.
fn echo(
    _ctx: &mut super::command::Ctx<'_>,
    args: &super::command::Args,
) -> Result<Output, super::error::ScriptError> {
    let words: Vec<&str> = args.positional.iter().map(|w| w.text.as_str()).collect();
    Ok(Output::Text(format!("{}\n", words.join(" "))))
}
