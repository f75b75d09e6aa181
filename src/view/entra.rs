//! The Entra ID panel's lists beyond the service principals: users, security groups and app
//! registrations, each as labelled facts a newcomer can read, sorted by name.
//!
//! Why a client secret is flagged: it is a password that works for whoever holds it until it
//! expires or is reset (EN-9.6, EN-9.8, SI-8.11), the risk managed identities remove (TK-3.7).

use crate::sim::directory::{Application, Group, ObjectKind, User};
use crate::sim::sort::sort_by_key;
use crate::sim::world::World;
use crate::view::describe::time_text;

/// One entry of a list: a name, an optional badge, labelled facts and an optional warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub name: String,
    pub badge: Option<&'static str>,
    pub facts: Vec<(&'static str, String)>,
    pub warning: Option<String>,
}

/// The panel's lists other than the service principals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Directory {
    pub users: Vec<Entry>,
    pub groups: Vec<Entry>,
    pub applications: Vec<Entry>,
}

pub fn directory(world: &World) -> Directory {
    let mut users: Vec<&User> = world.directory.users().collect();
    sort_by_key(&mut users, |u| u.user_principal_name.to_ascii_lowercase());
    let mut groups: Vec<&Group> = world.directory.groups().collect();
    sort_by_key(&mut groups, |g| g.display_name.to_ascii_lowercase());
    let mut applications: Vec<&Application> = world.directory.applications().collect();
    sort_by_key(&mut applications, |a| a.display_name.to_ascii_lowercase());
    Directory {
        users: users.into_iter().map(|u| user(world, u)).collect(),
        groups: groups.into_iter().map(|g| group(world, g)).collect(),
        applications: applications
            .into_iter()
            .map(|a| application(world, a))
            .collect(),
    }
}

fn user(world: &World, user: &User) -> Entry {
    Entry {
        key: user.object_id.to_string(),
        name: user.user_principal_name.clone(),
        badge: (user.object_id == world.learner).then_some("You"),
        facts: vec![
            ("Display name", user.display_name.clone()),
            ("Object id", user.object_id.to_string()),
        ],
        warning: None,
    }
}

fn group(world: &World, group: &Group) -> Entry {
    let mut members: Vec<String> = group
        .members
        .iter()
        .map(|m| {
            let m = m.object_id;
            let name = world
                .directory
                .principal_name(m)
                .map_or_else(|| m.to_string(), str::to_string);
            match world.directory.kind_of(m) {
                Some(ObjectKind::Group) => format!("{name} (group)"),
                Some(ObjectKind::ServicePrincipal) => format!("{name} (service principal)"),
                _ => name,
            }
        })
        .collect();
    sort_by_key(&mut members, |m| m.to_ascii_lowercase());
    let members = if members.is_empty() {
        "none".to_string()
    } else {
        members.join(", ")
    };
    Entry {
        key: group.object_id.to_string(),
        name: group.display_name.clone(),
        badge: Some("Security group"),
        facts: vec![
            ("Members", members),
            ("Object id", group.object_id.to_string()),
        ],
        warning: None,
    }
}

fn application(world: &World, app: &Application) -> Entry {
    let now = world.now;
    let secrets: Vec<String> = app
        .passwords
        .iter()
        .map(|p| {
            let state = if p.expired(now) { "expired" } else { "expires" };
            format!("{}… ({state} {})", p.hint(), time_text(p.end))
        })
        .collect();
    let live = app.passwords.iter().filter(|p| !p.expired(now)).count();
    let warning = (live > 0).then(|| {
        format!(
            "{live} client secret{} can sign in as this app, for whoever holds {}, until {} or {} reset.",
            if live == 1 { "" } else { "s" },
            if live == 1 { "it" } else { "them" },
            if live == 1 { "it expires" } else { "they expire" },
            if live == 1 { "is" } else { "are" },
        )
    });
    let has_principal = world
        .directory
        .principals()
        .any(|sp| sp.app_id == app.app_id);
    Entry {
        key: app.object_id.to_string(),
        name: app.display_name.clone(),
        badge: Some("App registration"),
        facts: vec![
            ("Application (client) id", app.app_id.to_string()),
            (
                "Service principal",
                if has_principal {
                    "yes"
                } else {
                    "none yet: az ad sp create --id <appId>"
                }
                .to_string(),
            ),
            (
                "Client secrets",
                if secrets.is_empty() {
                    "none".to_string()
                } else {
                    secrets.join(", ")
                },
            ),
        ],
        warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::script::session::Session;

    #[test]
    fn a_new_tenant_has_the_learner_only() {
        let d = directory(&Session::new().world);
        assert_eq!(d.users.len(), 1);
        assert_eq!(d.users[0].name, "learner@contoso.onmicrosoft.com");
        assert_eq!(d.users[0].badge, Some("You"));
        assert!(d.groups.is_empty() && d.applications.is_empty());
    }
}
