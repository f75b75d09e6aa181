//! The page chooser: the full playground ([`App`]), the embed widget ([`Embed`]), or another
//! page, as the address's query asks (`view::page`).
//!
//! Invariants: pages share nothing but the simulation, so no page touches another's saved work;
//! moving between pages changes only the query, as a history entry (Back returns) and without a
//! request, so it works offline once the app is loaded.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::compare::Compare;
use crate::ui::embed::Embed;
use crate::ui::notes::Notes;
use crate::ui::present::Present;
use crate::ui::App;
use crate::view::page::Page;

#[component]
pub fn Root() -> Html {
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
    // A page asks for another by its query; the browser keeps the old one for Back.
    let navigate = {
        let query = query.setter();
        Callback::from(move |next: String| {
            browser::push_query(&next);
            query.set(browser::query());
        })
    };
    match Page::from_query(&query) {
        Page::Embed => html! { <Embed query={AttrValue::from((*query).clone())} /> },
        Page::Playground => html! { <App on_navigate={navigate} /> },
        Page::Compare => html! {
            <Compare query={AttrValue::from((*query).clone())} on_navigate={navigate} />
        },
        Page::Present => html! {
            <Present query={AttrValue::from((*query).clone())} on_navigate={navigate} />
        },
        Page::Notes => html! { <Notes /> },
    }
}
