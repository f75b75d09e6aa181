//! The "Grant a role" dialog: identity → role → scope, then `az role assignment create`.
//!
//! The role list is a searchable `listbox`: each option shows the role's name, its one-line
//! description and whether it works on the control plane, the data plane or both (from
//! `RoleDefinition::planes`), the distinction learners most often miss. Arrow keys move the
//! selection from the search box or the list; Home and End jump.
//!
//! Invariants: Grant runs nothing until an identity and a role are chosen, and refuses an
//! assignment that already exists (Azure would answer with a conflict).

use web_sys::{HtmlInputElement, HtmlSelectElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::sim::case::lowercase;
use crate::sim::ids::Guid;
use crate::sim::resource::ResourceKind;
use crate::sim::world::World;
use crate::ui::browser;
use crate::ui::components::modal::Modal;
use crate::ui::shared::SharedSession;
use crate::ui::words::{plane_text, same_scope, scope_label};
use crate::view::commands::grant_role;

#[derive(Properties, PartialEq)]
pub struct GrantDialogProps {
    pub session: SharedSession,
    /// The identity chosen at first (the selected resource's, usually).
    #[prop_or_default]
    pub principal: Option<Guid>,
    /// The scope chosen at first.
    #[prop_or_default]
    pub scope: Option<String>,
    pub on_run: Callback<String>,
    pub on_close: Callback<()>,
}

#[component]
pub fn GrantDialog(props: &GrantDialogProps) -> Html {
    let world = &props.session.world;
    let principal = {
        let first = props
            .principal
            .filter(|p| world.directory.contains(*p))
            .or_else(|| world.directory.principals().next().map(|p| p.object_id));
        use_state(move || first)
    };
    let query = use_state(String::new);
    let role = use_state(|| None::<String>);
    let scope = {
        let first = props
            .scope
            .clone()
            .unwrap_or_else(|| format!("/subscriptions/{}", world.default_subscription().id));
        use_state(move || first)
    };
    let problem = use_state(|| None::<String>);

    let needle = lowercase(query.trim());
    let roles: Vec<(usize, &crate::sim::rbac::RoleDefinition)> = world
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            needle.is_empty()
                || lowercase(&r.name).contains(&needle)
                || lowercase(&r.description).contains(&needle)
                || plane_text(r).contains(&needle)
        })
        .collect();
    let selected_index = roles
        .iter()
        .position(|(_, r)| Some(&r.name) == role.as_ref());
    let option_id = |i: usize| format!("grant-role-{i}");
    let active = selected_index.map(|i| option_id(roles[i].0));

    // Keep the selected option in view as the arrow keys move it.
    {
        let active = active.clone();
        use_effect_with(active, |active| {
            if let Some(element) = active
                .as_ref()
                .and_then(|id| browser::document()?.get_element_by_id(id))
            {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }

    let names: Vec<String> = roles.iter().map(|(_, r)| r.name.clone()).collect();
    let on_list_key = {
        let role = role.clone();
        let names = names.clone();
        Callback::from(move |e: KeyboardEvent| {
            let len = names.len();
            if len == 0 {
                return;
            }
            let next = match e.key().as_str() {
                "ArrowDown" => selected_index.map_or(0, |i| (i + 1).min(len - 1)),
                "ArrowUp" => selected_index.map_or(0, |i| i.saturating_sub(1)),
                "Home" => 0,
                "End" => len - 1,
                _ => return,
            };
            e.prevent_default();
            role.set(Some(names[next].clone()));
        })
    };
    let on_search_key = {
        let on_list_key = on_list_key.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Home and End stay with the text; the arrows move through the roles.
            if matches!(e.key().as_str(), "ArrowDown" | "ArrowUp") {
                on_list_key.emit(e);
            } else if e.key() == "Enter" {
                e.prevent_default();
            }
        })
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_principal = {
        let principal = principal.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            principal.set(Guid::parse(&value));
        })
    };
    let on_scope = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            scope.set(e.target_unchecked_into::<HtmlSelectElement>().value());
        })
    };

    let scopes = scope_options(world);
    // A scope that no longer exists falls back to the first one, as the select shows it.
    let scope_value = scopes
        .iter()
        .flat_map(|(_, items)| items.iter().map(|(value, _)| value))
        .find(|value| same_scope(value, &scope))
        .or_else(|| {
            scopes
                .first()
                .and_then(|(_, items)| items.first())
                .map(|(v, _)| v)
        })
        .cloned()
        .unwrap_or_else(|| (*scope).clone());
    let command = match (*principal, role.as_ref()) {
        (Some(p), Some(r)) => Some(grant_role(world, p, r, &scope_value)),
        _ => None,
    };
    let duplicate = match (*principal, role.as_ref()) {
        (Some(p), Some(r)) => world.assignments().iter().any(|a| {
            a.principal_id == p
                && world
                    .role_by_id(&a.role_id)
                    .is_some_and(|d| d.name.eq_ignore_ascii_case(r))
                && same_scope(&a.scope, &scope_value)
        }),
        _ => false,
    };
    let grant = {
        let on_run = props.on_run.clone();
        let problem = problem.clone();
        let command = command.clone();
        let missing = if principal.is_none() {
            Some(("Choose an identity first.", "grant-identity"))
        } else if role.is_none() {
            Some(("Choose a role from the list.", "grant-roles"))
        } else if duplicate {
            Some((
                "This identity already has this role at this scope; Azure refuses a second identical assignment.",
                "grant-roles",
            ))
        } else {
            None
        };
        Callback::from(move |_: MouseEvent| match (missing, &command) {
            (Some((message, field)), _) => {
                problem.set(Some(message.to_string()));
                browser::focus_id(field);
            }
            (None, Some(command)) => on_run.emit(command.clone()),
            (None, None) => {}
        })
    };
    let cancel = props.on_close.reform(|_: MouseEvent| ());

    let principals: Vec<_> = world.directory.principals().collect();
    let selected_role = role
        .as_ref()
        .and_then(|name| world.roles.iter().find(|r| &r.name == name));

    html! {
        <Modal title="Grant a role" on_close={props.on_close.clone()} class="modal-wide">
            <div class="form">
                <div class="field">
                    <label for="grant-identity">{ "Identity" }</label>
                    if principals.is_empty() {
                        <select id="grant-identity" disabled=true aria-describedby="grant-identity-hint">
                            <option>{ "No managed identities yet" }</option>
                        </select>
                        <p id="grant-identity-hint" class="field-hint">
                            { "Turn on a resource's system-assigned identity or add a user-assigned identity first: only identities can be granted roles here." }
                        </p>
                    } else {
                        <select id="grant-identity" onchange={on_principal}>
                            { for principals.iter().map(|sp| html! {
                                <option
                                    key={sp.object_id.to_string()}
                                    value={sp.object_id.to_string()}
                                    selected={Some(sp.object_id) == *principal}
                                >
                                    { format!("{} ({}, object id {})", sp.display_name, sp.source.kind_label().to_ascii_lowercase(), sp.object_id) }
                                </option>
                            }) }
                        </select>
                    }
                </div>
                <div class="field">
                    <label for="grant-search">{ "Search roles" }</label>
                    <input
                        id="grant-search"
                        type="search"
                        value={(*query).clone()}
                        oninput={on_query}
                        onkeydown={on_search_key}
                        autocomplete="off"
                        aria-controls="grant-roles"
                        aria-describedby="grant-search-hint"
                    />
                    <p id="grant-search-hint" class="field-hint">
                        { format!("{} of {} roles. ↑ and ↓ choose; \"data\" finds the roles that reach inside resources.", roles.len(), world.roles.len()) }
                    </p>
                    <ul
                        id="grant-roles"
                        class="role-list"
                        role="listbox"
                        aria-label="Role"
                        tabindex="0"
                        aria-activedescendant={active.clone()}
                        onkeydown={on_list_key}
                    >
                        if roles.is_empty() {
                            <li class="role-empty" role="presentation">{ "No role matches the search." }</li>
                        }
                        { for roles.iter().map(|(index, r)| {
                            let selected = Some(&r.name) == role.as_ref();
                            let pick = {
                                let role = role.clone();
                                let problem = problem.clone();
                                let name = r.name.clone();
                                Callback::from(move |_: MouseEvent| {
                                    role.set(Some(name.clone()));
                                    problem.set(None);
                                })
                            };
                            let (control, data) = r.planes();
                            html! {
                                <li
                                    key={r.id.clone()}
                                    id={option_id(*index)}
                                    class={classes!("role-option", selected.then_some("is-selected"))}
                                    role="option"
                                    aria-selected={if selected { "true" } else { "false" }}
                                    onclick={pick}
                                >
                                    <span class="role-name">{ r.name.clone() }</span>
                                    <span class={classes!("plane", control.then_some("plane-control"), data.then_some("plane-data"))}>
                                        { plane_text(r) }
                                    </span>
                                    <span class="role-description" title={r.description.clone()}>{ r.description.clone() }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    <p class="field-hint" aria-live="polite">
                        { match selected_role {
                            Some(r) => format!("Chosen: {} ({}).", r.name, plane_text(r)),
                            None => "No role chosen yet.".to_string(),
                        } }
                    </p>
                </div>
                <div class="field">
                    <label for="grant-scope">{ "Scope" }</label>
                    <select id="grant-scope" onchange={on_scope} aria-describedby="grant-scope-hint">
                        { for scopes.iter().map(|(group, items)| html! {
                            <optgroup label={*group}>
                                { for items.iter().map(|(value, label)| html! {
                                    <option key={value.clone()} value={value.clone()} selected={same_scope(value, &scope_value)}>{ label.clone() }</option>
                                }) }
                            </optgroup>
                        }) }
                    </select>
                    <p id="grant-scope-hint" class="field-hint">
                        { "The assignment applies at this scope and everything below it." }
                    </p>
                </div>
                if let Some(message) = (*problem).clone() {
                    <p class="field-error" role="alert"><span aria-hidden="true">{ "✖ " }</span>{ message }</p>
                }
                <div class="field">
                    <p class="field-label" id="grant-command-label">{ "Command" }</p>
                    <pre class="command-preview" aria-labelledby="grant-command-label">
                        { command.unwrap_or_else(|| "Choose an identity and a role.".to_string()) }
                    </pre>
                </div>
                <div class="dialog-actions">
                    <button type="button" class="button button-primary" onclick={grant}>{ "Grant" }</button>
                    <button type="button" class="button" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        </Modal>
    }
}

/// The scopes a role can be granted at, grouped: the subscription, groups, resources, containers.
fn scope_options(world: &World) -> Vec<(&'static str, Vec<(String, String)>)> {
    let subscription = world.default_subscription();
    let mut out = vec![(
        "Subscription",
        vec![(
            format!("/subscriptions/{}", subscription.id),
            format!("Subscription: {}", subscription.name),
        )],
    )];
    let groups: Vec<(String, String)> = world
        .groups()
        .map(|g| (g.id(), format!("Resource group {}", g.name)))
        .collect();
    if !groups.is_empty() {
        out.push(("Resource groups", groups));
    }
    let resources: Vec<(String, String)> = world
        .resources()
        .map(|r| {
            (
                r.id.clone(),
                format!("{} {} (in {})", r.kind.label(), r.name, r.group),
            )
        })
        .collect();
    if !resources.is_empty() {
        out.push(("Resources", resources));
    }
    let containers: Vec<(String, String)> = world
        .resources()
        .filter(|r| r.kind == ResourceKind::StorageAccount)
        .flat_map(|r| {
            r.containers().iter().map(move |c| {
                let id = format!("{}/blobServices/default/containers/{c}", r.id);
                let label = scope_label(world, &id);
                (id, format!("Blob {label} in {}", r.name))
            })
        })
        .collect();
    if !containers.is_empty() {
        out.push(("Blob containers", containers));
    }
    out
}
