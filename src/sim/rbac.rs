//! Azure RBAC data: role definitions, role assignments, deny assignments, and permission matching.
//!
//! Matching follows RB-4.5: `*` matches any run of characters, comparison ignores case, and
//! `NotActions` only subtracts from the role it belongs to; it never denies.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::builtin_roles::BuiltinRole;
use super::ids::Guid;
use super::operations::{Plane, OPERATIONS};

/// The four permission lists shared by role definitions and deny assignments (RB-4.4, RB-4.7).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permissions {
    pub actions: Vec<String>,
    pub not_actions: Vec<String>,
    pub data_actions: Vec<String>,
    pub not_data_actions: Vec<String>,
}

/// How a permission set treats one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermissionMatch {
    /// Listed in `Actions`/`DataActions` (by this pattern) and not subtracted.
    Granted { pattern: String },
    /// Listed, but `NotActions`/`NotDataActions` subtracts it (by `excluded_by`).
    Excluded {
        pattern: String,
        excluded_by: String,
    },
    /// Not listed in the lists of the operation's plane.
    NotListed,
}

impl Permissions {
    fn lists(&self, plane: Plane) -> (&[String], &[String]) {
        match plane {
            Plane::Control => (&self.actions, &self.not_actions),
            Plane::Data => (&self.data_actions, &self.not_data_actions),
        }
    }

    /// RB-4.4: effective = Actions − NotActions (control plane) or DataActions − NotDataActions (data plane).
    pub fn check(&self, operation: &str, plane: Plane) -> PermissionMatch {
        let (allow, subtract) = self.lists(plane);
        let Some(pattern) = allow.iter().find(|p| wildcard_match(p, operation)) else {
            return PermissionMatch::NotListed;
        };
        match subtract.iter().find(|p| wildcard_match(p, operation)) {
            Some(excluded_by) => PermissionMatch::Excluded {
                pattern: pattern.clone(),
                excluded_by: excluded_by.clone(),
            },
            None => PermissionMatch::Granted {
                pattern: pattern.clone(),
            },
        }
    }

    /// How much the set allows, to rank least-privilege suggestions (smaller is narrower).
    ///
    /// First, every catalogued operation it grants, a read counting 1 and anything that changes
    /// something (write, delete, action) 10: so a read is suggested a role that only reads, and
    /// Owner and Contributor never rank narrower than a role made for the operation (MI-2.4:
    /// Managed Identity Operator attaches identities). Then, between equals, the patterns it
    /// lists, a wildcard counting 25: `Microsoft.Authorization/*` reaches operations the catalog
    /// leaves out, so it is broader than two literal operations.
    pub fn breadth(&self) -> (usize, usize) {
        let granted = OPERATIONS
            .iter()
            .filter(|op| {
                matches!(
                    self.check(op.name, op.plane),
                    PermissionMatch::Granted { .. }
                )
            })
            .map(|op| if op.name.ends_with("/read") { 1 } else { 10 })
            .sum();
        let listed = self
            .actions
            .iter()
            .chain(&self.data_actions)
            .map(|p| if p.contains('*') { 25 } else { 1 })
            .sum();
        (granted, listed)
    }
}

/// RB-4.5: `*` matches any run of characters (including none and including `/`), case-insensitively.
/// A whole `/*/` segment may also match no segment at all: MI-2.4 documents that Managed Identity
/// Operator (`…/userAssignedIdentities/*/assign/action`) may attach identities, an operation named
/// `…/userAssignedIdentities/assign/action`.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    glob(pattern, text) || (pattern.contains("/*/") && glob(&pattern.replace("/*/", "/"), text))
}

fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<u8> = pattern.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let t: Vec<u8> = text.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
}

/// A role definition (built-in, or custom when created by the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDefinition {
    /// The GUID name of the definition.
    pub id: String,
    pub name: String,
    pub description: String,
    pub permissions: Permissions,
    pub builtin: bool,
    /// [`Permissions::breadth`], worked out once: ranking suggestions for every denied check
    /// would otherwise test each role against the whole operation catalog again.
    pub breadth: (usize, usize),
}

/// The breadth of a built-in role by its id, worked out once per process: every world starts
/// with the same built-in roles, and property tests and replays create many worlds.
fn builtin_breadth(id: &str, permissions: &Permissions) -> (usize, usize) {
    static BREADTHS: OnceLock<Mutex<HashMap<String, (usize, usize)>>> = OnceLock::new();
    let cache = BREADTHS.get_or_init(Default::default);
    let Ok(mut cache) = cache.lock() else {
        return permissions.breadth();
    };
    *cache
        .entry(id.to_string())
        .or_insert_with(|| permissions.breadth())
}

impl RoleDefinition {
    pub fn from_builtin(role: &BuiltinRole) -> RoleDefinition {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        let permissions = Permissions {
            actions: owned(role.actions),
            not_actions: owned(role.not_actions),
            data_actions: owned(role.data_actions),
            not_data_actions: owned(role.not_data_actions),
        };
        RoleDefinition {
            id: role.id.to_string(),
            name: role.name.to_string(),
            description: role.description.to_string(),
            breadth: builtin_breadth(role.id, &permissions),
            permissions,
            builtin: true,
        }
    }

    /// The definition's ARM id in a subscription, as `az role assignment list` prints it.
    pub fn arm_id(&self, subscription: Guid) -> String {
        format!(
            "/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{}",
            self.id
        )
    }

    /// Which plane(s) the role grants anything on, for the role picker.
    pub fn planes(&self) -> (bool, bool) {
        (
            !self.permissions.actions.is_empty(),
            !self.permissions.data_actions.is_empty(),
        )
    }
}

/// The kinds of principal a role assignment can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalType {
    ServicePrincipal,
    User,
    Group,
    ForeignGroup,
}

impl PrincipalType {
    pub const ALL: [PrincipalType; 4] = [
        PrincipalType::ServicePrincipal,
        PrincipalType::User,
        PrincipalType::Group,
        PrincipalType::ForeignGroup,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PrincipalType::ServicePrincipal => "ServicePrincipal",
            PrincipalType::User => "User",
            PrincipalType::Group => "Group",
            PrincipalType::ForeignGroup => "ForeignGroup",
        }
    }
}

/// RB-4.1: principal + role definition + scope. Immutable once made (RB-4.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignment {
    /// RB-4.9: assignment names are GUIDs.
    pub name: Guid,
    pub principal_id: Guid,
    pub principal_type: PrincipalType,
    pub role_id: String,
    pub scope: String,
    pub created_at: u64,
}

/// RB-4.7: a deny assignment. Only the playground's `mip deny-assignment` makes them, standing in
/// for Blueprints, managed applications and deployment stacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenyAssignment {
    pub id: Guid,
    pub name: String,
    pub scope: String,
    pub permissions: Permissions,
    /// Empty means everyone (Azure's all-principals deny, principal id 00000000-…).
    pub principals: Vec<Guid>,
    pub exclude_principals: Vec<Guid>,
    pub do_not_apply_to_child_scopes: bool,
}

impl DenyAssignment {
    /// Whether it applies to a principal, given as its object id followed by the groups it
    /// belongs to (EN-9.2): a deny assignment listing a group denies its members, and excluding
    /// a group exempts them. One that names no principals denies everyone (RB-4.7); whoever
    /// must stay able to act is listed in `exclude_principals`, as Azure's deny assignments do.
    pub fn applies_to(&self, principal_and_groups: &[Guid]) -> bool {
        let named = self.principals.is_empty()
            || principal_and_groups
                .iter()
                .any(|id| self.principals.contains(id));
        named
            && !principal_and_groups
                .iter()
                .any(|id| self.exclude_principals.contains(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RB-4.5: `*` spans any characters, including '/', and case does not matter.
    #[test]
    fn rb_4_5_wildcards_and_case() {
        let yes = [
            ("*", "Microsoft.Compute/virtualMachines/read"),
            ("*/read", "Microsoft.Compute/virtualMachines/read"),
            (
                "Microsoft.Compute/*",
                "microsoft.compute/virtualmachines/restart/action",
            ),
            (
                "Microsoft.Network/*/read",
                "Microsoft.Network/virtualNetworks/subnets/read",
            ),
            (
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/roleAssignments/write",
            ),
            // Operations added later are covered too.
            (
                "Microsoft.Storage/*",
                "Microsoft.Storage/someFutureThing/brandNew/action",
            ),
            // MI-2.4: Managed Identity Operator's pattern covers the attach operation.
            (
                "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
                "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
            ),
        ];
        for (p, t) in yes {
            assert!(wildcard_match(p, t), "{p} should match {t}");
        }
        let no = [
            ("*/read", "Microsoft.Compute/virtualMachines/write"),
            (
                "Microsoft.Compute/*",
                "Microsoft.Storage/storageAccounts/read",
            ),
            (
                "Microsoft.Network/*/read",
                "Microsoft.Network/virtualNetworks/write",
            ),
        ];
        for (p, t) in no {
            assert!(!wildcard_match(p, t), "{p} should not match {t}");
        }
    }

    /// RB-4.5: NotActions subtracts from its own role only, and RB-4.4 keeps planes apart.
    #[test]
    fn rb_4_4_actions_minus_not_actions() {
        let contributor = Permissions {
            actions: vec!["*".into()],
            not_actions: vec!["Microsoft.Authorization/*/Write".into()],
            ..Permissions::default()
        };
        assert_eq!(
            contributor.check(
                "Microsoft.Authorization/roleAssignments/write",
                Plane::Control
            ),
            PermissionMatch::Excluded {
                pattern: "*".into(),
                excluded_by: "Microsoft.Authorization/*/Write".into()
            }
        );
        assert_eq!(
            contributor.check("Microsoft.Compute/virtualMachines/write", Plane::Control),
            PermissionMatch::Granted {
                pattern: "*".into()
            }
        );
        assert_eq!(
            contributor.check(
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
                Plane::Data
            ),
            PermissionMatch::NotListed
        );
    }
}
