//! The "Can it?" panel: pick the resource whose code asks, the identity its token request names,
//! an operation and a target, then watch Azure answer stage by stage ([`view::check`]): the token
//! request, the token Entra ID issues (or Azure's error), the Azure RBAC walk, and the stamp.
//!
//! Invariants: a check changes nothing. It is computed from the shown world with the same core
//! calls as `mip check`; only "Run in console" appends the equivalent `mip check` statement to
//! the script, so the console and the timeline show it and a share link replays it. Stages
//! appear [`STAGE_DELAY_MS`] apart, or all at once for learners who prefer reduced motion (the
//! system setting or the page's switch); after a statement the shown check is recomputed for
//! the same inputs without replaying. The verdict is a glyph and words, never colour alone, and
//! once complete it is said in a polite live region; the whole flow is also offered as text.
//!
//! [`view::check`]: crate::view::check

use gloo::timers::callback::Timeout;
use serde_json::json;
use web_sys::{HtmlInputElement, HtmlSelectElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::sim::directory::PrincipalSource;
use crate::sim::evaluate::{Outcome, Reason, TraceStep};
use crate::sim::ids::Guid;
use crate::sim::operations::{self, Plane};
use crate::sim::resource::{Resource, ResourceKind, TokenEndpoint};
use crate::sim::scope::Scope;
use crate::sim::script::lexer::Pos;
use crate::sim::script::resolve;
use crate::sim::sort::sort_by_key;
use crate::sim::token::Selector;
use crate::sim::world::World;
use crate::ui::browser;
use crate::ui::shared::SharedSession;
use crate::ui::words::same_scope;
use crate::view::check::{
    self, common_operation, AppliesTo, CheckFlow, Field, IdentityChoice, InputError, RbacStage,
    RequestStage, Stage, Stamp, TokenStage, COMMON_OPERATIONS,
};
use crate::view::commands;
use crate::view::describe::{kind_text, short_name};

/// The time between two stages of the animation.
pub const STAGE_DELAY_MS: u32 = 600;

/// The operation picker's value for an operation typed as text.
pub const OTHER_OPERATION: &str = "other";

/// The operation the pickers start with.
pub const FIRST_OPERATION: &str = "Read blobs";

/// A check to show at once, from a cell of the access matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckPreset {
    /// Tells two opens of the same cell apart, so the second one replays too.
    pub seq: u32,
    pub principal: Guid,
    /// The operation string.
    pub operation: String,
    pub scope: String,
}

#[derive(Properties, PartialEq)]
pub struct CanItProps {
    pub session: SharedSession,
    /// True while the timeline shows the past: checks still run, statements are not appended.
    pub read_only: bool,
    /// The page's own reduce-motion switch; the system setting is honoured either way.
    #[prop_or_default]
    pub reduced_motion: bool,
    #[prop_or_default]
    pub preset: Option<CheckPreset>,
    pub on_run: Callback<String>,
}

/// The form as the learner left it; values that no longer exist fall back when shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Form {
    /// The source resource's ARM id.
    source: String,
    /// "" (no identity named), `uami:<ARM id>`, or one of [`TYPED_SELECTORS`]' keys.
    identity: String,
    /// The value of a typed selector.
    selector: String,
    /// A common operation's friendly name, or [`OTHER_OPERATION`].
    operation: String,
    operation_text: String,
    /// The target scope's ARM id.
    target: String,
}

/// Selectors typed as text: (key, IMDS parameter, App Service parameter).
const TYPED_SELECTORS: [(&str, &str, &str); 3] = [
    ("client_id", "client_id", "client_id"),
    ("object_id", "object_id", "principal_id"),
    ("msi_res_id", "msi_res_id", "mi_res_id"),
];

/// What was asked, as the flow is computed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asked {
    /// Code on a resource asks for a token, then calls the target.
    Code {
        source: String,
        identity: IdentityChoice,
        /// A friendly name or an operation string.
        operation: String,
        target: String,
    },
    /// A matrix cell whose identity no resource uses: only Azure RBAC can be asked.
    Principal {
        principal: Guid,
        operation: String,
        scope: String,
    },
}

#[component]
pub fn CanIt(props: &CanItProps) -> Html {
    let world = &props.session.world;
    let form = use_state(Form::default);
    let asked = use_state(|| None::<Asked>);
    let problem = use_state(|| None::<InputError>);
    // How many stages are on screen, and which check they belong to.
    let revealed = use_state(|| 0_usize);
    let run = use_state(|| 0_u32);

    let flow = use_memo(
        (props.session.clone(), (*asked).clone()),
        |(session, asked)| asked.as_ref().map(|asked| compute(&session.world, asked)),
    );
    let total = match flow.as_ref() {
        Some(Ok(flow)) => flow.stages.len(),
        _ => 0,
    };

    let start = {
        let reduced_motion = props.reduced_motion;
        let asked = asked.setter();
        let problem = problem.setter();
        let revealed = revealed.setter();
        let run = run.clone();
        Callback::from(move |next: Asked| {
            asked.set(Some(next));
            problem.set(None);
            run.set(run.wrapping_add(1));
            revealed.set(if reduced_motion || browser::prefers_reduced_motion() {
                usize::MAX
            } else {
                1
            });
        })
    };

    // The animation: one more stage every STAGE_DELAY_MS until all are shown.
    {
        let revealed = revealed.clone();
        use_effect_with((*run, *revealed, total), move |(_, shown, total)| {
            let timer = (*shown < *total).then(|| {
                let next = shown + 1;
                Timeout::new(STAGE_DELAY_MS, move || revealed.set(next))
            });
            move || drop(timer)
        });
    }
    // Keep the newest stage in view while they appear; the first one when all come at once.
    use_effect_with((*run, *revealed), |(_, shown)| {
        if *shown > 0 {
            let index = if *shown == usize::MAX { 0 } else { shown - 1 };
            if let Some(element) =
                browser::document().and_then(|d| d.get_element_by_id(&stage_id(index)))
            {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
        }
    });
    // A matrix cell opened here: fill the form in and run its check.
    {
        let session = props.session.clone();
        let form = form.setter();
        let start = start.clone();
        use_effect_with(props.preset.clone(), move |preset| {
            if let Some(preset) = preset {
                let (filled, asked) = from_preset(&session.world, preset);
                form.set(filled);
                start.emit(asked);
            }
        });
    }

    let choices = Choices::new(world, &form);
    let on_check = {
        let start = start.clone();
        let problem = problem.setter();
        let asked = choices.asked(&form);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match &asked {
                Ok(asked) => start.emit(asked.clone()),
                Err(error) => {
                    browser::focus_id(field_id(error.field, true));
                    problem.set(Some(error.clone()));
                }
            }
        })
    };
    let update = |change: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            change(&mut next, value);
            form.set(next);
        })
    };
    let picked = |change: fn(&mut Form, String)| {
        update(change).reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value())
    };
    let typed = |change: fn(&mut Form, String)| {
        update(change).reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value())
    };
    let on_source = picked(|f, v| f.source = v);
    let on_identity = picked(|f, v| f.identity = v);
    let on_selector = typed(|f, v| f.selector = v);
    let on_operation = picked(|f, v| f.operation = v);
    let on_operation_text = typed(|f, v| f.operation_text = v);
    let on_target = picked(|f, v| f.target = v);
    let skip = {
        let revealed = revealed.setter();
        Callback::from(move |_: MouseEvent| revealed.set(usize::MAX))
    };

    // The error to show: the form's own, else the one the last check's inputs met.
    let error = (*problem).clone().or_else(|| match flow.as_ref() {
        Some(Err(error)) => Some(error.clone()),
        _ => None,
    });
    // The field the error is about: its id marks it invalid and points it at the message.
    let error_id = error.as_ref().map(|e| {
        let typed = match e.field {
            Field::Identity => choices.typed.is_some(),
            Field::Operation => choices.operation == OTHER_OPERATION,
            Field::Source | Field::Scope => false,
        };
        field_id(e.field, typed)
    });
    let invalid = |id: &str| (error_id == Some(id)).then_some("true");
    let described = |id: &str, hint: &str| {
        let ids = if error_id == Some(id) {
            format!("{hint} canit-error").trim().to_string()
        } else {
            hint.to_string()
        };
        (!ids.is_empty()).then_some(ids)
    };
    let endpoint = choices.source.map(|r| r.kind.token_endpoint());

    // Said once the flow is complete. The region is always in the page, so that screen readers
    // notice its text change; every other check ends in a no-break space, so that asking the
    // same again is a change too.
    let spoken = match flow.as_ref() {
        Some(Ok(flow)) if *revealed >= flow.stages.len() => {
            format!(
                "{}{}",
                summary(flow),
                if *run % 2 == 1 { "\u{a0}" } else { "" }
            )
        }
        _ => String::new(),
    };
    let results = match flow.as_ref() {
        Some(Ok(flow)) => {
            let statement = match asked.as_ref() {
                Some(Asked::Code {
                    source,
                    identity,
                    operation,
                    target,
                }) => Some(statement(world, source, identity, operation, target)),
                _ => None,
            };
            results_view(
                flow,
                statement,
                (*revealed).min(flow.stages.len()),
                props.read_only,
                props.on_run.clone(),
                skip,
            )
        }
        _ => html! {},
    };

    html! {
        <section class="panel check-panel" aria-labelledby="canit-heading">
            <h2 id="canit-heading" class="panel-title"><span class="visually-hidden">{ "Can it?" }</span></h2>
            <div class="panel-body">
                <form class="check-form" onsubmit={on_check} novalidate=true>
                    <div class="field">
                        <label for="canit-source">{ "Code on" }</label>
                        <select id="canit-source" onchange={on_source} disabled={choices.sources.is_empty()}
                            aria-invalid={invalid("canit-source")}
                            aria-describedby={described("canit-source", "canit-source-hint")}>
                            if choices.sources.is_empty() {
                                <option value="">{ "No resource can have an identity yet" }</option>
                            }
                            { for choices.sources.iter().map(|r| html! {
                                <option key={r.id.clone()} value={r.id.clone()}
                                    selected={choices.source.is_some_and(|s| s.id == r.id)}>
                                    { format!("{} ({} in {})", r.name, kind_text(r.kind), r.group) }
                                </option>
                            }) }
                        </select>
                        <p id="canit-source-hint" class="field-hint">
                            { match endpoint {
                                Some(TokenEndpoint::AppService) => "Asks App Service's IDENTITY_ENDPOINT for a token.",
                                Some(TokenEndpoint::Imds) => "Asks the Instance Metadata Service (IMDS) for a token.",
                                Some(TokenEndpoint::Platform) => "The service uses its identity itself, by IMDS's rules.",
                                None => "Add a virtual machine or an app with a managed identity from the palette.",
                            } }
                        </p>
                    </div>
                    <div class="field">
                        <label for="canit-identity">{ "Identity the request names" }</label>
                        <select id="canit-identity" onchange={on_identity} disabled={choices.source.is_none()}
                            aria-invalid={invalid("canit-identity")}
                            aria-describedby={described("canit-identity", "canit-identity-hint")}>
                            { for choices.identities.iter().map(|(value, label)| html! {
                                <option key={value.clone()} value={value.clone()} selected={*value == choices.identity}>
                                    { label.clone() }
                                </option>
                            }) }
                        </select>
                        if let Some(param) = choices.typed {
                            <label for="canit-selector" class="check-sublabel">{ format!("{param} to send") }</label>
                            <input id="canit-selector" type="text" value={form.selector.clone()} oninput={on_selector}
                                autocomplete="off" spellcheck="false" aria-invalid={invalid("canit-selector")}
                                aria-describedby={described("canit-selector", "")} />
                        }
                        <p id="canit-identity-hint" class="field-hint">
                            { match endpoint {
                                Some(TokenEndpoint::AppService) => "None named: App Service uses the system-assigned identity.",
                                _ => "None named: the system-assigned identity, else the only user-assigned one.",
                            } }
                        </p>
                    </div>
                    <div class="field">
                        <label for="canit-operation">{ "Operation" }</label>
                        <select id="canit-operation" onchange={on_operation}
                            aria-invalid={invalid("canit-operation")}
                            aria-describedby={described("canit-operation", "canit-operation-hint")}>
                            { operation_options(&choices.operation) }
                        </select>
                        if choices.operation == OTHER_OPERATION {
                            <label for="canit-operation-text" class="check-sublabel">{ "Operation string or name" }</label>
                            <input id="canit-operation-text" type="text" value={form.operation_text.clone()}
                                oninput={on_operation_text} autocomplete="off" spellcheck="false"
                                placeholder="Microsoft.Storage/storageAccounts/read"
                                aria-invalid={invalid("canit-operation-text")}
                                aria-describedby={described("canit-operation-text", "")} />
                        }
                        <p id="canit-operation-hint" class="field-hint">{ operation_hint(&choices) }</p>
                    </div>
                    <div class="field">
                        <label for="canit-target">{ "Target" }</label>
                        <select id="canit-target" onchange={on_target} disabled={choices.targets.is_empty()}
                            aria-invalid={invalid("canit-target")}
                            aria-describedby={described("canit-target", "canit-target-hint")}>
                            if choices.targets.is_empty() {
                                <option value="">{ "No such target yet" }</option>
                            }
                            { for choices.targets.iter().map(|(group, items)| html! {
                                <optgroup label={*group}>
                                    { for items.iter().map(|(value, label)| html! {
                                        <option key={value.clone()} value={value.clone()}
                                            selected={choices.target.as_deref() == Some(value.as_str())}>
                                            { label.clone() }
                                        </option>
                                    }) }
                                </optgroup>
                            }) }
                        </select>
                        <p id="canit-target-hint" class="field-hint">
                            { match choices.applies {
                                Some(applies) => format!("Offered: {}.", applies.label()),
                                None => "Any scope: the subscription, a group, a resource or a container.".to_string(),
                            } }
                        </p>
                    </div>
                    <div class="check-actions">
                        <button type="submit" class="button button-primary"
                            disabled={choices.source.is_none() || choices.targets.is_empty()}>
                            { "Check" }
                        </button>
                        if let Some(error) = &error {
                            <p id="canit-error" class="field-error" role="alert">
                                <span aria-hidden="true">{ "✖ " }</span>{ error.message.clone() }
                            </p>
                        }
                    </div>
                </form>
                { results }
                <p class="visually-hidden" aria-live="polite" aria-atomic="true">{ spoken }</p>
            </div>
        </section>
    }
}

/// The `<option>`s of an operation picker: the common operations, then one to type any other.
pub fn operation_options(selected: &str) -> Html {
    html! {
        <>
            { for COMMON_OPERATIONS.iter().map(|c| html! {
                <option key={c.friendly} value={c.friendly} selected={c.friendly == selected}>{ c.friendly }</option>
            }) }
            <option key={OTHER_OPERATION} value={OTHER_OPERATION} selected={selected == OTHER_OPERATION}>
                { "Another operation…" }
            </option>
        </>
    }
}

/// The picker's value for an operation string: its common friendly name, else "another".
pub fn picker_value(operation: &str) -> &'static str {
    COMMON_OPERATIONS
        .iter()
        .find(|c| c.operation.eq_ignore_ascii_case(operation.trim()))
        .map_or(OTHER_OPERATION, |c| c.friendly)
}

/// A friendly name or an operation string as `mip check --action` takes it, as the string.
pub fn operation_string(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(op) = operations::by_friendly(text) {
        return Some(op.name.to_string());
    }
    text.contains('/').then(|| text.to_string())
}

/// The element id of a form field; `typed` picks the text field where there is one.
fn field_id(field: Field, typed: bool) -> &'static str {
    match (field, typed) {
        (Field::Source, _) => "canit-source",
        (Field::Identity, true) => "canit-selector",
        (Field::Identity, false) => "canit-identity",
        (Field::Operation, true) => "canit-operation-text",
        (Field::Operation, false) => "canit-operation",
        (Field::Scope, _) => "canit-target",
    }
}

fn stage_id(index: usize) -> String {
    format!("canit-stage-{index}")
}

/// The form resolved against the world: what each picker offers and shows.
struct Choices<'a> {
    sources: Vec<&'a Resource>,
    source: Option<&'a Resource>,
    /// (value, label)
    identities: Vec<(String, String)>,
    identity: String,
    /// The parameter a typed selector is sent as, when one is chosen.
    typed: Option<&'static str>,
    operation: String,
    applies: Option<AppliesTo>,
    targets: Vec<(&'static str, Vec<(String, String)>)>,
    target: Option<String>,
}

impl<'a> Choices<'a> {
    fn new(world: &'a World, form: &Form) -> Choices<'a> {
        let mut sources: Vec<&Resource> = world
            .resources()
            .filter(|r| r.kind.supports_identity())
            .collect();
        // Compute first: their code is what usually asks for tokens.
        sort_by_key(&mut sources, |r| {
            r.kind.token_endpoint() == TokenEndpoint::Platform
        });
        let source = sources
            .iter()
            .find(|r| r.id == form.source)
            .or_else(|| sources.first())
            .copied();
        let endpoint = source.map_or(TokenEndpoint::Imds, |r| r.kind.token_endpoint());
        let mut identities = vec![(String::new(), "None named (the default)".to_string())];
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
        for (key, imds, app_service) in TYPED_SELECTORS {
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
            source,
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
    fn asked(&self, form: &Form) -> Result<Asked, InputError> {
        let missing = |field, message: &str| InputError {
            field,
            message: message.to_string(),
        };
        let source = self.source.ok_or_else(|| {
            missing(
                Field::Source,
                "Add a resource that can have a managed identity first.",
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
        Ok(Asked::Code {
            source: source.id.clone(),
            identity,
            operation,
            target,
        })
    }
}

fn operation_hint(choices: &Choices<'_>) -> String {
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
fn compute(world: &World, asked: &Asked) -> Result<CheckFlow, InputError> {
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
        } => {
            let scope = Scope::parse(scope)
                .ok()
                .filter(|s| world.scope_exists(s).is_ok())
                .ok_or_else(|| InputError {
                    field: Field::Scope,
                    message: format!("The target {} no longer exists.", short_name(scope)),
                })?;
            Ok(check::explain(world, *principal, operation, &scope))
        }
    }
}

/// The form and the check for a matrix cell: code on a resource that uses the cell's identity,
/// naming it when it is user-assigned; the identity alone when no resource uses it.
fn from_preset(world: &World, preset: &CheckPreset) -> (Form, Asked) {
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
        None => None,
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
            form,
            Asked::Principal {
                principal: preset.principal,
                operation: preset.operation.clone(),
                scope: preset.scope.clone(),
            },
        ),
    }
}

/// The `mip check` statement for a check, naming things by name where the name is unique.
fn statement(
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

// ----- the flow ------------------------------------------------------------------------------

fn results_view(
    flow: &CheckFlow,
    statement: Option<String>,
    shown: usize,
    read_only: bool,
    on_run: Callback<String>,
    on_skip: Callback<MouseEvent>,
) -> Html {
    let complete = shown >= flow.stages.len();
    let on_console = {
        let statement = statement.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(statement) = &statement {
                on_run.emit(statement.clone());
            }
        })
    };
    html! {
        <div class="check-results">
            <p class="check-question">{ flow.question.clone() }</p>
            <div class="check-statement">
                if let Some(statement) = statement {
                    <p class="field-label" id="canit-statement-label">{ "The same check as a statement" }</p>
                    <pre class="command-preview" aria-labelledby="canit-statement-label">{ statement }</pre>
                    <div class="action-row">
                        <button type="button" class="button" disabled={read_only} onclick={on_console}>
                            { "Run in console" }
                        </button>
                        <span class="cmd-note">
                            { if read_only {
                                "Return to the current state to add it to the script."
                            } else {
                                "Appends it to the script: the console prints its verdict and the timeline records the check. A check changes nothing else."
                            } }
                        </span>
                    </div>
                } else {
                    <p class="note">
                        { "No resource uses this identity, so no code can get a token for it and there is no mip check statement: this is what Azure RBAC alone decides for it." }
                    </p>
                }
            </div>
            <ol class="check-stages" aria-label="How Azure decides">
                { for flow.stages.iter().take(shown).enumerate().map(|(index, stage)| stage_view(flow, index, stage)) }
            </ol>
            if !complete {
                <p class="check-progress">
                    <span class="muted">{ format!("Stage {shown} of {}…", flow.stages.len()) }</span>
                    <button type="button" class="button button-small" onclick={on_skip}>{ "Show all stages" }</button>
                </p>
            }
            if complete {
                <details class="check-text">
                    <summary>{ "The whole check as text" }</summary>
                    <pre>{ check::as_text(flow) }</pre>
                </details>
            }
        </div>
    }
}

/// What the live region says once the flow is complete: the question and the stamp.
fn summary(flow: &CheckFlow) -> String {
    let Some(stamp) = flow.stamp() else {
        return String::new();
    };
    let mut out = format!(
        "{} {}: {} ({}).",
        flow.question,
        verdict_word(stamp.outcome),
        stamp.plain,
        stamp.reason.code()
    );
    if let Some(deciding) = &stamp.deciding {
        out.push_str(&format!(" Granted by {}.", deciding.path));
    }
    if let Some(fix) = &stamp.suggestion {
        out.push_str(&format!(" Suggestion: {fix}."));
    }
    out
}

fn verdict_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Allowed => "Allowed",
        Outcome::Denied => "Denied",
    }
}

fn stage_view(flow: &CheckFlow, index: usize, stage: &Stage) -> Html {
    let number = index + 1;
    let (kind, title, body) = match stage {
        Stage::Request(request) => (
            "check-stage-request",
            format!(
                "{number}. {} asks {} for a token",
                flow.source.as_deref().map_or("The resource", short_name),
                request.endpoint
            ),
            request_view(request),
        ),
        Stage::Token(TokenStage::Issued {
            identity,
            explanation,
            claims,
        }) => (
            "check-stage-token",
            format!(
                "{number}. Entra ID issues a token for {}",
                identity.describe()
            ),
            html! {
                <>
                    <p>{ explanation.clone() }</p>
                    <table class="check-claims">
                        <caption>{ "The token's claims, decoded as jwt.ms shows them" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Claim" }</th>
                                <th scope="col">{ "Value" }</th>
                                <th scope="col">{ "What it means" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for claims.iter().map(|c| html! {
                                <tr key={c.name}>
                                    <th scope="row"><code>{ c.name }</code></th>
                                    <td><code class="check-claim-value">{ c.value.clone() }</code></td>
                                    <td>{ c.meaning.clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </>
            },
        ),
        Stage::Token(TokenStage::Failed {
            status,
            error,
            message,
            explanation,
            ..
        }) => {
            let response = json!({ "error": error, "error_description": message });
            let body = serde_json::to_string_pretty(&response).unwrap_or_default();
            (
                "check-stage-token is-failed",
                format!("{number}. No token: {status} {error}"),
                html! {
                    <>
                        <p>{ "Entra ID does not issue a token. Azure answers:" }</p>
                        <pre class="check-response">{ format!("HTTP/1.1 {status}\n{body}") }</pre>
                        <p>{ explanation.clone() }</p>
                    </>
                },
            )
        }
        Stage::Rbac(rbac) => (
            "check-stage-rbac",
            format!("{number}. Azure RBAC walks the scopes"),
            rbac_view(flow, rbac),
        ),
        Stage::Stamp(stamp) => (
            "check-stage-stamp",
            format!("{number}. The verdict"),
            stamp_view(stamp),
        ),
    };
    html! {
        <li key={index} id={stage_id(index)} class={classes!("check-stage", kind)}>
            <h3 class="check-stage-title">{ title }</h3>
            { body }
        </li>
    }
}

fn request_view(request: &RequestStage) -> Html {
    html! {
        <>
            <pre class="check-request">{ format!("{}\n{}", request.line, request.header) }</pre>
            <p>{ request.explanation.clone() }</p>
        </>
    }
}

fn rbac_view(flow: &CheckFlow, rbac: &RbacStage) -> Html {
    let stamp = flow.stamp();
    let deciding_scope = stamp
        .and_then(|s| s.deciding.as_ref())
        .map(|d| d.scope.as_str());
    let reason = stamp.map(|s| s.reason);
    let (list, not_list, other) = match flow.plane {
        Plane::Data => ("DataActions", "NotDataActions", "Actions"),
        Plane::Control => ("Actions", "NotActions", "DataActions"),
    };
    let plane = match flow.plane {
        Plane::Data => "data-plane",
        Plane::Control => "control-plane",
    };
    html! {
        <>
            <p>
                { format!("Deny assignments first; then the role assignments at the target and at every scope above it, up to the tenant root; then each role's {list}.") }
            </p>
            <ol class="check-walk">
                { for rbac.steps.iter().enumerate().map(|(i, step)| {
                    let decided = match &step.trace {
                        TraceStep::DenyAssignments { blocking, .. } => blocking.is_some(),
                        TraceStep::AccessPolicies { .. } => reason == Some(Reason::AccessPolicy),
                        TraceStep::Scope { scope, .. } => {
                            deciding_scope.is_some_and(|d| same_scope(d, scope))
                        }
                    };
                    let empty = matches!(&step.trace, TraceStep::Scope { assignments, .. } if assignments.is_empty());
                    html! {
                        <li key={i} class={classes!("check-step", decided.then_some("is-deciding"), empty.then_some("is-empty"))}>
                            <span class="check-step-line">{ step.line.clone() }</span>
                            if decided {
                                { " " }<strong class="check-decided">{ "◀ decided here" }</strong>
                            }
                            if !step.assignments.is_empty() {
                                <ul class="sub-list">
                                    { for step.assignments.iter().map(|a| html! { <li>{ a.clone() }</li> }) }
                                </ul>
                            }
                        </li>
                    }
                }) }
            </ol>
            <p class="check-permissions">
                { format!("This is a {plane} operation: a role grants it only through its {list}, unless its {not_list} take it out again; {other} do not count.") }
            </p>
        </>
    }
}

fn stamp_view(stamp: &Stamp) -> Html {
    let allowed = stamp.outcome == Outcome::Allowed;
    html! {
        <>
            <div class={classes!("check-stamp", if allowed { "is-allowed" } else { "is-denied" })}>
                <span class="check-stamp-glyph" aria-hidden="true">{ if allowed { "✓" } else { "✕" } }</span>
                <div>
                    <p class="check-stamp-verdict">{ verdict_word(stamp.outcome) }</p>
                    <p class="check-stamp-reason"><code>{ stamp.reason.code() }</code>{ format!(": {}", stamp.plain) }</p>
                </div>
            </div>
            if let Some(deciding) = &stamp.deciding {
                <p>
                    <strong>{ "Granted by " }</strong>{ deciding.path.clone() }
                    { if deciding.inherited { " (inherited from above)." } else { " (assigned at this scope)." } }
                </p>
            }
            if let Some(missing) = &stamp.missing {
                <p><strong>{ "Missing: " }</strong>{ missing.clone() }</p>
            }
            if let Some(fix) = &stamp.suggestion {
                <p class="check-suggestion">
                    <strong>
                        { match stamp.reason {
                            Reason::NoRoleAssignment | Reason::ActionNotPermitted => "Least privilege: ",
                            _ => "To fix: ",
                        } }
                    </strong>
                    { format!("{fix}.") }
                </p>
            }
        </>
    }
}
