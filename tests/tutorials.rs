//! Microsoft Learn tutorial command sequences, run as learners paste them.
//!
//! The first is the "Realistic command sequences" block of `azure-rules.md`, copied verbatim; the
//! others follow Microsoft Learn tutorials for App Service with Key Vault, a VM with a
//! user-assigned identity attached at creation, and a function app using its storage account
//! through its identity. Each asserts that every statement succeeds and that the outcome is what
//! the tutorial promises, mostly with `mip expect` inside the script itself.

mod support;

use support::assert_no_failures;

use mip::sim::directory::PrincipalSource;
use mip::sim::event::Event;
use mip::sim::ids::Guid;
use mip::sim::resource::Resource;
use mip::sim::script::command::Output;
use mip::sim::script::session::{Record, Session};

/// The "Realistic command sequences" block of `azure-rules.md`, exactly as written there.
const RULES_TUTORIAL: &str = r#"az group create --name myResourceGroup -l eastus
az vm create --resource-group myResourceGroup --name myVM --image Ubuntu2204 --admin-username azureuser --generate-ssh-keys
az vm identity assign --name myVM --resource-group myResourceGroup
spID=$(az resource list -n myVM --query [*].identity.principalId --out tsv)
storageId=$(az storage account show -n mystorage -g myResourceGroup --query id --out tsv)
az role assignment create --assignee $spID --role 'Storage Blob Data Reader' --scope $storageId
az identity create -g myResourceGroup -n myUserAssignedIdentity
az vm identity assign -g myResourceGroup -n myVM --identities myUserAssignedIdentity
az vm update -n myVM -g myResourceGroup --set identity.type="none"
"#;

/// What the tutorial assumes already exists: the storage account its line 5 looks up (which needs
/// its resource group, so the group is created here too; the tutorial's own `az group create` then
/// finds it and changes nothing).
const RULES_TUTORIAL_PREAMBLE: &str = "\
az group create --name myResourceGroup -l eastus
az storage account create -n mystorage -g myResourceGroup
";

// ----- helpers ---------------------------------------------------------------------------------

/// Runs statements in the session and asserts that none of them failed; returns their records.
fn run_ok(session: &mut Session, script: &str) -> Vec<Record> {
    let records = session.execute(script).to_vec();
    assert_no_failures("the tutorial", &records);
    records
}

fn run(script: &str) -> Session {
    let mut session = Session::new();
    run_ok(&mut session, script);
    session
}

/// The one resource with this name.
fn resource<'a>(session: &'a Session, name: &str) -> &'a Resource {
    let mut found = session.world.resources_named(name);
    let r = found
        .next()
        .unwrap_or_else(|| panic!("no resource named {name}"));
    assert!(found.next().is_none(), "several resources are named {name}");
    r
}

fn guid(session: &Session, var: &str) -> Guid {
    let text = session
        .var(var)
        .unwrap_or_else(|| panic!("no variable {var}"));
    Guid::parse(text.trim()).unwrap_or_else(|| panic!("${var} is not a GUID: '{text}'"))
}

fn statement<'a>(records: &'a [Record], starts_with: &str) -> &'a Record {
    let found: Vec<&Record> = records
        .iter()
        .filter(|r| r.text.starts_with(starts_with))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("{} statements start with '{starts_with}'", found.len()),
    }
}

/// How many `mip expect` statements the session ran (all of which held, or `run_ok` would fail).
fn expectations(session: &Session) -> usize {
    session
        .records
        .iter()
        .filter(|r| r.text.starts_with("mip expect") && matches!(r.output, Output::Decision(_)))
        .count()
}

// ----- the rules file's tutorial ---------------------------------------------------------------

#[test]
fn the_rules_tutorial_runs_unchanged_and_turning_identities_off_orphans_the_grant() {
    let mut session = Session::new();
    run_ok(&mut session, RULES_TUTORIAL_PREAMBLE);
    let tutorial = run_ok(&mut session, RULES_TUTORIAL);
    assert_eq!(tutorial.len(), 9, "one record per tutorial line");

    // Real flags that do not matter for identities are accepted and noted.
    let create = statement(&tutorial, "az vm create");
    for flag in ["--image", "--admin-username", "--generate-ssh-keys"] {
        assert!(
            create.notes.iter().any(|n| n.starts_with(flag)),
            "{flag} is noted: {:?}",
            create.notes
        );
    }

    // `az vm identity assign` creates the VM's service principal.
    let assign = statement(&tutorial, "az vm identity assign --name myVM");
    let created: Vec<Guid> = assign
        .events
        .iter()
        .filter_map(|e| match e {
            Event::ServicePrincipalCreated {
                object_id,
                display_name,
                source_id,
                ..
            } if display_name == "myVM" => {
                assert!(
                    source_id.ends_with("/providers/Microsoft.Compute/virtualMachines/myVM"),
                    "{source_id}"
                );
                Some(*object_id)
            }
            _ => None,
        })
        .collect();
    let [sami] = created[..] else {
        panic!("one principal created: {:?}", assign.events)
    };

    // $spID is the VM's principal, as `--query [*].identity.principalId --out tsv` prints it.
    assert_eq!(guid(&session, "spID"), sami);
    let vm = resource(&session, "myVM").clone();
    let deleted = session
        .world
        .directory
        .deleted()
        .iter()
        .find(|d| d.principal.object_id == sami)
        .expect("soft-deleted");
    assert_eq!(
        deleted.principal.source,
        PrincipalSource::System {
            resource_id: vm.id.clone()
        }
    );

    // The role assignment sits at the storage account's scope.
    let storage_id = session.var("storageId").unwrap().trim().to_string();
    assert_eq!(storage_id, resource(&session, "mystorage").id);
    let grant = session
        .world
        .assignments()
        .iter()
        .find(|a| a.principal_id == sami)
        .expect("the grant exists")
        .clone();
    assert_eq!(grant.scope, storage_id);
    assert_eq!(
        session.world.role_by_id(&grant.role_id).unwrap().name,
        "Storage Blob Data Reader"
    );

    // The user-assigned identity was attached before identities were switched off.
    let uami = resource(&session, "myUserAssignedIdentity").clone();
    let (uami_principal, _) = uami.user_identity_ids().unwrap();
    let attach = statement(&tutorial, "az vm identity assign -g myResourceGroup");
    assert!(attach.events.contains(&Event::UserIdentityAttached {
        resource_id: vm.id.clone(),
        identity_id: uami.id.clone()
    }));

    // After `--set identity.type="none"`:
    let vm = resource(&session, "myVM");
    assert!(vm.identity.system.is_none());
    assert!(
        !session.world.directory.contains(sami),
        "the system-assigned identity's principal is gone"
    );
    assert!(
        vm.identity.user_assigned.is_empty(),
        "the user-assigned reference is gone"
    );
    assert!(
        session.world.directory.contains(uami_principal),
        "the user-assigned identity's principal remains"
    );
    let grant = session
        .world
        .assignments()
        .iter()
        .find(|a| a.name == grant.name)
        .expect("the grant is still listed");
    assert!(session.world.is_orphaned(grant), "and grants nothing");
    let update = statement(&tutorial, "az vm update");
    assert_eq!(
        update.json.as_ref().unwrap()["identity"],
        serde_json::Value::Null
    );
    assert!(update.events.iter().any(
        |e| matches!(e, Event::RoleAssignmentOrphaned { principal_id, .. } if *principal_id == sami)
    ));

    // What a learner checks next.
    run_ok(
        &mut session,
        "\
mip expect denied --reason no-identity --from myVM --action 'Read blobs' --scope mystorage
az role assignment list --all --query [-1].principalType -o tsv
",
    );
    assert_eq!(
        session.records.last().unwrap().json.as_ref().unwrap(),
        "Unknown"
    );
}

// ----- App Service + Key Vault -----------------------------------------------------------------

/// After Microsoft Learn's "Use Key Vault references as app settings" and "Tutorial: Access Azure
/// services from a .NET web app" (App Service managed identity + Key Vault): a web app's
/// system-assigned identity reads secrets, first through an access policy, then through Azure RBAC.
#[test]
fn app_service_reads_key_vault_secrets_with_its_managed_identity() {
    let session = run(r#"az group create --name myResourceGroup --location eastus
az appservice plan create --name myAppServicePlan --resource-group myResourceGroup --sku B1 --is-linux
az webapp create --resource-group myResourceGroup --plan myAppServicePlan --name contoso-web-4711 --runtime "DOTNETCORE:8.0"
az webapp identity assign --resource-group myResourceGroup --name contoso-web-4711
principalId=$(az webapp identity show --resource-group myResourceGroup --name contoso-web-4711 --query principalId --output tsv)

# The access-policy model (legacy).
az keyvault create --name contoso-kv-4711 --resource-group myResourceGroup --location eastus --enable-rbac-authorization false
az keyvault set-policy --name contoso-kv-4711 --object-id $principalId --secret-permissions get list
mip expect allowed --reason access-policy --from contoso-web-4711 --action 'Get secrets' --scope contoso-kv-4711
mip expect denied --reason access-policy --from contoso-web-4711 --action 'Set secrets' --scope contoso-kv-4711

# The Azure RBAC model (what az creates by default).
az keyvault create --name contoso-kv-rbac --resource-group myResourceGroup --location eastus
vaultId=$(az keyvault show --name contoso-kv-rbac --query id --output tsv)
mip expect denied --reason no-role-assignment --from contoso-web-4711 --action 'Get secrets' --scope $vaultId
az role assignment create --role "Key Vault Secrets User" --assignee $principalId --scope $vaultId
mip expect allowed --reason role-assignment --from contoso-web-4711 --action 'Get secrets' --scope $vaultId
mip expect denied --reason action-not-permitted --from contoso-web-4711 --action 'Set secrets' --scope $vaultId
mip token --from contoso-web-4711 --resource https://vault.azure.net
"#);
    assert_eq!(expectations(&session), 5);
    let principal = guid(&session, "principalId");
    assert_eq!(
        session.world.directory.get(principal).unwrap().display_name,
        "contoso-web-4711"
    );
    let token = session.records.last().unwrap();
    let Output::Token(Ok(token)) = &token.output else {
        panic!("a token: {:?}", token.output)
    };
    assert_eq!(token.identity.principal_id, principal);
    assert!(token.request.starts_with(
        "GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https://vault.azure.net"
    ));
}

// ----- VM with a user-assigned identity from the start -----------------------------------------

/// After Microsoft Learn's "Configure managed identities for Azure resources on a VM using Azure
/// CLI", section "Assign a user-assigned managed identity during the creation of an Azure VM".
#[test]
fn a_vm_created_with_a_user_assigned_identity_uses_it_for_tokens() {
    let session = run(r#"az group create --name myResourceGroup --location westus
az identity create -g myResourceGroup -n myUserAssignedIdentity
az vm create --resource-group myResourceGroup --name myVM --image Ubuntu2204 --admin-username azureuser --admin-password 'Str0ng-Passw0rd!' --assign-identity myUserAssignedIdentity
az vm identity show --resource-group myResourceGroup --name myVM
spId=$(az identity show -g myResourceGroup -n myUserAssignedIdentity --query principalId -o tsv)
clientId=$(az identity show -g myResourceGroup -n myUserAssignedIdentity --query clientId -o tsv)
az role assignment create --assignee $spId --role Reader --scope $(az group show --name myResourceGroup --query id --output tsv)
mip expect allowed --from myVM --action 'Read VM' --scope myVM
mip expect denied --reason action-not-permitted --from myVM --action 'Restart VM' --scope myVM
mip token --from myVM --resource https://management.azure.com/
mip token --from myVM --resource https://management.azure.com/ --client-id $clientId
az vm identity remove -g myResourceGroup -n myVM --identities myUserAssignedIdentity
mip expect denied --reason no-identity --from myVM --action 'Read VM' --scope myVM
"#);
    assert_eq!(expectations(&session), 3);
    let shown = session
        .records
        .iter()
        .find(|r| r.text.starts_with("az vm identity show"))
        .unwrap();
    let shown = shown.json.as_ref().unwrap();
    assert_eq!(shown["type"], "UserAssigned");
    assert_eq!(
        shown["principalId"],
        serde_json::Value::Null,
        "no system-assigned identity"
    );
    let sp_id = guid(&session, "spId");
    // With no system identity and one user-assigned identity, IMDS picks it (TK-3.2), with or
    // without the client id.
    let tokens: Vec<Guid> = session
        .records
        .iter()
        .filter_map(|r| match &r.output {
            Output::Token(Ok(t)) => Some(t.identity.principal_id),
            _ => None,
        })
        .collect();
    assert_eq!(tokens, [sp_id, sp_id]);
    // Detaching the identity does not delete it (MI-2.1).
    assert!(session.world.directory.contains(sp_id));
    assert!(resource(&session, "myVM").identity.is_empty());
}

// ----- Function app with storage ---------------------------------------------------------------

/// After Microsoft Learn's "Tutorial: Create a function app that connects to Azure services using
/// identities instead of secrets": the function app's identity gets data roles on its storage
/// account (blobs for the host, queues for a trigger).
#[test]
fn a_function_app_reaches_its_storage_through_its_identity() {
    let session = run(
        r#"az group create --name AzureFunctionsQuickstart-rg --location westeurope
az storage account create --name funcstorage4711 --location westeurope --resource-group AzureFunctionsQuickstart-rg --sku Standard_LRS --allow-blob-public-access false
az functionapp create --resource-group AzureFunctionsQuickstart-rg --consumption-plan-location westeurope --runtime python --runtime-version 3.11 --functions-version 4 --name func-4711 --os-type linux --storage-account funcstorage4711
az functionapp identity assign --name func-4711 --resource-group AzureFunctionsQuickstart-rg
principalId=$(az functionapp identity show --name func-4711 --resource-group AzureFunctionsQuickstart-rg --query principalId -o tsv)
storageId=$(az storage account show --name funcstorage4711 --resource-group AzureFunctionsQuickstart-rg --query id -o tsv)
mip expect denied --reason no-role-assignment --from func-4711 --action 'Read blobs' --scope $storageId
az role assignment create --assignee-object-id $principalId --assignee-principal-type ServicePrincipal --role "Storage Blob Data Owner" --scope $storageId
mip expect allowed --from func-4711 --action 'Write blobs' --scope $storageId
mip expect denied --reason action-not-permitted --from func-4711 --action 'Process queue messages' --scope $storageId
az role assignment create --assignee-object-id $principalId --assignee-principal-type ServicePrincipal --role "Storage Queue Data Contributor" --scope $storageId
mip expect allowed --from func-4711 --action 'Process queue messages' --scope $storageId
mip expect denied --reason action-not-permitted --from func-4711 --action 'List keys' --scope $storageId
mip token --from func-4711 --resource https://storage.azure.com/
"#,
    );
    assert_eq!(expectations(&session), 5);
    let principal = guid(&session, "principalId");
    let app = resource(&session, "func-4711");
    assert_eq!(
        app.identity.system.as_ref().map(|s| s.principal_id),
        Some(principal)
    );
    let roles: Vec<&str> = session
        .world
        .assignments()
        .iter()
        .filter(|a| a.principal_id == principal)
        .map(|a| session.world.role_by_id(&a.role_id).unwrap().name.as_str())
        .collect();
    assert_eq!(
        roles,
        ["Storage Blob Data Owner", "Storage Queue Data Contributor"]
    );
    // Functions get tokens from the App Service identity endpoint (TK-3.5).
    let Output::Token(Ok(token)) = &session.records.last().unwrap().output else {
        panic!("a token")
    };
    assert!(token.request.starts_with(
        "GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https://storage.azure.com/"
    ));
}
