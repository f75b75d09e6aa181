//! The speaker-notes window (`present.html?notes`), opened by the presenter's "Speaker notes"
//! button. It follows whichever presenter of this site is open, over the `BroadcastChannel` of
//! `view::present`, and shows the trainer what the room does not see: the slide's notes, what Next
//! will do, and every step to jump to. Its buttons and keys steer the presenter.
//!
//! Invariant: the window holds no world of its own; it renders the lesson and slide the presenter
//! last announced, from the lessons compiled into the app, so it needs no network either.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::channel::Channel;
use crate::ui::keys::{use_step_keys, StepKey};
use crate::ui::present::{notes_list, slide_control, upcoming, use_presenting_class};
use crate::view::lesson::catalog;
use crate::view::present::{Control, Deck, Signal};

/// What the presenter last said it shows.
#[derive(Debug, Clone, PartialEq)]
struct Showing {
    deck: Rc<Deck>,
    slide: usize,
    improvised: bool,
}

#[component]
pub fn Notes() -> Html {
    use_presenting_class();
    let lessons = use_memo((), |_| catalog().unwrap_or_default());
    let showing = use_state_eq(|| None::<Showing>);
    let channel = use_mut_ref(|| None::<Channel>);
    {
        let channel = channel.clone();
        let showing = showing.setter();
        let lessons = lessons.clone();
        use_effect_with((), move |_| {
            let opened = Channel::open(Callback::from(move |signal: Signal| {
                if let Signal::Showing {
                    lesson,
                    slide,
                    improvised,
                } = signal
                {
                    if let Some(lesson) = lessons.iter().find(|l| l.id == lesson) {
                        let deck = Rc::new(Deck::new(lesson.clone()));
                        let slide = slide.min(deck.len() - 1);
                        showing.set(Some(Showing {
                            deck,
                            slide,
                            improvised,
                        }));
                    }
                }
            }));
            // Ask the presenter, which may have opened this window, what it shows.
            if let Some(channel) = opened.as_ref() {
                channel.post(&Signal::Hello);
            }
            *channel.borrow_mut() = opened;
            move || drop(channel.borrow_mut().take())
        });
    }
    let send = {
        let channel = channel.clone();
        Callback::from(move |control: Control| {
            if let Some(channel) = channel.borrow().as_ref() {
                channel.post(&Signal::Control(control));
            }
        })
    };
    let key_handler = use_mut_ref(|| None::<Callback<StepKey>>);
    let last = showing.as_ref().map_or(0, |s| s.deck.len() - 1);
    *key_handler.borrow_mut() = Some(send.reform(move |key: StepKey| slide_control(key, last)));
    use_step_keys(key_handler);

    let Some(Showing {
        deck,
        slide,
        improvised,
    }) = (*showing).clone()
    else {
        return html! {
            <main class="presenter notes">
                <h1 class="notes-title">{ "Speaker notes" }</h1>
                <p class="notes-waiting" role="status">
                    { "Waiting for the presenter. Open Present in the playground and choose a lesson: this window follows it, slide by slide, and its buttons step it." }
                </p>
            </main>
        };
    };
    let button = |control: Control, text: &'static str, disabled: bool| {
        let send = send.clone();
        html! {
            <button type="button" class="button presenter-button" disabled={disabled}
                onclick={Callback::from(move |_: MouseEvent| send.emit(control))}>
                { text }
            </button>
        }
    };
    let current_step = deck.step_of(slide);
    let steps = deck.lesson.steps.iter().enumerate().filter_map(|(n, step)| {
        let at = deck.tell_slide(n)?;
        let current = current_step == Some(n);
        let send = send.clone();
        Some(html! {
            <li>
                <button type="button" class="button notes-step" aria-current={current.then_some("step")}
                    onclick={Callback::from(move |_: MouseEvent| send.emit(Control::Goto(at)))}>
                    if current { <span aria-hidden="true">{ "▶ " }</span> }
                    { format!("Step {}: {}", n + 1, step.title) }
                </button>
            </li>
        })
    });
    html! {
        <main class="presenter notes">
            <h1 class="notes-title">{ format!("Speaker notes: {}", deck.lesson.title) }</h1>
            <p class="presenter-position" aria-live="polite">{ format!("{} · {}", deck.position(slide), deck.heading(slide)) }</p>
            if improvised {
                <p class="presenter-improvised">
                    <span aria-hidden="true">{ "⚠ " }</span>
                    { "The room sees a world changed by hand. Reset step brings back the prepared one." }
                </p>
            }
            <div class="presenter-controls" role="group" aria-label="Presenter">
                { button(Control::Previous, "← Previous", slide == 0) }
                { button(Control::Next, "Next →", slide + 1 >= deck.len()) }
                { button(Control::Reset, "Reset step", false) }
            </div>
            <section class="notes-section" aria-labelledby="notes-heading">
                <h2 id="notes-heading">{ "Notes" }</h2>
                { notes_list(&deck, slide) }
            </section>
            <section class="notes-section" aria-label="What comes next">{ upcoming(&deck, slide) }</section>
            <nav class="notes-section" aria-labelledby="steps-heading">
                <h2 id="steps-heading">{ "Go to a step" }</h2>
                <ol class="notes-steps">
                    <li>
                        <button type="button" class="button notes-step" aria-current={(slide == 0).then_some("step")}
                            onclick={send.reform(|_: MouseEvent| Control::Goto(0))}>
                            { "Introduction" }
                        </button>
                    </li>
                    { for steps }
                </ol>
            </nav>
        </main>
    }
}
