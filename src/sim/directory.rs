//! The Entra ID tenant: the service principals behind managed identities.
//!
//! Invariant: every enabled system-assigned identity and every live user-assigned identity has
//! exactly one service principal here, and no other principal of those kinds exists (MI-1.1, MI-2.1).
//! Deleted principals move to the soft-deleted list and cannot come back (MI-1.4).

use std::collections::BTreeMap;

use super::case::lowercase;
use super::ids::Guid;

/// Which managed identity a service principal stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalSource {
    /// A system-assigned identity of the resource with this ARM id (MI-1.1).
    System { resource_id: String },
    /// The user-assigned identity with this ARM id (MI-2.1).
    User { identity_id: String },
}

impl PrincipalSource {
    /// The ARM id the principal belongs to (also the token's `xms_mirid`, TK-3.6).
    pub fn arm_id(&self) -> &str {
        match self {
            PrincipalSource::System { resource_id } => resource_id,
            PrincipalSource::User { identity_id } => identity_id,
        }
    }

    pub fn kind_label(&self) -> &'static str {
        match self {
            PrincipalSource::System { .. } => "System-assigned",
            PrincipalSource::User { .. } => "User-assigned",
        }
    }
}

/// A service principal of type ManagedIdentity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePrincipal {
    /// The object id, which Azure RBAC calls the principal id.
    pub object_id: Guid,
    /// The application (client) id.
    pub app_id: Guid,
    /// MI-1.2: the resource's (or identity's) name.
    pub display_name: String,
    pub source: PrincipalSource,
    /// Simulated time of creation, in seconds since the Unix epoch.
    pub created_at: u64,
}

impl ServicePrincipal {
    /// Entra's `alternativeNames`: whether the identity is explicit (user-assigned) and its ARM id.
    pub fn alternative_names(&self) -> Vec<String> {
        let explicit = matches!(self.source, PrincipalSource::User { .. });
        let flag = if explicit {
            "isExplicit=True"
        } else {
            "isExplicit=False"
        };
        vec![flag.to_string(), self.source.arm_id().to_string()]
    }
}

/// A soft-deleted principal (MI-1.4): kept 30 days, then purged; never restorable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedPrincipal {
    pub principal: ServicePrincipal,
    pub deleted_at: u64,
    pub purge_after: u64,
}

/// MI-1.4: the soft-delete retention period.
pub const SOFT_DELETE_SECONDS: u64 = 30 * 24 * 3600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    pub tenant_id: Guid,
    principals: BTreeMap<Guid, ServicePrincipal>,
    deleted: Vec<DeletedPrincipal>,
    /// Indexes for `--assignee` lookups, kept in step by `insert` and `remove`.
    by_app: BTreeMap<Guid, Guid>,
    by_name: BTreeMap<String, Vec<Guid>>,
}

impl Directory {
    pub fn new(tenant_id: Guid) -> Directory {
        Directory {
            tenant_id,
            principals: BTreeMap::new(),
            deleted: Vec::new(),
            by_app: BTreeMap::new(),
            by_name: BTreeMap::new(),
        }
    }

    pub fn get(&self, object_id: Guid) -> Option<&ServicePrincipal> {
        self.principals.get(&object_id)
    }

    pub fn contains(&self, object_id: Guid) -> bool {
        self.principals.contains_key(&object_id)
    }

    /// Live principals, ordered by object id (deterministic, like any directory listing).
    pub fn principals(&self) -> impl Iterator<Item = &ServicePrincipal> {
        self.principals.values()
    }

    pub fn len(&self) -> usize {
        self.principals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.principals.is_empty()
    }

    pub fn deleted(&self) -> &[DeletedPrincipal] {
        &self.deleted
    }

    pub fn by_app_id(&self, app_id: Guid) -> Option<&ServicePrincipal> {
        self.by_app
            .get(&app_id)
            .and_then(|id| self.principals.get(id))
    }

    /// Principals whose display name matches, case-insensitively.
    pub fn by_display_name(&self, name: &str) -> impl Iterator<Item = &ServicePrincipal> {
        let ids = self
            .by_name
            .get(&lowercase(name))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        ids.iter().filter_map(|id| self.principals.get(id))
    }

    pub(crate) fn insert(&mut self, principal: ServicePrincipal) {
        self.by_app.insert(principal.app_id, principal.object_id);
        self.by_name
            .entry(lowercase(&principal.display_name))
            .or_default()
            .push(principal.object_id);
        self.principals.insert(principal.object_id, principal);
    }

    /// Removes a principal into the soft-deleted list (MI-1.4); `None` if it was not there.
    pub(crate) fn remove(&mut self, object_id: Guid, now: u64) -> Option<ServicePrincipal> {
        let principal = self.principals.remove(&object_id)?;
        self.by_app.remove(&principal.app_id);
        let name = lowercase(&principal.display_name);
        if let Some(ids) = self.by_name.get_mut(&name) {
            ids.retain(|id| *id != object_id);
            if ids.is_empty() {
                self.by_name.remove(&name);
            }
        }
        self.deleted.push(DeletedPrincipal {
            principal: principal.clone(),
            deleted_at: now,
            purge_after: now + SOFT_DELETE_SECONDS,
        });
        Some(principal)
    }
}
