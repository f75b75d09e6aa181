//! The lesson picker: every lesson with the rules it teaches, how many of its steps are done, and
//! its completion mark ("✓ Completed", a word with the glyph, never colour alone).
//!
//! Each lesson's title is its button; the rest of the card describes it (`aria-describedby`), so
//! a screen reader hears the title first and the progress after.

use yew::prelude::*;

use crate::view::lesson::PickerEntry;

#[derive(Properties, PartialEq)]
pub struct LessonPickerProps {
    pub entries: Vec<PickerEntry>,
    /// The lesson the playground holds, if any.
    pub active: Option<usize>,
    pub on_choose: Callback<usize>,
}

#[component]
pub fn LessonPicker(props: &LessonPickerProps) -> Html {
    let completed = props.entries.iter().filter(|e| e.complete).count();
    html! {
        <div class="lesson-picker">
            <h3 id="lesson-page-heading" class="lesson-page-title" tabindex="-1">{ "Choose a lesson" }</h3>
            <p class="lesson-lead">
                { format!("{completed} of {} completed. Each lesson builds a small Azure world, then asks you to change it until a goal holds.", props.entries.len()) }
            </p>
            <ol class="lesson-list">
                { for props.entries.iter().enumerate().map(|(index, entry)| entry_view(props, index, entry)) }
            </ol>
        </div>
    }
}

fn entry_view(props: &LessonPickerProps, index: usize, entry: &PickerEntry) -> Html {
    let meta_id = format!("lesson-meta-{}", entry.id);
    let active = props.active == Some(index);
    let onclick = props.on_choose.reform(move |_: MouseEvent| index);
    let steps = if entry.steps == 1 { "step" } else { "steps" };
    html! {
        <li key={entry.id.clone()} class={classes!("lesson-entry", entry.complete.then_some("is-complete"), active.then_some("is-active"))}>
            <span class="lesson-number" aria-hidden="true">{ index + 1 }</span>
            <button type="button" class="lesson-open" aria-describedby={meta_id.clone()} {onclick}>
                { entry.title.clone() }
            </button>
            <span id={meta_id} class="lesson-meta">
                if entry.complete {
                    <span class="lesson-mark"><span aria-hidden="true">{ "✓ " }</span>{ "Completed" }</span>
                }
                if active {
                    <span class="lesson-badge">{ "Open now" }</span>
                }
                <span class="lesson-steps">{ format!("{} of {} {steps}", entry.steps_done, entry.steps) }</span>
                <span class="lesson-rules">
                    <span class="visually-hidden">{ "Rules: " }</span>
                    { entry.rules.join(", ") }
                </span>
            </span>
            { dots(entry.steps, entry.steps_done) }
        </li>
    }
}

/// One dot per step, filled when done: decoration beside the words that say the same.
pub fn dots(steps: usize, done: usize) -> Html {
    html! {
        <span class="lesson-dots" aria-hidden="true">
            { for (0..steps).map(|i| html! {
                <span class={classes!("lesson-dot", (i < done).then_some("is-done"))}></span>
            }) }
        </span>
    }
}
