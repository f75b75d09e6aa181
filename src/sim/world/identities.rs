//! Managed identities on resources: system-assigned and user-assigned ones, their service
//! principals and federated credentials (MI-1, MI-2, FI-6).

use super::{ErrorCode, ModelError, World};
use crate::sim::directory::{PrincipalSource, ServicePrincipal};
use crate::sim::event::Event;
use crate::sim::ids::Guid;
use crate::sim::resource::{
    Details, FederatedCredential, Resource, ResourceKind, SystemIdentity, UserAssignedRef,
};

impl World {
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
        let (identity_arm_id, federated) = self.federated_mut(identity_id)?;
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

    /// A user-assigned identity's ARM id and its federated credentials, to change them; other
    /// resources hold none (FI-6.1).
    fn federated_mut(
        &mut self,
        identity_id: &str,
    ) -> Result<(String, &mut Vec<FederatedCredential>), ModelError> {
        let identity = self.resource_mut(identity_id)?;
        let identity_arm_id = identity.id.clone();
        let Details::UserIdentity { federated, .. } = &mut identity.details else {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                "federated credentials go on user-assigned identities",
            ));
        };
        Ok((identity_arm_id, federated))
    }

    pub fn delete_federated_credential(
        &mut self,
        identity_id: &str,
        name: &str,
    ) -> Result<(), ModelError> {
        let (identity_arm_id, federated) = self.federated_mut(identity_id)?;
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
