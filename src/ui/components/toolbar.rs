//! The header's buttons: Undo, Redo, Reset, Share, Embed, Export script and Import script.
//!
//! Import is a button that opens a hidden file input, so it looks and behaves like the others;
//! the input stays in the page (visually hidden, labelled) for assistive technology.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub can_undo: bool,
    pub can_redo: bool,
    pub can_reset: bool,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_share: Callback<()>,
    /// Opens the dialog that writes an `<iframe>` snippet for a documentation page.
    pub on_embed: Callback<()>,
    pub on_export: Callback<()>,
    pub on_import: Callback<web_sys::File>,
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let file_input = use_node_ref();
    let open_file = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = file_input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_import.emit(file);
            }
            // Picking the same file again must fire `change` again.
            input.set_value("");
        })
    };
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    html! {
        <div class="toolbar" role="group" aria-label="Script actions">
            <div class="toolbar-group">
                <button type="button" class="button" disabled={!props.can_undo}
                    aria-keyshortcuts="Control+Z" title="Undo the last statement (Ctrl+Z)"
                    onclick={click(&props.on_undo)}>
                    <span aria-hidden="true" class="button-glyph">{ "↶" }</span>{ "Undo" }
                </button>
                <button type="button" class="button" disabled={!props.can_redo}
                    aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)"
                    onclick={click(&props.on_redo)}>
                    <span aria-hidden="true" class="button-glyph">{ "↷" }</span>{ "Redo" }
                </button>
                <button type="button" class="button" disabled={!props.can_reset}
                    title="Start again from an empty script (Undo brings it back)"
                    onclick={click(&props.on_reset)}>
                    { "Reset" }
                </button>
            </div>
            <div class="toolbar-group">
                <button type="button" class="button" title="Put the script in a link"
                    onclick={click(&props.on_share)}>
                    { "Share" }
                </button>
                <button type="button" class="button" title="Write an iframe snippet that shows this script in a web page"
                    onclick={click(&props.on_embed)}>
                    { "Embed" }
                </button>
                <button type="button" class="button" title="Download the script as a .sh file"
                    onclick={click(&props.on_export)}>
                    { "Export script" }
                </button>
                <button type="button" class="button" title="Replace the script with one from a file"
                    onclick={open_file}>
                    { "Import script" }
                </button>
                <input
                    ref={file_input}
                    type="file"
                    class="visually-hidden"
                    tabindex="-1"
                    accept=".sh,.txt,text/plain,text/x-shellscript,application/x-sh"
                    aria-label="Import script file"
                    onchange={on_file}
                />
            </div>
        </div>
    }
}
