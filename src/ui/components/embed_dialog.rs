//! The Embed dialog: choose what to embed (this script, or a lesson at a step), the view, the
//! controls and the theme, and get the `<iframe>` snippet to paste into a documentation page
//! (built by `view::embed::snippet`), with Copy and a link that opens the embed on its own.
//!
//! Invariants: the dialog only reads (the lessons as `ui::lesson_files` fetched them, and the
//! open lesson from the Lessons panel's saved state, to offer it first); the snippet is shown
//! in a read-only text area, so it can always be selected and copied by hand when the
//! clipboard is refused.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::modal::Modal;
use crate::ui::lesson_files::use_lessons;
use crate::view::embed::{
    embed_url, snippet, Controls, EmbedView, SnippetChoices, SnippetSource, Theme,
};
use crate::view::lesson::{Lesson, PROGRESS_KEY};
use crate::view::tutor::{Page, Tutor, OPEN_KEY};

#[derive(Properties, PartialEq)]
pub struct EmbedDialogProps {
    /// The playground's script now.
    pub script: AttrValue,
    /// The view shown in the playground, offered first.
    pub view: EmbedView,
    pub on_close: Callback<()>,
}

/// What the snippet embeds: the script, or a lesson (by index) at a step (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Script,
    Lesson(usize, usize),
}

#[component]
pub fn EmbedDialog(props: &EmbedDialogProps) -> Html {
    // The lessons arrive from the network (shared with the Lessons panel): until then only the
    // script is offered.
    let loaded = use_lessons();
    let lessons: Rc<[Lesson]> = loaded
        .as_ref()
        .map(|loaded| loaded.lessons.clone())
        .unwrap_or_else(|| Rc::from([]));
    let loading = loaded.is_none();
    // Until the learner chooses, the lesson open in the panel is offered first.
    let chosen = use_state(|| None::<What>);
    let open = {
        let lessons = lessons.clone();
        use_memo(loading, move |_| open_lesson(&lessons))
    };
    let what = (*chosen).or(*open).unwrap_or(What::Script);
    let choices = {
        let view = props.view;
        use_state(move || SnippetChoices {
            view,
            ..SnippetChoices::default()
        })
    };
    let status = use_state(String::new);

    let source = match what {
        What::Lesson(index, step) => lessons.get(index).map(|lesson| SnippetSource::Lesson {
            id: &lesson.id,
            title: &lesson.title,
            step,
        }),
        What::Script => None,
    }
    .unwrap_or(SnippetSource::Scenario(&props.script));
    let address = browser::address();
    let made = snippet(&address, source, *choices);
    let preview = embed_url(&address, source, *choices);

    let on_what = {
        let what = chosen.setter();
        let status = status.setter();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            status.set(String::new());
            what.set(Some(match value.parse::<usize>() {
                Ok(index) => What::Lesson(index, 1),
                Err(_) => What::Script,
            }));
        })
    };
    let on_step = {
        let chosen = chosen.setter();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let (What::Lesson(index, _), Ok(step)) = (what, value.parse::<usize>()) {
                chosen.set(Some(What::Lesson(index, step)));
            }
        })
    };
    let choose = |apply: fn(&mut SnippetChoices, &str)| {
        let choices = choices.clone();
        let status = status.setter();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = *choices;
            apply(&mut next, &value);
            status.set(String::new());
            choices.set(next);
        })
    };
    let on_view = choose(|c, v| {
        if let Some(view) = EmbedView::ALL.iter().find(|x| x.name() == v) {
            c.view = *view;
        }
    });
    let on_controls = choose(|c, v| {
        if let Some(controls) = Controls::ALL.iter().find(|x| x.name() == v) {
            c.controls = *controls;
        }
    });
    let on_theme = choose(|c, v| {
        if let Some(theme) = Theme::ALL.iter().find(|x| x.name() == v) {
            c.theme = *theme;
        }
    });
    let copy = {
        let text = made.clone().ok();
        let status = status.setter();
        Callback::from(move |_: MouseEvent| {
            let Some(text) = text.clone() else {
                return;
            };
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match browser::copy_text(&text).await {
                    Ok(()) => "Snippet copied.".to_string(),
                    Err(e) => format!(
                        "The snippet could not be copied ({e}): select it and copy it by hand."
                    ),
                });
            });
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());

    let script_label = if props.script.trim().is_empty() {
        "This script (empty)".to_string()
    } else {
        "This script".to_string()
    };
    let what_value = match what {
        What::Script => "script".to_string(),
        What::Lesson(index, _) => index.to_string(),
    };
    let step_select = match what {
        What::Lesson(index, step) => lessons.get(index).map(|lesson| {
            html! {
                <div class="field">
                    <label for="embed-step">{ "Step" }</label>
                    <select id="embed-step" onchange={on_step}>
                        { for lesson.steps.iter().enumerate().map(|(i, s)| html! {
                            <option value={(i + 1).to_string()} selected={i + 1 == step}>
                                { format!("{}. {}", i + 1, s.title) }
                            </option>
                        }) }
                    </select>
                </div>
            }
        }),
        What::Script => None,
    };
    let options = |all: &[&'static str], labels: &[&'static str], current: &'static str| {
        all.iter()
            .zip(labels)
            .map(|(value, label)| {
                html! { <option value={*value} selected={*value == current}>{ *label }</option> }
            })
            .collect::<Html>()
    };

    html! {
        <Modal title="Embed in a web page" on_close={props.on_close.clone()} class={classes!("modal-wide", "embed-dialog")} initial_focus={Some(AttrValue::from("embed-what"))}>
            <p class="muted">
                { "Paste the snippet into a documentation page: the page shows this view of the playground, and readers can open it in the full playground. The page may resize the frame to fit: it receives a " }
                <code>{ "{\"type\": \"mip:height\", \"height\": …}" }</code>
                { " message whenever the height changes (see the README)." }
            </p>
            <div class="embed-choices">
                <div class="field">
                    <label for="embed-what">{ "What to show" }</label>
                    <select id="embed-what" onchange={on_what}>
                        <option value="script" selected={what_value == "script"}>{ script_label }</option>
                        { for lessons.iter().enumerate().map(|(i, lesson)| html! {
                            <option value={i.to_string()} selected={what_value == i.to_string()}>
                                { format!("Lesson: {}", lesson.title) }
                            </option>
                        }) }
                        if loading {
                            <option value="loading" disabled={true}>{ "Lessons: loading…" }</option>
                        }
                    </select>
                </div>
                { for step_select }
                <div class="field">
                    <label for="embed-view">{ "View" }</label>
                    <select id="embed-view" onchange={on_view}>
                        { options(&["diagram", "matrix", "console"], &["Diagram", "Access matrix", "Console"], choices.view.name()) }
                    </select>
                </div>
                <div class="field">
                    <label for="embed-controls">{ "Controls" }</label>
                    <select id="embed-controls" onchange={on_controls}>
                        { options(&["none", "steps", "full"], &["None (a still picture)", "Previous and Next", "Steps and command line"], choices.controls.name()) }
                    </select>
                </div>
                <div class="field">
                    <label for="embed-theme">{ "Theme" }</label>
                    <select id="embed-theme" onchange={on_theme}>
                        { options(&["auto", "light", "dark"], &["Auto (as the system)", "Light", "Dark"], choices.theme.name()) }
                    </select>
                </div>
            </div>
            {
                match &made {
                    Ok(text) => html! {
                        <div class="field">
                            <label for="embed-snippet">{ "Snippet" }</label>
                            <textarea id="embed-snippet" class="embed-snippet" readonly={true} rows="5" spellcheck="false" value={text.clone()} />
                        </div>
                    },
                    Err(error) => html! {
                        <p class="field-error" role="alert">{ error.to_string() }</p>
                    },
                }
            }
            <p class="status-line" role="status">{ (*status).clone() }</p>
            <div class="dialog-actions">
                if made.is_ok() {
                    <a class="button" href={preview} target="_blank" rel="noopener">
                        { "Preview" }<span class="visually-hidden">{ " (opens in a new tab)" }</span>
                    </a>
                }
                <button type="button" class="button button-primary" disabled={made.is_err()} onclick={copy}>{ "Copy snippet" }</button>
                <button type="button" class="button" onclick={close}>{ "Close" }</button>
            </div>
        </Modal>
    }
}

/// The lesson open in the Lessons panel, at the step it shows, if any.
fn open_lesson(lessons: &[Lesson]) -> Option<What> {
    let progress = browser::load(PROGRESS_KEY);
    let open = browser::load(OPEN_KEY);
    let (tutor, _) = Tutor::restore(lessons, progress.as_deref(), open.as_deref());
    let index = tutor.active?;
    let step = match tutor.page {
        Page::Step(step) => step + 1,
        _ => 1,
    };
    Some(What::Lesson(index, step))
}
