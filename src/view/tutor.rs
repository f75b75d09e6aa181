//! The lesson panel's state: which page it shows (the picker, a lesson's introduction, a step,
//! the end of a lesson), which lesson the playground holds, the learner's own script set aside
//! while a lesson runs, and what every button does. The component renders a [`Tutor`] and sends
//! [`TutorIntent`]s; [`Tutor::apply`] returns the next state and the [`Effect`]s to carry out
//! (load or run a script, announce, move focus), so all of it is tested natively.
//!
//! Invariants: the learner's own work is never replaced silently. Starting a lesson from a
//! playground that holds no lesson sets the script aside ([`Tutor::kept`]), and leaving the
//! lesson brings it back, so `kept` is only ever set while a lesson is active. A step page only
//! shows a step the learner has reached; Next never skips a step that is not done. Restoring the
//! saved state never panics: damage becomes a message and a fresh start.

use serde_json::{json, Value};

use crate::sim::evaluate::Reason;
use crate::sim::script::lexer::{parse_script, StatementKind, Word, WordPart};
use crate::sim::script::session::Session;
use crate::view::lesson::{Block, Lesson, Progress, Span};

/// The `localStorage` key of the lesson in progress and the script set aside for it.
pub const OPEN_KEY: &str = "mip.lessons.open";

/// What the panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Every lesson, with its progress.
    Picker,
    /// A lesson's introduction and its Start button (the lesson by index).
    Intro(usize),
    /// A step of the active lesson.
    Step(usize),
    /// The active lesson's last page: every step done.
    Done,
}

/// The panel's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tutor {
    pub progress: Progress,
    /// The lesson whose world the playground holds: started and not left.
    pub active: Option<usize>,
    /// The learner's own script, set aside when the lesson started; leaving brings it back.
    pub kept: Option<String>,
    pub page: Page,
    /// False when the panel is folded to its title row.
    pub expanded: bool,
    /// How many of the shown step's hints are revealed.
    pub hints: usize,
    /// True once "Show solution" ran on the shown step (the panel then shows what ran).
    pub solution_ran: bool,
}

/// What the learner asks of the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TutorIntent {
    /// Unfold (`true`) or fold the panel.
    Expand(bool),
    /// "All lessons".
    Picker,
    /// A lesson in the picker: its introduction, or its current step when it is the active one.
    Choose(usize),
    /// Start the lesson from its first step.
    Start(usize),
    /// Continue the lesson at the first step not done, rebuilding the world up to it.
    Resume(usize),
    Back,
    Next,
    /// Reveal the shown step's next hint.
    Hint,
    /// "Run this for me": the shown step's run block.
    RunStep,
    /// "Show solution": runs the shown step's solution.
    Solution,
    /// Completes the shown step when it has no goal to check.
    Continue,
    /// Leave the lesson (bringing back the script set aside, if any).
    Leave,
    /// The session changed: check the current step's goal.
    Observe,
}

/// What the component must do after an intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Replace the playground's script (`Intent::Load`).
    Load(String),
    /// Run statements in the playground (`Intent::Run`).
    Run(String),
    /// Say this in the polite live region.
    Announce(String),
    /// Move keyboard focus.
    Focus(Target),
    /// The shown step was just completed: scroll its "Goal met" box into view (focus stays
    /// where the learner is working).
    Reveal,
}

/// Where focus goes after an intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The heading of the page now shown.
    Page,
    /// The hint just revealed (by index): the button that revealed the last one is gone.
    Hint(usize),
}

/// What an intent may look at: the lessons, the playground's script and its session.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub lessons: &'a [Lesson],
    pub script: &'a str,
    pub session: &'a Session,
}

impl Tutor {
    /// A fresh panel: nothing done, no lesson, folded.
    pub fn new() -> Tutor {
        Tutor {
            progress: Progress::new(),
            active: None,
            kept: None,
            page: Page::Picker,
            expanded: false,
            hints: 0,
            solution_ran: false,
        }
    }

    /// The panel as saved: the progress text (under `lesson::PROGRESS_KEY`) and the open lesson
    /// (under [`OPEN_KEY`]). Damage is reported as messages for the learner and starts afresh;
    /// a lesson in progress opens at its current step, unfolded.
    pub fn restore(
        lessons: &[Lesson],
        progress: Option<&str>,
        open: Option<&str>,
    ) -> (Tutor, Vec<String>) {
        let mut tutor = Tutor::new();
        let mut messages = Vec::new();
        if let Some(text) = progress {
            match Progress::restore(text) {
                Ok(progress) => tutor.progress = progress,
                Err(error) => messages.push(error.to_string()),
            }
        }
        if let Some(text) = open {
            match restore_open(lessons, text) {
                Ok((active, kept)) => {
                    tutor.active = active;
                    tutor.kept = kept.filter(|_| active.is_some());
                }
                Err(what) => messages.push(format!(
                    "The lesson you had open could not be read: {what}. Choose it again from the Lessons panel; your playground is not affected."
                )),
            }
        }
        if let Some(index) = tutor.active {
            tutor.page = tutor.resume_page(&lessons[index]);
            tutor.expanded = true;
        }
        (tutor, messages)
    }

    /// The JSON text stored under [`OPEN_KEY`]:
    /// `{"version":1,"lesson":"02-system-assigned","kept":"…"}` (`null`s when there is none).
    pub fn save_open(&self, lessons: &[Lesson]) -> String {
        let lesson = self
            .active
            .and_then(|i| lessons.get(i))
            .map(|l| l.id.clone());
        json!({ "version": 1, "lesson": lesson, "kept": self.kept }).to_string()
    }

    /// The active lesson, if any.
    pub fn lesson<'a>(&self, lessons: &'a [Lesson]) -> Option<&'a Lesson> {
        self.active.and_then(|i| lessons.get(i))
    }

    /// The one transition: the next state and what to do.
    pub fn apply(&self, intent: TutorIntent, ctx: Ctx<'_>) -> (Tutor, Vec<Effect>) {
        let mut next = self.clone();
        let mut effects = Vec::new();
        let lessons = ctx.lessons;
        match intent {
            TutorIntent::Expand(open) => next.expanded = open,
            TutorIntent::Picker => {
                next.show(Page::Picker);
                effects.push(Effect::Focus(Target::Page));
            }
            TutorIntent::Choose(index) if index < lessons.len() => {
                next.expanded = true;
                if self.active == Some(index) {
                    next.show(self.resume_page(&lessons[index]));
                } else {
                    next.show(Page::Intro(index));
                }
                effects.push(Effect::Focus(Target::Page));
            }
            TutorIntent::Start(index) | TutorIntent::Resume(index) if index < lessons.len() => {
                let lesson = &lessons[index];
                let step = match intent {
                    TutorIntent::Resume(_) => self.progress.current_step(lesson).unwrap_or(0),
                    _ => 0,
                };
                if step == 0 {
                    next.progress.restart(lesson);
                }
                if self.active.is_none() && self.kept.is_none() && !ctx.script.trim().is_empty() {
                    next.kept = Some(ctx.script.to_string());
                }
                next.active = Some(index);
                next.expanded = true;
                next.show(Page::Step(step));
                effects.push(Effect::Load(lesson.script_before(step)));
                effects.push(Effect::Focus(Target::Page));
            }
            TutorIntent::Back => {
                let to = match self.page {
                    Page::Step(s) if s > 0 => Some(Page::Step(s - 1)),
                    Page::Done => self
                        .lesson(lessons)
                        .map(|l| Page::Step(l.steps.len().saturating_sub(1))),
                    _ => None,
                };
                if let Some(page) = to {
                    next.show(page);
                    effects.push(Effect::Focus(Target::Page));
                }
            }
            TutorIntent::Next => {
                if let (Page::Step(s), Some(lesson)) = (self.page, self.lesson(lessons)) {
                    if s < self.progress.steps_done(lesson) {
                        next.show(after(lesson, s));
                        effects.push(Effect::Focus(Target::Page));
                    }
                }
            }
            TutorIntent::Hint => {
                if let Some((_, step)) = self.shown_step(lessons) {
                    if self.hints < step.hints.len() {
                        next.hints = self.hints + 1;
                        effects.push(Effect::Focus(Target::Hint(self.hints)));
                    }
                }
            }
            TutorIntent::RunStep => {
                if let Some((lesson, s)) = self.shown(lessons) {
                    let step = &lesson.steps[s];
                    if let Some(run) = &step.run {
                        effects.push(Effect::Run(run.clone()));
                        if step.goal.is_none()
                            && self.progress.current_step(lesson) == Some(s)
                            && next.progress.continue_step(lesson)
                        {
                            effects.push(Effect::Announce(done_sentence(lesson, s, &next)));
                            effects.push(Effect::Reveal);
                        }
                    }
                }
            }
            TutorIntent::Solution => {
                if let Some((_, step)) = self.shown_step(lessons) {
                    if let Some(solution) = &step.solution {
                        next.solution_ran = true;
                        effects.push(Effect::Run(solution.clone()));
                    }
                }
            }
            TutorIntent::Continue => {
                if let Some((lesson, s)) = self.shown(lessons) {
                    if self.progress.current_step(lesson) == Some(s)
                        && next.progress.continue_step(lesson)
                    {
                        next.show(after(lesson, s));
                        effects.push(Effect::Focus(Target::Page));
                    }
                }
            }
            TutorIntent::Leave => {
                if self.active.is_some() {
                    next.active = None;
                    next.show(Page::Picker);
                    if let Some(script) = next.kept.take() {
                        effects.push(Effect::Load(script));
                        effects.push(Effect::Announce(
                            "You left the lesson; your own script is back.".into(),
                        ));
                    }
                    effects.push(Effect::Focus(Target::Page));
                }
            }
            TutorIntent::Observe => {
                if let Some(lesson) = self.lesson(lessons) {
                    let completed = next.progress.observe(lesson, ctx.session);
                    if let Some(&last) = completed.last() {
                        let titles: Vec<&str> = completed
                            .iter()
                            .map(|&s| lesson.steps[s].title.as_str())
                            .collect();
                        let mut said = format!("Goal met: {}.", titles.join("; "));
                        if self.progress.current_step(lesson).is_some()
                            && next.progress.current_step(lesson).is_none()
                        {
                            said.push_str(&format!(" Lesson complete: {}.", lesson.title));
                        } else if last + 1 < lesson.steps.len() {
                            said.push_str(" The next step is ready.");
                        }
                        effects.push(Effect::Announce(said));
                        if matches!(self.page, Page::Step(s) if completed.contains(&s)) {
                            effects.push(Effect::Reveal);
                        }
                    }
                }
            }
            // An index past the catalog: nothing to do.
            TutorIntent::Choose(_) | TutorIntent::Start(_) | TutorIntent::Resume(_) => {}
        }
        (next, effects)
    }

    /// What the intro page says about starting: what happens to the playground.
    pub fn start_note(&self, lessons: &[Lesson], script: &str) -> Option<String> {
        match self.lesson(lessons) {
            Some(active) => {
                let mut note = format!(
                    "Starting replaces the playground of the lesson you are in, “{}”.",
                    active.title
                );
                if self.kept.is_some() {
                    note.push_str(" Your own script stays set aside until you leave the lessons.");
                }
                Some(note)
            }
            None if script.trim().is_empty() => None,
            None => Some(format!(
                "Starting replaces the playground with the lesson's starting point. Your current script ({}) is set aside: leaving the lesson brings it back.",
                statements(script)
            )),
        }
    }

    /// The label of the Leave button.
    pub fn leave_label(&self) -> &'static str {
        if self.kept.is_some() {
            "Leave lesson and bring back my script"
        } else {
            "Leave lesson"
        }
    }

    /// The page a lesson opens at: its current step, or its last page when every step is done.
    fn resume_page(&self, lesson: &Lesson) -> Page {
        match self.progress.current_step(lesson) {
            Some(step) => Page::Step(step),
            None => Page::Done,
        }
    }

    /// The active lesson and the index of the step shown, on a step page.
    fn shown<'a>(&self, lessons: &'a [Lesson]) -> Option<(&'a Lesson, usize)> {
        match (self.page, self.lesson(lessons)) {
            (Page::Step(s), Some(lesson)) if s < lesson.steps.len() => Some((lesson, s)),
            _ => None,
        }
    }

    fn shown_step<'a>(
        &self,
        lessons: &'a [Lesson],
    ) -> Option<(usize, &'a crate::view::lesson::Step)> {
        self.shown(lessons).map(|(l, s)| (s, &l.steps[s]))
    }

    /// Shows a page with its hints folded again.
    fn show(&mut self, page: Page) {
        if self.page != page {
            self.hints = 0;
            self.solution_ran = false;
        }
        self.page = page;
    }
}

impl Default for Tutor {
    fn default() -> Tutor {
        Tutor::new()
    }
}

/// The page after step `s`: the next step, or the end of the lesson.
fn after(lesson: &Lesson, s: usize) -> Page {
    if s + 1 < lesson.steps.len() {
        Page::Step(s + 1)
    } else {
        Page::Done
    }
}

fn done_sentence(lesson: &Lesson, s: usize, next: &Tutor) -> String {
    let mut said = format!("Step done: {}.", lesson.steps[s].title);
    if next.progress.current_step(lesson).is_none() {
        said.push_str(&format!(" Lesson complete: {}.", lesson.title));
    } else {
        said.push_str(" The next step is ready.");
    }
    said
}

/// "1 statement", "12 statements".
pub fn statements(script: &str) -> String {
    match parse_script(script).len() {
        1 => "1 statement".to_string(),
        n => format!("{n} statements"),
    }
}

fn restore_open(lessons: &[Lesson], text: &str) -> Result<(Option<usize>, Option<String>), String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let Value::Object(object) = value else {
        return Err("it is not an object".into());
    };
    if object.get("version").and_then(Value::as_u64) != Some(1) {
        return Err("its \"version\" is not 1".into());
    }
    let active = match object.get("lesson") {
        None | Some(Value::Null) => None,
        // A lesson this version does not have: nothing is open.
        Some(Value::String(id)) => lessons.iter().position(|l| l.id == *id),
        Some(_) => return Err("its \"lesson\" is not text".into()),
    };
    let kept = match object.get("kept") {
        None | Some(Value::Null) => None,
        Some(Value::String(script)) => Some(script.clone()),
        Some(_) => return Err("its \"kept\" is not text".into()),
    };
    Ok((active, kept))
}

// ----- narration ---------------------------------------------------------------------------------

/// Narration as the page lays it out: paragraphs, and runs of list items as one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow<'a> {
    Paragraph(&'a [Span]),
    List(Vec<&'a [Span]>),
}

pub fn flow(blocks: &[Block]) -> Vec<Flow<'_>> {
    let mut out: Vec<Flow<'_>> = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(spans) => out.push(Flow::Paragraph(spans)),
            Block::Item(spans) => match out.last_mut() {
                Some(Flow::List(items)) => items.push(spans),
                _ => out.push(Flow::List(vec![spans])),
            },
        }
    }
    out
}

// ----- goals in words ----------------------------------------------------------------------------

/// A `mip expect` statement as a sentence: "**shop** can *Read blobs* on **shopdata**". `None`
/// for a statement it cannot read, which the panel then shows as written.
pub fn describe_expectation(statement: &str) -> Option<Vec<Span>> {
    let parsed = parse_script(statement);
    let [Ok(parsed)] = parsed.as_slice() else {
        return None;
    };
    let StatementKind::Command { words } = &parsed.kind else {
        return None;
    };
    let words: Vec<String> = words.iter().map(literal).collect::<Option<_>>()?;
    let [mip, expect, outcome, rest @ ..] = words.as_slice() else {
        return None;
    };
    if (mip.as_str(), expect.as_str()) != ("mip", "expect") {
        return None;
    }
    let allowed = match outcome.as_str() {
        "allowed" => true,
        "denied" => false,
        _ => return None,
    };
    let mut flags: Vec<(&str, &str)> = Vec::new();
    for pair in rest.chunks(2) {
        let [flag, value] = pair else { return None };
        flags.push((flag.as_str(), value.as_str()));
    }
    let get = |name: &str| flags.iter().find(|(f, _)| *f == name).map(|(_, v)| *v);
    let known = [
        "--from",
        "--as",
        "--action",
        "--scope",
        "--reason",
        "--msi-res-id",
        "--client-id",
        "--object-id",
    ];
    if flags.iter().any(|(f, _)| !known.contains(f)) {
        return None;
    }
    // `--as` names a principal that asks directly; `--from` a resource whose identity asks.
    let from = match (get("--from"), get("--as")) {
        (Some(from), None) | (None, Some(from)) => from,
        _ => return None,
    };
    let (action, scope) = (get("--action")?, get("--scope")?);
    let reason = match get("--reason") {
        Some(code) => Some(Reason::parse(code)?),
        None => None,
    };
    let mut spans = vec![Span::Strong(from.to_string())];
    if let Some(identity) = get("--msi-res-id") {
        spans.push(Span::Text(", using identity ".into()));
        spans.push(Span::Strong(identity.to_string()));
        spans.push(Span::Text(",".into()));
    } else if let Some(id) = get("--client-id").or(get("--object-id")) {
        spans.push(Span::Text(", using the identity ".into()));
        spans.push(Span::Code(id.to_string()));
        spans.push(Span::Text(",".into()));
    }
    spans.push(Span::Text(
        if allowed { " can " } else { " cannot " }.into(),
    ));
    spans.push(Span::Emphasis(action.to_string()));
    spans.push(Span::Text(" on ".into()));
    spans.push(Span::Strong(scope.to_string()));
    if let Some(reason) = reason {
        spans.push(Span::Text(format!(", because {}", reason.plain())));
    }
    Some(spans)
}

fn literal(word: &Word) -> Option<String> {
    word.parts
        .iter()
        .map(|part| match part {
            WordPart::Literal { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Why an expectation does not hold yet, as the checklist says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotYet {
    /// "denied, because the resource has no managed identity", or the core's message when the check
    /// could not run ("no resource is named 'shop'").
    pub now: String,
    /// The core's full explanation of the decision, when there is one.
    pub why: Option<String>,
}

/// Reads the core's message for an unmet expectation ("expected allowed, but it was denied
/// (no-role-assignment): …").
pub fn not_yet(message: &str) -> NotYet {
    let decided = message
        .strip_prefix("expected ")
        .and_then(|m| m.split_once(", but it was "))
        .and_then(|(_, rest)| rest.split_once(": "))
        .and_then(|(outcome, why)| {
            let (word, code) = outcome.split_once(" (")?;
            let reason = Reason::parse(code.strip_suffix(')')?)?;
            Some(NotYet {
                now: format!("{word}, because {}", reason.plain()),
                why: Some(why.to_string()),
            })
        });
    decided.unwrap_or_else(|| NotYet {
        now: message.to_string(),
        why: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::lesson::{catalog, parse};
    use expect_test::{expect, Expect};

    /// A small lesson: a goal, a step run by its Run button, a goal.
    const LESSON: &str = r#"title: A test lesson
rules: MI-1.1

Give vm1 an identity and a role.

```setup
az group create -n rg -l eastus
az vm create -g rg -n vm1
az storage account create -g rg -n st1
```

## Turn it on

Turn on **vm1**'s identity.

> hint: `az vm identity assign`

> hint: `az vm identity assign -g rg -n vm1`

```goal
mip expect denied --reason no-role-assignment --from vm1 --action "Read blobs" --scope st1
```

```solution
az vm identity assign -g rg -n vm1
```

## Look around

Nothing to reach here.

```run
az role assignment list --all
```

## Grant a role

Grant a data role.

```goal
mip expect allowed --from vm1 --action "Read blobs" --scope st1
```

```solution
principalId=$(az vm identity show -g rg -n vm1 --query principalId -o tsv)
az role assignment create --assignee $principalId --role "Storage Blob Data Reader" --scope $(az storage account show -g rg -n st1 --query id -o tsv)
```
"#;

    fn lessons() -> Vec<Lesson> {
        vec![
            parse("01-test.md", LESSON).unwrap(),
            parse("02-other.md", LESSON).unwrap(),
        ]
    }

    /// A learner at the keyboard: the tutor, the playground's script and its session, with the
    /// effects carried out as the component would.
    struct Desk {
        lessons: Vec<Lesson>,
        tutor: Tutor,
        script: String,
        session: Session,
        said: Vec<String>,
        focus: Vec<Target>,
        revealed: usize,
    }

    impl Desk {
        fn new(script: &str) -> Desk {
            Desk {
                lessons: lessons(),
                tutor: Tutor::new(),
                script: script.to_string(),
                session: Session::run(script),
                said: Vec::new(),
                focus: Vec::new(),
                revealed: 0,
            }
        }

        fn send(&mut self, intent: TutorIntent) {
            let ctx = Ctx {
                lessons: &self.lessons,
                script: &self.script,
                session: &self.session,
            };
            let (next, effects) = self.tutor.apply(intent, ctx);
            self.tutor = next;
            let mut changed = false;
            for effect in effects {
                match effect {
                    Effect::Load(script) => {
                        self.script = script;
                        changed = true;
                    }
                    Effect::Run(text) => {
                        self.script.push_str(&text);
                        changed = true;
                    }
                    Effect::Announce(text) => self.said.push(text),
                    Effect::Focus(target) => self.focus.push(target),
                    Effect::Reveal => self.revealed += 1,
                }
            }
            if changed {
                self.session = Session::run(&self.script);
                self.send(TutorIntent::Observe);
            }
        }

        /// The learner types statements in the console.
        fn type_in(&mut self, text: &str) {
            self.script.push_str(text);
            self.session = Session::run(&self.script);
            self.send(TutorIntent::Observe);
        }

        fn done(&self) -> usize {
            self.tutor.progress.steps_done(&self.lessons[0])
        }
    }

    #[test]
    fn a_lesson_from_start_to_finish() {
        let mut desk = Desk::new("az group create -n mine -l eastus\n");
        assert!(!desk.tutor.expanded);
        desk.send(TutorIntent::Choose(0));
        assert_eq!(desk.tutor.page, Page::Intro(0));
        assert!(desk.tutor.expanded);
        assert_eq!(desk.tutor.start_note(&desk.lessons, &desk.script).unwrap(), "Starting replaces the playground with the lesson's starting point. Your current script (1 statement) is set aside: leaving the lesson brings it back.");

        desk.send(TutorIntent::Start(0));
        assert_eq!(desk.tutor.page, Page::Step(0));
        assert_eq!(desk.tutor.active, Some(0));
        assert_eq!(
            desk.tutor.kept.as_deref(),
            Some("az group create -n mine -l eastus\n")
        );
        assert_eq!(desk.script, desk.lessons[0].setup);
        assert_eq!(
            desk.tutor.leave_label(),
            "Leave lesson and bring back my script"
        );

        // Hints one at a time, then no more.
        desk.send(TutorIntent::Hint);
        desk.send(TutorIntent::Hint);
        desk.send(TutorIntent::Hint);
        assert_eq!(desk.tutor.hints, 2);
        // Next does not skip a step that is not done.
        desk.send(TutorIntent::Next);
        assert_eq!(desk.tutor.page, Page::Step(0));
        // A goal is reached, not continued past.
        desk.send(TutorIntent::Continue);
        assert_eq!(desk.done(), 0);

        desk.type_in("az vm identity assign -g rg -n vm1\n");
        assert_eq!(desk.done(), 1);
        assert_eq!(
            desk.tutor.page,
            Page::Step(0),
            "the page stays on the goal just met"
        );
        desk.send(TutorIntent::Next);
        assert_eq!(desk.tutor.page, Page::Step(1));
        assert_eq!(
            desk.tutor.hints, 0,
            "a new page starts with its hints folded"
        );

        // A step without a goal: Run completes it and the page stays to show what ran.
        desk.send(TutorIntent::RunStep);
        assert_eq!(desk.done(), 2);
        assert!(desk.script.ends_with("az role assignment list --all\n"));
        desk.send(TutorIntent::Back);
        assert_eq!(desk.tutor.page, Page::Step(0));
        desk.send(TutorIntent::Next);
        desk.send(TutorIntent::Next);
        assert_eq!(desk.tutor.page, Page::Step(2));

        desk.send(TutorIntent::Solution);
        assert!(desk.tutor.solution_ran);
        assert_eq!(desk.done(), 3);
        assert!(desk.tutor.progress.is_complete(&desk.lessons[0]));
        desk.send(TutorIntent::Next);
        assert_eq!(desk.tutor.page, Page::Done);
        desk.send(TutorIntent::Back);
        assert_eq!(desk.tutor.page, Page::Step(2));

        desk.send(TutorIntent::Leave);
        assert_eq!(desk.tutor.page, Page::Picker);
        assert_eq!(desk.tutor.active, None);
        assert_eq!(desk.tutor.kept, None);
        assert_eq!(desk.script, "az group create -n mine -l eastus\n");
        expect![[r#"
            Goal met: Turn it on. The next step is ready.
            Step done: Look around. The next step is ready.
            Goal met: Grant a role. Lesson complete: A test lesson.
            You left the lesson; your own script is back."#]]
        .assert_eq(&desk.said.join("\n"));
        assert_eq!(
            desk.focus[..3],
            [Target::Page, Target::Page, Target::Hint(0)]
        );
        assert_eq!(desk.focus[3], Target::Hint(1));
        assert_eq!(
            desk.focus.len(),
            11,
            "focus follows every page change and hint"
        );
        assert_eq!(
            desk.revealed, 3,
            "every step completed on its page shows its success"
        );
    }

    #[test]
    fn the_script_set_aside_survives_switching_lessons() {
        let mut desk = Desk::new("az group create -n mine -l eastus\n");
        desk.send(TutorIntent::Start(0));
        desk.send(TutorIntent::Choose(1));
        assert_eq!(
            desk.tutor.start_note(&desk.lessons, &desk.script).unwrap(),
            "Starting replaces the playground of the lesson you are in, “A test lesson”. Your own script stays set aside until you leave the lessons."
        );
        desk.send(TutorIntent::Start(1));
        assert_eq!(desk.tutor.active, Some(1));
        assert_eq!(
            desk.tutor.kept.as_deref(),
            Some("az group create -n mine -l eastus\n"),
            "the lesson's world is not set aside over the learner's script"
        );
        desk.send(TutorIntent::Leave);
        assert_eq!(desk.script, "az group create -n mine -l eastus\n");

        // Nothing to set aside: an empty playground.
        let mut desk = Desk::new("");
        assert_eq!(desk.tutor.start_note(&desk.lessons, ""), None);
        desk.send(TutorIntent::Start(0));
        assert_eq!(desk.tutor.kept, None);
        assert_eq!(desk.tutor.leave_label(), "Leave lesson");
        desk.send(TutorIntent::Leave);
        assert_eq!(
            desk.script, desk.lessons[0].setup,
            "leaving keeps the lesson's world"
        );
    }

    #[test]
    fn choosing_the_active_lesson_returns_to_its_step_and_resume_rebuilds_the_world() {
        let mut desk = Desk::new("");
        desk.send(TutorIntent::Start(0));
        desk.send(TutorIntent::Solution);
        desk.send(TutorIntent::Picker);
        desk.send(TutorIntent::Choose(0));
        assert_eq!(
            desk.tutor.page,
            Page::Step(1),
            "the current step, without a reload"
        );
        desk.send(TutorIntent::Leave);

        desk.send(TutorIntent::Choose(0));
        assert_eq!(desk.tutor.page, Page::Intro(0));
        desk.send(TutorIntent::Resume(0));
        assert_eq!(desk.tutor.page, Page::Step(1));
        assert_eq!(desk.script, desk.lessons[0].script_before(1));
        assert_eq!(desk.done(), 1, "resuming keeps the steps done");

        desk.send(TutorIntent::Start(0));
        assert_eq!(desk.tutor.page, Page::Step(0));
        assert_eq!(desk.done(), 0, "starting over starts from the first step");
    }

    #[test]
    fn the_open_lesson_is_saved_and_restored() {
        let lessons = lessons();
        let mut desk = Desk::new("echo mine\n");
        desk.send(TutorIntent::Start(1));
        desk.send(TutorIntent::Solution);
        let open = desk.tutor.save_open(&lessons);
        assert_eq!(
            open,
            r#"{"version":1,"lesson":"02-other","kept":"echo mine\n"}"#
        );
        let progress = desk.tutor.progress.save();
        let (tutor, messages) = Tutor::restore(&lessons, Some(&progress), Some(&open));
        assert_eq!(messages, Vec::<String>::new());
        assert_eq!(tutor.active, Some(1));
        assert_eq!(tutor.kept.as_deref(), Some("echo mine\n"));
        assert_eq!(tutor.page, Page::Step(1));
        assert!(tutor.expanded);

        let (tutor, messages) = Tutor::restore(&lessons, None, None);
        assert_eq!(tutor, Tutor::new());
        assert!(messages.is_empty());
    }

    fn check_restore(progress: Option<&str>, open: Option<&str>, expect: Expect) {
        let (tutor, messages) = Tutor::restore(&lessons(), progress, open);
        assert_eq!(tutor, Tutor::new(), "damage starts afresh");
        expect.assert_eq(&messages.join("\n"));
    }

    #[test]
    fn damaged_saved_state_is_explained_and_starts_afresh() {
        check_restore(
            Some("{oops"),
            None,
            expect!["Your lesson progress could not be read: it is not valid JSON (key must be a string at line 1 column 2). The lessons start unmarked; your playground is not affected."],
        );
        check_restore(
            None,
            Some("[1]"),
            expect!["The lesson you had open could not be read: it is not an object. Choose it again from the Lessons panel; your playground is not affected."],
        );
        check_restore(
            None,
            Some(r#"{"version":1,"lesson":3}"#),
            expect![[
                r#"The lesson you had open could not be read: its "lesson" is not text. Choose it again from the Lessons panel; your playground is not affected."#
            ]],
        );
        // A lesson this version does not have is simply not open; a script without a lesson is
        // not kept (leaving a lesson always brings it back).
        check_restore(
            None,
            Some(r#"{"version":1,"lesson":"99-gone","kept":"echo x"}"#),
            expect![""],
        );
    }

    #[test]
    fn narration_flows_into_paragraphs_and_lists() {
        let text = |t: &str| vec![Span::Text(t.into())];
        let blocks = vec![
            Block::Paragraph(text("a")),
            Block::Item(text("b")),
            Block::Item(text("c")),
            Block::Paragraph(text("d")),
            Block::Item(text("e")),
        ];
        let flowed = flow(&blocks);
        assert_eq!(
            flowed,
            [
                Flow::Paragraph(&text("a")),
                Flow::List(vec![&text("b")[..], &text("c")[..]]),
                Flow::Paragraph(&text("d")),
                Flow::List(vec![&text("e")[..]]),
            ]
        );
    }

    fn check_sentence(statement: &str, expect: Expect) {
        let shown = match describe_expectation(statement) {
            None => "(as written)".to_string(),
            Some(spans) => spans
                .iter()
                .map(|s| match s {
                    Span::Strong(t) => format!("**{t}**"),
                    Span::Emphasis(t) => format!("*{t}*"),
                    Span::Code(t) => format!("`{t}`"),
                    Span::Text(t) => t.clone(),
                    Span::Link { text, .. } => text.clone(),
                })
                .collect(),
        };
        expect.assert_eq(&shown);
    }

    #[test]
    fn expectations_read_as_sentences() {
        check_sentence(
            r#"mip expect allowed --from shop --action "Read blobs" --scope shopdata"#,
            expect!["**shop** can *Read blobs* on **shopdata**"],
        );
        check_sentence(
            r#"mip expect denied --reason no-role-assignment --from shop --action "Read blobs" --scope shopdata"#,
            expect!["**shop** cannot *Read blobs* on **shopdata**, because no role assignment applies at this scope"],
        );
        check_sentence(
            r#"mip expect allowed --from app-vm --action "Read blobs" --scope appdata --msi-res-id id-storage"#,
            expect!["**app-vm**, using identity **id-storage**, can *Read blobs* on **appdata**"],
        );
        check_sentence(
            r#"mip expect denied --from vm1 --action 'Get secrets' --scope kv --client-id 1234"#,
            expect!["**vm1**, using the identity `1234`, cannot *Get secrets* on **kv**"],
        );
        check_sentence(
            r#"mip expect allowed --as order-sync --action "Write blobs" --scope shopdata"#,
            expect!["**order-sync** can *Write blobs* on **shopdata**"],
        );
        check_sentence(
            "mip expect denied --from a --as b --action c --scope d",
            expect!["(as written)"],
        );
        check_sentence(
            "mip expect maybe --from a --action b --scope c",
            expect!["(as written)"],
        );
        check_sentence(
            "mip expect denied --from a --action b --scope c --reason because",
            expect!["(as written)"],
        );
        check_sentence(
            "mip expect denied --from a --action b",
            expect!["(as written)"],
        );
        check_sentence(
            "mip expect denied --from a --action b --scope c --verbose",
            expect!["(as written)"],
        );
        // Every goal of every lesson reads as a sentence.
        for lesson in catalog().unwrap() {
            for step in &lesson.steps {
                for statement in step.goal.iter().flat_map(|g| &g.expectations) {
                    assert!(describe_expectation(statement).is_some(), "{statement}");
                }
            }
        }
    }

    #[test]
    fn unmet_expectations_say_what_holds_now() {
        assert_eq!(
            not_yet("expected denied (no-role-assignment), but it was denied (no-identity): Denied before reaching Azure RBAC: no identity."),
            NotYet {
                now: "denied, because the resource has no managed identity".into(),
                why: Some("Denied before reaching Azure RBAC: no identity.".into()),
            }
        );
        assert_eq!(
            not_yet("expected allowed, but it was denied (no-role-assignment): Token for shop. Denied: none."),
            NotYet {
                now: "denied, because no role assignment applies at this scope".into(),
                why: Some("Token for shop. Denied: none.".into()),
            }
        );
        assert_eq!(
            not_yet("no resource is named 'shop'"),
            NotYet {
                now: "no resource is named 'shop'".into(),
                why: None
            }
        );
        // The core's wording, as the goal check sees it.
        let lesson = &lessons()[0];
        let session = Session::run(&lesson.setup);
        let status =
            crate::view::lesson::check_goal(lesson.steps[0].goal.as_ref().unwrap(), &session.world);
        let unmet = status.expectations[0].unmet.as_deref().unwrap();
        assert_eq!(
            not_yet(unmet).now,
            "denied, because the resource has no managed identity"
        );
    }
}
