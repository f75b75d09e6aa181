//! What the learner sees if the app panics: a banner saying so, with their script to copy.
//!
//! After a panic the Yew app is dead (the release build aborts), so the banner is built with
//! plain DOM calls, and it shows the latest script, kept in a thread-local that the app updates
//! on every change. Invariants: all text goes in with `set_text_content`, never as markup; the
//! hook never panics itself (every DOM failure is ignored); the Copy button reads the script from
//! the banner's text area, not from Rust state the panic may have left half-changed.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlTextAreaElement};

thread_local! {
    static LATEST_SCRIPT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Keeps the script for the panic banner.
pub fn remember_script(script: &str) {
    LATEST_SCRIPT.with(|latest| {
        if let Ok(mut latest) = latest.try_borrow_mut() {
            latest.clear();
            latest.push_str(script);
        }
    });
}

fn latest_script() -> String {
    LATEST_SCRIPT.with(|latest| latest.try_borrow().map(|s| s.clone()).unwrap_or_default())
}

/// Installs the hook. Yew installs its own (console only) unless told a custom one is set, so
/// this goes through `yew::set_custom_panic_hook`, which calls `std::panic::set_hook`.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.as_str().into());
        show_banner(&message);
    }));
}

/// Shows the "something went wrong" banner with `detail` and the latest script.
pub fn show_banner(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let _ = build_banner(&document, detail);
}

fn build_banner(document: &Document, detail: &str) -> Option<()> {
    let body = document.body()?;
    if let Some(old) = document.get_element_by_id("panic-banner") {
        old.remove();
    }
    // The dead app underneath must not take focus or clicks any more.
    if let Some(root) = document.get_element_by_id("app-root") {
        let _ = root.set_attribute("inert", "");
    }
    let banner = element(document, "div", "panic-banner")?;
    banner.set_id("panic-banner");
    banner.set_attribute("role", "alert").ok()?;
    banner
        .set_attribute("aria-labelledby", "panic-title")
        .ok()?;

    let title = element(document, "h2", "panic-title")?;
    title.set_id("panic-title");
    title.set_text_content(Some("Something went wrong"));
    banner.append_child(&title).ok()?;

    let explain = element(document, "p", "")?;
    explain.set_text_content(Some(
        "The playground hit an internal error and stopped. Your script is below and was saved in \
         this browser: copy it, reload the page, and use Import script if it does not come back.",
    ));
    banner.append_child(&explain).ok()?;

    let detail_p = element(document, "p", "panic-detail")?;
    detail_p.set_text_content(Some(&format!("Error: {detail}")));
    banner.append_child(&detail_p).ok()?;

    let label = element(document, "label", "")?;
    label.set_attribute("for", "panic-script").ok()?;
    label.set_text_content(Some("Your script"));
    banner.append_child(&label).ok()?;

    let area: HtmlTextAreaElement = element(document, "textarea", "panic-script")?
        .dyn_into()
        .ok()?;
    area.set_id("panic-script");
    area.set_read_only(true);
    area.set_rows(6);
    area.set_value(&latest_script());
    banner.append_child(&area).ok()?;

    let actions = element(document, "div", "panic-actions")?;
    let copy = element(document, "button", "")?;
    copy.set_attribute("type", "button").ok()?;
    copy.set_text_content(Some("Copy script"));
    let status = element(document, "p", "panic-status")?;
    status.set_attribute("role", "status").ok()?;
    {
        let area = area.clone();
        let status = status.clone();
        let on_copy = Closure::<dyn Fn()>::new(move || {
            area.select();
            let text = area.value();
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let said = match super::browser::copy_text(&text).await {
                    Ok(()) => "Script copied to the clipboard.",
                    Err(_) => "The script is selected: press Ctrl+C (or ⌘C) to copy it.",
                };
                status.set_text_content(Some(said));
            });
        });
        copy.add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())
            .ok()?;
        on_copy.forget();
    }
    actions.append_child(&copy).ok()?;

    let reload = element(document, "button", "")?;
    reload.set_attribute("type", "button").ok()?;
    reload.set_text_content(Some("Reload page"));
    let on_reload = Closure::<dyn Fn()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    reload
        .add_event_listener_with_callback("click", on_reload.as_ref().unchecked_ref())
        .ok()?;
    on_reload.forget();
    actions.append_child(&reload).ok()?;
    banner.append_child(&actions).ok()?;
    banner.append_child(&status).ok()?;

    body.prepend_with_node_1(&banner).ok()?;
    let _ = copy.dyn_ref::<HtmlElement>()?.focus();
    Some(())
}

fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    Some(element)
}
