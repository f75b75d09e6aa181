//! The root component of each page's build (`src/main.rs` and `src/bin/*.rs`, one HTML file
//! each, see `view::page`). A build mounts only its own page, so the other pages' components are
//! not linked into its WebAssembly module.
//!
//! Invariants: pages share nothing but the simulation, so no page touches another's saved work.
//! Moving to another page is a navigation to its file (Back returns); moving within a page (the
//! presenter's lesson picker) changes only the query, as a history entry and without a request.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::compare::Compare;
use crate::ui::embed::Embed;
use crate::ui::notes::Notes;
use crate::ui::present::Present;
use crate::ui::App;
use crate::view::page::Page;

/// `index.html`: the playground.
#[component]
pub fn PlaygroundPage() -> Html {
    html! { <App /> }
}

/// `embed.html`: the widget a documentation page frames (`?embed&…`).
#[component]
pub fn EmbedPage() -> Html {
    html! { <Embed query={AttrValue::from(browser::query())} /> }
}

/// `compare.html`: compare mode (`?compare=…&step=…`).
#[component]
pub fn ComparePage() -> Html {
    html! { <Compare query={AttrValue::from(browser::query())} /> }
}

/// `present.html`: the presenter (`?present=…&slide=…`), or its speaker-notes window
/// (`?notes`), which the presenter opens beside itself.
#[component]
pub fn PresentPage() -> Html {
    let query = use_state(browser::query);
    {
        let query = query.setter();
        use_effect_with((), move |_| {
            let listener = browser::window().map(|window| {
                EventListener::new(&window, "popstate", move |_| query.set(browser::query()))
            });
            move || drop(listener)
        });
    }
    // The lesson picker asks for a lesson by its query; the browser keeps the picker for Back.
    let navigate = {
        let query = query.setter();
        Callback::from(move |next: String| {
            browser::push_query(&next);
            query.set(browser::query());
        })
    };
    match Page::from_query(&query) {
        Page::Notes => html! { <Notes /> },
        _ => html! {
            <Present query={AttrValue::from((*query).clone())} on_navigate={navigate} />
        },
    }
}
