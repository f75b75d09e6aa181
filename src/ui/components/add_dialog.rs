//! The "Add <kind>" dialog: name, resource group (existing or new), the system-assigned identity,
//! and for apps their plan and storage account; it shows the az commands it will run.
//!
//! Invariants: names are checked with Azure's rules (`sim::resource::validate_name`,
//! `validate_group_name`) as the learner types, the message sits under its field and is tied to
//! it with `aria-describedby`, and Create runs nothing while a field is invalid. A group that does
//! not exist yet is created first, in eastus.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::resource::{validate_group_name, validate_name, ResourceKind};
use crate::sim::world::World;
use crate::ui::browser;
use crate::ui::components::modal::Modal;
use crate::ui::shared::SharedSession;
use crate::view::commands::{create_group, create_resource, CreateOptions};
use crate::view::state::Selection;
use crate::view::text::upper_first;

/// Where new resource groups are created.
pub const NEW_GROUP_LOCATION: &str = "eastus";

#[derive(Properties, PartialEq)]
pub struct AddDialogProps {
    pub kind: ResourceKind,
    pub session: SharedSession,
    /// The statements to run and what to select afterwards.
    pub on_create: Callback<(String, Selection)>,
    pub on_close: Callback<()>,
}

#[component]
pub fn AddDialog(props: &AddDialogProps) -> Html {
    let kind = props.kind;
    let world = &props.session.world;
    let name = {
        let suggestion = suggested_name(world, kind);
        use_state(move || suggestion)
    };
    let group = {
        let first = world
            .groups()
            .next()
            .map(|g| g.name.clone())
            .unwrap_or_else(|| "rg1".to_string());
        use_state(move || first)
    };
    let identity = use_state(|| false);
    let plan = use_state(String::new);
    let storage = use_state(String::new);
    // Messages show once a field was edited or Create was tried: not before the learner typed.
    let show_name_error = use_state(|| false);
    let show_group_error = use_state(|| false);

    let form = Form {
        name: (*name).clone(),
        group: (*group).clone(),
        identity: *identity,
        plan: (*plan).clone(),
        storage: (*storage).clone(),
    };
    let planned = plan_for(world, kind, &form);
    let Planned {
        group_exists,
        group_name,
        plans,
        accounts,
        options,
        ..
    } = planned.clone();
    let (name_error, group_error) = (planned.name_error.clone(), planned.group_error.clone());
    let script = planned.statements.clone();

    let on_name = {
        let name = name.clone();
        let show = show_name_error.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value());
            show.set(true);
        })
    };
    let on_group = {
        let group = group.clone();
        let show = show_group_error.clone();
        Callback::from(move |e: InputEvent| {
            group.set(e.target_unchecked_into::<HtmlInputElement>().value());
            show.set(true);
        })
    };
    let on_identity = {
        let identity = identity.clone();
        Callback::from(move |e: Event| {
            identity.set(e.target_unchecked_into::<HtmlInputElement>().checked());
        })
    };
    let on_plan = select_handler(&plan);
    let on_storage = select_handler(&storage);
    let onsubmit = {
        let on_create = props.on_create.clone();
        let show_name = show_name_error.clone();
        let show_group = show_group_error.clone();
        let session = props.session.clone();
        let form = form.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // What the fields hold now: a change may not have been rendered yet.
            let form = Form::read(&e.target_unchecked_into::<web_sys::Element>())
                .unwrap_or_else(|| form.clone());
            let planned = plan_for(&session.world, kind, &form);
            if planned.name_error.is_some() || planned.group_error.is_some() {
                show_name.set(true);
                show_group.set(true);
                browser::focus_id(if planned.name_error.is_none() {
                    "add-group"
                } else {
                    "add-name"
                });
                return;
            }
            on_create.emit((planned.statements, planned.select));
        })
    };
    let cancel = props.on_close.reform(|_: MouseEvent| ());

    let name_message = name_error.clone().filter(|_| *show_name_error);
    let group_message = group_error.clone().filter(|_| *show_group_error);
    let group_hint = if group_exists {
        format!("Existing group, in {}.", location_of(world, &group_name))
    } else {
        format!("A new resource group; it will be created in {NEW_GROUP_LOCATION}.")
    };
    let title = format!("Add {}", kind.label());

    html! {
        <Modal title={title} on_close={props.on_close.clone()} initial_focus={Some(AttrValue::Static("add-name"))}>
            <form class="form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="add-name">{ "Name" }</label>
                    <input
                        id="add-name"
                        type="text"
                        value={(*name).clone()}
                        oninput={on_name}
                        autocomplete="off"
                        spellcheck="false"
                        aria-invalid={name_message.is_some().then_some("true")}
                        aria-describedby={name_message.is_some().then_some("add-name-error")}
                    />
                    if let Some(message) = name_message {
                        <p id="add-name-error" class="field-error">
                            <span aria-hidden="true">{ "✖ " }</span>{ message }
                        </p>
                    }
                </div>
                <div class="field">
                    <label for="add-group">{ "Resource group" }</label>
                    <input
                        id="add-group"
                        type="text"
                        list="add-group-list"
                        value={(*group).clone()}
                        oninput={on_group}
                        autocomplete="off"
                        spellcheck="false"
                        aria-invalid={group_message.is_some().then_some("true")}
                        aria-describedby={if group_message.is_some() { "add-group-error add-group-hint" } else { "add-group-hint" }}
                    />
                    <datalist id="add-group-list">
                        { for world.groups().map(|g| html! { <option key={g.name.clone()} value={g.name.clone()} /> }) }
                    </datalist>
                    if let Some(message) = group_message {
                        <p id="add-group-error" class="field-error">
                            <span aria-hidden="true">{ "✖ " }</span>{ message }
                        </p>
                    }
                    <p id="add-group-hint" class="field-hint">{ group_hint }</p>
                </div>
                if matches!(kind, ResourceKind::WebApp | ResourceKind::FunctionApp) {
                    <div class="field">
                        <label for="add-plan">{ "App Service plan" }</label>
                        <select id="add-plan" onchange={on_plan}>
                            <option value="" selected={options.plan.is_none()}>{ "A new plan for this app" }</option>
                            { for plans.iter().map(|p| html! {
                                <option key={p.clone()} value={p.clone()} selected={options.plan.as_deref() == Some(p.as_str())}>{ p.clone() }</option>
                            }) }
                        </select>
                    </div>
                }
                if kind == ResourceKind::FunctionApp {
                    <div class="field">
                        <label for="add-storage">{ "Storage account" }</label>
                        <select id="add-storage" onchange={on_storage}>
                            <option value="" selected={options.storage_account.is_none()}>{ "A new storage account for this app" }</option>
                            { for accounts.iter().map(|s| html! {
                                <option key={s.clone()} value={s.clone()} selected={options.storage_account.as_deref() == Some(s.as_str())}>{ s.clone() }</option>
                            }) }
                        </select>
                    </div>
                }
                if kind.supports_identity() {
                    <div class="field field-check">
                        <input id="add-identity" type="checkbox" checked={*identity} onchange={on_identity} aria-describedby="add-identity-hint" />
                        <label for="add-identity">{ "System-assigned identity" }</label>
                        <p id="add-identity-hint" class="field-hint">
                            { "Azure creates a service principal in Entra ID for this resource; it lives and dies with the resource." }
                        </p>
                    </div>
                }
                <div class="field">
                    <p class="field-label" id="add-commands-label">{ "Commands to run" }</p>
                    <pre class="command-preview" aria-labelledby="add-commands-label">{ script }</pre>
                </div>
                <div class="dialog-actions">
                    <button type="submit" class="button button-primary">{ "Create" }</button>
                    <button type="button" class="button" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </form>
        </Modal>
    }
}

/// What the form's fields hold.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    name: String,
    group: String,
    identity: bool,
    plan: String,
    storage: String,
}

impl Form {
    /// Reads the fields of the form element.
    fn read(form: &web_sys::Element) -> Option<Form> {
        let input = |id: &str| {
            form.query_selector(&format!("#{id}"))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        };
        let select = |id: &str| {
            form.query_selector(&format!("#{id}"))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default()
        };
        Some(Form {
            name: input("add-name")?.value(),
            group: input("add-group")?.value(),
            identity: input("add-identity").is_some_and(|i| i.checked()),
            plan: select("add-plan"),
            storage: select("add-storage"),
        })
    }
}

/// What Create would do with a form.
#[derive(Debug, Clone, PartialEq)]
struct Planned {
    statements: String,
    select: Selection,
    name_error: Option<String>,
    group_error: Option<String>,
    group_exists: bool,
    /// The group's name as it exists (case), or as typed for a new one.
    group_name: String,
    plans: Vec<String>,
    accounts: Vec<String>,
    options: CreateOptions,
}

fn plan_for(world: &World, kind: ResourceKind, form: &Form) -> Planned {
    let existing = world.group(&form.group);
    let group_name = existing
        .map(|g| g.name.clone())
        .unwrap_or_else(|| form.group.clone());
    let plans = in_group(world, &group_name, ResourceKind::AppServicePlan);
    let accounts = in_group(world, &group_name, ResourceKind::StorageAccount);
    let options = CreateOptions {
        system_identity: form.identity,
        plan: plans.iter().find(|p| **p == form.plan).cloned(),
        storage_account: accounts.iter().find(|s| **s == form.storage).cloned(),
    };
    let mut statements = Vec::new();
    if existing.is_none() {
        statements.push(create_group(&form.group, NEW_GROUP_LOCATION));
    }
    statements.extend(create_resource(kind, &group_name, &form.name, &options));
    Planned {
        statements: statements.join("\n"),
        select: Selection::Resource(format!(
            "/subscriptions/{}/resourceGroups/{}/providers/{}/{}",
            world.default_subscription().id,
            group_name,
            kind.arm_type(),
            form.name
        )),
        name_error: name_problem(world, kind, &form.name, &group_name),
        group_error: validate_group_name(&form.group)
            .err()
            .map(|m| upper_first(&m)),
        group_exists: existing.is_some(),
        group_name,
        plans,
        accounts,
        options,
    }
}

fn select_handler(state: &UseStateHandle<String>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        state.set(
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        );
    })
}

/// Why `name` cannot be used, if it cannot: Azure's naming rules, then a clash with a resource
/// of the same kind in the same group (creating it again would change nothing).
fn name_problem(world: &World, kind: ResourceKind, name: &str, group: &str) -> Option<String> {
    if let Err(message) = validate_name(kind, name) {
        return Some(upper_first(&message));
    }
    world.resource_in(group, kind, name).map(|_| {
        format!(
            "{} '{name}' already exists in {group}. Choose another name.",
            kind.label()
        )
    })
}

/// A name that is valid for the kind and not used yet: `vm1`, `vm2`, …
fn suggested_name(world: &World, kind: ResourceKind) -> String {
    let stem = match kind {
        ResourceKind::VirtualMachine => "vm",
        ResourceKind::VmScaleSet => "vmss",
        ResourceKind::AppServicePlan => "plan",
        ResourceKind::WebApp => "web",
        ResourceKind::FunctionApp => "func",
        ResourceKind::StorageAccount => "storage",
        ResourceKind::KeyVault => "kv",
        ResourceKind::SqlServer => "sql",
        ResourceKind::CosmosDb => "cosmos",
        ResourceKind::UserAssignedIdentity => "identity",
    };
    (1..)
        .map(|n| format!("{stem}{n}"))
        .find(|candidate| world.named_scopes(candidate).is_empty())
        .unwrap_or_else(|| stem.to_string())
}

fn in_group(world: &World, group: &str, kind: ResourceKind) -> Vec<String> {
    world
        .resources()
        .filter(|r| r.kind == kind && r.group.eq_ignore_ascii_case(group))
        .map(|r| r.name.clone())
        .collect()
}

fn location_of(world: &World, group: &str) -> String {
    world
        .group(group)
        .map(|g| g.location.clone())
        .unwrap_or_default()
}
