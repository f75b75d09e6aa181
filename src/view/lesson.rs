//! Lessons: guided exercises kept as data in `static/lessons/NN-slug.md`, fetched by the
//! playground when first needed ([`LESSON_NAMES`], `ui::lesson_files`) and compiled in for
//! everything else ([`LESSON_FILES`]), parsed here ([`parse`]), and checked against the
//! learner's session after every action ([`Progress::observe`]).
//!
//! # The lesson format
//!
//! A lesson is a small Markdown file in the dialect `view::document` reads (shared with the
//! compare storylines), with hints and these blocks:
//!
//! ````text
//! title: System-assigned identities
//! rules: MI-1.1, MI-1.5
//!
//! The intro: one or two short paragraphs.
//!
//! ```setup
//! az group create -n demo -l eastus
//! ```
//!
//! ## Turn on the app's identity
//!
//! Narration for the step: paragraphs and `- ` list items, with **bold**, *emphasis*,
//! `code` and [links](https://learn.microsoft.com/) (https only).
//!
//! > hint: `az webapp identity assign` turns it on.
//!
//! ```run
//! mip check --from shop --action "Read blobs" --scope shopdata
//! ```
//!
//! ```goal
//! mip expect denied --reason no-role-assignment --from shop --action "Read blobs" --scope shopdata
//! ```
//!
//! ```solution
//! az webapp identity assign -g demo -n shop
//! ```
//! ````
//!
//! - Front matter: `key: value` lines up to the first blank line; `title` and `rules` (the ids of
//!   the Azure rules the lesson teaches, comma-separated) are both required.
//! - The intro and exactly one `setup` block come before the first step; setup builds the world
//!   the lesson starts from.
//! - `> note:` lines are speaker notes, shown only in a trainer's notes window: before the first
//!   step they are the intro's, after a step heading that step's.
//! - Each `## ` heading starts a step. A step has narration, any number of `> hint:` lines (shown
//!   one at a time), and at most one of each block:
//!   - `run`: statements the playground runs for the learner when they press the step's Run
//!     button; a step without a goal is completed by running it (or by Continue when it has no
//!     run block either).
//!   - `goal`: `mip expect` statements only, without variables (the learner's variables are their
//!     own). The goal is checked after every action; when every expectation holds, the step is
//!     done.
//!   - `solution`: what "show solution" runs; required with a goal. A solution without a goal is a
//!     task the playground cannot check: the learner continues when done.
//! - In a `setup`, `run` or `solution` block, a `# fails: CODE` comment line says the statement
//!   after it is meant to fail with that error code (`authorization-failed`, …): a lesson shows
//!   a denial by running it. Every other statement must succeed ([`expected_failures`]).
//!
//! Narration is text-level Markdown only, kept as data ([`Span`]s), never as HTML.
//!
//! Invariants: parsing never panics and every error names the file, the line and what to write
//! instead ([`DocumentError`], worded for lessons by [`LESSON_FORMAT`]); checking a goal never changes the learner's session (it runs on a
//! copy of the world); a completed step stays completed, because a later step may rightly undo
//! an earlier goal (turning an identity off after granting it a role).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{json, Map, Value};

use crate::sim::script::lexer::parse_script;
use crate::sim::script::session::Session;
use crate::sim::world::World;
use crate::view::document::{self, BlockKind, DocumentError, ErrorKind, Fenced, Format, Key};
pub use crate::view::document::{Block, Span};
use crate::view::saved::{describe, kind_of, read_versioned, StoredError};

/// For each statement of a block, the error code a `# fails: CODE` line just above it says the
/// statement must fail with, or `None` where it must succeed. Statements are counted as the
/// interpreter counts them, so the list lines up with the records the block produces.
pub fn expected_failures(block: &str) -> Vec<Option<String>> {
    let lines: Vec<&str> = block.lines().collect();
    parse_script(block)
        .iter()
        .map(|statement| {
            let line = match statement {
                Ok(s) => s.pos.line,
                Err(e) => e.pos.line,
            };
            line.checked_sub(2)
                .and_then(|above| lines.get(above))
                .and_then(|text| text.trim().strip_prefix("# fails:"))
                .map(|code| code.trim().to_string())
        })
        .collect()
}

/// The name of every lesson file, in order: all the playground compiles in. It fetches each
/// from `lessons/<name>` when the Lessons panel first needs them (`ui::lesson_files`), so the
/// text does not weigh on the page's first load.
pub const LESSON_NAMES: &[&str] = &[
    "01-why-managed-identities.md",
    "02-system-assigned.md",
    "03-user-assigned.md",
    "04-the-100-vm-problem.md",
    "05-turn-it-off-and-on-again.md",
    "06-control-plane-vs-data-plane.md",
    "07-several-user-assigned-identities.md",
    "08-key-vault-permission-models.md",
    "09-github-actions-federated-credential.md",
    "10-who-may-do-what.md",
    "11-keys-secrets-and-identities.md",
    "12-doing-it-as-the-vm.md",
];

/// Every lesson file, in order, compiled in, for what needs the text without a network: the
/// CLI, the tests, and the presenter, notes and embed pages. Lists the files of
/// [`LESSON_NAMES`], in the same order (a test checks).
pub const LESSON_FILES: &[(&str, &str)] = &[
    (
        "01-why-managed-identities.md",
        include_str!("../../static/lessons/01-why-managed-identities.md"),
    ),
    (
        "02-system-assigned.md",
        include_str!("../../static/lessons/02-system-assigned.md"),
    ),
    (
        "03-user-assigned.md",
        include_str!("../../static/lessons/03-user-assigned.md"),
    ),
    (
        "04-the-100-vm-problem.md",
        include_str!("../../static/lessons/04-the-100-vm-problem.md"),
    ),
    (
        "05-turn-it-off-and-on-again.md",
        include_str!("../../static/lessons/05-turn-it-off-and-on-again.md"),
    ),
    (
        "06-control-plane-vs-data-plane.md",
        include_str!("../../static/lessons/06-control-plane-vs-data-plane.md"),
    ),
    (
        "07-several-user-assigned-identities.md",
        include_str!("../../static/lessons/07-several-user-assigned-identities.md"),
    ),
    (
        "08-key-vault-permission-models.md",
        include_str!("../../static/lessons/08-key-vault-permission-models.md"),
    ),
    (
        "09-github-actions-federated-credential.md",
        include_str!("../../static/lessons/09-github-actions-federated-credential.md"),
    ),
    (
        "10-who-may-do-what.md",
        include_str!("../../static/lessons/10-who-may-do-what.md"),
    ),
    (
        "11-keys-secrets-and-identities.md",
        include_str!("../../static/lessons/11-keys-secrets-and-identities.md"),
    ),
    (
        "12-doing-it-as-the-vm.md",
        include_str!("../../static/lessons/12-doing-it-as-the-vm.md"),
    ),
];

/// Every lesson, parsed, in order.
pub fn catalog() -> Result<Vec<Lesson>, DocumentError> {
    LESSON_FILES
        .iter()
        .map(|(file, text)| parse(file, text))
        .collect()
}

/// One lesson, as its file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// The file name without `.md`, e.g. `02-system-assigned`: the key of its saved progress.
    pub id: String,
    pub title: String,
    /// The ids of the Azure rules it teaches, e.g. `MI-1.3`.
    pub rules: Vec<String>,
    pub intro: Vec<Block>,
    /// Speaker notes for the intro, shown only to a trainer presenting the lesson.
    pub notes: Vec<Vec<Span>>,
    /// The script that builds the world the lesson starts from.
    pub setup: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub title: String,
    /// The line of its `## ` heading.
    pub line: usize,
    pub narration: Vec<Block>,
    /// Shown one at a time, in order.
    pub hints: Vec<Vec<Span>>,
    /// Speaker notes: what a trainer presenting the step may say; learners never see them.
    pub notes: Vec<Vec<Span>>,
    /// Statements the playground runs for the learner (the Run button).
    pub run: Option<String>,
    /// What the learner must reach; `None` for a step completed by Run or Continue.
    pub goal: Option<Goal>,
    /// What "show solution" runs.
    pub solution: Option<String>,
}

/// `mip expect` statements that must all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub expectations: Vec<String>,
}

impl Goal {
    /// The goal as a script of `mip expect` statements.
    pub fn script(&self) -> String {
        let mut script = self.expectations.join("\n");
        script.push('\n');
        script
    }
}

impl Lesson {
    /// The step "show solution" runs: its solution, or for a step without one its run block.
    pub fn solution_script(&self, step: usize) -> Option<&str> {
        let step = self.steps.get(step)?;
        step.solution.as_deref().or(step.run.as_deref())
    }

    /// What a learner who followed every step before `step` has run: the setup, then each
    /// earlier step's run block and solution. "Skip to step" loads this.
    pub fn script_before(&self, step: usize) -> String {
        let mut script = self.setup.clone();
        for s in self.steps.iter().take(step) {
            for block in [&s.run, &s.solution].into_iter().flatten() {
                script.push_str(block);
            }
        }
        script
    }

    /// How each step's goal stands in `session` right now (`None` for steps without a goal).
    pub fn goals(&self, session: &Session) -> Vec<Option<GoalStatus>> {
        self.steps
            .iter()
            .map(|s| s.goal.as_ref().map(|g| check_goal(g, &session.world)))
            .collect()
    }
}

// ----- checking goals ----------------------------------------------------------------------------

/// How a goal stands: each expectation with the reason it does not hold yet, if it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalStatus {
    pub expectations: Vec<Expectation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub statement: String,
    /// Why it does not hold, as the core says it ("expected allowed, but it was denied …").
    pub unmet: Option<String>,
}

impl GoalStatus {
    pub fn met(&self) -> bool {
        self.expectations.iter().all(|e| e.unmet.is_none())
    }
}

/// Runs the goal's `mip expect` statements against a copy of `world`: the learner's session is
/// never touched (a check emits events and writes sign-in log entries).
pub fn check_goal(goal: &Goal, world: &World) -> GoalStatus {
    let mut probe = Session::new();
    probe.world = world.clone();
    let records = probe.execute(&goal.script());
    let expectations = goal
        .expectations
        .iter()
        .zip(
            records
                .iter()
                .map(|r| r.error.as_ref())
                .chain(std::iter::repeat(None)),
        )
        .map(|(statement, error)| Expectation {
            statement: statement.clone(),
            unmet: error.map(|e| e.message.clone()),
        })
        .collect();
    GoalStatus { expectations }
}

// ----- progress ----------------------------------------------------------------------------------

/// The `localStorage` key of lesson progress.
pub const PROGRESS_KEY: &str = "mip.lessons";

/// The progress format this app writes and the newest it reads.
pub const PROGRESS_VERSION: u64 = 1;

/// Which steps of which lessons the learner has completed. Steps are completed in order, so a
/// count per lesson says which; a completed lesson keeps its mark when restarted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    lessons: BTreeMap<String, LessonRecord>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LessonRecord {
    pub steps_done: usize,
    pub complete: bool,
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    pub fn record(&self, lesson_id: &str) -> LessonRecord {
        self.lessons.get(lesson_id).copied().unwrap_or_default()
    }

    pub fn steps_done(&self, lesson: &Lesson) -> usize {
        self.record(&lesson.id).steps_done.min(lesson.steps.len())
    }

    /// The step the learner is on; `None` once every step is done.
    pub fn current_step(&self, lesson: &Lesson) -> Option<usize> {
        let done = self.steps_done(lesson);
        (done < lesson.steps.len()).then_some(done)
    }

    /// Completed at least once (the picker's mark).
    pub fn is_complete(&self, lesson: &Lesson) -> bool {
        self.record(&lesson.id).complete || self.current_step(lesson).is_none()
    }

    /// After every action: completes the current step while its goal is met, and returns the
    /// steps completed now. Stops at a step without a goal, which waits for Run or Continue.
    pub fn observe(&mut self, lesson: &Lesson, session: &Session) -> Vec<usize> {
        let mut completed = Vec::new();
        while let Some(step) = self.current_step(lesson) {
            match &lesson.steps[step].goal {
                Some(goal) if check_goal(goal, &session.world).met() => {
                    self.complete_step(lesson, step);
                    completed.push(step);
                }
                _ => break,
            }
        }
        completed
    }

    /// Run or Continue on a step without a goal completes it; a step with a goal is completed
    /// only by reaching it. Returns whether the step was completed.
    pub fn continue_step(&mut self, lesson: &Lesson) -> bool {
        match self.current_step(lesson) {
            Some(step) if lesson.steps[step].goal.is_none() => {
                self.complete_step(lesson, step);
                true
            }
            _ => false,
        }
    }

    /// Starts the lesson again from its first step; a completed lesson keeps its mark.
    pub fn restart(&mut self, lesson: &Lesson) {
        let record = self.lessons.entry(lesson.id.clone()).or_default();
        record.steps_done = 0;
    }

    fn complete_step(&mut self, lesson: &Lesson, step: usize) {
        let record = self.lessons.entry(lesson.id.clone()).or_default();
        record.steps_done = step + 1;
        if record.steps_done >= lesson.steps.len() {
            record.complete = true;
        }
    }

    /// The JSON text to store: `{"version":1,"lessons":{"ID":{"steps_done":N,"complete":B}}}`.
    pub fn save(&self) -> String {
        let lessons: Map<String, Value> = self
            .lessons
            .iter()
            .map(|(id, r)| {
                (
                    id.clone(),
                    json!({ "steps_done": r.steps_done, "complete": r.complete }),
                )
            })
            .collect();
        json!({ "version": PROGRESS_VERSION, "lessons": lessons }).to_string()
    }

    /// The progress in stored text. Never panics, whatever storage holds; progress of lessons
    /// this version does not have is kept.
    pub fn restore(text: &str) -> Result<Progress, ProgressError> {
        let object = read_versioned(text, PROGRESS_VERSION, "\"lessons\"")?;
        let lessons = match object.get("lessons") {
            Some(Value::Object(lessons)) => lessons,
            Some(other) => {
                return Err(ProgressError::WrongShape(format!(
                    "its \"lessons\" is {} instead of an object",
                    kind_of(other)
                )))
            }
            None => return Err(ProgressError::WrongShape("it has no \"lessons\"".into())),
        };
        let mut progress = Progress::new();
        for (id, entry) in lessons {
            let wrong = |what: String| ProgressError::WrongShape(format!("lesson \"{id}\" {what}"));
            let Value::Object(entry) = entry else {
                return Err(wrong(format!("is {} instead of an object", kind_of(entry))));
            };
            let steps_done = match entry.get("steps_done") {
                Some(v) => v
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| {
                        wrong(format!(
                            "has \"steps_done\" {} instead of a whole number",
                            describe(v)
                        ))
                    })?,
                None => return Err(wrong("has no \"steps_done\"".into())),
            };
            let complete = match entry.get("complete") {
                Some(Value::Bool(b)) => *b,
                Some(v) => {
                    return Err(wrong(format!(
                        "has \"complete\" {} instead of true or false",
                        kind_of(v)
                    )))
                }
                None => return Err(wrong("has no \"complete\"".into())),
            };
            progress.lessons.insert(
                id.clone(),
                LessonRecord {
                    steps_done,
                    complete,
                },
            );
        }
        Ok(progress)
    }
}

/// Why stored progress could not be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressError {
    /// Not JSON; the parser's explanation is kept.
    Corrupt(String),
    /// JSON, but not lesson progress: says which part is missing or of the wrong type.
    WrongShape(String),
    /// Written by a newer version of the app, in a format this one does not know.
    TooNew { version: u64 },
}

impl fmt::Display for ProgressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgressError::Corrupt(detail) => write!(
                f,
                "Your lesson progress could not be read: it is not valid JSON ({detail}). The lessons start unmarked; your playground is not affected."
            ),
            ProgressError::WrongShape(what) => write!(
                f,
                "Your lesson progress could not be read: {what}. The lessons start unmarked; your playground is not affected."
            ),
            ProgressError::TooNew { version } => write!(
                f,
                "Your lesson progress was written by a newer version of the playground (format {version}; this version reads format {PROGRESS_VERSION}). Reload the page to get the newer version."
            ),
        }
    }
}

impl std::error::Error for ProgressError {}

impl From<StoredError> for ProgressError {
    fn from(error: StoredError) -> ProgressError {
        match error {
            StoredError::Corrupt(detail) => ProgressError::Corrupt(detail),
            StoredError::WrongShape(what) => ProgressError::WrongShape(what),
            StoredError::TooNew { version } => ProgressError::TooNew { version },
        }
    }
}

// ----- the picker --------------------------------------------------------------------------------

/// One row of the lesson picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerEntry {
    pub id: String,
    pub title: String,
    pub rules: Vec<String>,
    pub steps: usize,
    pub steps_done: usize,
    /// The completion mark.
    pub complete: bool,
}

pub fn picker(lessons: &[Lesson], progress: &Progress) -> Vec<PickerEntry> {
    lessons
        .iter()
        .map(|lesson| PickerEntry {
            id: lesson.id.clone(),
            title: lesson.title.clone(),
            rules: lesson.rules.clone(),
            steps: lesson.steps.len(),
            steps_done: progress.steps_done(lesson),
            complete: progress.is_complete(lesson),
        })
        .collect()
}

// ----- parsing -----------------------------------------------------------------------------------

/// What a lesson file may contain: hints, and a step's run, goal and solution blocks.
pub static LESSON_FORMAT: Format = Format {
    noun: "lesson",
    keys: &[Key::Title, Key::Rules],
    blocks: &[
        BlockKind::Setup,
        BlockKind::Run,
        BlockKind::Goal,
        BlockKind::Solution,
    ],
    during_step: &[BlockKind::Run],
    hints: true,
};

/// Parses a lesson file; `file` is its name (`02-system-assigned.md`), used for the id and in
/// errors.
pub fn parse(file: &str, text: &str) -> Result<Lesson, DocumentError> {
    let error = |line: usize, kind: ErrorKind| DocumentError {
        file: file.to_string(),
        line,
        kind,
        format: &LESSON_FORMAT,
    };
    let document = document::read(file, text, &LESSON_FORMAT)?;
    let mut steps = Vec::new();
    for section in document.steps {
        let goal = match section.block(BlockKind::Goal) {
            Some(block) => Some(goal(block).map_err(|(l, k)| error(l, k))?),
            None => None,
        };
        let script = |kind: BlockKind| section.block(kind).map(|b| b.script.clone());
        let solution = script(BlockKind::Solution);
        if goal.is_some() && solution.is_none() {
            return Err(error(section.line, ErrorKind::GoalWithoutSolution));
        }
        steps.push(Step {
            run: script(BlockKind::Run),
            title: section.title,
            line: section.line,
            narration: section.narration,
            hints: section.hints,
            notes: section.notes,
            goal,
            solution,
        });
    }
    Ok(Lesson {
        id: file.strip_suffix(".md").unwrap_or(file).to_string(),
        title: document.title,
        rules: document.rules,
        intro: document.intro,
        notes: document.notes,
        setup: document.setup.script,
        steps,
    })
}

/// A goal block's expectations: `mip expect` statements only, without variables (the learner's
/// variables are their own), one per line whatever continuation lines the author used.
fn goal(block: &Fenced) -> Result<Goal, (usize, ErrorKind)> {
    let mut expectations = Vec::new();
    for (line, text) in &block.statements {
        let mut words = text.split_whitespace();
        if (words.next(), words.next()) != (Some("mip"), Some("expect")) {
            return Err((*line, ErrorKind::GoalNotExpect(text.clone())));
        }
        if text.contains('$') {
            return Err((*line, ErrorKind::GoalUsesVariable(text.clone())));
        }
        expectations.push(text.clone());
    }
    Ok(Goal { expectations })
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    #[test]
    fn fails_comments_mark_the_statement_below() {
        let block = "mip on vm1\n# fails: authorization-failed\naz group create -n rg2 -l eastus\n\n# just a comment\naz group list\n";
        assert_eq!(
            expected_failures(block),
            [None, Some("authorization-failed".to_string()), None]
        );
    }
    use crate::view::document::inline;

    /// A small lesson: the base every parser test edits.
    const LESSON: &str = "\
title: A test lesson
rules: MI-1.1, RB-4.10

An intro with **bold**.

> note: Ten minutes.

```setup
az group create -n rg -l eastus
az vm create -g rg -n vm1
az storage account create -g rg -n st1
```

## Turn the identity on

Turn on vm1's identity.

> hint: `az vm identity assign`

> note: Ask who has seen **Identity not found** in the portal.

```goal
mip expect denied --reason no-role-assignment --from vm1 --action 'Read blobs' --scope st1
```

```solution
az vm identity assign -g rg -n vm1
```

## Look around

Nothing to reach here.

```run
az role assignment list --all
```

## Grant it

Grant a data role.

```goal
mip expect allowed --from vm1 --action 'Read blobs' --scope st1
```

```solution
az role assignment create --assignee $(az vm show -g rg -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg -n st1 --query id -o tsv)
```
";

    fn lesson() -> Lesson {
        parse("01-test.md", LESSON).unwrap()
    }

    /// Parses `text` and snapshots the error (or "ok").
    fn check_error(text: &str, expect: Expect) {
        let shown = match parse("02-test.md", text) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        };
        expect.assert_eq(&shown);
    }

    /// The base lesson with `from` replaced by `to` (which must occur).
    fn edited(from: &str, to: &str) -> String {
        assert!(LESSON.contains(from), "{from}");
        LESSON.replacen(from, to, 1)
    }

    #[test]
    fn a_lesson_parses_into_its_parts() {
        let lesson = lesson();
        assert_eq!(lesson.id, "01-test");
        assert_eq!(lesson.title, "A test lesson");
        assert_eq!(lesson.rules, ["MI-1.1", "RB-4.10"]);
        assert_eq!(
            lesson.intro,
            [Block::Paragraph(vec![
                Span::Text("An intro with ".into()),
                Span::Strong("bold".into()),
                Span::Text(".".into())
            ])]
        );
        assert!(lesson.setup.starts_with("az group create"));
        let titles: Vec<&str> = lesson.steps.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Turn the identity on", "Look around", "Grant it"]);
        let first = &lesson.steps[0];
        assert_eq!(first.line, 14);
        assert_eq!(
            first.hints,
            [vec![Span::Code("az vm identity assign".into())]]
        );
        assert_eq!(
            first.notes,
            [vec![
                Span::Text("Ask who has seen ".into()),
                Span::Strong("Identity not found".into()),
                Span::Text(" in the portal.".into())
            ]]
        );
        assert_eq!(lesson.notes, [vec![Span::Text("Ten minutes.".into())]]);
        assert!(lesson.steps[1].notes.is_empty());
        assert_eq!(
            first.goal.as_ref().unwrap().expectations,
            ["mip expect denied --reason no-role-assignment --from vm1 --action 'Read blobs' --scope st1"]
        );
        assert_eq!(
            lesson.solution_script(0),
            Some("az vm identity assign -g rg -n vm1\n")
        );
        assert_eq!(
            lesson.solution_script(1),
            Some("az role assignment list --all\n"),
            "a step without a solution shows its run block"
        );
        assert_eq!(lesson.solution_script(7), None);
        assert_eq!(
            lesson.script_before(2),
            format!(
                "{}az vm identity assign -g rg -n vm1\naz role assignment list --all\n",
                lesson.setup
            )
        );
    }

    #[test]
    fn errors_name_the_file_and_line_and_say_what_to_write() {
        check_error(
            &edited(
                "mip expect denied --reason",
                "az vm show -g rg -n vm1\nmip expect denied --reason",
            ),
            expect!["02-test.md line 23: a goal block must contain only mip expect statements, not 'az vm show -g rg -n vm1'; move it to the step's ```run or ```solution block"],
        );
        check_error(
            &edited("--scope st1\n```\n\n```solution\naz vm", "--scope $id\n```\n\n```solution\naz vm"),
            expect!["02-test.md line 23: a goal cannot use variables ('mip expect denied --reason no-role-assignment --from vm1 --action 'Read blobs' --scope $id'): the learner's variables are their own; name resources instead (--scope shopdata)"],
        );
        check_error(
            "An intro.\n",
            expect!["02-test.md line 1: a lesson starts with its front matter: a 'title: …' line and a 'rules: MI-1.1, …' line, then a blank line"],
        );
        check_error(
            &edited("rules: MI-1.1, RB-4.10", "rules: MI-1.1, RB4.10"),
            expect!["02-test.md line 2: 'RB4.10' is not a rule id; rule ids look like MI-1.3 or RB-4.10, separated by commas"],
        );
        check_error(
            &edited("rules: MI-1.1, RB-4.10\n", "rules: MI-1.1\nlevel: 2\n"),
            expect!["02-test.md line 3: unknown front matter key 'level'; the keys are 'title' and 'rules'"],
        );
        check_error(
            &edited("rules: MI-1.1, RB-4.10\n", ""),
            expect!["02-test.md line 1: the front matter has no 'rules:' line"],
        );
        check_error(
            &edited("```setup", "```bash"),
            expect![
                "02-test.md line 8: unknown block kind 'bash': use setup, run, goal or solution"
            ],
        );
        check_error(
            &edited("az role assignment list --all\n```", "az role assignment list --all\n"),
            expect!["02-test.md line 34: the ```run block is never closed; end it with a line holding only ```"],
        );
        check_error(
            &edited("```solution\naz vm identity assign -g rg -n vm1\n```\n", ""),
            expect!["02-test.md line 14: this step has a goal but no ```solution block: 'show solution' needs one"],
        );
        check_error(
            &edited("```setup\n", "```run\necho early\n```\n\n```setup\n"),
            expect!["02-test.md line 8: a ```run block belongs to a step: put it after a '## ' step heading"],
        );
        check_error(
            &edited("```run\n", "```setup\necho late\n```\n\n```run\n"),
            expect!["02-test.md line 34: a ```setup block belongs before the first step; for statements run during a step, use ```run"],
        );
        check_error(
            &edited("```run\n", "```goal\nmip expect allowed --from vm1 --action 'Read blobs' --scope st1\n```\n\n```goal\n"),
            expect!["02-test.md line 38: a step has at most one ```goal block; merge them, or split the step"],
        );
        check_error(
            &edited("az vm create -g rg -n vm1", "az vm create -g rg -n 'vm1"),
            expect!["02-test.md line 10: in the ```setup block: unclosed single quote ('): add the matching ' where the quoted text ends"],
        );
        check_error(
            &edited("Nothing to reach here.", "Nothing to **reach here."),
            expect!["02-test.md line 32: '**' is never closed; close it, or write \\* for a literal asterisk"],
        );
        check_error(
            &edited("Grant a data role.", "Grant a data role,\nsee `az role"),
            expect![[
                r#"02-test.md line 41: '`' is never closed; close it, or write \` for a literal backtick"#
            ]],
        );
        check_error(&edited("--scope st1\n```\n", "--scope st1\n"), expect!["02-test.md line 22: the ```goal block is never closed; end it with a line holding only ```"]);
        check_error(
            &edited("Grant a data role.", "Grant a [data role](http://example.com)."),
            expect!["02-test.md line 40: the link 'http://example.com' is not an https:// address; only https links are allowed"],
        );
        check_error(
            &edited("Grant a data role.", "Grant a [data role](javascript:alert(1))."),
            expect!["02-test.md line 40: the link 'javascript:alert(1' is not an https:// address; only https links are allowed"],
        );
        check_error(
            &edited("> hint:", "> tip:"),
            expect!["02-test.md line 18: a quoted line must be a hint ('> hint: …') or a speaker note ('> note: …')"],
        );
        check_error(
            &edited("> note: Ten minutes.", "> note:"),
            expect!["02-test.md line 6: the speaker note is empty"],
        );
        check_error(
            &edited("## Look around", "### Look around"),
            expect!["02-test.md line 30: '###' headings are not used; a step starts with '## '"],
        );
        check_error(
            &edited("Nothing to reach here.\n", ""),
            expect!["02-test.md line 30: this step has no narration; say in a sentence or two what the learner does and why"],
        );
        check_error(
            &edited("```setup\naz group create -n rg -l eastus\naz vm create -g rg -n vm1\naz storage account create -g rg -n st1\n```\n", ""),
            expect!["02-test.md line 4: the lesson has no ```setup block; put one before the first step (it may create nothing but a resource group)"],
        );
    }

    #[test]
    fn narration_is_spans_of_text_never_html() {
        let spans = |text: &str| inline(text).unwrap();
        assert_eq!(
            spans("<script>alert('x')</script> and <b>bold</b>"),
            [Span::Text(
                "<script>alert('x')</script> and <b>bold</b>".into()
            )]
        );
        assert_eq!(
            spans(
                "Use **Owner**, *not* `*/read`; see [the docs](https://learn.microsoft.com/azure)."
            ),
            [
                Span::Text("Use ".into()),
                Span::Strong("Owner".into()),
                Span::Text(", ".into()),
                Span::Emphasis("not".into()),
                Span::Text(" ".into()),
                Span::Code("*/read".into()),
                Span::Text("; see ".into()),
                Span::Link {
                    text: "the docs".into(),
                    url: "https://learn.microsoft.com/azure".into()
                },
                Span::Text(".".into()),
            ]
        );
        // Brackets without a link, a lone asterisk, escapes, and line breaks.
        assert_eq!(
            spans("--identities [system] costs 5 * 3\nand \\*stars\\* stay"),
            [Span::Text(
                "--identities [system] costs 5 * 3 and *stars* stay".into()
            )]
        );
        assert_eq!(
            spans("`<img src=x onerror=alert(1)>`"),
            [Span::Code("<img src=x onerror=alert(1)>".into())]
        );
        let lesson = parse(
            "03-test.md",
            &edited(
                "Nothing to reach here.",
                "<script>alert(1)</script> stays text.",
            ),
        )
        .unwrap();
        assert_eq!(
            lesson.steps[1].narration,
            [Block::Paragraph(vec![Span::Text(
                "<script>alert(1)</script> stays text.".into()
            )])]
        );
    }

    #[test]
    fn list_items_and_paragraphs() {
        let lesson = parse(
            "04-test.md",
            &edited(
                "Nothing to reach here.",
                "First line\ncontinues.\n\n- one\n- two\n  wraps",
            ),
        )
        .unwrap();
        assert_eq!(
            lesson.steps[1].narration,
            [
                Block::Paragraph(vec![Span::Text("First line continues.".into())]),
                Block::Item(vec![Span::Text("one".into())]),
                Block::Item(vec![Span::Text("two wraps".into())]),
            ]
        );
    }

    #[test]
    fn checking_a_goal_leaves_the_session_as_it_was() {
        let lesson = lesson();
        let session = Session::run(&lesson.setup);
        let before = session.clone();
        let goals = lesson.goals(&session);
        assert_eq!(session, before);
        let first = goals[0].as_ref().unwrap();
        assert!(!first.met());
        let unmet = first.expectations[0].unmet.as_deref().unwrap();
        assert!(
            unmet.starts_with(
                "expected denied (no-role-assignment), but it was denied (no-identity)"
            ),
            "{unmet}"
        );
        assert!(goals[1].is_none());
    }

    #[test]
    fn steps_complete_in_order_and_stay_complete() {
        let lesson = lesson();
        let mut progress = Progress::new();
        let mut session = Session::run(&lesson.setup);
        assert_eq!(progress.observe(&lesson, &session), Vec::<usize>::new());
        assert_eq!(progress.current_step(&lesson), Some(0));
        assert!(
            !progress.continue_step(&lesson),
            "a goal is reached, not skipped"
        );

        session.execute(lesson.solution_script(0).unwrap());
        assert_eq!(progress.observe(&lesson, &session), [0]);
        assert_eq!(progress.current_step(&lesson), Some(1));
        // The next step has no goal: it waits for Run or Continue, even if the third is met.
        session.execute(lesson.solution_script(2).unwrap());
        assert_eq!(progress.observe(&lesson, &session), Vec::<usize>::new());
        assert!(progress.continue_step(&lesson));
        assert_eq!(progress.observe(&lesson, &session), [2]);
        assert_eq!(progress.current_step(&lesson), None);
        assert!(progress.is_complete(&lesson));
        // The first goal no longer holds (the identity has a role now); step 0 stays done.
        assert!(!lesson.goals(&session)[0].as_ref().unwrap().met());
        assert_eq!(progress.steps_done(&lesson), 3);

        progress.restart(&lesson);
        assert_eq!(progress.current_step(&lesson), Some(0));
        assert!(progress.is_complete(&lesson), "the completion mark stays");
        let entries = picker(std::slice::from_ref(&lesson), &progress);
        assert_eq!(
            entries,
            [PickerEntry {
                id: "01-test".into(),
                title: "A test lesson".into(),
                rules: vec!["MI-1.1".into(), "RB-4.10".into()],
                steps: 3,
                steps_done: 0,
                complete: true,
            }]
        );
    }

    #[test]
    fn progress_is_saved_and_restored() {
        let lesson = lesson();
        let mut progress = Progress::new();
        assert_eq!(progress.save(), r#"{"version":1,"lessons":{}}"#);
        let session = Session::run(&lesson.script_before(1));
        progress.observe(&lesson, &session);
        let saved = progress.save();
        assert_eq!(
            saved,
            r#"{"version":1,"lessons":{"01-test":{"steps_done":1,"complete":false}}}"#
        );
        assert_eq!(Progress::restore(&saved), Ok(progress));
        assert_eq!(PROGRESS_KEY, "mip.lessons");
    }

    fn check_restore(stored: &str, expect: Expect) {
        let shown = match Progress::restore(stored) {
            Ok(p) => format!("ok: {}", p.save()),
            Err(e) => format!("error: {e}"),
        };
        expect.assert_eq(&shown);
    }

    #[test]
    fn restoring_damaged_progress_says_what_is_wrong() {
        check_restore(
            r#"{"lessons":{"gone":{"steps_done":4,"complete":true}},"version":1}"#,
            expect![[r#"ok: {"version":1,"lessons":{"gone":{"steps_done":4,"complete":true}}}"#]],
        );
        check_restore("{", expect!["error: Your lesson progress could not be read: it is not valid JSON (EOF while parsing an object at line 1 column 1). The lessons start unmarked; your playground is not affected."]);
        check_restore(
            "[]",
            expect![[
                r#"error: Your lesson progress could not be read: it holds a list instead of an object with "version" and "lessons". The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(
            r#"{"lessons":{}}"#,
            expect![[
                r#"error: Your lesson progress could not be read: it has no "version". The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(
            r#"{"version":"1","lessons":{}}"#,
            expect![[
                r#"error: Your lesson progress could not be read: its "version" is text instead of a whole number. The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(
            r#"{"version":0,"lessons":{}}"#,
            expect![[
                r#"error: Your lesson progress could not be read: its "version" is 0, which no version of the playground writes. The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(r#"{"version":2,"lessons":[]}"#, expect!["error: Your lesson progress was written by a newer version of the playground (format 2; this version reads format 1). Reload the page to get the newer version."]);
        check_restore(
            r#"{"version":1}"#,
            expect![[
                r#"error: Your lesson progress could not be read: it has no "lessons". The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(
            r#"{"version":1,"lessons":[]}"#,
            expect![[
                r#"error: Your lesson progress could not be read: its "lessons" is a list instead of an object. The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(
            r#"{"version":1,"lessons":{"a":3}}"#,
            expect![[
                r#"error: Your lesson progress could not be read: lesson "a" is a number instead of an object. The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(
            r#"{"version":1,"lessons":{"a":{"steps_done":-1,"complete":false}}}"#,
            expect![[
                r#"error: Your lesson progress could not be read: lesson "a" has "steps_done" -1 instead of a whole number. The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(
            r#"{"version":1,"lessons":{"a":{"steps_done":1,"complete":"yes"}}}"#,
            expect![[
                r#"error: Your lesson progress could not be read: lesson "a" has "complete" text instead of true or false. The lessons start unmarked; your playground is not affected."#
            ]],
        );
        check_restore(
            r#"{"version":1,"lessons":{"a":{"complete":true}}}"#,
            expect![[
                r#"error: Your lesson progress could not be read: lesson "a" has no "steps_done". The lessons start unmarked; your playground is not affected."#
            ]],
        );
    }

    #[test]
    fn the_catalog_parses() {
        let lessons = catalog().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lessons.len(), LESSON_FILES.len());
    }
}
