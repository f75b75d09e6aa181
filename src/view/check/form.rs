//! What the form offers besides resources: the principals that ask directly (users, the learner
//! first, security groups and applications' service principals), and the `mip check --as`
//! statement for such a check.
//!
//! Invariants: every principal offered resolves back to itself through `mip check --as` (a
//! user by UPN, an application's principal by its app id, anything else by object id), so the
//! statement decides exactly what the panel shows; managed identities are not offered here,
//! since code on their resource asks for them through a token request.

use crate::sim::directory::PrincipalSource;
use crate::sim::ids::Guid;
use crate::sim::operations;
use crate::sim::sort::sort_by_key;
use crate::sim::world::World;
use crate::view::commands;

/// The heading of the principals in the "Who asks" picker, after the resources.
pub const PRINCIPALS_GROUP: &str = "Users, groups and apps";

/// Why the identity picker has nothing to offer for a principal.
pub const NO_TOKEN_REQUEST: &str = "A user or an app signs in with its own credentials; there is no managed-identity token request.";

/// A principal that asks directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    /// The learner's own user, Owner of the subscription.
    You,
    User,
    /// A security group: asking as it shows what its members get through it (EN-9.2).
    Group,
    /// An application's service principal (EN-9.3).
    Application,
}

impl PrincipalKind {
    /// The words after the principal's name.
    pub fn label(self) -> &'static str {
        match self {
            PrincipalKind::You => "you",
            PrincipalKind::User => "user",
            PrincipalKind::Group => "security group",
            PrincipalKind::Application => "app's service principal",
        }
    }
}

/// One entry of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalOption {
    pub principal: Guid,
    pub kind: PrincipalKind,
    /// "learner@contoso.onmicrosoft.com (you)", "readers (security group)".
    pub label: String,
}

/// The learner, then the other users by UPN, the security groups and the applications' service
/// principals, each by name (then object id, for equal names).
pub fn principal_options(world: &World) -> Vec<PrincipalOption> {
    let directory = &world.directory;
    let users = directory.users().map(|u| {
        let kind = if u.object_id == world.learner {
            PrincipalKind::You
        } else {
            PrincipalKind::User
        };
        (u.object_id, kind, u.user_principal_name.clone())
    });
    let groups = directory
        .groups()
        .map(|g| (g.object_id, PrincipalKind::Group, g.display_name.clone()));
    let apps = directory
        .principals()
        .filter(|sp| matches!(sp.source, PrincipalSource::Application { .. }))
        .map(|sp| {
            (
                sp.object_id,
                PrincipalKind::Application,
                sp.display_name.clone(),
            )
        });
    let mut options: Vec<(Guid, PrincipalKind, String)> = users.chain(groups).chain(apps).collect();
    sort_by_key(&mut options, |(id, kind, name)| {
        (rank(*kind), name.to_ascii_lowercase(), *id)
    });
    options
        .into_iter()
        .map(|(principal, kind, name)| PrincipalOption {
            principal,
            kind,
            label: format!("{name} ({})", kind.label()),
        })
        .collect()
}

fn rank(kind: PrincipalKind) -> u8 {
    match kind {
        PrincipalKind::You => 0,
        PrincipalKind::User => 1,
        PrincipalKind::Group => 2,
        PrincipalKind::Application => 3,
    }
}

/// How `mip check --as` names a principal unambiguously: a user by UPN, an application's
/// principal by its app (client) id, as `az ad sp create-for-rbac` prints it, anything else
/// by object id.
fn as_value(world: &World, principal: Guid) -> String {
    let directory = &world.directory;
    if let Some(user) = directory.user(principal) {
        return user.user_principal_name.clone();
    }
    match directory.get(principal) {
        Some(sp) if matches!(sp.source, PrincipalSource::Application { .. }) => {
            sp.app_id.to_string()
        }
        _ => principal.to_string(),
    }
}

/// The `mip check --as … --action … --scope …` statement for `principal` trying `operation` (a
/// friendly name or an operation string) at `scope` (an ARM id, given in full).
pub fn statement_as(world: &World, principal: Guid, operation: &str, scope: &str) -> String {
    let action = operations::by_friendly(operation)
        .or_else(|| operations::find(operation))
        .map_or_else(
            || operation.trim().to_string(),
            |op| op.friendly.to_string(),
        );
    commands::check_as(&as_value(world, principal), &action, scope.trim())
}
