//! Messages the learner must read and dismiss: a saved session that could not be restored, a
//! share link that could not be opened, a file that could not be imported.
//!
//! Invariant: a message is text, says what happened and what to do, and stays until dismissed.

use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: u32,
    pub text: String,
}

impl Message {
    pub fn error(id: u32, text: impl Into<String>) -> Message {
        Message {
            id,
            text: text.into(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub messages: Vec<Message>,
    pub on_dismiss: Callback<u32>,
}

#[component]
pub fn Messages(props: &MessagesProps) -> Html {
    if props.messages.is_empty() {
        return html! {};
    }
    html! {
        <div class="messages">
            { for props.messages.iter().map(|m| {
                let id = m.id;
                let onclick = props.on_dismiss.reform(move |_: MouseEvent| id);
                html! {
                    <div key={m.id} class="message message-error" role="alert">
                        <span class="message-icon" aria-hidden="true">{ "⚠" }</span>
                        <p class="message-text">{ m.text.clone() }</p>
                        <button type="button" class="button" {onclick}>{ "Dismiss" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
