//! The page chooser: the full playground ([`App`]), or the embed widget ([`Embed`]) when the
//! address's query asks for it (`?embed…`, see `view::embed`).
//!
//! Invariant: the choice is made once, from the query the page was loaded with; the two pages
//! share nothing but the simulation, so an embed never touches the playground's saved work.

use yew::prelude::*;

use crate::ui::embed::{query, Embed};
use crate::ui::App;
use crate::view::embed::is_embed;

#[component]
pub fn Root() -> Html {
    let query = use_memo((), |_| query());
    if is_embed(&query) {
        html! { <Embed query={AttrValue::from((*query).clone())} /> }
    } else {
        html! { <App /> }
    }
}
