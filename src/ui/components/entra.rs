//! The Entra ID panel: the tenant's service principals (of managed identities, the heart of the
//! lesson, and of app registrations), then its users, security groups and app registrations.
//! Turning on a system-assigned identity or creating a user-assigned one adds a principal here;
//! turning it off or deleting its resource removes it (soft-deleted, never to come back: MI-1.4).
//!
//! Invariant: this lists `world.directory` as it is; nothing is kept between renders. While the
//! last change plays, the app hands in the world before it, so a deleted principal fades out of
//! the list in step with its badge, and leaves it when the playback ends.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::sort::sort_by_key;
use crate::ui::shared::SharedSession;
use crate::view::describe::time_text;
use crate::view::entra::{directory as directory_lists, Entry};
use crate::view::motion::Frame;
use crate::view::state::Selection;

#[derive(Properties, PartialEq)]
pub struct EntraPanelProps {
    pub session: SharedSession,
    pub selection: Option<Selection>,
    pub on_select: Callback<Selection>,
    /// The phases of what the playing step animates; a principal that appears or leaves moves
    /// together with its identity badge in the diagram.
    #[prop_or_default]
    pub frame: Option<Rc<Frame>>,
    /// Put before the ids the panel gives its elements, so that two panels can share a page
    /// (compare mode).
    #[prop_or_default]
    pub id_prefix: AttrValue,
    /// Words added to the panel's heading for screen readers only, so that two panels on one
    /// page have different names (", system-assigned pane").
    #[prop_or_default]
    pub heading_suffix: AttrValue,
}

#[component]
pub fn EntraPanel(props: &EntraPanelProps) -> Html {
    let world = &props.session.world;
    let directory = &world.directory;
    let deleted = directory.deleted();
    let lists = directory_lists(world);
    let mut principals: Vec<_> = directory.principals().collect();
    sort_by_key(&mut principals, |sp| {
        (sp.display_name.to_ascii_lowercase(), sp.object_id)
    });
    let heading = format!("{}entra-heading", props.id_prefix);
    html! {
        <section class="panel entra" aria-labelledby={heading.clone()}>
            <h2 id={heading} class="panel-title">
                { "Entra ID" }
                if !props.heading_suffix.is_empty() {
                    <span class="visually-hidden">{ props.heading_suffix.clone() }</span>
                }
            </h2>
            // Focusable: once the directory outgrows the column the body scrolls, and keyboard
            // users must be able to scroll it too.
            <div class="panel-body" tabindex="0">
                <p class="panel-sub">
                    { format!("Service principals: {}. Tenant {}.", directory.len(), directory.tenant_id) }
                </p>
                if directory.is_empty() {
                    <p class="muted">
                        { "None yet. Turning on a resource's system-assigned identity, or creating a user-assigned identity, adds its service principal here." }
                    </p>
                } else {
                    <ul class="sp-list" aria-label="Service principals">
                        { for principals.into_iter().map(|sp| {
                            let selected = props.selection == Some(Selection::Principal(sp.object_id));
                            let id = sp.object_id;
                            let onclick = props.on_select.reform(move |_: MouseEvent| Selection::Principal(id));
                            let cue = props.frame.as_ref().and_then(|f| f.class(&format!("principal:{id}")));
                            html! {
                                <li key={sp.object_id.to_string()} class={classes!("sp", selected.then_some("is-selected"), cue)}>
                                    <div class="sp-head">
                                        <span class="sp-name">{ sp.display_name.clone() }</span>
                                        <span class="badge">{ sp.source.kind_label() }</span>
                                        <button
                                            type="button"
                                            class="button button-small"
                                            aria-label={format!("Inspect service principal {}", sp.display_name)}
                                            aria-pressed={if selected { "true" } else { "false" }}
                                            {onclick}
                                        >
                                            { "Inspect" }
                                        </button>
                                    </div>
                                    <dl class="sp-props">
                                        <dt>{ "Type" }</dt><dd>{ sp.source.service_principal_type() }</dd>
                                        <dt>{ "Object id" }</dt><dd><code>{ sp.object_id.to_string() }</code></dd>
                                        <dt>{ "App id" }</dt><dd><code>{ sp.app_id.to_string() }</code></dd>
                                        if let Some(arm_id) = sp.source.arm_id() {
                                            <dt>{ "Identity of" }</dt>
                                            <dd><code class="alt-name">{ arm_id.to_string() }</code></dd>
                                        }
                                    </dl>
                                </li>
                            }
                        }) }
                    </ul>
                }
                { entries("Users", &lists.users) }
                { entries("Security groups", &lists.groups) }
                { entries("App registrations", &lists.applications) }
                if !deleted.is_empty() {
                    <details class="sp-deleted">
                        <summary>{ format!("Deleted service principals ({})", deleted.len()) }</summary>
                        <p class="field-hint">
                            { "Soft-deleted and purged after 30 days; a deleted managed identity's principal never comes back. A new identity, even with the same name, gets a new object id." }
                        </p>
                        <ul class="plain-list">
                            { for deleted.iter().rev().map(|d| html! {
                                <li>
                                    <span class="sp-name">{ d.principal.display_name.clone() }</span>
                                    <span class="muted small">
                                        { format!(" · object id {} · deleted at {}", d.principal.object_id, time_text(d.deleted_at)) }
                                    </span>
                                </li>
                            }) }
                        </ul>
                    </details>
                }
            </div>
        </section>
    }
}

/// One of the lists after the service principals; nothing when it is empty.
fn entries(title: &'static str, items: &[Entry]) -> Html {
    if items.is_empty() {
        return Html::default();
    }
    html! {
        <section class="entra-list">
            <h3 class="entra-list-title">{ format!("{title} ({})", items.len()) }</h3>
            <ul class="sp-list" aria-label={title}>
                { for items.iter().map(|item| html! {
                    <li key={item.key.clone()} class="entra-entry">
                        <div class="sp-head">
                            <span class="sp-name">{ item.name.clone() }</span>
                            if let Some(badge) = item.badge {
                                <span class="badge">{ badge }</span>
                            }
                        </div>
                        <dl class="sp-props">
                            { for item.facts.iter().map(|(label, value)| html! {
                                <>
                                    <dt>{ *label }</dt>
                                    <dd>{ value.clone() }</dd>
                                </>
                            }) }
                        </dl>
                        if let Some(warning) = &item.warning {
                            <p class="entra-warning"><span aria-hidden="true">{ "⚠ " }</span>{ warning.clone() }</p>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}
