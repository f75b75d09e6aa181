//! Lessons: guided exercises kept as data in `static/lessons/NN-slug.md`, compiled into the app
//! ([`LESSON_FILES`]), parsed here ([`parse`]), and checked against the learner's session after
//! every action ([`Progress::observe`]).
//!
//! # The lesson format
//!
//! A lesson is a small Markdown file with fenced blocks, parsed by hand:
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
//!
//! Narration is text-level Markdown only, kept as data ([`Span`]s), never as HTML: anything
//! else, `<script>` included, is text. Backslash escapes `\*`, `` \` ``, `\[` and `\\`.
//!
//! Invariants: parsing never panics and every error names the file, the line and what to write
//! instead ([`LessonError`]); checking a goal never changes the learner's session (it runs on a
//! copy of the world); a completed step stays completed, because a later step may rightly undo
//! an earlier goal (turning an identity off after granting it a role).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{json, Map, Value};

use crate::sim::script::lexer::parse_script;
use crate::sim::script::session::Session;
use crate::sim::world::World;
use crate::view::saved::{describe, kind_of, read_versioned, StoredError};

/// Every lesson file, in order, compiled in: lessons are "loaded" at build time.
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
];

/// Every lesson, parsed, in order.
pub fn catalog() -> Result<Vec<Lesson>, LessonError> {
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

/// A block of narration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Span>),
    /// One `- ` list item.
    Item(Vec<Span>),
}

/// Text-level formatting: the whole of what narration may contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Strong(String),
    Emphasis(String),
    Code(String),
    /// `url` always starts with `https://`.
    Link {
        text: String,
        url: String,
    },
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

// ----- errors ------------------------------------------------------------------------------------

/// A mistake in a lesson file, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    pub file: String,
    pub line: usize,
    pub kind: LessonErrorKind,
}

/// The kinds of fenced block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Setup,
    Run,
    Goal,
    Solution,
}

impl BlockKind {
    fn parse(word: &str) -> Option<BlockKind> {
        match word {
            "setup" => Some(BlockKind::Setup),
            "run" => Some(BlockKind::Run),
            "goal" => Some(BlockKind::Goal),
            "solution" => Some(BlockKind::Solution),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Setup => "setup",
            BlockKind::Run => "run",
            BlockKind::Goal => "goal",
            BlockKind::Solution => "solution",
        }
    }
}

/// What is wrong; [`LessonError`]'s `Display` says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonErrorKind {
    /// The file does not start with `key: value` lines.
    NoFrontMatter,
    NotFrontMatter(String),
    UnknownKey(String),
    DuplicateKey(String),
    MissingKey(&'static str),
    EmptyTitle,
    NoRules,
    BadRuleId(String),
    NoIntro,
    NoSetup,
    DuplicateBlock(BlockKind),
    SetupInStep,
    BlockBeforeSteps(BlockKind),
    UnknownBlock(String),
    UnclosedBlock(BlockKind),
    EmptyBlock(BlockKind),
    /// A statement in a block does not parse; the lexer's message.
    Syntax {
        block: BlockKind,
        message: String,
    },
    GoalNotExpect(String),
    GoalUsesVariable(String),
    GoalWithoutSolution,
    NoSteps,
    EmptyStepTitle,
    NoNarration,
    HeadingLevel(String),
    StrayQuote,
    HintBeforeSteps,
    EmptyHint,
    EmptyNote,
    Unclosed(Marker),
    LinkNotHttps(String),
    UnclosedLink,
}

/// Inline Markdown markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Strong,
    Emphasis,
    Code,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LessonErrorKind as K;
        write!(f, "{} line {}: ", self.file, self.line)?;
        match &self.kind {
            K::NoFrontMatter => write!(f, "a lesson starts with its front matter: a 'title: …' line and a 'rules: MI-1.1, …' line, then a blank line"),
            K::NotFrontMatter(line) => write!(f, "'{line}' is not a 'key: value' line; end the front matter with a blank line before the intro"),
            K::UnknownKey(key) => write!(f, "unknown front matter key '{key}'; the keys are 'title' and 'rules'"),
            K::DuplicateKey(key) => write!(f, "'{key}' is given twice; keep one"),
            K::MissingKey(key) => write!(f, "the front matter has no '{key}:' line"),
            K::EmptyTitle => write!(f, "the title is empty"),
            K::NoRules => write!(f, "cite at least one rule, e.g. 'rules: MI-1.1, MI-1.5'"),
            K::BadRuleId(id) => write!(f, "'{id}' is not a rule id; rule ids look like MI-1.3 or RB-4.10, separated by commas"),
            K::NoIntro => write!(f, "write a short intro paragraph after the front matter"),
            K::NoSetup => write!(f, "the lesson has no ```setup block; put one before the first step (it may create nothing but a resource group)"),
            K::DuplicateBlock(kind) => match kind {
                BlockKind::Setup => write!(f, "a lesson has one ```setup block; merge them"),
                _ => write!(f, "a step has at most one ```{} block; merge them, or split the step", kind.name()),
            },
            K::SetupInStep => write!(f, "a ```setup block belongs before the first step; for statements run during a step, use ```run"),
            K::BlockBeforeSteps(kind) => write!(f, "a ```{} block belongs to a step: put it after a '## ' step heading", kind.name()),
            K::UnknownBlock(word) if word.is_empty() => write!(f, "a fenced block needs a kind: ```setup, ```run, ```goal or ```solution"),
            K::UnknownBlock(word) => write!(f, "unknown block kind '{word}': use setup, run, goal or solution"),
            K::UnclosedBlock(kind) => write!(f, "the ```{} block is never closed; end it with a line holding only ```", kind.name()),
            K::EmptyBlock(kind) => write!(f, "the ```{} block is empty", kind.name()),
            K::Syntax { block, message } => write!(f, "in the ```{} block: {message}", block.name()),
            K::GoalNotExpect(statement) => write!(f, "a goal block must contain only mip expect statements, not '{statement}'; move it to the step's ```run or ```solution block"),
            K::GoalUsesVariable(statement) => write!(f, "a goal cannot use variables ('{statement}'): the learner's variables are their own; name resources instead (--scope shopdata)"),
            K::GoalWithoutSolution => write!(f, "this step has a goal but no ```solution block: 'show solution' needs one"),
            K::NoSteps => write!(f, "the lesson has no steps; start one with a '## ' heading"),
            K::EmptyStepTitle => write!(f, "a step heading needs a title after '## '"),
            K::NoNarration => write!(f, "this step has no narration; say in a sentence or two what the learner does and why"),
            K::HeadingLevel(hashes) => write!(f, "'{hashes}' headings are not used; a step starts with '## '"),
            K::StrayQuote => write!(f, "a quoted line must be a hint ('> hint: …') or a speaker note ('> note: …')"),
            K::HintBeforeSteps => write!(f, "a hint belongs to a step: put it after a '## ' step heading"),
            K::EmptyHint => write!(f, "the hint is empty"),
            K::EmptyNote => write!(f, "the speaker note is empty"),
            K::Unclosed(marker) => match marker {
                Marker::Strong => write!(f, "'**' is never closed; close it, or write \\* for a literal asterisk"),
                Marker::Emphasis => write!(f, "'*' is never closed; close it, or write \\* for a literal asterisk"),
                Marker::Code => write!(f, "'`' is never closed; close it, or write \\` for a literal backtick"),
            },
            K::LinkNotHttps(url) => write!(f, "the link '{url}' is not an https:// address; only https links are allowed"),
            K::UnclosedLink => write!(f, "the link's '(' is never closed; write [text](https://…), or \\[ for a literal bracket"),
        }
    }
}

impl std::error::Error for LessonError {}

// ----- parsing -----------------------------------------------------------------------------------

/// Parses a lesson file; `file` is its name (`02-system-assigned.md`), used for the id and in
/// errors.
pub fn parse(file: &str, text: &str) -> Result<Lesson, LessonError> {
    let error = |line: usize, kind: LessonErrorKind| LessonError {
        file: file.to_string(),
        line,
        kind,
    };
    let lines: Vec<&str> = text.lines().collect();

    // Front matter.
    let mut title: Option<String> = None;
    let mut rules: Option<Vec<String>> = None;
    let mut i = 0;
    while i < lines.len() && !lines[i].trim().is_empty() {
        let number = i + 1;
        let Some((key, value)) = lines[i].split_once(':') else {
            let kind = if i == 0 {
                LessonErrorKind::NoFrontMatter
            } else {
                LessonErrorKind::NotFrontMatter(lines[i].trim().to_string())
            };
            return Err(error(number, kind));
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "title" => {
                if title.is_some() {
                    return Err(error(number, LessonErrorKind::DuplicateKey(key.into())));
                }
                if value.is_empty() {
                    return Err(error(number, LessonErrorKind::EmptyTitle));
                }
                title = Some(value.to_string());
            }
            "rules" => {
                if rules.is_some() {
                    return Err(error(number, LessonErrorKind::DuplicateKey(key.into())));
                }
                let ids: Vec<String> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                if ids.is_empty() {
                    return Err(error(number, LessonErrorKind::NoRules));
                }
                if let Some(bad) = ids.iter().find(|id| !is_rule_id(id)) {
                    return Err(error(number, LessonErrorKind::BadRuleId(bad.clone())));
                }
                rules = Some(ids);
            }
            other if i == 0 && other.contains(' ') => {
                return Err(error(number, LessonErrorKind::NoFrontMatter))
            }
            other => return Err(error(number, LessonErrorKind::UnknownKey(other.into()))),
        }
        i += 1;
    }
    if i == 0 {
        return Err(error(1, LessonErrorKind::NoFrontMatter));
    }
    let title = title.ok_or_else(|| error(1, LessonErrorKind::MissingKey("title")))?;
    let rules = rules.ok_or_else(|| error(1, LessonErrorKind::MissingKey("rules")))?;

    // The body: the intro section, then one section per step.
    let mut sections = vec![Section::new(None, i + 2)];
    let mut text_block: Option<TextBlock> = None;
    while i < lines.len() {
        let number = i + 1;
        let line = lines[i];
        let trimmed = line.trim();
        let section = sections.len() - 1;
        if trimmed.is_empty() {
            flush(&mut text_block, &mut sections[section]);
            i += 1;
            continue;
        }
        if let Some(word) = trimmed.strip_prefix("```") {
            flush(&mut text_block, &mut sections[section]);
            let word = word.trim();
            let kind = BlockKind::parse(word)
                .ok_or_else(|| error(number, LessonErrorKind::UnknownBlock(word.into())))?;
            // The next fence must close this block: an opening fence first means it never does.
            let close = lines[i + 1..]
                .iter()
                .position(|l| l.trim().starts_with("```"))
                .filter(|&n| lines[i + 1 + n].trim() == "```")
                .ok_or_else(|| error(number, LessonErrorKind::UnclosedBlock(kind)))?;
            let body = &lines[i + 1..i + 1 + close];
            let current = &mut sections[section];
            match (kind, current.title.is_some()) {
                (BlockKind::Setup, true) => {
                    return Err(error(number, LessonErrorKind::SetupInStep))
                }
                (BlockKind::Setup, false) => {}
                (other, false) => {
                    return Err(error(number, LessonErrorKind::BlockBeforeSteps(other)))
                }
                _ => {}
            }
            if current.blocks.iter().any(|b| b.kind == kind) {
                return Err(error(number, LessonErrorKind::DuplicateBlock(kind)));
            }
            let script = check_block(kind, body, number + 1).map_err(|(l, k)| error(l, k))?;
            current.blocks.push(FencedBlock { kind, script });
            i += close + 2;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("##") {
            if rest.starts_with('#') {
                let hashes = trimmed.split(|c| c != '#').next().unwrap_or("#");
                return Err(error(number, LessonErrorKind::HeadingLevel(hashes.into())));
            }
            flush(&mut text_block, &mut sections[section]);
            let heading = rest.trim();
            if heading.is_empty() {
                return Err(error(number, LessonErrorKind::EmptyStepTitle));
            }
            sections.push(Section::new(Some(heading.to_string()), number));
            i += 1;
            continue;
        }
        if trimmed.starts_with('#') {
            let hashes = trimmed.split(|c| c != '#').next().unwrap_or("#");
            return Err(error(number, LessonErrorKind::HeadingLevel(hashes.into())));
        }
        if let Some(quoted) = trimmed.strip_prefix('>') {
            flush(&mut text_block, &mut sections[section]);
            let quoted = quoted.trim_start();
            if let Some(note) = quoted.strip_prefix("note:") {
                // Notes may come before the steps: they are the intro's, for the title slide.
                let note = note.trim();
                if note.is_empty() {
                    return Err(error(number, LessonErrorKind::EmptyNote));
                }
                sections[section].notes.push((number, note.to_string()));
                i += 1;
                continue;
            }
            let Some(hint) = quoted.strip_prefix("hint:") else {
                return Err(error(number, LessonErrorKind::StrayQuote));
            };
            if sections[section].title.is_none() {
                return Err(error(number, LessonErrorKind::HintBeforeSteps));
            }
            let hint = hint.trim();
            if hint.is_empty() {
                return Err(error(number, LessonErrorKind::EmptyHint));
            }
            sections[section].hints.push((number, hint.to_string()));
            i += 1;
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            flush(&mut text_block, &mut sections[section]);
            text_block = Some(TextBlock {
                item: true,
                lines: vec![(number, item.trim().to_string())],
            });
        } else {
            text_block
                .get_or_insert_with(|| TextBlock {
                    item: false,
                    lines: Vec::new(),
                })
                .lines
                .push((number, trimmed.to_string()));
        }
        i += 1;
    }
    let last = sections.len() - 1;
    flush(&mut text_block, &mut sections[last]);

    // Sections into the lesson.
    let mut sections = sections.into_iter();
    let Some(intro_section) = sections.next() else {
        return Err(error(1, LessonErrorKind::NoIntro));
    };
    if intro_section.text.is_empty() {
        return Err(error(intro_section.line, LessonErrorKind::NoIntro));
    }
    let intro = blocks(&intro_section.text).map_err(|(l, k)| error(l, k))?;
    let notes = spans(&intro_section.notes).map_err(|(l, k)| error(l, k))?;
    let setup = intro_section
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Setup)
        .map(|b| b.script.clone())
        .ok_or_else(|| error(intro_section.line, LessonErrorKind::NoSetup))?;
    let mut steps = Vec::new();
    for section in sections {
        let line = section.line;
        if section.text.is_empty() {
            return Err(error(line, LessonErrorKind::NoNarration));
        }
        let narration = blocks(&section.text).map_err(|(l, k)| error(l, k))?;
        let hints = spans(&section.hints).map_err(|(l, k)| error(l, k))?;
        let notes = spans(&section.notes).map_err(|(l, k)| error(l, k))?;
        let block = |kind: BlockKind| {
            section
                .blocks
                .iter()
                .find(|b| b.kind == kind)
                .map(|b| b.script.clone())
        };
        let goal = block(BlockKind::Goal).map(|script| Goal {
            expectations: script.lines().map(str::to_string).collect(),
        });
        let solution = block(BlockKind::Solution);
        if goal.is_some() && solution.is_none() {
            return Err(error(line, LessonErrorKind::GoalWithoutSolution));
        }
        steps.push(Step {
            title: section.title.unwrap_or_default(),
            line,
            narration,
            hints,
            notes,
            run: block(BlockKind::Run),
            goal,
            solution,
        });
    }
    if steps.is_empty() {
        return Err(error(lines.len().max(1), LessonErrorKind::NoSteps));
    }
    Ok(Lesson {
        id: file.strip_suffix(".md").unwrap_or(file).to_string(),
        title,
        rules,
        intro,
        notes,
        setup,
        steps,
    })
}

/// `MI-1.3`, `RB-4.10`: two capital letters, a dash, two dot-separated numbers.
fn is_rule_id(id: &str) -> bool {
    let Some((area, number)) = id.split_once('-') else {
        return false;
    };
    let Some((major, minor)) = number.split_once('.') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    area.len() == 2
        && area.bytes().all(|b| b.is_ascii_uppercase())
        && digits(major)
        && digits(minor)
}

/// The intro or a step, while it is being read.
struct Section {
    /// `None` for the intro.
    title: Option<String>,
    line: usize,
    text: Vec<TextBlock>,
    hints: Vec<(usize, String)>,
    notes: Vec<(usize, String)>,
    blocks: Vec<FencedBlock>,
}

impl Section {
    fn new(title: Option<String>, line: usize) -> Section {
        Section {
            title,
            line,
            text: Vec::new(),
            hints: Vec::new(),
            notes: Vec::new(),
            blocks: Vec::new(),
        }
    }
}

struct TextBlock {
    item: bool,
    /// Each line with its number.
    lines: Vec<(usize, String)>,
}

struct FencedBlock {
    kind: BlockKind,
    script: String,
}

fn flush(block: &mut Option<TextBlock>, section: &mut Section) {
    if let Some(block) = block.take() {
        section.text.push(block);
    }
}

/// Checks a fenced block's statements and returns its script. `first` is the line number of the
/// block's first line.
fn check_block(
    kind: BlockKind,
    body: &[&str],
    first: usize,
) -> Result<String, (usize, LessonErrorKind)> {
    let script: String = body.iter().map(|l| format!("{l}\n")).collect();
    let statements = parse_script(&script);
    if statements.is_empty() {
        return Err((first - 1, LessonErrorKind::EmptyBlock(kind)));
    }
    let mut expectations = Vec::new();
    for statement in statements {
        let statement = statement.map_err(|e| {
            (
                first + e.pos.line - 1,
                LessonErrorKind::Syntax {
                    block: kind,
                    message: e.message,
                },
            )
        })?;
        if kind == BlockKind::Goal {
            let line = first + statement.pos.line - 1;
            let text = statement.text.trim().to_string();
            let mut words = text.split_whitespace();
            if (words.next(), words.next()) != (Some("mip"), Some("expect")) {
                return Err((line, LessonErrorKind::GoalNotExpect(text)));
            }
            if text.contains('$') {
                return Err((line, LessonErrorKind::GoalUsesVariable(text)));
            }
            expectations.push(text);
        }
    }
    if kind == BlockKind::Goal {
        // One statement per line, whatever continuation lines the author used.
        return Ok(expectations.iter().map(|e| format!("{e}\n")).collect());
    }
    Ok(script)
}

/// Hints or notes, each one line of inline text with its line number.
fn spans(lines: &[(usize, String)]) -> Result<Vec<Vec<Span>>, (usize, LessonErrorKind)> {
    lines
        .iter()
        .map(|(l, text)| inline(text).map_err(|(_, k)| (*l, k)))
        .collect()
}

fn blocks(text: &[TextBlock]) -> Result<Vec<Block>, (usize, LessonErrorKind)> {
    text.iter()
        .map(|block| {
            let joined = block
                .lines
                .iter()
                .map(|(_, l)| l.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let spans = inline(&joined).map_err(|(offset, kind)| {
                let line_in_block = joined[..offset].matches('\n').count();
                (block.lines[line_in_block].0, kind)
            })?;
            Ok(if block.item {
                Block::Item(spans)
            } else {
                Block::Paragraph(spans)
            })
        })
        .collect()
}

/// Characters a backslash makes literal.
const ESCAPABLE: &[char] = &['\\', '*', '`', '[', ']', '(', ')', '_'];

/// Text-level Markdown to spans. Line breaks become spaces. On error, the byte offset of the
/// marker that is never closed (or of the bad link).
fn inline(text: &str) -> Result<Vec<Span>, (usize, LessonErrorKind)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|c| c.1);
    let offset = |i: usize| chars.get(i).map(|c| c.0).unwrap_or(text.len());
    // The index of the next `needle` (one or two characters) at or after `from`.
    let find = |from: usize, needle: &[char]| {
        (from..chars.len()).find(|&j| {
            needle
                .iter()
                .enumerate()
                .all(|(k, &c)| at(j + k) == Some(c))
                && (j == 0 || at(j - 1) != Some('\\'))
        })
    };
    let slice = |from: usize, to: usize| text[offset(from)..offset(to)].to_string();
    let mut spans: Vec<Span> = Vec::new();
    let mut plain = String::new();
    let push = |spans: &mut Vec<Span>, plain: &mut String, span: Option<Span>| {
        if !plain.is_empty() {
            spans.push(Span::Text(tidy(&std::mem::take(plain))));
        }
        if let Some(span) = span {
            spans.push(span);
        }
    };
    let mut i = 0;
    while let Some(c) = at(i) {
        let next = at(i + 1);
        match c {
            '\\' if next.is_some_and(|n| ESCAPABLE.contains(&n)) => {
                plain.extend(next);
                i += 2;
            }
            '`' => {
                let end = find(i + 1, &['`'])
                    .ok_or((offset(i), LessonErrorKind::Unclosed(Marker::Code)))?;
                push(
                    &mut spans,
                    &mut plain,
                    Some(Span::Code(tidy(&slice(i + 1, end)))),
                );
                i = end + 1;
            }
            '*' if next == Some('*') && at(i + 2).is_some_and(|n| !n.is_whitespace()) => {
                let end = find(i + 2, &['*', '*'])
                    .ok_or((offset(i), LessonErrorKind::Unclosed(Marker::Strong)))?;
                let inner = unescape(&slice(i + 2, end));
                push(&mut spans, &mut plain, Some(Span::Strong(tidy(&inner))));
                i = end + 2;
            }
            '*' if next.is_some_and(|n| !n.is_whitespace() && n != '*') => {
                let end = find(i + 1, &['*'])
                    .ok_or((offset(i), LessonErrorKind::Unclosed(Marker::Emphasis)))?;
                let inner = unescape(&slice(i + 1, end));
                push(&mut spans, &mut plain, Some(Span::Emphasis(tidy(&inner))));
                i = end + 1;
            }
            '[' => {
                // A link only when `](` follows the label; otherwise a literal bracket
                // (`--identities [system]`).
                let link = find(i + 1, &[']', '('])
                    .filter(|&close| !chars[i + 1..close].iter().any(|(_, c)| *c == ']'));
                let Some(close) = link else {
                    plain.push('[');
                    i += 1;
                    continue;
                };
                let end =
                    find(close + 2, &[')']).ok_or((offset(i), LessonErrorKind::UnclosedLink))?;
                let url = slice(close + 2, end).trim().to_string();
                let valid = url.strip_prefix("https://").is_some_and(|rest| {
                    !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c == '"')
                });
                if !valid {
                    return Err((offset(i), LessonErrorKind::LinkNotHttps(url)));
                }
                let text = tidy(&unescape(&slice(i + 1, close)));
                push(&mut spans, &mut plain, Some(Span::Link { text, url }));
                i = end + 1;
            }
            c => {
                plain.push(c);
                i += 1;
            }
        }
    }
    push(&mut spans, &mut plain, None);
    Ok(spans)
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(n)) if ESCAPABLE.contains(n) => {
                out.push(*n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Line breaks inside a paragraph read as spaces.
fn tidy(text: &str) -> String {
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

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
az role assignment create --assignee vm1 --role 'Storage Blob Data Reader' --scope st1
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
