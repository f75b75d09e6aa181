//! Who runs the script, and where: the signed-in az account of each machine (SI-8.x).
//!
//! A script starts on the learner's own machine, signed in as the learner, who is Owner of the
//! subscription. Statements can move onto a resource, as a tutorial says "SSH to the VM, then
//! run…": each machine keeps its own az sign-in, as real machines keep their own token cache,
//! and a resource starts signed out (`az login --identity` signs it in with its managed identity).
//!
//! Invariant: the caller of a command is the account signed in on the machine the statement runs
//! on; with none, management commands fail with az's "Please run 'az login'" (SI-8.7, SI-8.9).

use super::ids::Guid;

/// Where statements run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Host {
    /// The learner's own machine.
    Local,
    /// A resource, by ARM id: code and az there reach its identity endpoint (TK-3.1, TK-3.5).
    Resource(String),
}

impl Host {
    /// The key the host's sign-in is kept under: ARM ids compare case-insensitively.
    pub(crate) fn key(&self) -> Host {
        match self {
            Host::Local => Host::Local,
            Host::Resource(id) => Host::Resource(id.trim_end_matches('/').to_ascii_lowercase()),
        }
    }
}

/// How an account signed in, which decides what `az account show` says about it (SI-8.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountKind {
    /// SI-8.1: a user, interactively (or with a password).
    User,
    /// SI-8.2, SI-8.3: an application's service principal, with a secret, a certificate or a
    /// federated token.
    ServicePrincipal,
    /// SI-8.4: a managed identity of the host. `assigned_identity_info` is az's `MSI`,
    /// `MSIClient-<id>`, `MSIObject-<id>` or `MSIResource-<id>`.
    ManagedIdentity { assigned_identity_info: String },
}

/// One machine's signed-in az account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The principal's object id: what Azure RBAC authorizes (AU-10.1).
    pub principal_id: Guid,
    /// az's `user.name`: a UPN, an application id, or `systemAssignedIdentity` /
    /// `userAssignedIdentity` (SI-8.5).
    pub name: String,
    pub kind: AccountKind,
    /// The chosen subscription; `None` for a tenant-level account (SI-8.6).
    pub subscription: Option<Guid>,
}

impl Account {
    /// az's `user.type`.
    pub fn user_type(&self) -> &'static str {
        match self.kind {
            AccountKind::User => "user",
            AccountKind::ServicePrincipal | AccountKind::ManagedIdentity { .. } => {
                "servicePrincipal"
            }
        }
    }
}
