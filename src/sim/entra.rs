//! The Entra ID changes beyond managed identities: users, security groups (EN-9.1), app
//! registrations and their service principals (EN-9.3 … EN-9.8), and client secrets.
//!
//! Like every mutator of [`World`], each method here checks what Microsoft Graph checks, changes
//! the directory, and announces what happened as [`Event`]s. Invariants: an application's
//! service principal never outlives its application (EN-9.3); a secret's value appears only in
//! the return value of the call that made it, never in an event (EN-9.6); deleting a principal
//! of any kind leaves its role assignments in place, orphaned (MI-1.5).

use super::account::AccountKind;
use super::directory::{
    Application, FormerMember, Group, Member, PasswordCredential, PrincipalSource,
    ServicePrincipal, User,
};
use super::event::Event;
use super::ids::Guid;
use super::world::{ErrorCode, ModelError, World, TENANT_DOMAIN};

/// Graph's answer when an id names nothing (or nothing of the kind asked for).
pub fn graph_not_found(id: &str) -> ModelError {
    ModelError::new(
        ErrorCode::NotFound,
        format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
    )
}

/// Whether a password meets Entra's default complexity: at least 8 characters from at least
/// three of lower case, upper case, digits and symbols.
fn complex_enough(password: &str) -> bool {
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    password.chars().count() >= 8 && classes.iter().filter(|c| **c).count() >= 3
}

/// The characters of a generated client secret besides its `~` (as Entra's secrets look).
const SECRET_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

impl World {
    /// A new user in the tenant. Graph refuses a UPN outside the tenant's verified domain, a
    /// UPN already taken, and a password below the complexity policy.
    pub fn create_user(
        &mut self,
        display_name: &str,
        user_principal_name: &str,
        password: &str,
    ) -> Result<User, ModelError> {
        match user_principal_name.rsplit_once('@') {
            Some((local, domain))
                if !local.is_empty() && domain.eq_ignore_ascii_case(TENANT_DOMAIN) => {}
            _ => {
                return Err(ModelError::new(
                    ErrorCode::InvalidValue,
                    format!("The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization. (The playground's tenant has one: {TENANT_DOMAIN}, e.g. alice@{TENANT_DOMAIN}.)"),
                ));
            }
        }
        if self.directory.user_by_upn(user_principal_name).is_some() {
            return Err(ModelError::new(
                ErrorCode::Conflict,
                "Another object with the same value for property userPrincipalName already exists.",
            ));
        }
        if !complex_enough(password) {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                "The specified password does not comply with password complexity requirements. Please provide a different password.",
            ));
        }
        let user = User {
            object_id: self.new_guid(),
            user_principal_name: user_principal_name.to_string(),
            display_name: display_name.to_string(),
            created_at: self.now,
        };
        self.directory.insert_user(user.clone());
        self.emit(Event::UserCreated {
            object_id: user.object_id,
            user_principal_name: user.user_principal_name.clone(),
        });
        Ok(user)
    }

    /// Deletes a user; its group memberships go, its role assignments stay, orphaned (MI-1.5).
    /// The learner's own account is kept: every script runs as the learner.
    pub fn delete_user(&mut self, object_id: Guid) -> Result<User, ModelError> {
        if object_id == self.learner {
            return Err(ModelError::new(
                ErrorCode::Conflict,
                "The playground keeps the learner's own account (learner@contoso.onmicrosoft.com): the script runs as that user. Delete another user.",
            ));
        }
        let user = self
            .directory
            .remove_user(object_id)
            .ok_or_else(|| graph_not_found(&object_id.to_string()))?;
        self.emit(Event::UserDeleted {
            object_id,
            user_principal_name: user.user_principal_name.clone(),
        });
        self.drop_principal(object_id, &user.user_principal_name);
        Ok(user)
    }

    /// EN-9.1: a new security group. Graph allows several groups with one display name; naming
    /// such a group later is then ambiguous.
    pub fn create_security_group(&mut self, display_name: &str, mail_nickname: &str) -> Group {
        let group = Group {
            object_id: self.new_guid(),
            display_name: display_name.to_string(),
            mail_nickname: mail_nickname.to_string(),
            members: Vec::new(),
            former_members: Vec::new(),
            created_at: self.now,
        };
        self.directory.insert_group(group.clone());
        self.emit(Event::GroupCreated {
            object_id: group.object_id,
            display_name: group.display_name.clone(),
        });
        group
    }

    /// Deletes a group: its members lose what it granted (EN-9.2), and its own role assignments
    /// stay, orphaned (MI-1.5).
    pub fn delete_security_group(&mut self, object_id: Guid) -> Result<Group, ModelError> {
        let group = self
            .directory
            .remove_group(object_id)
            .ok_or_else(|| graph_not_found(&object_id.to_string()))?;
        self.emit(Event::GroupDeleted {
            object_id,
            display_name: group.display_name.clone(),
        });
        self.drop_principal(object_id, &group.display_name);
        Ok(group)
    }

    /// EN-9.1: adds a user, service principal (managed identities included) or group to a
    /// security group.
    pub fn add_group_member(&mut self, group_id: Guid, member_id: Guid) -> Result<(), ModelError> {
        let now = self.now;
        if !self.directory.is_principal(member_id) {
            return Err(graph_not_found(&member_id.to_string()));
        }
        let group = self
            .directory
            .group_mut(group_id)
            .ok_or_else(|| graph_not_found(&group_id.to_string()))?;
        if group.has_member(member_id) {
            return Err(ModelError::new(
                ErrorCode::Conflict,
                "One or more added object references already exist for the following modified properties: 'members'.",
            ));
        }
        group.members.push(Member {
            object_id: member_id,
            added_at: now,
        });
        let group_name = group.display_name.clone();
        self.emit(Event::GroupMemberAdded {
            group_id,
            group_name,
            member_id,
        });
        Ok(())
    }

    pub fn remove_group_member(
        &mut self,
        group_id: Guid,
        member_id: Guid,
    ) -> Result<(), ModelError> {
        let now = self.now;
        let group = self
            .directory
            .group_mut(group_id)
            .ok_or_else(|| graph_not_found(&group_id.to_string()))?;
        let Some(index) = group.members.iter().position(|m| m.object_id == member_id) else {
            return Err(graph_not_found(&member_id.to_string()));
        };
        let member = group.members.remove(index);
        // TK-3.8: a managed identity's cached token still carries the membership for a while.
        group.former_members.push(FormerMember {
            object_id: member_id,
            added_at: member.added_at,
            removed_at: now,
        });
        let group_name = group.display_name.clone();
        self.emit(Event::GroupMemberRemoved {
            group_id,
            group_name,
            member_id,
        });
        Ok(())
    }

    /// EN-9.3: the application with this display name (Graph's `displayName eq` ignores case),
    /// created when there is none (`az ad app create` and `create-for-rbac` patch an existing
    /// one). Returns it and whether it is new.
    pub fn ensure_application(&mut self, display_name: &str) -> (Application, bool) {
        if let Some(existing) = self
            .directory
            .applications()
            .find(|a| a.display_name.eq_ignore_ascii_case(display_name))
        {
            return (existing.clone(), false);
        }
        let owners = self
            .caller()
            .filter(|a| a.kind == AccountKind::User)
            .map(|a| vec![a.principal_id])
            .unwrap_or_default();
        let application = Application {
            object_id: self.new_guid(),
            app_id: self.new_guid(),
            display_name: display_name.to_string(),
            passwords: Vec::new(),
            owners,
            created_at: self.now,
        };
        self.directory.insert_application(application.clone());
        self.emit(Event::ApplicationCreated {
            object_id: application.object_id,
            app_id: application.app_id,
            display_name: application.display_name.clone(),
        });
        (application, true)
    }

    /// EN-9.3: deleting an application deletes its service principal in this tenant (soft
    /// deleted, MI-1.4), whose role assignments stay, orphaned (MI-1.5).
    pub fn delete_application(&mut self, object_id: Guid) -> Result<Application, ModelError> {
        let application = self
            .directory
            .application(object_id)
            .cloned()
            .ok_or_else(|| graph_not_found(&object_id.to_string()))?;
        if let Some(sp) = self.directory.by_app_id(application.app_id).cloned() {
            self.drop_principal(sp.object_id, &application_source(object_id));
        }
        self.directory.remove_application(object_id);
        self.emit(Event::ApplicationDeleted {
            object_id,
            app_id: application.app_id,
            display_name: application.display_name.clone(),
        });
        Ok(application)
    }

    /// EN-9.3: `az ad sp create --id <appId>`: the application's service principal in this
    /// tenant (EN-9.4: of type Application). Graph allows one per application and tenant.
    pub fn create_application_principal(
        &mut self,
        app_id: Guid,
    ) -> Result<ServicePrincipal, ModelError> {
        let application = self
            .directory
            .application_by_app_id(app_id)
            .cloned()
            .ok_or_else(|| graph_not_found(&app_id.to_string()))?;
        if self.directory.by_app_id(app_id).is_some() {
            return Err(ModelError::new(
                ErrorCode::Conflict,
                "Another object with the same value for property servicePrincipalNames already exists.",
            ));
        }
        let sp = ServicePrincipal {
            object_id: self.new_guid(),
            app_id,
            display_name: application.display_name.clone(),
            source: PrincipalSource::Application {
                application_id: application.object_id,
            },
            created_at: self.now,
        };
        self.directory.insert(sp.clone());
        self.emit(Event::ServicePrincipalCreated {
            object_id: sp.object_id,
            app_id,
            display_name: sp.display_name.clone(),
            source_id: application_source(application.object_id),
        });
        Ok(sp)
    }

    /// Deletes a service principal of an application (`az ad sp delete`); the application
    /// stays, and `az ad sp create` can make a new principal for it. A managed identity's
    /// principal can't be deleted directly (EN-9.4): its resource owns it.
    pub fn delete_application_principal(&mut self, object_id: Guid) -> Result<(), ModelError> {
        let sp = self
            .directory
            .get(object_id)
            .cloned()
            .ok_or_else(|| graph_not_found(&object_id.to_string()))?;
        let PrincipalSource::Application { application_id } = sp.source else {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                format!("'{}' is a managed identity's service principal, which can't be modified directly: turn the identity off on its resource, or delete the user-assigned identity (EN-9.4).", sp.display_name),
            ));
        };
        self.drop_principal(object_id, &application_source(application_id));
        Ok(())
    }

    /// EN-9.6, EN-9.8: adds a client secret to an application, valid until `end`; without
    /// `append`, every existing secret is deleted first (EN-9.7). Returns the new credential,
    /// whose secret value the caller shows once.
    pub fn add_password(
        &mut self,
        application_id: Guid,
        display_name: Option<&str>,
        end: u64,
        append: bool,
    ) -> Result<PasswordCredential, ModelError> {
        let app_id = self
            .directory
            .application(application_id)
            .map(|a| a.app_id)
            .ok_or_else(|| graph_not_found(&application_id.to_string()))?;
        if end <= self.now {
            return Err(ModelError::new(
                ErrorCode::InvalidValue,
                "The end date of the credential must be later than its start date (the simulated now).",
            ));
        }
        let credential = PasswordCredential {
            key_id: self.new_guid(),
            secret: self.new_secret(),
            display_name: display_name.map(str::to_string),
            start: self.now,
            end,
        };
        let Some(application) = self.directory.application_mut(application_id) else {
            return Err(graph_not_found(&application_id.to_string()));
        };
        let removed = if append {
            Vec::new()
        } else {
            std::mem::take(&mut application.passwords)
        };
        application.passwords.push(credential.clone());
        for old in removed {
            self.emit(Event::CredentialRemoved {
                app_id,
                key_id: old.key_id,
            });
        }
        self.emit(Event::CredentialAdded {
            app_id,
            key_id: credential.key_id,
            end,
        });
        Ok(credential)
    }

    /// A client secret as Entra makes them: 40 characters, the fifth and sixth `Q~`, drawn from
    /// the seeded generator so a script always gets the same secret.
    fn new_secret(&mut self) -> String {
        let bytes: Vec<u8> = [self.new_guid(), self.new_guid(), self.new_guid()]
            .iter()
            .flat_map(|g| {
                let hex: String = g.to_string().chars().filter(|c| *c != '-').collect();
                (0..hex.len() / 2)
                    .filter_map(|i| u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok())
                    .collect::<Vec<u8>>()
            })
            .collect();
        let pick = |b: &u8| SECRET_ALPHABET[*b as usize % SECRET_ALPHABET.len()] as char;
        let mut secret: String = bytes.iter().take(3).map(pick).collect();
        secret.push(char::from(b'0' + bytes.get(3).map_or(0, |b| b % 10)));
        secret.push_str("Q~");
        secret.extend(bytes.iter().skip(4).take(34).map(pick));
        secret
    }
}

/// The `source_id` of an application's service principal in events: the application's Graph
/// path, as the principal belongs to it (EN-9.3) the way a managed identity's belongs to an ARM id.
pub fn application_source(application_id: Guid) -> String {
    format!("/applications/{application_id}")
}
