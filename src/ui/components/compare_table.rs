//! Compare mode's Differences table: one row per aspect of the two worlds (identities, service
//! principals, role assignments, and each question's decision), a column per pane.
//!
//! Invariant: a mark is never colour alone. A row whose panes differ says "≠ differs", a cell
//! that changed in this step says "● changed", and a decision carries its glyph and word
//! (✓ Allowed, ✗ Denied, – Cannot be asked) as well as its colour.

use std::rc::Rc;

use yew::prelude::*;

use crate::view::compare::{Cell, Pane, Row, Verdict};

#[derive(Properties, PartialEq)]
pub struct DifferencesTableProps {
    pub rows: Rc<Vec<Row>>,
}

#[component]
pub fn DifferencesTable(props: &DifferencesTableProps) -> Html {
    let differing = props.rows.iter().filter(|r| r.differs).count();
    let summary = match differing {
        0 => "The two panes are alike on every row.".to_string(),
        1 => "1 row differs.".to_string(),
        n => format!("{n} rows differ."),
    };
    html! {
        <section class="compare-differences" aria-labelledby="compare-differences-title">
            <h2 id="compare-differences-title" class="compare-section-title">{ "Differences" }</h2>
            <p class="compare-legend">
                <span class="compare-tally">{ summary }</span>
                { " " }
                <span class="compare-mark is-differs">{ "≠ differs" }</span>
                { ": the two panes differ on this row. " }
                <span class="compare-mark is-changed">{ "● changed" }</span>
                { ": it changed in this step." }
            </p>
            <div class="compare-table-scroll">
                <table class="compare-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Aspect" }</th>
                            { for Pane::BOTH.into_iter().map(|pane| html! {
                                <th scope="col" class={classes!("compare-column", format!("is-{}", pane.key()))}>{ pane.column() }</th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for props.rows.iter().map(row_view) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn row_view(row: &Row) -> Html {
    let class = classes!(
        "compare-row",
        row.differs.then_some("is-different"),
        row.changed().then_some("is-changed"),
    );
    html! {
        <tr key={format!("{:?}", row.aspect)} {class}>
            <th scope="row">
                <span class="compare-aspect">{ row.label.clone() }</span>
                if row.differs {
                    <span class="compare-mark is-differs">{ "≠ differs" }</span>
                }
                if row.changed() {
                    <span class="compare-mark is-changed">{ "● changed in this step" }</span>
                }
            </th>
            { for Pane::BOTH.into_iter().map(|pane| cell_view(row.cell(pane))) }
        </tr>
    }
}

fn cell_view(cell: &Cell) -> Html {
    let verdict = cell.answer.as_ref().map(|a| a.verdict);
    html! {
        <td class={classes!("compare-cell", cell.changed.then_some("is-changed"))}>
            <span class={classes!("compare-summary", verdict.map(verdict_class))}>
                if let Some(verdict) = verdict {
                    <span aria-hidden="true" class="compare-glyph">{ verdict.glyph() }</span>{ " " }
                }
                { cell.summary.clone() }
            </span>
            if cell.changed {
                { " " }<span class="compare-mark is-changed">{ "● changed" }</span>
            }
            if !cell.details.is_empty() {
                <ul class="compare-details">
                    { for cell.details.iter().map(|d| html! { <li>{ d.clone() }</li> }) }
                </ul>
            }
        </td>
    }
}

/// The colour class of a decision; its glyph and word say the same.
pub fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Allowed => "is-allowed",
        Verdict::Denied => "is-denied",
        Verdict::NotAsked => "is-not-asked",
    }
}
