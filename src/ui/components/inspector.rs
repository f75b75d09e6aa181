//! The inspector: everything about the selected resource, group, service principal or role
//! assignment, and the actions on it, each shown with the az command it runs.
//!
//! Invariants: every action goes out through `on_run` as az command text built by
//! `view::commands`; an action the core has no command for is shown disabled with the reason,
//! never as a button bound to fail; deletions go through the confirmation dialog (`on_delete`);
//! an assignment whose principal is gone says "Identity not found" with principal type
//! "Unknown", as the portal does (MI-1.5). With `read_only` (the timeline shows the past) every
//! control is disabled.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::sim::ids::Guid;
use crate::sim::output::{render_with, OutputFormat, RenderOptions};
use crate::sim::rbac::RoleAssignment;
use crate::sim::resource::{Resource, ResourceKind};
use crate::sim::script::arm_json;
use crate::sim::token::Selector;
use crate::sim::world::{ResourceGroup, World};
use crate::ui::shared::SharedSession;
use crate::ui::words::{holder, plane_text, role_name, same_or_below, same_scope, scope_label};
use crate::view::describe::short_name;
use crate::view::state::Selection;
use crate::view::{caller, commands};

mod principals;

use principals::{assignment_view, assignments_section, principal_view};

/// What the grant dialog starts with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GrantTarget {
    pub principal: Option<Guid>,
    pub scope: Option<String>,
}

/// A deletion to confirm: the dialog's heading and the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteTarget {
    pub title: String,
    pub statement: String,
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub session: SharedSession,
    pub selection: Option<Selection>,
    /// True while the timeline shows the past.
    pub read_only: bool,
    pub on_run: Callback<String>,
    pub on_select: Callback<Selection>,
    pub on_grant: Callback<GrantTarget>,
    pub on_delete: Callback<DeleteTarget>,
}

/// What the view functions below need, bundled.
struct Ctx<'a> {
    world: &'a World,
    props: &'a InspectorProps,
    attach_choice: UseStateHandle<String>,
    container_name: UseStateHandle<String>,
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let attach_choice = use_state(String::new);
    let container_name = use_state(String::new);
    // A new selection starts at its top.
    let body_ref = use_node_ref();
    {
        let body_ref = body_ref.clone();
        use_effect_with(props.selection.clone(), move |_| {
            if let Some(body) = body_ref.cast::<web_sys::Element>() {
                body.set_scroll_top(0);
            }
        });
    }
    let ctx = Ctx {
        world: &props.session.world,
        props,
        attach_choice,
        container_name,
    };
    let world = ctx.world;
    let body = match &props.selection {
        Some(Selection::Resource(id)) => world.resource(id).map(|r| resource_view(&ctx, r)),
        Some(Selection::Group(name)) => world.group(name).map(|g| group_view(&ctx, g)),
        Some(Selection::Principal(id)) => {
            world.directory.get(*id).map(|sp| principal_view(&ctx, sp))
        }
        Some(Selection::Assignment(name)) => world
            .assignments()
            .iter()
            .find(|a| a.name == *name)
            .map(|a| assignment_view(&ctx, a)),
        None => None,
    };
    html! {
        <section class="panel inspector" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading" class="panel-title" tabindex="-1">{ "Inspector" }</h2>
            <div ref={body_ref} class="panel-body">
                if props.read_only {
                    <p class="note">{ "You are viewing the past: actions are off until you return to now." }</p>
                }
                { body.unwrap_or_else(nothing_selected) }
            </div>
        </section>
    }
}

fn nothing_selected() -> Html {
    html! {
        <>
            <h3 class="inspector-title">{ "Nothing selected" }</h3>
            <p class="muted">
                { "Select a resource, a resource group, an identity or a role assignment in the diagram or in Entra ID to see it here. Add resources from the palette." }
            </p>
        </>
    }
}

// ----- resources -----------------------------------------------------------------------------

fn resource_view(ctx: &Ctx<'_>, r: &Resource) -> Html {
    let world = ctx.world;
    let read_only = ctx.props.read_only;
    let identity_json = if r.kind == ResourceKind::UserAssignedIdentity {
        ("The identity resource (ARM)", arm_json::resource(world, r))
    } else {
        (
            "ARM identity property",
            arm_json::identity(world, &r.identity),
        )
    };
    let json_text = match &identity_json.1 {
        serde_json::Value::Null => "null".to_string(),
        value => render_with(value, OutputFormat::Json, RenderOptions::default()),
    };
    let delete = commands::delete_resource(world, &r.id);
    let on_delete = {
        let on_delete = ctx.props.on_delete.clone();
        let title = format!("Delete {} {}?", r.kind.label().to_ascii_lowercase(), r.name);
        let statement = delete.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(statement) = &statement {
                on_delete.emit(DeleteTarget {
                    title: title.clone(),
                    statement: statement.clone(),
                });
            }
        })
    };
    let on_grant = {
        let on_grant = ctx.props.on_grant.clone();
        let target = GrantTarget {
            principal: own_principal(world, r),
            scope: Some(if is_target_kind(r.kind) {
                r.id.clone()
            } else {
                world
                    .group(&r.group)
                    .map(ResourceGroup::id)
                    .unwrap_or_else(|| r.id.clone())
            }),
        };
        Callback::from(move |_: MouseEvent| on_grant.emit(target.clone()))
    };
    let held: Vec<&RoleAssignment> = world
        .assignments()
        .iter()
        .filter(|a| Some(a.principal_id) == own_identity(r) || same_or_below(&r.id, &a.scope))
        .collect();
    // SI-8.4: doing things as the resource's identity, from a shell on the resource.
    let sign_in = caller::sign_in_on(world, r);
    let on_sign_in = {
        let on_run = ctx.props.on_run.clone();
        let statements = sign_in.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(statements) = &statements {
                on_run.emit(statements.clone());
            }
        })
    };
    html! {
        <>
            <h3 class="inspector-title">{ r.name.clone() }</h3>
            <p class="inspector-kind">{ format!("{} in resource group {} ({})", r.kind.label(), r.group, r.location) }</p>
            <dl class="props">
                <dt>{ "Resource id" }</dt>
                <dd><code class="id">{ r.id.clone() }</code></dd>
                <dt>{ "Type" }</dt>
                <dd><code>{ r.kind.arm_type() }</code></dd>
            </dl>
            if r.kind.supports_identity() {
                { identities_section(ctx, r) }
            }
            if let Some((principal, client)) = r.user_identity_ids() {
                { user_identity_section(ctx, r, principal, client) }
            }
            if r.kind == ResourceKind::StorageAccount {
                { containers_section(ctx, r) }
            }
            <section class="inspector-section" aria-labelledby="ins-json">
                <h4 id="ins-json">{ identity_json.0 }</h4>
                <pre class="json" tabindex="0" aria-labelledby="ins-json">{ json_text }</pre>
            </section>
            { assignments_section(ctx, "Role assignments", &held, "No role assignments are held by this resource's own identity or made on it.") }
            { effective_section(ctx, r) }
            <section class="inspector-section" aria-labelledby="ins-actions">
                <h4 id="ins-actions">{ "Actions" }</h4>
                <div class="action-row">
                    <button type="button" class="button" disabled={read_only} onclick={on_grant}>{ "Grant role…" }</button>
                    <span class="cmd-note">{ "opens the role picker: identity, role, scope" }</span>
                </div>
                if let Some(statements) = sign_in {
                    <div class="action-row">
                        <button type="button" class="button" disabled={read_only} onclick={on_sign_in}>
                            { format!("Sign in on {} with its identity", r.name) }
                        </button>
                        <code class="cmd">{ statements.replace('\n', "; ") }</code>
                    </div>
                }
                <div class="action-row">
                    <button type="button" class="button button-danger" disabled={read_only || delete.is_none()} onclick={on_delete}>{ "Delete…" }</button>
                    if let Some(command) = delete {
                        <code class="cmd">{ command }</code>
                    }
                </div>
            </section>
        </>
    }
}

fn identities_section(ctx: &Ctx<'_>, r: &Resource) -> Html {
    let world = ctx.world;
    let read_only = ctx.props.read_only;
    let enabled = r.identity.system.is_some();
    let toggle = commands::set_system_identity(world, &r.id, !enabled);
    let on_toggle = {
        let on_run = ctx.props.on_run.clone();
        let command = toggle.clone();
        Callback::from(move |_: Event| {
            if let Some(command) = &command {
                on_run.emit(command.clone());
            }
        })
    };
    // Live user-assigned identities not attached yet.
    let candidates: Vec<&Resource> = world
        .resources()
        .filter(|u| u.kind == ResourceKind::UserAssignedIdentity)
        .filter(|u| r.identity.find_user(&u.id).is_none())
        .collect();
    let chosen = candidates
        .iter()
        .find(|u| u.id == *ctx.attach_choice)
        .or_else(|| candidates.first())
        .map(|u| u.id.clone());
    let attach = chosen
        .as_ref()
        .and_then(|id| commands::attach_identity(world, &r.id, id));
    let on_choose = {
        let choice = ctx.attach_choice.clone();
        Callback::from(move |e: Event| {
            choice.set(e.target_unchecked_into::<HtmlSelectElement>().value());
        })
    };
    let on_attach = {
        let on_run = ctx.props.on_run.clone();
        let command = attach.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(command) = &command {
                on_run.emit(command.clone());
            }
        })
    };
    let token = match world.select_identity(r, &Selector::Default) {
        Ok(selected) => format!(
            "Code on {} that asks for a token without naming an identity gets {}.",
            r.name,
            selected.describe()
        ),
        Err(error) => format!(
            "Code on {} gets no token by default: {}",
            r.name, error.message
        ),
    };
    html! {
        <section class="inspector-section" aria-labelledby="ins-identity">
            <h4 id="ins-identity">{ "Managed identities" }</h4>
            <div class="field-check">
                <input
                    id="ins-system"
                    type="checkbox"
                    checked={enabled}
                    disabled={read_only || toggle.is_none()}
                    onchange={on_toggle}
                    aria-describedby="ins-system-note"
                />
                <label for="ins-system">{ "System-assigned identity" }</label>
                <span class={classes!("state", if enabled { "state-on" } else { "state-off" })}>
                    { if enabled { "On" } else { "Off" } }
                </span>
            </div>
            <p id="ins-system-note" class="field-hint">
                { match (&r.identity.system, &toggle) {
                    (Some(system), _) => format!("Principal id {}: its service principal is in Entra ID and goes when the identity is turned off or the resource is deleted.", system.principal_id),
                    (None, Some(_)) => "Off: no service principal. Turning it on creates one in Entra ID.".to_string(),
                    (None, None) => "Set when the resource is created: the playground has no command to change it afterwards for this kind.".to_string(),
                } }
            </p>
            if let Some(command) = toggle {
                <p class="cmd-line"><span class="cmd-label">{ if enabled { "Turn off: " } else { "Turn on: " } }</span><code class="cmd">{ command }</code></p>
            }
            <h5>{ "User-assigned identities" }</h5>
            if r.identity.user_assigned.is_empty() {
                <p class="muted">{ "None attached." }</p>
            } else {
                <ul class="plain-list">
                    { for r.identity.user_assigned.iter().map(|reference| {
                        let name = short_name(&reference.id).to_string();
                        let live = world.live_user_identity(reference).is_some();
                        let detach = commands::detach_identity(world, &r.id, &reference.id);
                        let on_detach = {
                            let on_run = ctx.props.on_run.clone();
                            let command = detach.clone();
                            Callback::from(move |_: MouseEvent| {
                                if let Some(command) = &command {
                                    on_run.emit(command.clone());
                                }
                            })
                        };
                        html! {
                            <li key={reference.id.clone()} class={classes!("uami-ref", (!live).then_some("is-dangling"))}>
                                <span class="uami-name">{ name.clone() }</span>
                                if !live {
                                    <span class="warning-text">
                                        <span aria-hidden="true">{ "⚠ " }</span>
                                        { "Identity not found: it was deleted, but the reference stays until it is detached (MI-2.2)." }
                                    </span>
                                }
                                <span class="muted small">{ format!("client id {}, principal id {}", reference.client_id, reference.principal_id) }</span>
                                <span class="action-row">
                                    <button type="button" class="button button-small" disabled={read_only || detach.is_none()} onclick={on_detach}>
                                        { format!("Detach {name}") }
                                    </button>
                                    if let Some(command) = detach {
                                        <code class="cmd">{ command }</code>
                                    }
                                </span>
                            </li>
                        }
                    }) }
                </ul>
            }
            { attach_controls(read_only, r, &candidates, chosen.as_deref(), attach, on_choose, on_attach, world) }
            <p class="token-note">{ token }</p>
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn attach_controls(
    read_only: bool,
    r: &Resource,
    candidates: &[&Resource],
    chosen: Option<&str>,
    attach: Option<String>,
    on_choose: Callback<Event>,
    on_attach: Callback<MouseEvent>,
    world: &World,
) -> Html {
    // Kinds whose identities are set only at creation have no `identity assign` command.
    if commands::set_system_identity(world, &r.id, true).is_none() {
        return html! {
            <p class="field-hint">{ "User-assigned identities are set when this kind of resource is created; the playground has no command to attach one afterwards." }</p>
        };
    }
    html! {
        <div class="attach">
            <label for="ins-attach">{ "Attach user-assigned identity" }</label>
            <div class="attach-row">
                <select id="ins-attach" disabled={read_only || candidates.is_empty()} onchange={on_choose}>
                    if candidates.is_empty() {
                        <option value="">{ "No other user-assigned identities" }</option>
                    }
                    { for candidates.iter().map(|u| html! {
                        <option key={u.id.clone()} value={u.id.clone()} selected={Some(u.id.as_str()) == chosen}>
                            { format!("{} (in {})", u.name, u.group) }
                        </option>
                    }) }
                </select>
                <button type="button" class="button" disabled={read_only || attach.is_none()} onclick={on_attach}>{ "Attach" }</button>
            </div>
            if candidates.is_empty() {
                <p class="field-hint">{ "Add a user-assigned managed identity from the palette to attach it here." }</p>
            }
            if let Some(command) = attach {
                <code class="cmd">{ command }</code>
            }
        </div>
    }
}

fn user_identity_section(ctx: &Ctx<'_>, r: &Resource, principal: Guid, client: Guid) -> Html {
    let world = ctx.world;
    let users: Vec<&Resource> = world.users_of_identity(&r.id).collect();
    html! {
        <section class="inspector-section" aria-labelledby="ins-uami">
            <h4 id="ins-uami">{ "User-assigned identity" }</h4>
            <dl class="props">
                <dt>{ "Principal (object) id" }</dt><dd><code>{ principal.to_string() }</code></dd>
                <dt>{ "Client (app) id" }</dt><dd><code>{ client.to_string() }</code></dd>
                <dt>{ "Service principal" }</dt>
                <dd>{ if world.directory.contains(principal) { "In Entra ID for as long as this identity exists." } else { "Not in Entra ID." } }</dd>
            </dl>
            <h5>{ "Attached to" }</h5>
            if users.is_empty() {
                <p class="muted">{ "No resource uses it yet. It lives on its own: deleting resources never deletes it." }</p>
            } else {
                <ul class="plain-list">
                    { for users.iter().map(|u| {
                        let select = ctx.props.on_select.reform({
                            let id = u.id.clone();
                            move |_: MouseEvent| Selection::Resource(id.clone())
                        });
                        html! {
                            <li key={u.id.clone()}>
                                <button type="button" class="link-button" onclick={select}>
                                    { format!("{} {}", u.kind.label(), u.name) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

fn containers_section(ctx: &Ctx<'_>, r: &Resource) -> Html {
    let world = ctx.world;
    let read_only = ctx.props.read_only;
    let name = (*ctx.container_name).clone();
    let command = (!name.trim().is_empty())
        .then(|| commands::create_container(world, &r.id, name.trim()))
        .flatten();
    let on_input = {
        let state = ctx.container_name.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onsubmit = {
        let on_run = ctx.props.on_run.clone();
        let state = ctx.container_name.clone();
        let command = command.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(command) = &command {
                on_run.emit(command.clone());
                state.set(String::new());
            }
        })
    };
    html! {
        <section class="inspector-section" aria-labelledby="ins-containers">
            <h4 id="ins-containers">{ "Blob containers" }</h4>
            <p class="field-hint">{ "A container is a scope below the account: a role granted on it reaches only its blobs." }</p>
            if r.containers().is_empty() {
                <p class="muted">{ "No containers yet." }</p>
            } else {
                <ul class="plain-list">
                    { for r.containers().iter().map(|c| html! { <li key={c.clone()}><code>{ c.clone() }</code></li> }) }
                </ul>
            }
            <form class="inline-form" {onsubmit}>
                <label for="ins-container">{ "Container name" }</label>
                <input id="ins-container" type="text" value={name} oninput={on_input} disabled={read_only} autocomplete="off" spellcheck="false" />
                <button type="submit" class="button" disabled={read_only || command.is_none()}>{ "Add container" }</button>
            </form>
            if let Some(command) = command {
                <code class="cmd">{ command }</code>
            }
        </section>
    }
}

fn effective_section(ctx: &Ctx<'_>, r: &Resource) -> Html {
    let world = ctx.world;
    // The identities code on this resource can use: its own, and the attached live ones.
    let mut identities: Vec<(String, Guid)> = Vec::new();
    if let Some((principal, _)) = r.user_identity_ids() {
        identities.push((format!("{} (user-assigned)", r.name), principal));
    }
    if let Some(system) = &r.identity.system {
        identities.push(("System-assigned identity".to_string(), system.principal_id));
    }
    for reference in &r.identity.user_assigned {
        if world.live_user_identity(reference).is_some() {
            identities.push((
                format!("{} (user-assigned)", short_name(&reference.id)),
                reference.principal_id,
            ));
        }
    }
    let access_here: Vec<&RoleAssignment> = world
        .assignments()
        .iter()
        .filter(|a| same_or_below(&a.scope, &r.id))
        .collect();
    html! {
        <section class="inspector-section" aria-labelledby="ins-effective">
            <h4 id="ins-effective">{ "Effective permissions" }</h4>
            <h5>{ "What this resource's identities can do" }</h5>
            if identities.is_empty() {
                <p class="muted">{ "Nothing: without a managed identity, code on this resource gets no token." }</p>
            } else {
                <ul class="plain-list">
                    { for identities.iter().map(|(label, principal)| {
                        let grants: Vec<&RoleAssignment> = world.assignments().iter().filter(|a| a.principal_id == *principal).collect();
                        html! {
                            <li key={principal.to_string()}>
                                <strong>{ label.clone() }</strong>
                                if grants.is_empty() {
                                    <span class="muted">{ ": no role assignments, so its tokens open nothing." }</span>
                                } else {
                                    <ul class="sub-list">
                                        { for grants.iter().map(|a| {
                                            let plane = world.role_by_id(&a.role_id).map(plane_text).unwrap_or("unknown plane");
                                            html! {
                                                <li key={a.name.to_string()}>
                                                    { format!("{} on {} ({plane}), and everything below it", role_name(world, a), scope_label(world, &a.scope)) }
                                                </li>
                                            }
                                        }) }
                                    </ul>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            <h5>{ "Who has access to this resource" }</h5>
            if access_here.is_empty() {
                <p class="muted">{ "No role assignment applies here." }</p>
            } else {
                <ul class="plain-list">
                    { for access_here.iter().map(|a| {
                        let (who, _) = holder(world, a);
                        let from = if same_scope(&a.scope, &r.id) {
                            "assigned here".to_string()
                        } else {
                            format!("inherited from {}", scope_label(world, &a.scope))
                        };
                        html! {
                            <li key={a.name.to_string()} class={classes!(world.is_orphaned(a).then_some("is-orphaned"))}>
                                { format!("{who}: {} ({from})", role_name(world, a)) }
                                if world.is_orphaned(a) {
                                    <span class="muted">{ " grants nothing" }</span>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

// ----- groups, principals, assignments ---------------------------------------------------

fn group_view(ctx: &Ctx<'_>, g: &ResourceGroup) -> Html {
    let world = ctx.world;
    let read_only = ctx.props.read_only;
    let id = g.id();
    let members: Vec<&Resource> = world
        .resources()
        .filter(|r| r.group.eq_ignore_ascii_case(&g.name))
        .collect();
    let assignments: Vec<&RoleAssignment> = world
        .assignments()
        .iter()
        .filter(|a| same_or_below(&id, &a.scope))
        .collect();
    let statement = commands::delete_group(&g.name);
    let on_delete = {
        let on_delete = ctx.props.on_delete.clone();
        let target = DeleteTarget {
            title: format!("Delete resource group {}?", g.name),
            statement: statement.clone(),
        };
        Callback::from(move |_: MouseEvent| on_delete.emit(target.clone()))
    };
    let on_grant = {
        let on_grant = ctx.props.on_grant.clone();
        let target = GrantTarget {
            principal: None,
            scope: Some(id.clone()),
        };
        Callback::from(move |_: MouseEvent| on_grant.emit(target.clone()))
    };
    html! {
        <>
            <h3 class="inspector-title">{ g.name.clone() }</h3>
            <p class="inspector-kind">{ format!("Resource group in {}", g.location) }</p>
            <dl class="props">
                <dt>{ "Resource id" }</dt>
                <dd><code class="id">{ id.clone() }</code></dd>
            </dl>
            <section class="inspector-section" aria-labelledby="ins-members">
                <h4 id="ins-members">{ format!("Resources ({})", members.len()) }</h4>
                if members.is_empty() {
                    <p class="muted">{ "Empty." }</p>
                } else {
                    <ul class="plain-list">
                        { for members.iter().map(|r| {
                            let select = ctx.props.on_select.reform({
                                let id = r.id.clone();
                                move |_: MouseEvent| Selection::Resource(id.clone())
                            });
                            html! {
                                <li key={r.id.clone()}>
                                    <button type="button" class="link-button" onclick={select}>
                                        { format!("{} {}", r.kind.label(), r.name) }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                }
            </section>
            { assignments_section(ctx, "Role assignments in this group", &assignments, "No role assignments at this group or below it.") }
            <section class="inspector-section" aria-labelledby="ins-actions">
                <h4 id="ins-actions">{ "Actions" }</h4>
                <div class="action-row">
                    <button type="button" class="button" disabled={read_only} onclick={on_grant}>{ "Grant role…" }</button>
                    <span class="cmd-note">{ "at this group: it reaches every resource in it" }</span>
                </div>
                <div class="action-row">
                    <button type="button" class="button button-danger" disabled={read_only} onclick={on_delete}>{ "Delete group…" }</button>
                    <code class="cmd">{ statement }</code>
                </div>
            </section>
        </>
    }
}

/// The principal of a resource's own identity: a user-assigned identity's, else the system one.
fn own_identity(r: &Resource) -> Option<Guid> {
    r.user_identity_ids()
        .map(|(principal, _)| principal)
        .or_else(|| r.identity.system.as_ref().map(|s| s.principal_id))
}

/// The identity a grant made from a resource starts with: its own, else an attached live one.
fn own_principal(world: &World, r: &Resource) -> Option<Guid> {
    own_identity(r).or_else(|| {
        r.identity
            .user_assigned
            .iter()
            .find(|u| world.directory.contains(u.principal_id))
            .map(|u| u.principal_id)
    })
}

/// Kinds whose data learners grant access to (the natural scope of a grant made from them).
fn is_target_kind(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::StorageAccount
            | ResourceKind::KeyVault
            | ResourceKind::SqlServer
            | ResourceKind::CosmosDb
    )
}
