//! The workspace's tab strip: "Diagram", "Can it?" and "Access matrix", an ARIA tablist whose
//! panels [`tab_panel`] renders. The strip sits in the title row of the panel shown below it
//! (`static/check.css`), so the tabs cost the diagram no height; each panel keeps its `h2`, read
//! by screen readers and naming its region, with the words hidden behind the tabs.
//!
//! Invariants: exactly one tab is selected, and it is the only one in the tab order (a roving
//! tabindex); ← and → (and Home, End) select the neighbouring tab and move focus to it, as the
//! ARIA tabs pattern with automatic activation does. Every tab names its panel with
//! `aria-controls`, and every panel is always in the document (hidden unless selected), so those
//! references never dangle.

use yew::prelude::*;

use crate::ui::browser;

/// The views the workspace can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceTab {
    Diagram,
    CanIt,
    Matrix,
}

impl WorkspaceTab {
    pub const ALL: [WorkspaceTab; 3] = [
        WorkspaceTab::Diagram,
        WorkspaceTab::CanIt,
        WorkspaceTab::Matrix,
    ];

    pub fn label(self) -> &'static str {
        match self {
            WorkspaceTab::Diagram => "Diagram",
            WorkspaceTab::CanIt => "Can it?",
            WorkspaceTab::Matrix => "Access matrix",
        }
    }

    fn key(self) -> &'static str {
        match self {
            WorkspaceTab::Diagram => "diagram",
            WorkspaceTab::CanIt => "can-it",
            WorkspaceTab::Matrix => "matrix",
        }
    }

    pub fn tab_id(self) -> String {
        format!("workspace-tab-{}", self.key())
    }

    pub fn panel_id(self) -> String {
        format!("workspace-panel-{}", self.key())
    }

    fn index(self) -> usize {
        WorkspaceTab::ALL
            .iter()
            .position(|t| *t == self)
            .unwrap_or_default()
    }
}

#[derive(Properties, PartialEq)]
pub struct WorkspaceTabsProps {
    pub selected: WorkspaceTab,
    pub on_select: Callback<WorkspaceTab>,
    /// The tab panels, each from [`tab_panel`].
    pub children: Html,
}

#[component]
pub fn WorkspaceTabs(props: &WorkspaceTabsProps) -> Html {
    let on_key = {
        let on_select = props.on_select.clone();
        let at = props.selected.index();
        Callback::from(move |e: KeyboardEvent| {
            let last = WorkspaceTab::ALL.len() - 1;
            let next = match e.key().as_str() {
                "ArrowRight" => (at + 1) % (last + 1),
                "ArrowLeft" => (at + last) % (last + 1),
                "Home" => 0,
                "End" => last,
                _ => return,
            };
            e.prevent_default();
            let tab = WorkspaceTab::ALL[next];
            on_select.emit(tab);
            // Every tab is in the document, so focus can move before the next render.
            browser::focus_id(&tab.tab_id());
        })
    };
    html! {
        <div class="workspace-tabbed">
            <div class="workspace-tabs" role="tablist" aria-label="Workspace views" onkeydown={on_key}>
                { for WorkspaceTab::ALL.iter().map(|tab| {
                    let selected = *tab == props.selected;
                    let onclick = props.on_select.reform({
                        let tab = *tab;
                        move |_: MouseEvent| tab
                    });
                    html! {
                        <button
                            key={tab.key()}
                            type="button"
                            role="tab"
                            id={tab.tab_id()}
                            class="workspace-tab"
                            aria-selected={if selected { "true" } else { "false" }}
                            aria-controls={tab.panel_id()}
                            tabindex={if selected { "0" } else { "-1" }}
                            {onclick}
                        >
                            { tab.label() }
                        </button>
                    }
                }) }
            </div>
            { props.children.clone() }
        </div>
    }
}

/// The panel of `tab`: in the document always, shown only while `tab` is selected.
pub fn tab_panel(tab: WorkspaceTab, selected: WorkspaceTab, content: Html) -> Html {
    html! {
        <div
            id={tab.panel_id()}
            class="workspace-view"
            role="tabpanel"
            aria-labelledby={tab.tab_id()}
            hidden={tab != selected}
        >
            { content }
        </div>
    }
}
