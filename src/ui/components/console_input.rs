//! The console's command line: Enter runs the text, ↑ and ↓ walk the statements run so far, Tab
//! completes from the command table (`view::complete`).
//!
//! Invariants: Tab is only taken over when there is something to complete, so keyboard users can
//! always Tab out of the field; the typed text lives here, so typing never re-renders the log.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::view::caller::Caller;

use crate::view::complete::{complete, Completion};

#[derive(Properties, PartialEq)]
pub struct ConsoleInputProps {
    /// Statements run so far, oldest first.
    pub history: Rc<Vec<String>>,
    pub on_run: Callback<String>,
    /// Who runs the next statement and where (`view::caller`), shown before the command line;
    /// `None` on pages that always run as the learner.
    #[prop_or_default]
    pub caller: Option<Caller>,
}

#[component]
pub fn ConsoleInput(props: &ConsoleInputProps) -> Html {
    let value = use_state(String::new);
    // Position in the history while walking it, and the text typed before the walk began.
    let walk = use_state(|| None::<usize>);
    let draft = use_state(String::new);
    let completions = use_state(Vec::<Completion>::new);
    let input = use_node_ref();

    let set_value = {
        let value = value.clone();
        let input = input.clone();
        move |text: String| {
            // Set the field at once too, so the caret can go to the end.
            if let Some(field) = input.cast::<HtmlInputElement>() {
                field.set_value(&text);
                let end = text.encode_utf16().count() as u32;
                let _ = field.set_selection_range(end, end);
            }
            value.set(text);
        }
    };

    let oninput = {
        let value = value.clone();
        let walk = walk.clone();
        let completions = completions.clone();
        Callback::from(move |e: InputEvent| {
            value.set(e.target_unchecked_into::<HtmlInputElement>().value());
            walk.set(None);
            if !completions.is_empty() {
                completions.set(Vec::new());
            }
        })
    };
    let onkeydown = {
        let walk = walk.clone();
        let draft = draft.clone();
        let completions = completions.clone();
        let history = props.history.clone();
        let on_run = props.on_run.clone();
        let set_value = set_value.clone();
        Callback::from(move |e: KeyboardEvent| {
            let current = e.target_unchecked_into::<HtmlInputElement>().value();
            match e.key().as_str() {
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    if current.trim().is_empty() {
                        return;
                    }
                    on_run.emit(current);
                    set_value(String::new());
                    walk.set(None);
                    completions.set(Vec::new());
                }
                "ArrowUp" => {
                    if history.is_empty() {
                        return;
                    }
                    e.prevent_default();
                    let next = match *walk {
                        None => {
                            draft.set(current);
                            history.len() - 1
                        }
                        Some(i) => i.saturating_sub(1),
                    };
                    walk.set(Some(next));
                    set_value(history[next].clone());
                }
                "ArrowDown" => {
                    let Some(i) = *walk else {
                        return;
                    };
                    e.prevent_default();
                    if i + 1 < history.len() {
                        walk.set(Some(i + 1));
                        set_value(history[i + 1].clone());
                    } else {
                        walk.set(None);
                        set_value((*draft).clone());
                    }
                }
                "Tab" if !e.shift_key() && !current.trim().is_empty() => {
                    let found = complete(&current);
                    match found.len() {
                        0 => {}
                        1 => {
                            e.prevent_default();
                            set_value(found[0].replacement.clone());
                            completions.set(Vec::new());
                        }
                        _ => {
                            e.prevent_default();
                            let prefix =
                                common_prefix(found.iter().map(|c| c.replacement.as_str()));
                            if prefix.chars().count() > current.chars().count() {
                                set_value(prefix);
                            }
                            completions.set(found);
                        }
                    }
                }
                "Escape" if !completions.is_empty() => {
                    e.prevent_default();
                    completions.set(Vec::new());
                }
                _ => {}
            }
        })
    };

    let shown: Vec<Completion> = completions.iter().take(12).cloned().collect();
    let more = completions.len().saturating_sub(shown.len());
    html! {
        <div class="console-input">
            if !shown.is_empty() {
                <div class="completions">
                    <p class="completions-title" id="console-completions-title">
                        { format!("{} completions; Tab again after typing more, or pick one:", completions.len()) }
                    </p>
                    <ul class="completion-list" aria-labelledby="console-completions-title">
                        { for shown.iter().map(|c| {
                            let pick = {
                                let set_value = set_value.clone();
                                let completions = completions.clone();
                                let input = input.clone();
                                let replacement = c.replacement.clone();
                                Callback::from(move |_: MouseEvent| {
                                    set_value(replacement.clone());
                                    completions.set(Vec::new());
                                    if let Some(field) = input.cast::<HtmlInputElement>() {
                                        let _ = field.focus();
                                    }
                                })
                            };
                            html! {
                                <li key={c.replacement.clone()}>
                                    <button type="button" class="completion" onclick={pick}>
                                        <span class="completion-label">{ c.label.clone() }</span>
                                        <span class="completion-detail">{ c.detail.clone() }</span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                    if more > 0 {
                        <p class="field-hint">{ format!("and {more} more") }</p>
                    }
                </div>
            }
            <div class="console-line">
                <label for="console-input" class="visually-hidden">{ "Console command" }</label>
                <span class="console-prompt" aria-hidden="true">
                    { props.caller.as_ref().map_or_else(|| "$".to_string(), |c| format!("{} $", c.prompt)) }
                </span>
                <input
                    ref={input}
                    id="console-input"
                    type="text"
                    value={(*value).clone()}
                    {oninput}
                    {onkeydown}
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    placeholder="az group create -n rg1 -l eastus"
                    aria-describedby="console-keys"
                />
            </div>
            if let Some(caller) = &props.caller {
                <p class={classes!("console-caller", caller.state.class())} aria-live="polite">
                    { format!("Runs on {}. {}", caller.place, caller.account) }
                    if caller.on_resource {
                        { " " }
                        <button type="button" class="link-button" onclick={props.on_run.reform(|_: MouseEvent| "mip on local".to_string())}>
                            { "Back to your machine" }
                        </button>
                    }
                </p>
            }
            <p id="console-keys" class="field-hint">
                { "Enter runs it · ↑ ↓ earlier commands · Tab completes" }
            </p>
        </div>
    }
}

/// The longest text every item starts with (whole characters).
fn common_prefix<'a>(mut items: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = items.next() else {
        return String::new();
    };
    let mut prefix: Vec<char> = first.chars().collect();
    for item in items {
        let matching = prefix
            .iter()
            .zip(item.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        prefix.truncate(matching);
    }
    prefix.into_iter().collect()
}
