//! Component tests of the playground in a real browser (`wasm-bindgen-test`, run with
//! `cargo test --target wasm32-unknown-unknown --test web`).
//!
//! Each test mounts the whole app into a fresh element, acts as a learner would (through labels
//! and button names, the way the end-to-end tests do) and waits for what the learner should see:
//! no sleeps with a fixed length, only polling for a condition with a deadline. The runner starts
//! several async tests at once, but they share the page's storage and URL, so each test holds a
//! lock for its whole run; it clears the saved session and the URL fragment first and unmounts
//! the app after, so tests do not depend on one another.

#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit,
};
use yew::{AppHandle, Callback};

use mip::ui::present::{Present, PresentProps};
use mip::ui::App;
use mip::view::saved;

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

/// One test at a time: held from before the page opens until it is dropped.
struct Turn;

impl Turn {
    async fn take() -> Turn {
        while BUSY.with(|busy| busy.replace(true)) {
            yew::platform::time::sleep(Duration::from_millis(5)).await;
        }
        Turn
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        BUSY.with(|busy| busy.set(false));
    }
}

/// The app mounted in its own element.
struct Page {
    root: Element,
    app: Option<AppHandle<App>>,
    _turn: Turn,
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn set_fragment(fragment: &str) {
    let window = web_sys::window().unwrap();
    let location = window.location();
    let url = format!(
        "{}{}{fragment}",
        location.pathname().unwrap(),
        location.search().unwrap()
    );
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

/// Opens the playground with nothing saved and no share link.
async fn open_playground() -> Page {
    open_with(None, "").await
}

/// Opens the playground with `saved` in storage (if any) and `fragment` in the URL.
async fn open_with(saved: Option<&str>, fragment: &str) -> Page {
    let turn = Turn::take().await;
    match saved {
        Some(text) => storage().set_item(saved::STORAGE_KEY, text).unwrap(),
        None => storage().remove_item(saved::STORAGE_KEY).unwrap(),
    }
    set_fragment(fragment);
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    let page = Page {
        root,
        app: Some(app),
        _turn: turn,
    };
    page.see_text("Managed Identity Playground").await;
    page
}

impl Page {
    /// Waits until `condition` holds, for at most five seconds.
    async fn wait_until(&self, what: &str, condition: impl Fn(&Page) -> bool) {
        for _ in 0..500 {
            if condition(self) {
                return;
            }
            yew::platform::time::sleep(Duration::from_millis(10)).await;
        }
        panic!(
            "gave up waiting for {what}; the page says: {}",
            self.root.text_content().unwrap_or_default()
        );
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    async fn see_text(&self, text: &str) {
        self.wait_until(&format!("the text {text:?}"), |p| p.text().contains(text))
            .await;
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .collect()
    }

    /// A button by its accessible name: its `aria-label`, else its text without the parts
    /// hidden from assistive technology.
    fn button(&self, name: &str) -> Option<HtmlElement> {
        self.all("button").into_iter().find_map(|b| {
            let label = b.get_attribute("aria-label").unwrap_or_else(|| {
                let copy: Element = b.clone_node_with_deep(true).unwrap().dyn_into().unwrap();
                let hidden = copy.query_selector_all("[aria-hidden]").unwrap();
                for i in 0..hidden.length() {
                    if let Some(node) = hidden.item(i) {
                        node.unchecked_into::<Element>().remove();
                    }
                }
                copy.text_content().unwrap_or_default()
            });
            (label.trim() == name).then(|| b.dyn_into::<HtmlElement>().unwrap())
        })
    }

    async fn click(&self, name: &str) {
        self.wait_until(&format!("a button named {name:?}"), |p| {
            p.button(name).is_some()
        })
        .await;
        self.button(name).unwrap().click();
    }

    /// A form field by the text of its `<label>`.
    fn field(&self, label: &str) -> Option<HtmlInputElement> {
        let label = self
            .all("label")
            .into_iter()
            .find(|l| l.text_content().unwrap_or_default().trim() == label)?;
        let id = label.get_attribute("for")?;
        self.root
            .query_selector(&format!("#{id}"))
            .ok()??
            .dyn_into::<HtmlInputElement>()
            .ok()
    }

    async fn fill(&self, label: &str, value: &str) {
        self.wait_until(&format!("a field labelled {label:?}"), |p| {
            p.field(label).is_some()
        })
        .await;
        let input = self.field(label).unwrap();
        input.set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        let event = Event::new_with_event_init_dict("input", &init).unwrap();
        input.dispatch_event(&event).unwrap();
    }

    async fn press_enter_in(&self, label: &str) {
        let input = self.field(label).unwrap();
        let init = KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        input.dispatch_event(&event).unwrap();
    }

    async fn run_in_console(&self, statement: &str) {
        self.fill("Console command", statement).await;
        self.press_enter_in("Console command").await;
    }

    fn dialog_open(&self) -> bool {
        !self.all("[role=dialog]").is_empty()
    }
}

#[wasm_bindgen_test]
async fn adding_a_virtual_machine_shows_its_card_its_command_and_its_principal() {
    let page = open_playground().await;
    page.click("Add Virtual machine").await;
    page.fill("Name", "vm1").await;
    page.fill("Resource group", "rg1").await;
    page.field("System-assigned identity").unwrap().click();
    page.click("Create").await;

    page.see_text("az group create -n rg1 -l eastus").await;
    page.see_text("az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity")
        .await;
    assert!(!page.dialog_open());
    // The diagram has a card for it, and Entra ID a service principal.
    page.wait_until("a diagram card for vm1", |p| {
        p.all("[role=button][aria-label]").iter().any(|e| {
            let label = e.get_attribute("aria-label").unwrap_or_default();
            label.contains("vm1") && label.contains("Virtual machine")
        })
    })
    .await;
    let entra = page.all(".entra .sp");
    assert_eq!(entra.len(), 1);
    let text = entra[0].text_content().unwrap_or_default();
    assert!(
        text.contains("vm1") && text.contains("ManagedIdentity"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn typing_a_bad_command_shows_where_the_error_is() {
    let page = open_playground().await;
    page.run_in_console("az vm create --nme x").await;
    page.wait_until("an error alert", |p| {
        !p.all(".console-error[role=alert]").is_empty()
    })
    .await;
    let error = page.all(".console-error[role=alert]")[0]
        .text_content()
        .unwrap_or_default();
    assert!(error.contains("line 1, column 14"), "{error}");
    assert!(error.contains("did you mean --name?"), "{error}");
}

#[wasm_bindgen_test]
async fn an_invalid_name_is_explained_under_the_field_and_not_created() {
    let page = open_playground().await;
    page.click("Add Storage account").await;
    page.fill("Name", "My_Storage").await;
    page.see_text("lower-case letters and digits only").await;
    let input = page.field("Name").unwrap();
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("add-name-error")
    );
    page.click("Create").await;
    assert!(page.dialog_open(), "Create must refuse an invalid name");
    assert!(page.all(".console-entry").is_empty(), "nothing may run");
    page.click("Cancel").await;
    page.wait_until("the dialog to close", |p| !p.dialog_open())
        .await;
}

#[wasm_bindgen_test]
async fn undo_takes_back_the_last_statement_and_redo_brings_it_back() {
    let page = open_playground().await;
    page.run_in_console("az group create -n rg1 -l eastus")
        .await;
    page.run_in_console("az identity create -g rg1 -n id1")
        .await;
    page.wait_until("the identity's principal", |p| {
        p.all(".entra .sp").len() == 1
    })
    .await;
    page.click("Undo").await;
    page.wait_until("the principal to go", |p| p.all(".entra .sp").is_empty())
        .await;
    page.click("Redo").await;
    page.wait_until("the principal to return", |p| {
        p.all(".entra .sp").len() == 1
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_damaged_share_link_is_explained_and_the_saved_work_kept() {
    let saved = saved::save("az group create -n kept -l eastus\n");
    let page = open_with(Some(&saved), "#s=not*base64").await;
    page.see_text("This share link is damaged").await;
    page.see_text("az group create -n kept -l eastus").await;
    page.click("Dismiss").await;
    page.wait_until("the message to go", |p| {
        !p.text().contains("This share link is damaged")
    })
    .await;
    set_fragment("");
}

#[wasm_bindgen_test]
async fn a_corrupt_saved_session_starts_fresh_with_a_message() {
    let page = open_with(Some("{not json"), "").await;
    page.see_text("The saved session could not be read").await;
    assert!(page.all(".console-entry").is_empty());
}

#[wasm_bindgen_test]
async fn the_panic_banner_offers_the_script() {
    let _turn = Turn::take().await;
    mip::ui::panic::remember_script("az group create -n rg1 -l eastus\n");
    mip::ui::panic::show_banner("boom");
    let banner = document().get_element_by_id("panic-banner").unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let area: web_sys::HtmlTextAreaElement = document()
        .get_element_by_id("panic-script")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(area.value(), "az group create -n rg1 -l eastus\n");
    assert!(banner.text_content().unwrap().contains("Error: boom"));
    banner.remove();
}

/// Sends a key press to the document, as a keyboard or a presentation clicker would.
fn press_key(key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().body().unwrap().dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_presenter_steps_by_keyboard_and_clicker_and_resets_the_step() {
    let turn = Turn::take().await;
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let props = PresentProps {
        query: "?present=02-system-assigned&slide=2".into(),
        on_navigate: Callback::noop(),
    };
    let app = yew::Renderer::<Present>::with_root_and_props(root.clone(), props).render();
    let page = Page {
        root,
        app: None,
        _turn: turn,
    };
    page.see_text("Slide 2 of").await;
    page.see_text("Step 1 of 5: Turn on the app's identity")
        .await;
    assert_eq!(
        document().document_element().unwrap().class_name(),
        "presenting"
    );
    // The slide goes into the address once the presenter has mounted (with its key listener).
    page.wait_until("the slide in the address", |_| {
        let search = web_sys::window().unwrap().location().search().unwrap();
        search == "?present=02-system-assigned&slide=2"
    })
    .await;

    // A clicker's Page Down shows the step done: the identity's principal is in Entra ID.
    press_key("PageDown");
    page.see_text("Slide 3 of").await;
    page.see_text("az webapp identity assign -g demo -n shop")
        .await;
    press_key("ArrowRight");
    page.see_text("Slide 4 of").await;
    press_key("ArrowLeft");
    page.see_text("Slide 3 of").await;

    // An improvised command, then Reset step: back to the world at the start of the step.
    page.run_in_console("az webapp delete -g demo -n shop")
        .await;
    page.see_text("Changed by hand").await;
    page.click("Reset step").await;
    page.see_text("Slide 2 of").await;
    page.wait_until("the improvisation to be gone", |p| {
        !p.text().contains("Changed by hand")
    })
    .await;
    app.destroy();
    page.wait_until("the page class to be gone", |_| {
        document()
            .document_element()
            .unwrap()
            .class_name()
            .is_empty()
    })
    .await;
    // The presenter keeps its slide in the address; give the other tests theirs back.
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
}
