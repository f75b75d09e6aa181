//! The stepping keys of the pages that step through something (the presenter, its notes window,
//! compare mode): → or Page Down for the next step, ← or Page Up for the previous one, Home and
//! End for the first and the last. Presentation clickers send Page Down and Page Up.
//!
//! Invariant: a key pressed where it already means something is left alone: in a text field or
//! a select (the caret, the choice), and, for the arrows, Home and End, in a diagram's scrolling
//! view or the playback bar. Page Up and Page Down step from anywhere but a text field, so a
//! clicker works wherever the focus is.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::ui::browser;

/// What a stepping key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKey {
    Next,
    Previous,
    First,
    Last,
}

/// Listens for the stepping keys on the document and passes each to the handler of the current
/// render (a page keeps it up to date, so the handler sees the page's latest state).
#[hook]
pub fn use_step_keys(handler: Rc<RefCell<Option<Callback<StepKey>>>>) {
    use_effect_with((), move |_| {
        let listener = browser::document().map(|document| {
            // Not passive: the keys replace the browser's own scrolling.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if event.ctrl_key() || event.meta_key() || event.alt_key() || event.shift_key() {
                    return;
                }
                let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
                let Some(key) = step_key(&event.key(), target.as_ref()) else {
                    return;
                };
                event.prevent_default();
                if let Some(handler) = handler.borrow().as_ref() {
                    handler.emit(key);
                }
            })
        });
        move || drop(listener)
    });
}

/// The step a key asks for where it was pressed, if any.
fn step_key(key: &str, target: Option<&Element>) -> Option<StepKey> {
    if target.is_some_and(browser::is_text_entry) {
        return None;
    }
    let in_widget = target.is_some_and(|t| {
        t.closest(".diagram-scroller, .playback")
            .ok()
            .flatten()
            .is_some()
    });
    match key {
        "PageDown" => Some(StepKey::Next),
        "PageUp" => Some(StepKey::Previous),
        _ if in_widget => None,
        "ArrowRight" => Some(StepKey::Next),
        "ArrowLeft" => Some(StepKey::Previous),
        "Home" => Some(StepKey::First),
        "End" => Some(StepKey::Last),
        _ => None,
    }
}
