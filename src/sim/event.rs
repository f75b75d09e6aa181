//! Domain events and the two logs Azure keeps (LG-7.1, LG-7.2).
//!
//! Every change the world makes is announced as an [`Event`], in the order it happened; the UI
//! animates from these and never from diffing state. Events are facts, named in the past tense.

use super::account::Host;
use super::ids::Guid;
use super::operations::Plane;
use super::resource::{ResourceKind, VaultPermissionModel};
use super::storage::{SharedKeyAccess, StorageKey};

/// Why an assignment stopped granting anything or disappeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionCause {
    /// The user deleted it.
    Requested,
    /// Its scope (a resource or group) was deleted, taking the assignment with it.
    ScopeDeleted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    SubscriptionAdded {
        id: Guid,
        name: String,
    },
    ManagementGroupCreated {
        name: String,
    },
    SubscriptionMoved {
        subscription: Guid,
        management_group: String,
    },
    ResourceGroupCreated {
        id: String,
    },
    /// The group's contents were deleted first, each with its own events.
    ResourceGroupDeleted {
        id: String,
    },
    ResourceCreated {
        id: String,
        kind: ResourceKind,
    },
    ResourceDeleted {
        id: String,
        kind: ResourceKind,
    },
    ContainerCreated {
        id: String,
    },
    /// MI-1.1: a system-assigned identity was turned on; its principal follows.
    SystemIdentityEnabled {
        resource_id: String,
        principal_id: Guid,
    },
    /// MI-1.3 / MI-1.1: turned off, or gone with its resource.
    SystemIdentityDisabled {
        resource_id: String,
        principal_id: Guid,
    },
    UserIdentityAttached {
        resource_id: String,
        identity_id: String,
    },
    UserIdentityDetached {
        resource_id: String,
        identity_id: String,
    },
    /// MI-2.2: the identity was deleted but this resource still references it.
    IdentityReferenceDangling {
        resource_id: String,
        identity_id: String,
    },
    ServicePrincipalCreated {
        object_id: Guid,
        app_id: Guid,
        display_name: String,
        source_id: String,
    },
    /// MI-1.4: soft-deleted, never to return.
    ServicePrincipalDeleted {
        object_id: Guid,
        display_name: String,
        source_id: String,
    },
    RoleAssignmentCreated {
        name: Guid,
        principal_id: Guid,
        role: String,
        scope: String,
    },
    RoleAssignmentDeleted {
        name: Guid,
        principal_id: Guid,
        role: String,
        scope: String,
        cause: DeletionCause,
    },
    /// MI-1.5: the principal is gone; the assignment stays and grants nothing.
    RoleAssignmentOrphaned {
        name: Guid,
        principal_id: Guid,
        role: String,
        scope: String,
    },
    DenyAssignmentCreated {
        id: Guid,
        name: String,
        scope: String,
    },
    AccessPolicySet {
        vault_id: String,
        object_id: Guid,
    },
    AccessPolicyRemoved {
        vault_id: String,
        object_id: Guid,
    },
    VaultPermissionModelChanged {
        vault_id: String,
        model: VaultPermissionModel,
    },
    FederatedCredentialCreated {
        identity_id: String,
        name: String,
    },
    FederatedCredentialDeleted {
        identity_id: String,
        name: String,
    },
    TokenIssued {
        requester_id: String,
        principal_id: Guid,
        audience: String,
    },
    TokenRequestFailed {
        requester_id: String,
        code: &'static str,
    },
    AccessDecided {
        principal_id: Option<Guid>,
        operation: String,
        plane: Plane,
        scope: String,
        allowed: bool,
        reason: &'static str,
    },
    /// A user account was added to the tenant.
    UserCreated {
        object_id: Guid,
        user_principal_name: String,
    },
    /// A user account was deleted; its role assignments stay, orphaned (MI-1.5 applies to every
    /// principal).
    UserDeleted {
        object_id: Guid,
        user_principal_name: String,
    },
    /// EN-9.1: a security group was created.
    GroupCreated {
        object_id: Guid,
        display_name: String,
    },
    GroupDeleted {
        object_id: Guid,
        display_name: String,
    },
    /// EN-9.2: the member now gets the group's role assignments.
    GroupMemberAdded {
        group_id: Guid,
        group_name: String,
        member_id: Guid,
    },
    GroupMemberRemoved {
        group_id: Guid,
        group_name: String,
        member_id: Guid,
    },
    /// EN-9.3: an app registration's application object was created.
    ApplicationCreated {
        object_id: Guid,
        app_id: Guid,
        display_name: String,
    },
    /// EN-9.3: the application was deleted (its service principal went first).
    ApplicationDeleted {
        object_id: Guid,
        app_id: Guid,
        display_name: String,
    },
    /// EN-9.6, EN-9.8: a client secret was added. The secret's value is never part of an event.
    CredentialAdded {
        app_id: Guid,
        key_id: Guid,
        end: u64,
    },
    /// EN-9.7, EN-9.8: a client secret was deleted; it can no longer sign in.
    CredentialRemoved {
        app_id: Guid,
        key_id: Guid,
    },
    /// A blob container was deleted with its blobs (and the role assignments scoped at it).
    ContainerDeleted {
        id: String,
    },
    /// A blob was uploaded (created or overwritten) through the data plane.
    BlobWritten {
        container_id: String,
        name: String,
    },
    BlobDeleted {
        container_id: String,
        name: String,
    },
    /// DP-11.5: the key's old value, and every connection string made from it, stopped working.
    StorageKeyRenewed {
        account_id: String,
        key: StorageKey,
    },
    /// DP-11.6: requests signed with an account key are accepted again, or refused from now on.
    SharedKeyAccessChanged {
        account_id: String,
        access: SharedKeyAccess,
    },
    /// DP-11.8: a new version of a Key Vault secret.
    SecretSet {
        vault_id: String,
        name: String,
        version: String,
    },
    /// DP-11.13: soft-deleted; its name stays taken until it is recovered or purged.
    SecretDeleted {
        vault_id: String,
        name: String,
    },
    /// DP-11.13: back from the deleted state with its value and version.
    SecretRecovered {
        vault_id: String,
        name: String,
    },
    /// DP-11.13: gone for good; its name is free again.
    SecretPurged {
        vault_id: String,
        name: String,
    },
    /// `mip on`: the statements that follow run on another machine (`Host`).
    HostChanged {
        host: Host,
    },
    /// SI-8.1 … SI-8.4: an az account was signed in on `host`.
    SignedIn {
        host: Host,
        principal_id: Guid,
        /// az's `user.name` (SI-8.5).
        name: String,
    },
    /// SI-8.9: `az logout` removed `host`'s account.
    SignedOut {
        host: Host,
        principal_id: Guid,
    },
    /// AU-10.1: a management command was refused; nothing changed.
    AuthorizationFailed {
        principal_id: Guid,
        operation: String,
        scope: String,
    },
}

/// LG-7.1: whether the operation an Activity Log record describes went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    Succeeded,
    /// AU-10.1: refused by Azure RBAC.
    Failed,
}

impl ActivityStatus {
    /// The portal's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Succeeded => "Succeeded",
            ActivityStatus::Failed => "Failed",
        }
    }
}

/// LG-7.1: an Activity Log record of a control-plane write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityEntry {
    pub time: u64,
    /// The portal's display name, e.g. "Write UserAssignedIdentities".
    pub operation_name: String,
    /// The ARM operation, e.g. `Microsoft.ManagedIdentity/userAssignedIdentities/write`.
    pub operation: String,
    pub status: ActivityStatus,
    /// Who did it: a user's UPN; a service principal's or managed identity's object id, as the
    /// portal's "Event initiated by" shows the `caller` of a principal without a UPN.
    pub caller: String,
    pub resource_id: String,
}

/// LG-7.2: which tab of Entra ID's sign-in logs a record is listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInKind {
    /// "User sign-ins": `az login` as a user (SI-8.1).
    User,
    /// "Service principal sign-ins": an application with a secret, certificate or federated
    /// token (SI-8.2, SI-8.3).
    ServicePrincipal,
    /// "Managed identity sign-ins": one per token issued to an identity.
    ManagedIdentity(ManagedIdentityType),
}

/// The "Managed identity type" column of the managed identity sign-ins tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManagedIdentityType {
    SystemAssigned,
    UserAssigned,
}

impl SignInKind {
    /// The tab's name, or for managed identities the identity's type as the column shows it.
    pub fn label(self) -> &'static str {
        match self {
            SignInKind::User => "user",
            SignInKind::ServicePrincipal => "service principal",
            SignInKind::ManagedIdentity(ManagedIdentityType::SystemAssigned) => "System Assigned",
            SignInKind::ManagedIdentity(ManagedIdentityType::UserAssigned) => "User Assigned",
        }
    }
}

/// LG-7.2: a sign-in log record: one per token Entra ID issued, no IP address for managed
/// identities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInEntry {
    pub time: u64,
    /// A user's UPN, an application's or identity's display name.
    pub identity: String,
    pub object_id: Guid,
    /// The client the token was issued to: the identity's or application's client id, or the
    /// Azure CLI's own application id for a user.
    pub app_id: Guid,
    pub resource: String,
    pub kind: SignInKind,
    /// The machine that asked: a resource whose code (or `az login --identity`) asked for the
    /// token, or the learner's machine.
    pub requester: Host,
}
