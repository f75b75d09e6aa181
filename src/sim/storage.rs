//! A storage account's data plane: blobs in containers, the two account keys, and whether the
//! account accepts requests signed with them (DP-11.1, DP-11.3 … DP-11.6).
//!
//! Invariants: keys are derived, never drawn from the id generator, so creating an account draws
//! no ids and existing scripts keep theirs. Each key is a hash of the account's ARM id, the moment
//! the account was created (a re-created account gets new keys), the key's name and how often it
//! was renewed (a renewed key differs from every earlier value, DP-11.5). Every blob lies in a
//! container the account lists; deleting a container deletes its blobs.

use std::collections::BTreeMap;

use base64::Engine;

use super::event::Event;
use super::ids::{stable_hash, IdGen};
use super::resource::{Details, Resource};
use super::world::{ErrorCode, ModelError, World};

/// An account's two keys (DP-11.3): az lists them as `key1` and `key2` and renews them with
/// `--key primary|secondary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StorageKey {
    Primary,
    Secondary,
}

impl StorageKey {
    pub const BOTH: [StorageKey; 2] = [StorageKey::Primary, StorageKey::Secondary];

    /// The `keyName` az prints.
    pub fn key_name(self) -> &'static str {
        match self {
            StorageKey::Primary => "key1",
            StorageKey::Secondary => "key2",
        }
    }

    /// `--key primary|secondary`.
    pub fn parse(text: &str) -> Option<StorageKey> {
        match text.to_ascii_lowercase().as_str() {
            "primary" => Some(StorageKey::Primary),
            "secondary" => Some(StorageKey::Secondary),
            _ => None,
        }
    }

    fn index(self) -> usize {
        match self {
            StorageKey::Primary => 0,
            StorageKey::Secondary => 1,
        }
    }
}

/// DP-11.6: whether the account accepts requests signed with an account key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedKeyAccess {
    Allowed,
    Disabled,
}

/// One blob. The playground cannot read the learner's files, so an upload from `--file` keeps a
/// placeholder in `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub content: String,
    pub written_at: u64,
    /// How many times it was written, for its etag.
    pub writes: u32,
}

/// What a storage account holds beyond its containers' names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StorageData {
    /// When the account was created: part of its keys' seed.
    pub created_at: u64,
    /// How often each key was renewed.
    renewals: [u32; 2],
    /// `allowSharedKeyAccess`; `None` (never set) means allowed, as in Azure (DP-11.6).
    pub shared_key_access: Option<SharedKeyAccess>,
    /// Blobs by container and blob name.
    blobs: BTreeMap<(String, String), Blob>,
}

impl StorageData {
    /// A new account's data; `shared_key_access` is `--allow-shared-key-access`, if given.
    pub fn new(created_at: u64, shared_key_access: Option<SharedKeyAccess>) -> StorageData {
        StorageData {
            created_at,
            shared_key_access,
            ..StorageData::default()
        }
    }

    /// DP-11.3: the current value of a key: 64 bytes in base64, 88 characters like Azure's.
    pub fn key(&self, account_id: &str, key: StorageKey) -> String {
        let seed = format!(
            "{}|{}|{}|{}",
            account_id.to_ascii_lowercase(),
            self.created_at,
            key.key_name(),
            self.renewals[key.index()]
        );
        let mut bits = IdGen::new(stable_hash(&seed));
        let mut bytes = [0u8; 64];
        for chunk in bytes.chunks_mut(8) {
            chunk.copy_from_slice(&bits.next_u64().to_le_bytes());
        }
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// Which current key `value` is, if any: a renewed key's old value matches nothing (DP-11.5).
    pub fn key_matching(&self, account_id: &str, value: &str) -> Option<StorageKey> {
        StorageKey::BOTH
            .into_iter()
            .find(|k| self.key(account_id, *k) == value)
    }

    pub fn allows_shared_key(&self) -> bool {
        self.shared_key_access != Some(SharedKeyAccess::Disabled)
    }

    pub fn blob(&self, container: &str, name: &str) -> Option<&Blob> {
        self.blobs.get(&(container.to_string(), name.to_string()))
    }

    /// A container's blobs, by name.
    pub fn blobs_in<'a>(&'a self, container: &'a str) -> impl Iterator<Item = (&'a str, &'a Blob)> {
        self.blobs
            .iter()
            .filter(move |((c, _), _)| c == container)
            .map(|((_, name), blob)| (name.as_str(), blob))
    }
}

impl Resource {
    /// A storage account's data, `None` for other resources.
    pub fn storage(&self) -> Option<&StorageData> {
        match &self.details {
            Details::StorageAccount { data, .. } => Some(data),
            _ => None,
        }
    }
}

/// The ARM id of a blob container, which is also its RBAC scope (RB-4.2).
pub fn container_id(account_id: &str, container: &str) -> String {
    format!("{account_id}/blobServices/default/containers/{container}")
}

/// Azure Storage's answer for a container that does not exist.
fn container_not_found() -> ModelError {
    ModelError::new(
        ErrorCode::NotFound,
        "The specified container does not exist.\nErrorCode:ContainerNotFound",
    )
}

impl World {
    /// The account's ARM id, container names and data, for a mutation.
    fn storage_mut(
        &mut self,
        account_id: &str,
    ) -> Result<(String, &mut Vec<String>, &mut StorageData), ModelError> {
        let account = self.resource_mut(account_id)?;
        let id = account.id.clone();
        match &mut account.details {
            Details::StorageAccount { containers, data } => Ok((id, containers, data)),
            _ => Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!("'{account_id}' is not a storage account."),
            )),
        }
    }

    /// DP-11.5: replaces one key; every holder of its old value (a key or a connection string)
    /// fails from now on.
    pub fn renew_storage_key(
        &mut self,
        account_id: &str,
        key: StorageKey,
    ) -> Result<(), ModelError> {
        let (id, _, data) = self.storage_mut(account_id)?;
        data.renewals[key.index()] += 1;
        self.log_activity(
            "Regenerate Storage Account Keys",
            "Microsoft.Storage/storageAccounts/regeneratekey/action",
            &id,
        );
        self.emit(Event::StorageKeyRenewed {
            account_id: id,
            key,
        });
        Ok(())
    }

    /// DP-11.6: `az storage account update --allow-shared-key-access`. Setting the value it
    /// already has changes nothing and announces nothing.
    pub fn set_shared_key_access(
        &mut self,
        account_id: &str,
        access: SharedKeyAccess,
    ) -> Result<(), ModelError> {
        let (id, _, data) = self.storage_mut(account_id)?;
        let before = data.shared_key_access;
        data.shared_key_access = Some(access);
        self.log_activity(
            "Create/Update Storage Account",
            "Microsoft.Storage/storageAccounts/write",
            &id,
        );
        if before.unwrap_or(SharedKeyAccess::Allowed) != access {
            self.emit(Event::SharedKeyAccessChanged {
                account_id: id,
                access,
            });
        }
        Ok(())
    }

    /// Writes a blob (create or overwrite); the container must exist.
    pub fn write_blob(
        &mut self,
        account_id: &str,
        container: &str,
        name: &str,
        content: String,
    ) -> Result<(), ModelError> {
        let now = self.now;
        let (id, containers, data) = self.storage_mut(account_id)?;
        if !containers.iter().any(|c| c == container) {
            return Err(container_not_found());
        }
        let writes = data
            .blob(container, name)
            .map_or(1, |b| b.writes.saturating_add(1));
        data.blobs.insert(
            (container.to_string(), name.to_string()),
            Blob {
                content,
                written_at: now,
                writes,
            },
        );
        self.emit(Event::BlobWritten {
            container_id: container_id(&id, container),
            name: name.to_string(),
        });
        Ok(())
    }

    /// Deletes a blob; Azure's `BlobNotFound` when there is none.
    pub fn delete_blob(
        &mut self,
        account_id: &str,
        container: &str,
        name: &str,
    ) -> Result<(), ModelError> {
        let (id, containers, data) = self.storage_mut(account_id)?;
        if !containers.iter().any(|c| c == container) {
            return Err(container_not_found());
        }
        if data
            .blobs
            .remove(&(container.to_string(), name.to_string()))
            .is_none()
        {
            return Err(ModelError::new(
                ErrorCode::NotFound,
                "The specified blob does not exist.\nErrorCode:BlobNotFound",
            ));
        }
        self.emit(Event::BlobDeleted {
            container_id: container_id(&id, container),
            name: name.to_string(),
        });
        Ok(())
    }

    /// Deletes a container with its blobs and the role assignments scoped at it, as deleting a
    /// resource does; returns whether it existed (az prints `{"deleted": false}` otherwise).
    pub fn delete_container(&mut self, account_id: &str, name: &str) -> Result<bool, ModelError> {
        let (id, containers, data) = self.storage_mut(account_id)?;
        if !containers.iter().any(|c| c == name) {
            return Ok(false);
        }
        containers.retain(|c| c != name);
        data.blobs.retain(|(c, _), _| c != name);
        let scope = container_id(&id, name);
        self.unindex_name(name, &scope);
        self.remove_assignments_within(&scope);
        self.emit(Event::ContainerDeleted { id: scope });
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DP-11.3: two keys of 88 base64 characters; DP-11.5: renewing one changes only it.
    #[test]
    fn dp_11_3_keys_look_like_azure_and_renewal_changes_one() {
        let id =
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";
        let mut data = StorageData::new(5, None);
        let [k1, k2] = StorageKey::BOTH.map(|k| data.key(id, k));
        assert_eq!(k1.len(), 88);
        assert!(k1.ends_with("=="));
        assert_ne!(k1, k2);
        assert_eq!(data.key_matching(id, &k1), Some(StorageKey::Primary));
        data.renewals[0] += 1;
        assert_ne!(data.key(id, StorageKey::Primary), k1);
        assert_eq!(data.key(id, StorageKey::Secondary), k2);
        assert_eq!(data.key_matching(id, &k1), None);
        assert_ne!(StorageData::new(6, None).key(id, StorageKey::Secondary), k2);
    }
}
