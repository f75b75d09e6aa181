//! The links from the playground to its other pages: compare mode and the presenter. They are
//! real links (`?compare`, `?present`), so a middle click opens a new tab; a plain click moves
//! in place through `on_navigate`, without a request.

use web_sys::MouseEvent;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageLinksProps {
    pub on_navigate: Callback<String>,
}

/// The pages, as query and link text.
const PAGES: &[(&str, &str, &str)] = &[
    (
        "?compare",
        "Compare",
        "The same story with a system-assigned and a user-assigned identity, side by side",
    ),
    (
        "?present",
        "Present",
        "Workshop mode: present a lesson in large type, with speaker notes",
    ),
];

#[component]
pub fn PageLinks(props: &PageLinksProps) -> Html {
    let links = PAGES.iter().map(|&(query, text, title)| {
        let on_navigate = props.on_navigate.clone();
        let onclick = Callback::from(move |event: MouseEvent| {
            // Let the browser open new tabs and windows itself.
            if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
                return;
            }
            event.prevent_default();
            on_navigate.emit(query.to_string());
        });
        html! {
            <a class="button page-link" href={query} title={title} {onclick}>{ text }</a>
        }
    });
    html! {
        <nav class="page-links" aria-label="Other pages">
            { for links }
        </nav>
    }
}
