//! Links between the app's pages: [`PageLink`], and the playground's links to compare mode and
//! the presenter ([`PageLinks`]). Each page is its own HTML file and build (`view::page`), so a
//! link to another page is an ordinary navigation that downloads only that page. A link within
//! a page (the presenter's lesson picker) moves in place through `on_navigate`, without a
//! request. Either way they are real links, so a middle click or a modified click opens a new
//! tab or window.

use web_sys::MouseEvent;
use yew::prelude::*;

use crate::view::page::Page;

#[derive(Properties, PartialEq)]
pub struct PageLinkProps {
    /// The page the link opens.
    pub page: Page,
    /// The page's query (`?present=…`); empty for none.
    #[prop_or_default]
    pub query: AttrValue,
    /// Given only when the link stays within the page's own build: a plain click then changes
    /// the query in place, as a history entry (Back returns).
    #[prop_or_default]
    pub on_navigate: Option<Callback<String>>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub title: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a page of the app.
#[component]
pub fn PageLink(props: &PageLinkProps) -> Html {
    let onclick = props.on_navigate.clone().map(|on_navigate| {
        let query = props.query.to_string();
        Callback::from(move |event: MouseEvent| {
            // Let the browser open new tabs and windows itself.
            if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
                return;
            }
            event.prevent_default();
            on_navigate.emit(query.clone());
        })
    });
    html! {
        <a class={props.class.clone()} href={props.page.href(&props.query)} title={props.title.clone()} {onclick}>
            { props.children.clone() }
        </a>
    }
}

/// The pages the playground links to, with their link text and title.
const PAGES: &[(Page, &str, &str, &str)] = &[
    (
        Page::Compare,
        "?compare",
        "Compare",
        "The same story with a system-assigned and a user-assigned identity, side by side",
    ),
    (
        Page::Present,
        "?present",
        "Present",
        "Workshop mode: present a lesson in large type, with speaker notes",
    ),
];

/// The playground's links to its other pages.
#[component]
pub fn PageLinks() -> Html {
    let links = PAGES.iter().map(|&(page, query, text, title)| {
        html! {
            <PageLink class="button page-link" page={page} query={query} title={title}>
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
