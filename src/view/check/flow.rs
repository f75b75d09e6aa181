//! What was asked and the whole answer: the form's inputs resolved as `mip check` resolves its
//! flags, and the flow of stages built from the same core calls.

use crate::sim::evaluate::Decision;
use crate::sim::ids::Guid;
use crate::sim::operations::{self, Plane};
use crate::sim::resource::Resource;
use crate::sim::scope::Scope;
use crate::sim::script::lexer::Pos;
use crate::sim::script::resolve;
use crate::sim::token::{audience_for, request_line, Selector, Token, TOKEN_LIFETIME_SECONDS};
use crate::sim::world::World;

use super::rbac::{rbac_stage, RbacStage};
use super::stamp::{stamp, Stamp};
use super::token::{failed, issued, request_stage, RequestStage, TokenStage};
use crate::view::describe::short_name;
use crate::view::text::lower_first;

/// Which identity the token request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityChoice {
    /// A selector exactly as code sends it. [`Selector::Default`] names no identity, which is how
    /// code asks for the system-assigned one: IMDS and App Service have no parameter for it and
    /// use it when the request names none (TK-3.2, TK-3.5).
    Selector(Selector),
    /// A user-assigned identity by name or ARM id, sent as `msi_res_id` (`mi_res_id` on App
    /// Service); a name resolves as `mip check --msi-res-id NAME` resolves it.
    UserAssigned(String),
}

impl IdentityChoice {
    /// The system-assigned identity: no selector.
    pub fn system() -> IdentityChoice {
        IdentityChoice::Selector(Selector::Default)
    }
}

impl Default for IdentityChoice {
    fn default() -> IdentityChoice {
        IdentityChoice::system()
    }
}

/// Which input of the form was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Source,
    Identity,
    Operation,
    Scope,
}

/// An input that names nothing, with the message to show next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub field: Field,
    pub message: String,
}

/// The whole answer, stage by stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFlow {
    /// "Can code on vm1 read blobs at storage account st1?"
    pub question: String,
    /// The ARM id of the resource whose code asks; `None` when a principal is checked directly.
    pub source: Option<String>,
    /// The operation string, e.g. `Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read`.
    pub operation: String,
    /// Its friendly name when the catalog has one ("Read blobs").
    pub friendly: Option<&'static str>,
    pub plane: Plane,
    pub scope: String,
    /// In order: request and token (unless a principal is checked directly), the RBAC walk
    /// (unless the token request failed, since Azure RBAC is then never asked), and the stamp.
    pub stages: Vec<Stage>,
    /// The core's decision, the same value `mip check` prints.
    pub decision: Decision,
}

impl CheckFlow {
    pub fn request(&self) -> Option<&RequestStage> {
        self.stages.iter().find_map(|s| match s {
            Stage::Request(r) => Some(r),
            _ => None,
        })
    }

    pub fn token(&self) -> Option<&TokenStage> {
        self.stages.iter().find_map(|s| match s {
            Stage::Token(t) => Some(t),
            _ => None,
        })
    }

    pub fn rbac(&self) -> Option<&RbacStage> {
        self.stages.iter().find_map(|s| match s {
            Stage::Rbac(r) => Some(r),
            _ => None,
        })
    }

    pub fn stamp(&self) -> Option<&Stamp> {
        self.stages.iter().find_map(|s| match s {
            Stage::Stamp(s) => Some(s),
            _ => None,
        })
    }
}

/// One stage of the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Request(RequestStage),
    Token(TokenStage),
    Rbac(RbacStage),
    Stamp(Stamp),
}

/// Runs the flow for code on `source` (an ARM id or a unique name) asking for `identity`,
/// trying `operation` (an operation string or a friendly name such as "Read blobs") at `scope`
/// (an ARM id or a unique name).
pub fn check(
    world: &World,
    source: &str,
    identity: &IdentityChoice,
    operation: &str,
    scope: &str,
) -> Result<CheckFlow, InputError> {
    let here = Pos { line: 1, col: 1 };
    let resource = resolve::resource_ref(world, source.trim(), here)
        .map_err(|e| input(Field::Source, e.message))?;
    let operation = resolve_operation(operation)?;
    let scope = resolve::scope_ref(world, scope.trim(), here)
        .map_err(|e| input(Field::Scope, e.message))?;
    let selector = match identity {
        IdentityChoice::Selector(selector) => selector.clone(),
        IdentityChoice::UserAssigned(text) if text.starts_with('/') => {
            Selector::ResourceId(text.clone())
        }
        IdentityChoice::UserAssigned(name) => Selector::ResourceId(
            resolve::user_identity_ref(world, name.trim(), None, here)
                .map_err(|e| input(Field::Identity, e.message))?,
        ),
    };
    Ok(flow(
        world, &resource, &selector, identity, &operation, &scope,
    ))
}

/// Runs the flow for `principal` (a user, a security group or any service principal) asking
/// directly, as `mip check --as` does: a user or an application signs in with its own
/// credentials (SI-8.1, SI-8.2), so there is no managed-identity token request, only the RBAC
/// walk (RB-4.4, through groups EN-9.2) and the stamp. `operation` and `scope` resolve as
/// [`check`]'s do.
pub fn check_as(
    world: &World,
    principal: Guid,
    operation: &str,
    scope: &str,
) -> Result<CheckFlow, InputError> {
    if !world.directory.is_principal(principal) {
        return Err(input(
            Field::Source,
            format!("No user, group or service principal has the id {principal} any more."),
        ));
    }
    let operation = resolve_operation(operation)?;
    let scope = resolve::scope_ref(world, scope.trim(), Pos { line: 1, col: 1 })
        .map_err(|e| input(Field::Scope, e.message))?;
    Ok(explain(world, principal, &operation, &scope))
}

/// The RBAC walk and stamp for a principal directly, without a token request: what a cell of
/// the access matrix opens.
pub fn explain(world: &World, principal: Guid, operation: &str, scope: &Scope) -> CheckFlow {
    let decision = world.check_access(principal, operation, scope);
    let who = world.describe_principal(principal);
    let mut stages = Vec::new();
    if !decision.trace.is_empty() {
        stages.push(Stage::Rbac(rbac_stage(world, &decision, &who)));
    }
    stages.push(Stage::Stamp(stamp(world, &decision, &who, None)));
    CheckFlow {
        question: format!(
            "Can {who} {} at {}?",
            action_words(operation),
            world.describe_scope(scope)
        ),
        source: None,
        operation: operation.to_string(),
        friendly: operations::find(operation).map(|o| o.friendly),
        plane: decision.plane,
        scope: scope.as_str().to_string(),
        stages,
        decision,
    }
}

fn input(field: Field, message: impl Into<String>) -> InputError {
    InputError {
        field,
        message: message.into(),
    }
}

/// A friendly name or an operation string, as `mip check --action` takes it.
fn resolve_operation(text: &str) -> Result<String, InputError> {
    operations::resolve(text.trim()).map_err(|message| input(Field::Operation, message))
}

fn flow(
    world: &World,
    resource: &Resource,
    selector: &Selector,
    choice: &IdentityChoice,
    operation: &str,
    scope: &Scope,
) -> CheckFlow {
    let plane = operations::plane_of(operation);
    let audience = audience_for(operation, plane == Plane::Data);
    // TK-3.2 / TK-3.5: the same selection `mip check` makes through `World::request_token`.
    let selected = world.select_identity(resource, selector);
    let decision = world.check_from(resource, selected.clone(), operation, scope);
    let mut stages = vec![Stage::Request(request_stage(resource, audience, selector))];
    match &selected {
        Ok(identity) => {
            let token = Token {
                identity: identity.clone(),
                audience: audience.to_string(),
                request: request_line(resource.kind, audience, selector),
                issued_at: world.now,
                expires_on: world.now + TOKEN_LIFETIME_SECONDS,
                tenant_id: world.tenant_id(),
            };
            stages.push(Stage::Token(issued(resource, selector, &token)));
            let who = world.describe_principal(identity.principal_id);
            if !decision.trace.is_empty() {
                stages.push(Stage::Rbac(rbac_stage(world, &decision, &who)));
            }
            stages.push(Stage::Stamp(stamp(world, &decision, &who, None)));
        }
        Err(error) => {
            stages.push(Stage::Token(failed(error)));
            stages.push(Stage::Stamp(stamp(
                world,
                &decision,
                &resource.name,
                Some((resource, error)),
            )));
        }
    }
    let using = match choice {
        IdentityChoice::Selector(Selector::Default) => String::new(),
        IdentityChoice::UserAssigned(name) => {
            format!(" using user-assigned identity {}", short_name(name))
        }
        IdentityChoice::Selector(Selector::ClientId(v)) => format!(" using client id {v}"),
        IdentityChoice::Selector(Selector::ObjectId(v)) => format!(" using object id {v}"),
        IdentityChoice::Selector(Selector::ResourceId(v)) => {
            format!(" using user-assigned identity {}", short_name(v))
        }
    };
    CheckFlow {
        question: format!(
            "Can code on {}{using} {} at {}?",
            resource.name,
            action_words(operation),
            world.describe_scope(scope)
        ),
        source: Some(resource.id.clone()),
        operation: operation.to_string(),
        friendly: operations::find(operation).map(|o| o.friendly),
        plane,
        scope: scope.as_str().to_string(),
        stages,
        decision,
    }
}

/// "read blobs", or "perform Microsoft.Contoso/things/read".
pub(super) fn action_words(operation: &str) -> String {
    match operations::find(operation) {
        Some(op) => lower_first(op.friendly),
        None => format!("perform {operation}"),
    }
}
