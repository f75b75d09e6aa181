//! The Entra ID tenant: users, security groups, app registrations and the service principals
//! behind managed identities and applications.
//!
//! Invariants: every enabled system-assigned identity and every live user-assigned identity has
//! exactly one service principal here, and no other principal of those kinds exists (MI-1.1,
//! MI-2.1). An application's service principal exists only while its application does (EN-9.3).
//! Deleted service principals move to the soft-deleted list and cannot come back (MI-1.4).
//! Object ids are unique across users, groups, applications and service principals.

use std::collections::BTreeMap;

use super::case::lowercase;
use super::ids::Guid;
use super::sort::sort_by_key;

/// What a service principal stands for: a managed identity, or an app registration (EN-9.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalSource {
    /// A system-assigned identity of the resource with this ARM id (MI-1.1).
    System { resource_id: String },
    /// The user-assigned identity with this ARM id (MI-2.1).
    User { identity_id: String },
    /// EN-9.3: the instance in this tenant of the application with this object id.
    Application { application_id: Guid },
}

impl PrincipalSource {
    /// The ARM id a managed identity belongs to (also the token's `xms_mirid`, TK-3.6); an
    /// application's principal has none.
    pub fn arm_id(&self) -> Option<&str> {
        match self {
            PrincipalSource::System { resource_id } => Some(resource_id),
            PrincipalSource::User { identity_id } => Some(identity_id),
            PrincipalSource::Application { .. } => None,
        }
    }

    pub fn kind_label(&self) -> &'static str {
        match self {
            PrincipalSource::System { .. } => "System-assigned",
            PrincipalSource::User { .. } => "User-assigned",
            PrincipalSource::Application { .. } => "Application",
        }
    }

    /// EN-9.4: Graph's `servicePrincipalType`.
    pub fn service_principal_type(&self) -> &'static str {
        match self {
            PrincipalSource::Application { .. } => "Application",
            _ => "ManagedIdentity",
        }
    }

    pub fn is_managed_identity(&self) -> bool {
        !matches!(self, PrincipalSource::Application { .. })
    }
}

/// A service principal: of type ManagedIdentity, or the instance of an application.
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
    /// Entra's `alternativeNames` (EN-9.5): for a managed identity, whether it is explicit
    /// (user-assigned) and its ARM id; an application's principal has none.
    pub fn alternative_names(&self) -> Vec<String> {
        let Some(arm_id) = self.source.arm_id() else {
            return Vec::new();
        };
        let explicit = matches!(self.source, PrincipalSource::User { .. });
        let flag = if explicit {
            "isExplicit=True"
        } else {
            "isExplicit=False"
        };
        vec![flag.to_string(), arm_id.to_string()]
    }
}

/// A user account in the tenant (EN-9.9 resolves it by its user principal name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub object_id: Guid,
    /// `name@tenant-domain`, unique in the tenant, compared case-insensitively.
    pub user_principal_name: String,
    pub display_name: String,
    pub created_at: u64,
}

/// A security group (EN-9.1): its members are users, service principals (managed identities
/// included) and other groups, by object id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub object_id: Guid,
    pub display_name: String,
    pub mail_nickname: String,
    pub members: Vec<Member>,
    /// Memberships removed recently: a managed identity's cached token still carries them for a
    /// while (TK-3.8), so the time they ended is kept.
    pub former_members: Vec<FormerMember>,
    pub created_at: u64,
}

impl Group {
    pub fn has_member(&self, object_id: Guid) -> bool {
        self.members.iter().any(|m| m.object_id == object_id)
    }

    /// Whether `object_id` was a direct member at simulated time `at`.
    fn had_member_at(&self, object_id: Guid, at: u64) -> bool {
        self.members
            .iter()
            .any(|m| m.object_id == object_id && m.added_at <= at)
            || self
                .former_members
                .iter()
                .any(|m| m.object_id == object_id && m.added_at <= at && at < m.removed_at)
    }

    /// The simulated times at which a direct membership began or ended.
    fn change_times(&self) -> impl Iterator<Item = u64> + '_ {
        self.members.iter().map(|m| m.added_at).chain(
            self.former_members
                .iter()
                .flat_map(|m| [m.added_at, m.removed_at]),
        )
    }
}

/// A direct member of a group, and when it joined (TK-3.8 needs the time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub object_id: Guid,
    pub added_at: u64,
}

/// A membership that ended: when it began and when it was removed (TK-3.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormerMember {
    pub object_id: Guid,
    pub added_at: u64,
    pub removed_at: u64,
}

/// TK-3.8: how long a managed identity's token, with the group claims of the moment it was
/// issued, stays cached; a refresh cannot be forced.
pub const TOKEN_CACHE_SECONDS: u64 = 24 * 3600;

/// A change of a managed identity's group membership that its cached token does not show yet
/// (TK-3.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingMembership {
    pub group: Guid,
    pub change: MembershipChange,
    /// When the change happened in the directory.
    pub at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipChange {
    /// The directory has the membership; the cached token does not yet.
    Joined,
    /// The directory no longer has it; the cached token still does.
    Left,
}

/// A client secret of an application (EN-9.6, EN-9.8). The value is shown once, when it is
/// made; afterwards only its hint (first three characters) is ever listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordCredential {
    pub key_id: Guid,
    pub secret: String,
    pub display_name: Option<String>,
    pub start: u64,
    pub end: u64,
}

impl PasswordCredential {
    /// Graph's `hint`: the secret's first three characters.
    pub fn hint(&self) -> &str {
        self.secret.get(..3).unwrap_or(&self.secret)
    }

    /// SI-8.11: a secret past its end date can no longer sign in.
    pub fn expired(&self, now: u64) -> bool {
        now >= self.end
    }
}

/// An app registration's application object (EN-9.3): the template its service principals are
/// made from, and the holder of its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub object_id: Guid,
    /// The application (client) id, shared with its service principals.
    pub app_id: Guid,
    pub display_name: String,
    pub passwords: Vec<PasswordCredential>,
    /// Who created it: Graph makes the signed-in user owner of what they create, which is what
    /// `az ad sp list --show-mine` lists.
    pub owners: Vec<Guid>,
    pub created_at: u64,
}

/// The kinds of directory object a principal id can name (Azure RBAC's principal types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    User,
    Group,
    ServicePrincipal,
    /// An application object: not a security principal, so it cannot be assigned roles.
    Application,
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
    users: BTreeMap<Guid, User>,
    groups: BTreeMap<Guid, Group>,
    applications: BTreeMap<Guid, Application>,
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
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            applications: BTreeMap::new(),
            by_app: BTreeMap::new(),
            by_name: BTreeMap::new(),
        }
    }

    pub fn get(&self, object_id: Guid) -> Option<&ServicePrincipal> {
        self.principals.get(&object_id)
    }

    /// Whether a service principal (managed identity or application) has this object id.
    pub fn contains(&self, object_id: Guid) -> bool {
        self.principals.contains_key(&object_id)
    }

    /// What kind of directory object has this id, if any.
    pub fn kind_of(&self, object_id: Guid) -> Option<ObjectKind> {
        if self.principals.contains_key(&object_id) {
            Some(ObjectKind::ServicePrincipal)
        } else if self.users.contains_key(&object_id) {
            Some(ObjectKind::User)
        } else if self.groups.contains_key(&object_id) {
            Some(ObjectKind::Group)
        } else if self.applications.contains_key(&object_id) {
            Some(ObjectKind::Application)
        } else {
            None
        }
    }

    /// Whether a security principal (user, group or service principal) has this id: only those
    /// can hold role assignments (RB-4.1), and an assignment whose principal is gone is orphaned
    /// (MI-1.5).
    pub fn is_principal(&self, object_id: Guid) -> bool {
        matches!(
            self.kind_of(object_id),
            Some(ObjectKind::User | ObjectKind::Group | ObjectKind::ServicePrincipal)
        )
    }

    /// A principal's name for people: a user's UPN, a group's or service principal's display name.
    pub fn principal_name(&self, object_id: Guid) -> Option<&str> {
        if let Some(sp) = self.principals.get(&object_id) {
            return Some(&sp.display_name);
        }
        if let Some(user) = self.users.get(&object_id) {
            return Some(&user.user_principal_name);
        }
        self.groups.get(&object_id).map(|g| g.display_name.as_str())
    }

    pub fn users(&self) -> impl Iterator<Item = &User> {
        self.users.values()
    }

    pub fn user(&self, object_id: Guid) -> Option<&User> {
        self.users.get(&object_id)
    }

    /// EN-9.9: the user with this user principal name, compared case-insensitively.
    pub fn user_by_upn(&self, upn: &str) -> Option<&User> {
        self.users
            .values()
            .find(|u| u.user_principal_name.eq_ignore_ascii_case(upn))
    }

    pub(crate) fn insert_user(&mut self, user: User) {
        self.users.insert(user.object_id, user);
    }

    pub(crate) fn remove_user(&mut self, object_id: Guid) -> Option<User> {
        let user = self.users.remove(&object_id)?;
        self.forget_member(object_id);
        Some(user)
    }

    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    pub fn group(&self, object_id: Guid) -> Option<&Group> {
        self.groups.get(&object_id)
    }

    pub(crate) fn group_mut(&mut self, object_id: Guid) -> Option<&mut Group> {
        self.groups.get_mut(&object_id)
    }

    pub(crate) fn insert_group(&mut self, group: Group) {
        self.groups.insert(group.object_id, group);
    }

    pub(crate) fn remove_group(&mut self, object_id: Guid) -> Option<Group> {
        let group = self.groups.remove(&object_id)?;
        self.forget_member(object_id);
        Some(group)
    }

    /// A deleted object is no longer a member of any group, not even in a cached token: the
    /// playground ends a deleted object's memberships at once.
    fn forget_member(&mut self, object_id: Guid) {
        for group in self.groups.values_mut() {
            group.members.retain(|m| m.object_id != object_id);
            group.former_members.retain(|m| m.object_id != object_id);
        }
    }

    /// EN-9.2: the groups a principal belongs to, directly or through nested groups, in object id
    /// order, as Microsoft Graph sees them now. Cycles (a group nested in its own member) are
    /// walked once.
    pub fn groups_of(&self, object_id: Guid) -> Vec<Guid> {
        self.groups_with(object_id, |group, member| group.has_member(member))
    }

    /// EN-9.2, TK-3.8: the groups that count for a principal's access at simulated time `now`.
    /// Users and applications sign in again and see a change at once; a managed identity's
    /// token is cached for [`TOKEN_CACHE_SECONDS`], so a membership counts only from that long
    /// after it was added, and a removed one still counts until that long after its removal:
    /// the token carries the membership as it was one cache period ago.
    pub fn effective_groups_of(&self, object_id: Guid, now: u64) -> Vec<Guid> {
        match self.token_issued_at(object_id, now) {
            Some(issued) => self.groups_at(object_id, issued),
            None => self.groups_of(object_id),
        }
    }

    /// TK-3.8: the membership changes a managed identity's cached token does not show yet, in
    /// group object id order; empty for users and applications.
    pub fn pending_memberships(&self, object_id: Guid, now: u64) -> Vec<PendingMembership> {
        let Some(issued) = self.token_issued_at(object_id, now) else {
            return Vec::new();
        };
        let in_token = self.groups_at(object_id, issued);
        let in_directory = self.groups_of(object_id);
        let mut times: Vec<u64> = self
            .groups
            .values()
            .flat_map(Group::change_times)
            .filter(|t| *t > issued && *t <= now)
            .collect();
        times.sort_unstable();
        times.dedup();
        let mut pending = Vec::new();
        for group in in_directory.iter().filter(|g| !in_token.contains(g)) {
            pending.push(PendingMembership {
                group: *group,
                change: MembershipChange::Joined,
                at: self.last_change(object_id, *group, &times, true),
            });
        }
        for group in in_token.iter().filter(|g| !in_directory.contains(g)) {
            pending.push(PendingMembership {
                group: *group,
                change: MembershipChange::Left,
                at: self.last_change(object_id, *group, &times, false),
            });
        }
        sort_by_key(&mut pending, |p| p.group);
        pending
    }

    /// When a managed identity's cached token was issued, as the playground assumes it (one
    /// cache period ago, TK-3.8); `None` for principals that are not managed identities.
    fn token_issued_at(&self, object_id: Guid, now: u64) -> Option<u64> {
        self.principals
            .get(&object_id)
            .filter(|sp| sp.source.is_managed_identity())
            .map(|_| now.saturating_sub(TOKEN_CACHE_SECONDS))
    }

    /// The last of `times` at which the principal's membership of `group` became `member`.
    fn last_change(&self, object_id: Guid, group: Guid, times: &[u64], member: bool) -> u64 {
        times
            .iter()
            .rev()
            .find(|t| {
                let now_in = self.groups_at(object_id, **t).contains(&group);
                let before = t
                    .checked_sub(1)
                    .is_some_and(|b| self.groups_at(object_id, b).contains(&group));
                now_in == member && before != member
            })
            .copied()
            .unwrap_or_default()
    }

    /// The groups a principal belonged to at simulated time `at`, through nested groups.
    fn groups_at(&self, object_id: Guid, at: u64) -> Vec<Guid> {
        self.groups_with(object_id, |group, member| group.had_member_at(member, at))
    }

    fn groups_with(&self, object_id: Guid, is_member: impl Fn(&Group, Guid) -> bool) -> Vec<Guid> {
        let mut found: Vec<Guid> = Vec::new();
        let mut frontier = vec![object_id];
        while let Some(member) = frontier.pop() {
            for group in self.groups.values() {
                if is_member(group, member) && !found.contains(&group.object_id) {
                    found.push(group.object_id);
                    frontier.push(group.object_id);
                }
            }
        }
        found.retain(|g| *g != object_id);
        sort_by_key(&mut found, |g| *g);
        found
    }

    pub fn applications(&self) -> impl Iterator<Item = &Application> {
        self.applications.values()
    }

    pub fn application(&self, object_id: Guid) -> Option<&Application> {
        self.applications.get(&object_id)
    }

    pub(crate) fn application_mut(&mut self, object_id: Guid) -> Option<&mut Application> {
        self.applications.get_mut(&object_id)
    }

    /// The application with this application (client) id.
    pub fn application_by_app_id(&self, app_id: Guid) -> Option<&Application> {
        self.applications.values().find(|a| a.app_id == app_id)
    }

    pub(crate) fn insert_application(&mut self, application: Application) {
        self.applications.insert(application.object_id, application);
    }

    pub(crate) fn remove_application(&mut self, object_id: Guid) -> Option<Application> {
        self.applications.remove(&object_id)
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
        self.forget_member(object_id);
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
