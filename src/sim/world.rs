//! The simulated Azure world: tenant, subscriptions, groups, resources, RBAC and logs.
//!
//! Every mutation goes through a method here that enforces the lifecycle rules of
//! `azure-rules.md` and records what happened as [`Event`]s, drained once per statement.
//! Invariants (checked by property tests):
//! - each enabled system-assigned identity and each live user-assigned identity has exactly
//!   one service principal, and no other managed-identity principal exists (MI-1.1, MI-2.1);
//! - role assignments are never removed because their principal went away (MI-1.5).
//!
//! The state and the resource group and resource mutators are here; the other mutators and
//! lookups are `impl World` blocks in modules named after what they change (`assignments`,
//! `identities`, `scopes`, `access_policies`, `accounts`, `logs`), and in `entra`, `storage` and
//! `vault` beside this module.

use std::collections::{BTreeMap, BTreeSet};

use super::account::{Account, AccountKind, Host};
use super::builtin_roles::BUILTIN_ROLES;
use super::directory::{Directory, PrincipalSource, ServicePrincipal, User};
use super::event::{ActivityEntry, Event, SignInEntry};
use super::ids::{Guid, IdGen};
use super::rbac::{DenyAssignment, PrincipalType, RoleAssignment, RoleDefinition};
use super::resource::{
    validate_group_name, validate_name, Details, Identity, Resource, ResourceKind,
};
use super::scope::{Scope, ScopeLevel};
use super::sort::sort_by_key;

mod access_policies;
mod accounts;
mod assignments;
mod identities;
mod logs;
mod scopes;

pub use assignments::assignment_id;
use assignments::assignment_key;
pub(crate) use logs::{delete_label, write_label};

/// The seed every world starts from, so shared scripts replay to the same ids everywhere.
pub const DEFAULT_SEED: u64 = 0x4d49_5020_2026;

/// 2026-01-01T00:00:00Z: the simulated clock's start.
pub const EPOCH: u64 = 1_767_225_600;

/// The learner's user principal name: the account signed in on the learner's own machine, Owner
/// of the subscription.
pub const CALLER: &str = "learner@contoso.onmicrosoft.com";

/// The tenant's domain, for new users' names.
pub const TENANT_DOMAIN: &str = "contoso.onmicrosoft.com";

/// The Owner role's id: the learner holds it on the subscription from the start.
const OWNER_ROLE_ID: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

/// Mixed into the seed for the ids of what a world starts with (the learner and their Owner
/// assignment), so that they do not move the ids every script draws afterwards.
const STARTING_IDS_SALT: u64 = 0x006c_6561_726e_6572;

/// Why a command could not change the world. Messages are Azure's where Azure has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    pub code: ErrorCode,
    pub message: String,
}

/// Typed error kinds; the strings are part of the `mip run --json` interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    NotFound,
    Conflict,
    InvalidValue,
    PrincipalNotFound,
    Ambiguous,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not-found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::InvalidValue => "invalid-value",
            ErrorCode::PrincipalNotFound => "principal-not-found",
            ErrorCode::Ambiguous => "ambiguous",
        }
    }
}

impl ModelError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ModelError {
        ModelError {
            code,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: Guid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagementGroup {
    pub name: String,
    pub display_name: String,
    /// `None`: directly under the tenant root group.
    pub parent: Option<String>,
    pub subscriptions: Vec<Guid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceGroup {
    pub name: String,
    pub subscription: Guid,
    pub location: String,
}

impl ResourceGroup {
    pub fn id(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}",
            self.subscription, self.name
        )
    }
}

/// One level of the scope chain walked for an access check (RB-4.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeStep {
    pub scope: Scope,
    pub level: ScopeLevel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    pub directory: Directory,
    pub subscriptions: Vec<Subscription>,
    pub management_groups: Vec<ManagementGroup>,
    groups: BTreeMap<String, ResourceGroup>,
    resources: BTreeMap<String, Resource>,
    /// Lower-cased resource and container names to the ARM ids (scopes) bearing them, for name
    /// resolution; kept in step by the mutators that add and remove resources and containers.
    names: BTreeMap<String, Vec<String>>,
    pub roles: Vec<RoleDefinition>,
    assignments: Vec<RoleAssignment>,
    /// (principal, role, scope) of every assignment, lower-cased: Azure refuses a second
    /// identical assignment, and with thousands of them a scan per create is too slow.
    assignment_keys: BTreeSet<(Guid, String, String)>,
    pub deny_assignments: Vec<DenyAssignment>,
    pub activity_log: Vec<ActivityEntry>,
    pub sign_ins: Vec<SignInEntry>,
    /// The machine the next statement runs on.
    pub host: Host,
    /// Each machine's signed-in az account, by [`Host::key`].
    accounts: BTreeMap<Host, Account>,
    /// The learner's user object id.
    pub learner: Guid,
    /// Simulated seconds since the Unix epoch.
    pub now: u64,
    ids: IdGen,
    events: Vec<Event>,
}

impl Default for World {
    fn default() -> World {
        World::new(DEFAULT_SEED)
    }
}

fn key(id: &str) -> String {
    id.trim_end_matches('/').to_ascii_lowercase()
}

impl World {
    pub fn new(seed: u64) -> World {
        let mut ids = IdGen::new(seed);
        let tenant_id = ids.guid();
        let subscription = Subscription {
            id: ids.guid(),
            name: "Playground subscription".into(),
        };
        let mut starting = IdGen::new(seed ^ STARTING_IDS_SALT);
        let learner = starting.guid();
        let mut directory = Directory::new(tenant_id);
        directory.insert_user(User {
            object_id: learner,
            user_principal_name: CALLER.to_string(),
            display_name: "Learner".to_string(),
            created_at: EPOCH,
        });
        let owner = RoleAssignment {
            name: starting.guid(),
            principal_id: learner,
            principal_type: PrincipalType::User,
            role_id: OWNER_ROLE_ID.to_string(),
            scope: format!("/subscriptions/{}", subscription.id),
            created_at: EPOCH,
        };
        let mut accounts = BTreeMap::new();
        accounts.insert(
            Host::Local,
            Account {
                principal_id: learner,
                name: CALLER.to_string(),
                kind: AccountKind::User,
                subscription: Some(subscription.id),
            },
        );
        World {
            directory,
            subscriptions: vec![subscription],
            management_groups: Vec::new(),
            groups: BTreeMap::new(),
            resources: BTreeMap::new(),
            names: BTreeMap::new(),
            roles: BUILTIN_ROLES
                .iter()
                .map(RoleDefinition::from_builtin)
                .collect(),
            assignment_keys: BTreeSet::from([assignment_key(
                owner.principal_id,
                &owner.role_id,
                &owner.scope,
            )]),
            assignments: vec![owner],
            deny_assignments: Vec::new(),
            activity_log: Vec::new(),
            sign_ins: Vec::new(),
            host: Host::Local,
            accounts,
            learner,
            now: EPOCH,
            ids,
            events: Vec::new(),
        }
    }

    pub fn tenant_id(&self) -> Guid {
        self.directory.tenant_id
    }

    /// The subscription commands use when none is named.
    pub fn default_subscription(&self) -> &Subscription {
        &self.subscriptions[0]
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// Moves the simulated clock forward.
    pub fn advance(&mut self, seconds: u64) {
        self.now += seconds;
    }

    pub(crate) fn new_guid(&mut self) -> Guid {
        self.ids.guid()
    }

    pub(crate) fn emit(&mut self, event: Event) {
        self.events.push(event);
    }

    // ----- lookups -------------------------------------------------------------------------

    pub fn groups(&self) -> impl Iterator<Item = &ResourceGroup> {
        self.groups.values()
    }

    pub fn group(&self, name: &str) -> Option<&ResourceGroup> {
        self.groups.get(&name.to_ascii_lowercase())
    }

    pub fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.resources.values()
    }

    pub fn resource_count(&self) -> usize {
        self.resources.len()
    }

    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources.get(&key(id))
    }

    pub fn resource_in(&self, group: &str, kind: ResourceKind, name: &str) -> Option<&Resource> {
        self.resources_named(name)
            .find(|r| r.kind == kind && r.group.eq_ignore_ascii_case(group))
    }

    pub fn resources_named(&self, name: &str) -> impl Iterator<Item = &Resource> {
        self.named_scopes(name)
            .iter()
            .filter_map(|id| self.resource(id))
    }

    /// The ARM ids of resources and blob containers with this name (case-insensitive).
    pub fn named_scopes(&self, name: &str) -> &[String] {
        self.names
            .get(&name.to_ascii_lowercase())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn index_name(&mut self, name: &str, id: &str) {
        self.names
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(id.to_string());
    }

    pub(crate) fn unindex_name(&mut self, name: &str, id: &str) {
        let k = name.to_ascii_lowercase();
        if let Some(ids) = self.names.get_mut(&k) {
            ids.retain(|i| !i.eq_ignore_ascii_case(id));
            if ids.is_empty() {
                self.names.remove(&k);
            }
        }
    }

    // ----- resource groups -----------------------------------------------------------------

    /// `az group create`: creates the group, or returns the existing one unchanged (PUT is idempotent).
    pub fn create_group(
        &mut self,
        name: &str,
        location: &str,
    ) -> Result<&ResourceGroup, ModelError> {
        validate_group_name(name).map_err(|m| ModelError::new(ErrorCode::InvalidValue, m))?;
        let k = name.to_ascii_lowercase();
        if !self.groups.contains_key(&k) {
            let group = ResourceGroup {
                name: name.to_string(),
                subscription: self.default_subscription().id,
                location: location.to_string(),
            };
            let id = group.id();
            self.groups.insert(k.clone(), group);
            self.log_activity(
                "Update resource group",
                "Microsoft.Resources/subscriptions/resourceGroups/write",
                &id,
            );
            self.emit(Event::ResourceGroupCreated { id });
        }
        self.groups
            .get(&k)
            .ok_or_else(|| ModelError::new(ErrorCode::NotFound, "resource group vanished"))
    }

    pub fn require_group(&self, name: &str) -> Result<&ResourceGroup, ModelError> {
        self.group(name).ok_or_else(|| {
            ModelError::new(
                ErrorCode::NotFound,
                format!("(ResourceGroupNotFound) Resource group '{name}' could not be found."),
            )
        })
    }

    /// The order in which a group's resources are deleted: dependants before what they depend on,
    /// user-assigned identities last so their users let go of them first. This follows Resource
    /// Manager's documented order for deleting a resource group: child resources, then resources
    /// that manage or use others, then the rest.
    pub fn deletion_order(&self, group: &str) -> Vec<String> {
        let rank = |kind: ResourceKind| match kind {
            ResourceKind::WebApp | ResourceKind::FunctionApp => 0,
            ResourceKind::VirtualMachine | ResourceKind::VmScaleSet => 1,
            ResourceKind::AppServicePlan => 3,
            ResourceKind::UserAssignedIdentity => 4,
            _ => 2,
        };
        let mut members: Vec<&Resource> = self
            .resources()
            .filter(|r| r.group.eq_ignore_ascii_case(group))
            .collect();
        sort_by_key(&mut members, |r| rank(r.kind));
        members.into_iter().map(|r| r.id.clone()).collect()
    }

    /// `az group delete`: deletes every resource in the group (each with its lifecycle
    /// consequences), the assignments scoped inside it, then the group.
    pub fn delete_group(&mut self, name: &str) -> Result<(), ModelError> {
        let group = self.require_group(name)?.clone();
        for id in self.deletion_order(&group.name) {
            self.delete_resource(&id)?;
        }
        let id = group.id();
        self.remove_assignments_within(&id);
        self.groups.remove(&group.name.to_ascii_lowercase());
        self.log_activity(
            "Delete resource group",
            "Microsoft.Resources/subscriptions/resourceGroups/delete",
            &id,
        );
        self.emit(Event::ResourceGroupDeleted { id });
        Ok(())
    }

    // ----- resources -----------------------------------------------------------------------

    pub fn resource_id(&self, group: &ResourceGroup, kind: ResourceKind, name: &str) -> String {
        format!("{}/providers/{}/{}", group.id(), kind.arm_type(), name)
    }

    /// Creates a resource, or returns the existing one of the same kind (idempotent PUT).
    /// A user-assigned identity gets its service principal at once (MI-2.1).
    pub fn create_resource(
        &mut self,
        kind: ResourceKind,
        group: &str,
        name: &str,
        location: Option<&str>,
        details: Details,
    ) -> Result<String, ModelError> {
        validate_name(kind, name).map_err(|m| ModelError::new(ErrorCode::InvalidValue, m))?;
        let group = self.require_group(group)?.clone();
        let id = self.resource_id(&group, kind, name);
        if let Some(existing) = self.resource(&id) {
            return if existing.kind == kind {
                Ok(existing.id.clone())
            } else {
                Err(ModelError::new(
                    ErrorCode::Conflict,
                    format!(
                        "A {} named '{name}' already exists in resource group '{}'.",
                        existing.kind.label().to_ascii_lowercase(),
                        group.name
                    ),
                ))
            };
        }
        let details = match (kind, details) {
            (ResourceKind::UserAssignedIdentity, _) => {
                let principal_id = self.new_guid();
                let client_id = self.new_guid();
                self.directory.insert(ServicePrincipal {
                    object_id: principal_id,
                    app_id: client_id,
                    display_name: name.to_string(),
                    source: PrincipalSource::User {
                        identity_id: id.clone(),
                    },
                    created_at: self.now,
                });
                self.emit(Event::ResourceCreated {
                    id: id.clone(),
                    kind,
                });
                self.emit(Event::ServicePrincipalCreated {
                    object_id: principal_id,
                    app_id: client_id,
                    display_name: name.to_string(),
                    source_id: id.clone(),
                });
                Details::UserIdentity {
                    principal_id,
                    client_id,
                    federated: Vec::new(),
                }
            }
            (_, details) => {
                self.emit(Event::ResourceCreated {
                    id: id.clone(),
                    kind,
                });
                details
            }
        };
        let resource = Resource {
            id: id.clone(),
            name: name.to_string(),
            kind,
            group: group.name.clone(),
            subscription: group.subscription,
            location: location.unwrap_or(&group.location).to_string(),
            identity: Identity::default(),
            details,
        };
        self.index_name(name, &id);
        self.resources.insert(key(&id), resource);
        let op = format!("{}/write", kind.arm_type());
        self.log_activity(&write_label(kind), &op, &id);
        Ok(id)
    }

    pub fn require_resource(&self, id: &str) -> Result<&Resource, ModelError> {
        self.resource(id).ok_or_else(|| {
            ModelError::new(
                ErrorCode::NotFound,
                format!("(ResourceNotFound) The Resource '{id}' was not found."),
            )
        })
    }

    pub(crate) fn resource_mut(&mut self, id: &str) -> Result<&mut Resource, ModelError> {
        self.resources.get_mut(&key(id)).ok_or_else(|| {
            ModelError::new(
                ErrorCode::NotFound,
                format!("(ResourceNotFound) The Resource '{id}' was not found."),
            )
        })
    }

    /// Deletes a resource with Azure's consequences:
    /// - MI-1.1: its system-assigned identity's principal is deleted with it;
    /// - MI-2.2: deleting a user-assigned identity deletes its principal but leaves every
    ///   reference to it in place (dangling);
    /// - MI-1.5: assignments *for* those principals stay, orphaned;
    /// - assignments *scoped at* the resource go with it (they are extension resources of it).
    pub fn delete_resource(&mut self, id: &str) -> Result<(), ModelError> {
        let resource = self.require_resource(id)?.clone();
        if resource.kind == ResourceKind::AppServicePlan {
            let plan_users: Vec<String> = self
                .resources()
                .filter(|r| matches!(&r.details, Details::Site { plan: Some(p) } if p.eq_ignore_ascii_case(&resource.id)))
                .map(|r| r.name.clone())
                .collect();
            if !plan_users.is_empty() {
                return Err(ModelError::new(
                    ErrorCode::Conflict,
                    format!(
                        "Cannot delete App Service plan '{}' because apps still use it: {}.",
                        resource.name,
                        plan_users.join(", ")
                    ),
                ));
            }
        }
        if let Some(system) = &resource.identity.system {
            self.drop_principal(system.principal_id, &resource.id);
            self.emit(Event::SystemIdentityDisabled {
                resource_id: resource.id.clone(),
                principal_id: system.principal_id,
            });
        }
        if let Some((principal_id, _)) = resource.user_identity_ids() {
            self.drop_principal(principal_id, &resource.id);
            let users: Vec<String> = self
                .users_of_identity(&resource.id)
                .map(|r| r.id.clone())
                .collect();
            for user in users {
                self.emit(Event::IdentityReferenceDangling {
                    resource_id: user,
                    identity_id: resource.id.clone(),
                });
            }
        }
        self.remove_assignments_within(&resource.id);
        self.resources.remove(&key(&resource.id));
        self.unindex_name(&resource.name, &resource.id);
        for container in resource.containers() {
            self.unindex_name(
                container,
                &format!(
                    "{}/blobServices/default/containers/{container}",
                    resource.id
                ),
            );
        }
        let op = format!("{}/delete", resource.kind.arm_type());
        self.log_activity(&delete_label(resource.kind), &op, &resource.id);
        self.emit(Event::ResourceDeleted {
            id: resource.id.clone(),
            kind: resource.kind,
        });
        Ok(())
    }

    pub fn add_container(&mut self, account_id: &str, name: &str) -> Result<String, ModelError> {
        let len = name.len();
        if !(3..=63).contains(&len)
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            || name.starts_with('-')
            || name.contains("--")
        {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!("'{name}' is not a valid container name: 3 to 63 lower-case letters, digits and single hyphens, starting with a letter or digit"),
            ));
        }
        let account = self.resource_mut(account_id)?;
        let Details::StorageAccount { containers, .. } = &mut account.details else {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!("'{account_id}' is not a storage account."),
            ));
        };
        let id = format!("{}/blobServices/default/containers/{name}", account.id);
        if !containers.iter().any(|c| c == name) {
            containers.push(name.to_string());
            self.index_name(name, &id);
            self.emit(Event::ContainerCreated { id: id.clone() });
        }
        Ok(id)
    }
}
