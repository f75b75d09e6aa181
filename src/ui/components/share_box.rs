//! The share link, shown after "Share": a read-only field to select and a Copy button.
//!
//! The link carries the whole script in its fragment (`view::share`), so opening it anywhere
//! replays the same scenario; nothing is sent to a server.

use yew::prelude::*;

use crate::ui::browser;

#[derive(Properties, PartialEq)]
pub struct ShareBoxProps {
    pub link: String,
    pub on_close: Callback<()>,
}

#[component]
pub fn ShareBox(props: &ShareBoxProps) -> Html {
    let said = use_state(String::new);
    let field = use_node_ref();
    // Focus the field with the link selected, ready for Ctrl+C.
    {
        let field = field.clone();
        use_effect_with(props.link.clone(), move |_| {
            if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
        });
    }
    let copy = {
        let link = props.link.clone();
        let said = said.clone();
        let field = field.clone();
        Callback::from(move |_: MouseEvent| {
            let link = link.clone();
            let said = said.clone();
            let field = field.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&link).await {
                    Ok(()) => said.set("Link copied to the clipboard.".into()),
                    Err(_) => {
                        if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
                            let _ = input.focus();
                            input.select();
                        }
                        said.set("The link is selected: press Ctrl+C (or ⌘C) to copy it.".into());
                    }
                }
            });
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="share-box">
            <label for="share-link">{ "Share link" }</label>
            <input id="share-link" ref={field} type="text" readonly=true value={props.link.clone()} aria-describedby="share-note" />
            <button type="button" class="button button-primary" onclick={copy}>{ "Copy link" }</button>
            <button type="button" class="button" onclick={close}>{ "Close" }</button>
            <p id="share-note" class="share-note">
                { "The link holds the whole script; anyone who opens it replays the same scenario. It updates as you work." }
            </p>
            <p class="share-said" role="status">{ (*said).clone() }</p>
        </div>
    }
}
