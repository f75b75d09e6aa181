//! The playback of a session's last change (`view::playback`) as a hook, for the pages that
//! animate what a statement did: the playground and the presenter.
//!
//! The reducer is followed during render, not in an effect, so the first frame of a change
//! already shows its first step instead of flashing the end state; a timer then ticks through
//! the steps while playing. Reduced motion starts on when the system asks for it.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::script::session::Session;
use crate::ui::browser;
use crate::ui::components::playback::PlaybackBar;
use crate::ui::shared::SharedSession;
use crate::view::motion::{Frame, Timing};
use crate::view::playback::{Playback, PlaybackIntent};

/// The playback on screen and the means to steer it.
#[derive(Clone)]
pub struct Playing {
    /// The playback as of this render.
    pub now: Playback,
    pub timing: Timing,
    pub reduced_motion: bool,
    state: Rc<RefCell<Playback>>,
    redraw: UseForceUpdateHandle,
    set_reduced_motion: UseStateSetter<bool>,
    set_speed: UseStateSetter<f64>,
}

/// Follows `session` (whose script is `script`): an appended statement plays, anything else
/// shows at once.
#[hook]
pub fn use_playing(session: &Rc<Session>, script: &str) -> Playing {
    let reduced_motion = use_state_eq(browser::prefers_reduced_motion);
    let speed = use_state_eq(|| 1.0_f64);
    let state = {
        let session = session.clone();
        let script = script.to_string();
        use_mut_ref(move || Playback::new(session, &script))
    };
    let redraw = use_force_update();
    if !Rc::ptr_eq(&state.borrow().session, session) {
        let next = state.borrow().clone().apply(PlaybackIntent::Changed {
            session: session.clone(),
            script: script.to_string(),
            reduced_motion: *reduced_motion,
        });
        *state.borrow_mut() = next;
    }
    let now = state.borrow().clone();
    let timing = Timing::new(*speed, *reduced_motion);
    {
        let state = state.clone();
        let redraw = redraw.clone();
        let key = (
            now.step,
            now.playing,
            timing.step_ms(),
            Rc::as_ptr(&now.motion) as usize,
        );
        use_effect_with(key, move |(_, playing, step_ms, _)| {
            let timer = playing.then(|| {
                gloo::timers::callback::Timeout::new(*step_ms, move || {
                    let next = state.borrow().clone().apply(PlaybackIntent::Tick);
                    *state.borrow_mut() = next;
                    redraw.force_update();
                })
            });
            move || drop(timer)
        });
    }
    Playing {
        now,
        timing,
        reduced_motion: *reduced_motion,
        state,
        redraw,
        set_reduced_motion: reduced_motion.setter(),
        set_speed: speed.setter(),
    }
}

impl Playing {
    /// A callback that sends `intent` to the playback.
    pub fn control(&self, intent: PlaybackIntent) -> Callback<()> {
        let state = self.state.clone();
        let redraw = self.redraw.clone();
        Callback::from(move |_: ()| {
            let next = state.borrow().clone().apply(intent.clone());
            *state.borrow_mut() = next;
            redraw.force_update();
        })
    }

    /// What to draw: the playback's world, with the phases of the step on screen.
    pub fn drawn(&self) -> (SharedSession, Option<Rc<Frame>>) {
        (
            SharedSession(self.now.drawn().clone()),
            self.now.frame().map(Rc::new),
        )
    }

    /// The page's class for the animation speed (`static/motion.css`).
    pub fn speed_class(&self) -> &'static str {
        match self.timing.speed {
            s if s < 1.0 => "speed-05",
            s if s < 2.0 => "speed-1",
            s if s < 4.0 => "speed-2",
            _ => "speed-4",
        }
    }

    /// The bar with Previous, Play/Pause, Next, the speed and Reduce motion.
    pub fn bar(&self) -> Html {
        let on_reduced_motion = {
            let set = self.set_reduced_motion.clone();
            let finish = self.control(PlaybackIntent::Finish);
            Callback::from(move |reduce: bool| {
                if reduce {
                    finish.emit(());
                }
                set.set(reduce);
            })
        };
        let on_speed = {
            let set = self.set_speed.clone();
            Callback::from(move |value: f64| set.set(Timing::new(value, false).speed))
        };
        html! {
            <PlaybackBar
                motion={self.now.motion.clone()}
                step={self.now.step}
                playing={self.now.playing}
                speed={self.timing.speed}
                reduced_motion={self.reduced_motion}
                on_toggle={self.control(PlaybackIntent::Toggle)}
                on_back={self.control(PlaybackIntent::Back)}
                on_forward={self.control(PlaybackIntent::Forward)}
                on_speed={on_speed}
                on_reduced_motion={on_reduced_motion}
            />
        }
    }
}
