//! The Activity Log and the sign-in log: what the portal shows of who did what (LG-7).

use super::{World, CALLER};
use crate::sim::event::{ActivityEntry, ActivityStatus, SignInEntry, SignInKind};
use crate::sim::ids::Guid;
use crate::sim::resource::{Resource, ResourceKind};

impl World {
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
    pub(super) fn log_write(&mut self, resource: &Resource) {
        let operation = format!("{}/write", resource.kind.arm_type());
        self.log_activity(&write_label(resource.kind), &operation, &resource.id);
    }
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
