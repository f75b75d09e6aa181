//! The confirmation before a deletion: what the statement will take with it and leave behind,
//! from `view::preview` (which runs it on a copy of the session), and the statement itself.
//!
//! Invariant: nothing changes until Delete is pressed; a statement the preview says would fail
//! cannot be confirmed, and the dialog says why.

use yew::prelude::*;

use crate::ui::components::modal::Modal;
use crate::ui::shared::SharedSession;
use crate::view::preview::preview;

#[derive(Properties, PartialEq)]
pub struct DeleteDialogProps {
    pub session: SharedSession,
    /// The heading, "Delete …?".
    pub title: AttrValue,
    pub statement: AttrValue,
    pub on_confirm: Callback<String>,
    pub on_close: Callback<()>,
}

#[component]
pub fn DeleteDialog(props: &DeleteDialogProps) -> Html {
    let result = {
        let session = props.session.clone();
        use_memo(props.statement.clone(), move |statement| {
            preview(&session, statement)
        })
    };
    let confirm = {
        let statement = props.statement.to_string();
        props
            .on_confirm
            .reform(move |_: MouseEvent| statement.clone())
    };
    let cancel = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <Modal title={props.title.clone()} on_close={props.on_close.clone()} initial_focus={Some(AttrValue::Static("delete-cancel"))} class="modal-delete">
            <p class="field-label">{ "What happens" }</p>
            if result.consequences.is_empty() {
                <p>{ "Nothing else is affected." }</p>
            } else {
                <ul class="consequences">
                    { for result.consequences.iter().map(|c| html! { <li>{ c.clone() }</li> }) }
                </ul>
            }
            if let Some(error) = &result.error {
                <p class="field-error" role="alert">
                    <span aria-hidden="true">{ "✖ " }</span>
                    { format!("This would fail: {error}") }
                </p>
            }
            <p class="field-label" id="delete-command-label">{ "Command" }</p>
            <pre class="command-preview" aria-labelledby="delete-command-label">{ props.statement.clone() }</pre>
            <div class="dialog-actions">
                <button type="button" class="button button-danger" disabled={result.error.is_some()} onclick={confirm}>{ "Delete" }</button>
                <button id="delete-cancel" type="button" class="button" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </Modal>
    }
}
