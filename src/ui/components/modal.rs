//! The shell every dialog uses: a modal `role="dialog"` labelled by its heading.
//!
//! Invariants: focus moves into the dialog when it opens (to `initial_focus`, else the first
//! field or button) and back to where it was when it closes (or to the inspector's heading when
//! that element is gone); Escape closes it; Tab and Shift+Tab wrap around inside it. The page
//! behind is made `inert` by the app, so nothing there can be reached while a dialog is open.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::ui::browser;

/// Where focus goes after a dialog whose opener is gone (see `inspector`).
const FALLBACK_FOCUS: &str = "inspector-heading";

/// What can take focus inside a dialog, in tab order.
const FOCUSABLE: &str = "input:not([disabled]):not([type=hidden]), select:not([disabled]), \
     textarea:not([disabled]), button:not([disabled]), [tabindex='0'], a[href]";

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub title: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
    /// The id of the element to focus first.
    #[prop_or_default]
    pub initial_focus: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
}

#[component]
pub fn Modal(props: &ModalProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        let initial = props.initial_focus.clone();
        use_effect_with((), move |_| {
            let previous = browser::document()
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            let target = initial
                .and_then(|id| browser::document()?.get_element_by_id(&id))
                .or_else(|| focusable(&dialog).into_iter().next())
                .or_else(|| dialog.cast::<web_sys::Element>());
            if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                let _ = target.focus();
            }
            move || {
                // After the page behind stops being inert. A deletion removes the button that
                // opened the dialog; then the inspector's heading takes focus.
                Timeout::new(0, move || {
                    let target = previous.filter(|p| p.is_connected()).or_else(|| {
                        browser::document()?
                            .get_element_by_id(FALLBACK_FOCUS)?
                            .dyn_into::<HtmlElement>()
                            .ok()
                    });
                    if let Some(target) = target {
                        let _ = target.focus();
                    }
                })
                .forget();
            }
        });
    }
    let onkeydown = {
        let on_close = props.on_close.clone();
        let dialog = dialog.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                event.stop_propagation();
                on_close.emit(());
            }
            "Tab" => {
                let items = focusable(&dialog);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    return;
                };
                let active = browser::document().and_then(|d| d.active_element());
                let wrap_to = if event.shift_key() && active.as_ref() == Some(first) {
                    Some(last)
                } else if !event.shift_key() && active.as_ref() == Some(last) {
                    Some(first)
                } else {
                    None
                };
                if let Some(target) = wrap_to.and_then(|t| t.dyn_ref::<HtmlElement>()) {
                    event.prevent_default();
                    let _ = target.focus();
                }
            }
            _ => {}
        })
    };
    html! {
        <div class="modal-backdrop">
            <div
                ref={dialog}
                class={classes!("modal", props.class.clone())}
                role="dialog"
                aria-modal="true"
                aria-labelledby="modal-title"
                tabindex="-1"
                {onkeydown}
            >
                <h2 id="modal-title" class="modal-title">{ props.title.clone() }</h2>
                { props.children.clone() }
            </div>
        </div>
    }
}

fn focusable(dialog: &NodeRef) -> Vec<web_sys::Element> {
    let Some(root) = dialog.cast::<web_sys::Element>() else {
        return Vec::new();
    };
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}
