use expect_test::{expect, Expect};

use super::*;
use crate::sim::evaluate::{Decision, Outcome, Reason};
use crate::sim::operations;
use crate::sim::scope::Scope;
use crate::sim::script::command::Output;
use crate::sim::script::lexer::Pos;
use crate::sim::script::resolve;
use crate::sim::token::Selector;
use crate::sim::token::MULTIPLE_UAMI_MESSAGE;
use crate::view::testing::run;

fn flow(
    script: &str,
    from: &str,
    identity: IdentityChoice,
    action: &str,
    scope: &str,
) -> CheckFlow {
    let session = run(script);
    check(&session.world, from, &identity, action, scope).expect("valid inputs")
}

/// Snapshots the flow as a screen reader gets it.
fn check_text(flow: &CheckFlow, expect: Expect) {
    expect.assert_eq(&as_text(flow));
}

const READER_VM: &str = r#"az group create -n rg1 -l westeurope
az vm create -g rg1 -n vm1 --assign-identity
az storage account create -g rg1 -n st1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
"#;

#[test]
fn a_system_assigned_vm_with_storage_blob_data_reader_reads_blobs() {
    let flow = flow(
        READER_VM,
        "vm1",
        IdentityChoice::system(),
        "Read blobs",
        "st1",
    );
    let request = flow.request().expect("a request");
    assert_eq!(request.endpoint, "IMDS");
    assert_eq!(
        request.line,
        "GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/"
    );
    assert_eq!(request.header, "Metadata: true");
    let Some(TokenStage::Issued { claims, .. }) = flow.token() else {
        panic!("no token: {flow:#?}");
    };
    let names: Vec<&str> = claims.iter().map(|c| c.name).collect();
    assert_eq!(names, token::CLAIM_ORDER);
    let rbac = flow.rbac().expect("an RBAC walk");
    assert_eq!(rbac.walked.len(), rbac.steps.len() - 1);
    let stamp = flow.stamp().expect("a stamp");
    assert_eq!(stamp.outcome, Outcome::Allowed);
    assert_eq!(stamp.reason, Reason::RoleAssignment);
    assert_eq!(
        stamp.deciding.as_ref().map(|d| d.path.as_str()),
        Some("Storage Blob Data Reader at storage account st1")
    );
    check_text(
        &flow,
        expect![[r#"
            Can code on vm1 read blobs at storage account st1?
            1. Token request to IMDS
               GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/
               Metadata: true
               Code on virtual machine vm1 asks the Instance Metadata Service, reachable only from inside the machine, for a token for https://storage.azure.com/; the Metadata: true header is required, which guards against server-side request forgery. No identity is named, so Azure picks the system-assigned one, or else the only user-assigned one.
            2. Token issued
               Entra ID issued a token for the system-assigned identity of vm1 (object id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779, client id 74f6f828-e6b7-4907-a9c3-ffc1780467f3). No identity was named, so the system-assigned identity was used.
               aud = https://storage.azure.com/: Audience: the API the token is for; any other API rejects it.
               iss = https://sts.windows.net/991eade3-59d2-4e2f-8b8a-9a8a80d04878/: Issuer: the security token service of the Entra ID tenant that signed it.
               oid = 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779: Object id of the identity's service principal: the principal id role assignments name.
               appid = 74f6f828-e6b7-4907-a9c3-ffc1780467f3: Client (application) id of the identity: what client_id selects.
               tid = 991eade3-59d2-4e2f-8b8a-9a8a80d04878: Tenant id: the Entra ID tenant the identity belongs to.
               xms_mirid = /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1: ARM id of the managed identity (of its resource, for a system-assigned one); not in Microsoft's claims reference, but present in managed-identity tokens.
               idtyp = app: Identity type: app, a service principal rather than a user.
               iat = 1767225604: Issued at 00:00:04 UTC (seconds since 1970).
               nbf = 1767225604: Not valid before 00:00:04 UTC.
               exp = 1767312003: Expires at 00:00:03 UTC, about 24 hours after issue; until then the token is cached and reused, so role changes can take that long to show.
            3. Azure RBAC
               - Deny assignments: none applies here.
               - Storage account st1: 1 role assignment for vm1 (system-assigned), which grants it.
                 - Storage Blob Data Reader: grants it through its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'.
               - Resource group rg1: no role assignment for vm1 (system-assigned).
               - Subscription 'Playground subscription': no role assignment for vm1 (system-assigned).
               - The tenant root: no role assignment for vm1 (system-assigned).
            4. Allowed (role-assignment: a role assignment grants it)
               Granted by Storage Blob Data Reader at storage account st1."#]],
    );
}

#[test]
fn an_inherited_grant_names_its_path() {
    let flow = flow(
        "az group create -n rg1 -l westeurope\naz vm create -g rg1 -n vm1 --assign-identity\naz storage account create -g rg1 -n st1\naz role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az group show -n rg1 --query id -o tsv)",
        "vm1",
        IdentityChoice::system(),
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        "st1",
    );
    let deciding = flow
        .stamp()
        .and_then(|s| s.deciding.clone())
        .expect("a grant");
    assert!(deciding.inherited);
    assert_eq!(
        deciding.path,
        "Storage Blob Data Reader at resource group rg1, inherited by storage account st1"
    );
}

/// EN-9.2: a grant through a group names the group, in the stamp and in the trace (once the
/// managed identity's cached token has the membership, TK-3.8).
#[test]
fn a_grant_through_a_group_names_the_group() {
    let flow = flow(
        "az group create -n rg1 -l westeurope
az vm create -g rg1 -n vm1 --assign-identity
az storage account create -g rg1 -n st1
p=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
g=$(az ad group create --display-name readers --mail-nickname readers --query id -o tsv)
az ad group member add --group $g --member-id $p
az role assignment create --assignee $g --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
mip wait 24h",
        "vm1",
        IdentityChoice::system(),
        "Read blobs",
        "st1",
    );
    let deciding = flow
        .stamp()
        .and_then(|s| s.deciding.clone())
        .expect("a grant");
    assert_eq!(
        deciding.path,
        "Storage Blob Data Reader (through group readers) at storage account st1"
    );
}

#[test]
fn a_denial_says_what_is_missing_and_suggests_the_least_privilege() {
    let flow = flow(
        "az group create -n rg1 -l westeurope\naz vm create -g rg1 -n vm1 --assign-identity\naz storage account create -g rg1 -n st1\naz role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)",
        "vm1",
        IdentityChoice::system(),
        "Read blobs",
        "st1",
    );
    let stamp = flow.stamp().expect("a stamp");
    assert_eq!(stamp.outcome, Outcome::Denied);
    assert_eq!(stamp.reason, Reason::ActionNotPermitted);
    assert_eq!(
        stamp.suggestion.as_deref(),
        Some("Grant Storage Blob Data Reader on storage account st1")
    );
    check_text(
        &flow,
        expect![[r#"
            Can code on vm1 read blobs at storage account st1?
            1. Token request to IMDS
               GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/
               Metadata: true
               Code on virtual machine vm1 asks the Instance Metadata Service, reachable only from inside the machine, for a token for https://storage.azure.com/; the Metadata: true header is required, which guards against server-side request forgery. No identity is named, so Azure picks the system-assigned one, or else the only user-assigned one.
            2. Token issued
               Entra ID issued a token for the system-assigned identity of vm1 (object id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779, client id 74f6f828-e6b7-4907-a9c3-ffc1780467f3). No identity was named, so the system-assigned identity was used.
               aud = https://storage.azure.com/: Audience: the API the token is for; any other API rejects it.
               iss = https://sts.windows.net/991eade3-59d2-4e2f-8b8a-9a8a80d04878/: Issuer: the security token service of the Entra ID tenant that signed it.
               oid = 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779: Object id of the identity's service principal: the principal id role assignments name.
               appid = 74f6f828-e6b7-4907-a9c3-ffc1780467f3: Client (application) id of the identity: what client_id selects.
               tid = 991eade3-59d2-4e2f-8b8a-9a8a80d04878: Tenant id: the Entra ID tenant the identity belongs to.
               xms_mirid = /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1: ARM id of the managed identity (of its resource, for a system-assigned one); not in Microsoft's claims reference, but present in managed-identity tokens.
               idtyp = app: Identity type: app, a service principal rather than a user.
               iat = 1767225604: Issued at 00:00:04 UTC (seconds since 1970).
               nbf = 1767225604: Not valid before 00:00:04 UTC.
               exp = 1767312003: Expires at 00:00:03 UTC, about 24 hours after issue; until then the token is cached and reused, so role changes can take that long to show.
            3. Azure RBAC
               - Deny assignments: none applies here.
               - Storage account st1: 1 role assignment for vm1 (system-assigned), which does not grant it.
                 - Reader: its DataActions do not include it.
               - Resource group rg1: no role assignment for vm1 (system-assigned).
               - Subscription 'Playground subscription': no role assignment for vm1 (system-assigned).
               - The tenant root: no role assignment for vm1 (system-assigned).
            4. Denied (action-not-permitted: the assigned roles do not include this operation)
               Missing: a role whose DataActions include Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read; control-plane roles such as Owner or Contributor do not grant data access.
               Suggestion: Grant Storage Blob Data Reader on storage account st1."#]],
    );
}

const TWO_UAMIS: &str = r#"az group create -n rg1 -l westeurope
az identity create -g rg1 -n id-a
az identity create -g rg1 -n id-b
az vm create -g rg1 -n vm1 --assign-identity id-a id-b
az storage account create -g rg1 -n st1
az role assignment create --assignee $(az identity show -g rg1 -n id-b --query principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
"#;

#[test]
fn several_user_assigned_identities_and_no_selector_fail_before_rbac() {
    let flow = flow(
        TWO_UAMIS,
        "vm1",
        IdentityChoice::system(),
        "Read blobs",
        "st1",
    );
    let Some(TokenStage::Failed {
        reason,
        status,
        error,
        message,
        ..
    }) = flow.token()
    else {
        panic!("a token was issued: {flow:#?}");
    };
    assert_eq!(*reason, Reason::IdentitySelectionRequired);
    assert_eq!((*status, *error), (400, "invalid_request"));
    assert_eq!(message, MULTIPLE_UAMI_MESSAGE);
    assert!(flow.rbac().is_none());
    let stamp = flow.stamp().expect("a stamp");
    assert_eq!(stamp.reason, Reason::IdentitySelectionRequired);
    assert_eq!(
        stamp.suggestion.as_deref(),
        Some("Name one of vm1's identities with msi_res_id (or client_id): id-a or id-b")
    );
    check_text(
        &flow,
        expect![[r#"
            Can code on vm1 read blobs at storage account st1?
            1. Token request to IMDS
               GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/
               Metadata: true
               Code on virtual machine vm1 asks the Instance Metadata Service, reachable only from inside the machine, for a token for https://storage.azure.com/; the Metadata: true header is required, which guards against server-side request forgery. No identity is named, so Azure picks the system-assigned one, or else the only user-assigned one.
            2. No token: 400 invalid_request
               Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request
               No token was issued, so the request never reaches Azure RBAC.
            3. Denied (identity-selection-required: the token request must say which identity to use)
               Missing: the identity's name in the token request: with several user-assigned identities and no system-assigned one, Azure will not guess.
               Suggestion: Name one of vm1's identities with msi_res_id (or client_id): id-a or id-b."#]],
    );

    // Named by name, the identity is found and the request carries its ARM id.
    let named = self::flow(
        TWO_UAMIS,
        "vm1",
        IdentityChoice::UserAssigned("id-b".into()),
        "Read blobs",
        "st1",
    );
    assert!(named
        .request()
        .expect("a request")
        .line
        .contains("&msi_res_id=/subscriptions/"));
    assert!(named.decision.allowed());
}

#[test]
fn app_service_uses_identity_endpoint() {
    let flow = flow(
        "az group create -n rg1 -l westeurope\naz appservice plan create -g rg1 -n plan1\naz webapp create -g rg1 -n web1 --plan plan1 --assign-identity\naz keyvault create -g rg1 -n kv1",
        "web1",
        IdentityChoice::system(),
        "Get secrets",
        "kv1",
    );
    let request = flow.request().expect("a request");
    assert_eq!(request.endpoint, "IDENTITY_ENDPOINT");
    assert_eq!(
        request.line,
        "GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https://vault.azure.net"
    );
    assert_eq!(request.header, "X-IDENTITY-HEADER: $IDENTITY_HEADER");
    assert_eq!(
        flow.stamp().map(|s| s.reason),
        Some(Reason::NoRoleAssignment)
    );
}

/// The flow decides exactly what `mip check` decides, for every kind of outcome.
#[test]
fn agrees_with_mip_check() {
    let setup = r#"az group create -n rg1 -l westeurope
az identity create -g rg1 -n id-a
az identity create -g rg1 -n id-b
az vm create -g rg1 -n vm1 --assign-identity
az vm create -g rg1 -n vm2 --assign-identity id-a id-b
az vm create -g rg1 -n bare
az storage account create -g rg1 -n st1
az storage container create --account-name st1 -n logs
az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false
az keyvault set-policy -n kv1 --object-id $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --secret-permissions get
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az identity show -g rg1 -n id-a --query principalId -o tsv) --role Contributor --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
mip deny-assignment create --name no-writes --scope logs --data-actions '*/write'
"#;
    let cases: &[(&str, IdentityChoice, &str, &str, &str)] = &[
        ("vm1", IdentityChoice::system(), "", "Read blobs", "logs"),
        ("vm1", IdentityChoice::system(), "", "Write blobs", "st1"),
        ("vm1", IdentityChoice::system(), "", "Restart VM", "vm2"),
        ("vm1", IdentityChoice::system(), "", "Get secrets", "kv1"),
        ("vm1", IdentityChoice::system(), "", "Set secrets", "kv1"),
        ("vm2", IdentityChoice::system(), "", "Read blobs", "st1"),
        (
            "vm2",
            IdentityChoice::UserAssigned("id-a".into()),
            " --msi-res-id id-a",
            "Read blobs",
            "st1",
        ),
        (
            "vm2",
            IdentityChoice::UserAssigned("id-b".into()),
            " --msi-res-id id-b",
            "Read blobs",
            "st1",
        ),
        (
            "vm2",
            IdentityChoice::UserAssigned("id-a".into()),
            " --msi-res-id id-a",
            "List keys",
            "st1",
        ),
        (
            "vm2",
            IdentityChoice::UserAssigned("id-a".into()),
            " --msi-res-id id-a",
            "Assign roles",
            "st1",
        ),
        (
            "vm2",
            IdentityChoice::Selector(Selector::ClientId(
                "00000000-0000-0000-0000-000000000001".into(),
            )),
            " --client-id 00000000-0000-0000-0000-000000000001",
            "Read blobs",
            "st1",
        ),
        ("bare", IdentityChoice::system(), "", "Read blobs", "st1"),
        (
            "vm1",
            IdentityChoice::system(),
            "",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
            "logs",
        ),
    ];
    let mut script = setup.to_string();
    for (from, _, flag, action, scope) in cases {
        script.push_str(&format!(
            "mip check --from {from} --action '{action}' --scope {scope}{flag}\n"
        ));
    }
    let session = run(&script);
    let decisions: Vec<&Decision> = session
        .records
        .iter()
        .filter_map(|r| match &r.output {
            Output::Decision(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(decisions.len(), cases.len());
    let mut reasons = Vec::new();
    for ((from, identity, _, action, scope), printed) in cases.iter().zip(decisions) {
        let flow = check(&session.world, from, identity, action, scope).expect("valid inputs");
        assert_eq!(
            flow.decision.outcome, printed.outcome,
            "{from} {action} {scope}"
        );
        assert_eq!(
            flow.decision.reason, printed.reason,
            "{from} {action} {scope}"
        );
        assert_eq!(flow.decision.explanation, printed.explanation);
        assert_eq!(flow.decision.granted_by, printed.granted_by);
        let stamp = flow.stamp().expect("a stamp");
        assert_eq!(
            (stamp.outcome, stamp.reason),
            (printed.outcome, printed.reason)
        );
        reasons.push(printed.reason.code());
    }
    // The cases cover every reason a check can give.
    reasons.sort_unstable();
    reasons.dedup();
    expect!["access-policy, action-not-permitted, deny-assignment, identity-not-found, identity-selection-required, no-identity, no-role-assignment, role-assignment"].assert_eq(&reasons.join(", "));
}

#[test]
fn inputs_that_name_nothing_say_so() {
    let session = run(READER_VM);
    let world = &session.world;
    let err = |source, identity: IdentityChoice, action, scope| {
        check(world, source, &identity, action, scope).expect_err("an input error")
    };
    let e = err("vm9", IdentityChoice::system(), "Read blobs", "st1");
    assert_eq!(e.field, Field::Source);
    let e = err("vm1", IdentityChoice::system(), "read blob", "st1");
    assert_eq!(e.field, Field::Operation);
    assert!(
        e.message.ends_with("did you mean 'Read blobs'?"),
        "{}",
        e.message
    );
    let e = err("vm1", IdentityChoice::system(), "Read blobs", "nowhere");
    assert_eq!(e.field, Field::Scope);
    let e = err(
        "vm1",
        IdentityChoice::UserAssigned("ghost".into()),
        "Read blobs",
        "st1",
    );
    assert_eq!(e.field, Field::Identity);
}

#[test]
fn a_principal_is_explained_without_a_token() {
    let session = run(READER_VM);
    let principal = session
        .world
        .directory
        .principals()
        .next()
        .map(|p| p.object_id)
        .expect("vm1's principal");
    let st1 = Scope::parse(&session.world.resources_named("st1").next().expect("st1").id)
        .expect("a scope");
    let op = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
    let flow = explain(&session.world, principal, op, &st1);
    assert!(flow.request().is_none() && flow.token().is_none());
    assert!(flow.rbac().is_some());
    assert_eq!(
        flow.question,
        "Can vm1 (system-assigned) read blobs at storage account st1?"
    );
    assert_eq!(flow.stamp().map(|s| s.outcome), Some(Outcome::Allowed));
}

#[test]
fn common_operations_are_azure_operation_strings() {
    for common in COMMON_OPERATIONS {
        let op = operations::find(common.operation).expect(common.operation);
        assert_eq!(op.name, common.operation, "exact casing");
        assert_eq!(op.friendly, common.friendly);
    }
    for friendly in [
        "Read blobs",
        "Write blobs",
        "Get secrets",
        "List keys",
        "Restart VM",
        "Assign roles",
    ] {
        assert!(common_operation(friendly).is_some(), "{friendly}");
    }
    let session = run(READER_VM);
    let world = &session.world;
    let scope = |name: &str| resolve::scope_ref(world, name, Pos { line: 1, col: 1 }).expect(name);
    assert!(AppliesTo::BlobData.accepts(world, &scope("st1")));
    assert!(!AppliesTo::BlobData.accepts(world, &scope("vm1")));
    assert!(AppliesTo::VirtualMachine.accepts(world, &scope("vm1")));
    assert!(AppliesTo::AnyScope.accepts(world, &scope("rg1")));
    assert!(!AppliesTo::StorageAccount.accepts(world, &scope("rg1")));
}

// ----- principals that ask directly ----------------------------------------------------------

/// Alice is in the group readers, which holds Storage Blob Data Reader on st1; bob is in no
/// group; the app ci-deployer is Contributor on the resource group.
const PEOPLE: &str = r#"az group create -n rg1 -l westeurope
az storage account create -g rg1 -n st1
st=$(az storage account show -g rg1 -n st1 --query id -o tsv)
rg=$(az group show -n rg1 --query id -o tsv)
alice=$(az ad user create --display-name Alice --user-principal-name alice@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd' --query id -o tsv)
az ad user create --display-name Bob --user-principal-name bob@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd'
readers=$(az ad group create --display-name readers --mail-nickname readers --query id -o tsv)
az ad group member add --group $readers --member-id $alice
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $st
az ad sp create-for-rbac --name ci-deployer --role Contributor --scopes $rg
"#;

fn st1_id(world: &crate::sim::world::World) -> String {
    world.resources_named("st1").next().expect("st1").id.clone()
}

fn user(world: &crate::sim::world::World, upn: &str) -> crate::sim::ids::Guid {
    world.directory.user_by_upn(upn).expect(upn).object_id
}

/// The picker lists the learner first, as "you", then the users, groups and applications'
/// service principals; no managed identity, since code on its resource asks for it.
#[test]
fn form_choices_list_users_groups_and_apps_with_you_first() {
    let session = run(&format!(
        "{PEOPLE}az vm create -g rg1 -n vm1 --assign-identity\n"
    ));
    let labels: Vec<(PrincipalKind, String)> = principal_options(&session.world)
        .into_iter()
        .map(|o| (o.kind, o.label))
        .collect();
    assert_eq!(
        labels,
        [
            (
                PrincipalKind::You,
                "learner@contoso.onmicrosoft.com (you)".to_string()
            ),
            (
                PrincipalKind::User,
                "alice@contoso.onmicrosoft.com (user)".to_string()
            ),
            (
                PrincipalKind::User,
                "bob@contoso.onmicrosoft.com (user)".to_string()
            ),
            (PrincipalKind::Group, "readers (security group)".to_string()),
            (
                PrincipalKind::Application,
                "ci-deployer (app's service principal)".to_string()
            ),
        ]
    );
    assert_eq!(
        principal_options(&session.world)[0].principal,
        session.world.learner
    );
}

/// EN-9.2: a user in a group is allowed through the group's role assignment, and the flow says
/// so; there is no token request, since a user signs in with its own credentials.
#[test]
fn en_9_2_a_user_in_a_group_is_allowed_through_the_group() {
    let session = run(PEOPLE);
    let world = &session.world;
    let alice = user(world, "alice@contoso.onmicrosoft.com");
    let flow = check_as(world, alice, "Read blobs", &st1_id(world)).expect("valid inputs");
    assert!(flow.request().is_none() && flow.token().is_none());
    assert_eq!(flow.source, None);
    let stamp = flow.stamp().expect("a stamp");
    assert_eq!(
        (stamp.outcome, stamp.reason),
        (Outcome::Allowed, Reason::RoleAssignment)
    );
    assert_eq!(
        stamp.deciding.as_ref().map(|d| d.path.as_str()),
        Some("Storage Blob Data Reader (through group readers) at storage account st1")
    );
    check_text(
        &flow,
        expect![[r#"
            Can user alice@contoso.onmicrosoft.com read blobs at storage account st1?
            1. Azure RBAC
               - Deny assignments: none applies here.
               - Storage account st1: 1 role assignment for user alice@contoso.onmicrosoft.com, which grants it.
                 - Storage Blob Data Reader (through group readers): grants it through its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'.
               - Resource group rg1: no role assignment for user alice@contoso.onmicrosoft.com.
               - Subscription 'Playground subscription': no role assignment for user alice@contoso.onmicrosoft.com.
               - The tenant root: no role assignment for user alice@contoso.onmicrosoft.com.
            2. Allowed (role-assignment: a role assignment grants it)
               Granted by Storage Blob Data Reader (through group readers) at storage account st1."#]],
    );

    // Bob is in no group: nothing grants him access.
    let bob = user(world, "bob@contoso.onmicrosoft.com");
    let denied = check_as(world, bob, "Read blobs", &st1_id(world)).expect("valid inputs");
    assert_eq!(
        denied.stamp().map(|s| (s.outcome, s.reason)),
        Some((Outcome::Denied, Reason::NoRoleAssignment))
    );
}

/// The statement for a principal is `mip check --as`, naming a user by UPN, an application's
/// principal by app id and a group by object id, with the scope's full ARM id.
#[test]
fn the_statement_for_a_principal_is_mip_check_as() {
    let session = run(PEOPLE);
    let world = &session.world;
    let st1 = st1_id(world);
    let alice = user(world, "alice@contoso.onmicrosoft.com");
    assert_eq!(
        statement_as(world, alice, "Read blobs", &st1),
        format!("mip check --as alice@contoso.onmicrosoft.com --action 'Read blobs' --scope {st1}")
    );
    let op = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
    let readers = principal_options(world)
        .into_iter()
        .find(|o| o.kind == PrincipalKind::Group)
        .expect("a group")
        .principal;
    assert_eq!(
        statement_as(world, readers, op, &st1),
        format!("mip check --as {readers} --action 'Read blobs' --scope {st1}")
    );
    let app = world
        .directory
        .by_display_name("ci-deployer")
        .next()
        .expect("the app's principal");
    assert_eq!(
        statement_as(world, app.object_id, "List keys", &st1),
        format!(
            "mip check --as {} --action 'List keys' --scope {st1}",
            app.app_id
        )
    );
}

/// The flow for a principal decides exactly what its `mip check --as` statement prints.
#[test]
fn agrees_with_mip_check_as() {
    let session = run(PEOPLE);
    let world = &session.world;
    let st1 = st1_id(world);
    let rg1 = world.groups().next().expect("rg1").id();
    let app = world
        .directory
        .by_display_name("ci-deployer")
        .next()
        .map(|sp| sp.object_id)
        .expect("the app's principal");
    let readers = world.directory.groups().next().expect("readers").object_id;
    let cases = [
        (
            user(world, "alice@contoso.onmicrosoft.com"),
            "Read blobs",
            st1.clone(),
        ),
        (
            user(world, "alice@contoso.onmicrosoft.com"),
            "Write blobs",
            st1.clone(),
        ),
        (
            user(world, "bob@contoso.onmicrosoft.com"),
            "Read blobs",
            st1.clone(),
        ),
        (world.learner, "Assign roles", rg1.clone()),
        (world.learner, "Read blobs", st1.clone()),
        (readers, "Read blobs", st1.clone()),
        (app, "List keys", st1.clone()),
        (app, "Assign roles", rg1.clone()),
    ];
    let mut script = PEOPLE.to_string();
    for (principal, action, scope) in &cases {
        script.push_str(&statement_as(world, *principal, action, scope));
        script.push('\n');
    }
    let replayed = run(&script);
    let printed: Vec<&Decision> = replayed
        .records
        .iter()
        .filter_map(|r| match &r.output {
            Output::Decision(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(printed.len(), cases.len());
    let mut reasons = Vec::new();
    for ((principal, action, scope), printed) in cases.iter().zip(printed) {
        let flow = check_as(world, *principal, action, scope).expect("valid inputs");
        assert_eq!(
            (flow.decision.outcome, flow.decision.reason),
            (printed.outcome, printed.reason),
            "{action} {scope}"
        );
        assert_eq!(flow.decision.explanation, printed.explanation);
        assert_eq!(flow.decision.granted_by, printed.granted_by);
        let stamp = flow.stamp().expect("a stamp");
        assert_eq!(
            (stamp.outcome, stamp.reason),
            (printed.outcome, printed.reason)
        );
        reasons.push(printed.reason.code());
    }
    reasons.sort_unstable();
    reasons.dedup();
    expect!["action-not-permitted, no-role-assignment, role-assignment"]
        .assert_eq(&reasons.join(", "));
}

#[test]
fn a_principal_that_is_gone_or_a_scope_that_names_nothing_says_so() {
    let session = run(PEOPLE);
    let world = &session.world;
    let alice = user(world, "alice@contoso.onmicrosoft.com");
    let e = check_as(
        world,
        crate::sim::ids::Guid::NIL,
        "Read blobs",
        &st1_id(world),
    )
    .expect_err("no such principal");
    assert_eq!(e.field, Field::Source);
    let e =
        check_as(world, alice, "Read blobs", "/subscriptions/nowhere").expect_err("no such scope");
    assert_eq!(e.field, Field::Scope);
    let e = check_as(world, alice, "read blob", &st1_id(world)).expect_err("no such operation");
    assert_eq!(e.field, Field::Operation);
}
