//! The "Can it?" panel: pick who asks, either the resource whose code asks with the identity its
//! token request names, or a user, security group or application's service principal, then an
//! operation and a target, and watch Azure answer stage by stage ([`view::check`]): the token
//! request, the token Entra ID issues (or Azure's error), the Azure RBAC walk, and the stamp. A
//! principal signs in with its own credentials, so its flow is the RBAC walk and the stamp.
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
use web_sys::{HtmlInputElement, HtmlSelectElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::sim::ids::Guid;
use crate::sim::operations;
use crate::sim::resource::TokenEndpoint;
use crate::ui::browser;
use crate::ui::components::check_form::{
    compute, field_id, from_preset, operation_hint, principal_note, principal_value, statement,
    Asked, Choices, Form,
};
use crate::ui::components::check_stages::{results_view, stage_id, summary};
use crate::ui::shared::SharedSession;
use crate::view::check::{
    self, Field, InputError, COMMON_OPERATIONS, NO_TOKEN_REQUEST, PRINCIPALS_GROUP,
};
use crate::view::describe::kind_text;

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
    let source = choices.source();
    let endpoint = source.map(|r| r.kind.token_endpoint());

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
    let results = match (flow.as_ref(), asked.as_ref()) {
        (Some(Ok(flow)), Some(asked)) => {
            let (statement, note) = match asked {
                Asked::Code {
                    source,
                    identity,
                    operation,
                    target,
                } => (statement(world, source, identity, operation, target), None),
                Asked::Principal {
                    principal,
                    operation,
                    scope,
                } => (
                    check::statement_as(world, *principal, operation, scope),
                    principal_note(world, *principal),
                ),
            };
            results_view(
                flow,
                statement,
                note,
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
                        <label for="canit-source">{ "Who asks" }</label>
                        <select id="canit-source" onchange={on_source}
                            aria-invalid={invalid("canit-source")}
                            aria-describedby={described("canit-source", "canit-source-hint")}>
                            if !choices.sources.is_empty() {
                                <optgroup label="Code on a resource">
                                    { for choices.sources.iter().map(|r| html! {
                                        <option key={r.id.clone()} value={r.id.clone()}
                                            selected={source.is_some_and(|s| s.id == r.id)}>
                                            { format!("{} ({} in {})", r.name, kind_text(r.kind), r.group) }
                                        </option>
                                    }) }
                                </optgroup>
                            }
                            <optgroup label={PRINCIPALS_GROUP}>
                                { for choices.principals.iter().map(|p| html! {
                                    <option key={p.principal.to_string()} value={principal_value(p.principal)}
                                        selected={choices.principal() == Some(p.principal)}>
                                        { p.label.clone() }
                                    </option>
                                }) }
                            </optgroup>
                        </select>
                        <p id="canit-source-hint" class="field-hint">
                            { match (endpoint, choices.principal()) {
                                (Some(TokenEndpoint::AppService), _) => "Asks App Service's IDENTITY_ENDPOINT for a token.",
                                (Some(TokenEndpoint::Imds), _) => "Asks the Instance Metadata Service (IMDS) for a token.",
                                (Some(TokenEndpoint::Platform), _) => "The service uses its identity itself, by IMDS's rules.",
                                (None, Some(_)) => NO_TOKEN_REQUEST,
                                (None, None) => "Add a virtual machine or an app with a managed identity from the palette.",
                            } }
                        </p>
                    </div>
                    <div class="field">
                        <label for="canit-identity">{ "Identity the request names" }</label>
                        <select id="canit-identity" onchange={on_identity} disabled={source.is_none()}
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
                                Some(_) => "None named: the system-assigned identity, else the only user-assigned one.",
                                None => "Only code on a resource asks for a managed identity's token.",
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
                            disabled={choices.who.is_none() || choices.targets.is_empty()}>
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
