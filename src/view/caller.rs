//! Who the next statement runs as, and where: the line above the console's command line and its
//! prompt. A learner who signs in as a VM's identity must see at a glance that the next command
//! is no longer theirs (SI-8.4, AU-10.1).
//!
//! Invariant: computed from the world as it is after the last statement; nothing is kept.

use crate::sim::account::{Account, AccountKind, Host};
use crate::sim::directory::PrincipalSource;
use crate::sim::resource::{Resource, TokenEndpoint};
use crate::sim::world::World;

/// What the console says about the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The prompt before the command line: `learner` on the learner's machine, the resource's
    /// name on a resource.
    pub prompt: String,
    /// Where statements run, for people: "your machine", "vm1 (Virtual machine)".
    pub place: String,
    /// Who az is signed in as there, for people, or why nobody is.
    pub account: String,
    pub state: CallerState,
    /// Whether statements run on a resource, so that the console offers the way back.
    pub on_resource: bool,
}

/// Whether commands run as the learner, as someone else, or as nobody: the console marks the
/// last two, since their commands are authorized differently (or not at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerState {
    Learner,
    Other,
    SignedOut,
}

impl CallerState {
    /// The class the console's status line takes.
    pub fn class(self) -> &'static str {
        match self {
            CallerState::Learner => "caller-learner",
            CallerState::Other => "caller-other",
            CallerState::SignedOut => "caller-signed-out",
        }
    }
}

pub fn caller(world: &World) -> Caller {
    let (prompt, place) = match &world.host {
        Host::Local => ("learner".to_string(), "your machine".to_string()),
        Host::Resource(id) => match world.resource(id) {
            Some(r) => (r.name.clone(), format!("{} ({})", r.name, r.kind.label())),
            None => {
                let name = id.rsplit('/').next().unwrap_or(id).to_string();
                (name.clone(), format!("{name} (deleted)"))
            }
        },
    };
    let Some(account) = world.caller() else {
        let account = match world.host {
            Host::Local => "Not signed in: run az login.".to_string(),
            Host::Resource(_) => {
                "Not signed in: run az login --identity to sign in with its managed identity."
                    .to_string()
            }
        };
        return Caller {
            prompt,
            place,
            account,
            state: CallerState::SignedOut,
            on_resource: world.host != Host::Local,
        };
    };
    let state = if account.principal_id == world.learner {
        CallerState::Learner
    } else {
        CallerState::Other
    };
    Caller {
        prompt,
        place,
        account: describe(world, account),
        state,
        on_resource: world.host != Host::Local,
    }
}

/// The statements behind "Sign in on vm1 with its identity": move onto the resource, as a
/// tutorial says "SSH to the VM", and `az login --identity` there (SI-8.4). `None` for a
/// resource that runs no code of the learner's or has no identity. With several user-assigned
/// identities and no system-assigned one, the first is named, since az would fail without a
/// selector (TK-3.2).
pub fn sign_in_on(world: &World, resource: &Resource) -> Option<String> {
    if resource.kind.token_endpoint() == TokenEndpoint::Platform {
        return None;
    }
    let unique = world.resources_named(&resource.name).count() == 1;
    let host = if unique { &resource.name } else { &resource.id };
    let users = &resource.identity.user_assigned;
    let login = match (&resource.identity.system, users.as_slice()) {
        (Some(_), _) | (None, [_]) => "az login --identity".to_string(),
        (None, []) => return None,
        (None, [first, ..]) => format!("az login --identity --resource-id {}", first.id),
    };
    Some(format!("mip on {host}\n{login}"))
}

/// "learner@contoso.onmicrosoft.com (user)", "vm1's system-assigned identity", "app deploy-bot".
fn describe(world: &World, account: &Account) -> String {
    let who = match &account.kind {
        AccountKind::User => format!("{} (user)", account.name),
        AccountKind::ServicePrincipal => match world.directory.get(account.principal_id) {
            Some(sp) => format!("{} (service principal)", sp.display_name),
            None => format!("{} (service principal)", account.name),
        },
        AccountKind::ManagedIdentity { .. } => match world.directory.get(account.principal_id) {
            Some(sp) => match sp.source {
                PrincipalSource::System { .. } => {
                    format!("{}'s system-assigned identity", sp.display_name)
                }
                _ => format!("user-assigned identity {}", sp.display_name),
            },
            None => "a managed identity that no longer exists".to_string(),
        },
    };
    let scope = if account.subscription.is_none() {
        ", tenant level (no subscription)"
    } else {
        ""
    };
    format!("Signed in as {who}{scope}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::script::session::Session;

    #[test]
    fn signing_in_on_a_resource_names_the_identity_az_would_need() {
        let session = Session::run(
            "az group create -n rg1 -l eastus
az vm create -g rg1 -n vm1 --assign-identity
az vm create -g rg1 -n vm2
az identity create -g rg1 -n id1
az identity create -g rg1 -n id2
az vm identity assign -g rg1 -n vm2 --identities id1 id2
az storage account create -g rg1 -n st1 --assign-identity
",
        );
        let world = &session.world;
        let on = |name: &str| {
            let r = world.resources_named(name).next().expect("resource");
            sign_in_on(world, r)
        };
        assert_eq!(
            on("vm1").as_deref(),
            Some("mip on vm1\naz login --identity")
        );
        let vm2 = on("vm2").unwrap_or_default();
        assert!(
            vm2.starts_with("mip on vm2\naz login --identity --resource-id /subscriptions/"),
            "{vm2}"
        );
        assert!(vm2.ends_with("/userAssignedIdentities/id1"), "{vm2}");
        assert_eq!(
            on("st1"),
            None,
            "a storage account runs no code of the learner's"
        );
    }

    #[test]
    fn a_new_playground_runs_as_the_learner_on_their_machine() {
        let world = Session::new().world;
        let c = caller(&world);
        assert_eq!(c.prompt, "learner");
        assert_eq!(c.place, "your machine");
        assert_eq!(
            c.account,
            "Signed in as learner@contoso.onmicrosoft.com (user)."
        );
        assert_eq!(c.state, CallerState::Learner);
    }
}
