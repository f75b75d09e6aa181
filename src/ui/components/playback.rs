//! The playback bar: how the last change animates, for trainers stepping through it in front
//! of a room. Play/pause, one step back or forward, the speed (0.5×–4×) and a reduce-motion
//! switch, plus the step's sentence.
//!
//! The sentences also go to a polite live region, so a screen reader hears what happened; with
//! reduced motion nothing moves and the region reads all of the change's sentences at once.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::view::motion::Motion;

/// The speeds offered, as (value, label).
const SPEEDS: [(f64, &str); 4] = [(0.5, "0.5×"), (1.0, "1×"), (2.0, "2×"), (4.0, "4×")];

#[derive(Properties, PartialEq)]
pub struct PlaybackBarProps {
    pub motion: Rc<Motion>,
    /// The step on screen; `motion.len()` once finished.
    pub step: usize,
    pub playing: bool,
    pub speed: f64,
    pub reduced_motion: bool,
    pub on_toggle: Callback<()>,
    pub on_back: Callback<()>,
    pub on_forward: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_reduced_motion: Callback<bool>,
}

#[component]
pub fn PlaybackBar(props: &PlaybackBarProps) -> Html {
    let total = props.motion.len();
    let finished = props.step >= total;
    let position = if total == 0 {
        "Nothing to play: run a statement to see what it does.".to_string()
    } else if finished {
        format!(
            "Finished: {total} step{}.",
            if total == 1 { "" } else { "s" }
        )
    } else {
        format!("Step {} of {total}", props.step + 1)
    };
    let sentence = props
        .motion
        .steps
        .get(props.step)
        .map(|s| s.announcement.clone());
    // What the live region says: the step playing, or everything at once with reduced motion.
    let spoken = if props.reduced_motion {
        props.motion.announcements().join(" ")
    } else {
        sentence.clone().unwrap_or_default()
    };
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    let on_speed = props.on_speed.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        select.value().parse().unwrap_or(1.0)
    });
    let on_reduced = {
        let on_reduced_motion = props.on_reduced_motion.clone();
        let reduced = props.reduced_motion;
        Callback::from(move |_: Event| on_reduced_motion.emit(!reduced))
    };
    let (toggle_glyph, toggle_text) = match (props.playing, finished && total > 0) {
        (true, _) => ("❚❚", "Pause"),
        (false, true) => ("↻", "Replay"),
        (false, false) => ("▶", "Play"),
    };
    html! {
        <section class="playback" aria-label="Playback of the last change">
            <div class="playback-controls" role="group" aria-label="Playback controls">
                <button type="button" class="button button-small" disabled={total == 0 || props.step == 0}
                    onclick={click(&props.on_back)} aria-label="Previous step">
                    <span aria-hidden="true" class="button-glyph">{ "‹" }</span>{ "Previous" }
                </button>
                <button type="button" class="button button-small" disabled={total == 0 || props.reduced_motion}
                    onclick={click(&props.on_toggle)}>
                    <span aria-hidden="true" class="button-glyph">{ toggle_glyph }</span>{ toggle_text }
                </button>
                <button type="button" class="button button-small" disabled={finished}
                    onclick={click(&props.on_forward)} aria-label="Next step">
                    { "Next" }<span aria-hidden="true" class="button-glyph">{ "›" }</span>
                </button>
                <label class="playback-speed">
                    { "Speed " }
                    <select onchange={on_speed} disabled={props.reduced_motion}>
                        { for SPEEDS.iter().map(|(value, label)| html! {
                            <option value={value.to_string()} selected={(props.speed - value).abs() < f64::EPSILON}>{ *label }</option>
                        }) }
                    </select>
                </label>
                <label class="playback-reduce">
                    <input type="checkbox" checked={props.reduced_motion} onchange={on_reduced} />
                    { " Reduce motion" }
                </label>
            </div>
            <p class="playback-step" title={sentence.clone().unwrap_or_default()}>
                <span class="playback-position">{ position }</span>
                if let Some(sentence) = sentence.filter(|_| !finished) {
                    { " " }<span class="playback-sentence">{ sentence }</span>
                }
            </p>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">{ spoken }</p>
        </section>
    }
}
