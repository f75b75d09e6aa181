//! The inspector's views of a service principal and of a role assignment, and the list of role
//! assignments every view shows (an orphaned one as "Identity not found", MI-1.5).

use yew::prelude::*;

use crate::sim::directory::{PrincipalSource, ServicePrincipal};
use crate::sim::rbac::RoleAssignment;
use crate::ui::words::{holder, plane_text, role_name, scope_label, scope_name};
use crate::view::commands;
use crate::view::describe::{short_name, time_text};
use crate::view::state::Selection;

use super::{Ctx, GrantTarget};

pub(super) fn principal_view(ctx: &Ctx<'_>, sp: &ServicePrincipal) -> Html {
    let world = ctx.world;
    let read_only = ctx.props.read_only;
    let held: Vec<&RoleAssignment> = world
        .assignments()
        .iter()
        .filter(|a| a.principal_id == sp.object_id)
        .collect();
    let source_id = sp.source.arm_id().unwrap_or_default().to_string();
    let source = world.resource(&source_id);
    let on_grant = {
        let on_grant = ctx.props.on_grant.clone();
        let target = GrantTarget {
            principal: Some(sp.object_id),
            scope: None,
        };
        Callback::from(move |_: MouseEvent| on_grant.emit(target.clone()))
    };
    let kind = match sp.source {
        PrincipalSource::System { .. } => "the system-assigned identity of",
        PrincipalSource::User { .. } => "the user-assigned identity",
        // EN-9.3: the instance of an app registration, which has no ARM resource behind it.
        PrincipalSource::Application { .. } => "the app registration",
    };
    let owner = match sp.source.arm_id() {
        Some(id) => short_name(id).to_string(),
        None => sp.display_name.clone(),
    };
    html! {
        <>
            <h3 class="inspector-title">{ sp.display_name.clone() }</h3>
            <p class="inspector-kind">{ format!("Service principal ({}) of {kind} {owner}", sp.source.service_principal_type()) }</p>
            <dl class="props">
                <dt>{ "Object (principal) id" }</dt><dd><code>{ sp.object_id.to_string() }</code></dd>
                <dt>{ "App (client) id" }</dt><dd><code>{ sp.app_id.to_string() }</code></dd>
                <dt>{ "Alternative names" }</dt>
                <dd>
                    <ul class="plain-list">
                        { for sp.alternative_names().into_iter().map(|n| html! { <li><code class="id">{ n }</code></li> }) }
                    </ul>
                </dd>
                <dt>{ "Created" }</dt><dd>{ time_text(sp.created_at) }</dd>
            </dl>
            if let Some(resource) = source {
                <p>
                    <button type="button" class="link-button" onclick={ctx.props.on_select.reform({
                        let id = resource.id.clone();
                        move |_: MouseEvent| Selection::Resource(id.clone())
                    })}>
                        { format!("Show {} {}", resource.kind.label().to_ascii_lowercase(), resource.name) }
                    </button>
                </p>
            }
            { assignments_section(ctx, "Role assignments held", &held, "None: this identity can get tokens but has no access to anything yet.") }
            <section class="inspector-section" aria-labelledby="ins-actions">
                <h4 id="ins-actions">{ "Actions" }</h4>
                <div class="action-row">
                    <button type="button" class="button" disabled={read_only} onclick={on_grant}>{ "Grant role…" }</button>
                </div>
            </section>
        </>
    }
}

pub(super) fn assignment_view(ctx: &Ctx<'_>, a: &RoleAssignment) -> Html {
    let world = ctx.world;
    let role = role_name(world, a);
    let (who, principal_type) = holder(world, a);
    let orphaned = world.is_orphaned(a);
    html! {
        <>
            <h3 class="inspector-title">{ role.clone() }</h3>
            <p class="inspector-kind">{ format!("Role assignment at {}", scope_label(world, &a.scope)) }</p>
            <dl class="props">
                <dt>{ "Principal" }</dt><dd>{ who }</dd>
                <dt>{ "Principal type" }</dt><dd>{ principal_type }</dd>
                <dt>{ "Principal id" }</dt><dd><code>{ a.principal_id.to_string() }</code></dd>
                <dt>{ "Scope" }</dt><dd><code class="id">{ a.scope.clone() }</code></dd>
                <dt>{ "Assignment name" }</dt><dd><code>{ a.name.to_string() }</code></dd>
                <dt>{ "Created" }</dt><dd>{ time_text(a.created_at) }</dd>
            </dl>
            if orphaned {
                <p class="warning-text">
                    <span aria-hidden="true">{ "⚠ " }</span>
                    { "Its identity was deleted. The assignment stays and grants nothing; remove it to clean up (MI-1.5)." }
                </p>
            }
            { assignments_section(ctx, "This assignment", &[a], "") }
        </>
    }
}

/// A list of assignments, each with its remove button and command.
pub(super) fn assignments_section(
    ctx: &Ctx<'_>,
    title: &str,
    list: &[&RoleAssignment],
    empty: &str,
) -> Html {
    let world = ctx.world;
    let read_only = ctx.props.read_only;
    let heading_id = "ins-assignments";
    html! {
        <section class="inspector-section" aria-labelledby={heading_id}>
            <h4 id={heading_id}>{ format!("{title} ({})", list.len()) }</h4>
            if list.is_empty() {
                <p class="muted">{ empty.to_string() }</p>
            } else {
                <ul class="assignment-list">
                    { for list.iter().map(|a| {
                        let role = role_name(world, a);
                        let (who, principal_type) = holder(world, a);
                        let orphaned = world.is_orphaned(a);
                        let remove = commands::delete_assignment(world, a.name);
                        let label = format!("Remove assignment {role} at {}", scope_name(world, &a.scope));
                        let on_remove = {
                            let on_run = ctx.props.on_run.clone();
                            let command = remove.clone();
                            Callback::from(move |_: MouseEvent| {
                                if let Some(command) = &command {
                                    on_run.emit(command.clone());
                                }
                            })
                        };
                        let plane = world.role_by_id(&a.role_id).map(plane_text).unwrap_or("unknown plane");
                        html! {
                            <li key={a.name.to_string()} class={classes!("assignment", orphaned.then_some("is-orphaned"))}>
                                <div class="assignment-main">
                                    <span class="assignment-role">{ role.clone() }</span>
                                    <span class="muted">{ format!(" at {}", scope_label(world, &a.scope)) }</span>
                                </div>
                                <div class="assignment-who">
                                    if orphaned {
                                        <span class="warning-text"><span aria-hidden="true">{ "⚠ " }</span>{ who }</span>
                                    } else {
                                        <span>{ who }</span>
                                    }
                                    <span class="muted small">{ format!(" · principal type {principal_type} · {plane}") }</span>
                                </div>
                                <div class="action-row">
                                    <button type="button" class="button button-small" aria-label={label} disabled={read_only || remove.is_none()} onclick={on_remove}>
                                        { "Remove" }
                                    </button>
                                    if let Some(command) = remove {
                                        <code class="cmd">{ command }</code>
                                    }
                                </div>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
