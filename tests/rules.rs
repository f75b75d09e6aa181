//! One test (at least) per rule of `azure-rules.md`, named after what a learner notices.
//!
//! Every test drives the simulation the way a learner does, through a script of `az` and `mip`
//! statements ([`Session::run`]), and then looks at what the learner would see: the statements'
//! errors and JSON output, the Entra ID directory, role assignments, domain events, the Activity
//! Log and sign-in log, and token claims. Each test's doc comment quotes its rule briefly.
//!
//! Where a rule is a documentation fact the playground keeps as data rather than behaviour (a
//! propagation delay, a token cache, a credential nobody sees), the test checks what the model
//! does expose and its doc comment says what is left out.
//!
//! Explanations of representative decisions are `expect-test` snapshots: they document what a
//! learner reads. Refresh them with `UPDATE_EXPECT=1 cargo test --test rules`.

mod support;

use support::{assert_no_failures, json, only_failure, record, run};

use expect_test::{expect, Expect};
use serde_json::Value;

use mip::sim::account::Host;
use mip::sim::directory::{PrincipalSource, ServicePrincipal, SOFT_DELETE_SECONDS};
use mip::sim::evaluate::{Decision, Outcome, Reason, TraceStep};
use mip::sim::event::{ActivityEntry, Event, SignInEntry};
use mip::sim::ids::Guid;
use mip::sim::scope::ScopeLevel;
use mip::sim::script::command::Output;
use mip::sim::script::error::{ErrorKind, ScriptError};
use mip::sim::script::session::{Record, Session};
use mip::sim::token::{Token, MULTIPLE_UAMI_MESSAGE, TOKEN_LIFETIME_SECONDS};
use mip::sim::world::CALLER;

// ----- helpers ---------------------------------------------------------------------------------

/// A resource group with a storage account (two containers) and a VM without identities.
const SETUP: &str = "\
az group create -n rg1 -l eastus
az storage account create -g rg1 -n store1
az storage container create --account-name store1 -n photos
az storage container create --account-name store1 -n backups
az vm create -g rg1 -n vm1 --image Ubuntu2204
";

/// `SETUP` followed by `rest`.
fn with_setup(rest: &str) -> String {
    format!("{SETUP}{rest}")
}

/// Runs more statements in an existing session and asserts that none of them failed.
fn more(session: &mut Session, script: &str) {
    let added = session.execute(script).to_vec();
    assert_no_failures("the rule's script", &added);
}

/// Runs a script in which exactly the statement on `line` fails; returns that error.
fn expect_error(script: &str, line: usize) -> ScriptError {
    only_failure(script, |r| r.line == line).1
}

/// The number of the script's last line, for `expect_error` on a statement appended last.
fn last_line(script: &str) -> usize {
    script.lines().count()
}

fn decision(r: &Record) -> &Decision {
    match &r.output {
        Output::Decision(d) => d,
        other => panic!("'{}' is not a check: {other:?}", r.text),
    }
}

/// The decision of the last `mip check` / `mip expect` in the session.
fn last_decision(session: &Session) -> &Decision {
    let r = session
        .records
        .iter()
        .rev()
        .find(|r| matches!(r.output, Output::Decision(_)))
        .expect("no decision");
    decision(r)
}

fn token(r: &Record) -> &Token {
    match &r.output {
        Output::Token(Ok(t)) => t,
        other => panic!("'{}' issued no token: {other:?}", r.text),
    }
}

/// A GUID-valued script variable (e.g. `p=$(az … --query principalId -o tsv)`).
fn guid(session: &Session, var: &str) -> Guid {
    let text = session
        .var(var)
        .unwrap_or_else(|| panic!("no variable {var}"));
    Guid::parse(text.trim()).unwrap_or_else(|| panic!("${var} is not a GUID: '{text}'"))
}

fn resource_id(session: &Session, name: &str) -> String {
    let mut found = session.world.resources_named(name);
    let id = found
        .next()
        .unwrap_or_else(|| panic!("no resource named {name}"))
        .id
        .clone();
    assert!(found.next().is_none(), "several resources are named {name}");
    id
}

/// The variant names of events, e.g. `["ServicePrincipalDeleted", "RoleAssignmentOrphaned"]`.
fn kinds(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!("{e:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// The decision of the last check in `script` as a learner reads it, as a snapshot.
fn check(script: &str, expect: Expect) {
    let session = run(script);
    let d = last_decision(&session);
    expect.assert_eq(&format!(
        "{} ({}): {}",
        d.outcome.as_str(),
        d.reason.code(),
        d.explanation
    ));
}

/// The `--json` line of a failing statement's error: code and message.
fn error_line(e: &ScriptError) -> String {
    format!("{}: {}", e.kind.code(), e.message)
}

// ----- MI-1: system-assigned identities --------------------------------------------------------

/// MI-1.1: "Enabling a SAMI on a resource creates a service principal in Entra ID whose lifecycle is
/// tied to the resource. Deleting the resource deletes the SP. Only that resource can request
/// tokens for it."
#[test]
fn mi_1_1_enabling_a_system_identity_creates_a_principal_that_dies_with_its_resource() {
    let mut s = run(&with_setup(
        "\
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity
mip token --from vm1 --resource https://storage.azure.com/
mip token --from vm2 --resource https://storage.azure.com/ --object-id $p
",
    ));
    let p = guid(&s, "p");
    let vm1 = resource_id(&s, "vm1");

    // The principal exists in the directory and belongs to vm1.
    let sp = s
        .world
        .directory
        .get(p)
        .expect("vm1's principal is in the directory")
        .clone();
    assert_eq!(
        sp.source,
        PrincipalSource::System {
            resource_id: vm1.clone()
        }
    );
    let assign = record(&s, "az vm identity assign");
    assert_eq!(
        kinds(&assign.events),
        ["SystemIdentityEnabled", "ServicePrincipalCreated"]
    );

    // vm1's code gets a token for it; vm2's code cannot, even naming it.
    assert_eq!(
        token(record(&s, "mip token --from vm1"))
            .identity
            .principal_id,
        p
    );
    let from_vm2 = json(&s, "mip token --from vm2");
    assert_eq!(from_vm2["ok"], false);
    assert_eq!(from_vm2["error"]["code"], "identity-not-found");

    // Deleting the VM deletes the principal.
    more(&mut s, "az vm delete -g rg1 -n vm1 --yes\n");
    assert!(!s.world.directory.contains(p));
    let delete = s.records.last().unwrap();
    assert!(delete.events.contains(&Event::ServicePrincipalDeleted {
        object_id: p,
        display_name: "vm1".into(),
        source_id: vm1,
    }));
    let show = s.execute("az ad sp show --id $p\n").to_vec();
    assert_eq!(
        show[0].error.as_ref().map(|e| e.kind),
        Some(ErrorKind::NotFound)
    );
}

/// MI-1.2: "The SAMI's SP display name is the resource's name."
#[test]
fn mi_1_2_the_principal_is_named_after_its_resource() {
    let s = run(&with_setup(
        "\
az appservice plan create -g rg1 -n plan1 --sku B1
az webapp create -g rg1 -n shop-web --plan plan1 --assign-identity [system]
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
w=$(az webapp show -g rg1 -n shop-web --query identity.principalId -o tsv)
az ad sp show --id $p --query displayName -o tsv
az ad sp show --id $w --query displayName -o tsv
",
    ));
    assert_eq!(json(&s, "az ad sp show --id $p"), "vm1");
    assert_eq!(json(&s, "az ad sp show --id $w"), "shop-web");
    assert_eq!(
        s.world.directory.get(guid(&s, "w")).unwrap().display_name,
        "shop-web"
    );
}

/// MI-1.2 (slots: `<app>/slots/<slot>`): the playground does not model deployment slots, so a
/// slot's identity cannot be shown. What it must not do is apply `--slot staging` to the
/// production app and say the flag changed nothing; it refuses the statement instead.
#[test]
fn mi_1_2_a_slot_is_refused_rather_than_changing_the_production_app() {
    let script = with_setup(
        "\
az appservice plan create -g rg1 -n plan1 --sku B1
az webapp create -g rg1 -n shop-web --plan plan1
az webapp identity assign -g rg1 -n shop-web --slot staging
",
    );
    let error = expect_error(&script, last_line(&script));
    expect!["invalid-value: deployment slots are not modeled: slot 'staging' would have an identity of its own, named 'shop-web/slots/staging'; leave out --slot to work on the app itself"].assert_eq(&error_line(&error));
    let s = Session::run(&script);
    assert!(s
        .world
        .resources_named("shop-web")
        .next()
        .unwrap()
        .identity
        .is_empty());
    assert!(s.world.directory.is_empty());
}

/// MI-1.3: "Turning the SAMI off deletes its SP. Turning it on again creates a new SP with a new
/// principal id; role assignments made for the old one no longer apply."
#[test]
fn mi_1_3_reenabling_creates_a_new_principal() {
    let s = run(&with_setup(
        "\
old=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
az role assignment create --assignee $old --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
mip expect allowed --from vm1 --action 'Read blobs' --scope photos
az vm identity remove -g rg1 -n vm1
new=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
mip expect denied --reason no-role-assignment --from vm1 --action 'Read blobs' --scope photos
",
    ));
    let (old, new) = (guid(&s, "old"), guid(&s, "new"));
    assert_ne!(old, new, "a new principal id");
    assert!(!s.world.directory.contains(old));
    assert!(s.world.directory.contains(new));
    let remove = record(&s, "az vm identity remove");
    assert_eq!(
        kinds(&remove.events),
        [
            "SystemIdentityDisabled",
            "ServicePrincipalDeleted",
            "RoleAssignmentOrphaned"
        ]
    );
    // The old assignment is still there, for the old principal, and grants nothing.
    let [_owner, a] = s.world.assignments() else {
        panic!("one assignment")
    };
    assert_eq!(a.principal_id, old);
    assert!(s.world.is_orphaned(a));
}

/// MI-1.4: "Deleted managed identities are soft-deleted for 30 days; they cannot be restored."
#[test]
fn mi_1_4_deleted_principals_are_soft_deleted_for_30_days_and_cannot_be_restored() {
    let script = with_setup(
        "\
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
mip wait 2h
az vm identity remove -g rg1 -n vm1
mip wait 31d
",
    );
    let s = run(&script);
    let p = guid(&s, "p");
    let [deleted] = s.world.directory.deleted() else {
        panic!("one soft-deleted principal")
    };
    assert_eq!(deleted.principal.object_id, p);
    assert_eq!(deleted.principal.display_name, "vm1");
    assert_eq!(SOFT_DELETE_SECONDS, 30 * 24 * 3600);
    assert_eq!(deleted.purge_after, deleted.deleted_at + 30 * 24 * 3600);
    assert!(!s.world.directory.contains(p));

    // Nothing brings it back: there is no restore command, and the directory does not show it.
    let restore = format!("{script}az ad sp restore --id $p\n");
    let error = expect_error(&restore, last_line(&restore));
    assert_eq!(error.kind, ErrorKind::UnknownCommand);
    assert_eq!(error.message, "'restore' is not a command in 'az ad sp'");
    let show = format!("{script}az ad sp show --id $p\n");
    assert_eq!(
        expect_error(&show, last_line(&show)).kind,
        ErrorKind::NotFound
    );
    // Turning the identity on again makes a different principal, never the deleted one.
    let again = format!(
        "{script}q=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)\n"
    );
    let s = run(&again);
    assert_ne!(guid(&s, "q"), p);
}

/// MI-1.5: "Role assignments are not deleted when a managed identity (either kind) is deleted. They
/// remain at their scope, listed as 'Identity not found' with principal type Unknown, and grant
/// nothing." Here for a user-assigned identity.
#[test]
fn mi_1_5_assignments_of_a_deleted_user_identity_stay_as_identity_not_found() {
    let mut s = run(&with_setup(
        "\
u=$(az identity create -g rg1 -n app-id --query principalId -o tsv)
az role assignment create --assignee $u --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
az vm identity assign -g rg1 -n vm1 --identities app-id
mip expect allowed --from vm1 --action 'Read blobs' --scope photos
az identity delete -g rg1 -n app-id
az role assignment list --all
mip expect denied --reason identity-not-found --from vm1 --action 'Read blobs' --scope photos
",
    ));
    let u = guid(&s, "u");
    let delete = record(&s, "az identity delete");
    let names = kinds(&delete.events);
    let deleted = names
        .iter()
        .position(|k| k == "ServicePrincipalDeleted")
        .expect("principal deleted");
    let orphaned = names
        .iter()
        .position(|k| k == "RoleAssignmentOrphaned")
        .expect("assignment orphaned");
    assert!(
        deleted < orphaned,
        "the principal goes first, then its assignment is orphaned: {names:?}"
    );
    assert!(!names.contains(&"RoleAssignmentDeleted".to_string()));

    let [_owner, a] = s.world.assignments() else {
        panic!("the assignment is still there")
    };
    assert_eq!(a.principal_id, u);
    assert!(s.world.is_orphaned(a));
    let listed = &json(&s, "az role assignment list --all")[1];
    assert_eq!(listed["principalType"], "Unknown");
    assert_eq!(listed["principalName"], "");
    assert_eq!(listed["roleDefinitionName"], "Storage Blob Data Reader");

    // It grants nothing: checked directly for the gone principal.
    let scope = mip::sim::scope::Scope::parse(&resource_id(&s, "store1")).unwrap();
    let d = s.world.check_access(
        u,
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        &scope,
    );
    assert_eq!(
        (d.outcome, d.reason),
        (Outcome::Denied, Reason::IdentityNotFound)
    );

    // Cleaning up is a separate, explicit step.
    more(
        &mut s,
        "az role assignment delete --assignee-object-id $u --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)\n",
    );
    assert!(s
        .world
        .assignments()
        .iter()
        .all(|a| a.principal_id == s.world.learner));
}

/// MI-1.5, system-assigned: deleting the VM deletes its principal (MI-1.1) but not the assignment
/// it had on the storage account.
#[test]
fn mi_1_5_assignments_of_a_deleted_vm_stay_at_their_scope() {
    let s = run(&with_setup(
        "\
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
az role assignment create --assignee $p --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
az vm delete -g rg1 -n vm1 --yes
az role assignment list --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
",
    ));
    let delete = record(&s, "az vm delete");
    let names = kinds(&delete.events);
    assert_eq!(
        &names[..3],
        [
            "ServicePrincipalDeleted",
            "RoleAssignmentOrphaned",
            "SystemIdentityDisabled"
        ]
    );
    let [_owner, a] = s.world.assignments() else {
        panic!("one assignment")
    };
    assert!(s.world.is_orphaned(a));
    assert_eq!(
        json(&s, "az role assignment list")[0]["principalType"],
        "Unknown"
    );
}

/// MI-1.6: "Tokens issued before an identity was deleted stay valid until they expire."
///
/// The playground shows the token side: deleting the identity revokes nothing (no event touches
/// the token, its `exp` is what it was, the sign-in stays logged) and only new token requests fail.
/// It cannot show "Azure RBAC accepts them until then": `mip check` always asks for a fresh token,
/// and there is no statement that presents an earlier token to RBAC.
#[test]
fn mi_1_6_tokens_issued_before_deletion_keep_their_expiry() {
    let mut s = run(&with_setup(
        "\
az identity create -g rg1 -n app-id
az vm identity assign -g rg1 -n vm1 --identities app-id
mip token --from vm1 --resource https://storage.azure.com/
az identity delete -g rg1 -n app-id
mip token --from vm1 --resource https://vault.azure.net
",
    ));
    let before = token(record(
        &s,
        "mip token --from vm1 --resource https://storage",
    ))
    .clone();
    let delete = record(&s, "az identity delete");
    assert!(
        !kinds(&delete.events).iter().any(|k| k.contains("Token")),
        "nothing revokes tokens: {:?}",
        kinds(&delete.events)
    );
    assert!(
        s.world.now < before.expires_on,
        "the earlier token has not expired yet"
    );
    assert_eq!(s.world.sign_ins.len(), 1);

    let after = json(&s, "mip token --from vm1 --resource https://vault");
    assert_eq!(after["ok"], false);
    assert_eq!(after["error"]["code"], "identity-not-found");

    more(&mut s, "mip wait 1d\n");
    assert!(
        s.world.now > before.expires_on,
        "about a day later the earlier token has expired on its own"
    );
}

/// MI-1.7: "Enabling a SAMI needs write permission on the resource (e.g.
/// Microsoft.Compute/virtualMachines/write)."
///
/// The learner running scripts may do anything, so the test shows both halves separately: turning
/// the identity on is recorded as that write on the VM, and only roles with that write may do it.
#[test]
fn mi_1_7_enabling_a_system_identity_is_a_write_on_the_resource() {
    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
az identity create -g rg1 -n ops
az identity create -g rg1 -n auditor
az vm create -g rg1 -n jump --image Ubuntu2204 --assign-identity ops auditor
az role assignment create --assignee $(az identity show -g rg1 -n ops --query principalId -o tsv) --role 'Virtual Machine Contributor' --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az identity show -g rg1 -n auditor --query principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
mip expect allowed --from jump --msi-res-id ops --action 'Create or update VM' --scope vm1
mip expect denied --reason action-not-permitted --from jump --msi-res-id auditor --action 'Create or update VM' --scope vm1
",
    ));
    let vm1 = resource_id(&s, "vm1");
    let writes: Vec<&ActivityEntry> = s
        .world
        .activity_log
        .iter()
        .filter(|e| {
            e.resource_id == vm1 && e.operation == "Microsoft.Compute/virtualMachines/write"
        })
        .collect();
    assert_eq!(
        writes.len(),
        2,
        "creating the VM, then enabling its identity: {writes:?}"
    );
    let d = decision(record(&s, "--msi-res-id ops"));
    assert_eq!(d.granted_by[0].role, "Virtual Machine Contributor");
}

/// MI-1.8: "A resource can have a SAMI and several UAMIs at once; its identity.type is then
/// `SystemAssigned, UserAssigned`."
#[test]
fn mi_1_8_system_and_user_assigned_identities_together() {
    let s = run(&with_setup(
        "\
az identity create -g rg1 -n id1
az identity create -g rg1 -n id2
az vm identity assign -g rg1 -n vm1 --identities [system] id1 id2
az vm show -g rg1 -n vm1 --query identity.type -o tsv
az vm show -g rg1 -n vm1 --query identity
az resource list -n vm1 --query [0].identity.type -o tsv
",
    ));
    assert_eq!(
        json(&s, "az vm show -g rg1 -n vm1 --query identity.type"),
        "SystemAssigned, UserAssigned"
    );
    assert_eq!(json(&s, "az resource list"), "SystemAssigned, UserAssigned");
    let identity = json(&s, "az vm show -g rg1 -n vm1 --query identity");
    assert!(identity["principalId"].is_string());
    assert_eq!(
        identity["userAssignedIdentities"]
            .as_object()
            .unwrap()
            .len(),
        2
    );
    // Three principals: the VM's own and the two identities'.
    assert_eq!(s.world.directory.len(), 3);
}

// ----- MI-2: user-assigned identities ----------------------------------------------------------

/// MI-2.1: "A UAMI is a standalone Azure resource (Microsoft.ManagedIdentity/userAssignedIdentities)
/// in a resource group, with its own lifecycle; it must be deleted explicitly and can be attached
/// to many resources."
#[test]
fn mi_2_1_a_user_assigned_identity_is_a_standalone_resource_shared_by_many() {
    let mut s = run(&with_setup(
        "\
az identity create -g rg1 -n shared
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity shared
az vm identity assign -g rg1 -n vm1 --identities shared
az vm delete -g rg1 -n vm1 --yes
az vm delete -g rg1 -n vm2 --yes
",
    ));
    let created = json(&s, "az identity create");
    assert_eq!(
        created["type"],
        "Microsoft.ManagedIdentity/userAssignedIdentities"
    );
    assert_eq!(created["resourceGroup"], "rg1");
    let principal = Guid::parse(created["principalId"].as_str().unwrap()).unwrap();
    let shared = resource_id(&s, "shared");
    assert!(shared.contains(
        "/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/shared"
    ));
    assert_eq!(
        s.world.directory.get(principal).unwrap().source,
        PrincipalSource::User {
            identity_id: shared.clone()
        }
    );
    // Both VMs are gone; the identity and its principal are not.
    assert!(s.world.resource(&shared).is_some());
    assert!(s.world.directory.contains(principal));

    more(&mut s, "az identity delete -g rg1 -n shared\n");
    assert!(s.world.resource(&shared).is_none());
    assert!(!s.world.directory.contains(principal));
}

/// MI-2.1: only an identity that exists can be attached. A create or assign naming a missing
/// identity fails as a whole: no VM is left behind and no system-assigned identity turned on.
#[test]
fn mi_2_1_naming_a_missing_identity_changes_nothing() {
    let create = with_setup(
        "az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity [system] missing-id\n",
    );
    let error = expect_error(&create, last_line(&create));
    expect![[r#"not-found: no user-assigned identity is named 'missing-id'"#]]
        .assert_eq(&error_line(&error));
    let s = Session::run(&create);
    assert!(s.world.resources_named("vm2").next().is_none());
    assert!(s.world.directory.is_empty());
    assert!(s.records.last().unwrap().events.is_empty());

    let assign =
        with_setup("az vm identity assign -g rg1 -n vm1 --identities [system] missing-id\n");
    assert_eq!(
        expect_error(&assign, last_line(&assign)).kind,
        ErrorKind::NotFound
    );
    let s = Session::run(&assign);
    assert!(s
        .world
        .resources_named("vm1")
        .next()
        .unwrap()
        .identity
        .is_empty());
    assert!(s.world.directory.is_empty());

    let role = with_setup("az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity --role 'Storage Blob Data Raeder' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)\n");
    assert_eq!(
        expect_error(&role, last_line(&role)).kind,
        ErrorKind::NotFound
    );
    assert!(Session::run(&role)
        .world
        .resources_named("vm2")
        .next()
        .is_none());
}

/// MI-2.2: "Deleting a UAMI does not remove the reference from resources it was attached to; it
/// must be removed from each resource (az vm identity remove). Token requests for the deleted
/// identity fail."
#[test]
fn mi_2_2_deleting_a_user_identity_leaves_its_reference_on_the_vm() {
    let mut s = run(&with_setup(
        "\
az identity create -g rg1 -n app-id
az vm identity assign -g rg1 -n vm1 --identities app-id
az identity delete -g rg1 -n app-id
az vm show -g rg1 -n vm1 --query identity
mip token --from vm1 --resource https://storage.azure.com/
",
    ));
    let id = s
        .world
        .resources_named("vm1")
        .next()
        .unwrap()
        .identity
        .user_assigned[0]
        .id
        .clone();
    let delete = record(&s, "az identity delete");
    assert!(delete.events.contains(&Event::IdentityReferenceDangling {
        resource_id: resource_id(&s, "vm1"),
        identity_id: id.clone()
    }));
    assert!(
        delete
            .notes
            .iter()
            .any(|n| n.contains("still listed on vm1")),
        "{:?}",
        delete.notes
    );
    let shown = json(&s, "az vm show");
    assert_eq!(shown["type"], "UserAssigned");
    assert!(
        shown["userAssignedIdentities"].get(&id).is_some(),
        "the reference is still there: {shown}"
    );
    let t = json(&s, "mip token");
    assert_eq!(t["ok"], false);
    assert_eq!(t["error"]["code"], "identity-not-found");

    more(
        &mut s,
        "az vm identity remove -g rg1 -n vm1 --identities app-id\n",
    );
    assert!(s
        .world
        .resources_named("vm1")
        .next()
        .unwrap()
        .identity
        .is_empty());
}

/// MI-2.3: "Re-creating a UAMI with the same name gives a new principal id (and client id); old
/// role assignments do not apply to it."
#[test]
fn mi_2_3_recreating_an_identity_with_the_same_name_gives_new_ids() {
    let s = run(&with_setup(
        "\
old=$(az identity create -g rg1 -n app-id --query principalId -o tsv)
oldClient=$(az identity show -g rg1 -n app-id --query clientId -o tsv)
az role assignment create --assignee $old --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
az vm identity assign -g rg1 -n vm1 --identities app-id
az identity delete -g rg1 -n app-id
new=$(az identity create -g rg1 -n app-id --query principalId -o tsv)
newClient=$(az identity show -g rg1 -n app-id --query clientId -o tsv)
mip expect denied --reason identity-not-found --from vm1 --action 'Read blobs' --scope photos
az vm identity assign -g rg1 -n vm1 --identities app-id
mip expect denied --reason no-role-assignment --from vm1 --action 'Read blobs' --scope photos
",
    ));
    assert_ne!(guid(&s, "old"), guid(&s, "new"));
    assert_ne!(guid(&s, "oldClient"), guid(&s, "newClient"));
    let [_owner, a] = s.world.assignments() else {
        panic!("one assignment")
    };
    assert_eq!(a.principal_id, guid(&s, "old"));
    assert!(s.world.is_orphaned(a));
}

/// MI-2.4: "Creating/deleting a UAMI needs Managed Identity Contributor; attaching one needs write
/// on the resource plus …/assign/action (Managed Identity Operator); granting roles needs
/// Microsoft.Authorization/roleAssignments/write (Owner, User Access Administrator, Role Based
/// Access Control Administrator). No Entra ID directory role is needed."
///
/// Each role is held by the identity of a VM (the playground's learner may do anything), and every
/// grant comes from an Azure RBAC role assignment: the playground has no directory roles at all.
#[test]
fn mi_2_4_managing_identities_needs_azure_roles_not_directory_roles() {
    let mut script = with_setup("az identity create -g rg1 -n target\n");
    let actors = [
        ("mic", "Managed Identity Contributor"),
        ("mio", "Managed Identity Operator"),
        ("owner", "Owner"),
        ("uaa", "User Access Administrator"),
        ("rbacadmin", "Role Based Access Control Administrator"),
        ("contrib", "Contributor"),
    ];
    for (vm, role) in actors {
        script.push_str(&format!(
            "az vm create -g rg1 -n {vm} --image Ubuntu2204 --assign-identity\n\
             az role assignment create --assignee $(az vm show -g rg1 -n {vm} --query identity.principalId -o tsv) --role '{role}' --scope $(az group show -n rg1 --query id -o tsv)\n"
        ));
    }
    let checks = [
        ("mic", "Create user-assigned identity", "target", "allowed"),
        ("mic", "Delete user-assigned identity", "target", "allowed"),
        ("mic", "Assign user-assigned identity", "target", "denied"),
        ("mio", "Assign user-assigned identity", "target", "allowed"),
        ("mio", "Create user-assigned identity", "target", "denied"),
        ("mio", "Create or update VM", "vm1", "denied"),
        ("owner", "Assign roles", "target", "allowed"),
        ("uaa", "Assign roles", "target", "allowed"),
        ("rbacadmin", "Assign roles", "target", "allowed"),
        ("contrib", "Assign roles", "target", "denied"),
    ];
    for (vm, action, scope, outcome) in checks {
        script.push_str(&format!(
            "mip expect {outcome} --from {vm} --action '{action}' --scope {scope}\n"
        ));
    }
    let s = run(&script);
    for r in s
        .records
        .iter()
        .filter(|r| r.text.starts_with("mip expect allowed"))
    {
        let d = decision(r);
        assert_eq!(d.reason, Reason::RoleAssignment, "{}", r.text);
        assert!(s
            .world
            .roles
            .iter()
            .any(|role| role.name == d.granted_by[0].role));
    }
    // Attaching also needs write on the resource, which Managed Identity Operator lacks.
    let vm_write = record(&s, "--from mio --action 'Create or update VM'");
    assert_eq!(decision(vm_write).reason, Reason::ActionNotPermitted);
    // There is no `az ad` command for directory roles.
    let roles = format!("{script}az ad directory-role list\n");
    assert_eq!(
        expect_error(&roles, last_line(&roles)).kind,
        ErrorKind::UnknownCommand
    );
}

/// MI-2.5: "A UAMI cannot be moved to another resource group." The playground has no move
/// command, and says so where `az resource move` would be.
#[test]
fn mi_2_5_user_assigned_identities_cannot_be_moved() {
    let script = with_setup(
        "\
az group create -n rg2 -l eastus
id=$(az identity create -g rg1 -n app-id --query id -o tsv)
az resource move --destination-group rg2 --ids $id
",
    );
    let error = expect_error(&script, last_line(&script));
    assert_eq!(error.kind, ErrorKind::UnknownCommand);
    expect![[r#"unknown-command: 'move' is not a command in 'az resource'"#]]
        .assert_eq(&error_line(&error));
    let s = Session::run(&script);
    assert!(resource_id(&s, "app-id").contains("/resourceGroups/rg1/"));
}

/// MI-2.6: "Whoever can attach a UAMI to their resource gets all of its permissions (blast radius)."
#[test]
fn mi_2_6_attaching_an_identity_hands_over_all_its_permissions() {
    let s = run(&with_setup(
        "\
az identity create -g rg1 -n reader-id
az role assignment create --assignee $(az identity show -g rg1 -n reader-id --query principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
az vm identity assign -g rg1 -n vm1 --identities reader-id
az group create -n other-team -l westeurope
az vm create -g other-team -n their-vm --image Ubuntu2204
mip expect denied --reason no-identity --from their-vm --action 'Read blobs' --scope photos
az vm identity assign -g other-team -n their-vm --identities $(az identity show -g rg1 -n reader-id --query id -o tsv)
mip expect allowed --from their-vm --action 'Read blobs' --scope photos
mip expect allowed --from vm1 --action 'Read blobs' --scope backups
",
    ));
    let theirs = decision(record(&s, "mip expect allowed --from their-vm"));
    assert_eq!(theirs.granted_by[0].role, "Storage Blob Data Reader");
    let ours = decision(record(&s, "mip expect allowed --from vm1"));
    assert_eq!(
        theirs.principal, ours.principal,
        "the same principal, so the same permissions"
    );
}

// ----- TK-3: tokens ----------------------------------------------------------------------------

/// TK-3.1: "On a VM the token comes from IMDS: GET
/// http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=<audience>
/// with header Metadata: true; optional selectors client_id, object_id, msi_res_id."
#[test]
fn tk_3_1_vm_code_asks_imds_for_its_token() {
    let s = run(&with_setup(
        "\
az identity create -g rg1 -n app-id
c=$(az identity show -g rg1 -n app-id --query clientId -o tsv)
o=$(az identity show -g rg1 -n app-id --query principalId -o tsv)
az vm identity assign -g rg1 -n vm1 --identities [system] app-id
mip token --from vm1 --resource https://storage.azure.com/
mip token --from vm1 --resource https://storage.azure.com/ --client-id $c
mip token --from vm1 --resource https://storage.azure.com/ --object-id $o
mip token --from vm1 --resource https://storage.azure.com/ --msi-res-id app-id
",
    ));
    let imds = "GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/";
    let requests: Vec<String> = s
        .records
        .iter()
        .filter(|r| r.text.starts_with("mip token"))
        .map(|r| token(r).request.clone())
        .collect();
    assert_eq!(requests[0], format!("{imds}\nMetadata: true"));
    let (c, o) = (guid(&s, "c"), guid(&s, "o"));
    let id = resource_id(&s, "app-id");
    assert_eq!(requests[1], format!("{imds}&client_id={c}\nMetadata: true"));
    assert_eq!(requests[2], format!("{imds}&object_id={o}\nMetadata: true"));
    assert_eq!(
        requests[3],
        format!("{imds}&msi_res_id={id}\nMetadata: true")
    );
    // The learner sees the request in the statement's output.
    assert!(s
        .records
        .iter()
        .find(|r| r.text.starts_with("mip token"))
        .unwrap()
        .rendered()
        .starts_with(imds));
}

/// TK-3.2: "With no selector: the SAMI if enabled; else the only UAMI if there is exactly one; else
/// the request fails with 'Multiple user assigned identities exist, please specify the clientId /
/// resourceId of the identity in the token request'."
#[test]
fn tk_3_2_without_a_selector_a_vm_gets_its_system_identity_or_its_only_user_identity() {
    let s = run(&with_setup(
        "\
az identity create -g rg1 -n id1
az identity create -g rg1 -n id2
az vm identity assign -g rg1 -n vm1 --identities [system] id1 id2
az vm create -g rg1 -n one --image Ubuntu2204 --assign-identity id1
az vm create -g rg1 -n two --image Ubuntu2204 --assign-identity id1 id2
mip token --from vm1 --resource https://storage.azure.com/
mip token --from one --resource https://storage.azure.com/
mip token --from two --resource https://storage.azure.com/
mip token --from two --resource https://storage.azure.com/ --msi-res-id id2
",
    ));
    assert_eq!(
        json(&s, "mip token --from vm1")["identity"]["type"],
        "SystemAssigned"
    );
    assert_eq!(json(&s, "mip token --from one")["identity"]["name"], "id1");
    let failed = json(
        &s,
        "mip token --from two --resource https://storage.azure.com/",
    );
    assert_eq!(failed["ok"], false);
    assert_eq!(failed["error"]["code"], "identity-selection-required");
    assert_eq!(failed["error"]["message"], MULTIPLE_UAMI_MESSAGE);
    assert_eq!(json(&s, "--msi-res-id id2")["identity"]["name"], "id2");

    check(
        &with_setup(
            "\
az identity create -g rg1 -n id1
az identity create -g rg1 -n id2
az vm identity assign -g rg1 -n vm1 --identities id1 id2
mip check --from vm1 --action 'Read blobs' --scope photos
",
        ),
        expect![[
            r#"denied (identity-selection-required): Denied before reaching Azure RBAC: vm1's token request failed with 400 invalid_request: Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request"#
        ]],
    );
}

/// TK-3.3: "A VM with no managed identity gets unauthorized_client; a missing Metadata header gets
/// 400 bad_request_102."
///
/// The playground's requests always carry the `Metadata: true` header (there is no way to leave it
/// out), so only the first half can be shown; the test also pins that the header is always sent.
#[test]
fn tk_3_3_a_vm_without_identity_gets_unauthorized_client() {
    let s = run(&with_setup(
        "\
mip token --from vm1 --resource https://storage.azure.com/
az vm identity assign -g rg1 -n vm1
mip token --from vm1 --resource https://management.azure.com/
",
    ));
    let failed = record(&s, "--resource https://storage.azure.com/");
    assert!(
        failed.rendered().starts_with("→ 400 unauthorized_client: "),
        "{}",
        failed.rendered()
    );
    assert_eq!(
        failed.json.as_ref().unwrap()["error"]["code"],
        "no-identity"
    );
    assert!(kinds(&failed.events).contains(&"TokenRequestFailed".to_string()));
    assert!(token(record(&s, "--resource https://management"))
        .request
        .ends_with("\nMetadata: true"));
}

/// TK-3.4: "The response has access_token, expires_in, expires_on, not_before, resource,
/// token_type: Bearer."
///
/// The playground builds the response ([`Token::response`]) but `mip token` prints the request and
/// the decoded claims, not the response body; the test checks the response the core produces.
#[test]
fn tk_3_4_the_token_response_has_azures_fields() {
    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
mip token --from vm1 --resource https://vault.azure.net
",
    ));
    let t = token(record(&s, "mip token"));
    let response = t.response();
    let keys: Vec<&str> = response
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "access_token",
            "expires_in",
            "expires_on",
            "not_before",
            "resource",
            "token_type"
        ]
    );
    assert_eq!(response["token_type"], "Bearer");
    assert_eq!(response["resource"], "https://vault.azure.net");
    assert_eq!(response["expires_on"], t.expires_on.to_string());
    assert_eq!(response["not_before"], t.issued_at.to_string());
    assert_eq!(response["expires_in"], TOKEN_LIFETIME_SECONDS.to_string());
}

/// TK-3.5: "App Service / Functions use IDENTITY_ENDPOINT with header X-IDENTITY-HEADER,
/// api-version 2019-08-01, selectors client_id, principal_id/object_id, mi_res_id; with none, the
/// SAMI is used (which may not exist)."
#[test]
fn tk_3_5_app_service_uses_identity_endpoint_and_defaults_to_the_system_identity() {
    let s = run(&with_setup(
        "\
az appservice plan create -g rg1 -n plan1 --sku B1
az identity create -g rg1 -n app-id
c=$(az identity show -g rg1 -n app-id --query clientId -o tsv)
o=$(az identity show -g rg1 -n app-id --query principalId -o tsv)
az webapp create -g rg1 -n web1 --plan plan1 --assign-identity app-id
mip token --from web1 --resource https://vault.azure.net
mip token --from web1 --resource https://vault.azure.net --client-id $c
mip token --from web1 --resource https://vault.azure.net --object-id $o
mip token --from web1 --resource https://vault.azure.net --msi-res-id app-id
az webapp identity assign -g rg1 -n web1
mip token --from web1 --resource https://storage.azure.com/
",
    ));
    // Only a user-assigned identity, no selector: App Service asks for the missing SAMI.
    let none = json(
        &s,
        "mip token --from web1 --resource https://vault.azure.net",
    );
    assert_eq!(none["ok"], false);
    assert_eq!(none["error"]["code"], "identity-selection-required");
    // (On a VM the only user-assigned identity would have been used: TK-3.2.)

    let endpoint = "GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https://vault.azure.net";
    let header = "\nX-IDENTITY-HEADER: $IDENTITY_HEADER";
    let (c, o, id) = (guid(&s, "c"), guid(&s, "o"), resource_id(&s, "app-id"));
    assert_eq!(
        token(record(&s, "--client-id")).request,
        format!("{endpoint}&client_id={c}{header}")
    );
    assert_eq!(
        token(record(&s, "--object-id")).request,
        format!("{endpoint}&principal_id={o}{header}")
    );
    assert_eq!(
        token(record(&s, "--msi-res-id")).request,
        format!("{endpoint}&mi_res_id={id}{header}")
    );
    // With the SAMI on, no selector picks it.
    let sami = token(record(&s, "--resource https://storage.azure.com/"));
    assert_eq!(sami.identity.kind.name(), "SystemAssigned");
    assert!(sami.request.contains("api-version=2019-08-01"));
}

/// TK-3.6: "Claims: aud, oid, tid, appid, iss, iat, nbf, exp, sub, idtyp: app. Microsoft's own
/// tokens also carry xms_mirid (the ARM id of the identity, or of the resource for a SAMI), not in
/// the claims reference; label it so."
#[test]
fn tk_3_6_token_claims_name_the_identity_and_the_audience() {
    let s = run(&with_setup(
        "\
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
az identity create -g rg1 -n app-id
az vm identity assign -g rg1 -n vm1 --identities app-id
mip token --from vm1 --resource https://storage.azure.com/
mip token --from vm1 --resource https://vault.azure.net --msi-res-id app-id
",
    ));
    let tenant = s.world.tenant_id().to_string();
    let p = guid(&s, "p");
    let sami = &json(&s, "--resource https://storage.azure.com/")["claims"];
    assert_eq!(sami["aud"], "https://storage.azure.com/");
    assert_eq!(sami["oid"], p.to_string());
    assert_eq!(sami["sub"], p.to_string());
    assert_eq!(sami["tid"], tenant);
    assert_eq!(
        sami["appid"],
        s.world.directory.get(p).unwrap().app_id.to_string()
    );
    assert_eq!(sami["iss"], format!("https://sts.windows.net/{tenant}/"));
    assert_eq!(sami["idtyp"], "app");
    assert_eq!(sami["iat"], sami["nbf"]);
    assert!(sami["exp"].as_u64() > sami["iat"].as_u64());
    assert_eq!(
        sami["xms_mirid"],
        resource_id(&s, "vm1"),
        "a SAMI's xms_mirid is the resource"
    );

    let uami = &json(&s, "--msi-res-id app-id")["claims"];
    let identity = json(&s, "--msi-res-id app-id")["identity"].clone();
    assert_eq!(
        uami["xms_mirid"],
        resource_id(&s, "app-id"),
        "a UAMI's xms_mirid is the identity"
    );
    assert_eq!(uami["appid"], identity["clientId"]);
    assert_eq!(uami["oid"], identity["principalId"]);
    assert_eq!(uami["aud"], "https://vault.azure.net");

    let rendered = &record(&s, "--msi-res-id app-id").rendered();
    let line = rendered
        .lines()
        .find(|l| l.trim_start().starts_with("xms_mirid"))
        .unwrap();
    assert!(
        line.ends_with("(not in the claims reference, but present in managed-identity tokens)"),
        "{line}"
    );
}

/// TK-3.7: "The identity's credential is a certificate, valid 90 days, rolled after 45; nobody sees
/// it." No statement's JSON output, for a script touching every kind of object, has a key naming a
/// secret, password, certificate or credential of an identity, nor PEM text; and a service
/// principal has no credential field at all (the exhaustive pattern below stops compiling if one
/// is added).
#[test]
fn tk_3_7_no_output_reveals_an_identity_credential() {
    let s = run(&with_setup(
        "\
az appservice plan create -g rg1 -n plan1 --sku B1
az identity create -g rg1 -n app-id
az identity show -g rg1 -n app-id
az identity list -g rg1
az identity federated-credential create --name github-main --identity-name app-id -g rg1 --issuer https://token.actions.githubusercontent.com --subject repo:contoso/app:ref:refs/heads/main
az identity federated-credential list --identity-name app-id -g rg1
az vm create -g rg1 -n vm2 --image Ubuntu2204 --admin-username azureuser --admin-password 'S3cret-Passw0rd!' --assign-identity [system] app-id
az vm identity show -g rg1 -n vm2
az vm show -g rg1 -n vm2
az webapp create -g rg1 -n web1 --plan plan1 --assign-identity [system] app-id
az webapp identity show -g rg1 -n web1
az functionapp create -g rg1 -n func1 --storage-account store1 --consumption-plan-location eastus --assign-identity
az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false
p=$(az vm show -g rg1 -n vm2 --query identity.principalId -o tsv)
az keyvault set-policy -n kv1 --object-id $p --secret-permissions get list --certificate-permissions get
az keyvault show -n kv1
az sql server create -g rg1 -n sql1 --admin-user sqladmin --admin-password 'An0ther-Secret!' --assign-identity
az cosmosdb create -g rg1 -n cosmos1 --assign-identity [system]
az ad sp list
az ad sp show --id $p
az role assignment create --assignee $p --role Reader --scope $(az group show -n rg1 --query id -o tsv)
az role assignment list --all
az resource list -g rg1
mip token --from vm2 --resource https://vault.azure.net
mip token --from web1 --resource https://vault.azure.net
mip federated-token --identity app-id --issuer https://token.actions.githubusercontent.com --subject repo:contoso/app:ref:refs/heads/main
mip check --from vm2 --action 'Get secrets' --scope kv1
",
    ));
    // PEM text, and the admin passwords the script passes to `az vm create` / `az sql server create`.
    const LEAKS: [&str; 3] = ["-----BEGIN", "S3cret-Passw0rd!", "An0ther-Secret!"];
    const FORBIDDEN: [&str; 6] = [
        "secret",
        "password",
        "certificate",
        "credential",
        "privatekey",
        "thumbprint",
    ];
    fn walk(value: &Value, parent: &str, path: &str, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    let lower = key.to_ascii_lowercase();
                    // Key Vault access-policy permission families ("secrets", "certificates") say
                    // what an identity may do with the vault's data; they are not its credential.
                    let permission_family = parent == "permissions";
                    if !permission_family && FORBIDDEN.iter().any(|f| lower.contains(f)) {
                        found.push(format!("{path}.{key}"));
                    }
                    walk(v, key, &format!("{path}.{key}"), found);
                }
            }
            Value::Array(items) => items
                .iter()
                .for_each(|v| walk(v, parent, &format!("{path}[]"), found)),
            Value::String(text) if LEAKS.iter().any(|leak| text.contains(leak)) => {
                found.push(format!("{path} = {text}"));
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    let mut outputs = 0;
    for r in &s.records {
        if let Some(value) = &r.json {
            outputs += 1;
            walk(value, "", &r.text, &mut found);
        }
    }
    assert!(outputs >= 20, "the script printed JSON {outputs} times");
    assert!(
        found.is_empty(),
        "outputs reveal credentials:\n{}",
        found.join("\n")
    );

    for sp in s.world.directory.principals() {
        let ServicePrincipal {
            object_id: _,
            app_id: _,
            display_name: _,
            source: _,
            created_at: _,
        } = sp;
    }
}

/// TK-3.8: "Managed-identity tokens are cached per resource URI for about 24 hours; role or group
/// changes can take hours to show up, and a refresh cannot be forced."
///
/// The playground models the lifetime (a token is valid for about 24 hours, `exp − iat` = 86 399 s)
/// and that a role change does not touch tokens already issued. It does not model the cache itself:
/// every `mip token` or `mip check` asks anew, and role changes count at once.
#[test]
fn tk_3_8_tokens_live_about_a_day_and_role_changes_do_not_touch_them() {
    let s = run(&with_setup(
        "\
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
mip token --from vm1 --resource https://storage.azure.com/
az role assignment create --assignee $p --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
",
    ));
    let t = token(record(&s, "mip token"));
    let lifetime = t.expires_on - t.issued_at;
    assert_eq!(lifetime, TOKEN_LIFETIME_SECONDS);
    assert!(
        (23 * 3600..=24 * 3600).contains(&lifetime),
        "about 24 hours: {lifetime} s"
    );
    let claims = t.claims();
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        lifetime
    );
    let grant = record(&s, "az role assignment create");
    assert!(
        !kinds(&grant.events).iter().any(|k| k.contains("Token")),
        "{:?}",
        kinds(&grant.events)
    );
    // There is no statement that refreshes or revokes a token.
    let refresh = with_setup("az vm identity assign -g rg1 -n vm1\nmip token refresh --from vm1\n");
    let error = expect_error(&refresh, last_line(&refresh));
    assert_eq!(error.kind, ErrorKind::UnknownFlag);
}

// ----- RB-4: Azure RBAC ------------------------------------------------------------------------

/// RB-4.1: "A role assignment = security principal + role definition + scope."
#[test]
fn rb_4_1_an_assignment_is_a_principal_a_role_and_a_scope() {
    let s = run(&with_setup(
        "\
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
az role assignment create --assignee $p --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
",
    ));
    let out = json(&s, "az role assignment create");
    let p = guid(&s, "p");
    let store = resource_id(&s, "store1");
    assert_eq!(out["principalId"], p.to_string());
    assert_eq!(out["principalType"], "ServicePrincipal");
    assert!(out["roleDefinitionId"]
        .as_str()
        .unwrap()
        .ends_with("/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"));
    assert_eq!(out["scope"], store);
    assert_eq!(
        out["id"],
        format!(
            "{store}/providers/Microsoft.Authorization/roleAssignments/{}",
            out["name"].as_str().unwrap()
        )
    );
    let [_owner, a] = s.world.assignments() else {
        panic!("one assignment")
    };
    assert_eq!(
        (a.principal_id, a.role_id.as_str(), a.scope.as_str()),
        (p, "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", store.as_str())
    );
    let created = record(&s, "az role assignment create");
    assert!(
        matches!(&created.events[..], [Event::RoleAssignmentCreated { role, .. }] if role == "Storage Blob Data Reader")
    );
}

/// RB-4.2: "Scopes nest: management group > subscription > resource group > resource (and child
/// paths under a resource, e.g. a blob container). Assignments are inherited downward."
#[test]
fn rb_4_2_assignments_are_inherited_down_the_scope_tree() {
    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity
az vm create -g rg1 -n vm3 --image Ubuntu2204 --assign-identity
az account management-group create -n corp
az account management-group subscription add -n corp -s 'Playground subscription'
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm2 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)/blobServices/default/containers/photos
az role assignment create --assignee $(az vm show -g rg1 -n vm3 --query identity.principalId -o tsv) --role Reader --scope /providers/Microsoft.Management/managementGroups/corp
mip expect allowed --from vm1 --action 'Read blobs' --scope backups
mip expect allowed --from vm2 --action 'Read blobs' --scope photos
mip expect denied --reason no-role-assignment --from vm2 --action 'Read blobs' --scope backups
mip expect denied --reason no-role-assignment --from vm2 --action 'Read blobs' --scope store1
mip expect allowed --from vm3 --action 'Read storage account' --scope store1
mip expect allowed --from vm3 --action 'Read VM' --scope vm1
",
    ));
    let d = decision(record(
        &s,
        "--from vm1 --action 'Read blobs' --scope backups",
    ));
    assert!(d.granted_by[0].inherited);
    let d = decision(record(
        &s,
        "--from vm2 --action 'Read blobs' --scope photos",
    ));
    assert!(!d.granted_by[0].inherited);
    let d = decision(record(&s, "--from vm3 --action 'Read VM'"));
    assert!(d.granted_by[0].scope.ends_with("managementGroups/corp"));
    // The walk goes from the scope up: container, blob service, account, group, subscription,
    // management group, root.
    let d = decision(record(
        &s,
        "--from vm2 --action 'Read blobs' --scope photos",
    ));
    let levels: Vec<ScopeLevel> = d
        .trace
        .iter()
        .filter_map(|t| match t {
            TraceStep::Scope { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    assert_eq!(
        levels,
        [
            ScopeLevel::Child,
            ScopeLevel::Child,
            ScopeLevel::Resource,
            ScopeLevel::ResourceGroup,
            ScopeLevel::Subscription,
            ScopeLevel::ManagementGroup,
            ScopeLevel::Root
        ]
    );

    check(
        &with_setup(
            "\
az vm identity assign -g rg1 -n vm1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az group show -n rg1 --query id -o tsv)
mip check --from vm1 --action 'Read blobs' --scope photos
",
        ),
        expect!["allowed (role-assignment): Token for the system-assigned identity of vm1. Allowed: vm1 (system-assigned) has 'Storage Blob Data Reader' at resource group rg1, inherited by container photos. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane)."],
    );
}

/// RB-4.3: "Access is additive: effective permissions are the union of all applicable assignments
/// (including via groups, transitively)."
///
/// The playground's directory holds only managed identities, so there are no groups to be a member
/// of: an assignment to a group id fails like any unknown principal. The union is shown across
/// assignments at different scopes and planes.
#[test]
fn rb_4_3_permissions_add_up_across_assignments() {
    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Contributor' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)/blobServices/default/containers/photos
mip expect allowed --from vm1 --action 'Read VM' --scope vm1
mip expect allowed --from vm1 --action 'Write blobs' --scope photos
mip expect allowed --from vm1 --action 'Read containers' --scope photos
mip expect denied --reason action-not-permitted --from vm1 --action 'Write blobs' --scope backups
mip expect denied --reason action-not-permitted --from vm1 --action 'Delete VM' --scope vm1
",
    ));
    let d = decision(record(&s, "'Read containers' --scope photos"));
    let roles: Vec<&str> = d.granted_by.iter().map(|g| g.role.as_str()).collect();
    assert_eq!(
        roles,
        ["Storage Blob Data Contributor", "Reader"],
        "both grant it; the union counts"
    );

    let group = with_setup(
        "az role assignment create --assignee-object-id 0b5e1c1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b --assignee-principal-type Group --role Reader --scope $(az group show -n rg1 --query id -o tsv)\n",
    );
    assert_eq!(
        expect_error(&group, last_line(&group)).kind,
        ErrorKind::PrincipalNotFound
    );
}

/// RB-4.4: "Evaluation order: collect role and deny assignments that apply at the scope (inherited)
/// → a matching deny assignment blocks → keep the principal's assignments → effective = Actions −
/// NotActions / DataActions − NotDataActions → no role grants the operation ⇒ denied → conditions,
/// if any → allowed." Conditions are not modeled: assignments print `"condition": null`.
#[test]
fn rb_4_4_deny_assignments_first_then_roles_then_actions_minus_not_actions() {
    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Owner --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm2 --query identity.principalId -o tsv) --role Contributor --scope $(az group show -n rg1 --query id -o tsv)
mip deny-assignment create --name no-deletes --scope vm1 --actions 'Microsoft.Compute/virtualMachines/delete'
mip expect denied --reason deny-assignment --from vm1 --action 'Delete VM' --scope vm1
mip expect allowed --from vm1 --action 'Restart VM' --scope vm1
mip expect denied --reason action-not-permitted --from vm2 --action 'Assign roles' --scope rg1
mip expect denied --reason no-role-assignment --from vm2 --action 'Read VM' --scope /subscriptions/$(az account show --query id -o tsv)
az role assignment list --all
",
    ));
    // The deny assignment is looked at first and blocks before any role is considered.
    let blocked = decision(record(&s, "'Delete VM'"));
    assert!(
        matches!(&blocked.trace[..], [TraceStep::DenyAssignments { considered: 1, blocking: Some(name) }] if name == "no-deletes")
    );
    // Otherwise deny assignments come first, then each scope from the checked one upwards.
    let allowed = decision(record(&s, "'Restart VM'"));
    assert!(matches!(
        allowed.trace[0],
        TraceStep::DenyAssignments {
            considered: 1,
            blocking: None
        }
    ));
    assert!(matches!(
        &allowed.trace[1],
        TraceStep::Scope {
            level: ScopeLevel::Resource,
            ..
        }
    ));
    // NotActions subtract from the role: Contributor lists `*` but takes roleAssignments/write out.
    let not_actions = decision(record(&s, "'Assign roles'"));
    assert!(
        not_actions
            .explanation
            .contains("NotActions 'Microsoft.Authorization/*/Write'"),
        "{}",
        not_actions.explanation
    );
    for a in json(&s, "az role assignment list").as_array().unwrap() {
        assert_eq!(a["condition"], Value::Null);
    }

    check(
        &with_setup(
            "\
az vm identity assign -g rg1 -n vm1
mip check --from vm1 --action 'Read blobs' --scope photos
",
        ),
        expect!["denied (no-role-assignment): Token for the system-assigned identity of vm1. Denied: vm1 (system-assigned) has no role assignment at container photos or any scope above it (blob service default, storage account store1, resource group rg1, subscription 'Playground subscription', the tenant root). Suggestion: Grant Storage Blob Data Reader on container photos."],
    );
}

/// RB-4.5: "`*` matches any run of characters in an operation string (`*/read`,
/// `Microsoft.Compute/*`, `Microsoft.Network/*/read`) including operations added later; matching is
/// case-insensitive. NotActions is not a deny: another role can still grant the operation."
#[test]
fn rb_4_5_wildcards_match_any_run_case_insensitively_and_not_actions_do_not_deny() {
    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm2 --query identity.principalId -o tsv) --role Contributor --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm2 --query identity.principalId -o tsv) --role 'User Access Administrator' --scope $(az group show -n rg1 --query id -o tsv)
mip expect allowed --from vm1 --action microsoft.compute/VIRTUALMACHINES/READ --scope vm1
mip expect allowed --from vm1 --action Microsoft.Compute/virtualMachines/someFutureFeature/read --scope vm1
mip expect denied --from vm1 --action Microsoft.Compute/virtualMachines/someFutureFeature/action --scope vm1
mip expect allowed --from vm2 --action 'Assign roles' --scope rg1
mip deny-assignment create --name no-network-reads --scope rg1 --actions 'Microsoft.Network/*/read' --principals vm1
mip expect denied --reason deny-assignment --from vm1 --action Microsoft.Network/virtualNetworks/subnets/read --scope rg1
mip expect allowed --from vm1 --action Microsoft.Compute/virtualMachines/read --scope rg1
",
    ));
    let case = decision(record(&s, "VIRTUALMACHINES/READ"));
    assert_eq!(case.granted_by[0].pattern, "*/read");
    let future = record(&s, "someFutureFeature/read");
    assert_eq!(decision(future).granted_by[0].pattern, "*/read");
    assert!(
        future
            .notes
            .iter()
            .any(|n| n.contains("not in the playground's operation catalog")),
        "{:?}",
        future.notes
    );
    // Contributor's NotActions take roleAssignments/write out of Contributor only.
    let granted = decision(record(&s, "--from vm2 --action 'Assign roles'"));
    assert_eq!(granted.granted_by.len(), 1);
    assert_eq!(granted.granted_by[0].role, "User Access Administrator");
}

/// RB-4.6: "Control plane access does not flow to the data plane: Owner cannot read blob data;
/// Storage Blob Data Reader can."
#[test]
fn rb_4_6_owner_cannot_read_blobs_but_a_data_reader_can() {
    let script = with_setup(
        "\
az vm identity assign -g rg1 -n vm1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Owner --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
mip check --from vm1 --action 'Read blobs' --scope photos
",
    );
    check(
        &script,
        expect!["denied (action-not-permitted): Token for the system-assigned identity of vm1. Denied: vm1 (system-assigned) has 'Owner' at storage account store1, but that role does not include Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane). Control-plane roles such as Owner or Contributor do not grant data access; a data role is needed. Suggestion: Grant Storage Blob Data Reader on container photos."],
    );
    run(&format!(
        "{script}\
mip expect allowed --from vm1 --action 'List keys' --scope store1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
mip expect allowed --from vm1 --action 'Read blobs' --scope photos
mip expect denied --reason action-not-permitted --from vm1 --action 'Write blobs' --scope photos
"
    ));
}

/// RB-4.7: "Deny assignments take precedence over role assignments; users cannot create them
/// directly (Blueprints, managed applications, deployment stacks create them). Fields: permissions
/// (Actions/NotActions/DataActions/NotDataActions), DoNotApplyToChildScopes, ExcludePrincipals, all
/// principals."
#[test]
fn rb_4_7_deny_assignments_win_and_only_services_make_them() {
    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Owner' --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm2 --query identity.principalId -o tsv) --role 'Storage Blob Data Owner' --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Owner --scope $(az group show -n rg1 --query id -o tsv)
mip deny-assignment create --name locked-blobs --scope store1 --data-actions 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*' --not-data-actions 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' --exclude-principals vm2
mip expect denied --reason deny-assignment --from vm1 --action 'Write blobs' --scope photos
mip expect allowed --from vm1 --action 'Read blobs' --scope photos
mip expect allowed --from vm2 --action 'Write blobs' --scope photos
mip deny-assignment create --name rg-only --scope rg1 --actions '*/delete' --not-actions Microsoft.Resources/deployments/delete --do-not-apply-to-child-scopes
mip expect denied --reason deny-assignment --from vm1 --action 'Delete resource group' --scope rg1
mip expect allowed --from vm1 --action 'Delete VM' --scope vm2
",
    ));
    let created = json(&s, "--name locked-blobs");
    assert_eq!(created["isSystemProtected"], true);
    assert_eq!(
        created["principals"][0]["id"], "00000000-0000-0000-0000-000000000000",
        "everyone"
    );
    assert_eq!(created["principals"][0]["type"], "SystemDefined");
    assert_eq!(created["excludePrincipals"].as_array().unwrap().len(), 1);
    let permissions = &created["permissions"][0];
    for field in ["actions", "notActions", "dataActions", "notDataActions"] {
        assert!(permissions.get(field).is_some(), "{field}");
    }
    assert_eq!(json(&s, "--name rg-only")["doNotApplyToChildScopes"], true);

    // Users cannot create deny assignments with az.
    let az = with_setup("az role deny-assignment create --name x --scope $(az group show -n rg1 --query id -o tsv)\n");
    assert_eq!(
        expect_error(&az, last_line(&az)).kind,
        ErrorKind::UnknownCommand
    );

    check(
        &with_setup(
            "\
az vm identity assign -g rg1 -n vm1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Owner --scope $(az group show -n rg1 --query id -o tsv)
mip deny-assignment create --name no-deletes --scope rg1 --actions '*/delete'
mip check --from vm1 --action 'Delete VM' --scope vm1
",
        ),
        expect![[
            r#"denied (deny-assignment): Token for the system-assigned identity of vm1. Denied: deny assignment 'no-deletes' at resource group rg1 blocks Microsoft.Compute/virtualMachines/delete for vm1 (system-assigned). Deny assignments win over every role assignment, and only the service that created them can remove them."#
        ]],
    );
}

/// RB-4.8: "Role assignment changes take up to ~10 minutes to propagate."
///
/// The playground does not model the delay: an assignment counts from the next statement on, and
/// a deleted one stops counting at once. The test pins that simplification and the creation time
/// Azure prints (`createdOn`), from which a learner can reason about the delay.
#[test]
fn rb_4_8_assignments_count_at_once_in_the_playground() {
    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
mip wait 1h
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
mip expect allowed --from vm1 --action 'Read blobs' --scope photos
az role assignment delete --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
mip expect denied --from vm1 --action 'Read blobs' --scope photos
",
    ));
    let created = json(&s, "az role assignment create");
    expect![[r#""2026-01-01T01:00:08+00:00""#]].assert_eq(&created["createdOn"].to_string());
}

/// RB-4.9: "Assigning a role to a principal id that does not exist fails with PrincipalNotFound
/// ('Principal {id} does not exist in the directory {tenant}'). Role assignment names are GUIDs;
/// an assignment cannot be edited, only deleted and re-created."
#[test]
fn rb_4_9_unknown_principals_are_refused_and_assignments_are_immutable() {
    let script = with_setup("az role assignment create --assignee-object-id 11111111-2222-3333-4444-555555555555 --assignee-principal-type ServicePrincipal --role Reader --scope $(az group show -n rg1 --query id -o tsv)\n");
    let error = expect_error(&script, last_line(&script));
    assert_eq!(error.kind, ErrorKind::PrincipalNotFound);
    let tenant = Session::run(&script).world.tenant_id();
    assert_eq!(
        error.message,
        format!("(PrincipalNotFound) Principal 11111111222233334444555555555555 does not exist in the directory {tenant}.")
    );

    let s = run(&with_setup(
        "\
az vm identity assign -g rg1 -n vm1
first=$(az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv) --query name -o tsv)
az role assignment delete --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
second=$(az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv) --query name -o tsv)
",
    ));
    assert_ne!(
        guid(&s, "first"),
        guid(&s, "second"),
        "names are GUIDs, and a re-created assignment gets a new one"
    );

    let twice = with_setup(
        "az vm identity assign -g rg1 -n vm1\naz role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)\naz role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)\n",
    );
    assert_eq!(
        expect_error(&twice, last_line(&twice)).kind,
        ErrorKind::Conflict
    );
    let edit = with_setup("az role assignment update --role-assignment x\n");
    assert_eq!(
        expect_error(&edit, last_line(&edit)).kind,
        ErrorKind::UnknownCommand
    );
}

/// RB-4.10: "Key Vault has two permission models: Azure RBAC (the default for new vaults) and
/// legacy access policies (data plane only). Key Vault data roles work only under RBAC; access
/// policies only under access policies; switching to RBAC makes all access policies ineffective.
/// Under access policies, anyone with Microsoft.KeyVault/vaults/write (e.g. Contributor) can grant
/// themselves data access. Key Vault Contributor is management plane only."
#[test]
fn rb_4_10_key_vault_permission_models() {
    let s = run(&with_setup(
        "\
az keyvault create -g rg1 -n kv1
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
az role assignment create --assignee $p --role 'Key Vault Secrets User' --scope $(az keyvault show -g rg1 -n kv1 --query id -o tsv)
mip expect allowed --reason role-assignment --from vm1 --action 'Get secrets' --scope kv1
az keyvault update -n kv1 --enable-rbac-authorization false
az keyvault set-policy -n kv1 --object-id $p --secret-permissions get list
mip expect allowed --reason access-policy --from vm1 --action 'Get secrets' --scope kv1
mip expect denied --reason access-policy --from vm1 --action 'Set secrets' --scope kv1
az keyvault delete-policy -n kv1 --object-id $p
mip expect denied --reason access-policy --from vm1 --action 'Get secrets' --scope kv1
az keyvault set-policy -n kv1 --object-id $p --secret-permissions all
az keyvault update -n kv1 --enable-rbac-authorization true
mip expect allowed --reason role-assignment --from vm1 --action 'Get secrets' --scope kv1
mip expect denied --reason action-not-permitted --from vm1 --action 'Set secrets' --scope kv1
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity
az role assignment create --assignee $(az vm show -g rg1 -n vm2 --query identity.principalId -o tsv) --role 'Key Vault Contributor' --scope $(az keyvault show -g rg1 -n kv1 --query id -o tsv)
mip expect denied --reason action-not-permitted --from vm2 --action 'Get secrets' --scope kv1
mip expect allowed --from vm2 --action 'Create or update key vault' --scope kv1
az vm create -g rg1 -n vm3 --image Ubuntu2204 --assign-identity
az role assignment create --assignee $(az vm show -g rg1 -n vm3 --query identity.principalId -o tsv) --role Contributor --scope $(az group show -n rg1 --query id -o tsv)
mip expect allowed --from vm3 --action 'Write key vault access policy' --scope kv1
mip expect allowed --from vm3 --action 'Create or update key vault' --scope kv1
",
    ));
    assert_eq!(
        json(&s, "az keyvault create")["properties"]["enableRbacAuthorization"],
        true,
        "RBAC is the default"
    );
    let switched = record(&s, "--enable-rbac-authorization true");
    assert!(
        switched
            .notes
            .iter()
            .any(|n| n.contains("no longer grant anything")),
        "{:?}",
        switched.notes
    );
    assert_eq!(
        json(&s, "--enable-rbac-authorization true")["properties"]["accessPolicies"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "kept, but inert"
    );
    // Contributor can write the vault, so under access policies it can give itself data access.
    assert_eq!(
        decision(record(
            &s,
            "--from vm3 --action 'Write key vault access policy'"
        ))
        .granted_by[0]
            .role,
        "Contributor"
    );

    check(
        &with_setup(
            "\
az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false
az vm identity assign -g rg1 -n vm1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Key Vault Secrets User' --scope $(az keyvault show -g rg1 -n kv1 --query id -o tsv)
mip check --from vm1 --action 'Get secrets' --scope kv1
",
        ),
        expect![[
            r#"denied (access-policy): Token for the system-assigned identity of vm1. Denied: key vault kv1 uses access policies, so Azure RBAC data roles do not apply to its data, and no access policy gives vm1 (system-assigned) secrets 'get'. Suggestion: az keyvault set-policy --name kv1 --object-id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779 --secret-permissions get."#
        ]],
    );
}

// ----- FI-6: federated identity credentials ----------------------------------------------------

/// FI-6.1: "At most 20 per identity; name 3–120 characters, immutable; issuer + subject unique per
/// identity and matched exactly (no wildcards); exactly one audience, normally
/// api://AzureADTokenExchange. A wrong subject is accepted at creation and only fails at token
/// exchange (AADSTS70021). GitHub Actions: issuer https://token.actions.githubusercontent.com,
/// subject repo:ORG/REPO:ref:refs/heads/BRANCH, repo:ORG/REPO:environment:ENV or
/// repo:ORG/REPO:pull_request."
#[test]
fn fi_6_1_federated_credentials_match_exactly_and_have_limits() {
    const GH: &str = "https://token.actions.githubusercontent.com";
    let base = with_setup("az identity create -g rg1 -n deploy\n");
    let fc = |name: &str, subject: &str| {
        format!("az identity federated-credential create --name {name} --identity-name deploy -g rg1 --issuer {GH} --subject {subject}\n")
    };
    let exchange = |subject: &str| {
        format!("mip federated-token --identity deploy --issuer {GH} --subject {subject}\n")
    };

    let s = run(&format!(
        "{base}{}{}{}{}{}{}{}{}{}",
        fc("main", "repo:contoso/app:ref:refs/heads/main"),
        fc("prod", "repo:contoso/app:environment:production"),
        fc("prs", "repo:contoso/app:pull_request"),
        fc("typo", "repo:contoso/ap:ref:refs/heads/main"),
        fc("wild", "repo:contoso/app:*"),
        exchange("repo:contoso/app:ref:refs/heads/main"),
        exchange("repo:contoso/app:environment:production"),
        exchange("repo:contoso/app:pull_request"),
        exchange("repo:contoso/app:ref:refs/heads/dev"),
    ));
    let main = s
        .records
        .iter()
        .filter(|r| r.text.starts_with("mip federated-token"))
        .collect::<Vec<_>>();
    for r in &main[..3] {
        let out = r.json.as_ref().unwrap();
        assert_eq!(out["ok"], true, "{}", r.text);
        assert_eq!(out["identity"]["name"], "deploy");
        assert_eq!(out["claims"]["aud"], "https://management.azure.com/");
    }
    // The typo'd and wildcard subjects were accepted at creation but match nothing.
    let dev = main[3].json.as_ref().unwrap();
    assert_eq!(dev["ok"], false);
    assert!(dev["error"]["message"].as_str().unwrap().starts_with(
        "AADSTS70021: No matching federated identity record found for presented assertion."
    ));
    assert_eq!(
        json(&s, "--name main --identity-name")["audiences"],
        serde_json::json!(["api://AzureADTokenExchange"])
    );

    // Limits, each on the last line.
    let fails = |extra: &str| {
        let script = format!(
            "{base}{}{extra}",
            fc("main", "repo:contoso/app:ref:refs/heads/main")
        );
        expect_error(&script, last_line(&script))
    };
    assert_eq!(
        fails(&fc("ab", "repo:contoso/app:pull_request")).kind,
        ErrorKind::InvalidValue,
        "name too short"
    );
    assert_eq!(
        fails(&fc(&"n".repeat(121), "repo:contoso/app:pull_request")).kind,
        ErrorKind::InvalidValue,
        "name too long"
    );
    run(&format!(
        "{base}{}",
        fc(&"n".repeat(120), "repo:contoso/app:pull_request")
    ));
    assert_eq!(
        fails(&fc("again", "repo:contoso/app:ref:refs/heads/main")).kind,
        ErrorKind::Conflict,
        "issuer + subject unique"
    );
    let two_audiences = format!(
        "az identity federated-credential create --name aud2 --identity-name deploy -g rg1 --issuer {GH} --subject repo:contoso/app:pull_request --audiences api://AzureADTokenExchange api://other\n"
    );
    assert_eq!(
        fails(&two_audiences).kind,
        ErrorKind::InvalidValue,
        "exactly one audience"
    );

    // At most 20.
    let mut twenty = base.clone();
    for i in 0..20 {
        twenty.push_str(&fc(
            &format!("env{i:02}"),
            &format!("repo:contoso/app:environment:e{i}"),
        ));
    }
    run(&twenty);
    let over = format!(
        "{twenty}{}",
        fc("env20", "repo:contoso/app:environment:e20")
    );
    assert_eq!(
        expect_error(&over, last_line(&over)).kind,
        ErrorKind::Conflict
    );

    // The name is the credential's key: writing under it again replaces the rest, never renames.
    let s = run(&format!(
        "{base}{}{}az identity federated-credential list --identity-name deploy -g rg1\n",
        fc("main", "repo:contoso/app:ref:refs/heads/main"),
        fc("main", "repo:contoso/app:ref:refs/heads/release")
    ));
    let list = json(&s, "federated-credential list")
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0]["subject"],
        "repo:contoso/app:ref:refs/heads/release"
    );
}

// ----- LG-7: logs ------------------------------------------------------------------------------

/// LG-7.1: "Activity Log records control-plane writes, e.g. 'Write UserAssignedIdentities', 'Delete
/// User Assigned Identity', 'Create role assignment', 'Delete role assignment', with caller, status
/// and resource id."
#[test]
fn lg_7_1_the_activity_log_records_control_plane_writes() {
    let s = run(&with_setup(
        "\
az identity create -g rg1 -n app-id
mip wait 5m
az role assignment create --assignee $(az identity show -g rg1 -n app-id --query principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
az identity show -g rg1 -n app-id
mip check --from app-id --action 'Read VM' --scope vm1
az role assignment delete --assignee $(az identity show -g rg1 -n app-id --query principalId -o tsv) --scope $(az group show -n rg1 --query id -o tsv)
az identity delete -g rg1 -n app-id
",
    ));
    let uami = s.world.directory.deleted()[0]
        .principal
        .source
        .arm_id()
        .unwrap_or_default()
        .to_string();
    let setup_entries = Session::run(SETUP).world.activity_log.len();
    let entries: Vec<(&str, &str, &str)> = s.world.activity_log[setup_entries..]
        .iter()
        .map(|e| {
            (
                e.operation_name.as_str(),
                e.operation.as_str(),
                e.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "Write UserAssignedIdentities",
                "Microsoft.ManagedIdentity/userAssignedIdentities/write",
                "Succeeded"
            ),
            (
                "Create role assignment",
                "Microsoft.Authorization/roleAssignments/write",
                "Succeeded"
            ),
            (
                "Delete role assignment",
                "Microsoft.Authorization/roleAssignments/delete",
                "Succeeded"
            ),
            (
                "Delete User Assigned Identity",
                "Microsoft.ManagedIdentity/userAssignedIdentities/delete",
                "Succeeded"
            ),
        ],
        "reads, checks and token requests are not control-plane writes"
    );
    let log = &s.world.activity_log[setup_entries..];
    assert!(log.iter().all(|e| e.caller == CALLER));
    assert_eq!(log[0].resource_id, uami);
    assert_eq!(log[3].resource_id, uami);
    assert!(log[1]
        .resource_id
        .contains("/resourceGroups/rg1/providers/Microsoft.Authorization/roleAssignments/"));
    assert!(
        log[1].time >= log[0].time + 300,
        "entries carry the simulated time"
    );
}

/// LG-7.2: "Entra ID sign-in logs have a 'Managed identity sign-ins' tab: one entry per token
/// issued, without an IP address." The exhaustive pattern below stops compiling if an IP address
/// field is ever added.
#[test]
fn lg_7_2_one_managed_identity_sign_in_per_token_without_an_ip_address() {
    let s = run(&with_setup(
        "\
mip token --from vm1 --resource https://storage.azure.com/
p=$(az vm identity assign -g rg1 -n vm1 --query systemAssignedIdentity -o tsv)
az identity create -g rg1 -n app-id
az vm identity assign -g rg1 -n vm1 --identities app-id
mip token --from vm1 --resource https://storage.azure.com/
mip token --from vm1 --resource https://vault.azure.net --msi-res-id app-id
mip check --from vm1 --action 'Read blobs' --scope photos
",
    ));
    let issued = s
        .records
        .iter()
        .flat_map(|r| &r.events)
        .filter(|e| matches!(e, Event::TokenIssued { .. }))
        .count();
    assert_eq!(
        issued, 3,
        "two tokens, plus the one behind the check; the failed request issued none"
    );
    assert_eq!(s.world.sign_ins.len(), issued);
    let vm1 = resource_id(&s, "vm1");
    let SignInEntry {
        time,
        identity,
        object_id,
        app_id,
        resource,
        kind,
        requester,
    } = &s.world.sign_ins[0];
    assert_eq!((identity.as_str(), *object_id), ("vm1", guid(&s, "p")));
    assert_eq!(
        *app_id,
        s.world.directory.get(guid(&s, "p")).unwrap().app_id
    );
    assert_eq!(
        (resource.as_str(), kind.label()),
        ("https://storage.azure.com/", "System Assigned")
    );
    assert_eq!(requester, &Host::Resource(vm1.clone()));
    assert!(*time > 0);
    let second = &s.world.sign_ins[1];
    assert_eq!(
        (second.identity.as_str(), second.kind.label()),
        ("app-id", "User Assigned")
    );
    assert_eq!(second.requester, Host::Resource(vm1));
}

// ----- EN-9: what --assignee and --scope take, as az resolves them ----------------------------

/// The group rg1's ARM id, captured as Microsoft Learn does.
const RG1: &str = "$(az group show -n rg1 --query id -o tsv)";

/// The error lines of every failing statement of a script, for snapshots.
fn error_lines(script: &str) -> String {
    Session::run(script)
        .records
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| format!("{}\n", error_line(e))))
        .collect()
}

/// EN-9.9: "`--assignee <v>` resolves `<v>` through Graph in this order: contains `@` → the user
/// with that userPrincipalName; else the SP whose `servicePrincipalNames` contains `<v>`; else, if
/// `<v>` is a GUID → the directory object with that object id. The principal type comes from the
/// match. Display names are never resolved."
#[test]
fn en_9_9_assignee_takes_a_upn_a_client_id_or_an_object_id_never_a_name() {
    let s = run(&with_setup(&format!(
        "\
az vm identity assign -g rg1 -n vm1
az identity create -g rg1 -n reader
p=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
c=$(az identity show -g rg1 -n reader --query clientId -o tsv)
u=$(az identity show -g rg1 -n reader --query principalId -o tsv)
az role assignment create --assignee Learner@Contoso.onmicrosoft.com --role Reader --scope {RG1}
az role assignment create --assignee $c --role Reader --scope {RG1}
az role assignment create --assignee $p --role Reader --scope {RG1}
"
    )));
    let by_upn = json(&s, "--assignee Learner@");
    assert_eq!(by_upn["principalType"], "User");
    assert_eq!(by_upn["principalId"], s.world.learner.to_string());
    let by_client_id = json(&s, "--assignee $c");
    assert_eq!(by_client_id["principalType"], "ServicePrincipal");
    assert_eq!(
        by_client_id["principalId"],
        guid(&s, "u").to_string(),
        "a client id names its service principal, whose object id the assignment holds"
    );
    assert_eq!(
        json(&s, "--assignee $p")["principalId"],
        guid(&s, "p").to_string()
    );

    for name in ["vm1", "reader", "Learner"] {
        let script = with_setup(&format!(
            "az vm identity assign -g rg1 -n vm1\naz identity create -g rg1 -n reader\naz role assignment create --assignee {name} --role Reader --scope {RG1}\n"
        ));
        let error = expect_error(&script, last_line(&script));
        assert_eq!(error.kind, ErrorKind::NotFound, "{name}");
        assert!(
            error.message.starts_with(&format!(
                "Cannot find user or service principal in graph database for '{name}'."
            )),
            "{name}: {}",
            error.message
        );
    }
}

/// EN-9.10: "No match → `Cannot find user or service principal in graph database for '<v>'. If the
/// assignee is an appId, make sure the corresponding service principal is created with 'az ad sp
/// create --id <v>'.`" The playground adds a hint with the command that prints the right value.
#[test]
fn en_9_10_an_assignee_that_names_nothing_gets_azs_error_and_the_command_that_prints_the_id() {
    let script = with_setup(&format!(
        "\
az vm identity assign -g rg1 -n vm1
az identity create -g rg1 -n reader
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity reader
az role assignment create --assignee vm1 --role Reader --scope {RG1}
az role assignment create --assignee reader --role Reader --scope {RG1}
az role assignment create --assignee vm2 --role Reader --scope {RG1}
az role assignment create --assignee store1 --role Reader --scope {RG1}
az role assignment list --assignee vm1
az role assignment create --assignee 0b5e8c1f-6a4e-4c1e-9d7a-2f0c3b4a5d6e --role Reader --scope {RG1}
"
    ));
    expect![[r#"
        not-found: Cannot find user or service principal in graph database for 'vm1'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id vm1'.
        hint: to grant vm1's system-assigned identity, use its principal id: az vm show -g rg1 -n vm1 --query identity.principalId -o tsv
        not-found: Cannot find user or service principal in graph database for 'reader'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id reader'.
        hint: to grant the user-assigned identity reader, use its principal id: az identity show -g rg1 -n reader --query principalId -o tsv
        not-found: Cannot find user or service principal in graph database for 'vm2'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id vm2'.
        hint: vm2 uses the user-assigned identity reader; to grant it, use its principal id: az identity show -g rg1 -n reader --query principalId -o tsv
        not-found: Cannot find user or service principal in graph database for 'store1'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id store1'.
        hint: store1 is a storage account without a managed identity; --assignee takes a principal: a user's UPN, or a service principal's object or client id
        not-found: Cannot find user or service principal in graph database for 'vm1'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id vm1'.
        hint: to grant vm1's system-assigned identity, use its principal id: az vm show -g rg1 -n vm1 --query identity.principalId -o tsv
        not-found: Cannot find user or service principal in graph database for '0b5e8c1f-6a4e-4c1e-9d7a-2f0c3b4a5d6e'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id 0b5e8c1f-6a4e-4c1e-9d7a-2f0c3b4a5d6e'.
    "#]].assert_eq(&error_lines(&script));
}

/// EN-9.12: "`--assignee-object-id <oid>` skips name resolution; exactly one of the two: `usage
/// error: --assignee STRING | --assignee-object-id GUID`. `--assignee-principal-type` only with it.
/// Object id without type → warning … and a Graph lookup of the type."
#[test]
fn en_9_12_assignee_or_assignee_object_id_and_the_type_only_with_the_object_id() {
    let script = with_setup(&format!(
        "\
az vm identity assign -g rg1 -n vm1
p=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
az role assignment create --assignee $p --assignee-object-id $p --role Reader --scope {RG1}
az role assignment create --role Reader --scope {RG1}
az role assignment create --assignee $p --assignee-principal-type ServicePrincipal --role Reader --scope {RG1}
az role assignment create --assignee-object-id $p --assignee-principal-type User --role Reader --scope {RG1}
az role assignment create --assignee-object-id 0b5e8c1f-6a4e-4c1e-9d7a-2f0c3b4a5d6e --assignee-principal-type ServicePrincipal --role Reader --scope {RG1}
"
    ));
    let errors = error_lines(&script);
    expect![[r#"
        invalid-value: usage error: --assignee STRING | --assignee-object-id GUID
        missing-argument: usage error: --assignee STRING | --assignee-object-id GUID
        invalid-value: usage error: --assignee-object-id GUID --assignee-principal-type TYPE
        invalid-value: (UnmatchedPrincipalType) The PrincipalId '85db1bc04a9c4bffaa3b887b2dbbf779' has type 'ServicePrincipal' , which is different from specified PrincipalType 'User'.
        principal-not-found: (PrincipalNotFound) Principal 0b5e8c1f6a4e4c1e9d7a2f0c3b4a5d6e does not exist in the directory <tenant>.
    "#]].assert_eq(&errors.replace(&Session::run(&script).world.tenant_id().to_string(), "<tenant>"));

    let learner = Session::new().world.learner;
    let s = run(&with_setup(&format!(
        "az role assignment create --assignee-object-id {learner} --role Reader --scope {RG1}\n"
    )));
    let r = record(&s, "--assignee-object-id");
    assert_eq!(
        r.json.as_ref().map(|j| j["principalType"].clone()),
        Some(Value::from("User")),
        "az looks the type up"
    );
    assert_eq!(
        r.notes,
        ["RBAC service might reject creating role assignment without --assignee-principal-type in the future. Better to specify --assignee-principal-type manually."]
    );
}

/// EN-9.13: "`--scope` is required for `az role assignment create` (`the following arguments are
/// required: --scope`) since the fall-2023 breaking-change release, which also removed
/// `--resource-group` from that command."
#[test]
fn en_9_13_role_assignment_create_requires_scope_and_has_no_resource_group() {
    let script = with_setup(
        "\
az vm identity assign -g rg1 -n vm1
p=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
az role assignment create --assignee $p --role Reader
az role assignment create --assignee $p --role Reader --resource-group rg1
",
    );
    expect![[r#"
        missing-argument: the following arguments are required: --scope
        unknown-flag: unknown flag --resource-group for 'az role assignment create'
    "#]]
    .assert_eq(&error_lines(&script));
    let s = run(&with_setup(
        "az role assignment list --resource-group rg1\n",
    ));
    assert!(
        json(&s, "list").is_array(),
        "az role assignment list keeps -g"
    );
}

/// EN-9.14: "The scope must be a full ARM id. A value starting with `/subscriptions/` that isn't a
/// valid resource id → `Invalid scope. Please use --help to view the valid format.`; anything
/// else, e.g. a bare resource name, is sent as-is and ARM answers `(MissingSubscription) The
/// request did not have a subscription or a valid tenant level resource provider.`" Every az
/// command's `--scope` works so; the playground's own `mip` statements keep taking names.
#[test]
fn en_9_14_every_az_scope_is_a_full_arm_id_and_mip_statements_still_take_names() {
    let script = with_setup(&format!(
        "\
az vm identity assign -g rg1 -n vm1
p=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
az role assignment create --assignee $p --role Reader --scope store1
az role assignment create --assignee $p --role Reader --scope rg1
az role assignment create --assignee $p --role Reader --scope photos
az role assignment create --assignee $p --role Reader --scope {RG1}/vm1
az role assignment list --scope store1
az role assignment delete --scope vm1
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity --role Reader --scope rg1
az vm identity assign -g rg1 -n vm1 --role Reader --scope 'Playground subscription'
"
    ));
    expect![[r#"
        invalid-value: (MissingSubscription) The request did not have a subscription or a valid tenant level resource provider.
        hint: --scope takes a full ARM id: --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
        invalid-value: (MissingSubscription) The request did not have a subscription or a valid tenant level resource provider.
        hint: --scope takes a full ARM id: --scope $(az group show -n rg1 --query id -o tsv)
        invalid-value: (MissingSubscription) The request did not have a subscription or a valid tenant level resource provider.
        hint: --scope takes a full ARM id: --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)/blobServices/default/containers/photos
        invalid-value: Invalid scope. Please use --help to view the valid format.
        hint: '/subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/vm1' is not a valid scope: a scope looks like /subscriptions/<id>[/resourceGroups/<group>[/providers/<Namespace>/<type>/<name>…]]
        invalid-value: (MissingSubscription) The request did not have a subscription or a valid tenant level resource provider.
        hint: --scope takes a full ARM id: --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)
        invalid-value: (MissingSubscription) The request did not have a subscription or a valid tenant level resource provider.
        hint: --scope takes a full ARM id: --scope $(az vm show -g rg1 -n vm1 --query id -o tsv)
        invalid-value: (MissingSubscription) The request did not have a subscription or a valid tenant level resource provider.
        hint: --scope takes a full ARM id: --scope $(az group show -n rg1 --query id -o tsv)
        invalid-value: (MissingSubscription) The request did not have a subscription or a valid tenant level resource provider.
        hint: --scope takes a full ARM id: --scope /subscriptions/$(az account show --query id -o tsv)
    "#]].assert_eq(&error_lines(&script));

    let s = run(&with_setup(
        "\
az vm create -g rg1 -n vm2 --image Ubuntu2204 --assign-identity --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)/blobServices/default/containers/photos
az account management-group create -n corp
p=$(az vm show -g rg1 -n vm2 --query identity.principalId -o tsv)
az role assignment create --assignee $p --role Reader --scope /providers/Microsoft.Management/managementGroups/corp
az role assignment create --assignee $p --role Reader --scope /subscriptions/$(az account show --query id -o tsv)
mip expect allowed --from vm2 --action 'Read blobs' --scope photos
mip expect denied --from vm2 --action 'Read blobs' --scope backups
",
    ));
    assert_eq!(
        s.world.assignments().len(),
        4,
        "the learner's Owner and three grants"
    );
}

/// EN-9.9: "… contains `@` → the user with that userPrincipalName; else the SP whose
/// `servicePrincipalNames` contains `<v>` …" Key Vault's access-policy flags look principals up
/// the same way: `--upn` finds a user, `--spn` a service principal by its client id, never by a
/// display name.
#[test]
fn en_9_9_access_policies_find_users_by_upn_and_service_principals_by_client_id() {
    let s = run(&with_setup(
        "\
az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false
az identity create -g rg1 -n reader
az keyvault set-policy -n kv1 --upn learner@contoso.onmicrosoft.com --secret-permissions get
az keyvault set-policy -n kv1 --spn $(az identity show -g rg1 -n reader --query clientId -o tsv) --secret-permissions list
u=$(az identity show -g rg1 -n reader --query principalId -o tsv)
",
    ));
    let policies = json(&s, "--spn")["properties"]["accessPolicies"].clone();
    let ids: Vec<&str> = policies
        .as_array()
        .expect("access policies")
        .iter()
        .filter_map(|p| p["objectId"].as_str())
        .collect();
    assert_eq!(
        ids,
        [s.world.learner.to_string(), guid(&s, "u").to_string()]
    );
    let by_name = with_setup(
        "az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false\naz identity create -g rg1 -n reader\naz keyvault set-policy -n kv1 --spn reader --secret-permissions get\n",
    );
    assert_eq!(
        expect_error(&by_name, last_line(&by_name)).kind,
        ErrorKind::NotFound
    );
}

/// EN-9.14: "The scope must be a full ARM id …" `az resource show|delete --ids` take ids the same
/// way: a name is refused with the command that prints the id.
#[test]
fn en_9_14_resource_ids_are_full_arm_ids_too() {
    let script = with_setup("az resource show --ids vm1\naz resource delete --ids $(az vm show -g rg1 -n vm1 --query id -o tsv)\n");
    expect![[r#"
        invalid-value: --ids takes full ARM ids, and 'vm1' is not one; use --ids $(az vm show -g rg1 -n vm1 --query id -o tsv)
    "#]].assert_eq(&error_lines(&script));
    assert_eq!(
        Session::run(&script).world.resources_named("vm1").count(),
        0
    );
}
