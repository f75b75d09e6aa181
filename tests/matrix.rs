//! The access matrix must agree, cell by cell, with the detailed evaluator behind `mip check`:
//! the matrix is what learners scan, the evaluator is what explains a cell when they open it.

use mip::sim::ids::Guid;
use mip::sim::scope::Scope;
use mip::sim::script::session::Session;
use proptest::prelude::*;

const OPERATIONS: [&str; 7] = [
    "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
    "Microsoft.Storage/storageAccounts/read",
    "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    "Microsoft.Compute/virtualMachines/restart/action",
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
    "Microsoft.Web/sites/write",
];
const ROLES: [&str; 8] = [
    "Owner",
    "Contributor",
    "Reader",
    "Storage Blob Data Reader",
    "Key Vault Secrets User",
    "User Access Administrator",
    "Managed Identity Operator",
    "Key Vault Contributor",
];
/// The principals of vm1, vm2, app1, uami1 and uami2, captured as az takes them (EN-9.9).
const PRINCIPALS: [&str; 5] = [
    "$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)",
    "$(az vm show -g rg2 -n vm2 --query identity.principalId -o tsv)",
    "$(az webapp show -g rg1 -n app1 --query identity.principalId -o tsv)",
    "$(az identity show -g rg1 -n uami1 --query principalId -o tsv)",
    "$(az identity show -g rg2 -n uami2 --query principalId -o tsv)",
];
/// Scopes by name, for the playground's `mip` statements.
const SCOPES: [&str; 8] = [
    "rg1",
    "rg2",
    "st1",
    "data",
    "kv1",
    "kv2",
    "vm1",
    "Playground subscription",
];
/// The same scopes as az takes them: ARM ids (EN-9.14).
const SCOPE_IDS: [&str; 8] = [
    "$(az group show -n rg1 --query id -o tsv)",
    "$(az group show -n rg2 --query id -o tsv)",
    "$(az storage account show -g rg1 -n st1 --query id -o tsv)",
    "$(az storage account show -g rg1 -n st1 --query id -o tsv)/blobServices/default/containers/data",
    "$(az keyvault show -g rg1 -n kv1 --query id -o tsv)",
    "$(az keyvault show -g rg2 -n kv2 --query id -o tsv)",
    "$(az vm show -g rg1 -n vm1 --query id -o tsv)",
    "/subscriptions/$(az account show --query id -o tsv)",
];

/// A world with every kind of decision in reach: inherited and direct assignments, a container,
/// a vault under each permission model with a policy, a deny assignment, deleted identities, and
/// a user and managed identities that get roles through nested groups (EN-9.2), whose membership
/// changes reach the managed identities a cache period late (TK-3.8).
fn setup() -> String {
    "az group create -n rg1 -l eastus
az group create -n rg2 -l westus
az vm create -n vm1 -g rg1 --assign-identity
az vm create -n vm2 -g rg2 --assign-identity
az appservice plan create -n plan1 -g rg1
az webapp create -n app1 -g rg1 --plan plan1 --assign-identity
az identity create -n uami1 -g rg1
az identity create -n uami2 -g rg2
az storage account create -n st1 -g rg1
az storage container create --account-name st1 -n data
az keyvault create -n kv1 -g rg1
az keyvault create -n kv2 -g rg2 --enable-rbac-authorization false
alice=$(az ad user create --display-name Alice --user-principal-name alice@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd' --query id -o tsv)
team=$(az ad group create --display-name team --mail-nickname team --query id -o tsv)
outer=$(az ad group create --display-name outer --mail-nickname outer --query id -o tsv)
az ad group member add --group $outer --member-id $team
vm1Principal=$(az vm show -n vm1 -g rg1 --query identity.principalId -o tsv)
uami1Principal=$(az identity show -n uami1 -g rg1 --query principalId -o tsv)
rg1Id=$(az group show -n rg1 --query id -o tsv)
st1Id=$(az storage account show -n st1 -g rg1 --query id -o tsv)
kv1Id=$(az keyvault show -n kv1 -g rg1 --query id -o tsv)
"
    .to_string()
}

/// EN-9.2: members of the nested groups `team` (in `outer`), and what the groups are given.
const MEMBERS: [&str; 3] = ["$alice", "$vm1Principal", "$uami1Principal"];
const GROUPS: [&str; 2] = ["$team", "$outer"];
const GROUP_SCOPES: [&str; 3] = ["$rg1Id", "$st1Id", "$kv1Id"];

fn step() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..PRINCIPALS.len(), 0..ROLES.len(), 0..SCOPES.len()).prop_map(|(p, r, s)| {
            format!("az role assignment create --assignee {} --role '{}' --scope {}", PRINCIPALS[p], ROLES[r], SCOPE_IDS[s])
        }),
        1 => (0..PRINCIPALS.len()).prop_map(|p| format!("az keyvault set-policy -n kv2 --object-id {} --secret-permissions get", PRINCIPALS[p])),
        1 => (0..SCOPES.len(), 0..OPERATIONS.len(), any::<bool>()).prop_map(|(s, o, child)| {
            let flag = if child { " --do-not-apply-to-child-scopes" } else { "" };
            format!("mip deny-assignment create --name d --scope '{}' --data-actions '{}' --actions '{}' --exclude-principals vm2{flag}", SCOPES[s], OPERATIONS[o], OPERATIONS[o])
        }),
        2 => (0..MEMBERS.len(), any::<bool>()).prop_map(|(m, add)| {
            let verb = if add { "add" } else { "remove" };
            format!("az ad group member {verb} --group $team --member-id {}", MEMBERS[m])
        }),
        2 => (0..GROUPS.len(), 0..ROLES.len(), 0..GROUP_SCOPES.len()).prop_map(|(g, r, s)| {
            format!("az role assignment create --assignee {} --role '{}' --scope {}", GROUPS[g], ROLES[r], GROUP_SCOPES[s])
        }),
        1 => (0..GROUPS.len(), 0..GROUP_SCOPES.len(), 0..OPERATIONS.len()).prop_map(|(g, s, o)| {
            format!("mip deny-assignment create --name dg --scope {} --data-actions '{}' --actions '{}' --principals {}", GROUP_SCOPES[s], OPERATIONS[o], OPERATIONS[o], GROUPS[g])
        }),
        // TK-3.8: the clock moves, so a managed identity's cached membership lags behind, or
        // catches up with, the directory's.
        2 => prop_oneof![Just("2h"), Just("23h"), Just("24h")].prop_map(|d| format!("mip wait {d}")),
        1 => Just("az ad group delete --group team".to_string()),
        1 => Just("az vm delete -n vm2 -g rg2 --yes".to_string()),
        1 => Just("az identity delete -n uami2 -g rg2".to_string()),
        1 => Just("az vm identity remove -n vm1 -g rg1".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn matrix_cells_equal_detailed_decisions(steps in proptest::collection::vec(step(), 0..25)) {
        let script = format!("{}{}\n", setup(), steps.join("\n"));
        let session = Session::run(&script);
        let world = &session.world;
        // Live principals plus the deleted ones the soft-delete list remembers, and a stranger.
        let mut principals: Vec<Guid> = world.directory.principals().map(|p| p.object_id).collect();
        principals.extend(world.directory.deleted().iter().map(|d| d.principal.object_id));
        principals.extend(world.directory.users().map(|u| u.object_id));
        principals.extend(world.directory.groups().map(|g| g.object_id));
        principals.push(Guid::NIL);
        let mut targets: Vec<Scope> = world.resources().filter_map(|r| Scope::parse(&r.id).ok()).collect();
        targets.extend(world.groups().filter_map(|g| Scope::parse(&g.id()).ok()));
        targets.extend(world.resources().flat_map(|r| r.containers().iter().map(move |c| format!("{}/blobServices/default/containers/{c}", r.id))).filter_map(|c| Scope::parse(&c).ok()));
        targets.push(Scope::root());
        for op in OPERATIONS {
            let matrix = world.access_matrix(&principals, &targets, op);
            for (row, principal) in principals.iter().enumerate() {
                for (col, target) in targets.iter().enumerate() {
                    let cell = matrix.get(row, col).expect("cell in range");
                    let detailed = world.check_access(*principal, op, target);
                    prop_assert_eq!((cell.outcome, cell.reason), (detailed.outcome, detailed.reason), "{} {} at {}", principal, op, target);
                }
            }
        }
    }
}
