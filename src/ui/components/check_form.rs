//! The "Can it?" form resolved against the world: who may ask (resources whose code asks for a
//! token, then users, security groups and applications' service principals), the identities a
//! resource's token request can name, the operations and the targets each makes sense at; what
//! was asked, the flow computed from it and the `mip check` statement that makes the same check.
//!
//! Invariants: nothing here changes the world; a form value that no longer names anything falls
//! back to the first choice, so the pickers always show what the check would use.

use crate::sim::directory::PrincipalSource;
use crate::sim::ids::Guid;
use crate::sim::operations::{self, Plane};
use crate::sim::resource::{Resource, ResourceKind, TokenEndpoint};
use crate::sim::scope::Scope;
use crate::sim::script::lexer::Pos;
use crate::sim::script::resolve;
use crate::sim::sort::sort_by_key;
use crate::sim::token::Selector;
use crate::sim::world::World;
use crate::ui::components::can_it::{picker_value, CheckPreset, FIRST_OPERATION, OTHER_OPERATION};
use crate::ui::words::same_scope;
use crate::view::check::{
    self, common_operation, principal_options, AppliesTo, CheckFlow, Field, IdentityChoice,
    InputError, PrincipalOption,
};
use crate::view::commands;
use crate::view::describe::short_name;

/// The "Who asks" picker's value for a principal: this prefix and its object id. A resource's
/// value is its ARM id, which starts with '/'.
const PRINCIPAL_VALUE: &str = "principal:";

pub(super) fn principal_value(principal: Guid) -> String {
    format!("{PRINCIPAL_VALUE}{principal}")
}

/// The form as the learner left it; values that no longer exist fall back when shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Form {
    /// Who asks: the source resource's ARM id, or a principal's [`principal_value`].
    pub(super) source: String,
    /// "" (no identity named), `uami:<ARM id>`, or one of [`TYPED_SELECTORS`]' keys.
    pub(super) identity: String,
    /// The value of a typed selector.
    pub(super) selector: String,
    /// A common operation's friendly name, or [`OTHER_OPERATION`].
    pub(super) operation: String,
    pub(super) operation_text: String,
    /// The target scope's ARM id.
    pub(super) target: String,
}

/// Selectors typed as text: (key, IMDS parameter, App Service parameter).
const TYPED_SELECTORS: [(&str, &str, &str); 3] = [
    ("client_id", "client_id", "client_id"),
    ("object_id", "object_id", "principal_id"),
    ("msi_res_id", "msi_res_id", "mi_res_id"),
];

/// What was asked, as the flow is computed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Asked {
    /// Code on a resource asks for a token, then calls the target.
    Code {
        source: String,
        identity: IdentityChoice,
        /// A friendly name or an operation string.
        operation: String,
        target: String,
    },
    /// A user, group or application's service principal, or a matrix cell's managed identity
    /// that no resource uses: Azure RBAC is asked directly, as `mip check --as` does.
    Principal {
        principal: Guid,
        operation: String,
        scope: String,
    },
}

/// The element id of a form field; `typed` picks the text field where there is one.
pub(super) fn field_id(field: Field, typed: bool) -> &'static str {
    match (field, typed) {
        (Field::Source, _) => "canit-source",
        (Field::Identity, true) => "canit-selector",
        (Field::Identity, false) => "canit-identity",
        (Field::Operation, true) => "canit-operation-text",
        (Field::Operation, false) => "canit-operation",
        (Field::Scope, _) => "canit-target",
    }
}

/// The form resolved against the world: what each picker offers and shows.
pub(super) struct Choices<'a> {
    pub(super) sources: Vec<&'a Resource>,
    /// The users, groups and applications' service principals, the learner first.
    pub(super) principals: Vec<PrincipalOption>,
    pub(super) who: Option<WhoAsks<'a>>,
    /// (value, label)
    pub(super) identities: Vec<(String, String)>,
    pub(super) identity: String,
    /// The parameter a typed selector is sent as, when one is chosen.
    pub(super) typed: Option<&'static str>,
    pub(super) operation: String,
    pub(super) applies: Option<AppliesTo>,
    pub(super) targets: Vec<(&'static str, Vec<(String, String)>)>,
    pub(super) target: Option<String>,
}

/// Who the form asks for.
#[derive(Debug, Clone, Copy)]
pub(super) enum WhoAsks<'a> {
    /// Code on this resource, through a token request.
    Code(&'a Resource),
    /// This principal, directly.
    Principal(Guid),
}

impl<'a> Choices<'a> {
    /// The resource whose code asks, when code asks.
    pub(super) fn source(&self) -> Option<&'a Resource> {
        match self.who {
            Some(WhoAsks::Code(resource)) => Some(resource),
            _ => None,
        }
    }

    /// The principal that asks directly, when one does.
    pub(super) fn principal(&self) -> Option<Guid> {
        match self.who {
            Some(WhoAsks::Principal(principal)) => Some(principal),
            _ => None,
        }
    }

    pub(super) fn new(world: &'a World, form: &Form) -> Choices<'a> {
        let mut sources: Vec<&Resource> = world
            .resources()
            .filter(|r| r.kind.supports_identity())
            .collect();
        // Compute first: their code is what usually asks for tokens.
        sort_by_key(&mut sources, |r| {
            r.kind.token_endpoint() == TokenEndpoint::Platform
        });
        let principals = principal_options(world);
        let chosen_principal = form
            .source
            .strip_prefix(PRINCIPAL_VALUE)
            .and_then(Guid::parse)
            .filter(|id| principals.iter().any(|p| p.principal == *id));
        // A resource when one is chosen or none is; else the principal chosen, else the learner.
        let who = match chosen_principal {
            Some(principal) => Some(WhoAsks::Principal(principal)),
            None => sources
                .iter()
                .find(|r| r.id == form.source)
                .or_else(|| sources.first())
                .map(|r| WhoAsks::Code(r))
                .or_else(|| principals.first().map(|p| WhoAsks::Principal(p.principal))),
        };
        let source = match who {
            Some(WhoAsks::Code(resource)) => Some(resource),
            _ => None,
        };
        let endpoint = source.map_or(TokenEndpoint::Imds, |r| r.kind.token_endpoint());
        let mut identities = vec![match source {
            Some(_) => (String::new(), "None named (the default)".to_string()),
            None => (String::new(), "None: no token request".to_string()),
        }];
        if let Some(r) = source {
            for reference in &r.identity.user_assigned {
                let name = short_name(&reference.id);
                let label = if world.live_user_identity(reference).is_some() {
                    format!("{name} (user-assigned)")
                } else {
                    format!("{name} (user-assigned, deleted)")
                };
                identities.push((format!("uami:{}", reference.id), label));
            }
        }
        for (key, imds, app_service) in TYPED_SELECTORS.iter().filter(|_| source.is_some()) {
            let param = if endpoint == TokenEndpoint::AppService {
                app_service
            } else {
                imds
            };
            identities.push((key.to_string(), format!("By {param}…")));
        }
        let identity = identities
            .iter()
            .find(|(value, _)| *value == form.identity)
            .map_or_else(String::new, |(value, _)| value.clone());
        let typed = TYPED_SELECTORS
            .iter()
            .find(|(key, ..)| *key == identity)
            .map(|(_, imds, app_service)| {
                if endpoint == TokenEndpoint::AppService {
                    *app_service
                } else {
                    *imds
                }
            });
        let operation = if form.operation == OTHER_OPERATION {
            OTHER_OPERATION.to_string()
        } else {
            common_operation(&form.operation)
                .map_or(FIRST_OPERATION, |c| c.friendly)
                .to_string()
        };
        let applies = common_operation(&operation).map(|c| c.applies_to);
        let targets = target_options(world, applies);
        let target = targets
            .iter()
            .flat_map(|(_, items)| items.iter().map(|(value, _)| value))
            .find(|value| same_scope(value, &form.target))
            .or_else(|| {
                targets
                    .first()
                    .and_then(|(_, items)| items.first())
                    .map(|(v, _)| v)
            })
            .cloned();
        Choices {
            sources,
            principals,
            who,
            identities,
            identity,
            typed,
            operation,
            applies,
            targets,
            target,
        }
    }

    /// The check the form asks for, or what must be filled in first.
    pub(super) fn asked(&self, form: &Form) -> Result<Asked, InputError> {
        let missing = |field, message: &str| InputError {
            field,
            message: message.to_string(),
        };
        let who = self.who.ok_or_else(|| {
            missing(
                Field::Source,
                "Add a resource with a managed identity, or a user, first.",
            )
        })?;
        let identity = match (self.identity.strip_prefix("uami:"), self.typed) {
            (Some(id), _) => IdentityChoice::UserAssigned(id.to_string()),
            (None, Some(param)) => {
                let value = form.selector.trim().to_string();
                if value.is_empty() {
                    return Err(missing(
                        Field::Identity,
                        &format!("Type the {param} the request sends."),
                    ));
                }
                match self.identity.as_str() {
                    "client_id" => IdentityChoice::Selector(Selector::ClientId(value)),
                    "object_id" => IdentityChoice::Selector(Selector::ObjectId(value)),
                    _ => IdentityChoice::UserAssigned(value),
                }
            }
            (None, None) => IdentityChoice::system(),
        };
        let operation = if self.operation == OTHER_OPERATION {
            let text = form.operation_text.trim();
            if text.is_empty() {
                return Err(missing(
                    Field::Operation,
                    "Type an operation string, such as Microsoft.Storage/storageAccounts/read.",
                ));
            }
            text.to_string()
        } else {
            self.operation.clone()
        };
        let target = self.target.clone().ok_or_else(|| {
            missing(
                Field::Scope,
                "Nothing here is a target for this operation yet.",
            )
        })?;
        Ok(match who {
            WhoAsks::Code(source) => Asked::Code {
                source: source.id.clone(),
                identity,
                operation,
                target,
            },
            WhoAsks::Principal(principal) => Asked::Principal {
                principal,
                operation,
                scope: target,
            },
        })
    }
}

pub(super) fn operation_hint(choices: &Choices<'_>) -> String {
    if choices.operation == OTHER_OPERATION {
        return "A friendly name from the catalog or any operation string, e.g. Microsoft.KeyVault/vaults/secrets/getSecret/action.".to_string();
    }
    match common_operation(&choices.operation).and_then(|c| operations::find(c.operation)) {
        Some(op) => format!(
            "{} ({} plane): {}",
            op.name,
            match op.plane {
                Plane::Control => "control",
                Plane::Data => "data",
            },
            op.description
        ),
        None => String::new(),
    }
}

/// The scopes an operation is offered at, grouped: the subscription, groups, resources,
/// containers. With `applies`, only the ones it accepts.
fn target_options(
    world: &World,
    applies: Option<AppliesTo>,
) -> Vec<(&'static str, Vec<(String, String)>)> {
    let accepts = |id: &str| {
        applies.is_none_or(|a| Scope::parse(id).is_ok_and(|scope| a.accepts(world, &scope)))
    };
    let subscription = world.default_subscription();
    let mut groups: Vec<(&'static str, Vec<(String, String)>)> = vec![
        (
            "Subscription",
            vec![(
                format!("/subscriptions/{}", subscription.id),
                format!("Subscription: {}", subscription.name),
            )],
        ),
        (
            "Resource groups",
            world
                .groups()
                .map(|g| (g.id(), format!("Resource group {}", g.name)))
                .collect(),
        ),
        (
            "Resources",
            world
                .resources()
                .map(|r| {
                    (
                        r.id.clone(),
                        format!("{} {} (in {})", r.kind.label(), r.name, r.group),
                    )
                })
                .collect(),
        ),
        (
            "Blob containers",
            world
                .resources()
                .filter(|r| r.kind == ResourceKind::StorageAccount)
                .flat_map(|r| {
                    r.containers().iter().map(move |c| {
                        (
                            format!("{}/blobServices/default/containers/{c}", r.id),
                            format!("Blob container {c} in {}", r.name),
                        )
                    })
                })
                .collect(),
        ),
    ];
    for (_, items) in &mut groups {
        items.retain(|(id, _)| accepts(id));
    }
    groups.retain(|(_, items)| !items.is_empty());
    groups
}

/// The flow for what was asked.
pub(super) fn compute(world: &World, asked: &Asked) -> Result<CheckFlow, InputError> {
    match asked {
        Asked::Code {
            source,
            identity,
            operation,
            target,
        } => check::check(world, source, identity, operation, target),
        Asked::Principal {
            principal,
            operation,
            scope,
        } => check::check_as(world, *principal, operation, scope),
    }
}

/// What to say above the statement of a principal's check: a managed identity is asked
/// directly only when no resource uses it (a matrix cell), so no code can get its token.
pub(super) fn principal_note(world: &World, principal: Guid) -> Option<&'static str> {
    world
        .directory
        .get(principal)
        .is_some_and(|sp| sp.source.is_managed_identity())
        .then_some("No resource uses this identity, so no code can get a token for it: this is what Azure RBAC alone decides for it.")
}

/// The form and the check for a matrix cell: code on a resource that uses the cell's identity,
/// naming it when it is user-assigned; the identity alone when no resource uses it.
pub(super) fn from_preset(world: &World, preset: &CheckPreset) -> (Form, Asked) {
    let operation = picker_value(&preset.operation);
    let (operation_field, operation_text) = if operation == OTHER_OPERATION {
        (OTHER_OPERATION.to_string(), preset.operation.clone())
    } else {
        (operation.to_string(), String::new())
    };
    let asked_operation = if operation == OTHER_OPERATION {
        preset.operation.clone()
    } else {
        operation.to_string()
    };
    let mut form = Form {
        operation: operation_field,
        operation_text,
        target: preset.scope.clone(),
        ..Form::default()
    };
    let code = match world.directory.get(preset.principal).map(|sp| &sp.source) {
        Some(PrincipalSource::System { resource_id }) => world
            .resource(resource_id)
            .map(|r| (r.id.clone(), String::new(), IdentityChoice::system())),
        Some(PrincipalSource::User { identity_id }) => {
            let users: Vec<&Resource> = world.users_of_identity(identity_id).collect();
            // A resource on which the identity is live, else any that references it.
            let user = users
                .iter()
                .find(|r| {
                    r.identity
                        .find_user(identity_id)
                        .is_some_and(|u| world.live_user_identity(u).is_some())
                })
                .or_else(|| users.first());
            user.and_then(|r| {
                let reference = r.identity.find_user(identity_id)?;
                Some((
                    r.id.clone(),
                    format!("uami:{}", reference.id),
                    IdentityChoice::UserAssigned(reference.id.clone()),
                ))
            })
        }
        // EN-9.3: no resource's code gets tokens as an application's principal.
        Some(PrincipalSource::Application { .. }) | None => None,
    };
    match code {
        Some((source, identity_value, identity)) => {
            form.source = source.clone();
            form.identity = identity_value;
            (
                form,
                Asked::Code {
                    source,
                    identity,
                    operation: asked_operation,
                    target: preset.scope.clone(),
                },
            )
        }
        None => (
            Form {
                source: principal_value(preset.principal),
                ..form
            },
            Asked::Principal {
                principal: preset.principal,
                operation: preset.operation.clone(),
                scope: preset.scope.clone(),
            },
        ),
    }
}

/// The `mip check` statement for a check, naming things by name where the name is unique.
pub(super) fn statement(
    world: &World,
    source: &str,
    identity: &IdentityChoice,
    operation: &str,
    target: &str,
) -> String {
    let here = Pos { line: 1, col: 1 };
    let from = world
        .resource(source)
        .map(|r| r.name.clone())
        .filter(|name| resolve::resource_ref(world, name, here).is_ok_and(|r| r.id == source))
        .unwrap_or_else(|| source.to_string());
    let scope = {
        let name = short_name(target);
        match resolve::scope_ref(world, name, here) {
            Ok(found) if same_scope(found.as_str(), target) => name.to_string(),
            _ => target.to_string(),
        }
    };
    let action = operations::by_friendly(operation).map_or_else(
        || operation.trim().to_string(),
        |op| op.friendly.to_string(),
    );
    let selector = match identity {
        IdentityChoice::Selector(selector) => selector.clone(),
        IdentityChoice::UserAssigned(text) if text.starts_with('/') => {
            let name = short_name(text);
            let unique = resolve::user_identity_ref(world, name, None, here)
                .is_ok_and(|id| id.eq_ignore_ascii_case(text));
            Selector::ResourceId(if unique {
                name.to_string()
            } else {
                text.clone()
            })
        }
        IdentityChoice::UserAssigned(name) => Selector::ResourceId(name.trim().to_string()),
    };
    commands::check(&from, &action, &scope, &selector)
}
