//! Compare mode (`?compare`, `?compare=<storyline>&step=N`): one storyline played in two panes,
//! a system-assigned identity on the left and a user-assigned one on the right, stepped through
//! together, with a table of what differs (`view::compare`).
//!
//! Invariants: each pane shows the session `view::compare` replayed from its script, never a
//! world changed in place; the page keeps its place in the address (without a history entry),
//! so a reload comes back to the same step, and writes nothing else: the playground's saved
//! work is untouched. The stepping keys of `ui::keys` (← and →, Page Up and Page Down, Home and
//! End) step, except where those keys already mean something (form fields, the diagrams'
//! scrolling views).

use std::rc::Rc;

use web_sys::{HtmlSelectElement, MouseEvent};
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::compare_pane::ComparePane;
use crate::ui::components::compare_table::DifferencesTable;
use crate::ui::components::lesson_panel::narration;
use crate::ui::components::page_links::PageLink;
use crate::ui::keys::{use_step_keys, StepKey};
use crate::ui::shared::SharedSession;
use crate::view::compare::{self, Pane, Place, Ran, Row, StepView, Storyline};
use crate::view::page::Page;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The page's query (`location.search`).
    pub query: AttrValue,
}

/// Reads the storylines and the address; a storyline file with a mistake is a message, not a
/// broken page.
#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let storylines = use_memo((), |_| compare::catalog().map(Rc::new));
    match storylines.as_ref() {
        Ok(storylines) => html! {
            <Storylines storylines={Catalog(storylines.clone())} query={props.query.clone()} />
        },
        Err(error) => html! {
            <div class="compare-page">
                <header class="compare-header">
                    <div class="compare-heading">
                        <h1>{ "Compare mode" }</h1>
                    </div>
                    { back_link() }
                </header>
                <main class="compare-main">
                    <p class="compare-problem" role="alert">
                        { format!("A storyline file has a mistake: {error}.") }
                    </p>
                </main>
            </div>
        },
    }
}

/// The storylines, compared by pointer: they are read once.
#[derive(Clone)]
struct Catalog(Rc<Vec<Storyline>>);

impl PartialEq for Catalog {
    fn eq(&self, other: &Catalog) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct StorylinesProps {
    storylines: Catalog,
    query: AttrValue,
}

/// A step the page is asked to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Previous,
    Next,
}

/// Both panes after a step, shared with the components that show them: the table's rows, and
/// per pane what it ran and its session (as the diagram and the Entra ID panel take it).
struct Shown {
    rows: Rc<Vec<Row>>,
    panes: [(Rc<Vec<Ran>>, SharedSession); 2],
}

impl Shown {
    fn new(view: StepView) -> Shown {
        Shown {
            rows: Rc::new(view.rows),
            panes: view
                .panes
                .map(|pane| (Rc::new(pane.ran), SharedSession(Rc::new(pane.session)))),
        }
    }
}

/// The page proper: the storyline and step the address names, both panes, the table.
#[component]
fn Storylines(props: &StorylinesProps) -> Html {
    let storylines = props.storylines.0.clone();
    let place = {
        let storylines = storylines.clone();
        let query = props.query.clone();
        use_state(move || Place::from_query(&query, &storylines))
    };
    // Back and Forward (a new query from the root) move the page too.
    {
        let place = place.setter();
        let storylines = storylines.clone();
        use_effect_with(props.query.clone(), move |query| {
            place.set(Place::from_query(query, &storylines));
        });
    }
    let selections = use_state(|| [None, None]);
    let storyline_index = place.storyline.min(storylines.len().saturating_sub(1));
    let last = storylines.get(storyline_index).map_or(0, |s| s.steps.len());
    let step = place.step.min(last);
    let shown = use_memo((storyline_index, step), {
        let storylines = storylines.clone();
        move |(index, step)| {
            storylines
                .get(*index)
                .and_then(|s| s.at(*step))
                .map(Shown::new)
        }
    });

    // Moves to a place, keeping it in the address so that a reload comes back to it.
    let go = {
        let place = place.setter();
        let selections = selections.setter();
        let storylines = storylines.clone();
        Callback::from(move |(index, step): (usize, usize)| {
            if let Some(storyline) = storylines.get(index) {
                let step = step.min(storyline.steps.len());
                // A browser that refuses only loses the step on reload.
                browser::replace_query(&compare::query(storyline, step));
                selections.set([None, None]);
                place.set(Place {
                    storyline: index,
                    step,
                    problem: None,
                });
            }
        })
    };
    let step_by = {
        let go = go.clone();
        Callback::from(move |how: Move| match how {
            Move::Previous if step > 0 => go.emit((storyline_index, step - 1)),
            Move::Next if step < last => go.emit((storyline_index, step + 1)),
            _ => {}
        })
    };
    let keys = use_mut_ref(|| None::<Callback<StepKey>>);
    *keys.borrow_mut() = Some({
        let go = go.clone();
        let step_by = step_by.clone();
        Callback::from(move |key: StepKey| match key {
            StepKey::Next => step_by.emit(Move::Next),
            StepKey::Previous => step_by.emit(Move::Previous),
            StepKey::First => go.emit((storyline_index, 0)),
            StepKey::Last => go.emit((storyline_index, last)),
        })
    });
    use_step_keys(keys);
    let Some(storyline) = storylines.get(storyline_index) else {
        return html! {
            <p class="compare-problem" role="alert">{ "There is no storyline to show." }</p>
        };
    };

    let choose = {
        let go = go.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(index) = value.parse::<usize>() {
                go.emit((index, 0));
            }
        })
    };
    let select = |index: usize| {
        let selections = selections.clone();
        Callback::from(move |selection| {
            let mut both = (*selections).clone();
            both[index] = Some(selection);
            selections.set(both);
        })
    };

    let (title, text) = match step.checked_sub(1).and_then(|i| storyline.steps.get(i)) {
        Some(s) => (s.title.clone(), narration(&s.narration)),
        None => ("Introduction".to_string(), narration(&storyline.intro)),
    };
    let count = match step {
        0 => format!("Setup · {last} steps"),
        n => format!("Step {n} of {last}"),
    };
    let picker = (storylines.len() > 1).then(|| {
        html! {
            <div class="compare-picker">
                <label for="compare-storyline">{ "Storyline" }</label>
                <select id="compare-storyline" onchange={choose}>
                    { for storylines.iter().enumerate().map(|(i, s)| html! {
                        <option value={i.to_string()} selected={i == storyline_index}>{ s.title.clone() }</option>
                    }) }
                </select>
            </div>
        }
    });
    let previous = step_by.reform(|_: MouseEvent| Move::Previous);
    let next = step_by.reform(|_: MouseEvent| Move::Next);

    html! {
        <div class="compare-page">
            <header class="compare-header">
                <div class="compare-heading">
                    <p class="compare-kicker">{ "Compare mode · Managed Identity Playground" }</p>
                    <h1>{ storyline.title.clone() }</h1>
                    <p class="compare-rules">
                        { "Azure rules shown: " }
                        { for storyline.rules.iter().enumerate().map(|(i, rule)| html! {
                            <>{ if i > 0 { ", " } else { "" } }<code>{ rule.clone() }</code></>
                        }) }
                    </p>
                </div>
                { for picker }
                { back_link() }
            </header>
            if let Some(problem) = &place.problem {
                <p class="compare-problem" role="status">
                    <span aria-hidden="true">{ "⚠ " }</span>{ problem.clone() }
                </p>
            }
            <main class="compare-main">
                <section class="compare-story" aria-labelledby="compare-step-title">
                    <div class="compare-nav" role="group" aria-label="Steps">
                        <button type="button" class="button" disabled={step == 0} onclick={previous}
                            aria-keyshortcuts="ArrowLeft">
                            <span aria-hidden="true" class="button-glyph">{ "←" }</span>{ "Previous" }
                        </button>
                        <p class="compare-count" aria-live="polite">
                            <span>{ count }</span>
                            <span class="visually-hidden">{ format!(": {title}") }</span>
                        </p>
                        <button type="button" class="button button-primary" disabled={step >= last} onclick={next}
                            aria-keyshortcuts="ArrowRight">
                            { "Next" }<span aria-hidden="true" class="button-glyph">{ "→" }</span>
                        </button>
                    </div>
                    <h2 id="compare-step-title" class="compare-step-title">{ title }</h2>
                    <div class="compare-narration">{ text }</div>
                    <p class="compare-keys">
                        <kbd>{ "←" }</kbd>{ " " }<kbd>{ "→" }</kbd>{ " move between the steps; both panes follow." }
                    </p>
                </section>
                if let Some(shown) = shown.as_ref() {
                    <DifferencesTable rows={shown.rows.clone()} />
                    <div class="compare-panes">
                        { for Pane::BOTH.into_iter().enumerate().map(|(i, pane)| html! {
                            <ComparePane
                                key={pane.key()}
                                pane={pane}
                                step={step}
                                ran={shown.panes[i].0.clone()}
                                rows={shown.rows.clone()}
                                session={shown.panes[i].1.clone()}
                                selection={selections[i].clone()}
                                on_select={select(i)}
                            />
                        }) }
                    </div>
                }
            </main>
        </div>
    }
}

/// The way back to the playground.
fn back_link() -> Html {
    html! {
        <PageLink class="button compare-back" page={Page::Playground}>
            <span aria-hidden="true" class="button-glyph">{ "←" }</span>{ "Back to the playground" }
        </PageLink>
    }
}
