//! One pane of compare mode: what it ran in this step with what each statement printed, its
//! answers to the storyline's questions, and its world drawn by the playground's own diagram and
//! Entra ID panel.
//!
//! Invariants: everything shown comes from the pane's replayed session and the step's records;
//! selecting something only highlights it (nothing here can change a world); every id carries
//! the pane's prefix, so the two panes never share one.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::components::compare_table::verdict_class;
use crate::ui::components::diagram::Diagram;
use crate::ui::components::entra::EntraPanel;
use crate::ui::shared::SharedSession;
use crate::view::compare::{Aspect, Pane, Ran, Row};
use crate::view::state::Selection;

/// Output longer than this many lines is folded (az prints a whole resource as JSON).
const FOLD_LINES: usize = 4;

#[derive(Properties, PartialEq)]
pub struct ComparePaneProps {
    pub pane: Pane,
    /// The step shown: 0 is the setup.
    pub step: usize,
    /// What the pane ran in this step.
    pub ran: Rc<Vec<Ran>>,
    /// The comparison, whose decision rows this pane shows its side of.
    pub rows: Rc<Vec<Row>>,
    pub session: SharedSession,
    pub selection: Option<Selection>,
    pub on_select: Callback<Selection>,
}

#[component]
pub fn ComparePane(props: &ComparePaneProps) -> Html {
    let key = props.pane.key();
    let id = |part: &str| format!("compare-{key}-{part}");
    let ran_title = if props.step == 0 {
        "The setup ran"
    } else {
        "This step ran"
    };
    // The two panes have the same parts: the landmarks among them say which pane they are in.
    let in_pane = format!(", {} pane", props.pane.column().to_ascii_lowercase());
    html! {
        <section class={classes!("compare-pane", format!("is-{key}"))} aria-labelledby={id("title")}>
            <h2 id={id("title")} class="compare-pane-title">{ props.pane.label() }</h2>
            <div class="compare-block">
                <h3 class="compare-block-title">{ ran_title }</h3>
                if props.ran.is_empty() {
                    <p class="compare-nothing">{ "Nothing to run in this step: this pane stays as it was." }</p>
                } else {
                    <ol class="compare-ran">
                        { for props.ran.iter().map(ran_view) }
                    </ol>
                }
            </div>
            <div class="compare-block">
                <h3 id={id("decisions")} class="compare-block-title">{ "Decisions" }</h3>
                <ul class="compare-decisions" aria-labelledby={id("decisions")}>
                    { for props.rows.iter().filter(|r| matches!(r.aspect, Aspect::Decision(_))).map(|row| decision_view(row, props.pane)) }
                </ul>
            </div>
            <section class="panel diagram-panel compare-diagram" aria-labelledby={id("diagram")}>
                <h3 id={id("diagram")} class="panel-title">
                    { "Diagram" }<span class="visually-hidden">{ in_pane.clone() }</span>
                </h3>
                <Diagram
                    session={props.session.clone()}
                    selection={props.selection.clone()}
                    on_select={props.on_select.clone()}
                    id_prefix={AttrValue::from(format!("compare-{key}-"))}
                />
            </section>
            <div class="compare-entra">
                <EntraPanel
                    session={props.session.clone()}
                    selection={props.selection.clone()}
                    on_select={props.on_select.clone()}
                    id_prefix={AttrValue::from(format!("compare-{key}-"))}
                    heading_suffix={AttrValue::from(in_pane)}
                />
            </div>
        </section>
    }
}

/// A statement as the console shows it: the prompt, the text, notes, output and error.
fn ran_view(ran: &Ran) -> Html {
    let lines = ran.output.lines().count();
    let output = (!ran.output.is_empty()).then(|| {
        let text = html! { <pre class="console-output">{ ran.output.clone() }</pre> };
        if lines > FOLD_LINES {
            html! {
                <details class="compare-output">
                    <summary>{ format!("Output, {lines} lines") }</summary>
                    { text }
                </details>
            }
        } else {
            text
        }
    });
    html! {
        <li key={ran.line} class="compare-statement">
            <pre class="console-command"><span aria-hidden="true" class="console-prompt">{ "$ " }</span>{ ran.statement.clone() }</pre>
            if !ran.notes.is_empty() {
                <ul class="console-notes">
                    { for ran.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            }
            { for output }
            if let Some(error) = &ran.error {
                <p class="console-error">{ error.clone() }</p>
            }
        </li>
    }
}

/// This pane's answer to one question: the glyph and word, the reason code, the question and
/// what `mip check` explained.
fn decision_view(row: &Row, pane: Pane) -> Html {
    let cell = row.cell(pane);
    let Some(answer) = &cell.answer else {
        return Html::default();
    };
    html! {
        <li key={row.label.clone()} class={classes!("compare-decision", verdict_class(answer.verdict))}>
            <p class="compare-question">{ row.label.clone() }</p>
            <p class="compare-verdict">
                <span aria-hidden="true" class="compare-glyph">{ answer.verdict.glyph() }</span>{ " " }
                { cell.summary.clone() }
            </p>
            <p class="compare-explanation">{ answer.explanation.clone() }</p>
        </li>
    }
}
