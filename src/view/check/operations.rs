//! The operations the form offers first, and the targets each makes sense at.

use crate::sim::resource::ResourceKind;
use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::world::World;

/// An operation everyone asks about, by the name learners use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommonOperation {
    /// The catalog's friendly name, e.g. "Read blobs".
    pub friendly: &'static str,
    /// Azure's operation string, exactly as the catalog (`sim::operations`) has it.
    pub operation: &'static str,
    pub applies_to: AppliesTo,
}

/// The kind of target an operation is performed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    /// Storage accounts and their blob containers.
    BlobData,
    StorageAccount,
    /// Key vaults (and their secrets).
    KeyVault,
    VirtualMachine,
    /// Web apps and function apps.
    WebApp,
    UserAssignedIdentity,
    /// Any scope: a resource, a group, the subscription.
    AnyScope,
}

impl AppliesTo {
    /// What the form's scope picker offers, in words.
    pub fn label(self) -> &'static str {
        match self {
            AppliesTo::BlobData => "storage accounts and blob containers",
            AppliesTo::StorageAccount => "storage accounts",
            AppliesTo::KeyVault => "key vaults",
            AppliesTo::VirtualMachine => "virtual machines",
            AppliesTo::WebApp => "web and function apps",
            AppliesTo::UserAssignedIdentity => "user-assigned identities",
            AppliesTo::AnyScope => "any scope",
        }
    }

    /// Whether `scope` is such a target in `world`.
    pub fn accepts(self, world: &World, scope: &Scope) -> bool {
        let owner = scope
            .resource_scope()
            .and_then(|s| world.resource(s.as_str()))
            .map(|r| r.kind);
        let at_resource = scope.level() == ScopeLevel::Resource;
        match self {
            AppliesTo::BlobData => owner == Some(ResourceKind::StorageAccount),
            AppliesTo::StorageAccount => at_resource && owner == Some(ResourceKind::StorageAccount),
            AppliesTo::KeyVault => owner == Some(ResourceKind::KeyVault),
            AppliesTo::VirtualMachine => at_resource && owner == Some(ResourceKind::VirtualMachine),
            AppliesTo::WebApp => {
                at_resource
                    && matches!(
                        owner,
                        Some(ResourceKind::WebApp | ResourceKind::FunctionApp)
                    )
            }
            AppliesTo::UserAssignedIdentity => {
                at_resource && owner == Some(ResourceKind::UserAssignedIdentity)
            }
            AppliesTo::AnyScope => true,
        }
    }
}

/// The operations the form offers first. Each is in the operation catalog under the same
/// friendly name (a test checks it), so the strings are Azure's own.
pub static COMMON_OPERATIONS: &[CommonOperation] = &[
    common(
        "Read blobs",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        AppliesTo::BlobData,
    ),
    common(
        "Write blobs",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
        AppliesTo::BlobData,
    ),
    common(
        "Delete blobs",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
        AppliesTo::BlobData,
    ),
    common(
        "Get secrets",
        "Microsoft.KeyVault/vaults/secrets/getSecret/action",
        AppliesTo::KeyVault,
    ),
    common(
        "List secrets",
        "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        AppliesTo::KeyVault,
    ),
    common(
        "Set secrets",
        "Microsoft.KeyVault/vaults/secrets/setSecret/action",
        AppliesTo::KeyVault,
    ),
    common(
        "List keys",
        "Microsoft.Storage/storageAccounts/listkeys/action",
        AppliesTo::StorageAccount,
    ),
    common(
        "Restart VM",
        "Microsoft.Compute/virtualMachines/restart/action",
        AppliesTo::VirtualMachine,
    ),
    common(
        "Start VM",
        "Microsoft.Compute/virtualMachines/start/action",
        AppliesTo::VirtualMachine,
    ),
    common(
        "Restart web app",
        "Microsoft.Web/sites/restart/Action",
        AppliesTo::WebApp,
    ),
    common(
        "Assign user-assigned identity",
        "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
        AppliesTo::UserAssignedIdentity,
    ),
    common(
        "Assign roles",
        "Microsoft.Authorization/roleAssignments/write",
        AppliesTo::AnyScope,
    ),
];

/// A common operation by friendly name, ignoring case.
pub fn common_operation(friendly: &str) -> Option<&'static CommonOperation> {
    let friendly = friendly.trim();
    COMMON_OPERATIONS
        .iter()
        .find(|c| c.friendly.eq_ignore_ascii_case(friendly))
}

const fn common(
    friendly: &'static str,
    operation: &'static str,
    applies_to: AppliesTo,
) -> CommonOperation {
    CommonOperation {
        friendly,
        operation,
        applies_to,
    }
}
