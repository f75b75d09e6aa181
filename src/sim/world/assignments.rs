//! Role definitions, role assignments and deny assignments: their lookups and their only
//! mutators (RB-4).

use super::{ErrorCode, ModelError, World, OWNER_ROLE_ID};
use crate::sim::event::{DeletionCause, Event};
use crate::sim::ids::Guid;
use crate::sim::rbac::{
    DenyAssignment, Permissions, PrincipalType, RoleAssignment, RoleDefinition,
};
use crate::sim::scope::{text_contains, Scope};

impl World {
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
        self.leaves_a_subscription_without_owner(std::slice::from_ref(assignment))
    }

    /// AU-10.4 for a batch (`az role assignment delete` with filters): whether deleting all of
    /// `doomed` would leave a subscription with no Owner assignment at its scope.
    pub fn leaves_a_subscription_without_owner(&self, doomed: &[RoleAssignment]) -> bool {
        let owner = |a: &RoleAssignment| a.role_id.eq_ignore_ascii_case(OWNER_ROLE_ID);
        let at_subscription = |a: &RoleAssignment| {
            let scope = a.scope.trim_end_matches('/');
            self.subscriptions
                .iter()
                .any(|s| scope.eq_ignore_ascii_case(&format!("/subscriptions/{}", s.id)))
        };
        doomed
            .iter()
            .filter(|gone| owner(gone) && at_subscription(gone))
            .any(|gone| {
                let scope = gone.scope.trim_end_matches('/');
                !self.assignments.iter().any(|a| {
                    owner(a)
                        && a.scope.trim_end_matches('/').eq_ignore_ascii_case(scope)
                        && !doomed.iter().any(|d| d.name == a.name)
                })
            })
    }

    /// MI-1.5: an assignment whose principal no longer exists is orphaned.
    pub fn is_orphaned(&self, assignment: &RoleAssignment) -> bool {
        !self.directory.is_principal(assignment.principal_id)
    }

    pub(super) fn role_name(&self, role_id: &str) -> String {
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
}

pub(super) fn assignment_key(
    principal: Guid,
    role_id: &str,
    scope: &str,
) -> (Guid, String, String) {
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
