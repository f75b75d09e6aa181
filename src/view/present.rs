//! Workshop mode: a lesson presented to a room as slides ([`Deck`]), the presenter's one reducer
//! ([`Presenter`]), the presenter's address, and the messages that keep the speaker-notes window
//! in step with it ([`Signal`], sent over a `BroadcastChannel` named [`CHANNEL`]).
//!
//! A lesson of n steps is a deck: a title slide (the intro, on the world its setup builds), then
//! for each step a slide that tells the step (the world before it) and, when the step runs
//! anything, a slide that shows it done (the world after its run block and solution). Moving
//! forward from telling to showing runs the step's statements, so the playback animates them in
//! front of the room; every other move loads the slide's world at once.
//!
//! Invariants: a slide's world is the replay of [`Deck::script_at`] unless the trainer ran
//! something of their own on it ([`Presenter::improvised`]); Reset brings back the prepared world
//! at the start of the current step; messages are read as JSON, strictly, and anything else is
//! ignored, since any page of the same origin can post on the channel.

use std::fmt;
use std::rc::Rc;

use serde_json::{json, Value};

use crate::sim::script::lexer::parse_script;
use crate::view::embed::pairs;
use crate::view::lesson::{Block, Lesson, Span};
use crate::view::state::{Intent, Playground};

/// The `BroadcastChannel` shared by a presenter and its speaker-notes window.
pub const CHANNEL: &str = "mip-presenter";

/// A message longer than this is not one of ours.
const MAX_SIGNAL_BYTES: usize = 512;

// ----- the deck ----------------------------------------------------------------------------------

/// One slide of a deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slide {
    /// The lesson's title and intro.
    Title,
    /// Step `n` (from 0) told: its narration, on the world before it.
    Tell(usize),
    /// Step `n` done: its run block and solution have run.
    Show(usize),
}

/// A lesson as slides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    pub lesson: Lesson,
    slides: Vec<Slide>,
}

/// What the next slide brings, for the presenter's "Next" line and the notes window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upcoming {
    /// Next runs these statements (the current slide tells a step that runs something).
    Run(String),
    /// Next moves to a slide with this heading.
    Slide(String),
    /// This is the last slide.
    End,
}

impl Deck {
    pub fn new(lesson: Lesson) -> Deck {
        let mut slides = vec![Slide::Title];
        for (n, step) in lesson.steps.iter().enumerate() {
            slides.push(Slide::Tell(n));
            if step.run.is_some() || step.solution.is_some() {
                slides.push(Slide::Show(n));
            }
        }
        Deck { lesson, slides }
    }

    /// How many slides there are (at least one: the title).
    pub fn len(&self) -> usize {
        self.slides.len()
    }

    /// Never true: every deck has its title slide. (For the `len` convention.)
    pub fn is_empty(&self) -> bool {
        self.slides.is_empty()
    }

    /// The slide at `at`, or the last one when `at` is past the end.
    pub fn slide(&self, at: usize) -> Slide {
        self.slides[at.min(self.slides.len() - 1)]
    }

    /// The step a slide belongs to (`None` for the title).
    pub fn step_of(&self, at: usize) -> Option<usize> {
        match self.slide(at) {
            Slide::Title => None,
            Slide::Tell(n) | Slide::Show(n) => Some(n),
        }
    }

    /// The slide that tells a step (where Reset and "go to step" land).
    pub fn tell_slide(&self, step: usize) -> Option<usize> {
        self.slides.iter().position(|s| *s == Slide::Tell(step))
    }

    /// The first slide of the step `at` belongs to: its telling slide, or the title.
    pub fn step_start(&self, at: usize) -> usize {
        self.step_of(at)
            .and_then(|n| self.tell_slide(n))
            .unwrap_or(0)
    }

    /// The script whose replay is the slide's prepared world.
    pub fn script_at(&self, at: usize) -> String {
        match self.slide(at) {
            Slide::Title => self.lesson.script_before(0),
            Slide::Tell(n) => self.lesson.script_before(n),
            Slide::Show(n) => self.lesson.script_before(n + 1),
        }
    }

    /// How many statements the prepared world of the slide's step start has run: the presenter
    /// shows the records after these (what the step ran, and anything improvised).
    pub fn statements_before_step(&self, at: usize) -> usize {
        parse_script(&self.script_at(self.step_start(at))).len()
    }

    /// The statements that move from slide `at` to the next one, when the next shows a step done.
    pub fn actions(&self, at: usize) -> Option<String> {
        let Slide::Tell(n) = self.slide(at) else {
            return None;
        };
        if at + 1 >= self.len() || self.slide(at + 1) != Slide::Show(n) {
            return None;
        }
        let step = &self.lesson.steps[n];
        let script: String = [&step.run, &step.solution]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        Some(script)
    }

    /// The slide's heading: "Introduction", or "Step 2 of 4: One role assignment".
    pub fn heading(&self, at: usize) -> String {
        match self.step_of(at) {
            None => "Introduction".to_string(),
            Some(n) => format!(
                "Step {} of {}: {}",
                n + 1,
                self.lesson.steps.len(),
                self.lesson.steps[n].title
            ),
        }
    }

    /// The narration on the slide: the intro on the title slide, the step's otherwise.
    pub fn narration(&self, at: usize) -> &[Block] {
        match self.step_of(at) {
            None => &self.lesson.intro,
            Some(n) => &self.lesson.steps[n].narration,
        }
    }

    /// The speaker notes of the slide's step (or of the intro).
    pub fn notes(&self, at: usize) -> &[Vec<Span>] {
        match self.step_of(at) {
            None => &self.lesson.notes,
            Some(n) => &self.lesson.steps[n].notes,
        }
    }

    /// What Next brings from slide `at`.
    pub fn upcoming(&self, at: usize) -> Upcoming {
        if let Some(actions) = self.actions(at) {
            return Upcoming::Run(actions);
        }
        if at + 1 >= self.len() {
            return Upcoming::End;
        }
        Upcoming::Slide(self.heading(at + 1))
    }

    /// Where the slide is, in words: "Slide 3 of 9".
    pub fn position(&self, at: usize) -> String {
        format!("Slide {} of {}", at.min(self.len() - 1) + 1, self.len())
    }
}

// ----- the presenter -----------------------------------------------------------------------------

/// What the trainer can ask for, from the presenter or the notes window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresenterIntent {
    Next,
    Previous,
    /// Go to a slide (0-based), as the notes window's step list does.
    Goto(usize),
    /// Back to the prepared world at the start of the current step.
    Reset,
    /// Statements the trainer typed, run on the slide's world.
    Run(String),
}

/// The presenter's state: the deck, the slide shown, and the world on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Presenter {
    pub deck: Rc<Deck>,
    pub at: usize,
    pub playground: Playground,
}

impl Presenter {
    /// The presenter on slide `at` (clamped to the deck), with that slide's prepared world.
    pub fn new(deck: Rc<Deck>, at: usize) -> Presenter {
        let at = at.min(deck.len() - 1);
        let playground = Playground::from_script(&deck.script_at(at));
        Presenter {
            deck,
            at,
            playground,
        }
    }

    /// The one reducer.
    pub fn apply(&self, intent: PresenterIntent) -> Presenter {
        match intent {
            PresenterIntent::Next => {
                if self.at + 1 >= self.deck.len() {
                    return self.clone();
                }
                // On the prepared world, run the step's statements (they animate); after an
                // improvisation they might fail, so load the next slide's world instead.
                match self.deck.actions(self.at) {
                    Some(actions) if !self.improvised() => Presenter {
                        deck: self.deck.clone(),
                        at: self.at + 1,
                        playground: self.playground.apply(Intent::Run(actions)),
                    },
                    _ => self.load(self.at + 1),
                }
            }
            PresenterIntent::Previous => match self.at.checked_sub(1) {
                Some(at) => self.load(at),
                None => self.clone(),
            },
            PresenterIntent::Goto(at) if at < self.deck.len() => self.load(at),
            PresenterIntent::Goto(_) => self.clone(),
            PresenterIntent::Reset => self.load(self.deck.step_start(self.at)),
            PresenterIntent::Run(text) => Presenter {
                deck: self.deck.clone(),
                at: self.at,
                playground: self.playground.apply(Intent::Run(text)),
            },
        }
    }

    fn load(&self, at: usize) -> Presenter {
        Presenter::new(self.deck.clone(), at)
    }

    /// True when the world on screen is not the slide's prepared one: the trainer ran something.
    pub fn improvised(&self) -> bool {
        self.playground.script() != self.deck.script_at(self.at)
    }

    /// What the notes window is told.
    pub fn signal(&self) -> Signal {
        Signal::Showing {
            lesson: self.deck.lesson.id.clone(),
            slide: self.at,
            improvised: self.improvised(),
        }
    }
}

// ----- the address -------------------------------------------------------------------------------

/// What a `?present…` address asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresentAddress {
    /// `?present`: choose a lesson.
    Picker,
    /// `?present=<lesson id>&slide=N` (N from 1; slide 1 without it).
    Lesson { id: String, slide: usize },
}

/// What is wrong with a presenter address; shown with the lesson picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresentError {
    UnknownLesson(String),
    BadSlide(String),
}

impl fmt::Display for PresentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PresentError::UnknownLesson(id) => write!(
                f,
                "there is no lesson '{id}'; choose one below (lesson ids look like 03-user-assigned)"
            ),
            PresentError::BadSlide(value) => write!(
                f,
                "'slide={value}' is not a slide number; slides are numbered from 1"
            ),
        }
    }
}

impl std::error::Error for PresentError {}

impl PresentAddress {
    /// Reads a query (with or without its `?`). The lesson must be one of `lessons`; a slide past
    /// the end is read as the last (a lesson may have lost a step since the link was made).
    pub fn parse(query: &str, lessons: &[Lesson]) -> Result<PresentAddress, PresentError> {
        let mut id = None;
        let mut slide = None;
        for (key, value) in pairs(query) {
            match key {
                "present" if !value.is_empty() => id = Some(value),
                "slide" => slide = Some(value),
                _ => {}
            }
        }
        let Some(id) = id else {
            return Ok(PresentAddress::Picker);
        };
        if !lessons.iter().any(|l| l.id == id) {
            return Err(PresentError::UnknownLesson(id.to_string()));
        }
        let slide = match slide {
            None => 0,
            Some(value) => value
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .ok_or_else(|| PresentError::BadSlide(value.to_string()))?,
        };
        Ok(PresentAddress::Lesson {
            id: id.to_string(),
            slide,
        })
    }
}

/// The address of a lesson's slide (`at` from 0), for the history and for reloads.
pub fn address(lesson_id: &str, at: usize) -> String {
    format!("?present={lesson_id}&slide={}", at + 1)
}

// ----- the notes window's messages ---------------------------------------------------------------

/// A message on [`CHANNEL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// From the presenter, after every change: what it shows.
    Showing {
        lesson: String,
        slide: usize,
        improvised: bool,
    },
    /// From a notes window that has just opened: "tell me what you show".
    Hello,
    /// From a notes window: the trainer pressed one of its buttons.
    Control(Control),
}

/// What a notes window may ask the presenter to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Next,
    Previous,
    Reset,
    Goto(usize),
}

impl Control {
    pub fn intent(self) -> PresenterIntent {
        match self {
            Control::Next => PresenterIntent::Next,
            Control::Previous => PresenterIntent::Previous,
            Control::Reset => PresenterIntent::Reset,
            Control::Goto(at) => PresenterIntent::Goto(at),
        }
    }
}

impl Signal {
    pub fn to_json(&self) -> String {
        let value = match self {
            Signal::Showing {
                lesson,
                slide,
                improvised,
            } => {
                json!({"type": "mip:showing", "lesson": lesson, "slide": slide, "improvised": improvised})
            }
            Signal::Hello => json!({"type": "mip:hello"}),
            Signal::Control(control) => match control {
                Control::Next => json!({"type": "mip:control", "action": "next"}),
                Control::Previous => json!({"type": "mip:control", "action": "previous"}),
                Control::Reset => json!({"type": "mip:control", "action": "reset"}),
                Control::Goto(slide) => {
                    json!({"type": "mip:control", "action": "goto", "slide": slide})
                }
            },
        };
        value.to_string()
    }

    /// Reads a message: exactly one of the shapes [`Signal::to_json`] writes, or `None`.
    pub fn from_json(text: &str) -> Option<Signal> {
        if text.len() > MAX_SIGNAL_BYTES {
            return None;
        }
        let Value::Object(map) = serde_json::from_str::<Value>(text).ok()? else {
            return None;
        };
        let slide = || usize::try_from(map.get("slide")?.as_u64()?).ok();
        match (map.get("type")?.as_str()?, map.len()) {
            ("mip:showing", 4) => Some(Signal::Showing {
                lesson: map.get("lesson")?.as_str()?.to_string(),
                slide: slide()?,
                improvised: map.get("improvised")?.as_bool()?,
            }),
            ("mip:hello", 1) => Some(Signal::Hello),
            ("mip:control", n) => {
                let control = match (map.get("action")?.as_str()?, n) {
                    ("next", 2) => Control::Next,
                    ("previous", 2) => Control::Previous,
                    ("reset", 2) => Control::Reset,
                    ("goto", 3) => Control::Goto(slide()?),
                    _ => return None,
                };
                Some(Signal::Control(control))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;
    use proptest::prelude::*;

    use super::*;
    use crate::sim::script::lexer::parse_script;
    use crate::view::lesson::{catalog, expected_failures};

    fn deck(id: &str) -> Rc<Deck> {
        let lesson = catalog().unwrap().into_iter().find(|l| l.id == id).unwrap();
        Rc::new(Deck::new(lesson))
    }

    /// Every slide of a deck: its heading and what Next brings.
    fn outline(deck: &Deck) -> String {
        (0..deck.len())
            .map(|at| {
                let slide = match deck.slide(at) {
                    Slide::Title => "title".to_string(),
                    Slide::Tell(n) => format!("tell {n}"),
                    Slide::Show(n) => format!("show {n}"),
                };
                let next = match deck.upcoming(at) {
                    Upcoming::Run(script) => format!("runs {} statements", script.lines().count()),
                    Upcoming::Slide(heading) => format!("then {heading}"),
                    Upcoming::End => "the end".to_string(),
                };
                format!(
                    "{}: {slide} · {} · {next}\n",
                    deck.position(at),
                    deck.heading(at)
                )
            })
            .collect()
    }

    #[test]
    fn a_lesson_becomes_slides_that_tell_then_show_each_step() {
        expect![[r#"
            Slide 1 of 9: title · Introduction · then Step 1 of 4: One identity, three VMs
            Slide 2 of 9: tell 0 · Step 1 of 4: One identity, three VMs · runs 4 statements
            Slide 3 of 9: show 0 · Step 1 of 4: One identity, three VMs · then Step 2 of 4: One role assignment
            Slide 4 of 9: tell 1 · Step 2 of 4: One role assignment · runs 3 statements
            Slide 5 of 9: show 1 · Step 2 of 4: One role assignment · then Step 3 of 4: Delete a VM
            Slide 6 of 9: tell 2 · Step 3 of 4: Delete a VM · runs 3 statements
            Slide 7 of 9: show 2 · Step 3 of 4: Delete a VM · then Step 4 of 4: A new VM joins
            Slide 8 of 9: tell 3 · Step 4 of 4: A new VM joins · runs 2 statements
            Slide 9 of 9: show 3 · Step 4 of 4: A new VM joins · the end
        "#]]
        .assert_eq(&outline(&deck("03-user-assigned")));
    }

    #[test]
    fn every_lesson_presents_without_a_failed_statement() {
        for lesson in catalog().unwrap() {
            let meant_to_fail: Vec<String> = std::iter::once(&lesson.setup)
                .chain(
                    lesson
                        .steps
                        .iter()
                        .flat_map(|s| s.run.iter().chain(s.solution.iter())),
                )
                .flat_map(|block| {
                    parse_script(block)
                        .into_iter()
                        .zip(expected_failures(block))
                        .filter_map(|(statement, fails)| {
                            Some(statement.ok()?.text).filter(|_| fails.is_some())
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            let deck = Rc::new(Deck::new(lesson));
            let mut presenter = Presenter::new(deck.clone(), 0);
            for at in 1..deck.len() {
                presenter = presenter.apply(PresenterIntent::Next);
                assert_eq!(presenter.at, at);
                assert!(!presenter.improvised(), "{} slide {at}", deck.lesson.id);
                // Statements the lesson marks `# fails: CODE` fail on purpose (a denial shown).
                let failed: Vec<_> = presenter
                    .playground
                    .session
                    .records
                    .iter()
                    .filter(|r| !meant_to_fail.contains(&r.text))
                    .filter_map(|r| {
                        r.error
                            .as_ref()
                            .map(|e| (r.text.clone(), e.message.clone()))
                    })
                    .collect();
                assert!(
                    failed.is_empty(),
                    "{} slide {at}: {failed:?}",
                    deck.lesson.id
                );
            }
            assert_eq!(
                presenter.apply(PresenterIntent::Next),
                presenter,
                "the end stays"
            );
        }
    }

    #[test]
    fn next_runs_the_step_and_previous_loads_the_slide_before() {
        let deck = deck("02-system-assigned");
        let told = Presenter::new(deck.clone(), 1);
        let shown = told.apply(PresenterIntent::Next);
        assert_eq!(shown.at, 2);
        // Appended, not reloaded: the playback animates what was appended.
        assert!(shown
            .playground
            .script()
            .starts_with(told.playground.script()));
        assert_eq!(shown.playground.script(), deck.script_at(2));
        assert_eq!(
            shown.playground.session.records.len() - deck.statements_before_step(2),
            1,
            "the step ran one statement"
        );
        let back = shown.apply(PresenterIntent::Previous);
        assert_eq!(back, told);
        assert_eq!(
            Presenter::new(deck, 0).apply(PresenterIntent::Previous).at,
            0
        );
    }

    #[test]
    fn reset_brings_back_the_prepared_world_of_the_step() {
        let deck = deck("03-user-assigned");
        let shown = Presenter::new(deck.clone(), 1).apply(PresenterIntent::Next);
        let tried = shown.apply(PresenterIntent::Run(
            "az vm delete -g web-rg -n web-1 --yes".into(),
        ));
        assert!(tried.improvised());
        assert_eq!(
            tried.signal().to_json(),
            r#"{"type":"mip:showing","lesson":"03-user-assigned","slide":2,"improvised":true}"#
        );
        // Next after an improvisation loads the next slide's prepared world.
        let next = tried.apply(PresenterIntent::Next);
        assert_eq!((next.at, next.improvised()), (3, false));
        assert!(next
            .playground
            .session
            .world
            .resources_named("web-1")
            .next()
            .is_some());
        let reset = tried.apply(PresenterIntent::Reset);
        assert_eq!(reset.at, 1, "back to the slide that tells the step");
        assert!(!reset.improvised());
        assert_eq!(tried.apply(PresenterIntent::Goto(99)), tried);
        assert_eq!(tried.apply(PresenterIntent::Goto(0)).at, 0);
    }

    #[test]
    fn the_address_names_a_lesson_and_a_slide() {
        let lessons = catalog().unwrap();
        let read = |q: &str| match PresentAddress::parse(q, &lessons) {
            Ok(address) => format!("{address:?}"),
            Err(error) => error.to_string(),
        };
        assert_eq!(read("?present"), "Picker");
        assert_eq!(read("?present="), "Picker");
        assert_eq!(
            read(&address("03-user-assigned", 4)),
            r#"Lesson { id: "03-user-assigned", slide: 4 }"#
        );
        assert_eq!(
            read("?present=03-user-assigned"),
            r#"Lesson { id: "03-user-assigned", slide: 0 }"#
        );
        assert_eq!(
            read("?present=99-nothing"),
            "there is no lesson '99-nothing'; choose one below (lesson ids look like 03-user-assigned)"
        );
        assert_eq!(
            read("?present=03-user-assigned&slide=0"),
            "'slide=0' is not a slide number; slides are numbered from 1"
        );
    }

    #[test]
    fn signals_read_back_and_nothing_else_is_read() {
        let signals = [
            Signal::Hello,
            Signal::Showing {
                lesson: "02-system-assigned".into(),
                slide: 3,
                improvised: false,
            },
            Signal::Control(Control::Next),
            Signal::Control(Control::Previous),
            Signal::Control(Control::Reset),
            Signal::Control(Control::Goto(5)),
        ];
        for signal in signals {
            assert_eq!(Signal::from_json(&signal.to_json()), Some(signal));
        }
        for text in [
            "",
            "null",
            r#"{"type":"mip:hello","x":1}"#,
            r#"{"type":"mip:control","action":"next","slide":1}"#,
            r#"{"type":"mip:control","action":"goto"}"#,
            r#"{"type":"mip:control","action":"goto","slide":-1}"#,
            r#"{"type":"mip:control","action":"goto","slide":1.5}"#,
            r#"{"type":"mip:control","action":"delete"}"#,
            r#"{"type":"mip:showing","lesson":"x","slide":"1","improvised":false}"#,
            r#"{"type":"mip:step","step":1}"#,
        ] {
            assert_eq!(Signal::from_json(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_text_is_read_without_panicking(text in any::<String>()) {
            let _ = Signal::from_json(&text);
            let _ = PresentAddress::parse(&text, &[]);
        }

        #[test]
        fn any_walk_through_a_deck_stays_on_a_slide(moves in prop::collection::vec(0..5u8, 0..30)) {
            let deck = deck("05-turn-it-off-and-on-again");
            let mut presenter = Presenter::new(deck.clone(), 0);
            for m in moves {
                let intent = match m {
                    0 => PresenterIntent::Next,
                    1 => PresenterIntent::Previous,
                    2 => PresenterIntent::Reset,
                    3 => PresenterIntent::Goto(usize::from(m) * 2),
                    _ => PresenterIntent::Run("az group list".into()),
                };
                presenter = presenter.apply(intent);
                prop_assert!(presenter.at < deck.len());
                if !presenter.improvised() {
                    prop_assert_eq!(presenter.playground.script(), deck.script_at(presenter.at));
                }
            }
        }
    }
}
