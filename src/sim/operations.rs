//! Catalog of Azure operations the playground knows by name, with the plane each belongs to and a
//! friendly name learners can type ("read blobs") instead of the operation string.
//!
//! Azure RBAC checks management requests against a role's `Actions` and data requests against its
//! `DataActions` (rules RB-4.4, RB-4.6), so the simulator must know which plane an operation is on
//! before it can decide. Operation strings and descriptions are copied from the per-provider
//! permission pages under `articles/role-based-access-control/permissions/` in the public
//! `MicrosoftDocs/azure-docs` repository (which list each provider's `Action`s and then its
//! `DataAction`s), keeping their published casing; the Cosmos DB data actions come from
//! `articles/cosmos-db/nosql/security/reference-data-plane-actions.md` in
//! `MicrosoftDocs/azure-databases-docs`. Friendly names are the playground's own.

use super::builtin_roles::{BUILTIN_ROLES, COSMOS_DB_DATA_ROLES};
use super::rbac::wildcard_match;

/// Which side of Azure an operation runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plane {
    /// Management (Azure Resource Manager) operations, granted by a role's `Actions`.
    Control,
    /// Operations on the data inside a resource, granted by a role's `DataActions`.
    Data,
}

/// One operation the playground can check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The operation string, e.g. `Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read`.
    pub name: &'static str,
    pub plane: Plane,
    /// A short name learners can use instead, e.g. "Read blobs".
    pub friendly: &'static str,
    /// One line on what the operation does, from Microsoft's permission reference.
    pub description: &'static str,
}

const fn control(
    name: &'static str,
    friendly: &'static str,
    description: &'static str,
) -> Operation {
    Operation {
        name,
        plane: Plane::Control,
        friendly,
        description,
    }
}

const fn data(name: &'static str, friendly: &'static str, description: &'static str) -> Operation {
    Operation {
        name,
        plane: Plane::Data,
        friendly,
        description,
    }
}

/// Every operation the playground knows by name, grouped by resource type.
pub static OPERATIONS: &[Operation] = &[
    // ---- Resource groups (permissions/management-and-governance.md, Microsoft.Resources) ----
    control(
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Read resource group",
        "Gets or lists resource groups.",
    ),
    control(
        "Microsoft.Resources/subscriptions/resourceGroups/write",
        "Create resource group",
        "Creates or updates a resource group.",
    ),
    control(
        "Microsoft.Resources/subscriptions/resourceGroups/delete",
        "Delete resource group",
        "Deletes a resource group and all its resources.",
    ),
    // ---- Role assignments (permissions/management-and-governance.md, Microsoft.Authorization) ----
    control(
        "Microsoft.Authorization/roleAssignments/read",
        "Read role assignments",
        "Get information about a role assignment.",
    ),
    control(
        "Microsoft.Authorization/roleAssignments/write",
        "Assign roles",
        "Create a role assignment at the specified scope.",
    ),
    control(
        "Microsoft.Authorization/roleAssignments/delete",
        "Remove role assignments",
        "Delete a role assignment at the specified scope.",
    ),
    control(
        "Microsoft.Authorization/roleDefinitions/read",
        "Read role definitions",
        "Get information about a role definition.",
    ),
    // ---- User-assigned managed identities (permissions/identity.md, Microsoft.ManagedIdentity) ----
    control(
        "Microsoft.ManagedIdentity/userAssignedIdentities/read",
        "Read user-assigned identity",
        "Gets an existing user assigned identity",
    ),
    control(
        "Microsoft.ManagedIdentity/userAssignedIdentities/write",
        "Create user-assigned identity",
        "Creates a new user assigned identity or updates the tags associated with an existing user assigned identity",
    ),
    control(
        "Microsoft.ManagedIdentity/userAssignedIdentities/delete",
        "Delete user-assigned identity",
        "Deletes an existing user assigned identity",
    ),
    control(
        "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
        "Assign user-assigned identity",
        "RBAC action for assigning an existing user assigned identity to a resource",
    ),
    control(
        "Microsoft.ManagedIdentity/userAssignedIdentities/revokeTokens/action",
        "Revoke identity tokens",
        "Revoked all the existing tokens on a user assigned identity",
    ),
    control(
        "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read",
        "Read federated credentials",
        "Get or list Federated Identity Credentials",
    ),
    control(
        "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
        "Write federated credential",
        "Add or update a Federated Identity Credential",
    ),
    control(
        "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete",
        "Delete federated credential",
        "Delete a Federated Identity Credential",
    ),
    // ---- Virtual machines (permissions/compute.md, Microsoft.Compute) ----
    control(
        "Microsoft.Compute/virtualMachines/read",
        "Read VM",
        "Get the properties of a virtual machine",
    ),
    control(
        "Microsoft.Compute/virtualMachines/write",
        "Create or update VM",
        "Creates a new virtual machine or updates an existing virtual machine",
    ),
    control(
        "Microsoft.Compute/virtualMachines/delete",
        "Delete VM",
        "Deletes the virtual machine",
    ),
    control(
        "Microsoft.Compute/virtualMachines/start/action",
        "Start VM",
        "Starts the virtual machine",
    ),
    control(
        "Microsoft.Compute/virtualMachines/restart/action",
        "Restart VM",
        "Restarts the virtual machine",
    ),
    control(
        "Microsoft.Compute/virtualMachines/powerOff/action",
        "Power off VM",
        "Powers off the virtual machine. Note that the virtual machine will continue to be billed.",
    ),
    control(
        "Microsoft.Compute/virtualMachines/deallocate/action",
        "Deallocate VM",
        "Powers off the virtual machine and releases the compute resources",
    ),
    control(
        "Microsoft.Compute/virtualMachines/runCommand/action",
        "Run command on VM",
        "Executes a predefined script on the virtual machine",
    ),
    control(
        "Microsoft.Compute/virtualMachines/extensions/write",
        "Install VM extension",
        "Creates a new virtual machine extension or updates an existing one",
    ),
    data(
        "Microsoft.Compute/virtualMachines/login/action",
        "Log in to VM",
        "Log in to a virtual machine as a regular user",
    ),
    data(
        "Microsoft.Compute/virtualMachines/loginAsAdmin/action",
        "Log in to VM as administrator",
        "Log in to a virtual machine with Windows administrator or Linux root user privileges",
    ),
    // ---- Virtual machine scale sets (permissions/compute.md, Microsoft.Compute) ----
    control(
        "Microsoft.Compute/virtualMachineScaleSets/read",
        "Read scale set",
        "Get the properties of a Virtual Machine Scale Set",
    ),
    control(
        "Microsoft.Compute/virtualMachineScaleSets/write",
        "Create or update scale set",
        "Creates a new Virtual Machine Scale Set or updates an existing one",
    ),
    control(
        "Microsoft.Compute/virtualMachineScaleSets/delete",
        "Delete scale set",
        "Deletes the Virtual Machine Scale Set",
    ),
    control(
        "Microsoft.Compute/virtualMachineScaleSets/start/action",
        "Start scale set",
        "Starts the instances of the Virtual Machine Scale Set",
    ),
    control(
        "Microsoft.Compute/virtualMachineScaleSets/restart/action",
        "Restart scale set",
        "Restarts the instances of the Virtual Machine Scale Set",
    ),
    control(
        "Microsoft.Compute/virtualMachineScaleSets/deallocate/action",
        "Deallocate scale set",
        "Powers off and releases the compute resources for the instances of the Virtual Machine Scale Set",
    ),
    // ---- App Service plans (permissions/web-and-mobile.md, microsoft.web) ----
    control(
        "Microsoft.Web/serverfarms/Read",
        "Read App Service plan",
        "Get the properties on an App Service Plan",
    ),
    control(
        "Microsoft.Web/serverfarms/Write",
        "Create or update App Service plan",
        "Create a new App Service Plan or update an existing one",
    ),
    control(
        "Microsoft.Web/serverfarms/Delete",
        "Delete App Service plan",
        "Delete an existing App Service Plan",
    ),
    control(
        "Microsoft.Web/serverfarms/Join/Action",
        "Join App Service plan",
        "Joins an App Service Plan",
    ),
    // ---- Web apps and function apps (permissions/web-and-mobile.md, microsoft.web) ----
    control(
        "Microsoft.Web/sites/Read",
        "Read web app",
        "Get the properties of a Web App",
    ),
    control(
        "Microsoft.Web/sites/Write",
        "Create or update web app",
        "Create a new Web App or update an existing one",
    ),
    control(
        "Microsoft.Web/sites/Delete",
        "Delete web app",
        "Delete an existing Web App",
    ),
    control(
        "Microsoft.Web/sites/start/Action",
        "Start web app",
        "Start a Web App",
    ),
    control(
        "Microsoft.Web/sites/stop/Action",
        "Stop web app",
        "Stop a Web App",
    ),
    control(
        "Microsoft.Web/sites/restart/Action",
        "Restart web app",
        "Restart a Web App",
    ),
    control(
        "Microsoft.Web/sites/config/Read",
        "Read web app configuration",
        "Get Web App configuration settings",
    ),
    control(
        "Microsoft.Web/sites/config/Write",
        "Update web app configuration",
        "Update Web App's configuration settings",
    ),
    control(
        "Microsoft.Web/sites/config/list/Action",
        "List web app secrets",
        "List Web App's security sensitive settings, such as publishing credentials, app settings and connection strings",
    ),
    control(
        "Microsoft.Web/sites/publishxml/Action",
        "Get publishing profile",
        "Get publishing profile xml for a Web App",
    ),
    control(
        "microsoft.web/sites/functions/listkeys/action",
        "List function keys",
        "List Function keys.",
    ),
    control(
        "microsoft.web/sites/host/listkeys/action",
        "List function host keys",
        "List Functions Host keys.",
    ),
    // ---- Storage accounts (permissions/storage.md, Microsoft.Storage) ----
    control(
        "Microsoft.Storage/storageAccounts/read",
        "Read storage account",
        "Returns the list of storage accounts or gets the properties for the specified storage account.",
    ),
    control(
        "Microsoft.Storage/storageAccounts/write",
        "Create or update storage account",
        "Creates a storage account with the specified parameters or update the properties or tags or adds custom domain for the specified storage account.",
    ),
    control(
        "Microsoft.Storage/storageAccounts/delete",
        "Delete storage account",
        "Deletes an existing storage account.",
    ),
    control(
        "Microsoft.Storage/storageAccounts/listkeys/action",
        "List keys",
        "Returns the access keys for the specified storage account.",
    ),
    control(
        "Microsoft.Storage/storageAccounts/regeneratekey/action",
        "Regenerate keys",
        "Regenerates the access keys for the specified storage account.",
    ),
    control(
        "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        "Get user delegation key",
        "Returns a user delegation key for the blob service",
    ),
    // ---- Blob containers and blobs ----
    control(
        "Microsoft.Storage/storageAccounts/blobServices/containers/read",
        "Read containers",
        "Returns list of containers",
    ),
    control(
        "Microsoft.Storage/storageAccounts/blobServices/containers/write",
        "Create container",
        "Returns the result of put blob container",
    ),
    control(
        "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
        "Delete container",
        "Returns the result of deleting a container",
    ),
    data(
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        "Read blobs",
        "Returns a blob or a list of blobs",
    ),
    data(
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
        "Write blobs",
        "Returns the result of writing a blob",
    ),
    data(
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
        "Delete blobs",
        "Returns the result of deleting a blob",
    ),
    data(
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
        "Add blob content",
        "Returns the result of adding blob content",
    ),
    data(
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
        "Move blobs",
        "Moves the blob from one path to another",
    ),
    // ---- Queues ----
    control(
        "Microsoft.Storage/storageAccounts/queueServices/queues/read",
        "Read queues",
        "Returns a queue or a list of queues.",
    ),
    control(
        "Microsoft.Storage/storageAccounts/queueServices/queues/write",
        "Create queue",
        "Returns the result of writing a queue",
    ),
    control(
        "Microsoft.Storage/storageAccounts/queueServices/queues/delete",
        "Delete queue",
        "Returns the result of deleting a queue",
    ),
    data(
        "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read",
        "Read queue messages",
        "Returns a message",
    ),
    data(
        "Microsoft.Storage/storageAccounts/queueServices/queues/messages/write",
        "Write queue messages",
        "Returns the result of writing a message",
    ),
    data(
        "Microsoft.Storage/storageAccounts/queueServices/queues/messages/delete",
        "Delete queue messages",
        "Returns the result of deleting a message",
    ),
    data(
        "Microsoft.Storage/storageAccounts/queueServices/queues/messages/add/action",
        "Send queue messages",
        "Returns the result of adding a message",
    ),
    data(
        "Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action",
        "Process queue messages",
        "Returns the result of processing a message",
    ),
    // ---- Tables ----
    control(
        "Microsoft.Storage/storageAccounts/tableServices/tables/read",
        "Read tables",
        "Query tables",
    ),
    control(
        "Microsoft.Storage/storageAccounts/tableServices/tables/write",
        "Create table",
        "Create tables",
    ),
    control(
        "Microsoft.Storage/storageAccounts/tableServices/tables/delete",
        "Delete table",
        "Delete tables",
    ),
    data(
        "Microsoft.Storage/storageAccounts/tableServices/tables/entities/read",
        "Read table entities",
        "Query table entities",
    ),
    data(
        "Microsoft.Storage/storageAccounts/tableServices/tables/entities/write",
        "Write table entities",
        "Insert, merge, or replace table entities",
    ),
    data(
        "Microsoft.Storage/storageAccounts/tableServices/tables/entities/delete",
        "Delete table entities",
        "Delete table entities",
    ),
    data(
        "Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action",
        "Insert table entities",
        "Insert table entities",
    ),
    data(
        "Microsoft.Storage/storageAccounts/tableServices/tables/entities/update/action",
        "Update table entities",
        "Merge or update table entities",
    ),
    // ---- Key vaults: management (permissions/security.md, Microsoft.KeyVault) ----
    control(
        "Microsoft.KeyVault/vaults/read",
        "Read key vault",
        "View the properties of a key vault",
    ),
    control(
        "Microsoft.KeyVault/vaults/write",
        "Create or update key vault",
        "Creates a new key vault or updates the properties of an existing key vault. Certain properties may require more permissions.",
    ),
    control(
        "Microsoft.KeyVault/vaults/delete",
        "Delete key vault",
        "Deletes a key vault",
    ),
    control(
        "Microsoft.KeyVault/vaults/accessPolicies/write",
        "Write key vault access policy",
        "Updates an existing access policy by merging or replacing, or adds a new access policy to the key vault.",
    ),
    control(
        "Microsoft.KeyVault/vaults/deploy/action",
        "Deploy with key vault secrets",
        "Enables access to secrets in a key vault when deploying Azure resources",
    ),
    // Management-plane secret operations (ARM `Microsoft.KeyVault/vaults/secrets`): they never
    // return a secret's value, but `write` can set one.
    control(
        "Microsoft.KeyVault/vaults/secrets/read",
        "Read secret properties through ARM",
        "View the properties of a secret, but not its value.",
    ),
    control(
        "Microsoft.KeyVault/vaults/secrets/write",
        "Write secret through ARM",
        "Creates a new secret or updates the value of an existing secret.",
    ),
    // ---- Key vaults: secrets, keys and certificates (data actions) ----
    data(
        "Microsoft.KeyVault/vaults/secrets/getSecret/action",
        "Get secrets",
        "Gets the value of a secret.",
    ),
    data(
        "Microsoft.KeyVault/vaults/secrets/setSecret/action",
        "Set secrets",
        "Sets the value of a secret. If the secret does not exist, the first version is created. Otherwise, a new version is created with the specified value.",
    ),
    data(
        "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        "List secrets",
        "List or view the properties of a secret, but not its value.",
    ),
    data(
        "Microsoft.KeyVault/vaults/secrets/delete",
        "Delete secrets",
        "Deletes a secret. All versions are deleted.",
    ),
    data(
        "Microsoft.KeyVault/vaults/secrets/recover/action",
        "Recover deleted secrets",
        "Recovers a deleted secret, with all its versions, from the vault's soft-deleted state.",
    ),
    data(
        "Microsoft.KeyVault/vaults/secrets/purge/action",
        "Purge deleted secrets",
        "Permanently deletes a deleted secret; it can no longer be recovered.",
    ),
    // `Microsoft.KeyVault/vaults/keys/read` is listed under both Action and DataAction on the
    // permission page; the data-plane one (granted by Key Vault Crypto User and friends) is the
    // one learners check.
    data(
        "Microsoft.KeyVault/vaults/keys/read",
        "Read vault keys",
        "List keys in the specified vault, or read properties and public material of a key.",
    ),
    data(
        "Microsoft.KeyVault/vaults/keys/create/action",
        "Create keys",
        "Creates a new key. If the key does not exist, the first version is created. Otherwise, a new version is created with the specified value.",
    ),
    data(
        "Microsoft.KeyVault/vaults/keys/delete",
        "Delete keys",
        "Deletes a key. All versions are deleted.",
    ),
    data(
        "Microsoft.KeyVault/vaults/keys/encrypt/action",
        "Encrypt with key",
        "Encrypts plaintext with a key. Note that if the key is asymmetric, this operation can be performed by principals with read access.",
    ),
    data(
        "Microsoft.KeyVault/vaults/keys/decrypt/action",
        "Decrypt with key",
        "Decrypts ciphertext with a key.",
    ),
    data(
        "Microsoft.KeyVault/vaults/keys/sign/action",
        "Sign with key",
        "Signs a message digest (hash) with a key.",
    ),
    data(
        "Microsoft.KeyVault/vaults/keys/verify/action",
        "Verify with key",
        "Verifies the signature of a message digest (hash) with a key. Note that if the key is asymmetric, this operation can be performed by principals with read access.",
    ),
    data(
        "Microsoft.KeyVault/vaults/keys/wrap/action",
        "Wrap key",
        "Wraps a symmetric key with a Key Vault key. Note that if the Key Vault key is asymmetric, this operation can be performed by principals with read access.",
    ),
    data(
        "Microsoft.KeyVault/vaults/keys/unwrap/action",
        "Unwrap key",
        "Unwraps a symmetric key with a Key Vault key.",
    ),
    data(
        "Microsoft.KeyVault/vaults/certificates/read",
        "Read certificates",
        "List certificates in a specified key vault, or get information about a certificate.",
    ),
    data(
        "Microsoft.KeyVault/vaults/certificates/create/action",
        "Create certificates",
        "Creates a new certificate. If the certificate does not exist, the first version is created. Otherwise, a new version is created.",
    ),
    data(
        "Microsoft.KeyVault/vaults/certificates/delete",
        "Delete certificates",
        "Deletes a certificate. All versions are deleted.",
    ),
    // ---- SQL servers and databases (permissions/databases.md, Microsoft.Sql) ----
    control(
        "Microsoft.Sql/servers/read",
        "Read SQL server",
        "Return the list of servers or gets the properties for the specified server.",
    ),
    control(
        "Microsoft.Sql/servers/write",
        "Create or update SQL server",
        "Creates a server with the specified parameters or update the properties or tags for the specified server.",
    ),
    control(
        "Microsoft.Sql/servers/delete",
        "Delete SQL server",
        "Deletes an existing server.",
    ),
    control(
        "Microsoft.Sql/servers/administrators/write",
        "Set SQL Entra admin",
        "Adds or updates a specific Azure Active Directory administrator object",
    ),
    control(
        "Microsoft.Sql/servers/firewallRules/write",
        "Write SQL firewall rule",
        "Creates a server firewall rule with the specified parameters, update the properties for the specified rule or overwrite all existing rules with new server firewall rule(s).",
    ),
    control(
        "Microsoft.Sql/servers/databases/read",
        "Read SQL database",
        "Return the list of databases or gets the properties for the specified database.",
    ),
    control(
        "Microsoft.Sql/servers/databases/write",
        "Create or update SQL database",
        "Creates a database with the specified parameters or update the properties or tags for the specified database.",
    ),
    control(
        "Microsoft.Sql/servers/databases/delete",
        "Delete SQL database",
        "Deletes an existing database.",
    ),
    // ---- Cosmos DB accounts: management (permissions/databases.md, Microsoft.DocumentDB) ----
    control(
        "Microsoft.DocumentDB/databaseAccounts/read",
        "Read Cosmos DB account",
        "Reads a database account.",
    ),
    control(
        "Microsoft.DocumentDB/databaseAccounts/write",
        "Create or update Cosmos DB account",
        "Update a database accounts.",
    ),
    control(
        "Microsoft.DocumentDB/databaseAccounts/delete",
        "Delete Cosmos DB account",
        "Deletes the database accounts.",
    ),
    control(
        "Microsoft.DocumentDB/databaseAccounts/listKeys/action",
        "List Cosmos DB keys",
        "List keys of a database account",
    ),
    control(
        "Microsoft.DocumentDB/databaseAccounts/readonlykeys/action",
        "List Cosmos DB read-only keys",
        "Reads the database account readonly keys.",
    ),
    control(
        "Microsoft.DocumentDB/databaseAccounts/regenerateKey/action",
        "Regenerate Cosmos DB keys",
        "Rotate keys of a database account",
    ),
    control(
        "Microsoft.DocumentDB/databaseAccounts/listConnectionStrings/action",
        "List Cosmos DB connection strings",
        "Get the connection strings for a database account",
    ),
    // ---- Cosmos DB for NoSQL data actions (reference-data-plane-actions.md); granted by Cosmos
    // DB's own data-plane roles, not by Azure RBAC roles ----
    data(
        "Microsoft.DocumentDB/databaseAccounts/readMetadata",
        "Read Cosmos DB metadata",
        "Read required metadata from account for data plane operations",
    ),
    data(
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read",
        "Read Cosmos DB items",
        "Reads specific items by performing a point read using the partition key and unique identifier",
    ),
    data(
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create",
        "Create Cosmos DB items",
        "Creates new items",
    ),
    data(
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/replace",
        "Replace Cosmos DB items",
        "Replaces existing items",
    ),
    data(
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/upsert",
        "Upsert Cosmos DB items",
        "Creates a new item if it doesn't exist or replaces an existing item",
    ),
    data(
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/delete",
        "Delete Cosmos DB items",
        "Deletes an item",
    ),
    data(
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery",
        "Query Cosmos DB items",
        "Executes a NoSQL query",
    ),
    data(
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed",
        "Read Cosmos DB change feed",
        "Reads from the container's change feed",
    ),
];

/// Case-insensitive lookup by operation name.
pub fn find(name: &str) -> Option<&'static Operation> {
    let name = name.trim();
    OPERATIONS
        .iter()
        .find(|op| op.name.eq_ignore_ascii_case(name))
}

/// Case-insensitive lookup by friendly name ("read blobs").
pub fn by_friendly(friendly: &str) -> Option<&'static Operation> {
    let friendly = friendly.trim();
    OPERATIONS
        .iter()
        .find(|op| op.friendly.eq_ignore_ascii_case(friendly))
}

/// What `mip check --action` (and the "can it?" form) accepts: a friendly name ("Read blobs")
/// or an operation string. Gives the operation string, or, for anything else, the message to
/// show, naming the closest friendly name.
pub fn resolve(text: &str) -> Result<String, String> {
    if let Some(op) = by_friendly(text) {
        return Ok(op.name.to_string());
    }
    if text.contains('/') {
        return Ok(text.to_string());
    }
    let hint = crate::sim::suggest::closest(text, OPERATIONS.iter().map(|o| o.friendly))
        .map(|s| format!("; did you mean '{s}'?"))
        .unwrap_or_default();
    Err(format!("'{text}' is neither a known operation name nor an operation string like Microsoft.Storage/storageAccounts/read{hint}"))
}

/// The plane of an operation: data if the catalog says so, if some built-in role names it
/// exactly as a data action, or if it matches a built-in role's data-action wildcard that
/// no catalogued control-plane operation matches (such a wildcard, e.g.
/// `Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*`, covers only data
/// operations; one like Key Vault Administrator's `Microsoft.KeyVault/vaults/*` also covers
/// management operations and so decides nothing). Otherwise control.
///
/// A data action that none of these reach (for example
/// `Microsoft.KeyVault/vaults/secrets/backup/action`, whose only wildcard,
/// `Microsoft.KeyVault/vaults/secrets/*`, also covers the control-plane `secrets/read`) is
/// reported as control; catalogue it to fix that.
pub fn plane_of(name: &str) -> Plane {
    let name = name.trim();
    if let Some(op) = find(name) {
        return op.plane;
    }
    let mut data_entries = BUILTIN_ROLES
        .iter()
        .chain(COSMOS_DB_DATA_ROLES)
        .flat_map(|role| role.data_actions.iter().chain(role.not_data_actions));
    if data_entries.any(|entry| !entry.contains('*') && entry.eq_ignore_ascii_case(name)) {
        return Plane::Data;
    }
    if data_only_wildcards()
        .iter()
        .any(|pattern| wildcard_match(pattern, name))
    {
        Plane::Data
    } else {
        Plane::Control
    }
}

/// The built-in data-action wildcards that match no catalogued control operation, computed once.
fn data_only_wildcards() -> &'static [&'static str] {
    static PATTERNS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| {
        let mut patterns: Vec<&'static str> = BUILTIN_ROLES
            .iter()
            .chain(COSMOS_DB_DATA_ROLES)
            .flat_map(|role| {
                role.data_actions
                    .iter()
                    .chain(role.not_data_actions)
                    .copied()
            })
            .filter(|entry| entry.contains('*'))
            .filter(|entry| {
                !OPERATIONS
                    .iter()
                    .any(|op| op.plane == Plane::Control && wildcard_match(entry, op.name))
            })
            .collect();
        patterns.sort_unstable();
        patterns.dedup();
        patterns
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::builtin_roles::BuiltinRole;
    use std::collections::HashSet;

    /// `*` matches any run of characters (including none); comparison ignores ASCII case (RB-4.5).
    fn wildcard_match(pattern: &str, name: &str) -> bool {
        fn go(p: &[u8], s: &[u8]) -> bool {
            match p.split_first() {
                None => s.is_empty(),
                Some((b'*', rest)) => (0..=s.len()).any(|i| go(rest, &s[i..])),
                Some((c, rest)) => s
                    .split_first()
                    .is_some_and(|(d, tail)| c.eq_ignore_ascii_case(d) && go(rest, tail)),
            }
        }
        go(pattern.as_bytes(), name.as_bytes())
    }

    fn all_roles() -> impl Iterator<Item = &'static BuiltinRole> {
        BUILTIN_ROLES.iter().chain(COSMOS_DB_DATA_ROLES)
    }

    #[test]
    fn matcher_behaves() {
        assert!(wildcard_match("*", "Microsoft.Web/sites/Read"));
        assert!(wildcard_match("*/read", "Microsoft.Web/sites/Read"));
        assert!(wildcard_match(
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*",
            "microsoft.storage/storageaccounts/blobservices/containers/blobs/read"
        ));
        assert!(!wildcard_match("*/read", "Microsoft.Web/sites/write"));
        assert!(!wildcard_match(
            "Microsoft.KeyVault/vaults/secrets/*",
            "Microsoft.KeyVault/vaults/keys/read"
        ));
    }

    #[test]
    fn names_are_unique_ignoring_case() {
        let mut seen = HashSet::new();
        for op in OPERATIONS {
            assert!(
                seen.insert(op.name.to_ascii_lowercase()),
                "duplicate operation {}",
                op.name
            );
        }
    }

    #[test]
    fn friendly_names_are_unique_ignoring_case() {
        let mut seen = HashSet::new();
        for op in OPERATIONS {
            assert!(
                seen.insert(op.friendly.to_ascii_lowercase()),
                "duplicate friendly name {}",
                op.friendly
            );
        }
    }

    #[test]
    fn entries_are_well_formed() {
        for op in OPERATIONS {
            assert!(
                op.name.to_ascii_lowercase().starts_with("microsoft."),
                "{}",
                op.name
            );
            assert!(
                !op.name.contains('*'),
                "{} is a pattern, not an operation",
                op.name
            );
            assert!(!op.name.chars().any(char::is_whitespace), "{}", op.name);
            assert!(op.name.split('/').count() >= 3, "{}", op.name);
            assert!(
                !op.friendly.trim().is_empty() && op.friendly == op.friendly.trim(),
                "{:?}",
                op.friendly
            );
            assert!(
                !op.description.trim().is_empty(),
                "{} has no description",
                op.name
            );
            assert!(
                !op.description.contains('\n'),
                "{} description spans lines",
                op.name
            );
        }
    }

    /// Every data operation is granted by some built-in role's data actions, exactly or through a
    /// wildcard; otherwise no learner could ever be allowed to perform it.
    #[test]
    fn every_data_operation_is_a_built_in_data_action() {
        for op in OPERATIONS.iter().filter(|op| op.plane == Plane::Data) {
            let granted = all_roles()
                .flat_map(|role| role.data_actions.iter())
                .any(|pattern| wildcard_match(pattern, op.name));
            assert!(granted, "no built-in role grants data action {}", op.name);
        }
    }

    /// Reader (`*/read`) grants exactly the catalogued control operations that end in `/read`.
    #[test]
    fn reader_grants_control_reads_only() {
        let reader = BUILTIN_ROLES
            .iter()
            .find(|r| r.name == "Reader")
            .expect("Reader");
        for op in OPERATIONS.iter().filter(|op| op.plane == Plane::Control) {
            let granted = reader.actions.iter().any(|p| wildcard_match(p, op.name));
            let is_read = op.name.to_ascii_lowercase().ends_with("/read");
            assert_eq!(granted, is_read, "{}", op.name);
        }
    }

    #[test]
    fn plane_of_agrees_with_the_catalog() {
        for op in OPERATIONS {
            assert_eq!(plane_of(op.name), op.plane, "{}", op.name);
            assert_eq!(
                plane_of(&op.name.to_ascii_uppercase()),
                op.plane,
                "{}",
                op.name
            );
        }
    }

    #[test]
    fn plane_of_knows_uncatalogued_role_data_actions() {
        let mut checked = 0;
        for role in all_roles() {
            for entry in role.data_actions.iter().chain(role.not_data_actions) {
                if entry.contains('*') || find(entry).is_some() {
                    continue;
                }
                assert_eq!(plane_of(entry), Plane::Data, "{entry} ({})", role.name);
                assert_eq!(
                    plane_of(&entry.to_ascii_lowercase()),
                    Plane::Data,
                    "{entry}"
                );
                checked += 1;
            }
        }
        assert!(
            checked > 0,
            "every role data action is catalogued; pick another example"
        );
        for name in [
            "Microsoft.KeyVault/vaults/keys/backup/action",
            "microsoft.keyvault/vaults/certificatecontacts/write",
            "MICROSOFT.HYBRIDCOMPUTE/MACHINES/LOGIN/ACTION",
        ] {
            assert!(
                find(name).is_none(),
                "{name} is catalogued now; pick another example"
            );
            assert_eq!(plane_of(name), Plane::Data, "{name}");
        }
    }

    #[test]
    fn plane_of_defaults_to_control() {
        assert_eq!(
            plane_of("Microsoft.Network/virtualNetworks/read"),
            Plane::Control
        );
        assert_eq!(plane_of("Contoso.Made/up/action"), Plane::Control);
        assert_eq!(plane_of(""), Plane::Control);
        // Wildcard role entries are not operation names.
        assert_eq!(plane_of("Microsoft.KeyVault/vaults/*"), Plane::Control);
    }

    #[test]
    fn lookups_ignore_case() {
        let blobs = find("MICROSOFT.STORAGE/storageaccounts/BLOBSERVICES/containers/blobs/READ")
            .expect("find");
        assert_eq!(blobs.friendly, "Read blobs");
        assert_eq!(blobs.plane, Plane::Data);
        assert_eq!(by_friendly("read blobs"), Some(blobs));
        assert_eq!(by_friendly("  READ BLOBS "), Some(blobs));
        assert_eq!(
            find("microsoft.web/sites/read").map(|op| op.name),
            Some("Microsoft.Web/sites/Read")
        );
        assert!(
            find("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*").is_none()
        );
        assert!(by_friendly("read blob").is_none());
    }

    #[test]
    fn required_friendly_names_resolve() {
        let expected = [
            (
                "Read blobs",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
                Plane::Data,
            ),
            (
                "Write blobs",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
                Plane::Data,
            ),
            (
                "Delete blobs",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
                Plane::Data,
            ),
            (
                "Get secrets",
                "Microsoft.KeyVault/vaults/secrets/getSecret/action",
                Plane::Data,
            ),
            (
                "Set secrets",
                "Microsoft.KeyVault/vaults/secrets/setSecret/action",
                Plane::Data,
            ),
            (
                "List secrets",
                "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
                Plane::Data,
            ),
            (
                "List keys",
                "Microsoft.Storage/storageAccounts/listKeys/action",
                Plane::Control,
            ),
            (
                "Restart VM",
                "Microsoft.Compute/virtualMachines/restart/action",
                Plane::Control,
            ),
            (
                "Start VM",
                "Microsoft.Compute/virtualMachines/start/action",
                Plane::Control,
            ),
            (
                "Deallocate VM",
                "Microsoft.Compute/virtualMachines/deallocate/action",
                Plane::Control,
            ),
            (
                "Read VM",
                "Microsoft.Compute/virtualMachines/read",
                Plane::Control,
            ),
            (
                "Assign roles",
                "Microsoft.Authorization/roleAssignments/write",
                Plane::Control,
            ),
            (
                "Assign user-assigned identity",
                "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
                Plane::Control,
            ),
            (
                "Create user-assigned identity",
                "Microsoft.ManagedIdentity/userAssignedIdentities/write",
                Plane::Control,
            ),
            (
                "Write key vault access policy",
                "Microsoft.KeyVault/vaults/accessPolicies/write",
                Plane::Control,
            ),
            (
                "Read queue messages",
                "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read",
                Plane::Data,
            ),
            (
                "Encrypt with key",
                "Microsoft.KeyVault/vaults/keys/encrypt/action",
                Plane::Data,
            ),
            (
                "Decrypt with key",
                "Microsoft.KeyVault/vaults/keys/decrypt/action",
                Plane::Data,
            ),
            (
                "Read Cosmos DB items",
                "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read",
                Plane::Data,
            ),
        ];
        for (friendly, name, plane) in expected {
            let op =
                by_friendly(friendly).unwrap_or_else(|| panic!("no operation called {friendly:?}"));
            assert!(
                op.name.eq_ignore_ascii_case(name),
                "{friendly}: {} != {name}",
                op.name
            );
            assert_eq!(op.plane, plane, "{friendly}");
        }
    }

    /// RB-4.6 in miniature: Owner's `*` is an action, so it never reaches a data operation, while
    /// Storage Blob Data Reader's data action does.
    #[test]
    fn control_access_does_not_flow_to_data() {
        let owner = BUILTIN_ROLES
            .iter()
            .find(|r| r.name == "Owner")
            .expect("Owner");
        let reader = BUILTIN_ROLES
            .iter()
            .find(|r| r.name == "Storage Blob Data Reader")
            .expect("Storage Blob Data Reader");
        let read_blobs = by_friendly("Read blobs").expect("Read blobs");
        assert!(owner
            .data_actions
            .iter()
            .all(|p| !wildcard_match(p, read_blobs.name)));
        assert!(reader
            .data_actions
            .iter()
            .any(|p| wildcard_match(p, read_blobs.name)));
    }

    #[test]
    fn every_supported_resource_type_has_operations() {
        for prefix in [
            "Microsoft.Resources/subscriptions/resourceGroups/",
            "Microsoft.Authorization/roleAssignments/",
            "Microsoft.ManagedIdentity/userAssignedIdentities/",
            "Microsoft.Compute/virtualMachines/",
            "Microsoft.Compute/virtualMachineScaleSets/",
            "Microsoft.Web/serverfarms/",
            "Microsoft.Web/sites/",
            "Microsoft.Storage/storageAccounts/",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/",
            "Microsoft.Storage/storageAccounts/queueServices/queues/",
            "Microsoft.Storage/storageAccounts/tableServices/tables/",
            "Microsoft.KeyVault/vaults/",
            "Microsoft.Sql/servers/",
            "Microsoft.DocumentDB/databaseAccounts/",
        ] {
            let prefix = prefix.to_ascii_lowercase();
            assert!(
                OPERATIONS
                    .iter()
                    .any(|op| op.name.to_ascii_lowercase().starts_with(&prefix)),
                "nothing catalogued under {prefix}"
            );
        }
    }

    /// RB-4.6: an uncatalogued blob data action is data-plane through Storage Blob Data Owner's
    /// `…/blobs/*`, so Owner's `*` cannot grant it; Key Vault Administrator's
    /// `Microsoft.KeyVault/vaults/*` does not turn vault management into data access.
    #[test]
    fn data_only_wildcards_classify_uncatalogued_data_actions() {
        let tags = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read";
        assert!(
            find(tags).is_none(),
            "the test needs an uncatalogued operation"
        );
        assert_eq!(plane_of(tags), Plane::Data);
        assert_eq!(plane_of("Microsoft.KeyVault/vaults/write"), Plane::Control);
        assert_eq!(
            plane_of("Microsoft.KeyVault/vaults/someNewThing/action"),
            Plane::Control
        );
        assert!(!data_only_wildcards().contains(&"Microsoft.KeyVault/vaults/*"));
    }
}
