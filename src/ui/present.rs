//! Workshop mode: the presenter page (`present.html?present`, see `view::present`). A trainer
//! chooses a lesson, then steps through its slides in large type with →/← or a clicker's
//! PageDown/PageUp; Next runs each step's statements on the world shown, which animates. "Speaker
//! notes" opens a second window ([`crate::ui::notes`]) kept in step over a `BroadcastChannel`;
//! "Reset step" brings back the prepared world after an improvised command.
//!
//! Invariants: the presenter never writes the playground's autosave (its worlds come from the
//! lesson); the slide is kept in the address, so a reload comes back to it; everything it needs
//! is in the loaded app, so it keeps working when the network goes.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::browser;
use crate::ui::channel::Channel;
use crate::ui::components::console::entry;
use crate::ui::components::console_input::ConsoleInput;
use crate::ui::components::diagram::Diagram;
use crate::ui::components::entra::EntraPanel;
use crate::ui::components::lesson_panel::{inline, narration};
use crate::ui::components::page_links::PageLink;
use crate::ui::keys::{use_step_keys, StepKey};
use crate::ui::playing::use_playing;
use crate::view::lesson::{catalog, Lesson};
use crate::view::page::Page;
use crate::view::present::{
    address, Control, Deck, PresentAddress, Presenter, PresenterIntent, Signal, Slide, Upcoming,
};
use crate::view::state::Selection;
use crate::view::viewport::Sizing;

/// The name of the speaker-notes window, so that pressing the button again reuses it.
const NOTES_WINDOW: &str = "mip-speaker-notes";

impl Reducible for Presenter {
    type Action = PresenterIntent;

    fn reduce(self: Rc<Self>, action: PresenterIntent) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[derive(Properties, PartialEq)]
pub struct PresentProps {
    /// The page's query (`location.search`).
    pub query: AttrValue,
    /// Opens another presenter address in place (the lesson picker's links), by its query.
    pub on_navigate: Callback<String>,
}

/// Reads the address: the lesson picker, or the presenter on a lesson's slide.
#[component]
pub fn Present(props: &PresentProps) -> Html {
    use_presenting_class();
    let lessons = use_memo((), |_| catalog().unwrap_or_default());
    let address = PresentAddress::parse(&props.query, &lessons);
    match address {
        Ok(PresentAddress::Lesson { id, slide }) => {
            let lesson = lessons.iter().find(|l| l.id == id).cloned();
            match lesson {
                Some(lesson) => html! {
                    <Slides key={id} deck={Rc::new(Deck::new(lesson))} start={slide} />
                },
                None => html! {},
            }
        }
        Ok(PresentAddress::Picker) => html! {
            <Picker lessons={lessons.clone()} problem={None::<String>} on_navigate={props.on_navigate.clone()} />
        },
        Err(error) => html! {
            <Picker lessons={lessons.clone()} problem={Some(error.to_string())} on_navigate={props.on_navigate.clone()} />
        },
    }
}

/// Marks the document for the presenter's stylesheet (large type, high contrast), which then
/// also covers the page's background; removed when the page closes. Set during the first
/// render, not after it: the diagram measures its view as it mounts, and the larger type
/// changes that view.
#[hook]
pub fn use_presenting_class() {
    use_memo((), |_| set_presenting(true));
    use_effect_with((), |_| move || set_presenting(false));
}

fn set_presenting(on: bool) {
    if let Some(root) = browser::document().and_then(|d| d.document_element()) {
        root.set_class_name(if on { "presenting" } else { "" });
    }
}

#[derive(Properties, PartialEq)]
struct PickerProps {
    lessons: Rc<Vec<Lesson>>,
    problem: Option<String>,
    on_navigate: Callback<String>,
}

/// The lessons a trainer can present, as large links.
#[component]
fn Picker(props: &PickerProps) -> Html {
    let items = props.lessons.iter().map(|lesson| {
        let text = html! {
            <>
                <span class="picker-title">{ lesson.title.clone() }</span>
                <span class="picker-meta">{ format!("{} steps · {}", lesson.steps.len(), lesson.rules.join(", ")) }</span>
            </>
        };
        html! {
            <li>
                <PageLink class="presenter-choice" page={Page::Present} query={address(&lesson.id, 0)} on_navigate={props.on_navigate.clone()}>
                    { text }
                </PageLink>
            </li>
        }
    });
    html! {
        <main class="presenter presenter-picker">
            <header class="presenter-bar">
                <h1 class="presenter-lesson">{ "Present a lesson" }</h1>
                <PageLink class="button presenter-button" page={Page::Playground}>
                    { "Back to the playground" }
                </PageLink>
            </header>
            if let Some(problem) = &props.problem {
                <p class="presenter-problem" role="alert">{ format!("This address cannot be presented: {problem}.") }</p>
            }
            <p class="presenter-intro">
                { "Each step is told, then shown: Next runs the step's commands and the diagram animates them. Step with → and ← or a clicker's Page Down and Page Up; Speaker notes opens a second window for you." }
            </p>
            <ol class="presenter-choices">{ for items }</ol>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct SlidesProps {
    deck: Rc<Deck>,
    start: usize,
}

/// The presenter on one lesson.
#[component]
fn Slides(props: &SlidesProps) -> Html {
    let presenter = {
        let deck = props.deck.clone();
        let start = props.start;
        use_reducer(move || Presenter::new(deck, start))
    };
    let selection = use_state(|| None::<Selection>);
    let notes_blocked = use_state(|| false);
    let playing = use_playing(&presenter.playground.session, presenter.playground.script());
    let deck = presenter.deck.clone();
    let at = presenter.at;

    // The slide in the address, so that a reload comes back to it.
    {
        let id = deck.lesson.id.clone();
        use_effect_with(at, move |at| {
            browser::replace_query(&address(&id, *at));
        });
    }

    // ----- the notes window's channel ------------------------------------------------------
    let channel = use_mut_ref(|| None::<Channel>);
    let latest = use_mut_ref(|| presenter.signal());
    *latest.borrow_mut() = presenter.signal();
    {
        let channel = channel.clone();
        let latest = latest.clone();
        let dispatcher = presenter.dispatcher();
        use_effect_with((), move |_| {
            let reply = channel.clone();
            let opened = Channel::open(Callback::from(move |signal: Signal| match signal {
                Signal::Hello => {
                    if let Some(channel) = reply.borrow().as_ref() {
                        channel.post(&latest.borrow());
                    }
                }
                Signal::Control(control) => dispatcher.dispatch(control.intent()),
                Signal::Showing { .. } => {}
            }));
            *channel.borrow_mut() = opened;
            move || drop(channel.borrow_mut().take())
        });
    }
    {
        let channel = channel.clone();
        use_effect_with(presenter.signal(), move |signal| {
            if let Some(channel) = channel.borrow().as_ref() {
                channel.post(signal);
            }
        });
    }

    // ----- keys: →/PageDown next, ←/PageUp previous, Home/End first/last -------------------
    let key_handler = use_mut_ref(|| None::<Callback<StepKey>>);
    let last = deck.len() - 1;
    *key_handler.borrow_mut() = Some(
        presenter
            .dispatcher()
            .to_callback()
            .reform(move |key: StepKey| slide_control(key, last).intent()),
    );
    use_step_keys(key_handler);

    // ----- buttons --------------------------------------------------------------------------
    let send = |intent: PresenterIntent| {
        let dispatcher = presenter.dispatcher();
        let selection = selection.setter();
        Callback::from(move |_: MouseEvent| {
            selection.set(None);
            dispatcher.dispatch(intent.clone());
        })
    };
    let run = {
        let dispatcher = presenter.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(PresenterIntent::Run(text)))
    };
    let open_notes = {
        let notes_blocked = notes_blocked.setter();
        Callback::from(move |_: MouseEvent| notes_blocked.set(!open_notes_window()))
    };
    let exit = Callback::from(|_: MouseEvent| browser::open(&Page::Playground.href("")));
    let select = use_callback(selection.setter(), |s: Selection, selection| {
        selection.set(Some(s))
    });

    // ----- the slide ------------------------------------------------------------------------
    let slide = deck.slide(at);
    let heading = deck.heading(at);
    let records = &presenter.playground.session.records;
    let ran_from = deck.statements_before_step(at).min(records.len());
    let ran: Vec<Html> = records
        .iter()
        .enumerate()
        .skip(ran_from)
        .map(|(i, record)| entry(i, record, false))
        .collect();
    let ran_title = match slide {
        Slide::Show(_) => "What ran",
        _ => "Tried by hand",
    };
    let history: Rc<Vec<String>> = Rc::new(records.iter().map(|r| r.text.clone()).collect());
    let (drawn, frame) = playing.drawn();
    let rules_taught = (slide == Slide::Title && !deck.lesson.rules.is_empty()).then(|| {
        html! {
            <p class="presenter-rules">{ format!("Rules taught: {}", deck.lesson.rules.join(", ")) }</p>
        }
    });
    html! {
        <div class={classes!("presenter", playing.speed_class(), playing.reduced_motion.then_some("reduce-motion"))}>
            <header class="presenter-bar">
                <p class="presenter-lesson">{ deck.lesson.title.clone() }</p>
                <p class="presenter-position">{ deck.position(at) }</p>
                <div class="presenter-controls" role="group" aria-label="Slides">
                    <button type="button" class="button presenter-button" disabled={at == 0}
                        aria-keyshortcuts="ArrowLeft PageUp" onclick={send(PresenterIntent::Previous)}>
                        <span aria-hidden="true" class="button-glyph">{ "←" }</span>{ "Previous" }
                    </button>
                    <button type="button" class="button presenter-button presenter-next" disabled={at + 1 >= deck.len()}
                        aria-keyshortcuts="ArrowRight PageDown" onclick={send(PresenterIntent::Next)}>
                        { "Next" }<span aria-hidden="true" class="button-glyph">{ "→" }</span>
                    </button>
                    <button type="button" class="button presenter-button"
                        title="Back to the prepared world at the start of this step"
                        onclick={send(PresenterIntent::Reset)}>
                        { "Reset step" }
                    </button>
                    <button type="button" class="button presenter-button"
                        title="Open your notes in a second window, in step with this one"
                        onclick={open_notes}>
                        { "Speaker notes" }
                    </button>
                    <button type="button" class="button presenter-button" onclick={exit}>
                        { "Exit" }
                    </button>
                </div>
            </header>
            if *notes_blocked {
                <p class="presenter-problem" role="alert">
                    { "The browser blocked the notes window. Allow pop-ups for this page, or open " }
                    <a href={Page::Notes.href("?notes")} target="_blank" rel="noopener">{ "the speaker notes" }</a>
                    { " in another window yourself." }
                </p>
            }
            <p class="visually-hidden" aria-live="polite">{ format!("{}. {heading}", deck.position(at)) }</p>
            <main class="presenter-main">
                <section class="presenter-story" aria-labelledby="slide-heading">
                    <h1 id="slide-heading">{ heading }</h1>
                    <div class="presenter-narration">{ narration(deck.narration(at)) }</div>
                    { for rules_taught }
                    if presenter.improvised() {
                        <p class="presenter-improvised">
                            <span aria-hidden="true">{ "⚠ " }</span>
                            { "Changed by hand: this is not the prepared world. Reset step brings it back." }
                        </p>
                    }
                    if !ran.is_empty() {
                        <div class="presenter-console presenter-ran">
                            <h2>{ ran_title }</h2>
                            { for ran }
                        </div>
                    }
                    { upcoming(&deck, at) }
                    <div class="presenter-console">
                        <h2>{ "Try a command" }</h2>
                        <ConsoleInput history={history} on_run={run} />
                    </div>
                </section>
                <section class="presenter-world" aria-label="The world">
                    <section class="panel diagram-panel" aria-labelledby="diagram-heading">
                        <h2 id="diagram-heading" class="panel-title">{ "Diagram" }</h2>
                        <Diagram session={drawn.clone()} selection={(*selection).clone()} on_select={select.clone()} frame={frame.clone()} sizing={Sizing::Room} />
                    </section>
                    <EntraPanel session={drawn} selection={(*selection).clone()} on_select={select} frame={frame} />
                    <div class="presenter-playback">{ playing.bar() }</div>
                </section>
            </main>
            <footer class="presenter-keys">
                <p>{ "→ or Page Down: next · ← or Page Up: previous · Home, End: first, last slide" }</p>
                if !deck.notes(at).is_empty() {
                    <p class="visually-hidden">{ "This slide has speaker notes." }</p>
                }
            </footer>
        </div>
    }
}

/// The stepping keys as what the presenter (or its notes window) asks for, on a deck whose last
/// slide is `last`.
pub fn slide_control(key: StepKey, last: usize) -> Control {
    match key {
        StepKey::Next => Control::Next,
        StepKey::Previous => Control::Previous,
        StepKey::First => Control::Goto(0),
        StepKey::Last => Control::Goto(last),
    }
}

/// Opens (or brings back) the speaker-notes window; false when the browser blocked it.
fn open_notes_window() -> bool {
    let Some(window) = browser::window() else {
        return false;
    };
    window
        .open_with_url_and_target_and_features(
            &Page::Notes.href("?notes"),
            NOTES_WINDOW,
            "popup,width=760,height=720",
        )
        .ok()
        .flatten()
        .is_some()
}

/// What Next brings from slide `at`, for the room and for the notes window.
pub fn upcoming(deck: &Deck, at: usize) -> Html {
    match deck.upcoming(at) {
        Upcoming::Run(script) => html! {
            <div class="presenter-upcoming">
                <h2>{ "Next runs" }</h2>
                <pre class="presenter-script">{ script.trim_end().to_string() }</pre>
            </div>
        },
        Upcoming::Slide(next) => html! {
            <p class="presenter-upcoming">{ format!("Next: {next}") }</p>
        },
        Upcoming::End => html! {
            <p class="presenter-upcoming">{ "This is the last slide." }</p>
        },
    }
}

/// The notes of a slide as list items (the notes window shows them).
pub fn notes_list(deck: &Deck, at: usize) -> Html {
    let notes = deck.notes(at);
    if notes.is_empty() {
        return html! { <p class="notes-none">{ "No notes for this slide." }</p> };
    }
    html! {
        <ul class="notes-list">
            { for notes.iter().map(|note| html! { <li>{ inline(note) }</li> }) }
        </ul>
    }
}
