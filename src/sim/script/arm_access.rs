//! The ARM operation of every management command, as data (AU-10.2): what each command asks
//! Azure Resource Manager to do, and on which scope, so that `authorize` can check it.
//!
//! A resource command's operation is its resource type's (`Microsoft.Compute/virtualMachines`)
//! followed by the verb; commands not listed here are not ARM requests (see `authorize`).

use crate::sim::resource::ResourceKind;

/// What a request does to its target, the last word of a resource type's operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Read,
    Write,
    Delete,
}

impl Verb {
    pub fn word(self) -> &'static str {
        match self {
            Verb::Read => "read",
            Verb::Write => "write",
            Verb::Delete => "delete",
        }
    }
}

/// The ARM operation a command performs.
#[derive(Debug, Clone, Copy)]
pub enum Operation {
    /// `<the target's resource type>/<verb>`, e.g. `Microsoft.Compute/virtualMachines/write`.
    OnType(Verb),
    /// A fixed operation, with the Activity Log's name for it.
    Fixed {
        operation: &'static str,
        verb: Verb,
        label: &'static str,
    },
}

/// What the operation is performed on, from the command's flags.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// The resource of this type that `--ids`, or `--name` with `--resource-group`, names. It
    /// need not exist: a create writes it, and ARM authorizes before it looks.
    Resource(ResourceKind),
    /// The key vault `--name` names, in `--resource-group` or the only one of that name.
    Vault,
    /// The resource `--ids` names, whatever its type (`az resource`).
    AnyResource,
    /// The resource group `--name` names (`az group`).
    Group,
    /// The current subscription.
    Subscription,
    /// The blob container `--name` in the storage account `--account-name`.
    Container,
    /// The federated credential `--name` of the user-assigned identity `--identity-name`.
    FederatedCredential,
    /// The role commands' scope: `--scope`, else `--resource-group`, else the subscription.
    RoleScope,
}

/// Other scopes a write references, each needing a permission of its own (AU-10.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linked {
    None,
    /// The user-assigned identities the command attaches, and the scope of `--role` for the
    /// system-assigned identity (MI-2.4).
    Identities,
}

/// How a command is authorized.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// One ARM request, authorized before the command runs.
    Request {
        operation: Operation,
        target: Target,
        linked: Linked,
    },
    /// A list: ARM answers with the items the caller may read, so each item (by its `id`) is
    /// kept only if the caller holds `<its type>/read` on it.
    List,
    /// The command authorizes itself, as only it knows what it touches: `az role assignment
    /// create|delete` each assignment (AU-10.3, AU-10.4), `az storage account keys …` the
    /// account it resolves from `--account-name` or `--name` (DP-11.3, DP-11.5).
    ByCommand,
    /// A data-plane request to the service itself (blobs, containers, Key Vault secrets): not an
    /// ARM request; the service authorizes it with data actions or its own rules (DP-11.1,
    /// DP-11.8), in `data_auth`.
    DataPlane,
}

const fn on(verb: Verb, kind: ResourceKind) -> Access {
    Access::Request {
        operation: Operation::OnType(verb),
        target: Target::Resource(kind),
        linked: Linked::None,
    }
}

/// A write that may attach user-assigned identities or grant the system-assigned one a role.
const fn attaching(kind: ResourceKind) -> Access {
    Access::Request {
        operation: Operation::OnType(Verb::Write),
        target: Target::Resource(kind),
        linked: Linked::Identities,
    }
}

const fn fixed(operation: &'static str, verb: Verb, label: &'static str, target: Target) -> Access {
    Access::Request {
        operation: Operation::Fixed {
            operation,
            verb,
            label,
        },
        target,
        linked: Linked::None,
    }
}

const fn vault(verb: Verb) -> Access {
    Access::Request {
        operation: Operation::OnType(verb),
        target: Target::Vault,
        linked: Linked::None,
    }
}

pub const GROUP_WRITE: &str = "Microsoft.Resources/subscriptions/resourcegroups/write";
pub const GROUP_READ: &str = "Microsoft.Resources/subscriptions/resourcegroups/read";
pub const GROUP_DELETE: &str = "Microsoft.Resources/subscriptions/resourcegroups/delete";
pub const FEDERATED_WRITE: &str =
    "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write";
pub const FEDERATED_DELETE: &str =
    "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete";
pub const FEDERATED_READ: &str =
    "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read";
pub const ASSIGNMENT_WRITE: &str = "Microsoft.Authorization/roleAssignments/write";
pub const ASSIGNMENT_DELETE: &str = "Microsoft.Authorization/roleAssignments/delete";
pub const IDENTITY_ASSIGN: &str = "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action";

use ResourceKind as K;
use Verb::{Delete as D, Read as R, Write as W};

/// AU-10.2: the ARM operation of every management command (MI-2.4 for identities, AU-10.5 for
/// listing role assignments and definitions).
#[rustfmt::skip]
pub static ARM_COMMANDS: &[(&[&str], Access)] = &[
    (&["az", "group", "create"], fixed(GROUP_WRITE, W, "Update resource group", Target::Group)),
    (&["az", "group", "show"], fixed(GROUP_READ, R, "", Target::Group)),
    (&["az", "group", "exists"], fixed(GROUP_READ, R, "", Target::Group)),
    (&["az", "group", "list"], Access::List),
    (&["az", "group", "delete"], fixed(GROUP_DELETE, D, "Delete resource group", Target::Group)),
    (&["az", "resource", "list"], Access::List),
    (&["az", "resource", "show"], Access::Request { operation: Operation::OnType(R), target: Target::AnyResource, linked: Linked::None }),
    (&["az", "resource", "delete"], Access::Request { operation: Operation::OnType(D), target: Target::AnyResource, linked: Linked::None }),
    (&["az", "vm", "create"], attaching(K::VirtualMachine)),
    (&["az", "vm", "show"], on(R, K::VirtualMachine)),
    (&["az", "vm", "list"], Access::List),
    (&["az", "vm", "delete"], on(D, K::VirtualMachine)),
    (&["az", "vm", "update"], on(W, K::VirtualMachine)),
    (&["az", "vm", "identity", "assign"], attaching(K::VirtualMachine)),
    (&["az", "vm", "identity", "remove"], on(W, K::VirtualMachine)),
    (&["az", "vm", "identity", "show"], on(R, K::VirtualMachine)),
    (&["az", "vmss", "create"], attaching(K::VmScaleSet)),
    (&["az", "vmss", "show"], on(R, K::VmScaleSet)),
    (&["az", "vmss", "delete"], on(D, K::VmScaleSet)),
    (&["az", "vmss", "update"], on(W, K::VmScaleSet)),
    (&["az", "vmss", "identity", "assign"], attaching(K::VmScaleSet)),
    (&["az", "vmss", "identity", "remove"], on(W, K::VmScaleSet)),
    (&["az", "vmss", "identity", "show"], on(R, K::VmScaleSet)),
    (&["az", "appservice", "plan", "create"], on(W, K::AppServicePlan)),
    (&["az", "appservice", "plan", "show"], on(R, K::AppServicePlan)),
    (&["az", "appservice", "plan", "delete"], on(D, K::AppServicePlan)),
    (&["az", "webapp", "create"], attaching(K::WebApp)),
    (&["az", "webapp", "show"], on(R, K::WebApp)),
    (&["az", "webapp", "delete"], on(D, K::WebApp)),
    (&["az", "webapp", "identity", "assign"], attaching(K::WebApp)),
    (&["az", "webapp", "identity", "remove"], on(W, K::WebApp)),
    (&["az", "webapp", "identity", "show"], on(R, K::WebApp)),
    (&["az", "functionapp", "create"], attaching(K::FunctionApp)),
    (&["az", "functionapp", "show"], on(R, K::FunctionApp)),
    (&["az", "functionapp", "delete"], on(D, K::FunctionApp)),
    (&["az", "functionapp", "identity", "assign"], attaching(K::FunctionApp)),
    (&["az", "functionapp", "identity", "remove"], on(W, K::FunctionApp)),
    (&["az", "functionapp", "identity", "show"], on(R, K::FunctionApp)),
    (&["az", "storage", "account", "create"], attaching(K::StorageAccount)),
    (&["az", "storage", "account", "show"], on(R, K::StorageAccount)),
    (&["az", "storage", "account", "delete"], on(D, K::StorageAccount)),
    (&["az", "storage", "account", "update"], on(W, K::StorageAccount)),
    (&["az", "storage", "account", "keys", "list"], Access::ByCommand),
    (&["az", "storage", "account", "keys", "renew"], Access::ByCommand),
    (&["az", "storage", "account", "show-connection-string"], Access::ByCommand),
    (&["az", "storage", "container", "create"], Access::DataPlane),
    (&["az", "storage", "container", "list"], Access::DataPlane),
    (&["az", "storage", "container", "delete"], Access::DataPlane),
    (&["az", "storage", "blob", "upload"], Access::DataPlane),
    (&["az", "storage", "blob", "list"], Access::DataPlane),
    (&["az", "storage", "blob", "download"], Access::DataPlane),
    (&["az", "storage", "blob", "delete"], Access::DataPlane),
    (&["az", "keyvault", "secret", "set"], Access::DataPlane),
    (&["az", "keyvault", "secret", "show"], Access::DataPlane),
    (&["az", "keyvault", "secret", "list"], Access::DataPlane),
    (&["az", "keyvault", "secret", "delete"], Access::DataPlane),
    (&["az", "keyvault", "secret", "recover"], Access::DataPlane),
    (&["az", "keyvault", "secret", "purge"], Access::DataPlane),
    (&["az", "keyvault", "create"], on(W, K::KeyVault)),
    (&["az", "keyvault", "show"], vault(R)),
    (&["az", "keyvault", "delete"], vault(D)),
    (&["az", "keyvault", "update"], vault(W)),
    (&["az", "keyvault", "set-policy"], fixed("Microsoft.KeyVault/vaults/accessPolicies/write", W, "Update Access Policy", Target::Vault)),
    (&["az", "keyvault", "delete-policy"], fixed("Microsoft.KeyVault/vaults/accessPolicies/write", W, "Update Access Policy", Target::Vault)),
    (&["az", "sql", "server", "create"], attaching(K::SqlServer)),
    (&["az", "sql", "server", "show"], on(R, K::SqlServer)),
    (&["az", "sql", "server", "delete"], on(D, K::SqlServer)),
    (&["az", "cosmosdb", "create"], attaching(K::CosmosDb)),
    (&["az", "cosmosdb", "show"], on(R, K::CosmosDb)),
    (&["az", "cosmosdb", "delete"], on(D, K::CosmosDb)),
    (&["az", "identity", "create"], on(W, K::UserAssignedIdentity)),
    (&["az", "identity", "show"], on(R, K::UserAssignedIdentity)),
    (&["az", "identity", "delete"], on(D, K::UserAssignedIdentity)),
    (&["az", "identity", "list"], Access::List),
    (&["az", "identity", "federated-credential", "create"], fixed(FEDERATED_WRITE, W, "Write Federated Identity Credentials", Target::FederatedCredential)),
    (&["az", "identity", "federated-credential", "delete"], fixed(FEDERATED_DELETE, D, "Delete Federated Identity Credentials", Target::FederatedCredential)),
    (&["az", "identity", "federated-credential", "list"], fixed(FEDERATED_READ, R, "", Target::FederatedCredential)),
    (&["az", "role", "assignment", "create"], Access::ByCommand),
    (&["az", "role", "assignment", "list"], fixed("Microsoft.Authorization/roleAssignments/read", R, "", Target::RoleScope)),
    (&["az", "role", "assignment", "delete"], Access::ByCommand),
    (&["az", "role", "definition", "list"], fixed("Microsoft.Authorization/roleDefinitions/read", R, "", Target::Subscription)),
];

/// How the command at `path` is authorized; `None` when Azure RBAC does not authorize it.
pub fn access_of(path: &[&str]) -> Option<Access> {
    ARM_COMMANDS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, access)| *access)
}
