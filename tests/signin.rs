//! Who is signed in, where statements run, and every management command authorized for that
//! account (SI-8.x, AU-10.x, MI-2.4, LG-7.x). One test per rule, named by its id.

mod support;

use support::{only_failure, run};

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use mip::sim::account::Host;
use mip::sim::event::{ActivityStatus, Event, ManagedIdentityType, SignInKind};
use mip::sim::script::error::{ErrorKind, ScriptError};
use mip::sim::script::session::{Record, Session};
use mip::sim::world::CALLER;

/// A group, a VM with a system-assigned identity, and the VM's principal id in `$vmId`.
const SETUP: &str = "\
az group create -n rg1 -l eastus
az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity
vmId=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
rg1=$(az group show -n rg1 --query id -o tsv)
sub=/subscriptions/$(az account show --query id -o tsv)
";

fn with_setup(rest: &str) -> String {
    format!("{SETUP}{rest}")
}

/// The one failing statement's error; every other statement must succeed.
fn only_error(script: &str, failing: &str) -> (Session, ScriptError) {
    only_failure(script, |r| r.text == failing)
}

/// The last record whose statement is exactly `text`: these scripts repeat statements such as
/// `az login --identity` on several machines, and the tests look at the latest.
fn record<'a>(session: &'a Session, text: &str) -> &'a Record {
    session
        .records
        .iter()
        .rev()
        .find(|r| r.text == text)
        .unwrap_or_else(|| panic!("no statement '{text}'"))
}

fn json<'a>(session: &'a Session, text: &str) -> &'a Value {
    record(session, text)
        .json
        .as_ref()
        .unwrap_or_else(|| panic!("'{text}' printed no JSON"))
}

fn var(session: &Session, name: &str) -> String {
    session
        .var(name)
        .unwrap_or_else(|| panic!("${name} is not set"))
        .to_string()
}

fn subscription(session: &Session) -> String {
    session.world.default_subscription().id.to_string()
}

/// AU-10.1's message for a principal without a UPN: both positions carry its object id.
fn authorization_failed(object_id: &str, operation: &str, scope: &str) -> String {
    let message = format!("The client '{object_id}' with object id '{object_id}' does not have authorization to perform action '{operation}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.");
    format!("(AuthorizationFailed) {message}\nCode: AuthorizationFailed\nMessage: {message}")
}

/// The lesson-10 story: code on a VM signs in with the VM's identity, is refused what its role
/// does not grant, and succeeds once the learner grants the least role that does.
#[test]
fn au_10_1_the_vm_identity_is_refused_until_a_role_grants_the_operation() {
    let script = with_setup(
        "\
az role assignment create --assignee $vmId --role Reader --scope $rg1
mip on vm1
az login --identity
az group create -n rg2 -l eastus
mip on local
az role assignment create --assignee $vmId --role Contributor --scope $sub
mip on vm1
az group create -n rg2 -l eastus
",
    );
    let session = Session::run(&script);
    let vm_id = var(&session, "vmId");
    let sub = subscription(&session);
    let failures: Vec<(&str, &ScriptError)> = session
        .records
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| (r.text.as_str(), e)))
        .collect();
    let [(text, error)] = failures.as_slice() else {
        panic!("exactly the first group create fails: {failures:?}");
    };
    assert_eq!(*text, "az group create -n rg2 -l eastus");
    assert_eq!(error.kind, ErrorKind::AuthorizationFailed);
    assert_eq!(
        error.message,
        authorization_failed(
            &vm_id,
            "Microsoft.Resources/subscriptions/resourcegroups/write",
            &format!("/subscriptions/{sub}/resourcegroups/rg2")
        )
    );
    assert!(
        session.world.groups().any(|g| g.name == "rg2"),
        "the second attempt, after the grant, created the group"
    );
    // The refusal changed nothing but the Activity Log: one Failed entry, then a Succeeded one,
    // both naming the VM's identity by object id.
    let rg2: Vec<(ActivityStatus, &str)> = session
        .world
        .activity_log
        .iter()
        .filter(|e| {
            e.resource_id
                .to_ascii_lowercase()
                .ends_with("/resourcegroups/rg2")
        })
        .map(|e| (e.status, e.caller.as_str()))
        .collect();
    assert_eq!(
        rg2,
        [
            (ActivityStatus::Failed, vm_id.as_str()),
            (ActivityStatus::Succeeded, vm_id.as_str())
        ]
    );
    let refused = session
        .records
        .iter()
        .find(|r| r.failed())
        .expect("the refused statement");
    assert!(refused
        .events
        .iter()
        .all(|e| matches!(e, Event::AuthorizationFailed { .. })));
    assert!(
        refused.notes.iter().any(|n| n.contains("Contributor")),
        "the hint names a role that would allow it: {:?}",
        refused.notes
    );
}

/// AU-10.1 through `mip run --json`: the refusal is an error with code `authorization-failed`.
#[test]
fn au_10_1_mip_run_json_reports_authorization_failed() {
    let script = with_setup(
        "\
az role assignment create --assignee $vmId --role Reader --scope $rg1
mip on vm1
az login --identity
az group create -n rg2 -l eastus
",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_mip"))
        .args(["run", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mip runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(script.as_bytes())
        .expect("write the script");
    let output = child.wait_with_output().expect("mip finishes");
    assert_eq!(output.status.code(), Some(1), "a statement failed");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let errors: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON Lines"))
        .filter(|v| v.get("error").is_some())
        .collect();
    assert_eq!(errors.len(), 1, "{stdout}");
    assert_eq!(errors[0]["error"]["code"], "authorization-failed");
    assert_eq!(errors[0]["statement"], "az group create -n rg2 -l eastus");
    assert!(errors[0]["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("(AuthorizationFailed) The client '")));
}

/// AU-10.1: a user is named by UPN in the refusal.
#[test]
fn au_10_1_the_learner_is_owner_and_named_by_upn() {
    let session = run(&with_setup("az account show\n"));
    assert_eq!(
        json(&session, "az account show")["user"],
        serde_json::json!({ "name": CALLER, "type": "user" })
    );
    let log = &session.world.activity_log;
    assert!(!log.is_empty());
    assert!(log
        .iter()
        .all(|e| e.caller == CALLER && e.status == ActivityStatus::Succeeded));
}

/// AU-10.1, AU-10.5: lists show only what the caller may read.
#[test]
fn au_10_1_lists_show_only_what_the_caller_may_read() {
    let session = run(&with_setup(
        "\
az group create -n rg2 -l eastus
az vm create -g rg2 -n vm2 --image Ubuntu2204
az role assignment create --assignee $vmId --role Reader --scope $rg1
mip on vm1
az login --identity
az group list --query [].name -o tsv
az vm list --query [].name -o tsv
az role assignment list --scope $rg1 --query [].roleDefinitionName -o tsv
",
    ));
    let names = |text: &str| json(&session, text).clone();
    assert_eq!(
        names("az group list --query [].name -o tsv"),
        serde_json::json!(["rg1"])
    );
    assert_eq!(
        names("az vm list --query [].name -o tsv"),
        serde_json::json!(["vm1"])
    );
    assert_eq!(
        names("az role assignment list --scope $rg1 --query [].roleDefinitionName -o tsv"),
        serde_json::json!(["Reader"])
    );
}

/// AU-10.3: creating a role assignment needs `roleAssignments/write`; Contributor excludes it.
#[test]
fn au_10_3_contributor_cannot_create_role_assignments() {
    let (session, error) = only_error(
        &with_setup(
            "\
az role assignment create --assignee $vmId --role Contributor --scope $sub
mip on vm1
az login --identity
az role assignment create --assignee $vmId --role Owner --scope $sub
",
        ),
        "az role assignment create --assignee $vmId --role Owner --scope $sub",
    );
    let vm_id = var(&session, "vmId");
    let sub = subscription(&session);
    assert_eq!(error.kind, ErrorKind::AuthorizationFailed);
    let prefix = format!("(AuthorizationFailed) The client '{vm_id}' with object id '{vm_id}' does not have authorization or an ABAC condition not fulfilled to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments/");
    assert!(error.message.starts_with(&prefix), "{}", error.message);
    assert_eq!(
        session
            .world
            .assignments()
            .iter()
            .filter(|a| a.principal_id.to_string() == vm_id)
            .count(),
        1,
        "only the Contributor assignment exists"
    );
}

/// AU-10.4: the last Owner assignment at the subscription cannot be deleted.
#[test]
fn au_10_4_the_last_owner_assignment_at_the_subscription_stays() {
    let script = "\
owner=$(az role assignment list --role Owner --query [0].id -o tsv)
az role assignment delete --ids $owner
";
    let (session, error) = only_error(script, "az role assignment delete --ids $owner");
    assert_eq!(error.kind, ErrorKind::Conflict);
    assert_eq!(
        error.message,
        "Cannot delete the last RBAC admin assignment"
    );
    assert_eq!(session.world.assignments().len(), 1);
}

/// AU-10.6 and MI-2.4: attaching a user-assigned identity needs `assign/action` on it (Managed
/// Identity Operator); Virtual Machine Contributor has write on the VM but not that.
#[test]
fn au_10_6_attaching_an_identity_needs_assign_action_on_it() {
    let script = with_setup(
        "\
az identity create -g rg1 -n uami1
az vm create -g rg1 -n vm2 --image Ubuntu2204
az role assignment create --assignee $vmId --role 'Virtual Machine Contributor' --scope $rg1
mip on vm1
az login --identity
az vm identity assign -g rg1 -n vm2 --identities uami1
mip on local
az role assignment create --assignee $vmId --role 'Managed Identity Operator' --scope $(az identity show -g rg1 -n uami1 --query id -o tsv)
mip on vm1
az vm identity assign -g rg1 -n vm2 --identities uami1
",
    );
    let session = Session::run(&script);
    let failed: Vec<&Record> = session.records.iter().filter(|r| r.failed()).collect();
    let [refused] = failed.as_slice() else {
        panic!("only the first attach fails: {failed:?}");
    };
    let error = refused.error.as_ref().expect("an error");
    let vm_id = var(&session, "vmId");
    let find = |name: &str| {
        session
            .world
            .resources_named(name)
            .next()
            .map(|r| r.id.clone())
            .expect("resource exists")
    };
    let (vm2, uami1) = (find("vm2"), find("uami1"));
    let message = format!("The client '{vm_id}' with object id '{vm_id}' has permission to perform action 'Microsoft.Compute/virtualMachines/write' on scope '{vm2}'; however, it does not have permission to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked scope(s) '{uami1}' or the linked scope(s) are invalid.");
    assert_eq!(error.kind, ErrorKind::AuthorizationFailed);
    assert_eq!(
        error.message,
        format!("(LinkedAuthorizationFailed) {message}\nCode: LinkedAuthorizationFailed\nMessage: {message}")
    );
    let attached = session
        .world
        .resource(&vm2)
        .map(|r| r.identity.user_assigned.len());
    assert_eq!(attached, Some(1), "attached once, after the grant");
}

/// MI-2.4: creating a user-assigned identity needs `userAssignedIdentities/write` (Managed
/// Identity Contributor); Reader is refused.
#[test]
fn mi_2_4_creating_an_identity_needs_managed_identity_contributor() {
    let script = with_setup(
        "\
az role assignment create --assignee $vmId --role Reader --scope $rg1
mip on vm1
az login --identity
az identity create -g rg1 -n uami1
mip on local
az role assignment create --assignee $vmId --role 'Managed Identity Contributor' --scope $rg1
mip on vm1
az identity create -g rg1 -n uami1
",
    );
    let session = Session::run(&script);
    let errors: Vec<&ScriptError> = session
        .records
        .iter()
        .filter_map(|r| r.error.as_ref())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains(
        "'Microsoft.ManagedIdentity/userAssignedIdentities/write' over scope '/subscriptions/"
    ));
    assert!(session.world.resources_named("uami1").next().is_some());
}

/// SI-8.4: on the learner's machine there is no identity endpoint.
#[test]
fn si_8_4_login_identity_needs_a_host_with_an_identity_endpoint() {
    let (_, error) = only_error("az login --identity\n", "az login --identity");
    assert_eq!(error.kind, ErrorKind::SignInFailed);
    assert!(error.message.starts_with("Failed to connect to MSI."));
    assert!(error.message.contains("mip on"));
}

/// SI-8.4: at most one ID, and `--identity` takes no other credentials.
#[test]
fn si_8_4_login_identity_takes_one_selector() {
    let cases = [
        (
            "az login --identity --client-id 00000000-0000-0000-0000-000000000001 --object-id 00000000-0000-0000-0000-000000000002",
            "Usage error: Provide only one of --client-id, --object-id, --resource-id.",
        ),
        (
            "az login --identity --tenant contoso.onmicrosoft.com",
            "usage error: '--identity' is not applicable with other arguments",
        ),
        (
            "az login --identity -u 00000000-0000-0000-0000-000000000001",
            "Passing the managed identity ID with --username is no longer supported. Use --client-id, --object-id or --resource-id instead.",
        ),
    ];
    for (statement, message) in cases {
        let (_, error) = only_error(
            &with_setup(&format!("mip on vm1\n{statement}\n")),
            statement,
        );
        assert_eq!(error.message, message, "{statement}");
    }
}

/// SI-8.5: `user.name` says whether an ID was given; `assignedIdentityInfo` says which.
#[test]
fn si_8_5_account_show_names_the_managed_identity() {
    let session = run(&with_setup(
        "\
az identity create -g rg1 -n uami1
az vm identity assign -g rg1 -n vm1 --identities uami1
client=$(az identity show -g rg1 -n uami1 --query clientId -o tsv)
az role assignment create --assignee $vmId --role Reader --scope $rg1
az role assignment create --assignee $client --role Reader --scope $rg1
mip on vm1
az login --identity
az account show --query user
az login --identity --client-id $client
az account show
",
    ));
    assert_eq!(
        json(&session, "az account show --query user"),
        &serde_json::json!({
            "assignedIdentityInfo": "MSI",
            "name": "systemAssignedIdentity",
            "type": "servicePrincipal"
        })
    );
    let client = var(&session, "client");
    let shown = json(&session, "az account show");
    assert_eq!(
        shown["user"],
        serde_json::json!({
            "assignedIdentityInfo": format!("MSIClient-{client}"),
            "name": "userAssignedIdentity",
            "type": "servicePrincipal"
        })
    );
    assert_eq!(shown["environmentName"], "AzureCloud");
    assert_eq!(shown["id"], subscription(&session).as_str());
    let logged_in = json(&session, "az login --identity --client-id $client");
    assert_eq!(logged_in[0]["cloudName"], "AzureCloud");
    assert!(logged_in[0].get("environmentName").is_none());
}

/// SI-8.6: an identity with no role in any subscription cannot sign in, unless it asks for a
/// tenant-level account.
#[test]
fn si_8_6_an_identity_without_roles_has_no_subscriptions() {
    let (_, error) = only_error(
        &with_setup("mip on vm1\naz login --identity\n"),
        "az login --identity",
    );
    assert_eq!(error.kind, ErrorKind::SignInFailed);
    assert_eq!(error.message, "No access was configured for the managed identity, hence no subscriptions were found. If this is expected, use '--allow-no-subscriptions' to have tenant level access.");
    let session = run(&with_setup(
        "mip on vm1\naz login --identity --allow-no-subscriptions\naz account show\n",
    ));
    let shown = json(&session, "az account show");
    assert_eq!(shown["name"], "N/A(tenant level account)");
    assert_eq!(shown["id"], session.world.tenant_id().to_string().as_str());
}

/// SI-8.7, SI-8.9: a resource starts signed out; `az logout` signs out; az then asks for a login.
#[test]
fn si_8_9_logout_and_signed_out_machines() {
    let script = with_setup(
        "\
mip on vm1
az group list
az account list
mip on local
az logout
az group show -n rg1
az logout
az login
az group show -n rg1
",
    );
    let session = Session::run(&script);
    let errors: Vec<(&str, ErrorKind, &str)> = session
        .records
        .iter()
        .filter_map(|r| {
            r.error
                .as_ref()
                .map(|e| (r.text.as_str(), e.kind, e.message.as_str()))
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "az group list",
                ErrorKind::NotSignedIn,
                "Please run 'az login' to setup account."
            ),
            (
                "az group show -n rg1",
                ErrorKind::NotSignedIn,
                "Please run 'az login' to setup account."
            ),
            (
                "az logout",
                ErrorKind::NotSignedIn,
                "There are no active accounts."
            ),
        ]
    );
    assert_eq!(json(&session, "az account list"), &serde_json::json!([]));
    assert!(record(&session, "az login")
        .notes
        .iter()
        .any(|n| n.contains("signed in as the learner")));
    assert_eq!(record(&session, "mip on vm1").host, Host::Local);
    assert!(matches!(
        record(&session, "az account list").host,
        Host::Resource(_)
    ));
}

/// SI-8.1: interactive sign-in cannot complete on a resource; `-u`/`-p` warns about MFA.
#[test]
fn si_8_1_interactive_and_password_sign_in() {
    let (_, error) = only_error(&with_setup("mip on vm1\naz login\n"), "az login");
    assert_eq!(error.kind, ErrorKind::SignInFailed);
    assert!(error.message.contains("az login --identity"));
    let session = run(&format!(
        "az login -u {CALLER} -p not-checked\naz account show\n"
    ));
    let login = record(&session, &format!("az login -u {CALLER} -p not-checked"));
    assert!(login.notes.iter().any(|n| n.contains("MFA")));
    let (_, unknown) = only_error(
        "az login -u nobody@contoso.onmicrosoft.com -p x\n",
        "az login -u nobody@contoso.onmicrosoft.com -p x",
    );
    assert!(unknown.message.starts_with(
        "AADSTS50034: The user account nobody@contoso.onmicrosoft.com does not exist"
    ));
}

/// SI-8.2: a service principal sign-in needs its app id, a credential and the tenant.
#[test]
fn si_8_2_service_principal_sign_in_needs_username_and_tenant() {
    let statement = "az login --service-principal -p secret --tenant contoso.onmicrosoft.com";
    let (_, error) = only_error(&format!("{statement}\n"), statement);
    assert_eq!(
        error.message,
        "usage error: --service-principal --username NAME --password SECRET --tenant TENANT"
    );
    let statement = "az login --service-principal -u 00000000-0000-0000-0000-000000000001 -p secret --tenant contoso.onmicrosoft.com";
    let (_, error) = only_error(&format!("{statement}\n"), statement);
    assert_eq!(error.kind, ErrorKind::SignInFailed);
    assert!(error.message.starts_with("AADSTS700016: Application with identifier '00000000-0000-0000-0000-000000000001' was not found"));
}

/// SI-8.8: `az account set` matches a name case-insensitively; an unknown one is refused with the
/// value lower-cased.
#[test]
fn si_8_8_account_set_chooses_a_visible_subscription() {
    let session = run("az account set --subscription 'playground SUBSCRIPTION'\n");
    assert!(session.records[0].error.is_none());
    let (_, error) = only_error(
        "az account set -s Elsewhere\n",
        "az account set -s Elsewhere",
    );
    assert_eq!(
        error.message,
        "The subscription of 'elsewhere' doesn't exist in cloud 'AzureCloud'."
    );
}

/// LG-7.2: sign-ins are logged with their kind and the machine that asked.
#[test]
fn lg_7_2_sign_ins_carry_their_kind() {
    let session = run(&with_setup(
        "\
az role assignment create --assignee $vmId --role Reader --scope $rg1
mip on vm1
az login --identity
mip on local
az login -u learner@contoso.onmicrosoft.com -p x
",
    ));
    let vm1 = session
        .world
        .resources_named("vm1")
        .next()
        .map(|r| r.id.clone())
        .expect("vm1");
    let kinds: Vec<(SignInKind, Host)> = session
        .world
        .sign_ins
        .iter()
        .map(|e| (e.kind, e.requester.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                SignInKind::ManagedIdentity(ManagedIdentityType::SystemAssigned),
                Host::Resource(vm1)
            ),
            (SignInKind::User, Host::Local),
        ]
    );
}

/// `mip on`: when the resource the statements run on is deleted, statements fail until
/// `mip on local`.
#[test]
fn lg_7_1_a_deleted_host_stops_the_statements_until_mip_on_local() {
    let script = with_setup(
        "\
az role assignment create --assignee $vmId --role Contributor --scope $rg1
mip on vm1
az login --identity
az vm delete -g rg1 -n vm1 --yes
az group show -n rg1
mip on local
az group show --name rg1
",
    );
    let (session, error) = only_error(&script, "az group show -n rg1");
    assert_eq!(error.kind, ErrorKind::HostGone);
    assert!(error.message.contains("mip on local"));
    let deleted = session
        .world
        .activity_log
        .iter()
        .find(|e| e.operation == "Microsoft.Compute/virtualMachines/delete")
        .expect("the delete is logged");
    assert_eq!(
        deleted.caller,
        var(&session, "vmId"),
        "LG-7.1: the identity did it"
    );
}

/// `mip on` moves statements only onto resources that run code and hold identities; the record
/// keeps the machine each statement ran on.
#[test]
fn mip_on_runs_statements_on_resources_that_can_hold_an_identity() {
    let script = with_setup(
        "\
az keyvault create -g rg1 -n kv1
mip on kv1
mip on vm1
az login --use-device-code
mip on local
",
    );
    let session = Session::run(&script);
    let errors: Vec<(&str, ErrorKind)> = session
        .records
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| (r.text.as_str(), e.kind)))
        .collect();
    assert_eq!(
        errors,
        [
            ("mip on kv1", ErrorKind::InvalidValue),
            ("az login --use-device-code", ErrorKind::SignInFailed)
        ]
    );
    let vm1 = session
        .world
        .resources_named("vm1")
        .next()
        .map(|r| r.id.clone())
        .expect("vm1");
    assert_eq!(
        record(&session, "az login --use-device-code").host,
        Host::Resource(vm1)
    );
    assert!(record(&session, "mip on vm1")
        .notes
        .iter()
        .any(|n| n.contains("az login --identity")));
    assert_eq!(session.world.host, Host::Local);
}
