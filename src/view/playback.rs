//! Playback of the last change: which step of its [`Motion`] is on screen, whether it is
//! playing, and which world the diagram and the Entra ID panel draw meanwhile.
//!
//! The playground appends statements to the script; each append plays the motion of the new
//! statements' events, one step at a time, and trainers can pause, step back and forward, or
//! replay it. Anything that is not an append (undo, redo, reset, loading a script) shows its
//! result at once: those events were animated when they first happened.
//!
//! Invariants: the step is always within `0..=motion.len()`, where `motion.len()` means
//! "finished" (the world after, drawn plainly); with reduced motion a change finishes at once
//! and only its announcements remain; the world before the change is kept only while its
//! motion needs it (something leaves or breaks, see [`Motion::draws_before`]).

use std::rc::Rc;

use crate::sim::script::session::Session;
use crate::view::motion::{self, Frame, Motion};

/// The playback of the last change to the script.
#[derive(Debug, Clone)]
pub struct Playback {
    /// The session whose change is being played.
    pub session: Rc<Session>,
    /// The script of that session, to tell an append from any other change.
    script: String,
    /// The session before the change, while the motion draws it.
    before: Option<Rc<Session>>,
    pub motion: Rc<Motion>,
    /// The step on screen; `motion.len()` once finished.
    pub step: usize,
    pub playing: bool,
}

/// What can happen to a playback.
#[derive(Debug, Clone)]
pub enum PlaybackIntent {
    /// The script is now `script`, replayed as `session`; `reduced_motion` finishes at once.
    Changed {
        session: Rc<Session>,
        script: String,
        reduced_motion: bool,
    },
    /// The current step's time is up.
    Tick,
    /// Play from where it stands (from the start once finished), or pause.
    Toggle,
    /// One step forward or back; pauses.
    Forward,
    Back,
    /// Show the end state at once (reduced motion was switched on).
    Finish,
}

impl Playback {
    /// A playback with nothing to play: the session as it is.
    pub fn new(session: Rc<Session>, script: &str) -> Playback {
        Playback {
            session,
            script: script.to_string(),
            before: None,
            motion: Rc::new(Motion::default()),
            step: 0,
            playing: false,
        }
    }

    pub fn apply(mut self, intent: PlaybackIntent) -> Playback {
        match intent {
            PlaybackIntent::Changed {
                session,
                script,
                reduced_motion,
            } => {
                if Rc::ptr_eq(&session, &self.session) {
                    return self;
                }
                let appended = session.records.len() > self.session.records.len()
                    && script.starts_with(self.script.as_str());
                let motion = if appended {
                    motion::for_statements(
                        &session.records,
                        self.session.records.len()..session.records.len(),
                    )
                } else {
                    Motion::default()
                };
                let before = motion.draws_before().then(|| self.session.clone());
                self.step = if reduced_motion { motion.len() } else { 0 };
                self.playing = self.step < motion.len();
                self.before = before;
                self.motion = Rc::new(motion);
                self.session = session;
                self.script = script;
            }
            PlaybackIntent::Tick => {
                if self.playing {
                    self.step = (self.step + 1).min(self.motion.len());
                    self.playing = self.step < self.motion.len();
                }
            }
            PlaybackIntent::Toggle => {
                if self.playing {
                    self.playing = false;
                } else if !self.motion.is_empty() {
                    if self.finished() {
                        self.step = 0;
                    }
                    self.playing = true;
                }
            }
            PlaybackIntent::Forward => {
                self.playing = false;
                self.step = (self.step + 1).min(self.motion.len());
            }
            PlaybackIntent::Back => {
                self.playing = false;
                self.step = self.step.saturating_sub(1);
            }
            PlaybackIntent::Finish => {
                self.playing = false;
                self.step = self.motion.len();
            }
        }
        self
    }

    /// True once every step has played (or there were none).
    pub fn finished(&self) -> bool {
        self.step >= self.motion.len()
    }

    /// The session to draw now: the world before the change while its things fade out of it,
    /// otherwise the session itself.
    pub fn drawn(&self) -> &Rc<Session> {
        match &self.before {
            Some(before) if !self.finished() => before,
            _ => &self.session,
        }
    }

    /// The phases of what moves at this step, or `None` once finished.
    pub fn frame(&self) -> Option<Frame> {
        (!self.finished()).then(|| self.motion.frame(self.step))
    }

    /// The sentence of the step on screen, or `None` once finished.
    pub fn announcement(&self) -> Option<&str> {
        self.motion
            .steps
            .get(self.step)
            .map(|s| s.announcement.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(playback: Playback, script: &str, reduced_motion: bool) -> Playback {
        playback.apply(PlaybackIntent::Changed {
            session: Rc::new(Session::run(script)),
            script: script.to_string(),
            reduced_motion,
        })
    }

    const SETUP: &str = "az group create -n rg1 -l westeurope\naz vm create -g rg1 -n vm1 --assign-identity [system]\n";

    #[test]
    fn an_appended_statement_plays_its_steps_then_finishes() {
        let start = Playback::new(Rc::new(Session::run(SETUP)), SETUP);
        let script = format!("{SETUP}az vm delete -g rg1 -n vm1 --yes\n");
        let mut playback = changed(start.clone(), &script, false);
        assert!(playback.playing);
        assert_eq!(playback.step, 0);
        assert!(!playback.motion.is_empty());
        // Something is deleted: the world before is drawn while it fades.
        assert!(Rc::ptr_eq(playback.drawn(), &start.session));
        assert_eq!(
            playback.announcement(),
            Some("vm1's system-assigned identity and its service principal were deleted.")
        );
        for _ in 0..playback.motion.len() {
            playback = playback.apply(PlaybackIntent::Tick);
        }
        assert!(playback.finished());
        assert!(!playback.playing);
        assert!(playback.frame().is_none());
        assert!(Rc::ptr_eq(playback.drawn(), &playback.session));
        // Play again from the start.
        playback = playback.apply(PlaybackIntent::Toggle);
        assert!(playback.playing);
        assert_eq!(playback.step, 0);
    }

    #[test]
    fn stepping_pauses_and_stays_in_range() {
        let start = Playback::new(Rc::new(Session::run(SETUP)), SETUP);
        let script = format!("{SETUP}az vm delete -g rg1 -n vm1 --yes\n");
        let mut playback = changed(start, &script, false);
        playback = playback.apply(PlaybackIntent::Back);
        assert_eq!(playback.step, 0);
        assert!(!playback.playing);
        for _ in 0..10 {
            playback = playback.apply(PlaybackIntent::Forward);
        }
        assert_eq!(playback.step, playback.motion.len());
        playback = playback.apply(PlaybackIntent::Back);
        assert_eq!(playback.step, playback.motion.len() - 1);
        assert!(playback.frame().is_some());
        playback = playback.apply(PlaybackIntent::Finish);
        assert!(playback.finished());
        assert!(playback.frame().is_none());
    }

    #[test]
    fn reduced_motion_finishes_at_once_and_keeps_the_announcements() {
        let start = Playback::new(Rc::new(Session::run(SETUP)), SETUP);
        let script = format!("{SETUP}az vm delete -g rg1 -n vm1 --yes\n");
        let playback = changed(start, &script, true);
        assert!(playback.finished());
        assert!(!playback.playing);
        assert!(!playback.motion.announcements().is_empty());
        assert!(Rc::ptr_eq(playback.drawn(), &playback.session));
    }

    #[test]
    fn undo_and_loads_show_their_result_at_once() {
        let script = format!("{SETUP}az vm delete -g rg1 -n vm1 --yes\n");
        let start = Playback::new(Rc::new(Session::run(&script)), &script);
        // Undo: a shorter script.
        let undone = changed(start, SETUP, false);
        assert!(undone.motion.is_empty());
        assert!(undone.finished());
        // A different script of more statements is a load, not an append.
        let other = "az group create -n rg9 -l westeurope\naz group create -n rg8 -l westeurope\naz group create -n rg7 -l westeurope\n";
        let loaded = changed(undone, other, false);
        assert!(loaded.motion.is_empty());
        // The same session again changes nothing.
        let same = loaded.session.clone();
        let again = loaded.apply(PlaybackIntent::Changed {
            session: same.clone(),
            script: other.to_string(),
            reduced_motion: false,
        });
        assert!(Rc::ptr_eq(&again.session, &same));
    }
}
