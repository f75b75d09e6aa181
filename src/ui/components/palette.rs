//! The palette: one "Add …" button per resource kind the core supports.
//!
//! Invariant: the list is `ResourceKind::ALL`, so a kind added to the core appears here.

use yew::prelude::*;

use crate::sim::resource::ResourceKind;
use crate::ui::icons::icon;

#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    /// True while the timeline shows the past: nothing can be added then.
    pub disabled: bool,
    pub on_add: Callback<ResourceKind>,
}

#[component]
pub fn Palette(props: &PaletteProps) -> Html {
    html! {
        <nav class="panel palette" aria-labelledby="palette-heading">
            <h2 id="palette-heading" class="panel-title">{ "Add resources" }</h2>
            <ul class="palette-list">
                { for ResourceKind::ALL.iter().map(|&kind| {
                    let onclick = props.on_add.reform(move |_: MouseEvent| kind);
                    let hint = if kind == ResourceKind::UserAssignedIdentity {
                        "an identity to attach"
                    } else if kind.supports_identity() {
                        "can have identities"
                    } else {
                        "a scope to grant on"
                    };
                    html! {
                        <li key={kind.label()}>
                            <button type="button" class="palette-button" disabled={props.disabled} {onclick}>
                                <svg class="palette-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                                    { icon(kind) }
                                </svg>
                                <span class="palette-text">
                                    <span class="visually-hidden">{ "Add " }</span>
                                    <span class="palette-label">{ kind.label() }</span>
                                    <span class="palette-hint" aria-hidden="true">{ hint }</span>
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
