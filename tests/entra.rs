//! Entra ID principals beyond managed identities: users, security groups, app registrations,
//! their service principals and secrets (EN-9.1 … EN-9.8, EN-9.16, SI-8.10).
//!
//! Every test drives a script of real `az` statements through [`Session::run`] and looks at what
//! a learner sees: JSON output, notes, errors, events and access decisions. Each test is named
//! after the rule it proves and its doc comment quotes the rule briefly.

mod support;

use serde_json::Value;
use support::{json, only_failure, record};

use mip::sim::directory::{ObjectKind, PrincipalSource};
use mip::sim::evaluate::{Outcome, Reason};
use mip::sim::event::Event;
use mip::sim::ids::Guid;
use mip::sim::scope::Scope;
use mip::sim::script::error::ErrorKind;
use mip::sim::script::session::Session;
use mip::view::describe::event_text;

/// A storage account, a VM with a system-assigned identity, and their ids in variables.
const SETUP: &str = "\
az group create -n rg1 -l eastus
az storage account create -g rg1 -n store1
az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity
storeId=$(az storage account show -n store1 -g rg1 --query id -o tsv)
vmPrincipal=$(az vm show -n vm1 -g rg1 --query identity.principalId -o tsv)
";

/// Runs SETUP + `script`, none of which may fail.
fn run(script: &str) -> Session {
    support::run(&format!("{SETUP}{script}"))
}

fn guid(session: &Session, var: &str) -> Guid {
    let text = session.var(var).unwrap_or_else(|| panic!("no ${var}"));
    Guid::parse(text.trim()).unwrap_or_else(|| panic!("${var} is not a GUID: {text}"))
}

/// Runs SETUP + `script`; exactly the statement containing `failing` fails; returns its error.
fn failure(script: &str, failing: &str) -> (ErrorKind, String) {
    let (_, e) = only_failure(&format!("{SETUP}{script}"), |r| r.text.contains(failing));
    (e.kind, e.message)
}

fn decision_of(
    session: &Session,
    principal: Guid,
    operation: &str,
    scope_var: &str,
) -> (Outcome, Reason, String) {
    let scope = Scope::parse(session.var(scope_var).unwrap_or_default().trim()).expect("a scope");
    let d = session.world.check_access(principal, operation, &scope);
    (d.outcome, d.reason, d.explanation)
}

const READ_BLOBS: &str = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";

// ----- users --------------------------------------------------------------------------------

/// Users live in the tenant's verified domain; Graph refuses another domain, a taken UPN and a
/// weak password, and `az ad user show|list|delete` find users by UPN or object id.
#[test]
fn users_are_created_in_the_tenant_domain_and_found_by_upn_or_object_id() {
    let session = run("\
az ad user create --display-name Alice --user-principal-name alice@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd' --force-change-password-next-sign-in
alice=$(az ad user show --id alice@contoso.onmicrosoft.com --query id -o tsv)
az ad user show --id $alice
az ad user list --display-name Ali
az ad user list --filter \"userPrincipalName eq 'ALICE@contoso.onmicrosoft.com'\"
az ad user list --upn learner@contoso.onmicrosoft.com
");
    let created = json(&session, "az ad user create");
    assert_eq!(
        created["userPrincipalName"],
        "alice@contoso.onmicrosoft.com"
    );
    assert_eq!(created["displayName"], "Alice");
    let alice = guid(&session, "alice");
    assert_eq!(json(&session, "show --id $alice")["id"], alice.to_string());
    for listing in ["az ad user list --display-name Ali", "--filter"] {
        let list = json(&session, listing).as_array().expect("a list").clone();
        assert_eq!(list.len(), 1, "{listing}");
        assert_eq!(list[0]["id"], alice.to_string());
    }
    assert_eq!(json(&session, "--upn learner")[0]["displayName"], "Learner");
    assert!(matches!(
        record(&session, "az ad user create").events.as_slice(),
        [Event::UserCreated { .. }]
    ));

    let (kind, message) = failure(
        "az ad user create --display-name Eve --user-principal-name eve@fabrikam.com --password 'Str0ng!Passw0rd'",
        "eve@",
    );
    assert_eq!(kind, ErrorKind::InvalidValue);
    assert!(
        message.starts_with("The domain portion of the userPrincipalName property is invalid."),
        "{message}"
    );
    let (kind, message) = failure(
        "az ad user create --display-name L --user-principal-name Learner@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd'",
        "--display-name L ",
    );
    assert_eq!(kind, ErrorKind::Conflict);
    assert_eq!(
        message,
        "Another object with the same value for property userPrincipalName already exists."
    );
    let (_, message) = failure(
        "az ad user create --display-name Bob --user-principal-name bob@contoso.onmicrosoft.com --password secret",
        "bob@",
    );
    assert!(message.contains("password complexity"), "{message}");
}

/// A deleted user leaves its groups; its role assignments stay, orphaned (MI-1.5), and
/// `az ad user show` then answers as Graph does.
#[test]
fn deleting_a_user_orphans_its_assignments() {
    let session = run("\
alice=$(az ad user create --display-name Alice --user-principal-name alice@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd' --query id -o tsv)
az role assignment create --assignee $alice --role 'Storage Blob Data Reader' --scope $storeId
az ad user delete --id alice@contoso.onmicrosoft.com
");
    let events = &record(&session, "az ad user delete").events;
    assert!(
        matches!(
            events.as_slice(),
            [
                Event::UserDeleted { .. },
                Event::RoleAssignmentOrphaned { .. }
            ]
        ),
        "{events:?}"
    );
    let (kind, message) = failure(
        "az ad user show --id alice@contoso.onmicrosoft.com",
        "az ad user show",
    );
    assert_eq!(kind, ErrorKind::NotFound);
    assert_eq!(message, "Resource 'alice@contoso.onmicrosoft.com' does not exist or one of its queried reference-property objects are not present.");
}

/// SI-8.10: `az ad signed-in-user show` is Graph's `/me`: the signed-in user (here the learner).
/// (A service principal or managed identity caller fails with `/me request is only valid with
/// delegated authentication flow.`, proved by the handler's unit test until `az login` exists.)
#[test]
fn si_8_10_signed_in_user_show_is_the_signed_in_user() {
    let session = run("az ad signed-in-user show\n");
    let me = json(&session, "signed-in-user");
    assert_eq!(me["userPrincipalName"], "learner@contoso.onmicrosoft.com");
    assert_eq!(me["id"], session.world.learner.to_string());
}

// ----- groups (EN-9.1, EN-9.2) ---------------------------------------------------------------

const GROUPS: &str = "\
alice=$(az ad user create --display-name Alice --user-principal-name alice@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd' --query id -o tsv)
readers=$(az ad group create --display-name 'Blob readers' --mail-nickname blob-readers --query id -o tsv)
apps=$(az ad group create --display-name 'App identities' --mail-nickname app-identities --query id -o tsv)
az ad group member add --group 'Blob readers' --member-id $alice
az ad group member add --group $readers --member-id $apps
az ad group member add --group 'App identities' --member-id $vmPrincipal
";

/// EN-9.1: "Security groups can contain users, devices, service principals (managed identities
/// included) and other groups."
#[test]
fn en_9_1_security_groups_hold_users_managed_identities_and_groups() {
    let session = run(&format!("{GROUPS}az ad group member list --group 'Blob readers'\naz ad group member list --group $apps\naz ad group show --group $readers\n"));
    let members = json(&session, "member list --group 'Blob readers'");
    let types: Vec<&str> = members
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| m["@odata.type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(types, ["#microsoft.graph.user", "#microsoft.graph.group"]);
    let inner = json(&session, "member list --group $apps");
    assert_eq!(inner[0]["servicePrincipalType"], "ManagedIdentity");
    assert_eq!(inner[0]["displayName"], "vm1");
    let group = json(&session, "az ad group show");
    assert_eq!(group["securityEnabled"], true);
    assert_eq!(group["mailEnabled"], false);
    assert_eq!(group["mailNickname"], "blob-readers");
    assert!(matches!(
        record(&session, "--member-id $vmPrincipal")
            .events
            .as_slice(),
        [Event::GroupMemberAdded { .. }]
    ));
    // TK-3.8: adding a managed identity says when its code would see the change in Azure.
    let notes = &record(&session, "--member-id $vmPrincipal").notes;
    assert!(notes.iter().any(|n| n.contains("TK-3.8")), "{notes:?}");
    assert!(record(&session, "--member-id $alice").notes.is_empty());

    let (kind, message) = failure(
        &format!("{GROUPS}az ad group member add --group $apps --member-id $vmPrincipal\n"),
        "--group $apps --member-id",
    );
    assert_eq!(kind, ErrorKind::Conflict);
    assert_eq!(message, "One or more added object references already exist for the following modified properties: 'members'.");
    let (kind, message) = failure("az ad group show --group Nobody\n", "--group Nobody");
    assert_eq!(kind, ErrorKind::NotFound);
    assert_eq!(message, "Group Nobody is not found in Graph");
}

/// EN-9.2: "An Azure role assigned to a group applies to its members, transitively through
/// nested groups"; `az ad group member check` counts nested membership too.
#[test]
fn en_9_2_a_group_role_applies_to_members_through_nested_groups() {
    let session = run(&format!(
        "{GROUPS}\
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $storeId
mip wait 24h
mip expect allowed --from vm1 --action 'Read blobs' --scope $storeId
az ad group member check --group $readers --member-id $vmPrincipal
az ad group member remove --group $apps --member-id $vmPrincipal
mip wait 24h
mip expect denied --reason no-role-assignment --from vm1 --action 'Read blobs' --scope $storeId
az ad group member check --group 'Blob readers' --member-id $vmPrincipal
"
    ));
    assert_eq!(json(&session, "check --group $readers")["value"], true);
    assert_eq!(
        json(&session, "check --group 'Blob readers'")["value"],
        false
    );
    let explanation = match &record(&session, "mip expect allowed").output {
        mip::sim::script::command::Output::Decision(d) => d.explanation.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        explanation.contains("through group Blob readers"),
        "{explanation}"
    );

    let alice = guid(&session, "alice");
    let (outcome, reason, explanation) = decision_of(&session, alice, READ_BLOBS, "storeId");
    assert_eq!(
        (outcome, reason),
        (Outcome::Allowed, Reason::RoleAssignment)
    );
    assert!(explanation.starts_with("Allowed: user alice@contoso.onmicrosoft.com has 'Storage Blob Data Reader' at storage account store1 through group Blob readers."), "{explanation}");
    // The bulk matrix agrees with the single check.
    let scope = Scope::parse(session.var("storeId").unwrap_or_default()).expect("scope");
    let matrix = session.world.access_matrix(
        &[alice, guid(&session, "vmPrincipal")],
        &[scope],
        READ_BLOBS,
    );
    assert_eq!(matrix.get(0, 0).map(|v| v.outcome), Some(Outcome::Allowed));
    assert_eq!(
        matrix.get(1, 0).map(|v| v.reason),
        Some(Reason::NoRoleAssignment)
    );
}

/// EN-9.2 with RB-4.7: a deny assignment that lists a group denies its members.
#[test]
fn en_9_2_a_deny_assignment_for_a_group_applies_to_its_members() {
    let session = run(&format!("{GROUPS}\
az role assignment create --assignee $vmPrincipal --role 'Storage Blob Data Reader' --scope $storeId
mip deny-assignment create --name no-reads --scope $storeId --data-actions 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' --principals $readers
mip wait 24h
mip expect denied --reason deny-assignment --from vm1 --action 'Read blobs' --scope $storeId
"));
    let vm = guid(&session, "vmPrincipal");
    let scope = Scope::parse(session.var("storeId").unwrap_or_default()).expect("scope");
    let matrix = session.world.access_matrix(&[vm], &[scope], READ_BLOBS);
    assert_eq!(
        matrix.get(0, 0).map(|v| v.reason),
        Some(Reason::DenyAssignment)
    );
}

/// A deleted group takes what it granted from its members; its own assignment stays orphaned.
#[test]
fn en_9_2_deleting_a_group_ends_what_it_granted() {
    let session = run(&format!(
        "{GROUPS}\
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $storeId
az ad group delete --group 'Blob readers'
mip expect denied --from vm1 --action 'Read blobs' --scope $storeId
"
    ));
    let events = &record(&session, "az ad group delete").events;
    assert!(
        matches!(
            events.as_slice(),
            [
                Event::GroupDeleted { .. },
                Event::RoleAssignmentOrphaned { .. }
            ]
        ),
        "{events:?}"
    );
}

/// The explanation of a `mip check` (or `mip expect`) statement.
fn explanation_of(session: &Session, text: &str) -> String {
    match &record(session, text).output {
        mip::sim::script::command::Output::Decision(d) => d.explanation.clone(),
        other => panic!("{other:?}"),
    }
}

/// TK-3.8: "For managed identities, membership changes apply only once cached tokens expire":
/// a managed identity's new membership grants access only 24 hours after it was added, while
/// Graph shows it at once.
#[test]
fn tk_3_8_a_managed_identity_gets_a_new_group_role_only_after_its_token_expires() {
    let session = run(&format!(
        "{GROUPS}\
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $storeId
mip wait 2h
mip check --from vm1 --action 'Read blobs' --scope $storeId
az ad group member check --group $readers --member-id $vmPrincipal
mip wait 21h
mip expect denied --reason no-role-assignment --from vm1 --action 'Read blobs' --scope $storeId
mip wait 1h
mip expect allowed --from vm1 --action 'Read blobs' --scope $storeId
"
    ));
    let explanation = explanation_of(&session, "mip check --from vm1");
    assert!(explanation.contains("Denied: "), "{explanation}");
    assert!(
        explanation.contains("vm1 joined group App identities 2 hours ago; its cached token predates that for about 22 more hours (TK-3.8).")
            && explanation.contains("vm1 joined group Blob readers 2 hours ago"),
        "{explanation}"
    );
    assert_eq!(json(&session, "az ad group member check")["value"], true);
    let explanation = explanation_of(&session, "mip expect allowed");
    assert!(!explanation.contains("TK-3.8"), "{explanation}");
}

/// TK-3.8: a removed membership still counts for a managed identity until its cached token
/// expires, 24 hours after the removal; Graph no longer lists it.
#[test]
fn tk_3_8_a_removed_membership_still_counts_until_the_token_expires() {
    let session = run(&format!(
        "{GROUPS}\
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $storeId
mip wait 24h
az ad group member remove --group $apps --member-id $vmPrincipal
az ad group member list --group $apps
mip wait 3h
mip check --from vm1 --action 'Read blobs' --scope $storeId
mip wait 21h
mip expect denied --reason no-role-assignment --from vm1 --action 'Read blobs' --scope $storeId
"
    ));
    assert_eq!(
        json(&session, "az ad group member list"),
        &Value::Array(Vec::new())
    );
    let notes = &record(&session, "az ad group member remove").notes;
    assert!(notes.iter().any(|n| n.contains("TK-3.8")), "{notes:?}");
    let explanation = explanation_of(&session, "mip check --from vm1");
    assert!(explanation.contains("Allowed: vm1 (system-assigned) has 'Storage Blob Data Reader' at storage account store1 through group Blob readers."), "{explanation}");
    assert!(
        explanation.contains("vm1 left group App identities 3 hours ago; its cached token still carries that membership for about 21 more hours (TK-3.8)."),
        "{explanation}"
    );
    // The bulk matrix follows the same cached membership as the single check.
    let vm = guid(&session, "vmPrincipal");
    let scope = Scope::parse(session.var("storeId").unwrap_or_default()).expect("scope");
    let matrix = session.world.access_matrix(&[vm], &[scope], READ_BLOBS);
    assert_eq!(
        matrix.get(0, 0).map(|v| v.reason),
        Some(Reason::NoRoleAssignment)
    );
}

/// TK-3.8 with EN-9.2: the lag covers every link of a nested membership: a managed identity
/// whose group joins another group later gets that group's role only 24 hours after the join.
#[test]
fn tk_3_8_a_nested_group_joined_later_reaches_a_managed_identity_a_day_later() {
    let session = run(&format!(
        "{GROUPS}\
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $storeId
az ad group member remove --group $readers --member-id $apps
mip wait 48h
az ad group member add --group $readers --member-id $apps
mip wait 23h
mip check --from vm1 --action 'Read blobs' --scope $storeId
mip wait 1h
mip expect allowed --from vm1 --action 'Read blobs' --scope $storeId
"
    ));
    let explanation = explanation_of(&session, "mip check --from vm1");
    assert!(explanation.contains("Denied: "), "{explanation}");
    assert!(
        explanation.contains("vm1 joined group Blob readers 23 hours ago; its cached token predates that for about 1 more hour (TK-3.8)."),
        "{explanation}"
    );
}

/// EN-9.2 with TK-3.8: users and applications' service principals sign in again and see a
/// membership change at once; only managed identities wait for their cached token.
#[test]
fn en_9_2_users_and_applications_see_membership_changes_at_once() {
    let session = run(&format!(
        "{GROUPS}\
appId=$(az ad app create --display-name billing-api --query appId -o tsv)
spId=$(az ad sp create --id $appId --query id -o tsv)
az ad group member add --group $apps --member-id $spId
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $storeId
"
    ));
    let scope = Scope::parse(session.var("storeId").unwrap_or_default()).expect("scope");
    let principals = [
        guid(&session, "alice"),
        guid(&session, "spId"),
        guid(&session, "vmPrincipal"),
    ];
    let matrix = session
        .world
        .access_matrix(&principals, std::slice::from_ref(&scope), READ_BLOBS);
    let expected = [Outcome::Allowed, Outcome::Allowed, Outcome::Denied];
    for (row, (principal, outcome)) in principals.iter().zip(expected).enumerate() {
        let d = session.world.check_access(*principal, READ_BLOBS, &scope);
        assert_eq!(d.outcome, outcome, "{}", d.explanation);
        assert_eq!(matrix.get(row, 0).map(|v| v.outcome), Some(outcome));
    }
    assert!(record(&session, "--member-id $spId").notes.is_empty());
}

/// EN-9.2, EN-9.16: `az role assignment list --assignee X --include-groups` adds the assignments
/// X gets through its groups, transitively (ARM's `assignedTo()`), as Graph has them now.
#[test]
fn en_9_2_role_assignment_list_include_groups_adds_group_assignments() {
    let session = run(&format!(
        "{GROUPS}\
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $storeId
az role assignment create --assignee $vmPrincipal --role Reader --scope $storeId
az role assignment list --assignee $vmPrincipal --all
az role assignment list --assignee $vmPrincipal --all --include-groups
az role assignment list --assignee alice@contoso.onmicrosoft.com --scope $storeId --include-groups
"
    ));
    let roles = |text: &str| -> Vec<String> {
        let mut roles: Vec<String> = json(&session, text)
            .as_array()
            .expect("a list")
            .iter()
            .map(|a| {
                a["roleDefinitionName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        roles.sort();
        roles
    };
    assert_eq!(
        roles("az role assignment list --assignee $vmPrincipal --all"),
        ["Reader"]
    );
    assert_eq!(
        roles("az role assignment list --assignee $vmPrincipal --all --include-groups"),
        ["Reader", "Storage Blob Data Reader"]
    );
    let alice = json(&session, "--assignee alice@contoso.onmicrosoft.com");
    assert_eq!(
        alice[0]["principalId"],
        session.var("readers").unwrap_or_default().trim()
    );
    assert_eq!(alice[0]["principalType"], "Group");
}

/// EN-9.2: ARM's `assignedTo()` filter, behind `--include-groups`, does not accept a group id.
#[test]
fn en_9_2_include_groups_refuses_a_group_id() {
    let (kind, message) = failure(
        &format!(
            "{GROUPS}az role assignment list --assignee $readers --all --include-groups
"
        ),
        "--include-groups",
    );
    assert_eq!(kind, ErrorKind::InvalidValue);
    assert!(
        message.contains("assignedTo()") && message.contains("Blob readers"),
        "{message}"
    );
}

// ----- applications and their service principals (EN-9.3 … EN-9.8) -------------------------

/// EN-9.3: `az ad app create` creates only the application; `az ad sp create --id <appId>` adds
/// the service principal; creating again with the same display name patches the existing app;
/// deleting the application deletes its service principal (soft-deleted, MI-1.4), whose role
/// assignments stay orphaned (MI-1.5).
#[test]
fn en_9_3_an_app_registration_gets_its_principal_separately_and_takes_it_along() {
    let session = run("\
appId=$(az ad app create --display-name billing-api --query appId -o tsv)
az ad sp list --display-name billing-api
spId=$(az ad sp create --id $appId --query id -o tsv)
az ad app create --display-name billing-api
az role assignment create --assignee $appId --role Reader --scope $storeId
az ad app delete --id $appId
");
    assert_eq!(
        json(&session, "az ad sp list").as_array().map(Vec::len),
        Some(0)
    );
    let again = record(&session, "az ad app create --display-name billing-api");
    let app_object = session
        .world
        .directory
        .deleted()
        .first()
        .map(|d| d.principal.clone())
        .expect("soft-deleted principal");
    assert!(
        again.notes.iter().any(
            |n| n.starts_with("Found an existing application instance: (id) ")
                && n.ends_with(". We will patch it.")
        ),
        "{:?}",
        again.notes
    );
    assert!(again.events.is_empty());
    assert_eq!(app_object.object_id, guid(&session, "spId"));
    let events = &record(&session, "az ad app delete").events;
    let kinds: Vec<String> = events
        .iter()
        .map(|e| {
            format!("{e:?}")
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "ServicePrincipalDeleted",
            "RoleAssignmentOrphaned",
            "ApplicationDeleted"
        ]
    );
    assert!(session.world.directory.applications().next().is_none());
}

/// EN-9.4 / EN-9.5: an application's principal has `servicePrincipalType` `Application` and its
/// appId in `servicePrincipalNames`; `az ad sp list` takes Graph's filters.
#[test]
fn en_9_4_application_principals_are_listed_with_type_application() {
    let session = run("\
appId=$(az ad app create --display-name web-frontend --query appId -o tsv)
az ad sp create --id $appId
az ad sp show --id $appId
az ad sp list --filter \"servicePrincipalType eq 'Application'\"
az ad sp list --filter \"startswith(displayName,'vm')\"
az ad sp list --filter \"appId eq '$appId'\"
az ad sp list --display-name web
az ad sp list --show-mine
az ad sp list --all
");
    let app_id = session.var("appId").unwrap_or_default().to_string();
    let shown = json(&session, "az ad sp show");
    assert_eq!(shown["servicePrincipalType"], "Application");
    assert_eq!(shown["servicePrincipalNames"][0], app_id.as_str());
    assert_eq!(shown["alternativeNames"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        shown["appOwnerOrganizationId"],
        session.world.tenant_id().to_string()
    );
    assert_eq!(shown["signInAudience"], "AzureADMyOrg");
    let names = |text: &str| -> Vec<String> {
        json(&session, text)
            .as_array()
            .expect("a list")
            .iter()
            .map(|p| p["displayName"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(names("servicePrincipalType eq"), ["web-frontend"]);
    assert_eq!(names("startswith(displayName,'vm')"), ["vm1"]);
    assert_eq!(names("appId eq"), ["web-frontend"]);
    assert_eq!(names("az ad sp list --display-name web"), ["web-frontend"]);
    assert_eq!(names("--show-mine"), ["web-frontend"]);
    assert_eq!(names("--all").len(), 2);
    assert!(record(&session, "--all").notes.is_empty());
    let (kind, message) = failure("az ad sp list --filter \"tags eq 'x'\"", "--filter");
    assert_eq!(kind, ErrorKind::InvalidValue);
    assert_eq!(message, "Unsupported or invalid query filter clause specified for property 'tags' of resource 'servicePrincipal'.");
    let (_, message) = failure("az ad sp delete --id $vmPrincipal", "az ad sp delete");
    assert!(message.contains("managed identity"), "{message}");
}

/// EN-9.6: create-for-rbac makes an app, its principal, a one-year secret and (with --role and
/// --scopes) role assignments; prints `{appId, displayName, password, tenant}` and the
/// credential warning; the secret is shown only there.
#[test]
fn en_9_6_create_for_rbac_makes_an_app_a_principal_a_secret_and_assignments() {
    let session = run("\
az ad sp create-for-rbac --name ci-deployer --role Contributor --scopes $storeId
appId=$(az ad app list --display-name ci-deployer --query [0].appId -o tsv)
az ad app credential list --id $appId
az role assignment list --scope $storeId
");
    let out = json(&session, "create-for-rbac");
    let keys: Vec<&String> = out.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["appId", "displayName", "password", "tenant"]);
    assert_eq!(out["displayName"], "ci-deployer");
    assert_eq!(out["tenant"], session.world.tenant_id().to_string());
    let secret = out["password"].as_str().expect("a secret").to_string();
    assert_eq!(secret.chars().count(), 40);
    assert_eq!(secret.get(4..6), Some("Q~"));
    let r = record(&session, "create-for-rbac");
    assert!(r
        .notes
        .iter()
        .any(|n| n.starts_with("The output includes credentials that you must protect.")));
    assert!(r
        .notes
        .iter()
        .any(|n| n
            .starts_with("Creating 'Contributor' role assignment under scope '/subscriptions/")));
    let kinds: Vec<String> = r
        .events
        .iter()
        .map(|e| {
            format!("{e:?}")
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "ApplicationCreated",
            "ServicePrincipalCreated",
            "CredentialAdded",
            "RoleAssignmentCreated"
        ]
    );
    // The secret's value never reaches an event, a sentence or a later listing.
    for event in &r.events {
        assert!(!format!("{event:?}").contains(&secret));
        assert!(!event_text(event).contains(&secret));
    }
    let listed = json(&session, "credential list");
    assert_eq!(listed[0]["hint"], secret.get(..3).unwrap_or_default());
    assert_eq!(listed[0]["secretText"], Value::Null);
    let end = listed[0]["endDateTime"].as_str().unwrap_or_default();
    assert!(
        end.starts_with("2027-01-01T00:00:"),
        "a year from now: {end}"
    );
    assert!(!listed.to_string().contains(&secret));
    let assignment = &json(&session, "az role assignment list")[0];
    assert_eq!(assignment["principalType"], "ServicePrincipal");
    assert_eq!(assignment["principalName"], out["appId"]);
    let sp = session
        .world
        .directory
        .by_app_id(Guid::parse(out["appId"].as_str().unwrap_or_default()).expect("app id"))
        .expect("a principal");
    assert!(matches!(sp.source, PrincipalSource::Application { .. }));
    assert_eq!(
        session.world.directory.kind_of(sp.object_id),
        Some(ObjectKind::ServicePrincipal)
    );
}

/// EN-9.6: without --name the app is called `azure-cli-YYYY-MM-DD-HH-MM-SS`, and without --role
/// and --scopes no role is assigned.
#[test]
fn en_9_6_create_for_rbac_defaults_its_name_from_the_clock() {
    let session = run("mip wait 90m\naz ad sp create-for-rbac\n");
    let name = json(&session, "create-for-rbac")["displayName"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(name.starts_with("azure-cli-2026-01-01-01-30-"), "{name}");
    assert_eq!(
        session.world.assignments().len(),
        1,
        "only the learner's Owner: no role assigned"
    );
}

/// EN-9.7: `--role` and `--scopes` go together; re-running create-for-rbac with the same name
/// reuses the app and deletes its existing passwords.
#[test]
fn en_9_7_role_needs_scopes_and_rerunning_replaces_the_secret() {
    let (kind, message) = failure(
        "az ad sp create-for-rbac --name ci --role Reader",
        "create-for-rbac",
    );
    assert_eq!(kind, ErrorKind::MissingArgument);
    assert_eq!(
        message,
        "Usage error: To create role assignments, specify both --role and --scopes."
    );
    let (_, message) = failure(
        "az ad sp create-for-rbac --name ci --scopes $storeId",
        "create-for-rbac",
    );
    assert_eq!(
        message,
        "Usage error: To create role assignments, specify both --role and --scopes."
    );

    let session = run("\
first=$(az ad sp create-for-rbac --name ci --query password -o tsv)
second=$(az ad sp create-for-rbac --name ci --query password -o tsv)
");
    assert_ne!(session.var("first"), session.var("second"));
    let apps: Vec<_> = session.world.directory.applications().collect();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].passwords.len(), 1);
    assert_eq!(
        Some(apps[0].passwords[0].secret.as_str()),
        session.var("second")
    );
    let rerun = record(&session, "second=");
    assert!(rerun
        .notes
        .iter()
        .any(|n| n.starts_with("Found an existing application instance")));
    assert!(rerun
        .events
        .iter()
        .any(|e| matches!(e, Event::CredentialRemoved { .. })));
}

/// EN-9.8: credential reset replaces every password (or adds one with --append), for 1 year by
/// default; --years and --end-date exclude each other; a secret past its end date has expired
/// on the simulated clock (SI-8.11's data).
#[test]
fn en_9_8_credential_reset_replaces_or_appends_and_secrets_expire() {
    let session = run("\
appId=$(az ad app create --display-name reporting --query appId -o tsv)
az ad sp create --id $appId
az ad app credential reset --id $appId
az ad app credential reset --id $appId --append --years 2 --display-name rotation
az ad sp credential reset --id $appId --end-date 2026-06-30
az ad app credential reset --id $appId --append
mip wait 400d
");
    let out = json(&session, "az ad app credential reset --id $appId");
    let keys: Vec<&String> = out.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["appId", "password", "tenant"]);
    let app = session
        .world
        .directory
        .applications()
        .next()
        .expect("the app")
        .clone();
    assert_eq!(
        app.passwords.len(),
        2,
        "the sp reset replaced both, then --append added one"
    );
    assert_eq!(
        app.passwords[0].end,
        mip::sim::script::time::parse_date("2026-06-30").unwrap_or_default()
    );
    assert!(app.passwords.iter().all(|p| p.expired(session.world.now)));
    let appended = record(&session, "--years 2");
    assert!(matches!(
        appended.events.as_slice(),
        [Event::CredentialAdded { .. }]
    ));
    let (_, message) = failure("az ad app create --display-name r\naz ad app credential reset --id $(az ad app list --display-name r --query [0].appId -o tsv) --years 1 --end-date 2027-01-01", "credential reset");
    assert_eq!(message, "usage error: --years | --end-date");
    // A certificate credential is refused rather than silently replaced by a secret.
    let (kind, message) = failure(
        "az ad sp create-for-rbac --name ci --create-cert",
        "create-for-rbac",
    );
    assert_eq!(kind, ErrorKind::InvalidValue);
    assert!(
        message.starts_with("--create-cert: certificate credentials are not modeled"),
        "{message}"
    );
}

/// EN-9.16: `principalName` is the UPN for users, the display name for groups and the appId for
/// service principals, and `principalType` says which.
#[test]
fn en_9_16_assignments_name_users_groups_and_service_principals() {
    let session = run(&format!(
        "{GROUPS}\
az role assignment create --assignee $alice --role Reader --scope $storeId
az role assignment create --assignee $readers --role Reader --scope $storeId
az role assignment create --assignee $vmPrincipal --role Reader --scope $storeId
az role assignment list --scope $storeId
"
    ));
    let list = json(&session, "az role assignment list");
    let rows: Vec<(String, String)> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| {
            (
                a["principalType"].as_str().unwrap_or_default().to_string(),
                a["principalName"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let vm_app_id = session
        .world
        .directory
        .get(guid(&session, "vmPrincipal"))
        .map(|p| p.app_id.to_string())
        .unwrap_or_default();
    assert_eq!(
        rows,
        [
            (
                "User".to_string(),
                "alice@contoso.onmicrosoft.com".to_string()
            ),
            ("Group".to_string(), "Blob readers".to_string()),
            ("ServicePrincipal".to_string(), vm_app_id),
        ]
    );
}
