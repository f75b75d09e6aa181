//! The console: the log of every statement the script ran (typed here or made by a button), with
//! what it printed, its notes and its error, and the command line below it.
//!
//! Invariants: the log is the session's records, in order, so it always matches the script; an
//! error shows where it happened ("line 3, column 34: …") and the newest error is announced
//! (`role="alert"`); output is text in `<pre>`, never markup.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::script::session::Record;
use crate::ui::components::console_input::ConsoleInput;
use crate::ui::entries::{chain, with_flags, EntryCache};
use crate::ui::shared::SharedSession;
use crate::view::caller::caller;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub session: SharedSession,
    pub on_run: Callback<String>,
    /// Whether the command line is shown (an embed may show the log alone).
    #[prop_or(true)]
    pub input: bool,
}

#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let log = use_node_ref();
    let records = &props.session.records;
    // Keep the newest output in view.
    {
        let log = log.clone();
        use_effect_with(records.len(), move |_| {
            if let Some(element) = log.cast::<web_sys::Element>() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }
    let newest_error = records.iter().rposition(Record::failed);
    let cache = use_mut_ref(EntryCache::default);
    let entries: Vec<Html> = {
        let mut cache = cache.borrow_mut();
        let mut key = 0;
        let entries = records
            .iter()
            .enumerate()
            .map(|(i, record)| {
                key = chain(key, record);
                let newest = newest_error == Some(i);
                cache.entry(i, with_flags(key, &[newest]), || entry(i, record, newest))
            })
            .collect();
        cache.truncate(records.len());
        entries
    };
    let mut history: Vec<String> = Vec::new();
    for record in records {
        if history.last() != Some(&record.text) {
            history.push(record.text.clone());
        }
    }
    html! {
        <section class="panel console" aria-labelledby="console-heading">
            <h2 id="console-heading" class="panel-title">{ "Console" }</h2>
            <div ref={log} class="console-log" role="log" aria-label="Console output" tabindex="0">
                if records.is_empty() {
                    <p class="console-empty">
                        { "Every action appears here as the az command it runs. Type your own below, e.g. " }
                        <code>{ "az group create -n rg1 -l eastus" }</code>
                        { ", or try " }<code>{ "az vm create --help" }</code>{ "." }
                    </p>
                }
                { for entries }
            </div>
            if props.input {
                <ConsoleInput
                    history={Rc::new(history)}
                    on_run={props.on_run.clone()}
                    caller={Some(caller(&props.session.world))}
                />
            }
        </section>
    }
}

/// One statement of the log with its output, notes and error; other pages that show what ran
/// (the presenter, compare mode) show it the same way.
pub fn entry(index: usize, record: &Record, newest_error: bool) -> Html {
    let output = record.rendered();
    html! {
        <div key={index} class={classes!("console-entry", record.failed().then_some("is-failed"))}>
            <pre class="console-command"><span class="console-prompt" aria-hidden="true">{ "$ " }</span>{ record.text.clone() }</pre>
            if !output.trim().is_empty() {
                <pre class="console-output">{ output }</pre>
            }
            if !record.notes.is_empty() {
                <ul class="console-notes">
                    { for record.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            }
            if let Some(error) = &record.error {
                <p class="console-error" role={newest_error.then_some("alert")}>
                    <span class="console-error-code">{ format!("error ({}) ", error.kind.code()) }</span>
                    { error.to_string() }
                </p>
            }
        </div>
    }
}
