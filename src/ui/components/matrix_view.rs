//! The access matrix: every principal (managed identities first) × the targets of one operation
//! ([`view::matrix`]), recomputed after every statement; each cell is a button that opens its
//! "can it?" explanation.
//!
//! Invariants: the grid is one tab stop. A roving tabindex keeps one cell focusable and the
//! arrow keys, Home, End, Page Up, Page Down and Ctrl+Home/End move between cells, as in the
//! ARIA grid pattern. Clicks and keys are handled once, on the table, and each row is its own
//! component that renders again only when its own props change, so 100 × 100 cells stay
//! responsive. Allowed and denied are a glyph (✓/✕) and a word in the cell's name as well as a
//! colour. Cells the latest change flipped or re-reasoned carry a Δ marker and say so in their
//! name, and flash briefly (not with reduced motion); "the world before" is the session this
//! component saw before the current one, kept from render to render, so nothing is replayed.
//! While its tab is hidden the matrix is not computed, but sessions are still followed.
//!
//! [`view::matrix`]: crate::view::matrix

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::world::World;
use crate::ui::components::can_it::{
    operation_options, operation_string, CheckPreset, FIRST_OPERATION, OTHER_OPERATION,
};
use crate::ui::shared::SharedSession;
use crate::ui::words::scope_name;
use crate::view::check::common_operation;
use crate::view::describe::{scope_text, short_name};
use crate::view::matrix::{access_matrix, changed_cells, AccessMatrix, Change, Column, RowKind};

/// How many rows Page Up and Page Down move.
const PAGE_ROWS: usize = 10;

/// How many changed cells the live region names before it counts the rest.
const CHANGES_NAMED: usize = 3;

#[derive(Properties, PartialEq)]
pub struct MatrixViewProps {
    pub session: SharedSession,
    /// False while another tab is shown.
    pub active: bool,
    /// Opens a cell's check in the "Can it?" tab.
    pub on_open: Callback<CheckPreset>,
}

/// An `Rc` compared by pointer: the same value exactly when nothing was recomputed.
struct Same<T>(Rc<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Same<T> {
        Same(self.0.clone())
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Same<T>) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A matrix and what it was computed from.
struct Computed {
    session: SharedSession,
    operation: String,
    matrix: Rc<AccessMatrix>,
}

/// Which cells the latest change changed.
#[derive(Default)]
struct Changes {
    /// Row-major, as the matrix's cells.
    marks: Vec<bool>,
    list: Vec<Change>,
}

/// What the component keeps between renders.
#[derive(Default)]
struct Memory {
    /// The session shown before the current one, and the current one.
    previous: Option<SharedSession>,
    current: Option<SharedSession>,
    /// Counts sessions, so that a cell changed twice in a row flashes again.
    generation: u32,
    now: Option<Computed>,
    before: Option<Computed>,
    /// The changes between `before` and `now`, by their matrices.
    changes: Option<(Rc<AccessMatrix>, Rc<AccessMatrix>, Rc<Changes>)>,
}

impl Memory {
    /// Follows the shown session: the current one becomes the previous one.
    fn follow(&mut self, session: &SharedSession) {
        if self.current.as_ref() == Some(session) {
            return;
        }
        self.previous = self.current.replace(session.clone());
        self.generation = self.generation.wrapping_add(1);
        self.before = self.now.take();
        self.changes = None;
    }

    /// The matrix of `session` (the one followed last) and the changes since the previous one.
    fn compute(
        &mut self,
        session: &SharedSession,
        operation: &str,
    ) -> (Rc<AccessMatrix>, Rc<Changes>) {
        let now = cached(&mut self.now, session, operation);
        let before = match &self.previous {
            Some(previous) => cached(&mut self.before, previous, operation),
            None => return (now, Rc::default()),
        };
        if let Some((n, b, changes)) = &self.changes {
            if Rc::ptr_eq(n, &now) && Rc::ptr_eq(b, &before) {
                return (now, changes.clone());
            }
        }
        let list = changed_cells(&before, &now);
        let mut marks = vec![false; now.cells().len()];
        let width = now.columns.len();
        for change in &list {
            let row = now
                .rows
                .iter()
                .position(|r| r.principal == change.principal);
            let col = now.columns.iter().position(|c| c.scope == change.scope);
            if let (Some(row), Some(col)) = (row, col) {
                marks[row * width + col] = true;
            }
        }
        let changes = Rc::new(Changes { marks, list });
        self.changes = Some((now.clone(), before, changes.clone()));
        (now, changes)
    }
}

/// The matrix in `slot` when it was computed from `session` for `operation`, else a new one.
fn cached(
    slot: &mut Option<Computed>,
    session: &SharedSession,
    operation: &str,
) -> Rc<AccessMatrix> {
    if let Some(done) = slot {
        if done.session == *session && done.operation == operation {
            return done.matrix.clone();
        }
    }
    let matrix = Rc::new(access_matrix(&session.world, operation));
    *slot = Some(Computed {
        session: session.clone(),
        operation: operation.to_string(),
        matrix: matrix.clone(),
    });
    matrix
}

#[component]
pub fn MatrixView(props: &MatrixViewProps) -> Html {
    let memory = use_mut_ref(Memory::default);
    let pick = use_state(|| FIRST_OPERATION.to_string());
    let typed = use_state(String::new);
    let applied = use_state(String::new);
    let focus = use_state(|| (0_usize, 0_usize));
    let opened = use_mut_ref(|| 0_u32);
    let table = use_node_ref();

    memory.borrow_mut().follow(&props.session);

    let operation: Result<String, String> = if *pick == OTHER_OPERATION {
        if applied.trim().is_empty() {
            Err("Type an operation string and press Show.".to_string())
        } else {
            operation_string(&applied).ok_or_else(|| {
                format!(
                    "'{}' is neither a known operation name nor an operation string like Microsoft.Storage/storageAccounts/read.",
                    applied.trim()
                )
            })
        }
    } else {
        common_operation(&pick)
            .map(|c| c.operation.to_string())
            .ok_or_else(|| "Choose an operation.".to_string())
    };

    let on_pick = {
        let pick = pick.setter();
        Callback::from(move |e: Event| {
            pick.set(e.target_unchecked_into::<HtmlSelectElement>().value());
        })
    };
    let on_type = {
        let typed = typed.setter();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_show = {
        let applied = applied.setter();
        let typed = (*typed).clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            applied.set(typed.clone());
        })
    };
    let controls = html! {
        <form class="mx-operation" onsubmit={on_show}>
            <label for="matrix-operation">{ "Operation" }</label>
            <select id="matrix-operation" onchange={on_pick}>
                { operation_options(&pick) }
            </select>
            if *pick == OTHER_OPERATION {
                <label for="matrix-operation-text">{ "Operation string or name" }</label>
                <input id="matrix-operation-text" type="text" value={(*typed).clone()} oninput={on_type}
                    autocomplete="off" spellcheck="false" placeholder="Microsoft.Storage/storageAccounts/read" />
                <button type="submit" class="button">{ "Show" }</button>
            }
        </form>
    };

    let body = match (props.active, &operation) {
        (false, _) => html! { <div class="mx-bar">{ controls }</div> },
        (true, Err(message)) => html! {
            <>
                <div class="mx-bar">{ controls }</div>
                <p class="muted">{ message.clone() }</p>
            </>
        },
        (true, Ok(operation)) => {
            let (matrix, changes) = memory.borrow_mut().compute(&props.session, operation);
            let generation = memory.borrow().generation;
            let world = &props.session.world;
            if matrix.rows.is_empty() {
                html! {
                    <>
                        <div class="mx-bar">{ controls }</div>
                        <p class="muted">{ "No managed identities yet: turn on a resource's system-assigned identity or add a user-assigned identity, and it gets a row here." }</p>
                    </>
                }
            } else if matrix.columns.is_empty() {
                html! {
                    <>
                        <div class="mx-bar">{ controls }</div>
                        <p class="muted">{ format!("Nothing to {} yet: add a resource of the kind it acts on.", what(&matrix)) }</p>
                    </>
                }
            } else {
                let names: Rc<Vec<String>> = Rc::new(
                    matrix
                        .columns
                        .iter()
                        .map(|c| target_name(world, c))
                        .collect(),
                );
                let last_row = matrix.rows.len() - 1;
                let last_col = matrix.columns.len() - 1;
                let at = (focus.0.min(last_row), focus.1.min(last_col));
                let on_click = {
                    let on_open = props.on_open.clone();
                    let matrix = matrix.clone();
                    let opened = opened.clone();
                    Callback::from(move |e: MouseEvent| {
                        let Some((row, col)) = cell_at(e.target()) else {
                            return;
                        };
                        if let Some(cell) = matrix.cell(row, col) {
                            let seq = {
                                let mut n = opened.borrow_mut();
                                *n = n.wrapping_add(1);
                                *n
                            };
                            on_open.emit(CheckPreset {
                                seq,
                                principal: cell.principal,
                                operation: matrix.operation.clone(),
                                scope: cell.scope.clone(),
                            });
                        }
                    })
                };
                let on_key = {
                    let focus = focus.setter();
                    let table = table.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        let Some((row, col)) = cell_at(e.target()) else {
                            return;
                        };
                        let ctrl = e.ctrl_key() || e.meta_key();
                        let next = match e.key().as_str() {
                            "ArrowRight" => (row, (col + 1).min(last_col)),
                            "ArrowLeft" => (row, col.saturating_sub(1)),
                            "ArrowDown" => ((row + 1).min(last_row), col),
                            "ArrowUp" => (row.saturating_sub(1), col),
                            "PageDown" => ((row + PAGE_ROWS).min(last_row), col),
                            "PageUp" => (row.saturating_sub(PAGE_ROWS), col),
                            "Home" if ctrl => (0, 0),
                            "End" if ctrl => (last_row, last_col),
                            "Home" => (row, 0),
                            "End" => (row, last_col),
                            _ => return,
                        };
                        e.prevent_default();
                        focus.set(next);
                        if let Some(table) = table.cast::<Element>() {
                            focus_cell(&table, next);
                        }
                    })
                };
                let on_focus = {
                    let focus = focus.clone();
                    Callback::from(move |e: FocusEvent| {
                        if let Some(cell) = cell_at(e.target()) {
                            if cell != *focus {
                                focus.set(cell);
                            }
                        }
                    })
                };
                let matrix_ref = Same(matrix.clone());
                let names_ref = Same(names);
                let changes_ref = Same(changes.clone());
                let odd = generation % 2 == 1;
                html! {
                    <>
                        <div class="mx-bar">
                            { controls }
                            <p class="mx-summary">
                                { format!(
                                    "{} × {}: {} of {} allowed. Select a cell to see why.",
                                    if matrix.rows.iter().all(|r| matches!(r.kind, RowKind::SystemAssigned | RowKind::UserAssigned)) {
                                        count(matrix.rows.len(), "identity", "identities")
                                    } else {
                                        count(matrix.rows.len(), "principal", "principals")
                                    },
                                    count(matrix.columns.len(), "target", "targets"),
                                    matrix.allowed_count(),
                                    matrix.cells().len()
                                ) }
                            </p>
                            <p class="mx-legend">
                                <span class="mx-key mx-yes" aria-hidden="true">{ "✓" }</span>{ " allowed " }
                                <span class="mx-key mx-no" aria-hidden="true">{ "✕" }</span>{ " denied " }
                                <span class="mx-key mx-key-changed" aria-hidden="true">{ "Δ" }</span>{ " changed by the latest change" }
                            </p>
                        </div>
                        <div class="mx-scroll">
                            <table ref={table} class="mx-grid" role="grid" aria-labelledby="matrix-caption"
                                onclick={on_click} onkeydown={on_key} onfocusin={on_focus}>
                                <caption id="matrix-caption" class="visually-hidden">
                                    { format!("Access matrix: can each principal {} at each target?", what(&matrix)) }
                                </caption>
                                <thead>
                                    <tr>
                                        <th scope="col" class="mx-corner">{ "Identity" }</th>
                                        { for matrix.columns.iter().map(|column| html! {
                                            <th key={column.scope.clone()} scope="col" class="mx-col" title={column.label.clone()}>
                                                <span>{ header_name(world, column) }</span>
                                            </th>
                                        }) }
                                    </tr>
                                </thead>
                                <tbody>
                                    { for matrix.rows.iter().enumerate().map(|(r, row)| html! {
                                        <MatrixRow
                                            key={row.principal.to_string()}
                                            matrix={matrix_ref.clone()}
                                            names={names_ref.clone()}
                                            changes={changes_ref.clone()}
                                            row={r}
                                            focus={(at.0 == r).then_some(at.1)}
                                            odd={odd}
                                        />
                                    }) }
                                </tbody>
                            </table>
                        </div>
                        <p class="visually-hidden" aria-live="polite">{ announce(&matrix, &names_ref.0, &changes) }</p>
                    </>
                }
            }
        }
    };

    html! {
        <section class="panel matrix-panel" aria-labelledby="matrix-heading">
            <h2 id="matrix-heading" class="panel-title"><span class="visually-hidden">{ "Access matrix" }</span></h2>
            <div class="panel-body mx-body">
                { body }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MatrixRowProps {
    matrix: Same<AccessMatrix>,
    /// The columns' names, as the cells say them.
    names: Same<Vec<String>>,
    changes: Same<Changes>,
    row: usize,
    /// The column of the grid's one tab stop, when it is in this row.
    focus: Option<usize>,
    /// Alternates with every change, so that the flash starts again.
    odd: bool,
}

/// One identity's row: its name, then one button per target. Kept minimal: 10,000 of these
/// cells must render quickly.
#[component]
fn MatrixRow(props: &MatrixRowProps) -> Html {
    let matrix = &props.matrix.0;
    let Some(row) = matrix.rows.get(props.row) else {
        return html! {};
    };
    let base = props.row * matrix.columns.len();
    let marks = &props.changes.0.marks;
    html! {
        <tr>
            <th scope="row" class="mx-row">{ row.label.clone() }</th>
            { for matrix.row_cells(props.row).iter().zip(props.names.0.iter()).enumerate().map(|(c, (cell, name))| {
                let allowed = cell.allowed();
                let changed = marks.get(base + c).copied().unwrap_or(false);
                let label = format!(
                    "{} → {name}: {}{}",
                    row.label,
                    if allowed { "allowed" } else { "denied" },
                    if changed { " (changed just now)" } else { "" }
                );
                // No `type`: the grid is in no form, so a button only ever clicks.
                html! {
                    <td>
                        <button
                            class={cell_class(allowed, changed, props.odd)}
                            tabindex={if props.focus == Some(c) { "0" } else { "-1" }}
                            aria-label={label}
                        >
                            { if allowed { "✓" } else { "✕" } }
                        </button>
                    </td>
                }
            }) }
        </tr>
    }
}

fn cell_class(allowed: bool, changed: bool, odd: bool) -> &'static str {
    match (allowed, changed, odd) {
        (true, false, _) => "mx-yes",
        (false, false, _) => "mx-no",
        (true, true, false) => "mx-yes mx-changed",
        (true, true, true) => "mx-yes mx-changed mx-again",
        (false, true, false) => "mx-no mx-changed",
        (false, true, true) => "mx-no mx-changed mx-again",
    }
}

/// A target as cells name it: "st1", "container logs in st1", "resource group rg1".
fn target_name(world: &World, column: &Column) -> String {
    match column.level {
        ScopeLevel::Subscription => format!("subscription {}", scope_name(world, &column.scope)),
        _ => scope_text(&column.scope),
    }
}

/// A target as its column header shows it, in few characters: "st1", "st1/logs".
fn header_name(world: &World, column: &Column) -> String {
    match column.level {
        ScopeLevel::Resource => short_name(&column.scope).to_string(),
        ScopeLevel::Child => {
            let owner = Scope::parse(&column.scope)
                .ok()
                .and_then(|s| s.resource_scope())
                .map(|r| r.name().to_string())
                .unwrap_or_default();
            format!("{owner}/{}", short_name(&column.scope))
        }
        _ => target_name(world, column),
    }
}

/// "read blobs", or "perform Microsoft.Contoso/things/read".
fn what(matrix: &AccessMatrix) -> String {
    match matrix.friendly {
        Some(friendly) => friendly.to_ascii_lowercase(),
        None => format!("perform {}", matrix.operation),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the live region says after a change: the cells it changed.
fn announce(matrix: &AccessMatrix, names: &[String], changes: &Changes) -> String {
    if changes.list.is_empty() {
        return String::new();
    }
    let named: Vec<String> = changes
        .list
        .iter()
        .take(CHANGES_NAMED)
        .filter_map(|change| {
            let row = matrix
                .rows
                .iter()
                .find(|r| r.principal == change.principal)?;
            let col = matrix
                .columns
                .iter()
                .position(|c| c.scope == change.scope)?;
            Some(format!(
                "{} → {} is now {}",
                row.label,
                names.get(col)?,
                change.after.outcome.as_str()
            ))
        })
        .collect();
    let more = changes.list.len().saturating_sub(CHANGES_NAMED);
    let rest = if more > 0 {
        format!(", and {} more", count(more, "cell", "cells"))
    } else {
        String::new()
    };
    format!(
        "The latest change changed {}: {}{rest}.",
        count(changes.list.len(), "cell", "cells"),
        named.join("; ")
    )
}

/// The (row, column) of the cell an event happened in, from the table's own indexes.
fn cell_at(target: Option<EventTarget>) -> Option<(usize, usize)> {
    let element = target?.dyn_into::<Element>().ok()?;
    let td = element.closest("td").ok()??;
    let tr = td.parent_element()?;
    let index = |node: &Element, property: &str| {
        js_sys::Reflect::get(node, &property.into())
            .ok()?
            .as_f64()
            .filter(|i| *i >= 0.0)
            .map(|i| i as usize)
    };
    let col = index(&td, "cellIndex")?.checked_sub(1)?;
    let row = index(&tr, "sectionRowIndex")?;
    Some((row, col))
}

/// Moves focus to a cell's button (the header row and column come first in the DOM).
fn focus_cell(table: &Element, (row, col): (usize, usize)) {
    let selector = format!(
        "tbody > tr:nth-child({}) > td:nth-child({}) > button",
        row + 1,
        col + 2
    );
    if let Some(button) = table
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}
