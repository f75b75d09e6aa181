//! Azure built-in role definitions, transcribed from Microsoft's built-in roles reference
//! (`articles/role-based-access-control/built-in-roles/*.md` in the public `MicrosoftDocs/azure-docs`
//! repository; the Cosmos DB data-plane roles from `MicrosoftDocs/azure-databases-docs`).
//!
//! This is data, not logic: the simulator evaluates role assignments against exactly the
//! `Actions`/`NotActions`/`DataActions`/`NotDataActions` lists Azure publishes, so learners meet the
//! same surprises they would in a real subscription (Owner cannot read blobs, Contributor cannot
//! assign roles, Key Vault Contributor cannot read secrets). Strings are copied verbatim from the
//! JSON definitions on those pages, including their inconsistent casing
//! (`Microsoft.DocumentDb` next to `Microsoft.DocumentDB`, `.../Delete` next to `.../delete`);
//! Azure compares operation strings case-insensitively (rule RB-4.5), so the casing is kept as
//! published rather than normalised. Descriptions are the `description` field of each JSON
//! definition, which sometimes differs from the prose under the page heading.

/// A built-in role definition as Azure publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinRole {
    pub name: &'static str,
    /// The role definition's GUID (the last segment of its ARM id).
    pub id: &'static str,
    pub description: &'static str,
    pub actions: &'static [&'static str],
    pub not_actions: &'static [&'static str],
    pub data_actions: &'static [&'static str],
    pub not_data_actions: &'static [&'static str],
}

impl BuiltinRole {
    /// The role definition's ARM id, as `az role definition list` prints it.
    pub fn arm_id(&self) -> String {
        format!(
            "/providers/Microsoft.Authorization/roleDefinitions/{}",
            self.id
        )
    }
}

/// The ten management actions shared by Key Vault Administrator, Certificates Officer,
/// Crypto Officer, Reader and Secrets Officer (identical, in this order, on all five definitions in
/// `built-in-roles/security.md`).
const KEY_VAULT_DATA_ROLE_ACTIONS: &[&str] = &[
    "Microsoft.Authorization/*/read",
    "Microsoft.Insights/alertRules/*",
    "Microsoft.Resources/deployments/*",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.Support/*",
    "Microsoft.KeyVault/checkNameAvailability/read",
    "Microsoft.KeyVault/deletedVaults/read",
    "Microsoft.KeyVault/locations/*/read",
    "Microsoft.KeyVault/vaults/*/read",
    "Microsoft.KeyVault/operations/read",
];

/// The management actions shared by Virtual Machine Administrator Login and Virtual Machine User
/// Login (identical on both definitions in `built-in-roles/compute.md`).
const VM_LOGIN_ACTIONS: &[&str] = &[
    "Microsoft.Network/publicIPAddresses/read",
    "Microsoft.Network/virtualNetworks/read",
    "Microsoft.Network/loadBalancers/read",
    "Microsoft.Network/networkInterfaces/read",
    "Microsoft.Compute/virtualMachines/*/read",
    "Microsoft.HybridCompute/machines/*/read",
    "Microsoft.HybridConnectivity/endpoints/listCredentials/action",
];

/// Azure RBAC built-in roles the simulation knows, general roles first, then by service.
/// Each entry names the reference page it was transcribed from.
pub static BUILTIN_ROLES: &[BuiltinRole] = &[
    // ---- General / privileged -------------------------------------------
    // built-in-roles/privileged.md
    BuiltinRole {
        name: "Owner",
        id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
        actions: &["*"],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/privileged.md
    BuiltinRole {
        name: "Contributor",
        id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
        description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
        actions: &["*"],
        not_actions: &[
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
            "Microsoft.Compute/galleries/share/action",
            "Microsoft.Purview/consents/write",
            "Microsoft.Purview/consents/delete",
            "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
            "Microsoft.Subscription/cancel/action",
            "Microsoft.Subscription/enable/action",
        ],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/general.md
    BuiltinRole {
        name: "Reader",
        id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        description: "View all resources, but does not allow you to make any changes.",
        actions: &["*/read"],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/privileged.md
    BuiltinRole {
        name: "User Access Administrator",
        id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        description: "Lets you manage user access to Azure resources.",
        actions: &["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/privileged.md
    BuiltinRole {
        name: "Role Based Access Control Administrator",
        id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
        description: "Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.",
        actions: &[
            "Microsoft.Authorization/roleAssignments/write",
            "Microsoft.Authorization/roleAssignments/delete",
            "*/read",
            "Microsoft.Support/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // ---- Identity ---------------------------------------------------------
    // built-in-roles/identity.md
    BuiltinRole {
        name: "Managed Identity Contributor",
        id: "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59",
        description: "Create, Read, Update, and Delete User Assigned Identity",
        actions: &[
            "Microsoft.ManagedIdentity/userAssignedIdentities/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/write",
            "Microsoft.ManagedIdentity/userAssignedIdentities/delete",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete",
            "Microsoft.ManagedIdentity/userAssignedIdentities/revokeTokens/action",
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Support/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/identity.md
    BuiltinRole {
        name: "Managed Identity Operator",
        id: "f1a07417-d97a-45cb-824c-7a7467783830",
        description: "Read and Assign User Assigned Identity",
        actions: &[
            "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Support/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // ---- Compute ----------------------------------------------------------
    // built-in-roles/compute.md
    BuiltinRole {
        name: "Virtual Machine Contributor",
        id: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
        description: "Lets you manage virtual machines, but not access to them, and not the virtual network or storage account they're connected to.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Compute/availabilitySets/*",
            "Microsoft.Compute/locations/*",
            "Microsoft.Compute/virtualMachines/*",
            "Microsoft.Compute/virtualMachineScaleSets/*",
            "Microsoft.Compute/cloudServices/*",
            "Microsoft.Compute/disks/write",
            "Microsoft.Compute/disks/read",
            "Microsoft.Compute/disks/delete",
            "Microsoft.Compute/hostgroups/write",
            "Microsoft.Compute/hostgroups/hosts/write",
            "Microsoft.DevTestLab/schedules/*",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.Network/applicationGateways/backendAddressPools/join/action",
            "Microsoft.Network/loadBalancers/backendAddressPools/join/action",
            "Microsoft.Network/loadBalancers/inboundNatPools/join/action",
            "Microsoft.Network/loadBalancers/inboundNatRules/join/action",
            "Microsoft.Network/loadBalancers/probes/join/action",
            "Microsoft.Network/loadBalancers/read",
            "Microsoft.Network/locations/*",
            "Microsoft.Network/networkInterfaces/*",
            "Microsoft.Network/networkSecurityGroups/join/action",
            "Microsoft.Network/networkSecurityGroups/read",
            "Microsoft.Network/publicIPAddresses/join/action",
            "Microsoft.Network/publicIPAddresses/read",
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/virtualNetworks/subnets/join/action",
            "Microsoft.RecoveryServices/locations/*",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/backupProtectionIntent/write",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/*/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/write",
            "Microsoft.RecoveryServices/Vaults/backupPolicies/read",
            "Microsoft.RecoveryServices/Vaults/backupPolicies/write",
            "Microsoft.RecoveryServices/Vaults/read",
            "Microsoft.RecoveryServices/Vaults/usages/read",
            "Microsoft.RecoveryServices/Vaults/write",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.SerialConsole/serialPorts/connect/action",
            "Microsoft.SqlVirtualMachine/*",
            "Microsoft.Storage/storageAccounts/listKeys/action",
            "Microsoft.Storage/storageAccounts/read",
            "Microsoft.Support/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/compute.md
    BuiltinRole {
        name: "Virtual Machine Administrator Login",
        id: "1c0163c0-47e6-4577-8991-ea5c82e286e4",
        description: "View Virtual Machines in the portal and login as administrator",
        actions: VM_LOGIN_ACTIONS,
        not_actions: &[],
        data_actions: &[
            "Microsoft.Compute/virtualMachines/login/action",
            "Microsoft.Compute/virtualMachines/loginAsAdmin/action",
            "Microsoft.HybridCompute/machines/login/action",
            "Microsoft.HybridCompute/machines/loginAsAdmin/action",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/compute.md
    BuiltinRole {
        name: "Virtual Machine User Login",
        id: "fb879df8-f326-4884-b1cf-06f3ad86be52",
        description: "View Virtual Machines in the portal and login as a regular user.",
        actions: VM_LOGIN_ACTIONS,
        not_actions: &[],
        data_actions: &[
            "Microsoft.Compute/virtualMachines/login/action",
            "Microsoft.HybridCompute/machines/login/action",
        ],
        not_data_actions: &[],
    },
    // ---- Web (App Service) ------------------------------------------------
    // built-in-roles/web-and-mobile.md
    BuiltinRole {
        name: "Website Contributor",
        id: "de139f84-1756-47ae-9be6-808fbbe84772",
        description: "Lets you manage websites (not web plans), but not access to them.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.Insights/components/*",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Support/*",
            "Microsoft.Web/certificates/*",
            "Microsoft.Web/listSitesAssignedToHostName/read",
            "Microsoft.Web/serverFarms/join/action",
            "Microsoft.Web/serverFarms/read",
            "Microsoft.Web/sites/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/web-and-mobile.md
    BuiltinRole {
        name: "Web Plan Contributor",
        id: "2cc479cb-7b4d-49a8-b449-8c00fd0f0a4b",
        description: "Lets you manage the web plans for websites, but not access to them.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Support/*",
            "Microsoft.Web/serverFarms/*",
            "Microsoft.Web/hostingEnvironments/Join/Action",
            "Microsoft.Insights/autoscalesettings/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // ---- Storage ----------------------------------------------------------
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Account Contributor",
        id: "17d1049b-9a84-46fb-8f53-869881c3d3ab",
        description: "Lets you manage storage accounts, including accessing storage account keys which provide full access to storage account data.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.Insights/diagnosticSettings/*",
            "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Storage/storageAccounts/*",
            "Microsoft.Support/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Account Key Operator Service Role",
        id: "81a9662b-bebf-436f-a333-f67b29880f12",
        description: "Storage Account Key Operators are allowed to list and regenerate keys on Storage Accounts",
        actions: &[
            "Microsoft.Storage/storageAccounts/listkeys/action",
            "Microsoft.Storage/storageAccounts/regeneratekey/action",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Blob Data Reader",
        id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
        description: "Allows for read access to Azure Storage blob containers and data",
        actions: &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        not_actions: &[],
        data_actions: &["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Blob Data Contributor",
        id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        description: "Allows for read, write and delete access to Azure Storage blob containers and data",
        actions: &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
            "Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/write",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        not_actions: &[],
        data_actions: &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Blob Data Owner",
        id: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        description: "Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.",
        actions: &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/*",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        not_actions: &[],
        data_actions: &["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Blob Delegator",
        id: "db58b8e5-c6ad-4a2a-8342-4190687cbf4a",
        description: "Allows for generation of a user delegation key which can be used to sign SAS tokens",
        actions: &[
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Queue Data Reader",
        id: "19e7f393-937e-4f77-808e-94535e297925",
        description: "Allows for read access to Azure Storage queues and queue messages",
        actions: &["Microsoft.Storage/storageAccounts/queueServices/queues/read"],
        not_actions: &[],
        data_actions: &["Microsoft.Storage/storageAccounts/queueServices/queues/messages/read"],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Queue Data Contributor",
        id: "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        description: "Allows for read, write, and delete access to Azure Storage queues and queue messages",
        actions: &[
            "Microsoft.Storage/storageAccounts/queueServices/queues/delete",
            "Microsoft.Storage/storageAccounts/queueServices/queues/read",
            "Microsoft.Storage/storageAccounts/queueServices/queues/write",
        ],
        not_actions: &[],
        data_actions: &[
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/delete",
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read",
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/write",
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Queue Data Message Processor",
        id: "8a0f0c08-91a1-4084-bc3d-661d67233fed",
        description: "Allows for peek, receive, and delete access to Azure Storage queue messages",
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read",
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Queue Data Message Sender",
        id: "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a",
        description: "Allows for sending of Azure Storage queue messages",
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/add/action",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Table Data Reader",
        id: "76199698-9eea-4c19-bc75-cec21354c6b6",
        description: "Allows for read access to Azure Storage tables and entities",
        actions: &["Microsoft.Storage/storageAccounts/tableServices/tables/read"],
        not_actions: &[],
        data_actions: &["Microsoft.Storage/storageAccounts/tableServices/tables/entities/read"],
        not_data_actions: &[],
    },
    // built-in-roles/storage.md
    BuiltinRole {
        name: "Storage Table Data Contributor",
        id: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        description: "Allows for read, write and delete access to Azure Storage tables and entities",
        actions: &[
            "Microsoft.Storage/storageAccounts/tableServices/tables/read",
            "Microsoft.Storage/storageAccounts/tableServices/tables/write",
            "Microsoft.Storage/storageAccounts/tableServices/tables/delete",
        ],
        not_actions: &[],
        data_actions: &[
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/read",
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/write",
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/delete",
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action",
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/update/action",
        ],
        not_data_actions: &[],
    },
    // ---- Key Vault --------------------------------------------------------
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Administrator",
        id: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
        description: "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: KEY_VAULT_DATA_ROLE_ACTIONS,
        not_actions: &[],
        data_actions: &["Microsoft.KeyVault/vaults/*"],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Certificates Officer",
        id: "a4417e6f-fecd-4de8-b567-7b0420556985",
        description: "Perform any action on the certificates of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: KEY_VAULT_DATA_ROLE_ACTIONS,
        not_actions: &[],
        data_actions: &[
            "Microsoft.KeyVault/vaults/certificatecas/*",
            "Microsoft.KeyVault/vaults/certificates/*",
            "Microsoft.KeyVault/vaults/certificatecontacts/write",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Certificate User",
        id: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
        description: "Read certificate contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.KeyVault/vaults/certificates/read",
            "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
            "Microsoft.KeyVault/vaults/keys/read",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Contributor",
        id: "f25e0fa2-a7c8-4377-a976-54943a77a395",
        description: "Lets you manage key vaults, but not access to them.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.KeyVault/*",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Support/*",
        ],
        not_actions: &[
            "Microsoft.KeyVault/locations/deletedVaults/purge/action",
            "Microsoft.KeyVault/hsmPools/*",
            "Microsoft.KeyVault/managedHsms/*",
        ],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Crypto Officer",
        id: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
        description: "Perform any action on the keys of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: KEY_VAULT_DATA_ROLE_ACTIONS,
        not_actions: &[],
        data_actions: &[
            "Microsoft.KeyVault/vaults/keys/*",
            "Microsoft.KeyVault/vaults/keyrotationpolicies/*",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Crypto Service Encryption User",
        id: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
        description: "Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: &[
            "Microsoft.EventGrid/eventSubscriptions/write",
            "Microsoft.EventGrid/eventSubscriptions/read",
            "Microsoft.EventGrid/eventSubscriptions/delete",
        ],
        not_actions: &[],
        data_actions: &[
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/wrap/action",
            "Microsoft.KeyVault/vaults/keys/unwrap/action",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Crypto User",
        id: "12338af0-0e69-4776-bea7-57ae8d297424",
        description: "Perform cryptographic operations using keys. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/update/action",
            "Microsoft.KeyVault/vaults/keys/backup/action",
            "Microsoft.KeyVault/vaults/keys/encrypt/action",
            "Microsoft.KeyVault/vaults/keys/decrypt/action",
            "Microsoft.KeyVault/vaults/keys/wrap/action",
            "Microsoft.KeyVault/vaults/keys/unwrap/action",
            "Microsoft.KeyVault/vaults/keys/sign/action",
            "Microsoft.KeyVault/vaults/keys/verify/action",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Reader",
        id: "21090545-7ca7-4776-b22c-e363652d74d2",
        description: "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values such as secret contents or key material. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: KEY_VAULT_DATA_ROLE_ACTIONS,
        not_actions: &[],
        data_actions: &[
            "Microsoft.KeyVault/vaults/*/read",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        ],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Secrets Officer",
        id: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        description: "Perform any action on the secrets of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: KEY_VAULT_DATA_ROLE_ACTIONS,
        not_actions: &[],
        data_actions: &["Microsoft.KeyVault/vaults/secrets/*"],
        not_data_actions: &[],
    },
    // built-in-roles/security.md
    BuiltinRole {
        name: "Key Vault Secrets User",
        id: "4633458b-17de-408a-b874-0445c86b69e6",
        description: "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        ],
        not_data_actions: &[],
    },
    // ---- Databases --------------------------------------------------------
    // built-in-roles/databases.md
    BuiltinRole {
        name: "SQL Server Contributor",
        id: "6d8ee4ec-f05a-4a1d-8b00-a9b17e38b437",
        description: "Lets you manage SQL servers and databases, but not access to them, and not their security -related policies.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Sql/locations/*/read",
            "Microsoft.Sql/servers/*",
            "Microsoft.Support/*",
            "Microsoft.Insights/metrics/read",
            "Microsoft.Insights/metricDefinitions/read",
        ],
        not_actions: &[
            "Microsoft.Sql/managedInstances/databases/currentSensitivityLabels/*",
            "Microsoft.Sql/managedInstances/databases/recommendedSensitivityLabels/*",
            "Microsoft.Sql/managedInstances/databases/schemas/tables/columns/sensitivityLabels/*",
            "Microsoft.Sql/managedInstances/databases/securityAlertPolicies/*",
            "Microsoft.Sql/managedInstances/databases/sensitivityLabels/*",
            "Microsoft.Sql/managedInstances/databases/vulnerabilityAssessments/*",
            "Microsoft.Sql/managedInstances/securityAlertPolicies/*",
            "Microsoft.Sql/managedInstances/vulnerabilityAssessments/*",
            "Microsoft.Sql/servers/auditingSettings/*",
            "Microsoft.Sql/servers/databases/auditingSettings/*",
            "Microsoft.Sql/servers/databases/auditRecords/read",
            "Microsoft.Sql/servers/databases/currentSensitivityLabels/*",
            "Microsoft.Sql/servers/databases/dataMaskingPolicies/*",
            "Microsoft.Sql/servers/databases/extendedAuditingSettings/*",
            "Microsoft.Sql/servers/databases/recommendedSensitivityLabels/*",
            "Microsoft.Sql/servers/databases/schemas/tables/columns/sensitivityLabels/*",
            "Microsoft.Sql/servers/databases/securityAlertPolicies/*",
            "Microsoft.Sql/servers/databases/securityMetrics/*",
            "Microsoft.Sql/servers/databases/sensitivityLabels/*",
            "Microsoft.Sql/servers/databases/vulnerabilityAssessments/*",
            "Microsoft.Sql/servers/databases/vulnerabilityAssessmentScans/*",
            "Microsoft.Sql/servers/databases/vulnerabilityAssessmentSettings/*",
            "Microsoft.Sql/servers/devOpsAuditingSettings/*",
            "Microsoft.Sql/servers/extendedAuditingSettings/*",
            "Microsoft.Sql/servers/securityAlertPolicies/*",
            "Microsoft.Sql/servers/vulnerabilityAssessments/*",
            "Microsoft.Sql/servers/azureADOnlyAuthentications/delete",
            "Microsoft.Sql/servers/azureADOnlyAuthentications/write",
            "Microsoft.Sql/servers/externalPolicyBasedAuthorizations/delete",
            "Microsoft.Sql/servers/externalPolicyBasedAuthorizations/write",
        ],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/databases.md
    BuiltinRole {
        name: "SQL DB Contributor",
        id: "9b7fa17d-e63e-47b0-bb0a-15c516ac86ec",
        description: "Lets you manage SQL databases, but not access to them. Also, you can't manage their security-related policies or their parent SQL servers.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Sql/locations/*/read",
            "Microsoft.Sql/servers/databases/*",
            "Microsoft.Sql/servers/read",
            "Microsoft.Support/*",
            "Microsoft.Insights/metrics/read",
            "Microsoft.Insights/metricDefinitions/read",
        ],
        not_actions: &[
            "Microsoft.Sql/servers/databases/ledgerDigestUploads/write",
            "Microsoft.Sql/servers/databases/ledgerDigestUploads/disable/action",
            "Microsoft.Sql/managedInstances/databases/currentSensitivityLabels/*",
            "Microsoft.Sql/managedInstances/databases/recommendedSensitivityLabels/*",
            "Microsoft.Sql/managedInstances/databases/schemas/tables/columns/sensitivityLabels/*",
            "Microsoft.Sql/managedInstances/databases/securityAlertPolicies/*",
            "Microsoft.Sql/managedInstances/databases/sensitivityLabels/*",
            "Microsoft.Sql/managedInstances/databases/vulnerabilityAssessments/*",
            "Microsoft.Sql/managedInstances/securityAlertPolicies/*",
            "Microsoft.Sql/managedInstances/vulnerabilityAssessments/*",
            "Microsoft.Sql/servers/databases/auditingSettings/*",
            "Microsoft.Sql/servers/databases/auditRecords/read",
            "Microsoft.Sql/servers/databases/currentSensitivityLabels/*",
            "Microsoft.Sql/servers/databases/dataMaskingPolicies/*",
            "Microsoft.Sql/servers/databases/extendedAuditingSettings/*",
            "Microsoft.Sql/servers/databases/recommendedSensitivityLabels/*",
            "Microsoft.Sql/servers/databases/schemas/tables/columns/sensitivityLabels/*",
            "Microsoft.Sql/servers/databases/securityAlertPolicies/*",
            "Microsoft.Sql/servers/databases/securityMetrics/*",
            "Microsoft.Sql/servers/databases/sensitivityLabels/*",
            "Microsoft.Sql/servers/databases/vulnerabilityAssessments/*",
            "Microsoft.Sql/servers/databases/vulnerabilityAssessmentScans/*",
            "Microsoft.Sql/servers/databases/vulnerabilityAssessmentSettings/*",
            "Microsoft.Sql/servers/vulnerabilityAssessments/*",
        ],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/databases.md
    BuiltinRole {
        name: "Cosmos DB Account Reader Role",
        id: "fbdf93bf-df7d-467e-a4d2-9458aa1360c8",
        description: "Can read Azure Cosmos DB Accounts data",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.DocumentDB/*/read",
            "Microsoft.DocumentDB/databaseAccounts/readonlykeys/action",
            "Microsoft.Insights/MetricDefinitions/read",
            "Microsoft.Insights/Metrics/read",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Support/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/databases.md
    BuiltinRole {
        name: "DocumentDB Account Contributor",
        id: "5bd9cd88-fe45-4216-938b-f97437e15450",
        description: "Lets you manage DocumentDB accounts, but not access to them.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.DocumentDb/databaseAccounts/*",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Support/*",
            "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    // built-in-roles/databases.md
    BuiltinRole {
        name: "Cosmos DB Operator",
        id: "230815da-be43-4aae-9cb4-875f7bd000aa",
        description: "Lets you manage Azure Cosmos DB accounts, but not access data in them. Prevents access to account keys and connection strings.",
        actions: &[
            "Microsoft.DocumentDb/databaseAccounts/*",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.Authorization/*/read",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Support/*",
            "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action",
        ],
        not_actions: &[
            "Microsoft.DocumentDB/databaseAccounts/copyJobs/*",
            "Microsoft.DocumentDB/databaseAccounts/dataTransferJobs/*",
            "Microsoft.DocumentDB/databaseAccounts/readonlyKeys/*",
            "Microsoft.DocumentDB/databaseAccounts/regenerateKey/*",
            "Microsoft.DocumentDB/databaseAccounts/listKeys/*",
            "Microsoft.DocumentDB/databaseAccounts/listConnectionStrings/*",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions/write",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions/delete",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/write",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/delete",
            "Microsoft.DocumentDB/databaseAccounts/mongodbRoleDefinitions/write",
            "Microsoft.DocumentDB/databaseAccounts/mongodbRoleDefinitions/delete",
            "Microsoft.DocumentDB/databaseAccounts/mongodbUserDefinitions/write",
            "Microsoft.DocumentDB/databaseAccounts/mongodbUserDefinitions/delete",
            "Microsoft.DocumentDB/databaseAccounts/tableRoleAssignments/write",
            "Microsoft.DocumentDB/databaseAccounts/tableRoleAssignments/delete",
            "Microsoft.DocumentDB/databaseAccounts/tableRoleDefinitions/write",
            "Microsoft.DocumentDB/databaseAccounts/tableRoleDefinitions/delete",
            "Microsoft.DocumentDB/databaseAccounts/gremlinRoleAssignments/write",
            "Microsoft.DocumentDB/databaseAccounts/gremlinRoleAssignments/delete",
            "Microsoft.DocumentDB/databaseAccounts/gremlinRoleDefinitions/write",
            "Microsoft.DocumentDB/databaseAccounts/gremlinRoleDefinitions/delete",
            "Microsoft.DocumentDB/databaseAccounts/cassandraRoleAssignments/write",
            "Microsoft.DocumentDB/databaseAccounts/cassandraRoleAssignments/delete",
            "Microsoft.DocumentDB/databaseAccounts/cassandraRoleDefinitions/write",
            "Microsoft.DocumentDB/databaseAccounts/cassandraRoleDefinitions/delete",
            "Microsoft.DocumentDB/databaseAccounts/mongoMIRoleAssignments/write",
            "Microsoft.DocumentDB/databaseAccounts/mongoMIRoleAssignments/delete",
            "Microsoft.DocumentDB/databaseAccounts/mongoMIRoleDefinitions/write",
            "Microsoft.DocumentDB/databaseAccounts/mongoMIRoleDefinitions/delete",
        ],
        data_actions: &[],
        not_data_actions: &[],
    },
];

/// Azure Cosmos DB for NoSQL built-in *data-plane* roles, from
/// `articles/cosmos-db/nosql/security/reference-data-plane-roles.md` in `MicrosoftDocs/azure-databases-docs`.
///
/// These are not Azure RBAC roles: Cosmos DB has its own role-based access control for data, with
/// role definitions and assignments that live under the account
/// (`Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions`, `az cosmosdb sql role assignment create`)
/// and can be scoped to an account, database or container. No role in [`BUILTIN_ROLES`] grants a
/// Cosmos DB data action, which is why they are kept apart. The reference page gives no
/// description for them, so `description` is empty; they have no management actions.
pub static COSMOS_DB_DATA_ROLES: &[BuiltinRole] = &[
    BuiltinRole {
        name: "Cosmos DB Built-in Data Reader",
        id: "00000000-0000-0000-0000-000000000001",
        description: "",
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.DocumentDB/databaseAccounts/readMetadata",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed",
        ],
        not_data_actions: &[],
    },
    BuiltinRole {
        name: "Cosmos DB Built-in Data Contributor",
        id: "00000000-0000-0000-0000-000000000002",
        description: "",
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.DocumentDB/databaseAccounts/readMetadata",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/*",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*",
        ],
        not_data_actions: &[],
    },
];

/// Finds an Azure RBAC built-in role by its name, ignoring case and surrounding whitespace
/// (`az role assignment create --role 'storage blob data reader'` works in Azure too).
pub fn find_by_name(name: &str) -> Option<&'static BuiltinRole> {
    let name = name.trim();
    BUILTIN_ROLES
        .iter()
        .find(|role| role.name.eq_ignore_ascii_case(name))
}

/// Finds an Azure RBAC built-in role by its GUID or by its full ARM id
/// (`/providers/Microsoft.Authorization/roleDefinitions/<guid>`, optionally under a subscription),
/// ignoring case.
pub fn find_by_id(id: &str) -> Option<&'static BuiltinRole> {
    let id = id.trim();
    let guid = id.rsplit('/').next().unwrap_or(id);
    BUILTIN_ROLES
        .iter()
        .find(|role| role.id.eq_ignore_ascii_case(guid))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn all_roles() -> impl Iterator<Item = &'static BuiltinRole> {
        BUILTIN_ROLES.iter().chain(COSMOS_DB_DATA_ROLES.iter())
    }

    fn is_lower_guid(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        let lens = [8, 4, 4, 4, 12];
        parts.len() == lens.len()
            && parts.iter().zip(lens).all(|(part, len)| {
                part.len() == len
                    && part
                        .chars()
                        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
            })
    }

    fn role(name: &str) -> &'static BuiltinRole {
        BUILTIN_ROLES
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("role {name} missing"))
    }

    #[test]
    fn ids_are_unique_lower_case_guids() {
        let mut seen = HashSet::new();
        for r in all_roles() {
            assert!(
                is_lower_guid(r.id),
                "{}: id {} is not a lower-case GUID",
                r.name,
                r.id
            );
            assert!(seen.insert(r.id), "duplicate id {}", r.id);
        }
    }

    #[test]
    fn names_are_unique_ignoring_case() {
        let mut seen = HashSet::new();
        for r in all_roles() {
            assert!(!r.name.trim().is_empty());
            assert_eq!(r.name, r.name.trim(), "{:?} has stray whitespace", r.name);
            assert!(
                seen.insert(r.name.to_ascii_lowercase()),
                "duplicate name {}",
                r.name
            );
        }
    }

    #[test]
    fn no_role_is_empty() {
        for r in all_roles() {
            assert!(
                !r.actions.is_empty() || !r.data_actions.is_empty(),
                "{} grants nothing",
                r.name
            );
        }
    }

    #[test]
    fn azure_rbac_roles_have_one_line_descriptions() {
        for r in BUILTIN_ROLES {
            assert!(
                !r.description.trim().is_empty(),
                "{} has no description",
                r.name
            );
            assert!(
                !r.description.contains('\n'),
                "{} description spans lines",
                r.name
            );
        }
    }

    #[test]
    fn permission_strings_are_well_formed() {
        for r in all_roles() {
            let lists = [r.actions, r.not_actions, r.data_actions, r.not_data_actions];
            for entry in lists.iter().flat_map(|l| l.iter()) {
                assert!(!entry.is_empty(), "{}: empty permission", r.name);
                assert!(
                    !entry.chars().any(char::is_whitespace),
                    "{}: whitespace in {entry:?}",
                    r.name
                );
                assert!(
                    !entry.contains("//"),
                    "{}: empty segment in {entry}",
                    r.name
                );
                assert!(
                    *entry == "*" || entry.starts_with("*/") || entry.contains('.'),
                    "{}: {entry} names no provider",
                    r.name
                );
            }
        }
    }

    /// The sixteen rows of the "Built-in roles" table in azure-rules.md.
    #[test]
    fn reference_table_ids_match() {
        let expected = [
            ("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
            ("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
            ("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
            (
                "User Access Administrator",
                "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
            ),
            (
                "Role Based Access Control Administrator",
                "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
            ),
            (
                "Managed Identity Contributor",
                "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59",
            ),
            (
                "Managed Identity Operator",
                "f1a07417-d97a-45cb-824c-7a7467783830",
            ),
            (
                "Storage Blob Data Reader",
                "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
            ),
            (
                "Storage Blob Data Contributor",
                "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
            ),
            (
                "Storage Blob Data Owner",
                "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
            ),
            (
                "Key Vault Administrator",
                "00482a5a-887f-4fb3-b363-3b7fe8e74483",
            ),
            (
                "Key Vault Secrets Officer",
                "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
            ),
            (
                "Key Vault Secrets User",
                "4633458b-17de-408a-b874-0445c86b69e6",
            ),
            (
                "Key Vault Contributor",
                "f25e0fa2-a7c8-4377-a976-54943a77a395",
            ),
            (
                "Virtual Machine Contributor",
                "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
            ),
            (
                "Website Contributor",
                "de139f84-1756-47ae-9be6-808fbbe84772",
            ),
        ];
        assert_eq!(expected.len(), 16);
        for (name, id) in expected {
            assert_eq!(role(name).id, id, "{name}");
        }
    }

    /// Rows of the azure-rules.md table that list permissions in full agree with the transcription.
    #[test]
    fn reference_table_permissions_match() {
        assert_eq!(role("Owner").actions, ["*"]);
        assert!(role("Owner").not_actions.is_empty());
        assert_eq!(role("Contributor").actions, ["*"]);
        assert_eq!(
            role("Contributor").not_actions,
            [
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
                "Microsoft.Blueprint/blueprintAssignments/write",
                "Microsoft.Blueprint/blueprintAssignments/delete",
                "Microsoft.Compute/galleries/share/action",
                "Microsoft.Purview/consents/write",
                "Microsoft.Purview/consents/delete",
                "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
                "Microsoft.Subscription/cancel/action",
                "Microsoft.Subscription/enable/action",
            ]
        );
        assert_eq!(role("Reader").actions, ["*/read"]);
        assert_eq!(
            role("User Access Administrator").actions,
            ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"]
        );
        assert_eq!(
            role("Role Based Access Control Administrator").actions,
            [
                "Microsoft.Authorization/roleAssignments/write",
                "Microsoft.Authorization/roleAssignments/delete",
                "*/read",
                "Microsoft.Support/*",
            ]
        );
        assert_eq!(
            role("Managed Identity Operator").actions,
            [
                "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
                "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
                "Microsoft.Authorization/*/read",
                "Microsoft.Insights/alertRules/*",
                "Microsoft.Resources/subscriptions/resourceGroups/read",
                "Microsoft.Resources/deployments/*",
                "Microsoft.Support/*",
            ]
        );
        assert_eq!(role("Managed Identity Contributor").actions.len(), 12);
        assert_eq!(
            role("Storage Blob Data Reader").data_actions,
            ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]
        );
        assert_eq!(role("Storage Blob Data Contributor").data_actions.len(), 5);
        assert_eq!(
            role("Storage Blob Data Owner").data_actions,
            ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"]
        );
        assert_eq!(
            role("Key Vault Administrator").actions,
            KEY_VAULT_DATA_ROLE_ACTIONS
        );
        assert_eq!(
            role("Key Vault Administrator").data_actions,
            ["Microsoft.KeyVault/vaults/*"]
        );
        assert_eq!(
            role("Key Vault Secrets Officer").actions,
            KEY_VAULT_DATA_ROLE_ACTIONS
        );
        assert!(role("Key Vault Secrets User").actions.is_empty());
        assert_eq!(
            role("Key Vault Contributor").not_actions,
            [
                "Microsoft.KeyVault/locations/deletedVaults/purge/action",
                "Microsoft.KeyVault/hsmPools/*",
                "Microsoft.KeyVault/managedHsms/*",
            ]
        );
        assert!(role("Key Vault Contributor").data_actions.is_empty());
        let vmc = role("Virtual Machine Contributor").actions;
        assert!(
            vmc.len() > 40,
            "Virtual Machine Contributor has {} actions",
            vmc.len()
        );
        for a in [
            "Microsoft.Compute/virtualMachines/*",
            "Microsoft.Storage/storageAccounts/listKeys/action",
            "Microsoft.Storage/storageAccounts/read",
        ] {
            assert!(vmc.contains(&a), "Virtual Machine Contributor lacks {a}");
        }
        for a in [
            "Microsoft.Web/sites/*",
            "Microsoft.Web/serverFarms/read",
            "Microsoft.Web/serverFarms/join/action",
            "Microsoft.Authorization/*/read",
        ] {
            assert!(
                role("Website Contributor").actions.contains(&a),
                "Website Contributor lacks {a}"
            );
        }
    }

    /// RB-4.6: control-plane roles carry no data actions.
    #[test]
    fn control_plane_roles_grant_no_data_actions() {
        for name in [
            "Owner",
            "Contributor",
            "Reader",
            "User Access Administrator",
            "Storage Account Contributor",
            "Key Vault Contributor",
            "Virtual Machine Contributor",
            "DocumentDB Account Contributor",
            "Cosmos DB Operator",
        ] {
            assert!(
                role(name).data_actions.is_empty(),
                "{name} has data actions"
            );
        }
    }

    #[test]
    fn all_roles_the_scenarios_need_are_present() {
        for name in [
            "Owner",
            "Contributor",
            "Reader",
            "User Access Administrator",
            "Role Based Access Control Administrator",
            "Managed Identity Contributor",
            "Managed Identity Operator",
            "Storage Blob Data Reader",
            "Storage Blob Data Contributor",
            "Storage Blob Data Owner",
            "Storage Account Contributor",
            "Storage Queue Data Reader",
            "Storage Queue Data Contributor",
            "Storage Table Data Reader",
            "Storage Table Data Contributor",
            "Key Vault Administrator",
            "Key Vault Secrets Officer",
            "Key Vault Secrets User",
            "Key Vault Contributor",
            "Key Vault Reader",
            "Key Vault Crypto Officer",
            "Key Vault Crypto User",
            "Key Vault Certificates Officer",
            "Virtual Machine Contributor",
            "Virtual Machine Administrator Login",
            "Virtual Machine User Login",
            "Website Contributor",
            "Web Plan Contributor",
            "SQL Server Contributor",
            "SQL DB Contributor",
            "Cosmos DB Account Reader Role",
            "DocumentDB Account Contributor",
            "Cosmos DB Operator",
        ] {
            role(name);
        }
    }

    #[test]
    fn cosmos_data_roles_are_data_only_and_separate() {
        for r in COSMOS_DB_DATA_ROLES {
            assert!(
                r.actions.is_empty() && !r.data_actions.is_empty(),
                "{}",
                r.name
            );
            assert!(
                find_by_name(r.name).is_none(),
                "{} leaked into Azure RBAC lookups",
                r.name
            );
            assert!(find_by_id(r.id).is_none());
        }
    }

    #[test]
    fn lookups_ignore_case_and_accept_arm_ids() {
        let sbdr = find_by_name("  storage BLOB data reader ").expect("by name");
        assert_eq!(sbdr.id, "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
        assert_eq!(
            find_by_id("2A2B9908-6EA1-4AE2-8E65-A410DF84E7D1"),
            Some(sbdr)
        );
        assert_eq!(find_by_id(&sbdr.arm_id()), Some(sbdr));
        assert_eq!(
            find_by_id(
                "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
            ),
            Some(sbdr)
        );
        assert!(find_by_name("Storage Blob Data Writer").is_none());
        assert!(find_by_id("").is_none());
    }
}
