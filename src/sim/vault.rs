//! A key vault's secrets (DP-11.8, DP-11.13): values with versions, and deleted secrets kept in
//! the vault's soft-delete state.
//!
//! Invariants: a secret name is either live or deleted, never both; a deleted name cannot be set
//! again until it is recovered or purged (DP-11.13). Versions are derived from the vault's ARM id,
//! the secret's name and how often it was set, never drawn from the id generator.

use std::collections::BTreeMap;

use super::event::Event;
use super::ids::{stable_hash, IdGen};
use super::resource::{Details, Resource};
use super::world::{ErrorCode, ModelError, World};

/// How long a deleted secret is kept before Key Vault purges it: the default retention (DP-11.13).
pub const RETENTION_DAYS: u64 = 90;

/// One secret's current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// As first set (Key Vault keeps the case, compares without it).
    pub name: String,
    pub value: String,
    /// 32 hex digits, new on every set.
    pub version: String,
    pub created: u64,
    pub updated: u64,
    /// How many versions it has had.
    pub versions: u32,
}

/// A soft-deleted secret (DP-11.13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedSecret {
    pub secret: Secret,
    pub deleted_at: u64,
}

impl DeletedSecret {
    /// When Key Vault purges it on its own.
    pub fn scheduled_purge(&self) -> u64 {
        self.deleted_at + RETENTION_DAYS * 86_400
    }
}

/// A vault's secrets, live and deleted, by lower-cased name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VaultSecrets {
    live: BTreeMap<String, Secret>,
    deleted: BTreeMap<String, DeletedSecret>,
}

impl VaultSecrets {
    pub fn get(&self, name: &str) -> Option<&Secret> {
        self.live.get(&name.to_ascii_lowercase())
    }

    pub fn deleted(&self, name: &str) -> Option<&DeletedSecret> {
        self.deleted.get(&name.to_ascii_lowercase())
    }

    /// Live secrets in name order.
    pub fn list(&self) -> impl Iterator<Item = &Secret> {
        self.live.values()
    }
}

impl Resource {
    /// A key vault's secrets, `None` for other resources.
    pub fn secrets(&self) -> Option<&VaultSecrets> {
        match &self.details {
            Details::KeyVault { secrets, .. } => Some(secrets),
            _ => None,
        }
    }
}

/// Key Vault's object names: 1–127 letters, digits and dashes.
fn validate_secret_name(name: &str) -> Result<(), ModelError> {
    let ok = (1..=127).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(ModelError::new(
            ErrorCode::InvalidValue,
            format!("'{name}' is not a valid secret name: 1 to 127 letters, digits and dashes"),
        ))
    }
}

/// A version id: 32 hex digits, like Key Vault's.
fn version_of(vault_id: &str, name: &str, number: u32) -> String {
    let seed = format!(
        "{}|{}|{number}",
        vault_id.to_ascii_lowercase(),
        name.to_ascii_lowercase()
    );
    let mut bits = IdGen::new(stable_hash(&seed));
    format!("{:016x}{:016x}", bits.next_u64(), bits.next_u64())
}

/// Key Vault's answer for a name that is neither live nor deleted.
pub fn secret_not_found(name: &str) -> ModelError {
    ModelError::new(
        ErrorCode::NotFound,
        format!("(SecretNotFound) A secret with (name/id) {name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"),
    )
}

impl World {
    fn secrets_mut(&mut self, vault_id: &str) -> Result<(String, &mut VaultSecrets), ModelError> {
        let vault = self.resource_mut(vault_id)?;
        let id = vault.id.clone();
        match &mut vault.details {
            Details::KeyVault { secrets, .. } => Ok((id, secrets)),
            _ => Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!("'{vault_id}' is not a key vault."),
            )),
        }
    }

    /// `az keyvault secret set`: a new version of the secret. DP-11.13: a deleted secret's name
    /// cannot be reused until it is recovered or purged.
    pub fn set_secret(
        &mut self,
        vault_id: &str,
        name: &str,
        value: String,
    ) -> Result<Secret, ModelError> {
        validate_secret_name(name)?;
        let now = self.now;
        let (id, secrets) = self.secrets_mut(vault_id)?;
        let key = name.to_ascii_lowercase();
        if secrets.deleted.contains_key(&key) {
            return Err(ModelError::new(
                ErrorCode::Conflict,
                format!("(Conflict) Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged."),
            ));
        }
        let secret = match secrets.live.get(&key) {
            Some(old) => Secret {
                value,
                version: version_of(&id, name, old.versions + 1),
                updated: now,
                versions: old.versions + 1,
                ..old.clone()
            },
            None => Secret {
                name: name.to_string(),
                value,
                version: version_of(&id, name, 1),
                created: now,
                updated: now,
                versions: 1,
            },
        };
        secrets.live.insert(key, secret.clone());
        self.emit(Event::SecretSet {
            vault_id: id,
            name: secret.name.clone(),
            version: secret.version.clone(),
        });
        Ok(secret)
    }

    /// `az keyvault secret delete`: the secret moves to the vault's deleted state (DP-11.13).
    pub fn delete_secret(
        &mut self,
        vault_id: &str,
        name: &str,
    ) -> Result<DeletedSecret, ModelError> {
        let now = self.now;
        let (id, secrets) = self.secrets_mut(vault_id)?;
        let key = name.to_ascii_lowercase();
        let Some(secret) = secrets.live.remove(&key) else {
            return Err(secret_not_found(name));
        };
        let deleted = DeletedSecret {
            secret,
            deleted_at: now,
        };
        secrets.deleted.insert(key, deleted.clone());
        self.emit(Event::SecretDeleted {
            vault_id: id,
            name: deleted.secret.name.clone(),
        });
        Ok(deleted)
    }

    /// `az keyvault secret recover`: the deleted secret comes back as it was (DP-11.13).
    pub fn recover_secret(&mut self, vault_id: &str, name: &str) -> Result<Secret, ModelError> {
        let (id, secrets) = self.secrets_mut(vault_id)?;
        let key = name.to_ascii_lowercase();
        let Some(deleted) = secrets.deleted.remove(&key) else {
            return Err(deleted_secret_not_found(name));
        };
        let secret = deleted.secret;
        secrets.live.insert(key, secret.clone());
        self.emit(Event::SecretRecovered {
            vault_id: id,
            name: secret.name.clone(),
        });
        Ok(secret)
    }

    /// `az keyvault secret purge`: the deleted secret is gone for good and its name is free
    /// (DP-11.13; purge protection, off by default, is not modeled).
    pub fn purge_secret(&mut self, vault_id: &str, name: &str) -> Result<(), ModelError> {
        let (id, secrets) = self.secrets_mut(vault_id)?;
        let Some(deleted) = secrets.deleted.remove(&name.to_ascii_lowercase()) else {
            return Err(deleted_secret_not_found(name));
        };
        self.emit(Event::SecretPurged {
            vault_id: id,
            name: deleted.secret.name,
        });
        Ok(())
    }
}

/// Key Vault's answer for recovering or purging a name that is not deleted.
fn deleted_secret_not_found(name: &str) -> ModelError {
    ModelError::new(
        ErrorCode::NotFound,
        format!("(SecretNotFound) Secret not found: {name}"),
    )
}
