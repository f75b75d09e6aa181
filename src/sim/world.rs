//! The simulated Azure world: tenant, subscriptions, groups, resources, RBAC and logs.
//!
//! Every mutation goes through a method here that enforces the lifecycle rules of
//! `azure-rules.md` and records what happened as [`Event`]s, drained once per statement.
//! Invariants (checked by property tests):
//! - each enabled system-assigned identity and each live user-assigned identity has exactly
//!   one service principal, and no other managed-identity principal exists (MI-1.1, MI-2.1);
//! - role assignments are never removed because their principal went away (MI-1.5).

use std::collections::{BTreeMap, BTreeSet};

use super::account::{Account, AccountKind, Host};
use super::builtin_roles::BUILTIN_ROLES;
use super::directory::{Directory, PrincipalSource, ServicePrincipal, User};
use super::event::{ActivityEntry, ActivityStatus, DeletionCause, Event, SignInEntry, SignInKind};
use super::ids::{Guid, IdGen};
use super::rbac::{DenyAssignment, Permissions, PrincipalType, RoleAssignment, RoleDefinition};
use super::resource::{
    validate_group_name, validate_name, AccessPolicy, Details, FederatedCredential, Identity,
    PolicyCategory, Resource, ResourceKind, SystemIdentity, UserAssignedRef, VaultPermissionModel,
};
use super::scope::{text_contains, Scope, ScopeLevel};
use super::sort::sort_by_key;

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

    /// The account signed in on the machine the current statement runs on, if any.
    pub fn caller(&self) -> Option<&Account> {
        self.accounts.get(&self.host.key())
    }

    /// Signs `account` in on the current machine, replacing whoever was signed in there.
    pub(crate) fn sign_in(&mut self, account: Account) {
        self.emit(Event::SignedIn {
            host: self.host.clone(),
            principal_id: account.principal_id,
            name: account.name.clone(),
        });
        self.accounts.insert(self.host.key(), account);
    }

    /// SI-8.8: `az account set` chooses the current account's subscription (it grants nothing).
    pub(crate) fn set_account_subscription(&mut self, subscription: Guid) {
        if let Some(account) = self.accounts.get_mut(&self.host.key()) {
            account.subscription = Some(subscription);
        }
    }

    /// LG-7.2: a user's or service principal's sign-in, from the current machine (managed
    /// identities' sign-ins are logged per token by [`World::request_token`]).
    pub(crate) fn log_sign_in(
        &mut self,
        identity: &str,
        object_id: Guid,
        app_id: Guid,
        resource: &str,
        kind: SignInKind,
    ) {
        self.sign_ins.push(SignInEntry {
            time: self.now,
            identity: identity.to_string(),
            object_id,
            app_id,
            resource: resource.to_string(),
            kind,
            requester: self.host.clone(),
        });
    }

    /// Signs the current machine's account out; returns it, or `None` if nobody was signed in.
    pub(crate) fn sign_out(&mut self) -> Option<Account> {
        let account = self.accounts.remove(&self.host.key())?;
        self.emit(Event::SignedOut {
            host: self.host.clone(),
            principal_id: account.principal_id,
        });
        Some(account)
    }

    /// The Activity Log's caller (LG-7.1): a user's UPN; for a service principal or managed
    /// identity, which has no UPN, its object id, which is what the portal's "Event initiated by"
    /// shows for them (AU-10.1 names them by object id the same way).
    pub fn caller_name(&self) -> String {
        match self.caller() {
            Some(account) => match self.directory.user(account.principal_id) {
                Some(user) => user.user_principal_name.clone(),
                None => account.principal_id.to_string(),
            },
            None => CALLER.to_string(),
        }
    }

    /// Moves the following statements onto another machine (`mip on`).
    pub(crate) fn set_host(&mut self, host: Host) {
        self.host = host.clone();
        self.emit(Event::HostChanged { host });
    }

    /// LG-7.1: records a successful control-plane write.
    pub(crate) fn log_activity(
        &mut self,
        operation_name: &str,
        operation: &str,
        resource_id: &str,
    ) {
        self.log_activity_with(
            operation_name,
            operation,
            resource_id,
            ActivityStatus::Succeeded,
        );
    }

    /// LG-7.1: records a control-plane write and how it went (AU-10.1: a refused one is Failed).
    pub(crate) fn log_activity_with(
        &mut self,
        operation_name: &str,
        operation: &str,
        resource_id: &str,
        status: ActivityStatus,
    ) {
        self.activity_log.push(ActivityEntry {
            time: self.now,
            operation_name: operation_name.to_string(),
            operation: operation.to_string(),
            status,
            caller: self.caller_name(),
            resource_id: resource_id.to_string(),
        });
    }

    /// LG-7.1: a write to a resource, as the Activity Log names it.
    fn log_write(&mut self, resource: &Resource) {
        let operation = format!("{}/write", resource.kind.arm_type());
        self.log_activity(&write_label(resource.kind), &operation, &resource.id);
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

    pub fn assignments(&self) -> &[RoleAssignment] {
        &self.assignments
    }

    /// The role id and scope of each of `principal`'s own assignments, lower-cased, found without
    /// scanning every assignment (commands are authorized one by one, AU-10.1).
    pub fn assignment_keys_of(&self, principal: Guid) -> impl Iterator<Item = (&str, &str)> {
        self.assignment_keys
            .range((principal, String::new(), String::new())..)
            .take_while(move |(p, _, _)| *p == principal)
            .map(|(_, role, scope)| (role.as_str(), scope.as_str()))
    }

    pub fn role_by_id(&self, id: &str) -> Option<&RoleDefinition> {
        let guid = id.rsplit('/').next().unwrap_or(id);
        self.roles.iter().find(|r| r.id.eq_ignore_ascii_case(guid))
    }

    /// A role by display name or by id / ARM id, as `--role` accepts.
    pub fn find_role(&self, name_or_id: &str) -> Option<&RoleDefinition> {
        self.roles
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name_or_id))
            .or_else(|| self.role_by_id(name_or_id))
    }

    /// AU-10.4: whether this is the only Owner assignment at its subscription, which Azure refuses
    /// to delete ("Cannot delete the last RBAC admin assignment").
    pub fn is_last_subscription_owner(&self, assignment: &RoleAssignment) -> bool {
        let owner = |a: &RoleAssignment| a.role_id.eq_ignore_ascii_case(OWNER_ROLE_ID);
        let scope = assignment.scope.trim_end_matches('/');
        owner(assignment)
            && self
                .subscriptions
                .iter()
                .any(|s| scope.eq_ignore_ascii_case(&format!("/subscriptions/{}", s.id)))
            && !self.assignments.iter().any(|a| {
                a.name != assignment.name
                    && owner(a)
                    && a.scope.trim_end_matches('/').eq_ignore_ascii_case(scope)
            })
    }

    /// MI-1.5: an assignment whose principal no longer exists is orphaned.
    pub fn is_orphaned(&self, assignment: &RoleAssignment) -> bool {
        !self.directory.is_principal(assignment.principal_id)
    }

    /// The live user-assigned identity a reference names, if the reference is not dangling.
    /// A reference is dangling when the identity was deleted (MI-2.2) or re-created with a new
    /// principal (MI-2.3).
    pub fn live_user_identity(&self, reference: &UserAssignedRef) -> Option<&Resource> {
        self.resource(&reference.id).filter(|r| {
            r.user_identity_ids().map(|(principal, _)| principal) == Some(reference.principal_id)
        })
    }

    /// Resources that reference the user-assigned identity with this ARM id.
    pub fn users_of_identity<'a>(
        &'a self,
        identity_id: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources()
            .filter(move |r| r.identity.find_user(identity_id).is_some())
    }

    /// Checks that a scope names something that exists, so assignments cannot point at nothing.
    pub fn scope_exists(&self, scope: &Scope) -> Result<(), ModelError> {
        let missing = |what: String| Err(ModelError::new(ErrorCode::NotFound, what));
        match scope.level() {
            ScopeLevel::Root => Ok(()),
            ScopeLevel::ManagementGroup => {
                let name = scope.management_group().unwrap_or("");
                match self
                    .management_groups
                    .iter()
                    .any(|m| m.name.eq_ignore_ascii_case(name))
                {
                    true => Ok(()),
                    false => missing(format!("Management group '{name}' could not be found.")),
                }
            }
            level => {
                let sub = scope.subscription().unwrap_or("");
                if !self
                    .subscriptions
                    .iter()
                    .any(|s| s.id.to_string().eq_ignore_ascii_case(sub))
                {
                    return missing(format!("The subscription '{sub}' could not be found."));
                }
                if level == ScopeLevel::Subscription {
                    return Ok(());
                }
                let group = scope.resource_group().unwrap_or("");
                if self.group(group).is_none() {
                    return missing(format!("Resource group '{group}' could not be found."));
                }
                if level == ScopeLevel::ResourceGroup {
                    return Ok(());
                }
                let Some(resource_scope) = scope.resource_scope() else {
                    return missing(format!("The scope '{scope}' is not valid."));
                };
                let Some(resource) = self.resource(resource_scope.as_str()) else {
                    return missing(format!(
                        "The Resource '{}' under resource group '{group}' was not found.",
                        resource_scope
                            .resource_type()
                            .map(|t| format!("{t}/{}", resource_scope.name()))
                            .unwrap_or_default()
                    ));
                };
                if level == ScopeLevel::Child {
                    self.child_scope_exists(resource, scope)?;
                }
                Ok(())
            }
        }
    }

    fn child_scope_exists(&self, resource: &Resource, scope: &Scope) -> Result<(), ModelError> {
        let child_type = scope
            .resource_type()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if child_type == "microsoft.storage/storageaccounts/blobservices/containers" {
            let name = scope.name();
            if !resource
                .containers()
                .iter()
                .any(|c| c.eq_ignore_ascii_case(name))
            {
                return Err(ModelError::new(
                    ErrorCode::NotFound,
                    format!(
                        "The container '{name}' does not exist in storage account '{}'.",
                        resource.name
                    ),
                ));
            }
        }
        Ok(())
    }

    /// RB-4.2: the scopes whose assignments apply at `scope`, from `scope` itself up to the root.
    pub fn scope_chain(&self, scope: &Scope) -> Vec<ScopeStep> {
        let mut chain = Vec::new();
        let mut current = Some(scope.clone());
        let mut subscription = None;
        while let Some(s) = current {
            if s.level() == ScopeLevel::Subscription {
                subscription = s.subscription().map(str::to_string);
            }
            let next = s.parent_in_subscription();
            if s.level() == ScopeLevel::ManagementGroup {
                let name = s.management_group().unwrap_or("").to_string();
                chain.push(ScopeStep {
                    level: s.level(),
                    scope: s,
                });
                self.push_management_groups(&mut chain, self.parent_group_of_group(&name));
                return self.finish_chain(chain);
            }
            chain.push(ScopeStep {
                level: s.level(),
                scope: s,
            });
            current = next;
        }
        if let Some(sub) = subscription {
            let parent = self
                .management_groups
                .iter()
                .find(|m| {
                    m.subscriptions
                        .iter()
                        .any(|s| s.to_string().eq_ignore_ascii_case(&sub))
                })
                .map(|m| m.name.clone());
            self.push_management_groups(&mut chain, parent);
        }
        self.finish_chain(chain)
    }

    fn parent_group_of_group(&self, name: &str) -> Option<String> {
        self.management_groups
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(name))
            .and_then(|m| m.parent.clone())
    }

    fn push_management_groups(&self, chain: &mut Vec<ScopeStep>, mut next: Option<String>) {
        let mut guard = 0;
        while let Some(name) = next {
            guard += 1;
            if guard > self.management_groups.len() + 1 {
                break;
            }
            if let Ok(scope) = Scope::parse(&format!(
                "/providers/Microsoft.Management/managementGroups/{name}"
            )) {
                chain.push(ScopeStep {
                    level: ScopeLevel::ManagementGroup,
                    scope,
                });
            }
            next = self.parent_group_of_group(&name);
        }
    }

    fn finish_chain(&self, mut chain: Vec<ScopeStep>) -> Vec<ScopeStep> {
        if chain.last().map(|s| s.level) != Some(ScopeLevel::Root) {
            chain.push(ScopeStep {
                scope: Scope::root(),
                level: ScopeLevel::Root,
            });
        }
        chain
    }

    // ----- subscriptions and management groups ---------------------------------------------

    pub fn create_management_group(
        &mut self,
        name: &str,
        display_name: Option<&str>,
        parent: Option<&str>,
    ) -> Result<&ManagementGroup, ModelError> {
        if let Some(parent) = parent {
            if !self
                .management_groups
                .iter()
                .any(|m| m.name.eq_ignore_ascii_case(parent))
            {
                return Err(ModelError::new(
                    ErrorCode::NotFound,
                    format!("Management group '{parent}' could not be found."),
                ));
            }
        }
        let index = match self
            .management_groups
            .iter()
            .position(|m| m.name.eq_ignore_ascii_case(name))
        {
            Some(i) => i,
            None => {
                self.management_groups.push(ManagementGroup {
                    name: name.to_string(),
                    display_name: display_name.unwrap_or(name).to_string(),
                    parent: parent.map(str::to_string),
                    subscriptions: Vec::new(),
                });
                self.emit(Event::ManagementGroupCreated {
                    name: name.to_string(),
                });
                self.management_groups.len() - 1
            }
        };
        Ok(&self.management_groups[index])
    }

    pub fn move_subscription(&mut self, subscription: Guid, group: &str) -> Result<(), ModelError> {
        let Some(target) = self
            .management_groups
            .iter()
            .position(|m| m.name.eq_ignore_ascii_case(group))
        else {
            return Err(ModelError::new(
                ErrorCode::NotFound,
                format!("Management group '{group}' could not be found."),
            ));
        };
        for m in &mut self.management_groups {
            m.subscriptions.retain(|s| *s != subscription);
        }
        self.management_groups[target]
            .subscriptions
            .push(subscription);
        let management_group = self.management_groups[target].name.clone();
        self.emit(Event::SubscriptionMoved {
            subscription,
            management_group,
        });
        Ok(())
    }

    pub fn add_subscription(&mut self, name: &str) -> Guid {
        let id = self.new_guid();
        self.subscriptions.push(Subscription {
            id,
            name: name.to_string(),
        });
        self.emit(Event::SubscriptionAdded {
            id,
            name: name.to_string(),
        });
        id
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

    /// Removes a principal from the directory (soft delete, MI-1.4) and reports every assignment
    /// it leaves orphaned (MI-1.5).
    pub(crate) fn drop_principal(&mut self, principal_id: Guid, source_id: &str) {
        if let Some(sp) = self.directory.remove(principal_id, self.now) {
            self.emit(Event::ServicePrincipalDeleted {
                object_id: principal_id,
                display_name: sp.display_name,
                source_id: source_id.to_string(),
            });
        }
        let orphaned: Vec<Event> = self
            .assignments
            .iter()
            .filter(|a| a.principal_id == principal_id)
            .map(|a| Event::RoleAssignmentOrphaned {
                name: a.name,
                principal_id,
                role: self.role_name(&a.role_id),
                scope: a.scope.clone(),
            })
            .collect();
        self.events.extend(orphaned);
    }

    fn role_name(&self, role_id: &str) -> String {
        self.role_by_id(role_id)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| role_id.to_string())
    }

    /// Assignments scoped at or below a deleted scope are deleted with it.
    pub(crate) fn remove_assignments_within(&mut self, scope_id: &str) {
        let Ok(scope) = Scope::parse(scope_id) else {
            return;
        };
        let (gone, kept): (Vec<RoleAssignment>, Vec<RoleAssignment>) =
            std::mem::take(&mut self.assignments)
                .into_iter()
                .partition(|a| text_contains(scope.as_str(), &a.scope));
        self.assignments = kept;
        for a in &gone {
            self.assignment_keys
                .remove(&assignment_key(a.principal_id, &a.role_id, &a.scope));
        }
        for a in gone {
            let role = self.role_name(&a.role_id);
            self.emit(Event::RoleAssignmentDeleted {
                name: a.name,
                principal_id: a.principal_id,
                role,
                scope: a.scope,
                cause: DeletionCause::ScopeDeleted,
            });
        }
        self.deny_assignments.retain(|d| {
            Scope::parse(&d.scope)
                .map(|s| !scope.contains(&s))
                .unwrap_or(true)
        });
    }

    fn require_identity_capable(&self, id: &str) -> Result<Resource, ModelError> {
        let resource = self.require_resource(id)?.clone();
        if !resource.kind.supports_identity() {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!(
                    "{} '{}' cannot have a managed identity.",
                    resource.kind.label(),
                    resource.name
                ),
            ));
        }
        Ok(resource)
    }

    /// MI-1.1 / MI-1.2: turns on the system-assigned identity. Already on: nothing changes.
    pub fn enable_system_identity(&mut self, id: &str) -> Result<Guid, ModelError> {
        let resource = self.require_identity_capable(id)?;
        if let Some(system) = &resource.identity.system {
            return Ok(system.principal_id);
        }
        let principal_id = self.new_guid();
        let app_id = self.new_guid();
        self.directory.insert(ServicePrincipal {
            object_id: principal_id,
            app_id,
            display_name: resource.name.clone(),
            source: PrincipalSource::System {
                resource_id: resource.id.clone(),
            },
            created_at: self.now,
        });
        self.resource_mut(id)?.identity.system = Some(SystemIdentity { principal_id });
        self.log_write(&resource);
        self.emit(Event::SystemIdentityEnabled {
            resource_id: resource.id.clone(),
            principal_id,
        });
        self.emit(Event::ServicePrincipalCreated {
            object_id: principal_id,
            app_id,
            display_name: resource.name.clone(),
            source_id: resource.id.clone(),
        });
        Ok(principal_id)
    }

    /// MI-1.3: turning the system-assigned identity off deletes its principal.
    pub fn disable_system_identity(&mut self, id: &str) -> Result<(), ModelError> {
        let resource = self.require_identity_capable(id)?;
        let Some(system) = resource.identity.system.clone() else {
            return Ok(());
        };
        self.resource_mut(id)?.identity.system = None;
        self.log_write(&resource);
        self.emit(Event::SystemIdentityDisabled {
            resource_id: resource.id.clone(),
            principal_id: system.principal_id,
        });
        self.drop_principal(system.principal_id, &resource.id);
        Ok(())
    }

    /// Attaches a live user-assigned identity (MI-2.1). Already attached: nothing changes.
    pub fn attach_user_identity(&mut self, id: &str, identity_id: &str) -> Result<(), ModelError> {
        let resource = self.require_identity_capable(id)?;
        let Some(identity) = self
            .resource(identity_id)
            .filter(|r| r.kind == ResourceKind::UserAssignedIdentity)
        else {
            return Err(ModelError::new(
                ErrorCode::NotFound,
                format!(
                    "(ResourceNotFound) The user-assigned identity '{identity_id}' was not found."
                ),
            ));
        };
        let Some((principal_id, client_id)) = identity.user_identity_ids() else {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!("'{identity_id}' is not a user-assigned identity."),
            ));
        };
        let identity_arm_id = identity.id.clone();
        let fresh = UserAssignedRef {
            id: identity_arm_id.clone(),
            principal_id,
            client_id,
        };
        let target = self.resource_mut(id)?;
        match target
            .identity
            .user_assigned
            .iter_mut()
            .find(|r| r.id.eq_ignore_ascii_case(&identity_arm_id))
        {
            Some(existing) if *existing == fresh => return Ok(()),
            // Re-attaching a re-created identity refreshes the stale reference (MI-2.3).
            Some(existing) => *existing = fresh,
            None => target.identity.user_assigned.push(fresh),
        }
        self.log_write(&resource);
        self.emit(Event::UserIdentityAttached {
            resource_id: resource.id,
            identity_id: identity_arm_id,
        });
        Ok(())
    }

    /// MI-2.2: removes a reference, whether or not the identity still exists.
    pub fn detach_user_identity(&mut self, id: &str, identity_id: &str) -> Result<(), ModelError> {
        let resource = self.require_identity_capable(id)?;
        let Some(reference) = resource.identity.find_user(identity_id).cloned() else {
            return Err(ModelError::new(
                ErrorCode::NotFound,
                format!(
                    "Identity '{identity_id}' is not assigned to {} '{}'.",
                    resource.kind.label().to_ascii_lowercase(),
                    resource.name
                ),
            ));
        };
        self.resource_mut(id)?
            .identity
            .user_assigned
            .retain(|r| !r.id.eq_ignore_ascii_case(&reference.id));
        self.log_write(&resource);
        self.emit(Event::UserIdentityDetached {
            resource_id: resource.id,
            identity_id: reference.id,
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

    // ----- role assignments ----------------------------------------------------------------

    /// RB-4.1 / RB-4.9: creates an assignment. The principal must exist (`PrincipalNotFound`),
    /// the scope must exist, and the same principal+role+scope cannot be assigned twice.
    pub fn create_assignment(
        &mut self,
        principal_id: Guid,
        principal_type: PrincipalType,
        role_id: &str,
        scope: &Scope,
    ) -> Result<RoleAssignment, ModelError> {
        if !self.directory.is_principal(principal_id) {
            return Err(ModelError::new(
                ErrorCode::PrincipalNotFound,
                format!(
                    "(PrincipalNotFound) Principal {} does not exist in the directory {}.",
                    simple_guid(principal_id),
                    self.tenant_id()
                ),
            ));
        }
        let (role_id, role_name) = self
            .role_by_id(role_id)
            .map(|r| (r.id.clone(), r.name.clone()))
            .ok_or_else(|| {
                ModelError::new(
                    ErrorCode::NotFound,
                    format!("Role definition '{role_id}' doesn't exist."),
                )
            })?;
        self.scope_exists(scope)?;
        if self
            .assignment_keys
            .contains(&assignment_key(principal_id, &role_id, scope.as_str()))
        {
            return Err(ModelError::new(
                ErrorCode::Conflict,
                "(RoleAssignmentExists) The role assignment already exists.",
            ));
        }
        let assignment = RoleAssignment {
            name: self.new_guid(),
            principal_id,
            principal_type,
            role_id,
            scope: scope.as_str().to_string(),
            created_at: self.now,
        };
        self.assignment_keys.insert(assignment_key(
            principal_id,
            &assignment.role_id,
            &assignment.scope,
        ));
        self.assignments.push(assignment.clone());
        let id = assignment_id(&assignment);
        self.log_activity(
            "Create role assignment",
            "Microsoft.Authorization/roleAssignments/write",
            &id,
        );
        self.emit(Event::RoleAssignmentCreated {
            name: assignment.name,
            principal_id,
            role: role_name,
            scope: assignment.scope.clone(),
        });
        Ok(assignment)
    }

    /// Deletes the assignments with these names; returns what was deleted.
    pub fn delete_assignments(&mut self, names: &[Guid]) -> Vec<RoleAssignment> {
        let (gone, kept): (Vec<RoleAssignment>, Vec<RoleAssignment>) =
            std::mem::take(&mut self.assignments)
                .into_iter()
                .partition(|a| names.contains(&a.name));
        self.assignments = kept;
        for a in &gone {
            self.assignment_keys
                .remove(&assignment_key(a.principal_id, &a.role_id, &a.scope));
            let role = self.role_name(&a.role_id);
            self.log_activity(
                "Delete role assignment",
                "Microsoft.Authorization/roleAssignments/delete",
                &assignment_id(a),
            );
            self.emit(Event::RoleAssignmentDeleted {
                name: a.name,
                principal_id: a.principal_id,
                role,
                scope: a.scope.clone(),
                cause: DeletionCause::Requested,
            });
        }
        gone
    }

    /// RB-4.7: the playground's stand-in for Blueprints / managed apps / deployment stacks.
    pub fn create_deny_assignment(
        &mut self,
        name: &str,
        scope: &Scope,
        permissions: Permissions,
        principals: Vec<Guid>,
        exclude_principals: Vec<Guid>,
        do_not_apply_to_child_scopes: bool,
    ) -> Result<DenyAssignment, ModelError> {
        self.scope_exists(scope)?;
        if permissions.actions.is_empty() && permissions.data_actions.is_empty() {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                "a deny assignment needs at least one of --actions or --data-actions",
            ));
        }
        let deny = DenyAssignment {
            id: self.new_guid(),
            name: name.to_string(),
            scope: scope.as_str().to_string(),
            permissions,
            principals,
            exclude_principals,
            do_not_apply_to_child_scopes,
        };
        self.deny_assignments.push(deny.clone());
        self.emit(Event::DenyAssignmentCreated {
            id: deny.id,
            name: deny.name.clone(),
            scope: deny.scope.clone(),
        });
        Ok(deny)
    }

    // ----- key vault -----------------------------------------------------------------------

    fn vault_mut(
        &mut self,
        id: &str,
    ) -> Result<(&mut VaultPermissionModel, &mut Vec<AccessPolicy>), ModelError> {
        let vault = self.resource_mut(id)?;
        let name = vault.name.clone();
        match &mut vault.details {
            Details::KeyVault {
                model, policies, ..
            } => Ok((model, policies)),
            _ => Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!("'{name}' is not a key vault."),
            )),
        }
    }

    /// RB-4.10: switching models keeps the policies but changes which ones count.
    pub fn set_vault_model(
        &mut self,
        id: &str,
        new_model: VaultPermissionModel,
    ) -> Result<(), ModelError> {
        let (model, _) = self.vault_mut(id)?;
        if *model == new_model {
            return Ok(());
        }
        *model = new_model;
        let vault_id = self.require_resource(id)?.id.clone();
        self.log_activity(
            "Update key vault",
            "Microsoft.KeyVault/vaults/write",
            &vault_id,
        );
        self.emit(Event::VaultPermissionModelChanged {
            vault_id,
            model: new_model,
        });
        Ok(())
    }

    /// `az keyvault set-policy`: the given families' permissions replace the object's current ones.
    pub fn set_access_policy(
        &mut self,
        id: &str,
        object_id: Guid,
        grants: &[(PolicyCategory, Vec<String>)],
    ) -> Result<(), ModelError> {
        let (_, policies) = self.vault_mut(id)?;
        let index = match policies.iter().position(|p| p.object_id == object_id) {
            Some(i) => i,
            None => {
                policies.push(AccessPolicy {
                    object_id,
                    ..AccessPolicy::default()
                });
                policies.len() - 1
            }
        };
        for (category, permissions) in grants {
            *policies[index].permissions_mut(*category) = permissions.clone();
        }
        let vault_id = self.require_resource(id)?.id.clone();
        self.log_activity(
            "Update access policy",
            "Microsoft.KeyVault/vaults/accessPolicies/write",
            &vault_id,
        );
        self.emit(Event::AccessPolicySet {
            vault_id,
            object_id,
        });
        Ok(())
    }

    pub fn delete_access_policy(&mut self, id: &str, object_id: Guid) -> Result<(), ModelError> {
        let (_, policies) = self.vault_mut(id)?;
        let before = policies.len();
        policies.retain(|p| p.object_id != object_id);
        if policies.len() == before {
            return Err(ModelError::new(
                ErrorCode::NotFound,
                format!("No access policy for object id {object_id} on this vault."),
            ));
        }
        let vault_id = self.require_resource(id)?.id.clone();
        self.log_activity(
            "Update access policy",
            "Microsoft.KeyVault/vaults/accessPolicies/write",
            &vault_id,
        );
        self.emit(Event::AccessPolicyRemoved {
            vault_id,
            object_id,
        });
        Ok(())
    }

    // ----- federated credentials -----------------------------------------------------------

    /// FI-6.1: at most 20 per identity, name 3–120 characters, issuer+subject unique.
    pub fn add_federated_credential(
        &mut self,
        identity_id: &str,
        credential: FederatedCredential,
    ) -> Result<(), ModelError> {
        let len = credential.name.chars().count();
        let name_ok = (3..=120).contains(&len)
            && credential
                .name
                .starts_with(|c: char| c.is_ascii_alphanumeric())
            && credential
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!("'{}' is not a valid federated credential name: 3 to 120 letters, digits, '-' and '_', starting with a letter or digit", credential.name),
            ));
        }
        if credential.audiences.len() != 1 {
            return Err(ModelError::new(ErrorCode::InvalidValue, "a federated credential takes exactly one audience (normally api://AzureADTokenExchange)"));
        }
        let identity = self.resource_mut(identity_id)?;
        let identity_arm_id = identity.id.clone();
        let Details::UserIdentity { federated, .. } = &mut identity.details else {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                "federated credentials go on user-assigned identities",
            ));
        };
        if let Some(existing) = federated.iter_mut().find(|f| f.name == credential.name) {
            // FI-6.1: the name is immutable; creating again under it updates the other fields.
            *existing = credential.clone();
        } else {
            if federated.len() >= 20 {
                return Err(ModelError::new(
                    ErrorCode::Conflict,
                    "an identity can have at most 20 federated identity credentials",
                ));
            }
            if federated
                .iter()
                .any(|f| f.issuer == credential.issuer && f.subject == credential.subject)
            {
                return Err(ModelError::new(
                    ErrorCode::Conflict,
                    "a federated credential with the same issuer and subject already exists on this identity",
                ));
            }
            federated.push(credential.clone());
        }
        self.log_activity(
            "Write federated identity credential",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
            &identity_arm_id,
        );
        self.emit(Event::FederatedCredentialCreated {
            identity_id: identity_arm_id,
            name: credential.name,
        });
        Ok(())
    }

    pub fn delete_federated_credential(
        &mut self,
        identity_id: &str,
        name: &str,
    ) -> Result<(), ModelError> {
        let identity = self.resource_mut(identity_id)?;
        let identity_arm_id = identity.id.clone();
        let Details::UserIdentity { federated, .. } = &mut identity.details else {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                "federated credentials go on user-assigned identities",
            ));
        };
        let before = federated.len();
        federated.retain(|f| f.name != name);
        if federated.len() == before {
            return Err(ModelError::new(
                ErrorCode::NotFound,
                format!("Federated identity credential '{name}' was not found."),
            ));
        }
        self.log_activity(
            "Delete federated identity credential",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete",
            &identity_arm_id,
        );
        self.emit(Event::FederatedCredentialDeleted {
            identity_id: identity_arm_id,
            name: name.to_string(),
        });
        Ok(())
    }
}

fn assignment_key(principal: Guid, role_id: &str, scope: &str) -> (Guid, String, String) {
    (
        principal,
        role_id.to_ascii_lowercase(),
        scope.to_ascii_lowercase(),
    )
}

/// The ARM id of a role assignment.
pub fn assignment_id(a: &RoleAssignment) -> String {
    let scope = a.scope.trim_end_matches('/');
    format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments/{}",
        a.name
    )
}

/// Azure prints the principal in PrincipalNotFound without hyphens.
fn simple_guid(g: Guid) -> String {
    g.to_string().replace('-', "")
}

/// LG-7.1: the Activity Log's display names for writes, e.g. "Write UserAssignedIdentities".
pub(crate) fn write_label(kind: ResourceKind) -> String {
    match kind {
        ResourceKind::UserAssignedIdentity => "Write UserAssignedIdentities".into(),
        ResourceKind::VirtualMachine => "Create or Update Virtual Machine".into(),
        other => format!("Create or Update {}", other.label()),
    }
}

/// LG-7.1: e.g. "Delete User Assigned Identity".
pub(crate) fn delete_label(kind: ResourceKind) -> String {
    match kind {
        ResourceKind::UserAssignedIdentity => "Delete User Assigned Identity".into(),
        other => format!("Delete {}", other.label()),
    }
}
