//! The access evaluator: "can principal P perform operation O at scope S?", answered with a
//! decision, a reason code and a trace a learner can follow (RB-4.4).
//!
//! Invariant: evaluation never changes the world and never fails; a denial is a [`Decision`], not
//! an error. Steps, in Azure's order: deny assignments → role assignments at the scope and
//! inherited from above → Actions/NotActions or DataActions/NotDataActions → decision. Key Vault
//! data operations under the access-policy model are decided by access policies instead (RB-4.10).

use serde_json::{json, Value};

use super::directory::{MembershipChange, ObjectKind, TOKEN_CACHE_SECONDS};
use super::event::Event;
use super::ids::Guid;
use super::operations::{plane_of, Plane};
use super::rbac::{PermissionMatch, RoleAssignment};
use super::resource::{PolicyCategory, Resource, ResourceKind, VaultPermissionModel};
use super::scope::{Scope, ScopeLevel};
use super::token::{SelectedIdentity, TokenError, TokenFailure};
use super::world::World;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
        }
    }
}

/// Why a decision came out as it did. The codes are a public interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    RoleAssignment,
    AccessPolicy,
    NoIdentity,
    IdentitySelectionRequired,
    IdentityNotFound,
    NoRoleAssignment,
    ActionNotPermitted,
    DenyAssignment,
}

impl Reason {
    pub const ALL: [Reason; 8] = [
        Reason::RoleAssignment,
        Reason::AccessPolicy,
        Reason::NoIdentity,
        Reason::IdentitySelectionRequired,
        Reason::IdentityNotFound,
        Reason::NoRoleAssignment,
        Reason::ActionNotPermitted,
        Reason::DenyAssignment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::RoleAssignment => "role-assignment",
            Reason::AccessPolicy => "access-policy",
            Reason::NoIdentity => "no-identity",
            Reason::IdentitySelectionRequired => "identity-selection-required",
            Reason::IdentityNotFound => "identity-not-found",
            Reason::NoRoleAssignment => "no-role-assignment",
            Reason::ActionNotPermitted => "action-not-permitted",
            Reason::DenyAssignment => "deny-assignment",
        }
    }

    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The reason in plain words, for the stamp on a decision.
    pub fn plain(self) -> &'static str {
        match self {
            Reason::RoleAssignment => "a role assignment grants it",
            Reason::AccessPolicy => "the key vault's access policies decide it",
            Reason::NoIdentity => "the resource has no managed identity",
            Reason::IdentitySelectionRequired => "the token request must say which identity to use",
            Reason::IdentityNotFound => "the requested identity does not exist",
            Reason::NoRoleAssignment => "no role assignment applies at this scope",
            Reason::ActionNotPermitted => "the assigned roles do not include this operation",
            Reason::DenyAssignment => "a deny assignment blocks it",
        }
    }
}

impl From<TokenFailure> for Reason {
    fn from(f: TokenFailure) -> Reason {
        match f {
            TokenFailure::NoIdentity => Reason::NoIdentity,
            TokenFailure::IdentitySelectionRequired => Reason::IdentitySelectionRequired,
            TokenFailure::IdentityNotFound => Reason::IdentityNotFound,
        }
    }
}

/// The assignment that granted an allowed decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: String,
    pub scope: String,
    pub assignment: Guid,
    /// The permission entry that matched, e.g. `*/read`.
    pub pattern: String,
    /// True when the assignment sits above the checked scope (RB-4.2).
    pub inherited: bool,
    /// EN-9.2: the group the assignment names, when the principal gets it through membership.
    pub group: Option<Guid>,
}

/// One assignment considered at one scope level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Considered {
    pub assignment: Guid,
    pub role: String,
    pub verdict: PermissionMatch,
    /// EN-9.2: the group the assignment names, when it applies through membership.
    pub group: Option<Guid>,
}

/// The steps of an evaluation, in the order Azure takes them (RB-4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceStep {
    /// Deny assignments that apply at the scope; `blocking` is the one that matched, if any.
    DenyAssignments {
        considered: usize,
        blocking: Option<String>,
    },
    /// One scope level walked, with the principal's assignments found there.
    Scope {
        scope: String,
        level: ScopeLevel,
        label: String,
        assignments: Vec<Considered>,
    },
    /// RB-4.10: a Key Vault using access policies decided a data operation.
    AccessPolicies {
        vault: String,
        permission: String,
        granted: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    pub reason: Reason,
    pub explanation: String,
    pub granted_by: Vec<Grant>,
    pub principal: Option<Guid>,
    pub operation: String,
    pub plane: Plane,
    pub scope: String,
    pub trace: Vec<TraceStep>,
    /// For a denial: the least-privileged fix, e.g. "Grant Storage Blob Data Reader on container c1".
    pub suggestion: Option<String>,
}

impl Decision {
    pub fn allowed(&self) -> bool {
        self.outcome == Outcome::Allowed
    }

    /// The `mip check` JSON shape: exactly these four keys (public interface).
    pub fn to_json(&self) -> Value {
        json!({
            "decision": self.outcome.as_str(),
            "reason": self.reason.code(),
            "explanation": self.explanation,
            "granted_by": self.granted_by.iter().map(|g| json!({
                "role": g.role,
                "scope": g.scope,
                "assignment": g.assignment.to_string(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// RB-4.10: the access-policy permission a Key Vault data action needs.
pub fn access_policy_permission(operation: &str) -> Option<(PolicyCategory, &'static str)> {
    let op = operation.to_ascii_lowercase();
    let rest = op.strip_prefix("microsoft.keyvault/vaults/")?;
    let (family, action) = rest.split_once('/')?;
    let category = match family {
        "secrets" => PolicyCategory::Secrets,
        "keys" | "keyrotationpolicies" => PolicyCategory::Keys,
        "certificates" | "certificatecas" | "certificatecontacts" => PolicyCategory::Certificates,
        "storage" => PolicyCategory::Storage,
        _ => return None,
    };
    let permission = match (category, action) {
        (PolicyCategory::Secrets, "getsecret/action") => "get",
        (PolicyCategory::Secrets, "readmetadata/action") => "list",
        (PolicyCategory::Secrets, "setsecret/action") => "set",
        (PolicyCategory::Keys, "read") => "get",
        (PolicyCategory::Keys, "create/action") => "create",
        (PolicyCategory::Keys, "import/action") => "import",
        (PolicyCategory::Keys, "encrypt/action") => "encrypt",
        (PolicyCategory::Keys, "decrypt/action") => "decrypt",
        (PolicyCategory::Keys, "wrap/action") => "wrapKey",
        (PolicyCategory::Keys, "unwrap/action") => "unwrapKey",
        (PolicyCategory::Keys, "sign/action") => "sign",
        (PolicyCategory::Keys, "verify/action") => "verify",
        (PolicyCategory::Keys, "update/action") => "update",
        (PolicyCategory::Keys, "rotate/action") => "rotate",
        (PolicyCategory::Keys, "release/action") => "release",
        (PolicyCategory::Certificates, "read") => "get",
        (PolicyCategory::Certificates, "create/action") => "create",
        (PolicyCategory::Certificates, "import/action") => "import",
        (PolicyCategory::Certificates, "update/action") => "update",
        (_, "delete") => "delete",
        (_, "backup/action") => "backup",
        (_, "restore/action") => "restore",
        (_, "purge/action") => "purge",
        (_, "recover/action") => "recover",
        _ => return None,
    };
    Some((category, permission))
}

/// RB-4.10: whether the vault's access policy for `principal` includes what `operation` needs.
pub(crate) fn access_policy_grants(vault: &Resource, principal: Guid, operation: &str) -> bool {
    let Some((category, permission)) = access_policy_permission(operation) else {
        return false;
    };
    vault
        .access_policies()
        .iter()
        .filter(|p| p.object_id == principal)
        .any(|policy| {
            policy
                .permissions(category)
                .iter()
                .any(|p| p.eq_ignore_ascii_case(permission) || p.eq_ignore_ascii_case("all"))
        })
}

impl World {
    /// Records a decision the session made (by `mip check` or by authorizing a data-plane
    /// request) as an event, so the timeline and the diagram show it.
    pub(crate) fn announce_decision(&mut self, decision: &Decision) {
        self.emit(Event::AccessDecided {
            principal_id: decision.principal,
            operation: decision.operation.clone(),
            plane: decision.plane,
            scope: decision.scope.clone(),
            allowed: decision.allowed(),
            reason: decision.reason.code(),
        });
    }

    /// Describes a scope for a learner: "container c1", "resource group rg1", "the subscription".
    pub fn describe_scope(&self, scope: &Scope) -> String {
        match scope.level() {
            ScopeLevel::Root => "the tenant root".to_string(),
            ScopeLevel::ManagementGroup => format!("management group {}", scope.name()),
            ScopeLevel::Subscription => {
                let name = self
                    .subscriptions
                    .iter()
                    .find(|s| {
                        Some(s.id.to_string().as_str())
                            == scope.subscription().map(str::to_ascii_lowercase).as_deref()
                    })
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| scope.name().to_string());
                format!("subscription '{name}'")
            }
            ScopeLevel::ResourceGroup => format!("resource group {}", scope.name()),
            ScopeLevel::Resource => match self.resource(scope.as_str()) {
                Some(r) => format!("{} {}", r.kind.label().to_ascii_lowercase(), r.name),
                None => format!("resource {}", scope.name()),
            },
            ScopeLevel::Child => {
                let kind = scope.resource_type().unwrap_or_default();
                let label = match kind.rsplit('/').next().unwrap_or("") {
                    "containers" => "container",
                    "blobServices" => "blob service",
                    "secrets" => "secret",
                    "keys" => "key",
                    "queues" => "queue",
                    other => other,
                };
                format!("{label} {}", scope.name())
            }
        }
    }

    /// A principal's name for explanations: "vm1 (system-assigned)", or the bare id if unknown.
    pub fn describe_principal(&self, principal: Guid) -> String {
        match self.directory.get(principal) {
            Some(sp) => format!(
                "{} ({})",
                sp.display_name,
                sp.source.kind_label().to_ascii_lowercase()
            ),
            None => match (
                self.directory.kind_of(principal),
                self.directory.principal_name(principal),
            ) {
                (Some(ObjectKind::User), Some(name)) => format!("user {name}"),
                (Some(ObjectKind::Group), Some(name)) => format!("group {name}"),
                _ => format!("principal {principal}"),
            },
        }
    }

    /// Answers whether `principal` may perform `operation` at `scope` (RB-4.4).
    /// [`World::access_matrix`] answers the same question in bulk and must agree with this.
    /// RB-4.4: the decision, and for a managed identity whose cached token lags behind its group
    /// membership, why (TK-3.8).
    pub fn check_access(&self, principal: Guid, operation: &str, scope: &Scope) -> Decision {
        let mut decision = self.evaluate_access(principal, operation, scope);
        if decision.reason != Reason::AccessPolicy {
            decision
                .explanation
                .push_str(&self.token_lag_note(principal));
        }
        decision
    }

    /// TK-3.8, EN-9.2: one sentence per group membership change the principal's cached token
    /// does not show yet, each starting with a space; empty when there is none.
    fn token_lag_note(&self, principal: Guid) -> String {
        let who = self
            .directory
            .principal_name(principal)
            .unwrap_or_default()
            .to_string();
        self.directory
            .pending_memberships(principal, self.now)
            .iter()
            .map(|p| {
                let group = self.directory.principal_name(p.group).unwrap_or("(deleted)");
                let since = self.now.saturating_sub(p.at);
                let ago = if since < 60 {
                    "just now".to_string()
                } else {
                    let (count, unit) = span(since, Rounding::Down);
                    format!("{count} {unit} ago")
                };
                let (left, left_unit) = span(
                    (p.at + TOKEN_CACHE_SECONDS).saturating_sub(self.now),
                    Rounding::Up,
                );
                match p.change {
                    MembershipChange::Joined => format!(
                        " {who} joined group {group} {ago}; its cached token predates that for about {left} more {left_unit} (TK-3.8)."
                    ),
                    MembershipChange::Left => format!(
                        " {who} left group {group} {ago}; its cached token still carries that membership for about {left} more {left_unit} (TK-3.8)."
                    ),
                }
            })
            .collect()
    }

    fn evaluate_access(&self, principal: Guid, operation: &str, scope: &Scope) -> Decision {
        let plane = plane_of(operation);
        let who = self.describe_principal(principal);
        let at = self.describe_scope(scope);
        let mut decision = Decision {
            outcome: Outcome::Denied,
            reason: Reason::NoRoleAssignment,
            explanation: String::new(),
            granted_by: Vec::new(),
            principal: Some(principal),
            operation: operation.to_string(),
            plane,
            scope: scope.as_str().to_string(),
            trace: Vec::new(),
            suggestion: None,
        };
        if !self.directory.is_principal(principal) {
            decision.reason = Reason::IdentityNotFound;
            decision.explanation = format!(
                "Denied: principal {principal} does not exist in the directory, so nothing can grant it access. Role assignments that still name it are orphaned and grant nothing."
            );
            return decision;
        }

        // RB-4.10: Key Vault data operations under the access-policy model.
        if plane == Plane::Data {
            if let Some(vault) = self.vault_for(scope) {
                if vault.vault_model() == Some(VaultPermissionModel::AccessPolicies) {
                    return self.check_access_policy(decision, vault, principal, &who);
                }
            }
        }

        let chain = self.scope_chain(scope);
        // EN-9.2, RB-4.3: the principal counts with every group it belongs to, transitively.
        let identities = self.principal_and_groups(principal);
        // RB-4.4 step 1: deny assignments take precedence (RB-4.7).
        let applicable_denies: Vec<_> = self
            .deny_assignments
            .iter()
            .filter(|d| d.applies_to(&identities))
            .filter(|d| {
                let Ok(d_scope) = Scope::parse(&d.scope) else {
                    return false;
                };
                if d.do_not_apply_to_child_scopes {
                    d_scope == *scope
                } else {
                    chain.iter().any(|s| s.scope == d_scope)
                }
            })
            .collect();
        let blocking = applicable_denies.iter().find(|d| {
            matches!(
                d.permissions.check(operation, plane),
                PermissionMatch::Granted { .. }
            )
        });
        decision.trace.push(TraceStep::DenyAssignments {
            considered: applicable_denies.len(),
            blocking: blocking.map(|d| d.name.clone()),
        });
        if let Some(deny) = blocking {
            decision.reason = Reason::DenyAssignment;
            let d_scope = Scope::parse(&deny.scope)
                .map(|s| self.describe_scope(&s))
                .unwrap_or_else(|_| deny.scope.clone());
            decision.explanation = format!(
                "Denied: deny assignment '{}' at {d_scope} blocks {operation} for {who}. Deny assignments win over every role assignment, and only the service that created them can remove them.",
                deny.name
            );
            return decision;
        }

        // RB-4.4 steps 2–3: the principal's assignments at each scope level, their permissions.
        let mut any_assignment = false;
        let mine: Vec<&RoleAssignment> = self
            .assignments()
            .iter()
            .filter(|a| identities.contains(&a.principal_id))
            .collect();
        for (depth, step) in chain.iter().enumerate() {
            let here = mine
                .iter()
                .filter(|a| a.scope.eq_ignore_ascii_case(step.scope.as_str()));
            let mut considered = Vec::new();
            for a in here {
                any_assignment = true;
                let group = (a.principal_id != principal).then_some(a.principal_id);
                let (role_name, verdict) = match self.role_by_id(&a.role_id) {
                    Some(role) => (role.name.clone(), role.permissions.check(operation, plane)),
                    None => (a.role_id.clone(), PermissionMatch::NotListed),
                };
                if let PermissionMatch::Granted { pattern } = &verdict {
                    decision.granted_by.push(Grant {
                        role: role_name.clone(),
                        scope: a.scope.clone(),
                        assignment: a.name,
                        pattern: pattern.clone(),
                        inherited: depth > 0,
                        group,
                    });
                }
                considered.push(Considered {
                    assignment: a.name,
                    role: role_name,
                    verdict,
                    group,
                });
            }
            decision.trace.push(TraceStep::Scope {
                scope: step.scope.as_str().to_string(),
                level: step.level,
                label: self.describe_scope(&step.scope),
                assignments: considered,
            });
        }

        let plane_word = plane_name(plane);
        if let Some(first) = decision.granted_by.first() {
            decision.outcome = Outcome::Allowed;
            decision.reason = Reason::RoleAssignment;
            let g_scope = Scope::parse(&first.scope)
                .map(|s| self.describe_scope(&s))
                .unwrap_or_else(|_| first.scope.clone());
            let via = if first.inherited {
                format!(", inherited by {at}")
            } else {
                String::new()
            };
            let list = if plane == Plane::Data {
                "DataActions"
            } else {
                "Actions"
            };
            let more = match decision.granted_by.len() {
                1 => String::new(),
                n => format!(
                    " ({} other assignment{} also grant it.)",
                    n - 1,
                    if n == 2 { "" } else { "s" }
                ),
            };
            let through = self.through_group(first.group);
            decision.explanation = format!(
                "Allowed: {who} has '{}' at {g_scope}{through}{via}. Its {list} entry '{}' covers {operation} ({plane_word} plane).{more}",
                first.role, first.pattern
            );
            return decision;
        }

        decision.suggestion = self
            .least_privilege_role(operation, plane)
            .map(|role| format!("Grant {role} on {at}"));
        let fix = decision
            .suggestion
            .as_ref()
            .map(|s| format!(" Suggestion: {s}."))
            .unwrap_or_default();
        if !any_assignment {
            decision.reason = Reason::NoRoleAssignment;
            let walked: Vec<String> = chain
                .iter()
                .map(|s| self.describe_scope(&s.scope))
                .collect();
            decision.explanation = format!(
                "Denied: {who} has no role assignment at {} or any scope above it ({}).{fix}",
                at,
                walked.get(1..).map(|w| w.join(", ")).unwrap_or_default()
            );
        } else {
            decision.reason = Reason::ActionNotPermitted;
            let (roles, count) = self.roles_considered(&decision.trace);
            let none = if count == 1 {
                "that role does not include"
            } else {
                "none of those roles includes"
            };
            let cross_plane = match plane {
                Plane::Data => " Control-plane roles such as Owner or Contributor do not grant data access; a data role is needed.",
                Plane::Control => "",
            };
            let excluded = self.exclusion_note(&decision.trace);
            decision.explanation = format!(
                "Denied: {who} has {roles}, but {none} {operation} ({plane_word} plane).{excluded}{cross_plane}{fix}"
            );
        }
        decision
    }

    /// "'A' at X and 'B' at Y": the assignments in scope, and how many there are.
    fn roles_considered(&self, trace: &[TraceStep]) -> (String, usize) {
        let mut parts = Vec::new();
        for step in trace {
            if let TraceStep::Scope {
                label, assignments, ..
            } = step
            {
                for a in assignments {
                    let through = self.through_group(a.group);
                    parts.push(format!("'{}' at {label}{through}", a.role));
                }
            }
        }
        let text = match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        (text, parts.len())
    }

    /// EN-9.2: the principal and the groups it belongs to, directly or through nested groups:
    /// the object ids whose role and deny assignments apply to it.
    /// The principal and the groups that count for its access now (EN-9.2; for a managed
    /// identity, as its cached token has them, TK-3.8).
    pub fn principal_and_groups(&self, principal: Guid) -> Vec<Guid> {
        let mut ids = vec![principal];
        ids.extend(self.directory.effective_groups_of(principal, self.now));
        ids
    }

    /// " through group G" for an assignment that applies through membership (EN-9.2).
    fn through_group(&self, group: Option<Guid>) -> String {
        match group {
            Some(g) => format!(
                " through group {}",
                self.directory.principal_name(g).unwrap_or("(deleted)")
            ),
            None => String::new(),
        }
    }

    fn exclusion_note(&self, trace: &[TraceStep]) -> String {
        for step in trace {
            if let TraceStep::Scope { assignments, .. } = step {
                for a in assignments {
                    if let PermissionMatch::Excluded { excluded_by, .. } = &a.verdict {
                        return format!(
                            " '{}' lists it but subtracts it with NotActions '{excluded_by}'.",
                            a.role
                        );
                    }
                }
            }
        }
        String::new()
    }

    /// The built-in role with the narrowest permissions that grants `operation`.
    pub fn least_privilege_role(&self, operation: &str, plane: Plane) -> Option<String> {
        self.roles
            .iter()
            .filter(|r| {
                matches!(
                    r.permissions.check(operation, plane),
                    PermissionMatch::Granted { .. }
                )
            })
            .min_by_key(|r| r.breadth)
            .map(|r| r.name.clone())
    }

    /// The key vault a scope lies in, if any.
    pub(crate) fn vault_for(&self, scope: &Scope) -> Option<&Resource> {
        let resource = self.resource(scope.resource_scope()?.as_str())?;
        (resource.kind == ResourceKind::KeyVault).then_some(resource)
    }

    /// RB-4.10: access policies decide data access; Key Vault data roles are ignored.
    fn check_access_policy(
        &self,
        mut decision: Decision,
        vault: &Resource,
        principal: Guid,
        who: &str,
    ) -> Decision {
        let operation = decision.operation.clone();
        let needed = access_policy_permission(&operation);
        let granted = access_policy_grants(vault, principal, &operation);
        let permission_text = needed
            .map(|(c, p)| format!("{} '{p}'", c.name()))
            .unwrap_or_else(|| "a matching permission".into());
        decision.trace.push(TraceStep::AccessPolicies {
            vault: vault.name.clone(),
            permission: permission_text.clone(),
            granted,
        });
        decision.reason = Reason::AccessPolicy;
        if granted {
            decision.outcome = Outcome::Allowed;
            decision.explanation = format!(
                "Allowed: key vault {} uses access policies, and its policy for {who} includes {permission_text}.",
                vault.name
            );
        } else {
            let flag = match needed.map(|(c, _)| c) {
                Some(PolicyCategory::Keys) => "--key-permissions",
                Some(PolicyCategory::Certificates) => "--certificate-permissions",
                Some(PolicyCategory::Storage) => "--storage-permissions",
                _ => "--secret-permissions",
            };
            let perm = needed.map(|(_, p)| p).unwrap_or("get");
            decision.suggestion = Some(format!(
                "az keyvault set-policy --name {} --object-id {principal} {flag} {perm}",
                vault.name
            ));
            decision.explanation = format!(
                "Denied: key vault {} uses access policies, so Azure RBAC data roles do not apply to its data, and no access policy gives {who} {permission_text}. Suggestion: {}.",
                vault.name,
                decision.suggestion.as_deref().unwrap_or_default()
            );
        }
        decision
    }

    /// `mip check`: the identity `resource` would get a token for (TK-3.2) tries `operation`.
    pub fn check_from(
        &self,
        resource: &Resource,
        identity: Result<SelectedIdentity, TokenError>,
        operation: &str,
        scope: &Scope,
    ) -> Decision {
        match identity {
            Ok(selected) => {
                let mut decision = self.check_access(selected.principal_id, operation, scope);
                decision.explanation = format!(
                    "Token for {}. {}",
                    selected.describe(),
                    decision.explanation
                );
                decision
            }
            Err(error) => Decision {
                outcome: Outcome::Denied,
                reason: error.reason.into(),
                explanation: format!(
                    "Denied before reaching Azure RBAC: {}'s token request failed with {} {}: {}",
                    resource.name, error.status, error.error, error.message
                ),
                granted_by: Vec::new(),
                principal: None,
                operation: operation.to_string(),
                plane: plane_of(operation),
                scope: scope.as_str().to_string(),
                trace: Vec::new(),
                suggestion: None,
            },
        }
    }
}

fn plane_name(plane: Plane) -> &'static str {
    match plane {
        Plane::Control => "control",
        Plane::Data => "data",
    }
}

/// How a span is rounded: time elapsed down ("2 hours ago"), time left up ("about 22 more
/// hours"), so the note never promises access earlier than it comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rounding {
    Down,
    Up,
}

/// A span of simulated time as a count of whole hours (or minutes, under an hour) and the unit's
/// name, for the TK-3.8 note.
fn span(seconds: u64, rounding: Rounding) -> (u64, &'static str) {
    let count = |unit: u64| match rounding {
        Rounding::Down => seconds / unit,
        Rounding::Up => seconds.div_ceil(unit),
    };
    let minutes = count(60);
    if minutes < 60 {
        return (minutes, if minutes == 1 { "minute" } else { "minutes" });
    }
    let hours = count(3600);
    (hours, if hours == 1 { "hour" } else { "hours" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A denial suggests the role made for the operation, never Owner or Contributor when a
    /// narrower built-in role grants it (MI-2.4 names the roles for managing identities), and
    /// never a role that can change things for an operation that only reads.
    #[test]
    fn least_privilege_suggestions_prefer_specific_roles_to_owner() {
        let world = World::default();
        let suggest = |operation: &str| world.least_privilege_role(operation, Plane::Control);
        let cases = [
            (
                "Microsoft.ManagedIdentity/userAssignedIdentities/write",
                "Managed Identity Contributor",
            ),
            (
                "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
                "Managed Identity Operator",
            ),
            (
                "Microsoft.Authorization/roleAssignments/write",
                "Role Based Access Control Administrator",
            ),
            (
                "Microsoft.Compute/virtualMachines/restart/action",
                "Virtual Machine Contributor",
            ),
            // A read is suggested a role that only reads, not one that can also change things.
            ("Microsoft.Storage/storageAccounts/read", "Reader"),
        ];
        for (operation, role) in cases {
            assert_eq!(suggest(operation).as_deref(), Some(role), "{operation}");
        }
    }
}
