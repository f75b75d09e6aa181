//! Azure resources the playground models, with their ARM types and `identity` blocks.
//!
//! A resource's `identity` holds the system-assigned principal (if enabled) and the references to
//! user-assigned identities exactly as ARM stores them: by ARM id, with the principal and client
//! ids copied at attach time. A reference can outlive the identity it names (MI-2.2).

use super::ids::Guid;
use super::storage::StorageData;
use super::vault::VaultSecrets;

/// Every resource type the playground can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceKind {
    VirtualMachine,
    VmScaleSet,
    AppServicePlan,
    WebApp,
    FunctionApp,
    StorageAccount,
    KeyVault,
    SqlServer,
    CosmosDb,
    UserAssignedIdentity,
}

/// How code running on a resource asks for a managed-identity token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenEndpoint {
    /// TK-3.1: the Instance Metadata Service at 169.254.169.254.
    Imds,
    /// TK-3.5: App Service's `IDENTITY_ENDPOINT`.
    AppService,
    /// The Azure service itself uses the identity (e.g. SQL server reading Key Vault); same
    /// selection rules as IMDS.
    Platform,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 10] = [
        ResourceKind::VirtualMachine,
        ResourceKind::VmScaleSet,
        ResourceKind::AppServicePlan,
        ResourceKind::WebApp,
        ResourceKind::FunctionApp,
        ResourceKind::StorageAccount,
        ResourceKind::KeyVault,
        ResourceKind::SqlServer,
        ResourceKind::CosmosDb,
        ResourceKind::UserAssignedIdentity,
    ];

    /// The ARM resource type, as in ids and `az resource list --resource-type`.
    pub fn arm_type(self) -> &'static str {
        match self {
            ResourceKind::VirtualMachine => "Microsoft.Compute/virtualMachines",
            ResourceKind::VmScaleSet => "Microsoft.Compute/virtualMachineScaleSets",
            ResourceKind::AppServicePlan => "Microsoft.Web/serverFarms",
            ResourceKind::WebApp | ResourceKind::FunctionApp => "Microsoft.Web/sites",
            ResourceKind::StorageAccount => "Microsoft.Storage/storageAccounts",
            ResourceKind::KeyVault => "Microsoft.KeyVault/vaults",
            ResourceKind::SqlServer => "Microsoft.Sql/servers",
            ResourceKind::CosmosDb => "Microsoft.DocumentDB/databaseAccounts",
            ResourceKind::UserAssignedIdentity => {
                "Microsoft.ManagedIdentity/userAssignedIdentities"
            }
        }
    }

    /// The az command group that shows, creates and deletes resources of this kind
    /// (`az storage account show …`), for commands the playground suggests.
    pub fn az_group(self) -> &'static str {
        match self {
            ResourceKind::VirtualMachine => "vm",
            ResourceKind::VmScaleSet => "vmss",
            ResourceKind::AppServicePlan => "appservice plan",
            ResourceKind::WebApp => "webapp",
            ResourceKind::FunctionApp => "functionapp",
            ResourceKind::StorageAccount => "storage account",
            ResourceKind::KeyVault => "keyvault",
            ResourceKind::SqlServer => "sql server",
            ResourceKind::CosmosDb => "cosmosdb",
            ResourceKind::UserAssignedIdentity => "identity",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::VirtualMachine => "Virtual machine",
            ResourceKind::VmScaleSet => "VM scale set",
            ResourceKind::AppServicePlan => "App Service plan",
            ResourceKind::WebApp => "Web app",
            ResourceKind::FunctionApp => "Function app",
            ResourceKind::StorageAccount => "Storage account",
            ResourceKind::KeyVault => "Key vault",
            ResourceKind::SqlServer => "SQL server",
            ResourceKind::CosmosDb => "Cosmos DB account",
            ResourceKind::UserAssignedIdentity => "User-assigned managed identity",
        }
    }

    /// Whether the resource can carry managed identities (system- and user-assigned).
    pub fn supports_identity(self) -> bool {
        !matches!(
            self,
            ResourceKind::AppServicePlan
                | ResourceKind::KeyVault
                | ResourceKind::UserAssignedIdentity
        )
    }

    pub fn token_endpoint(self) -> TokenEndpoint {
        match self {
            ResourceKind::VirtualMachine | ResourceKind::VmScaleSet => TokenEndpoint::Imds,
            ResourceKind::WebApp | ResourceKind::FunctionApp => TokenEndpoint::AppService,
            _ => TokenEndpoint::Platform,
        }
    }

    /// The `kind` ARM reports for sites; `None` for other types.
    pub fn site_kind(self) -> Option<&'static str> {
        match self {
            ResourceKind::WebApp => Some("app"),
            ResourceKind::FunctionApp => Some("functionapp"),
            _ => None,
        }
    }
}

/// A system-assigned identity: the principal exists only while it is enabled (MI-1.1, MI-1.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemIdentity {
    pub principal_id: Guid,
}

/// A resource's reference to a user-assigned identity, as ARM keeps it (MI-2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAssignedRef {
    /// The identity's ARM id as it was written when attached.
    pub id: String,
    pub principal_id: Guid,
    pub client_id: Guid,
}

/// The identities on a resource. Both at once is allowed (MI-1.8).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub system: Option<SystemIdentity>,
    pub user_assigned: Vec<UserAssignedRef>,
}

impl Identity {
    /// The ARM `identity.type` string (MI-1.8).
    pub fn type_name(&self) -> &'static str {
        match (self.system.is_some(), !self.user_assigned.is_empty()) {
            (true, true) => "SystemAssigned, UserAssigned",
            (true, false) => "SystemAssigned",
            (false, true) => "UserAssigned",
            (false, false) => "None",
        }
    }

    pub fn is_empty(&self) -> bool {
        self.system.is_none() && self.user_assigned.is_empty()
    }

    pub fn find_user(&self, id: &str) -> Option<&UserAssignedRef> {
        self.user_assigned
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(id))
    }
}

/// Key Vault's two permission models (RB-4.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultPermissionModel {
    Rbac,
    AccessPolicies,
}

/// A Key Vault access policy: data-plane permissions for one object id (RB-4.10).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessPolicy {
    pub object_id: Guid,
    pub keys: Vec<String>,
    pub secrets: Vec<String>,
    pub certificates: Vec<String>,
    pub storage: Vec<String>,
}

impl AccessPolicy {
    pub fn permissions(&self, category: PolicyCategory) -> &[String] {
        match category {
            PolicyCategory::Keys => &self.keys,
            PolicyCategory::Secrets => &self.secrets,
            PolicyCategory::Certificates => &self.certificates,
            PolicyCategory::Storage => &self.storage,
        }
    }

    pub fn permissions_mut(&mut self, category: PolicyCategory) -> &mut Vec<String> {
        match category {
            PolicyCategory::Keys => &mut self.keys,
            PolicyCategory::Secrets => &mut self.secrets,
            PolicyCategory::Certificates => &mut self.certificates,
            PolicyCategory::Storage => &mut self.storage,
        }
    }
}

/// The permission families of an access policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyCategory {
    Keys,
    Secrets,
    Certificates,
    Storage,
}

impl PolicyCategory {
    pub const ALL: [PolicyCategory; 4] = [
        PolicyCategory::Keys,
        PolicyCategory::Secrets,
        PolicyCategory::Certificates,
        PolicyCategory::Storage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PolicyCategory::Keys => "keys",
            PolicyCategory::Secrets => "secrets",
            PolicyCategory::Certificates => "certificates",
            PolicyCategory::Storage => "storage",
        }
    }

    /// The permissions Key Vault accepts for the family (az keyvault set-policy).
    pub fn valid_permissions(self) -> &'static [&'static str] {
        match self {
            PolicyCategory::Keys => &[
                "all",
                "backup",
                "create",
                "decrypt",
                "delete",
                "encrypt",
                "get",
                "getrotationpolicy",
                "import",
                "list",
                "purge",
                "recover",
                "release",
                "restore",
                "rotate",
                "setrotationpolicy",
                "sign",
                "unwrapKey",
                "update",
                "verify",
                "wrapKey",
            ],
            PolicyCategory::Secrets => &[
                "all", "backup", "delete", "get", "list", "purge", "recover", "restore", "set",
            ],
            PolicyCategory::Certificates => &[
                "all",
                "backup",
                "create",
                "delete",
                "deleteissuers",
                "get",
                "getissuers",
                "import",
                "list",
                "listissuers",
                "managecontacts",
                "manageissuers",
                "purge",
                "recover",
                "restore",
                "setissuers",
                "update",
            ],
            PolicyCategory::Storage => &[
                "all",
                "backup",
                "delete",
                "deletesas",
                "get",
                "getsas",
                "list",
                "listsas",
                "purge",
                "recover",
                "regeneratekey",
                "restore",
                "set",
                "setsas",
                "update",
            ],
        }
    }
}

/// A federated identity credential on a user-assigned identity (FI-6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FederatedCredential {
    pub name: String,
    pub issuer: String,
    pub subject: String,
    pub audiences: Vec<String>,
}

/// What is specific to each type of resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Details {
    Plain,
    /// Web and function apps run on a plan (by ARM id).
    Site {
        plan: Option<String>,
    },
    StorageAccount {
        containers: Vec<String>,
        data: StorageData,
    },
    KeyVault {
        model: VaultPermissionModel,
        policies: Vec<AccessPolicy>,
        secrets: VaultSecrets,
    },
    /// A user-assigned identity owns a service principal for its whole life (MI-2.1).
    UserIdentity {
        principal_id: Guid,
        client_id: Guid,
        federated: Vec<FederatedCredential>,
    },
}

/// One resource in a resource group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    pub name: String,
    pub kind: ResourceKind,
    pub group: String,
    pub subscription: Guid,
    pub location: String,
    pub identity: Identity,
    pub details: Details,
}

impl Resource {
    /// For a user-assigned identity: its principal and client ids.
    pub fn user_identity_ids(&self) -> Option<(Guid, Guid)> {
        match &self.details {
            Details::UserIdentity {
                principal_id,
                client_id,
                ..
            } => Some((*principal_id, *client_id)),
            _ => None,
        }
    }

    pub fn vault_model(&self) -> Option<VaultPermissionModel> {
        match &self.details {
            Details::KeyVault { model, .. } => Some(*model),
            _ => None,
        }
    }

    pub fn access_policies(&self) -> &[AccessPolicy] {
        match &self.details {
            Details::KeyVault { policies, .. } => policies,
            _ => &[],
        }
    }

    pub fn containers(&self) -> &[String] {
        match &self.details {
            Details::StorageAccount { containers, .. } => containers,
            _ => &[],
        }
    }
}

/// Azure's naming rules, checked before anything is created, with the reason in words.
pub fn validate_name(kind: ResourceKind, name: &str) -> Result<(), String> {
    let len = name.chars().count();
    let alnum = |c: char| c.is_ascii_alphanumeric();
    let (min, max, rule, ok): (usize, usize, &str, bool) = match kind {
        ResourceKind::StorageAccount => (
            3,
            24,
            "lower-case letters and digits only",
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
        ),
        ResourceKind::KeyVault => (
            3,
            24,
            "letters, digits and hyphens; start with a letter, end with a letter or digit, no '--'",
            name.chars().all(|c| alnum(c) || c == '-')
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.ends_with(alnum)
                && !name.contains("--"),
        ),
        ResourceKind::VirtualMachine => (
            1,
            64,
            "letters, digits, '.', '_' and '-'; no leading '_' or trailing '.' or '-'",
            name.chars()
                .all(|c| alnum(c) || matches!(c, '.' | '_' | '-'))
                && !name.starts_with('_')
                && !name.ends_with(['.', '-']),
        ),
        ResourceKind::VmScaleSet => (
            1,
            64,
            "letters, digits, '.', '_' and '-'; no leading '_' or trailing '.' or '-'",
            name.chars()
                .all(|c| alnum(c) || matches!(c, '.' | '_' | '-'))
                && !name.starts_with('_')
                && !name.ends_with(['.', '-']),
        ),
        ResourceKind::WebApp | ResourceKind::FunctionApp => (
            2,
            60,
            "letters, digits and hyphens; no leading or trailing hyphen",
            name.chars().all(|c| alnum(c) || c == '-')
                && !name.starts_with('-')
                && !name.ends_with('-'),
        ),
        ResourceKind::AppServicePlan => (
            1,
            60,
            "letters, digits and hyphens",
            name.chars().all(|c| alnum(c) || c == '-'),
        ),
        ResourceKind::SqlServer => (
            1,
            63,
            "lower-case letters, digits and hyphens; no leading or trailing hyphen",
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !name.starts_with('-')
                && !name.ends_with('-'),
        ),
        ResourceKind::CosmosDb => (
            3,
            44,
            "lower-case letters, digits and hyphens; no leading or trailing hyphen",
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !name.starts_with('-')
                && !name.ends_with('-'),
        ),
        ResourceKind::UserAssignedIdentity => (
            3,
            128,
            "letters, digits, '-' and '_', starting with a letter or digit",
            name.chars().all(|c| alnum(c) || c == '-' || c == '_') && name.starts_with(alnum),
        ),
    };
    if len < min || len > max {
        return Err(format!(
            "{} names must be {min} to {max} characters long ('{name}' has {len})",
            kind.label()
        ));
    }
    if !ok {
        return Err(format!(
            "'{name}' is not a valid {} name: use {rule}",
            kind.label().to_ascii_lowercase()
        ));
    }
    Ok(())
}

/// Resource group names: 1–90 of letters, digits, '.', '_', '-', '(' and ')', not ending in '.'.
pub fn validate_group_name(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if len == 0 || len > 90 {
        return Err(format!(
            "resource group names must be 1 to 90 characters long ('{name}' has {len})"
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '(' | ')'))
        || name.ends_with('.')
    {
        return Err(format!(
            "'{name}' is not a valid resource group name: use letters, digits, '.', '_', '-', '(' and ')', not ending in '.'"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MI-1.8: both kinds at once make `SystemAssigned, UserAssigned`.
    #[test]
    fn mi_1_8_identity_type_names() {
        let uami = UserAssignedRef {
            id: "/x".into(),
            principal_id: Guid::NIL,
            client_id: Guid::NIL,
        };
        let mut identity = Identity::default();
        assert_eq!(identity.type_name(), "None");
        identity.system = Some(SystemIdentity {
            principal_id: Guid::NIL,
        });
        assert_eq!(identity.type_name(), "SystemAssigned");
        identity.user_assigned.push(uami);
        assert_eq!(identity.type_name(), "SystemAssigned, UserAssigned");
        identity.system = None;
        assert_eq!(identity.type_name(), "UserAssigned");
    }

    #[test]
    fn names_are_validated_like_azure() {
        assert!(validate_name(ResourceKind::StorageAccount, "mystorage1").is_ok());
        assert!(validate_name(ResourceKind::StorageAccount, "My_Storage").is_err());
        assert!(validate_name(ResourceKind::StorageAccount, "ab").is_err());
        assert!(validate_name(ResourceKind::KeyVault, "kv-1").is_ok());
        assert!(validate_name(ResourceKind::KeyVault, "1kv").is_err());
        assert!(
            validate_name(ResourceKind::VirtualMachine, "<img src=x onerror=alert(1)>").is_err()
        );
        assert!(validate_group_name("my-rg(1)").is_ok());
        assert!(validate_group_name("rg.").is_err());
    }
}
