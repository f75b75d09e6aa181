//! The timeline: every statement with the domain events it caused, and Azure's two logs (the
//! Activity Log of control-plane writes, and managed identity sign-ins).
//!
//! Choosing a statement shows the world as it was right after it (the app replays the script up
//! to there, read-only) until "Return to now". Invariant: entries are the session's records in
//! order, with the sentences of `view::describe`; nothing here changes the script.

use yew::prelude::*;

use crate::sim::script::session::Record;
use crate::ui::entries::{chain, with_flags, EntryCache};
use crate::ui::shared::SharedSession;
use crate::view::describe::{activity_text, event_text, sign_in_text, time_text};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The session now: its statements are the timeline.
    pub session: SharedSession,
    /// The session shown (the past one while viewing the past): its logs are listed.
    pub shown: SharedSession,
    /// The statement being viewed, if the past is shown.
    pub viewing: Option<usize>,
    /// `Some(i)`: show the state after statement `i`; `None`: return to now.
    pub on_view: Callback<Option<usize>>,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let list = use_node_ref();
    let records = &props.session.records;
    {
        let list = list.clone();
        let follow = props.viewing.is_none();
        use_effect_with(records.len(), move |_| {
            if let (true, Some(element)) = (follow, list.cast::<web_sys::Element>()) {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }
    let last = records.len().saturating_sub(1);
    let world = &props.shown.world;
    let return_now = props.on_view.reform(|_: MouseEvent| None);
    let cache = use_mut_ref(EntryCache::default);
    let entries: Vec<Html> = {
        let mut cache = cache.borrow_mut();
        let mut key = 0;
        let entries = records
            .iter()
            .enumerate()
            .map(|(i, record)| {
                key = chain(key, record);
                let current = props.viewing == Some(i) || (props.viewing.is_none() && i == last);
                let later = props.viewing.is_some_and(|v| i > v);
                let flags = [current, later, i == last];
                cache.entry(i, with_flags(key, &flags), || {
                    entry(i, record, current, later, i == last, &props.on_view)
                })
            })
            .collect();
        cache.truncate(records.len());
        entries
    };
    html! {
        <section class="panel timeline" aria-labelledby="timeline-heading">
            <div class="timeline-head">
                <h2 id="timeline-heading" class="panel-title">{ "Timeline" }</h2>
                if let Some(index) = props.viewing {
                    <p class="timeline-viewing">
                        { format!("Showing the state after statement {} of {}.", index + 1, records.len()) }
                    </p>
                    <button type="button" class="button button-primary" onclick={return_now}>{ "Return to now" }</button>
                } else if !records.is_empty() {
                    <p class="field-hint">{ "Choose a statement to see the playground as it was right after it." }</p>
                }
            </div>
            <div class="timeline-body">
                <div class="timeline-column timeline-statements">
                    <h3 class="column-title" id="timeline-statements">{ format!("Statements ({})", records.len()) }</h3>
                    <ol ref={list} class="timeline-list" aria-labelledby="timeline-statements" tabindex="-1">
                        if records.is_empty() {
                            <li class="muted">{ "Nothing has happened yet." }</li>
                        }
                        { for entries }
                    </ol>
                </div>
                <div class="timeline-column">
                    <h3 class="column-title" id="timeline-activity">{ format!("Activity Log ({})", world.activity_log.len()) }</h3>
                    <ol class="log-list" aria-labelledby="timeline-activity" tabindex="0">
                        if world.activity_log.is_empty() {
                            <li class="muted">{ "No control-plane writes yet." }</li>
                        }
                        { for world.activity_log.iter().rev().map(|entry| html! {
                            <li>
                                <time class="log-time">{ time_text(entry.time) }</time>
                                { " " }{ activity_text(entry) }
                            </li>
                        }) }
                    </ol>
                </div>
                <div class="timeline-column">
                    <h3 class="column-title" id="timeline-signins">{ format!("Managed identity sign-ins ({})", world.sign_ins.len()) }</h3>
                    <ol class="log-list" aria-labelledby="timeline-signins" tabindex="0">
                        if world.sign_ins.is_empty() {
                            <li class="muted">{ "No tokens issued yet: try mip token --from <resource> --resource https://storage.azure.com/" }</li>
                        }
                        { for world.sign_ins.iter().rev().map(|entry| html! {
                            <li>
                                <time class="log-time">{ time_text(entry.time) }</time>
                                { " " }{ sign_in_text(entry) }
                            </li>
                        }) }
                    </ol>
                </div>
            </div>
        </section>
    }
}

/// One statement: a button to view the moment after it, and the events it caused.
fn entry(
    i: usize,
    record: &Record,
    current: bool,
    later: bool,
    last: bool,
    on_view: &Callback<Option<usize>>,
) -> Html {
    let target = if last { None } else { Some(i) };
    let onclick = on_view.reform(move |_: MouseEvent| target);
    html! {
        <li key={i} class={classes!("timeline-item", record.failed().then_some("is-failed"), later.then_some("is-later"), current.then_some("is-current"))}>
            <button
                type="button"
                class="timeline-entry"
                aria-current={current.then_some("step")}
                {onclick}
            >
                <span class="timeline-number">{ format!("{}.", i + 1) }</span>
                <code class="timeline-text">{ record.text.clone() }</code>
                if record.failed() {
                    <span class="badge badge-error">{ "failed" }</span>
                }
                if later {
                    <span class="visually-hidden">{ " (after the moment shown)" }</span>
                }
            </button>
            if !record.events.is_empty() {
                <ul class="timeline-events">
                    { for record.events.iter().map(|e| html! { <li>{ event_text(e) }</li> }) }
                </ul>
            }
        </li>
    }
}
