//! The "can it?" flow: can code on a resource, using one of its managed identities, perform an
//! operation at a scope? Answered as the stages the UI animates, in Azure's order: the token
//! request (TK-3.1, TK-3.5), the identity chosen and its token's claims (TK-3.2, TK-3.6), the
//! Azure RBAC walk (RB-4.4) and the stamp with its reason.
//!
//! Invariants: the flow is computed with the same core calls as `mip check` — identity
//! selection, then [`World::check_from`] — so its outcome, reason and explanation are those
//! `mip check` prints for the same inputs (a test holds the two together); nothing here changes
//! the world (no sign-in is logged, no event emitted); names resolve as the script's flags do.

use serde_json::Value;

use crate::sim::evaluate::{Decision, Outcome, Reason, TraceStep};
use crate::sim::ids::Guid;
use crate::sim::operations::{self, Plane};
use crate::sim::rbac::PermissionMatch;
use crate::sim::resource::{Resource, ResourceKind, TokenEndpoint};
use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::script::lexer::Pos;
use crate::sim::script::resolve;
use crate::sim::token::{
    audience_for, request_line, IdentityKind, SelectedIdentity, Selector, Token, TokenError,
    TOKEN_LIFETIME_SECONDS,
};
use crate::sim::world::World;

use super::describe::{scope_text, time_text};
use super::text::{lower_first, upper_first};

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

/// Stage 1: the HTTP request the resource's code sends for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestStage {
    /// `IMDS` or `IDENTITY_ENDPOINT`.
    pub endpoint: &'static str,
    /// `http://169.254.169.254/metadata/identity/oauth2/token` or `$IDENTITY_ENDPOINT`.
    pub url: &'static str,
    /// The `resource` parameter: the audience the operation needs.
    pub audience: &'static str,
    /// The request line, e.g. `GET http://169.254.169.254/…&resource=https://storage.azure.com/`.
    pub line: String,
    /// The header that proves the request comes from the resource (`Metadata: true`).
    pub header: String,
    pub explanation: String,
}

/// Stage 2: the identity the endpoint picked and its token, or Azure's error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenStage {
    Issued {
        identity: SelectedIdentity,
        explanation: String,
        /// The decoded claims, in jwt.ms's order, each with one line on what it means.
        claims: Vec<Claim>,
    },
    /// TK-3.2 / TK-3.3 / MI-2.2: no token, so Azure RBAC is never asked.
    Failed {
        reason: Reason,
        status: u16,
        /// The OAuth `error` field, e.g. `invalid_request`.
        error: &'static str,
        /// Azure's `error_description`.
        message: String,
        explanation: String,
    },
}

/// One decoded claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub name: &'static str,
    pub value: String,
    pub meaning: String,
}

/// Stage 3: what Azure RBAC looked at, in its order (RB-4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RbacStage {
    pub steps: Vec<RbacStep>,
    /// The scopes walked, from the checked scope up, for the diagram to highlight.
    pub walked: Vec<String>,
}

/// One step of the walk: the core's trace step and its plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RbacStep {
    pub trace: TraceStep,
    pub line: String,
    /// For a scope level: one line per assignment considered there, with its verdict.
    pub assignments: Vec<String>,
}

/// Stage 4: the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub outcome: Outcome,
    pub reason: Reason,
    /// The reason in plain words ([`Reason::plain`]).
    pub plain: &'static str,
    /// The assignment that granted it, if a role assignment did.
    pub deciding: Option<Deciding>,
    /// What was missing, for a denial.
    pub missing: Option<String>,
    /// The least-privileged fix, for a denial that has one.
    pub suggestion: Option<String>,
    /// The core's explanation, as `mip check` prints it.
    pub explanation: String,
}

/// The role assignment behind an allowed decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deciding {
    pub assignment: Guid,
    pub role: String,
    pub scope: String,
    pub inherited: bool,
    /// "Storage Blob Data Reader at resource group rg1, inherited by storage account st1".
    pub path: String,
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

/// The whole flow as plain text, for screen readers and copying.
pub fn as_text(flow: &CheckFlow) -> String {
    let mut out = vec![flow.question.clone()];
    let mut number = 0;
    let mut heading = |title: String| {
        number += 1;
        format!("{number}. {title}")
    };
    for stage in &flow.stages {
        match stage {
            Stage::Request(r) => {
                out.push(heading(format!("Token request to {}", r.endpoint)));
                out.push(format!("   {}", r.line));
                out.push(format!("   {}", r.header));
                out.push(format!("   {}", r.explanation));
            }
            Stage::Token(TokenStage::Issued {
                explanation,
                claims,
                ..
            }) => {
                out.push(heading("Token issued".to_string()));
                out.push(format!("   {explanation}"));
                for c in claims {
                    out.push(format!("   {} = {}: {}", c.name, c.value, c.meaning));
                }
            }
            Stage::Token(TokenStage::Failed {
                status,
                error,
                message,
                explanation,
                ..
            }) => {
                out.push(heading(format!("No token: {status} {error}")));
                out.push(format!("   {message}"));
                out.push(format!("   {explanation}"));
            }
            Stage::Rbac(r) => {
                out.push(heading("Azure RBAC".to_string()));
                for step in &r.steps {
                    out.push(format!("   - {}", step.line));
                    for a in &step.assignments {
                        out.push(format!("     - {a}"));
                    }
                }
            }
            Stage::Stamp(s) => {
                let verdict = match s.outcome {
                    Outcome::Allowed => "Allowed",
                    Outcome::Denied => "Denied",
                };
                out.push(heading(format!(
                    "{verdict} ({}: {})",
                    s.reason.code(),
                    s.plain
                )));
                if let Some(d) = &s.deciding {
                    out.push(format!("   Granted by {}.", d.path));
                }
                if let Some(m) = &s.missing {
                    out.push(format!("   Missing: {m}"));
                }
                if let Some(fix) = &s.suggestion {
                    out.push(format!("   Suggestion: {fix}."));
                }
            }
        }
    }
    out.join("\n")
}

/// An operation everyone asks about, by the name learners use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommonOperation {
    /// The catalog's friendly name, e.g. "Read blobs".
    pub friendly: &'static str,
    /// Azure's operation string, exactly as the catalog (`sim::operations`) has it.
    pub operation: &'static str,
    pub applies_to: AppliesTo,
}

/// The kind of target an operation is performed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    /// Storage accounts and their blob containers.
    BlobData,
    StorageAccount,
    /// Key vaults (and their secrets).
    KeyVault,
    VirtualMachine,
    /// Web apps and function apps.
    WebApp,
    UserAssignedIdentity,
    /// Any scope: a resource, a group, the subscription.
    AnyScope,
}

impl AppliesTo {
    /// What the form's scope picker offers, in words.
    pub fn label(self) -> &'static str {
        match self {
            AppliesTo::BlobData => "storage accounts and blob containers",
            AppliesTo::StorageAccount => "storage accounts",
            AppliesTo::KeyVault => "key vaults",
            AppliesTo::VirtualMachine => "virtual machines",
            AppliesTo::WebApp => "web and function apps",
            AppliesTo::UserAssignedIdentity => "user-assigned identities",
            AppliesTo::AnyScope => "any scope",
        }
    }

    /// Whether `scope` is such a target in `world`.
    pub fn accepts(self, world: &World, scope: &Scope) -> bool {
        let owner = scope
            .resource_scope()
            .and_then(|s| world.resource(s.as_str()))
            .map(|r| r.kind);
        let at_resource = scope.level() == ScopeLevel::Resource;
        match self {
            AppliesTo::BlobData => owner == Some(ResourceKind::StorageAccount),
            AppliesTo::StorageAccount => at_resource && owner == Some(ResourceKind::StorageAccount),
            AppliesTo::KeyVault => owner == Some(ResourceKind::KeyVault),
            AppliesTo::VirtualMachine => at_resource && owner == Some(ResourceKind::VirtualMachine),
            AppliesTo::WebApp => {
                at_resource
                    && matches!(
                        owner,
                        Some(ResourceKind::WebApp | ResourceKind::FunctionApp)
                    )
            }
            AppliesTo::UserAssignedIdentity => {
                at_resource && owner == Some(ResourceKind::UserAssignedIdentity)
            }
            AppliesTo::AnyScope => true,
        }
    }
}

/// The operations the form offers first. Each is in the operation catalog under the same
/// friendly name (a test checks it), so the strings are Azure's own.
pub static COMMON_OPERATIONS: &[CommonOperation] = &[
    common(
        "Read blobs",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        AppliesTo::BlobData,
    ),
    common(
        "Write blobs",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
        AppliesTo::BlobData,
    ),
    common(
        "Delete blobs",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
        AppliesTo::BlobData,
    ),
    common(
        "Get secrets",
        "Microsoft.KeyVault/vaults/secrets/getSecret/action",
        AppliesTo::KeyVault,
    ),
    common(
        "List secrets",
        "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        AppliesTo::KeyVault,
    ),
    common(
        "Set secrets",
        "Microsoft.KeyVault/vaults/secrets/setSecret/action",
        AppliesTo::KeyVault,
    ),
    common(
        "List keys",
        "Microsoft.Storage/storageAccounts/listkeys/action",
        AppliesTo::StorageAccount,
    ),
    common(
        "Restart VM",
        "Microsoft.Compute/virtualMachines/restart/action",
        AppliesTo::VirtualMachine,
    ),
    common(
        "Start VM",
        "Microsoft.Compute/virtualMachines/start/action",
        AppliesTo::VirtualMachine,
    ),
    common(
        "Restart web app",
        "Microsoft.Web/sites/restart/Action",
        AppliesTo::WebApp,
    ),
    common(
        "Assign user-assigned identity",
        "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
        AppliesTo::UserAssignedIdentity,
    ),
    common(
        "Assign roles",
        "Microsoft.Authorization/roleAssignments/write",
        AppliesTo::AnyScope,
    ),
];

/// A common operation by friendly name, ignoring case.
pub fn common_operation(friendly: &str) -> Option<&'static CommonOperation> {
    let friendly = friendly.trim();
    COMMON_OPERATIONS
        .iter()
        .find(|c| c.friendly.eq_ignore_ascii_case(friendly))
}

const fn common(
    friendly: &'static str,
    operation: &'static str,
    applies_to: AppliesTo,
) -> CommonOperation {
    CommonOperation {
        friendly,
        operation,
        applies_to,
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
        IdentityChoice::UserAssigned(name) => format!(
            " using user-assigned identity {}",
            super::describe::short_name(name)
        ),
        IdentityChoice::Selector(Selector::ClientId(v)) => format!(" using client id {v}"),
        IdentityChoice::Selector(Selector::ObjectId(v)) => format!(" using object id {v}"),
        IdentityChoice::Selector(Selector::ResourceId(v)) => format!(
            " using user-assigned identity {}",
            super::describe::short_name(v)
        ),
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
fn action_words(operation: &str) -> String {
    match operations::find(operation) {
        Some(op) => lower_first(op.friendly),
        None => format!("perform {operation}"),
    }
}

/// TK-3.1 / TK-3.5: where the request goes and what it says.
fn request_stage(resource: &Resource, audience: &'static str, selector: &Selector) -> RequestStage {
    let full = request_line(resource.kind, audience, selector);
    let (line, header) = full.split_once('\n').unwrap_or((full.as_str(), ""));
    let endpoint = resource.kind.token_endpoint();
    let (name, url) = match endpoint {
        TokenEndpoint::AppService => ("IDENTITY_ENDPOINT", "$IDENTITY_ENDPOINT"),
        TokenEndpoint::Imds | TokenEndpoint::Platform => (
            "IMDS",
            "http://169.254.169.254/metadata/identity/oauth2/token",
        ),
    };
    let who = format!(
        "{} {}",
        super::describe::kind_text(resource.kind),
        resource.name
    );
    let asks = match endpoint {
        TokenEndpoint::Imds => format!(
            "Code on {who} asks the Instance Metadata Service, reachable only from inside the machine, for a token for {audience}; the Metadata: true header is required, which guards against server-side request forgery."
        ),
        TokenEndpoint::AppService => format!(
            "Code in {who} asks the local endpoint App Service puts in IDENTITY_ENDPOINT for a token for {audience}, proving itself with the secret in IDENTITY_HEADER."
        ),
        TokenEndpoint::Platform => format!(
            "The {who} service uses its identity itself, asking for a token for {audience} by the same rules as IMDS."
        ),
    };
    let picks = match (selector, endpoint) {
        (Selector::Default, TokenEndpoint::AppService) => {
            " No identity is named, so App Service uses the system-assigned one.".to_string()
        }
        (Selector::Default, _) => " No identity is named, so Azure picks the system-assigned one, or else the only user-assigned one.".to_string(),
        (Selector::ClientId(_), _) => " client_id names the identity by its client (application) id.".to_string(),
        (Selector::ObjectId(_), TokenEndpoint::AppService) => " principal_id names the identity by its object id.".to_string(),
        (Selector::ObjectId(_), _) => " object_id names the identity by its object (principal) id.".to_string(),
        (Selector::ResourceId(_), TokenEndpoint::AppService) => " mi_res_id names the user-assigned identity by its ARM id.".to_string(),
        (Selector::ResourceId(_), _) => " msi_res_id names the user-assigned identity by its ARM id.".to_string(),
    };
    RequestStage {
        endpoint: name,
        url,
        audience,
        line: line.to_string(),
        header: header.to_string(),
        explanation: format!("{asks}{picks}"),
    }
}

/// TK-3.2 / TK-3.6: the identity chosen, why, and the token's claims.
fn issued(resource: &Resource, selector: &Selector, token: &Token) -> TokenStage {
    let identity = &token.identity;
    let why = match (selector, identity.kind) {
        (Selector::Default, IdentityKind::SystemAssigned) => {
            "No identity was named, so the system-assigned identity was used.".to_string()
        }
        (Selector::Default, IdentityKind::UserAssigned) => format!(
            "No identity was named and {} has no system-assigned identity, so its only user-assigned identity was used.",
            resource.name
        ),
        _ => "The request named it.".to_string(),
    };
    let explanation = format!(
        "Entra ID issued a token for {} (object id {}, client id {}). {why}",
        identity.describe(),
        identity.principal_id,
        identity.client_id
    );
    let claims = token.claims();
    let order = [
        "aud",
        "iss",
        "oid",
        "appid",
        "tid",
        "xms_mirid",
        "idtyp",
        "iat",
        "nbf",
        "exp",
    ];
    let claims = order
        .into_iter()
        .filter_map(|name| {
            let value = claims.get(name)?;
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let meaning = claim_meaning(name, value);
            Some(Claim {
                name,
                value: text,
                meaning,
            })
        })
        .collect();
    TokenStage::Issued {
        identity: identity.clone(),
        explanation,
        claims,
    }
}

/// One line on a claim (TK-3.6).
fn claim_meaning(name: &str, value: &Value) -> String {
    let at = || value.as_u64().map(time_text).unwrap_or_default();
    match name {
        "aud" => "Audience: the API the token is for; any other API rejects it.".to_string(),
        "iss" => "Issuer: the security token service of the Entra ID tenant that signed it.".to_string(),
        "oid" => "Object id of the identity's service principal: the principal id role assignments name.".to_string(),
        "appid" => "Client (application) id of the identity: what client_id selects.".to_string(),
        "tid" => "Tenant id: the Entra ID tenant the identity belongs to.".to_string(),
        "xms_mirid" => "ARM id of the managed identity (of its resource, for a system-assigned one); not in Microsoft's claims reference, but present in managed-identity tokens.".to_string(),
        "idtyp" => "Identity type: app, a service principal rather than a user.".to_string(),
        "iat" => format!("Issued at {} UTC (seconds since 1970).", at()),
        "nbf" => format!("Not valid before {} UTC.", at()),
        "exp" => format!("Expires at {} UTC, about 24 hours after issue; until then the token is cached and reused, so role changes can take that long to show.", at()),
        _ => String::new(),
    }
}

fn failed(error: &TokenError) -> TokenStage {
    TokenStage::Failed {
        reason: error.reason.into(),
        status: error.status,
        error: error.error,
        message: error.message.clone(),
        explanation: "No token was issued, so the request never reaches Azure RBAC.".to_string(),
    }
}

/// EN-9.2: "Reader (through group readers)" for an assignment a principal gets through a group.
fn role_via(world: &World, role: &str, group: Option<Guid>) -> String {
    match group {
        Some(g) => format!(
            "{role} (through group {})",
            world.directory.principal_name(g).unwrap_or("(deleted)")
        ),
        None => role.to_string(),
    }
}

/// RB-4.4: the trace in plain words.
fn rbac_stage(world: &World, decision: &Decision, who: &str) -> RbacStage {
    let (list, not_list) = match decision.plane {
        Plane::Control => ("Actions", "NotActions"),
        Plane::Data => ("DataActions", "NotDataActions"),
    };
    let mut walked = Vec::new();
    let steps = decision
        .trace
        .iter()
        .map(|step| {
            let (line, assignments) = match step {
                TraceStep::DenyAssignments {
                    considered,
                    blocking,
                } => (
                    match (considered, blocking) {
                        (_, Some(name)) => format!(
                            "Deny assignments: '{name}' blocks it, and a deny assignment wins over every role assignment."
                        ),
                        (0, None) => "Deny assignments: none applies here.".to_string(),
                        (1, None) => "Deny assignments: one applies here but does not cover this operation.".to_string(),
                        (n, None) => format!(
                            "Deny assignments: {n} apply here but none covers this operation."
                        ),
                    },
                    Vec::new(),
                ),
                TraceStep::Scope {
                    scope,
                    label,
                    assignments,
                    ..
                } => {
                    walked.push(scope.clone());
                    let granting = assignments
                        .iter()
                        .filter(|a| matches!(a.verdict, PermissionMatch::Granted { .. }))
                        .count();
                    let here = upper_first(label);
                    let line = match (assignments.len(), granting) {
                        (0, _) => format!("{here}: no role assignment for {who}."),
                        (1, 0) => format!("{here}: 1 role assignment for {who}, which does not grant it."),
                        (1, _) => format!("{here}: 1 role assignment for {who}, which grants it."),
                        (n, 0) => format!("{here}: {n} role assignments for {who}, none of which grants it."),
                        (n, g) => format!("{here}: {n} role assignments for {who}, {g} of which grant it."),
                    };
                    let lines = assignments
                        .iter()
                        .map(|a| {
                            let role = role_via(world, &a.role, a.group);
                            match &a.verdict {
                                PermissionMatch::Granted { pattern } => format!(
                                    "{role}: grants it through its {list} entry '{pattern}'."
                                ),
                                PermissionMatch::Excluded {
                                    pattern,
                                    excluded_by,
                                } => format!(
                                    "{role}: lists it ('{pattern}') but subtracts it with {not_list} '{excluded_by}'."
                                ),
                                PermissionMatch::NotListed => {
                                    format!("{role}: its {list} do not include it.")
                                }
                            }
                        })
                        .collect();
                    (line, lines)
                }
                TraceStep::AccessPolicies {
                    vault,
                    permission,
                    granted,
                } => (
                    if *granted {
                        format!(
                            "Key vault {vault} uses access policies, not Azure RBAC, for its data: the policy for {who} includes {permission}."
                        )
                    } else {
                        format!(
                            "Key vault {vault} uses access policies, not Azure RBAC, for its data: no policy gives {who} {permission}."
                        )
                    },
                    Vec::new(),
                ),
            };
            RbacStep {
                trace: step.clone(),
                line,
                assignments,
            }
        })
        .collect();
    RbacStage { steps, walked }
}

/// The verdict, what decided it, and what was missing.
fn stamp(
    world: &World,
    decision: &Decision,
    who: &str,
    token_error: Option<(&Resource, &TokenError)>,
) -> Stamp {
    let label = |scope: &str| {
        Scope::parse(scope)
            .map(|s| world.describe_scope(&s))
            .unwrap_or_else(|_| scope_text(scope))
    };
    let at = label(&decision.scope);
    let deciding = decision.granted_by.first().map(|g| {
        let role = role_via(world, &g.role, g.group);
        let path = if g.inherited {
            format!("{role} at {}, inherited by {at}", label(&g.scope))
        } else {
            format!("{role} at {}", label(&g.scope))
        };
        Deciding {
            assignment: g.assignment,
            role: g.role.clone(),
            scope: g.scope.clone(),
            inherited: g.inherited,
            path,
        }
    });
    let operation = &decision.operation;
    let missing = match (decision.outcome, decision.reason, token_error) {
        (Outcome::Allowed, _, _) => None,
        (_, _, Some((resource, error))) => Some(token_missing(resource, error)),
        (_, Reason::NoRoleAssignment, _) => Some(format!(
            "a role assignment for {who} at {at} or at a scope above it."
        )),
        (_, Reason::ActionNotPermitted, _) => Some(match decision.plane {
            Plane::Data => format!(
                "a role whose DataActions include {operation}; control-plane roles such as Owner or Contributor do not grant data access."
            ),
            Plane::Control => format!("a role whose Actions include {operation}."),
        }),
        (_, Reason::DenyAssignment, _) => Some(
            "an exclusion from the deny assignment that blocks it, which only the service that created it can grant; no role assignment can override it.".to_string(),
        ),
        (_, Reason::AccessPolicy, _) => Some(format!(
            "an access policy on the key vault that gives {who} this permission."
        )),
        (_, Reason::IdentityNotFound, _) => Some(format!(
            "the principal: {who} no longer exists, so nothing can grant it access."
        )),
        (_, _, None) => None,
    };
    let suggestion = decision
        .suggestion
        .clone()
        .or_else(|| token_error.and_then(|(resource, error)| token_fix(world, resource, error)));
    Stamp {
        outcome: decision.outcome,
        reason: decision.reason,
        plain: decision.reason.plain(),
        deciding,
        missing,
        suggestion,
        explanation: decision.explanation.clone(),
    }
}

/// What a failed token request lacked.
fn token_missing(resource: &Resource, error: &TokenError) -> String {
    match Reason::from(error.reason) {
        Reason::NoIdentity => format!("a managed identity on {}.", resource.name),
        Reason::IdentitySelectionRequired => {
            "the identity's name in the token request: with several user-assigned identities and no system-assigned one, Azure will not guess.".to_string()
        }
        _ => format!(
            "the identity the request names: it is not, or no longer, attached to {}.",
            resource.name
        ),
    }
}

/// How to get a token next time.
fn token_fix(world: &World, resource: &Resource, error: &TokenError) -> Option<String> {
    let command = match resource.kind {
        ResourceKind::VirtualMachine => Some("vm"),
        ResourceKind::VmScaleSet => Some("vmss"),
        ResourceKind::WebApp => Some("webapp"),
        ResourceKind::FunctionApp => Some("functionapp"),
        _ => None,
    };
    let param = match resource.kind.token_endpoint() {
        TokenEndpoint::AppService => "mi_res_id",
        _ => "msi_res_id",
    };
    let live: Vec<&str> = resource
        .identity
        .user_assigned
        .iter()
        .filter_map(|r| world.live_user_identity(r))
        .map(|r| r.name.as_str())
        .collect();
    match Reason::from(error.reason) {
        Reason::NoIdentity => Some(match command {
            Some(c) => format!(
                "Enable a managed identity: az {c} identity assign -g {} -n {}",
                resource.group, resource.name
            ),
            None => format!("Enable a managed identity on {}", resource.name),
        }),
        _ if !live.is_empty() => Some(format!(
            "Name one of {}'s identities with {param} (or client_id): {}",
            resource.name,
            join_or(&live)
        )),
        _ => None,
    }
}

/// "a", "a or b", "a, b or c".
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::sim::script::command::Output;
    use crate::sim::token::MULTIPLE_UAMI_MESSAGE;
    use crate::view::testing::run;

    fn flow(
        script: &str,
        from: &str,
        identity: IdentityChoice,
        action: &str,
        scope: &str,
    ) -> CheckFlow {
        let session = run(script);
        check(&session.world, from, &identity, action, scope).expect("valid inputs")
    }

    /// Snapshots the flow as a screen reader gets it.
    fn check_text(flow: &CheckFlow, expect: Expect) {
        expect.assert_eq(&as_text(flow));
    }

    const READER_VM: &str = r#"az group create -n rg1 -l westeurope
az vm create -g rg1 -n vm1 --assign-identity
az storage account create -g rg1 -n st1
az role assignment create --assignee vm1 --role 'Storage Blob Data Reader' --scope st1
"#;

    #[test]
    fn a_system_assigned_vm_with_storage_blob_data_reader_reads_blobs() {
        let flow = flow(
            READER_VM,
            "vm1",
            IdentityChoice::system(),
            "Read blobs",
            "st1",
        );
        let request = flow.request().expect("a request");
        assert_eq!(request.endpoint, "IMDS");
        assert_eq!(
            request.line,
            "GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/"
        );
        assert_eq!(request.header, "Metadata: true");
        let Some(TokenStage::Issued { claims, .. }) = flow.token() else {
            panic!("no token: {flow:#?}");
        };
        let names: Vec<&str> = claims.iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "aud",
                "iss",
                "oid",
                "appid",
                "tid",
                "xms_mirid",
                "idtyp",
                "iat",
                "nbf",
                "exp"
            ]
        );
        let rbac = flow.rbac().expect("an RBAC walk");
        assert_eq!(rbac.walked.len(), rbac.steps.len() - 1);
        let stamp = flow.stamp().expect("a stamp");
        assert_eq!(stamp.outcome, Outcome::Allowed);
        assert_eq!(stamp.reason, Reason::RoleAssignment);
        assert_eq!(
            stamp.deciding.as_ref().map(|d| d.path.as_str()),
            Some("Storage Blob Data Reader at storage account st1")
        );
        check_text(
            &flow,
            expect![[r#"
                Can code on vm1 read blobs at storage account st1?
                1. Token request to IMDS
                   GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/
                   Metadata: true
                   Code on virtual machine vm1 asks the Instance Metadata Service, reachable only from inside the machine, for a token for https://storage.azure.com/; the Metadata: true header is required, which guards against server-side request forgery. No identity is named, so Azure picks the system-assigned one, or else the only user-assigned one.
                2. Token issued
                   Entra ID issued a token for the system-assigned identity of vm1 (object id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779, client id 74f6f828-e6b7-4907-a9c3-ffc1780467f3). No identity was named, so the system-assigned identity was used.
                   aud = https://storage.azure.com/: Audience: the API the token is for; any other API rejects it.
                   iss = https://sts.windows.net/991eade3-59d2-4e2f-8b8a-9a8a80d04878/: Issuer: the security token service of the Entra ID tenant that signed it.
                   oid = 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779: Object id of the identity's service principal: the principal id role assignments name.
                   appid = 74f6f828-e6b7-4907-a9c3-ffc1780467f3: Client (application) id of the identity: what client_id selects.
                   tid = 991eade3-59d2-4e2f-8b8a-9a8a80d04878: Tenant id: the Entra ID tenant the identity belongs to.
                   xms_mirid = /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1: ARM id of the managed identity (of its resource, for a system-assigned one); not in Microsoft's claims reference, but present in managed-identity tokens.
                   idtyp = app: Identity type: app, a service principal rather than a user.
                   iat = 1767225604: Issued at 00:00:04 UTC (seconds since 1970).
                   nbf = 1767225604: Not valid before 00:00:04 UTC.
                   exp = 1767312003: Expires at 00:00:03 UTC, about 24 hours after issue; until then the token is cached and reused, so role changes can take that long to show.
                3. Azure RBAC
                   - Deny assignments: none applies here.
                   - Storage account st1: 1 role assignment for vm1 (system-assigned), which grants it.
                     - Storage Blob Data Reader: grants it through its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'.
                   - Resource group rg1: no role assignment for vm1 (system-assigned).
                   - Subscription 'Playground subscription': no role assignment for vm1 (system-assigned).
                   - The tenant root: no role assignment for vm1 (system-assigned).
                4. Allowed (role-assignment: a role assignment grants it)
                   Granted by Storage Blob Data Reader at storage account st1."#]],
        );
    }

    #[test]
    fn an_inherited_grant_names_its_path() {
        let flow = flow(
            "az group create -n rg1 -l westeurope\naz vm create -g rg1 -n vm1 --assign-identity\naz storage account create -g rg1 -n st1\naz role assignment create --assignee vm1 --role 'Storage Blob Data Reader' --scope rg1",
            "vm1",
            IdentityChoice::system(),
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
            "st1",
        );
        let deciding = flow
            .stamp()
            .and_then(|s| s.deciding.clone())
            .expect("a grant");
        assert!(deciding.inherited);
        assert_eq!(
            deciding.path,
            "Storage Blob Data Reader at resource group rg1, inherited by storage account st1"
        );
    }

    /// EN-9.2: a grant through a group names the group, in the stamp and in the trace.
    #[test]
    fn a_grant_through_a_group_names_the_group() {
        let flow = flow(
            "az group create -n rg1 -l westeurope
az vm create -g rg1 -n vm1 --assign-identity
az storage account create -g rg1 -n st1
p=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
g=$(az ad group create --display-name readers --mail-nickname readers --query id -o tsv)
az ad group member add --group $g --member-id $p
az role assignment create --assignee $g --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)",
            "vm1",
            IdentityChoice::system(),
            "Read blobs",
            "st1",
        );
        let deciding = flow
            .stamp()
            .and_then(|s| s.deciding.clone())
            .expect("a grant");
        assert_eq!(
            deciding.path,
            "Storage Blob Data Reader (through group readers) at storage account st1"
        );
    }

    #[test]
    fn a_denial_says_what_is_missing_and_suggests_the_least_privilege() {
        let flow = flow(
            "az group create -n rg1 -l westeurope\naz vm create -g rg1 -n vm1 --assign-identity\naz storage account create -g rg1 -n st1\naz role assignment create --assignee vm1 --role Reader --scope st1",
            "vm1",
            IdentityChoice::system(),
            "Read blobs",
            "st1",
        );
        let stamp = flow.stamp().expect("a stamp");
        assert_eq!(stamp.outcome, Outcome::Denied);
        assert_eq!(stamp.reason, Reason::ActionNotPermitted);
        assert_eq!(
            stamp.suggestion.as_deref(),
            Some("Grant Storage Blob Data Reader on storage account st1")
        );
        check_text(
            &flow,
            expect![[r#"
                Can code on vm1 read blobs at storage account st1?
                1. Token request to IMDS
                   GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/
                   Metadata: true
                   Code on virtual machine vm1 asks the Instance Metadata Service, reachable only from inside the machine, for a token for https://storage.azure.com/; the Metadata: true header is required, which guards against server-side request forgery. No identity is named, so Azure picks the system-assigned one, or else the only user-assigned one.
                2. Token issued
                   Entra ID issued a token for the system-assigned identity of vm1 (object id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779, client id 74f6f828-e6b7-4907-a9c3-ffc1780467f3). No identity was named, so the system-assigned identity was used.
                   aud = https://storage.azure.com/: Audience: the API the token is for; any other API rejects it.
                   iss = https://sts.windows.net/991eade3-59d2-4e2f-8b8a-9a8a80d04878/: Issuer: the security token service of the Entra ID tenant that signed it.
                   oid = 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779: Object id of the identity's service principal: the principal id role assignments name.
                   appid = 74f6f828-e6b7-4907-a9c3-ffc1780467f3: Client (application) id of the identity: what client_id selects.
                   tid = 991eade3-59d2-4e2f-8b8a-9a8a80d04878: Tenant id: the Entra ID tenant the identity belongs to.
                   xms_mirid = /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1: ARM id of the managed identity (of its resource, for a system-assigned one); not in Microsoft's claims reference, but present in managed-identity tokens.
                   idtyp = app: Identity type: app, a service principal rather than a user.
                   iat = 1767225604: Issued at 00:00:04 UTC (seconds since 1970).
                   nbf = 1767225604: Not valid before 00:00:04 UTC.
                   exp = 1767312003: Expires at 00:00:03 UTC, about 24 hours after issue; until then the token is cached and reused, so role changes can take that long to show.
                3. Azure RBAC
                   - Deny assignments: none applies here.
                   - Storage account st1: 1 role assignment for vm1 (system-assigned), which does not grant it.
                     - Reader: its DataActions do not include it.
                   - Resource group rg1: no role assignment for vm1 (system-assigned).
                   - Subscription 'Playground subscription': no role assignment for vm1 (system-assigned).
                   - The tenant root: no role assignment for vm1 (system-assigned).
                4. Denied (action-not-permitted: the assigned roles do not include this operation)
                   Missing: a role whose DataActions include Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read; control-plane roles such as Owner or Contributor do not grant data access.
                   Suggestion: Grant Storage Blob Data Reader on storage account st1."#]],
        );
    }

    const TWO_UAMIS: &str = r#"az group create -n rg1 -l westeurope
az identity create -g rg1 -n id-a
az identity create -g rg1 -n id-b
az vm create -g rg1 -n vm1 --assign-identity id-a id-b
az storage account create -g rg1 -n st1
az role assignment create --assignee id-b --role 'Storage Blob Data Reader' --scope st1
"#;

    #[test]
    fn several_user_assigned_identities_and_no_selector_fail_before_rbac() {
        let flow = flow(
            TWO_UAMIS,
            "vm1",
            IdentityChoice::system(),
            "Read blobs",
            "st1",
        );
        let Some(TokenStage::Failed {
            reason,
            status,
            error,
            message,
            ..
        }) = flow.token()
        else {
            panic!("a token was issued: {flow:#?}");
        };
        assert_eq!(*reason, Reason::IdentitySelectionRequired);
        assert_eq!((*status, *error), (400, "invalid_request"));
        assert_eq!(message, MULTIPLE_UAMI_MESSAGE);
        assert!(flow.rbac().is_none());
        let stamp = flow.stamp().expect("a stamp");
        assert_eq!(stamp.reason, Reason::IdentitySelectionRequired);
        assert_eq!(
            stamp.suggestion.as_deref(),
            Some("Name one of vm1's identities with msi_res_id (or client_id): id-a or id-b")
        );
        check_text(
            &flow,
            expect![[r#"
                Can code on vm1 read blobs at storage account st1?
                1. Token request to IMDS
                   GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/
                   Metadata: true
                   Code on virtual machine vm1 asks the Instance Metadata Service, reachable only from inside the machine, for a token for https://storage.azure.com/; the Metadata: true header is required, which guards against server-side request forgery. No identity is named, so Azure picks the system-assigned one, or else the only user-assigned one.
                2. No token: 400 invalid_request
                   Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request
                   No token was issued, so the request never reaches Azure RBAC.
                3. Denied (identity-selection-required: the token request must say which identity to use)
                   Missing: the identity's name in the token request: with several user-assigned identities and no system-assigned one, Azure will not guess.
                   Suggestion: Name one of vm1's identities with msi_res_id (or client_id): id-a or id-b."#]],
        );

        // Named by name, the identity is found and the request carries its ARM id.
        let named = self::flow(
            TWO_UAMIS,
            "vm1",
            IdentityChoice::UserAssigned("id-b".into()),
            "Read blobs",
            "st1",
        );
        assert!(named
            .request()
            .expect("a request")
            .line
            .contains("&msi_res_id=/subscriptions/"));
        assert!(named.decision.allowed());
    }

    #[test]
    fn app_service_uses_identity_endpoint() {
        let flow = flow(
            "az group create -n rg1 -l westeurope\naz appservice plan create -g rg1 -n plan1\naz webapp create -g rg1 -n web1 --plan plan1 --assign-identity\naz keyvault create -g rg1 -n kv1",
            "web1",
            IdentityChoice::system(),
            "Get secrets",
            "kv1",
        );
        let request = flow.request().expect("a request");
        assert_eq!(request.endpoint, "IDENTITY_ENDPOINT");
        assert_eq!(
            request.line,
            "GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https://vault.azure.net"
        );
        assert_eq!(request.header, "X-IDENTITY-HEADER: $IDENTITY_HEADER");
        assert_eq!(
            flow.stamp().map(|s| s.reason),
            Some(Reason::NoRoleAssignment)
        );
    }

    /// The flow decides exactly what `mip check` decides, for every kind of outcome.
    #[test]
    fn agrees_with_mip_check() {
        let setup = r#"az group create -n rg1 -l westeurope
az identity create -g rg1 -n id-a
az identity create -g rg1 -n id-b
az vm create -g rg1 -n vm1 --assign-identity
az vm create -g rg1 -n vm2 --assign-identity id-a id-b
az vm create -g rg1 -n bare
az storage account create -g rg1 -n st1
az storage container create --account-name st1 -n logs
az keyvault create -g rg1 -n kv1 --enable-rbac-authorization false
az keyvault set-policy -n kv1 --object-id $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --secret-permissions get
az role assignment create --assignee vm1 --role 'Storage Blob Data Reader' --scope rg1
az role assignment create --assignee id-a --role Contributor --scope st1
mip deny-assignment create --name no-writes --scope logs --data-actions '*/write'
"#;
        let cases: &[(&str, IdentityChoice, &str, &str, &str)] = &[
            ("vm1", IdentityChoice::system(), "", "Read blobs", "logs"),
            ("vm1", IdentityChoice::system(), "", "Write blobs", "st1"),
            ("vm1", IdentityChoice::system(), "", "Restart VM", "vm2"),
            ("vm1", IdentityChoice::system(), "", "Get secrets", "kv1"),
            ("vm1", IdentityChoice::system(), "", "Set secrets", "kv1"),
            ("vm2", IdentityChoice::system(), "", "Read blobs", "st1"),
            (
                "vm2",
                IdentityChoice::UserAssigned("id-a".into()),
                " --msi-res-id id-a",
                "Read blobs",
                "st1",
            ),
            (
                "vm2",
                IdentityChoice::UserAssigned("id-b".into()),
                " --msi-res-id id-b",
                "Read blobs",
                "st1",
            ),
            (
                "vm2",
                IdentityChoice::UserAssigned("id-a".into()),
                " --msi-res-id id-a",
                "List keys",
                "st1",
            ),
            (
                "vm2",
                IdentityChoice::UserAssigned("id-a".into()),
                " --msi-res-id id-a",
                "Assign roles",
                "st1",
            ),
            (
                "vm2",
                IdentityChoice::Selector(Selector::ClientId(
                    "00000000-0000-0000-0000-000000000001".into(),
                )),
                " --client-id 00000000-0000-0000-0000-000000000001",
                "Read blobs",
                "st1",
            ),
            ("bare", IdentityChoice::system(), "", "Read blobs", "st1"),
            (
                "vm1",
                IdentityChoice::system(),
                "",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
                "logs",
            ),
        ];
        let mut script = setup.to_string();
        for (from, _, flag, action, scope) in cases {
            script.push_str(&format!(
                "mip check --from {from} --action '{action}' --scope {scope}{flag}\n"
            ));
        }
        let session = run(&script);
        let decisions: Vec<&Decision> = session
            .records
            .iter()
            .filter_map(|r| match &r.output {
                Output::Decision(d) => Some(d),
                _ => None,
            })
            .collect();
        assert_eq!(decisions.len(), cases.len());
        let mut reasons = Vec::new();
        for ((from, identity, _, action, scope), printed) in cases.iter().zip(decisions) {
            let flow = check(&session.world, from, identity, action, scope).expect("valid inputs");
            assert_eq!(
                flow.decision.outcome, printed.outcome,
                "{from} {action} {scope}"
            );
            assert_eq!(
                flow.decision.reason, printed.reason,
                "{from} {action} {scope}"
            );
            assert_eq!(flow.decision.explanation, printed.explanation);
            assert_eq!(flow.decision.granted_by, printed.granted_by);
            let stamp = flow.stamp().expect("a stamp");
            assert_eq!(
                (stamp.outcome, stamp.reason),
                (printed.outcome, printed.reason)
            );
            reasons.push(printed.reason.code());
        }
        // The cases cover every reason a check can give.
        reasons.sort_unstable();
        reasons.dedup();
        expect!["access-policy, action-not-permitted, deny-assignment, identity-not-found, identity-selection-required, no-identity, no-role-assignment, role-assignment"].assert_eq(&reasons.join(", "));
    }

    #[test]
    fn inputs_that_name_nothing_say_so() {
        let session = run(READER_VM);
        let world = &session.world;
        let err = |source, identity: IdentityChoice, action, scope| {
            check(world, source, &identity, action, scope).expect_err("an input error")
        };
        let e = err("vm9", IdentityChoice::system(), "Read blobs", "st1");
        assert_eq!(e.field, Field::Source);
        let e = err("vm1", IdentityChoice::system(), "read blob", "st1");
        assert_eq!(e.field, Field::Operation);
        assert!(
            e.message.ends_with("did you mean 'Read blobs'?"),
            "{}",
            e.message
        );
        let e = err("vm1", IdentityChoice::system(), "Read blobs", "nowhere");
        assert_eq!(e.field, Field::Scope);
        let e = err(
            "vm1",
            IdentityChoice::UserAssigned("ghost".into()),
            "Read blobs",
            "st1",
        );
        assert_eq!(e.field, Field::Identity);
    }

    #[test]
    fn a_principal_is_explained_without_a_token() {
        let session = run(READER_VM);
        let principal = session
            .world
            .directory
            .principals()
            .next()
            .map(|p| p.object_id)
            .expect("vm1's principal");
        let st1 = Scope::parse(&session.world.resources_named("st1").next().expect("st1").id)
            .expect("a scope");
        let op = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
        let flow = explain(&session.world, principal, op, &st1);
        assert!(flow.request().is_none() && flow.token().is_none());
        assert!(flow.rbac().is_some());
        assert_eq!(
            flow.question,
            "Can vm1 (system-assigned) read blobs at storage account st1?"
        );
        assert_eq!(flow.stamp().map(|s| s.outcome), Some(Outcome::Allowed));
    }

    #[test]
    fn common_operations_are_azure_operation_strings() {
        for common in COMMON_OPERATIONS {
            let op = operations::find(common.operation).expect(common.operation);
            assert_eq!(op.name, common.operation, "exact casing");
            assert_eq!(op.friendly, common.friendly);
        }
        for friendly in [
            "Read blobs",
            "Write blobs",
            "Get secrets",
            "List keys",
            "Restart VM",
            "Assign roles",
        ] {
            assert!(common_operation(friendly).is_some(), "{friendly}");
        }
        let session = run(READER_VM);
        let world = &session.world;
        let scope =
            |name: &str| resolve::scope_ref(world, name, Pos { line: 1, col: 1 }).expect(name);
        assert!(AppliesTo::BlobData.accepts(world, &scope("st1")));
        assert!(!AppliesTo::BlobData.accepts(world, &scope("vm1")));
        assert!(AppliesTo::VirtualMachine.accepts(world, &scope("vm1")));
        assert!(AppliesTo::AnyScope.accepts(world, &scope("rg1")));
        assert!(!AppliesTo::StorageAccount.accepts(world, &scope("rg1")));
    }
}
