//! The browser APIs the UI uses: `localStorage`, the URL fragment, the clipboard, downloads and
//! file reading.
//!
//! Invariant: nothing here throws or panics. Browsers differ (private windows without storage,
//! insecure pages without a clipboard), so every call returns a `Result` or an `Option` and the
//! caller decides what the learner is told.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Document, File, HtmlAnchorElement, Storage, Url, Window};

pub fn window() -> Option<Window> {
    web_sys::window()
}

pub fn document() -> Option<Document> {
    window()?.document()
}

fn storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

/// The text stored under `key`, if storage is available and holds it.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; fails when storage is unavailable or full.
pub fn store(key: &str, value: &str) -> Result<(), String> {
    let storage = storage().ok_or("this browser does not allow the page to save anything")?;
    storage.set_item(key, value).map_err(|e| error_text(&e))
}

/// The URL fragment, with its leading `#` (empty when there is none).
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the URL's fragment (or removes it, with `None`) without adding a history entry and
/// returns the new address.
pub fn replace_fragment(fragment: Option<&str>) -> Option<String> {
    let window = window()?;
    let location = window.location();
    let mut url = format!("{}{}", location.pathname().ok()?, location.search().ok()?);
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    window
        .history()
        .ok()?
        .replace_state_with_url(&JsValue::NULL, "", Some(&url))
        .ok()?;
    location.href().ok()
}

/// The URL's query, with its leading `?` (empty when there is none).
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's full address without query or fragment (origin and path).
pub fn address() -> String {
    window()
        .and_then(|w| {
            let location = w.location();
            Some(format!(
                "{}{}",
                location.origin().ok()?,
                location.pathname().ok()?
            ))
        })
        .unwrap_or_default()
}

/// Opens another page of the site (`href` relative to the page's base), as a navigation with a
/// history entry, so Back returns.
pub fn open(href: &str) {
    if let Some(window) = window() {
        // A refused navigation leaves the learner where they were, which says enough.
        let _ = window.location().assign(href);
    }
}

/// Goes to the same page with another query (`""` for none), as a new history entry so that
/// Back returns; no request is made, so it works offline. Returns false when the browser
/// refused.
pub fn push_query(query: &str) -> bool {
    set_query(query, HistoryEntry::New)
}

/// Replaces the URL's query (`""` for none) without a new history entry, so that a reload comes
/// back to the same place (the presenter's slide). Returns false when the browser refused.
pub fn replace_query(query: &str) -> bool {
    set_query(query, HistoryEntry::Same)
}

/// Whether a change of address adds a history entry.
enum HistoryEntry {
    New,
    Same,
}

fn set_query(query: &str, entry: HistoryEntry) -> bool {
    let Some(window) = window() else {
        return false;
    };
    let (Ok(path), Ok(history)) = (window.location().pathname(), window.history()) else {
        return false;
    };
    let url = match query.strip_prefix('?').unwrap_or(query) {
        "" => path,
        query => format!("{path}?{query}"),
    };
    match entry {
        HistoryEntry::New => history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        HistoryEntry::Same => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    }
    .is_ok()
}

/// Whether an element takes typed text or a choice made with the keyboard (text fields, text
/// areas, selects, sliders, editable content): keys pressed there belong to it, not to the
/// page's shortcuts (Ctrl+Z, the stepping keys).
pub fn is_text_entry(element: &web_sys::Element) -> bool {
    match element.tag_name().to_ascii_uppercase().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            element.get_attribute("type").unwrap_or_default().as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "image" | "color"
        ),
        _ => element
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(|e| e.is_content_editable()),
    }
}

/// Copies text to the clipboard. Fails on pages without the asynchronous clipboard (insecure
/// origins) or when the browser refuses.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let navigator = window().ok_or("no window")?.navigator();
    let available = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !available {
        return Err("this page cannot use the clipboard".into());
    }
    JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| error_text(&e))
}

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let document = document().ok_or("no document")?;
    let body = document.body().ok_or("no document body")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| error_text(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| error_text(&e))?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| error_text(&e))?
        .dyn_into()
        .map_err(|_| "could not create a link")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_class_name("visually-hidden");
    body.append_child(&anchor).map_err(|e| error_text(&e))?;
    anchor.click();
    anchor.remove();
    // The download has started from the URL by now; revoking later keeps slow browsers safe.
    gloo::timers::callback::Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// The text of a file the learner picked.
pub async fn read_text(file: &File) -> Result<String, String> {
    let value = JsFuture::from(file.text())
        .await
        .map_err(|e| error_text(&e))?;
    value
        .as_string()
        .ok_or_else(|| "the file could not be read as text".into())
}

/// True when the learner asked the system for reduced motion (`prefers-reduced-motion`).
pub fn prefers_reduced_motion() -> bool {
    window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}

/// Moves keyboard focus to the element with this id, if it exists and can take focus.
pub fn focus_id(id: &str) {
    if let Some(element) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The message of a JavaScript error value, for the learner.
pub fn error_text(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "the browser refused".to_string())
}
