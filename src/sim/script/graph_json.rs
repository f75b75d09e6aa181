//! The JSON shapes Microsoft Graph returns for users, groups, applications and their
//! credentials, as `az ad …` prints them, so `--query` written against real output works here.
//!
//! Invariant: a secret's value never appears here; `passwordCredentials` carry its `hint`,
//! `keyId` and dates only, with `secretText` null, as Graph lists them (EN-9.6).

use serde_json::{json, Value};

use super::time::graph_time;
use crate::sim::directory::{Application, Group, ObjectKind, PasswordCredential, User};
use crate::sim::ids::Guid;
use crate::sim::world::{World, TENANT_DOMAIN};

pub fn user(u: &User) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.user",
        "businessPhones": [],
        "displayName": u.display_name,
        "givenName": null,
        "id": u.object_id.to_string(),
        "jobTitle": null,
        "mail": null,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": null,
        "surname": null,
        "userPrincipalName": u.user_principal_name,
    })
}

/// EN-9.1: a security group (not mail-enabled, no `groupTypes`, unlike a Microsoft 365 group).
pub fn group(g: &Group) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.group",
        "classification": null,
        "createdDateTime": graph_time(g.created_at),
        "deletedDateTime": null,
        "description": null,
        "displayName": g.display_name,
        "groupTypes": [],
        "id": g.object_id.to_string(),
        "isAssignableToRole": null,
        "mail": null,
        "mailEnabled": false,
        "mailNickname": g.mail_nickname,
        "securityEnabled": true,
        "visibility": null,
    })
}

/// Graph lists a secret by its hint and dates; `secretText` only when it is made (EN-9.6).
pub fn password_credential(p: &PasswordCredential) -> Value {
    json!({
        "customKeyIdentifier": null,
        "displayName": p.display_name,
        "endDateTime": graph_time(p.end),
        "hint": p.hint(),
        "keyId": p.key_id.to_string(),
        "secretText": null,
        "startDateTime": graph_time(p.start),
    })
}

/// EN-9.3: an app registration's application object.
pub fn application(a: &Application) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.application",
        "appId": a.app_id.to_string(),
        "createdDateTime": graph_time(a.created_at),
        "deletedDateTime": null,
        "displayName": a.display_name,
        "id": a.object_id.to_string(),
        "identifierUris": [],
        "keyCredentials": [],
        "passwordCredentials": a.passwords.iter().map(password_credential).collect::<Vec<_>>(),
        "publisherDomain": TENANT_DOMAIN,
        "requiredResourceAccess": [],
        "signInAudience": "AzureADMyOrg",
    })
}

/// Any directory object by id, as `az ad group member list` prints members: its own shape with
/// its `@odata.type`.
pub fn directory_object(world: &World, id: Guid) -> Option<Value> {
    let directory = &world.directory;
    match directory.kind_of(id)? {
        ObjectKind::User => directory.user(id).map(user),
        ObjectKind::Group => directory.group(id).map(group),
        ObjectKind::Application => directory.application(id).map(application),
        ObjectKind::ServicePrincipal => directory.get(id).map(|sp| {
            let mut v = super::arm_json::service_principal(world, sp);
            if let Value::Object(map) = &mut v {
                map.insert(
                    "@odata.type".into(),
                    json!("#microsoft.graph.servicePrincipal"),
                );
            }
            v
        }),
    }
}
