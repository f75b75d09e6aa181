//! Links between the app's pages: [`PageLink`], and the playground's links to compare mode and
//! the presenter ([`PageLinks`]). They are real links (`?compare`, `?present`, `./`), so a
//! middle click or a modified click opens a new tab or window; a plain click moves in place
//! through `on_navigate`, without a request.

use web_sys::MouseEvent;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageLinkProps {
    /// The page's query (`?present=…`); empty for the playground.
    pub query: AttrValue,
    pub on_navigate: Callback<String>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub title: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// A link to another page of the app.
#[component]
pub fn PageLink(props: &PageLinkProps) -> Html {
    let onclick = {
        let on_navigate = props.on_navigate.clone();
        let query = props.query.to_string();
        Callback::from(move |event: MouseEvent| {
            // Let the browser open new tabs and windows itself.
            if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
                return;
            }
            event.prevent_default();
            on_navigate.emit(query.clone());
        })
    };
    let href = if props.query.is_empty() {
        AttrValue::from("./")
    } else {
        props.query.clone()
    };
    html! {
        <a class={props.class.clone()} href={href} title={props.title.clone()} {onclick}>
            { props.children.clone() }
        </a>
    }
}

#[derive(Properties, PartialEq)]
pub struct PageLinksProps {
    pub on_navigate: Callback<String>,
}

/// The pages, as query, link text and title.
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

/// The playground's links to its other pages.
#[component]
pub fn PageLinks(props: &PageLinksProps) -> Html {
    let links = PAGES.iter().map(|&(query, text, title)| {
        html! {
            <PageLink class="button page-link" query={query} title={title} on_navigate={props.on_navigate.clone()}>
                { text }
            </PageLink>
        }
    });
    html! {
        <nav class="page-links" aria-label="Other pages">
            { for links }
        </nav>
    }
}
