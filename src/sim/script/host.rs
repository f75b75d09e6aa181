//! `mip on`: where the following statements run, as a tutorial says "SSH to the VM, then run…".
//!
//! On a resource, `az login --identity` reaches the resource's identity endpoint (SI-8.4) and
//! each machine keeps its own az sign-in; a resource starts signed out.

use super::command::{Args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::resolve;
use crate::sim::account::Host;

/// The statement's command path: the one statement that still runs when the host is gone.
pub const PATH: [&str; 2] = ["mip", "on"];

/// The word that brings the statements back to the learner's machine.
const LOCAL: &str = "local";

/// `mip on <resource>` / `mip on local`.
pub fn on(ctx: &mut Ctx<'_>, args: &Args) -> Result<Output, ScriptError> {
    let Some(target) = args.positional.first() else {
        return Err(ScriptError::new(
            args.pos,
            ErrorKind::MissingArgument,
            "'mip on' needs where to run: a resource (name or ARM id) such as a VM, or local",
        ));
    };
    if target.text.eq_ignore_ascii_case(LOCAL) {
        ctx.world.set_host(Host::Local);
        return Ok(Output::Nothing);
    }
    let resource = resolve::resource_ref(ctx.world, &target.text, target.pos)?;
    if !resource.kind.supports_identity() {
        return Err(ScriptError::new(
            target.pos,
            ErrorKind::InvalidValue,
            format!(
                "statements cannot run on {} '{}': it runs no code of its own and holds no managed identity; choose a VM, scale set, web app, function app or another resource with an identity",
                resource.kind.label().to_ascii_lowercase(),
                resource.name
            ),
        ));
    }
    ctx.world.set_host(Host::Resource(resource.id.clone()));
    if ctx.world.caller().is_none() {
        ctx.notes.push(format!(
            "nobody is signed in to az on '{}' yet: 'az login --identity' signs in with its managed identity",
            resource.name
        ));
    }
    Ok(Output::Nothing)
}

/// The error for a statement on a host that was deleted, until `mip on local`.
pub fn gone(id: &str, pos: super::lexer::Pos) -> ScriptError {
    let name = id.rsplit('/').next().unwrap_or(id);
    ScriptError::new(
        pos,
        ErrorKind::HostGone,
        format!("'{name}', where the statements run, was deleted; run 'mip on local' to return to your machine (or 'mip on' another resource)"),
    )
}
