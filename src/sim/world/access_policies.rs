//! Key Vault's permission model and access policies (RB-4.10).

use super::{ErrorCode, ModelError, World};
use crate::sim::event::Event;
use crate::sim::ids::Guid;
use crate::sim::resource::{AccessPolicy, Details, PolicyCategory, VaultPermissionModel};

impl World {
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
}
