//! The "can it?" flow: can code on a resource, using one of its managed identities, perform an
//! operation at a scope? Answered as the stages the UI animates, in Azure's order: the token
//! request (TK-3.1, TK-3.5), the identity chosen and its token's claims (TK-3.2, TK-3.6), the
//! Azure RBAC walk (RB-4.4) and the stamp with its reason. Or: can a user, a security group or
//! an application's service principal perform it? Those sign in with their own credentials, so
//! their flow is the RBAC walk (through groups, EN-9.2) and the stamp, as `mip check --as`
//! decides it.
//!
//! Invariants: the flow is computed with the same core calls as `mip check` — identity
//! selection, then [`World::check_from`], or [`World::check_access`] for a principal — so its outcome, reason and explanation are those
//! `mip check` prints for the same inputs (a test holds the two together); nothing here changes
//! the world (no sign-in is logged, no event emitted); names resolve as the script's flags do.
//!
//! [`World::check_from`]: crate::sim::world::World::check_from
//! [`World::check_access`]: crate::sim::world::World::check_access

mod flow;
mod form;
mod operations;
mod rbac;
mod stamp;
mod text;
mod token;

pub use flow::{check, check_as, explain, CheckFlow, Field, IdentityChoice, InputError, Stage};
pub use form::{
    principal_options, statement_as, PrincipalKind, PrincipalOption, NO_TOKEN_REQUEST,
    PRINCIPALS_GROUP,
};
pub use operations::{common_operation, AppliesTo, CommonOperation, COMMON_OPERATIONS};
pub use rbac::{RbacStage, RbacStep};
pub use stamp::{Deciding, Stamp};
pub use text::as_text;
pub use token::{Claim, RequestStage, TokenStage};

#[cfg(test)]
mod tests;
