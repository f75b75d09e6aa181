//! Embedding the playground in documentation: the `?embed` address and what it means, the
//! `<iframe>` snippet the Embed dialog writes, and the messages the widget exchanges with the page
//! around it.
//!
//! # The address
//!
//! `?embed&scenario=<data>&step=3&view=matrix&controls=steps&theme=auto`, where
//!
//! - `scenario=<data>` is a script in the share links' encoding (`view::share`: raw deflate, then
//!   base64url), or `lesson=<id>` a lesson of the catalog (`02-system-assigned`, its number `2`,
//!   or its name without the number, `system-assigned`); exactly one of the two;
//! - `step=N` is the moment shown. For a scenario, the state after its first N statements (0 is
//!   the empty world; without `step`, the end). For a lesson, step N (from 1; without `step`, 1)
//!   with the lesson's setup and every earlier step's run block and solution applied, which is
//!   what [`Lesson::script_before`] builds;
//! - `view=diagram|matrix|console` (default `diagram`), `controls=none|steps|full` (default
//!   `steps`: Previous and Next through the statements or the lesson's steps; `full` adds the
//!   console's command line) and `theme=light|dark|auto` (default `auto`, following the system).
//!
//! # Messages
//!
//! The widget tells its parent page its content height, after every change of size, as
//! `{ "type": "mip:height", "height": <whole CSS pixels> }` ([`height_message`]), so the page can
//! size the iframe. It accepts exactly one command from the parent,
//! `{ "type": "mip:step", "step": N }` ([`parse_command`]), with N numbered as `step=`; anything
//! else, a step out of range included, is ignored.
//!
//! Invariants: parsing never panics, whatever the address or a message holds, and every bad
//! address is an [`EmbedError`] whose message tells the documentation author what to write
//! instead; a snippet's `src`, parsed back, gives the options it was made from; nothing here
//! reads or writes storage or the address: the widget leaves the learner's saved work alone.

use std::fmt;

use serde_json::Value;

use crate::sim::script::lexer::{parse_script, Pos};
use crate::sim::script::session;
use crate::view::document;
use crate::view::lesson::Lesson;
use crate::view::page::Page;
use crate::view::share::{self, ShareError};

/// The longest `src` the Embed dialog writes. The scenario travels in the query, which is sent
/// to the web server, and servers commonly refuse request lines over 8 KB (nginx's default
/// buffer, for one); 8,000 characters leaves room for the request's method and protocol.
pub const MAX_EMBED_URL: usize = 8_000;

/// The `type` of the height report the widget sends.
pub const HEIGHT_MESSAGE: &str = "mip:height";

/// The `type` of the one command the widget accepts.
pub const STEP_MESSAGE: &str = "mip:step";

/// The largest command the widget reads; anything longer is not a command.
const MAX_COMMAND_BYTES: usize = 256;

/// The parameters the address may carry.
const PARAMETERS: &str = "embed, lesson, scenario, step, view, controls and theme";

/// Which panel the widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmbedView {
    #[default]
    Diagram,
    Matrix,
    Console,
}

/// What the reader of the page may do in the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Controls {
    /// Nothing: a still picture (the panel itself still scrolls and zooms).
    None,
    /// Previous and Next through the scenario's statements or the lesson's steps.
    #[default]
    Steps,
    /// Steps, and the console's command line to try statements of their own.
    Full,
}

/// The colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    /// Whatever the reader's system prefers (`prefers-color-scheme`).
    #[default]
    Auto,
}

macro_rules! named {
    ($ty:ident, $($variant:ident => $name:literal),+) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The word used in the address.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            fn parse(value: &str) -> Option<$ty> {
                $ty::ALL.iter().copied().find(|v| v.name() == value)
            }
        }
    };
}

named!(EmbedView, Diagram => "diagram", Matrix => "matrix", Console => "console");
named!(Controls, None => "none", Steps => "steps", Full => "full");
named!(Theme, Light => "light", Dark => "dark", Auto => "auto");

/// What the widget shows: a script, or a lesson by the name the address gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Scenario(String),
    Lesson(String),
}

/// An `?embed` address, read and checked as far as it can be without the lessons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedOptions {
    pub source: Source,
    /// As written in the address (see the module's documentation); `None` for the default.
    pub step: Option<usize>,
    pub view: EmbedView,
    pub controls: Controls,
    pub theme: Theme,
}

/// What is wrong with an `?embed` address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedError {
    /// `%` not followed by two hex digits, or escapes that are not UTF-8.
    BadEscape(String),
    UnknownParameter(String),
    Repeated(String),
    BadView(String),
    BadControls(String),
    BadTheme(String),
    BadStep(String),
    /// Neither `scenario` nor `lesson`.
    NothingToShow,
    /// Both `scenario` and `lesson`.
    TwoSources,
    BadScenario(ShareError),
    UnknownLesson {
        given: String,
        ids: Vec<String>,
    },
    /// `step` outside `first..=last`; `unit` is "statement" or "step".
    StepOutOfRange {
        step: usize,
        first: usize,
        last: usize,
        unit: &'static str,
    },
}

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmbedError::BadEscape(part) => write!(
                f,
                "'{part}' has a broken %-escape; write % as %25, or copy the address from the Embed dialog again"
            ),
            EmbedError::UnknownParameter(name) => write!(
                f,
                "'{name}' is not a parameter of an embed; use {PARAMETERS}"
            ),
            EmbedError::Repeated(name) => {
                write!(f, "{name}= is given more than once; keep one")
            }
            EmbedError::BadView(value) => write!(
                f,
                "view={value} is not a view; use diagram, matrix or console"
            ),
            EmbedError::BadControls(value) => write!(
                f,
                "controls={value} is not a choice of controls; use none, steps or full"
            ),
            EmbedError::BadTheme(value) => write!(
                f,
                "theme={value} is not a theme; use light, dark or auto"
            ),
            EmbedError::BadStep(value) => write!(
                f,
                "step={value} is not a step number; use a whole number such as step=3"
            ),
            EmbedError::NothingToShow => f.write_str(
                "the embed has nothing to show; add scenario=… (the playground's Embed button writes it) or lesson=<lesson id>",
            ),
            EmbedError::TwoSources => f.write_str(
                "the embed has both scenario= and lesson=; keep one of them",
            ),
            EmbedError::BadScenario(error) => write!(
                f,
                "scenario= could not be read: {error} Make the snippet again with the playground's Embed button"
            ),
            EmbedError::UnknownLesson { given, ids } => write!(
                f,
                "lesson={given} is not a lesson; use one of {}",
                ids.join(", ")
            ),
            EmbedError::StepOutOfRange {
                step,
                first,
                last,
                unit,
            } => {
                let plural = if *last == 1 { "" } else { "s" };
                let count = if *unit == "statement" {
                    format!("this scenario has {last} {unit}{plural}")
                } else {
                    format!("this lesson has {last} {unit}{plural}")
                };
                write!(f, "step={step} is out of range: {count}; use {first} to {last}")
            }
        }
    }
}

impl std::error::Error for EmbedError {}

impl EmbedOptions {
    /// Reads an `?embed` query (with or without its leading `?`). The first problem found is the
    /// error; lessons and step ranges are checked by [`EmbedOptions::resolve`].
    pub fn parse(query: &str) -> Result<EmbedOptions, EmbedError> {
        let mut seen: Vec<String> = Vec::new();
        let mut scenario = None;
        let mut lesson = None;
        let mut step = None;
        let mut view = EmbedView::default();
        let mut controls = Controls::default();
        let mut theme = Theme::default();
        for (raw_key, raw_value) in pairs(query) {
            let key = unescape(raw_key)?;
            let value = unescape(raw_value)?;
            if seen.contains(&key) {
                return Err(EmbedError::Repeated(key));
            }
            match key.as_str() {
                "embed" => {}
                "scenario" => {
                    let script = share::decode(&format!("s={value}"))
                        .map_err(EmbedError::BadScenario)?
                        .unwrap_or_default();
                    scenario = Some(script);
                }
                "lesson" => lesson = Some(value.clone()),
                "step" => step = Some(parse_step(&value)?),
                "view" => view = EmbedView::parse(&value).ok_or(EmbedError::BadView(value))?,
                "controls" => {
                    controls = Controls::parse(&value).ok_or(EmbedError::BadControls(value))?
                }
                "theme" => theme = Theme::parse(&value).ok_or(EmbedError::BadTheme(value))?,
                _ => return Err(EmbedError::UnknownParameter(key)),
            }
            seen.push(key);
        }
        let source = match (scenario, lesson) {
            (Some(_), Some(_)) => return Err(EmbedError::TwoSources),
            (Some(script), None) => Source::Scenario(script),
            (None, Some(id)) => Source::Lesson(id),
            (None, None) => return Err(EmbedError::NothingToShow),
        };
        Ok(EmbedOptions {
            source,
            step,
            view,
            controls,
            theme,
        })
    }

    /// Finds the lesson and checks the step against what it counts.
    pub fn resolve(&self, lessons: &[Lesson]) -> Result<Walk, EmbedError> {
        let walk = match &self.source {
            Source::Scenario(script) => Walk::scenario(script),
            Source::Lesson(given) => {
                let lesson =
                    find_lesson(lessons, given).ok_or_else(|| EmbedError::UnknownLesson {
                        given: given.clone(),
                        ids: lessons.iter().map(|l| l.id.clone()).collect(),
                    })?;
                Walk::lesson(lesson.clone())
            }
        };
        let stop = match self.step {
            None => walk.default_stop(),
            Some(step) => walk
                .stop_for_step(step)
                .ok_or_else(|| walk.out_of_range(step))?,
        };
        Ok(Walk {
            start: stop,
            ..walk
        })
    }
}

/// The moments the widget can show, in order ("stops"), and the one it starts at.
///
/// A scenario of n statements has n + 1 stops, numbered as `step=` numbers them, from 0 (nothing
/// run) to n; a lesson of n steps has n stops, step 1 to step n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    pub kind: WalkKind,
    /// The stop shown first.
    pub start: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkKind {
    Scenario {
        script: String,
        /// Where each statement starts, in order.
        starts: Vec<Pos>,
    },
    Lesson(Box<Lesson>),
}

impl Walk {
    pub fn scenario(script: &str) -> Walk {
        let starts = parse_script(script)
            .iter()
            .map(|statement| match statement {
                Ok(statement) => statement.pos,
                Err(error) => Pos {
                    line: error.pos.line,
                    col: 1,
                },
            })
            .collect();
        let walk = Walk {
            kind: WalkKind::Scenario {
                script: script.to_string(),
                starts,
            },
            start: 0,
        };
        Walk {
            start: walk.default_stop(),
            ..walk
        }
    }

    pub fn lesson(lesson: Lesson) -> Walk {
        Walk {
            kind: WalkKind::Lesson(Box::new(lesson)),
            start: 0,
        }
    }

    /// How many stops there are (at least one).
    pub fn stops(&self) -> usize {
        match &self.kind {
            WalkKind::Scenario { starts, .. } => starts.len() + 1,
            WalkKind::Lesson(lesson) => lesson.steps.len().max(1),
        }
    }

    /// The stop shown without `step=`: a scenario's end, a lesson's first step.
    fn default_stop(&self) -> usize {
        match &self.kind {
            WalkKind::Scenario { .. } => self.stops() - 1,
            WalkKind::Lesson(_) => 0,
        }
    }

    /// The `step=` number of a stop.
    pub fn step_number(&self, stop: usize) -> usize {
        match &self.kind {
            WalkKind::Scenario { .. } => stop,
            WalkKind::Lesson(_) => stop + 1,
        }
    }

    /// The stop of a `step=` number, if there is one.
    pub fn stop_for_step(&self, step: usize) -> Option<usize> {
        let stop = match &self.kind {
            WalkKind::Scenario { .. } => step,
            WalkKind::Lesson(_) => step.checked_sub(1)?,
        };
        (stop < self.stops()).then_some(stop)
    }

    fn out_of_range(&self, step: usize) -> EmbedError {
        let (first, unit) = match &self.kind {
            WalkKind::Scenario { .. } => (0, "statement"),
            WalkKind::Lesson(_) => (1, "step"),
        };
        EmbedError::StepOutOfRange {
            step,
            first,
            last: self.step_number(self.stops() - 1),
            unit,
        }
    }

    /// The script whose replay is the stop's state.
    pub fn script_at(&self, stop: usize) -> String {
        match &self.kind {
            WalkKind::Scenario { script, starts } => match starts.get(stop) {
                Some(pos) => session::before(script, *pos),
                None => script.clone(),
            },
            WalkKind::Lesson(lesson) => lesson.script_before(stop),
        }
    }

    /// What the stop is, in words: "After statement 2 of 5", "Step 1 of 3: Give the app an
    /// identity".
    pub fn caption(&self, stop: usize) -> String {
        match &self.kind {
            WalkKind::Scenario { starts, .. } => match stop {
                0 => format!("Before the first of {} statements", starts.len()),
                n => format!("After statement {n} of {}", starts.len()),
            },
            WalkKind::Lesson(lesson) => match lesson.steps.get(stop) {
                Some(step) => format!(
                    "Step {} of {}: {}",
                    stop + 1,
                    lesson.steps.len(),
                    step.title
                ),
                None => lesson.title.clone(),
            },
        }
    }

    /// The lesson's title, for a lesson.
    pub fn title(&self) -> Option<&str> {
        match &self.kind {
            WalkKind::Scenario { .. } => None,
            WalkKind::Lesson(lesson) => Some(&lesson.title),
        }
    }
}

/// The lesson an address names: its id, its number in the catalog (from 1), or its id without
/// the number.
pub fn find_lesson<'a>(lessons: &'a [Lesson], given: &str) -> Option<&'a Lesson> {
    document::find_by_id(lessons, given, |l| l.id.as_str())
}

/// The full playground's address for the state a widget shows: the playground beside `pathname`
/// (the widget's own path, `…/embed.html`) with the script as a share link.
pub fn playground_link(pathname: &str, script: &str) -> String {
    format!(
        "{}#{}",
        Page::Playground.beside(pathname),
        share::encode(script)
    )
}

// ----- snippets ----------------------------------------------------------------------------

/// What a snippet embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetSource<'a> {
    Scenario(&'a str),
    /// A lesson, by id and title, at a step (from 1).
    Lesson {
        id: &'a str,
        title: &'a str,
        step: usize,
    },
}

/// The choices of the Embed dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SnippetChoices {
    pub view: EmbedView,
    pub controls: Controls,
    pub theme: Theme,
}

/// Why no snippet could be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetError {
    TooLong { length: usize },
}

impl fmt::Display for SnippetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnippetError::TooLong { length } => write!(
                f,
                "This script is too long to embed: the embed's address would be {} characters, and web servers commonly refuse addresses over {}. Embed a shorter script, or share it as a link instead (a share link keeps the script in the # part, which is never sent to a server).",
                thousands(*length),
                thousands(MAX_EMBED_URL)
            ),
        }
    }
}

impl std::error::Error for SnippetError {}

/// The widget's address: its own page (`embed.html`, beside `app_url`, the playground's address)
/// with the `?embed` query, so a documentation page downloads the widget's build alone. Defaults
/// are written out, so the snippet says what it shows.
pub fn embed_url(app_url: &str, source: SnippetSource<'_>, choices: SnippetChoices) -> String {
    let base = Page::Embed.beside(app_url);
    let what = match source {
        SnippetSource::Scenario(script) => share::encode(script).replacen("s=", "scenario=", 1),
        SnippetSource::Lesson { id, step, .. } => format!("lesson={}&step={step}", escape(id)),
    };
    format!(
        "{base}?embed&{what}&view={}&controls={}&theme={}",
        choices.view.name(),
        choices.controls.name(),
        choices.theme.name()
    )
}

/// The `<iframe>` element to paste into a page, or why there is none.
pub fn snippet(
    app_url: &str,
    source: SnippetSource<'_>,
    choices: SnippetChoices,
) -> Result<String, SnippetError> {
    let src = embed_url(app_url, source, choices);
    if src.len() > MAX_EMBED_URL {
        return Err(SnippetError::TooLong { length: src.len() });
    }
    let title = match source {
        SnippetSource::Scenario(_) => format!(
            "Managed Identity Playground: a scenario ({})",
            choices.view.name()
        ),
        SnippetSource::Lesson { title, step, .. } => {
            format!("Managed Identity Playground: {title}, step {step}")
        }
    };
    let height = match choices.view {
        EmbedView::Diagram => 480,
        EmbedView::Matrix | EmbedView::Console => 360,
    };
    Ok(format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\"></iframe>",
        attribute(&src),
        attribute(&title)
    ))
}

// ----- messages ----------------------------------------------------------------------------

/// The height report: `{"type":"mip:height","height":N}`, N the content height in whole CSS
/// pixels, rounded up (0 for anything that is not a finite, positive number).
pub fn height_message(height: f64) -> String {
    let px = if height.is_finite() && height > 0.0 {
        height.ceil().min(1_000_000.0) as u64
    } else {
        0
    };
    serde_json::json!({ "type": HEIGHT_MESSAGE, "height": px }).to_string()
}

/// A command from the parent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Show this step, numbered as `step=` numbers them.
    Step(usize),
}

/// Reads a message from the parent page, given as JSON text: exactly
/// `{"type":"mip:step","step":N}` with N a whole number, and nothing else, is a command.
/// Anything else (other keys, other types, fractions, strings, more than 256 bytes) is `None`.
pub fn parse_command(json: &str) -> Option<Command> {
    if json.len() > MAX_COMMAND_BYTES {
        return None;
    }
    let Value::Object(map) = serde_json::from_str::<Value>(json).ok()? else {
        return None;
    };
    if map.len() != 2 || map.get("type")?.as_str()? != STEP_MESSAGE {
        return None;
    }
    let step = map.get("step")?.as_u64()?;
    Some(Command::Step(usize::try_from(step).ok()?))
}

// ----- the query's text --------------------------------------------------------------------

/// The `key=value` pairs of a query, with or without its leading `?`, raw (values still
/// encoded); a key without `=` has an empty value.
pub(crate) fn pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| part.split_once('=').unwrap_or((part, "")))
}

fn parse_step(value: &str) -> Result<usize, EmbedError> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EmbedError::BadStep(value.to_string()));
    }
    value
        .parse()
        .map_err(|_| EmbedError::BadStep(value.to_string()))
}

/// Decodes `%XX` escapes (and `+` as a space, as forms write it).
fn unescape(text: &str) -> Result<String, EmbedError> {
    let bad = || EmbedError::BadEscape(text.chars().take(40).collect());
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or_else(bad)?;
                let hex = std::str::from_utf8(hex).map_err(|_| bad())?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// Escapes what a query value may not hold as itself.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// 12345 as "12,345".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;
    use proptest::prelude::*;

    use super::*;
    use crate::view::lesson::catalog;

    const SCRIPT: &str = "az group create -n rg -l eastus\naz vm create -g rg -n vm1 --assign-identity\naz storage account create -n st1 -g rg\n";

    fn query(script: &str, rest: &str) -> String {
        format!(
            "?embed&{}{rest}",
            share::encode(script).replacen("s=", "scenario=", 1)
        )
    }

    /// The error message of a query, or "ok".
    fn check(query: &str) -> String {
        let lessons = catalog().unwrap();
        match EmbedOptions::parse(query).and_then(|o| o.resolve(&lessons)) {
            Ok(walk) => format!("ok: {}", walk.caption(walk.start)),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn an_address_is_read_with_its_defaults() {
        assert_eq!(Page::from_query("?embed&view=matrix"), Page::Embed);
        assert_eq!(Page::from_query("view=matrix&embed=1"), Page::Embed);
        assert_eq!(Page::from_query("?embedded&view=matrix"), Page::Playground);
        let options = EmbedOptions::parse(&query(SCRIPT, "&step=2&view=matrix")).unwrap();
        assert_eq!(
            options,
            EmbedOptions {
                source: Source::Scenario(SCRIPT.to_string()),
                step: Some(2),
                view: EmbedView::Matrix,
                controls: Controls::Steps,
                theme: Theme::Auto,
            }
        );
        let lesson =
            EmbedOptions::parse("embed&lesson=02-system-assigned&controls=none&theme=dark")
                .unwrap();
        assert_eq!(lesson.source, Source::Lesson("02-system-assigned".into()));
        assert_eq!(
            (lesson.step, lesson.view, lesson.controls, lesson.theme),
            (None, EmbedView::Diagram, Controls::None, Theme::Dark)
        );
    }

    #[test]
    fn steps_mean_statements_for_a_scenario_and_lesson_steps_for_a_lesson() {
        let walk = EmbedOptions::parse(&query(SCRIPT, "&step=2"))
            .unwrap()
            .resolve(&[])
            .unwrap();
        assert_eq!((walk.stops(), walk.start), (4, 2));
        assert_eq!(
            walk.script_at(2),
            "az group create -n rg -l eastus\naz vm create -g rg -n vm1 --assign-identity\n"
        );
        assert_eq!(walk.script_at(0), "");
        assert_eq!(walk.script_at(3), SCRIPT);
        let end = EmbedOptions::parse(&query(SCRIPT, ""))
            .unwrap()
            .resolve(&[])
            .unwrap();
        assert_eq!(end.start, 3);

        let lessons = catalog().unwrap();
        let lesson = &lessons[1];
        let walk = EmbedOptions::parse(&format!("embed&lesson={}&step=2", lesson.id))
            .unwrap()
            .resolve(&lessons)
            .unwrap();
        assert_eq!(walk.start, 1);
        assert_eq!(walk.step_number(walk.start), 2);
        assert_eq!(walk.script_at(walk.start), lesson.script_before(1));
        assert_eq!(walk.stops(), lesson.steps.len());
        assert_eq!(walk.title(), Some(lesson.title.as_str()));
        for name in ["2", "system-assigned", "02-system-assigned"] {
            assert_eq!(
                find_lesson(&lessons, name).map(|l| l.id.as_str()),
                Some("02-system-assigned")
            );
        }
        assert_eq!(find_lesson(&lessons, "0"), None);
    }

    #[test]
    fn every_kind_of_mistake_has_a_message_for_the_author() {
        let ok = query(SCRIPT, "");
        let cases = [
            format!("{ok}&view=matrx"),
            format!("{ok}&controls=all"),
            format!("{ok}&theme=blue"),
            format!("{ok}&step=-1"),
            format!("{ok}&step=two"),
            format!("{ok}&step=4"),
            format!("{ok}&veiw=matrix"),
            format!("{ok}&view=matrix&view=console"),
            format!("{ok}&lesson=1"),
            "?embed".to_string(),
            "?embed&scenario=not*base64".to_string(),
            "?embed&lesson=%E2%28".to_string(),
            "?embed&lesson=%2".to_string(),
            format!("{ok}&step=1&view=console&controls=full&theme=light"),
        ];
        let report: Vec<String> = cases.iter().map(|q| check(q)).collect();
        expect![[r#"
            view=matrx is not a view; use diagram, matrix or console
            controls=all is not a choice of controls; use none, steps or full
            theme=blue is not a theme; use light, dark or auto
            step=-1 is not a step number; use a whole number such as step=3
            step=two is not a step number; use a whole number such as step=3
            step=4 is out of range: this scenario has 3 statements; use 0 to 3
            'veiw' is not a parameter of an embed; use embed, lesson, scenario, step, view, controls and theme
            view= is given more than once; keep one
            the embed has both scenario= and lesson=; keep one of them
            the embed has nothing to show; add scenario=… (the playground's Embed button writes it) or lesson=<lesson id>
            scenario= could not be read: This share link is damaged: it is not valid base64url text. Copy the whole link again; part of it may have been cut off or changed. Make the snippet again with the playground's Embed button
            '%E2%28' has a broken %-escape; write % as %25, or copy the address from the Embed dialog again
            '%2' has a broken %-escape; write % as %25, or copy the address from the Embed dialog again
            ok: After statement 1 of 3"#]]
        .assert_eq(&report.join("\n"));

        // The lessons change as they are written, so these messages are built from the catalog.
        let lessons = catalog().unwrap();
        let ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            check("?embed&lesson=nope"),
            format!("lesson=nope is not a lesson; use one of {}", ids.join(", "))
        );
        let steps = lessons[1].steps.len();
        assert_eq!(
            check("?embed&lesson=02-system-assigned&step=0"),
            format!("step=0 is out of range: this lesson has {steps} steps; use 1 to {steps}")
        );
        assert_eq!(
            check(&format!("?embed&lesson=2&step={}", steps + 1)),
            format!(
                "step={} is out of range: this lesson has {steps} steps; use 1 to {steps}",
                steps + 1
            )
        );
        assert_eq!(
            check("?embed&lesson=2&step=1"),
            format!("ok: Step 1 of {steps}: {}", lessons[1].steps[0].title)
        );
    }

    #[test]
    fn a_snippet_embeds_the_script_and_reads_back() {
        let choices = SnippetChoices {
            view: EmbedView::Matrix,
            controls: Controls::Steps,
            theme: Theme::Auto,
        };
        let app = "https://example.org/docs/playground/?x=1#s=old";
        let html = snippet(
            app,
            SnippetSource::Scenario("az group create -n rg -l eastus\n"),
            choices,
        )
        .unwrap();
        expect![[r#"<iframe src="https://example.org/docs/playground/embed.html?embed&amp;scenario=S6xSSC_KLy1QSC5KTSxJVdDNUyhKV9DNUUhNLC4pLeYCAA&amp;view=matrix&amp;controls=steps&amp;theme=auto" title="Managed Identity Playground: a scenario (matrix)" width="100%" height="360" loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer"></iframe>"#]].assert_eq(&html);

        let lesson = SnippetSource::Lesson {
            id: "02-system-assigned",
            title: "System-assigned \"identities\" & <roles>",
            step: 2,
        };
        let html = snippet("https://example.org/", lesson, SnippetChoices::default()).unwrap();
        expect![[r#"<iframe src="https://example.org/embed.html?embed&amp;lesson=02-system-assigned&amp;step=2&amp;view=diagram&amp;controls=steps&amp;theme=auto" title="Managed Identity Playground: System-assigned &quot;identities&quot; &amp; &lt;roles&gt;, step 2" width="100%" height="480" loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer"></iframe>"#]].assert_eq(&html);
    }

    #[test]
    fn the_widget_opens_the_playground_beside_it_with_its_script() {
        let link = playground_link("/docs/playground/embed.html", SCRIPT);
        let (page, fragment) = link.split_once('#').unwrap();
        assert_eq!(page, "/docs/playground/");
        assert_eq!(share::decode(fragment).unwrap().as_deref(), Some(SCRIPT));
    }

    #[test]
    fn a_script_too_long_for_an_address_gets_no_snippet() {
        // Distinct statements, so that deflate cannot shrink them much.
        let script: String = (0..2_000)
            .map(|i| format!("az group create -n rg{} -l eastus\n", i * 7919 % 100_003))
            .collect();
        let error = snippet(
            "https://example.org/",
            SnippetSource::Scenario(&script),
            SnippetChoices::default(),
        )
        .unwrap_err();
        let SnippetError::TooLong { length } = error;
        assert!(length > MAX_EMBED_URL);
        assert!(error
            .to_string()
            .starts_with("This script is too long to embed: the embed's address would be "));
        assert!(error.to_string().contains("over 8,000"));
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn the_height_report_has_one_shape() {
        assert_eq!(
            height_message(412.2),
            r#"{"type":"mip:height","height":413}"#
        );
        assert_eq!(
            height_message(f64::NAN),
            r#"{"type":"mip:height","height":0}"#
        );
        assert_eq!(height_message(-5.0), r#"{"type":"mip:height","height":0}"#);
        assert_eq!(
            height_message(1e300),
            r#"{"type":"mip:height","height":1000000}"#
        );
    }

    #[test]
    fn only_a_well_formed_step_command_is_obeyed() {
        assert_eq!(
            parse_command(r#"{"type":"mip:step","step":2}"#),
            Some(Command::Step(2))
        );
        assert_eq!(
            parse_command(r#"{ "step": 0, "type": "mip:step" }"#),
            Some(Command::Step(0))
        );
        for ignored in [
            "",
            "null",
            "2",
            r#""mip:step""#,
            r#"["mip:step",2]"#,
            r#"{"type":"mip:step"}"#,
            r#"{"type":"mip:step","step":"2"}"#,
            r#"{"type":"mip:step","step":2.5}"#,
            r#"{"type":"mip:step","step":-1}"#,
            r#"{"type":"mip:step","step":2,"then":"eval"}"#,
            r#"{"type":"mip:height","height":100}"#,
            r#"{"type":"MIP:STEP","step":2}"#,
            r#"{"type":"mip:step","step":1e3}"#,
            r#"{"type":"mip:step","step":99999999999999999999999}"#,
        ] {
            assert_eq!(parse_command(ignored), None, "{ignored}");
        }
        let padded = format!(r#"{{"type":"mip:step","step":2{}}}"#, " ".repeat(300));
        assert_eq!(parse_command(&padded), None);
    }

    /// The custom properties set in a CSS block that starts at `start`.
    fn properties_after(css: &str, start: &str) -> Vec<String> {
        let Some(at) = css.find(start) else {
            return Vec::new();
        };
        let block = &css[at..];
        let block = &block[..block.find('}').unwrap_or(block.len())];
        block
            .lines()
            .filter_map(|line| line.trim().strip_prefix("--"))
            .filter_map(|line| line.split_once(':'))
            .map(|(name, _)| format!("--{name}"))
            .collect()
    }

    #[test]
    fn the_embed_themes_set_every_colour_the_dark_scheme_changes() {
        let embed = include_str!("../../static/embed.css");
        let light = properties_after(embed, ":root.theme-light {");
        let dark = properties_after(embed, ":root.theme-dark {");
        for sheet in [
            include_str!("../../static/style.css"),
            include_str!("../../static/diagram.css"),
            include_str!("../../static/check.css"),
            include_str!("../../static/lessons.css"),
        ] {
            for name in properties_after(sheet, "@media (prefers-color-scheme: dark) {") {
                assert!(light.contains(&name), "theme-light lacks {name}");
                assert!(dark.contains(&name), "theme-dark lacks {name}");
            }
        }
        assert!(light.len() > 20 && light.len() == dark.len());
    }

    fn choices() -> impl Strategy<Value = SnippetChoices> {
        (0..3_usize, 0..3_usize, 0..3_usize).prop_map(|(v, c, t)| SnippetChoices {
            view: EmbedView::ALL[v],
            controls: Controls::ALL[c],
            theme: Theme::ALL[t],
        })
    }

    proptest! {
        #[test]
        fn any_query_is_read_without_panicking(text in any::<String>()) {
            let _ = EmbedOptions::parse(&text);
            let _ = EmbedOptions::parse(&format!("?embed&{text}"));
            let _ = EmbedOptions::parse(&format!("?embed&scenario={text}&step={text}"));
            let _ = Page::from_query(&text);
            let _ = unescape(&text);
        }

        #[test]
        fn any_message_is_read_without_panicking(text in any::<String>()) {
            let _ = parse_command(&text);
        }

        #[test]
        fn a_snippet_address_reads_back_as_its_choices(script in "[ -~\n]{0,200}", choices in choices()) {
            let url = embed_url("https://example.org/p/", SnippetSource::Scenario(&script), choices);
            let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
            prop_assert_eq!(Page::from_query(query), Page::Embed);
            let options = EmbedOptions::parse(query).unwrap();
            prop_assert_eq!(options, EmbedOptions {
                source: Source::Scenario(script),
                step: None,
                view: choices.view,
                controls: choices.controls,
                theme: choices.theme,
            });
        }

        #[test]
        fn every_step_of_a_scenario_is_a_stop(script in "(az group create -n g[0-9] -l eastus\n){0,6}", step in 0..10_usize) {
            let walk = Walk::scenario(&script);
            let statements = script.lines().count();
            prop_assert_eq!(walk.stops(), statements + 1);
            prop_assert_eq!(walk.stop_for_step(step).is_some(), step <= statements);
        }
    }
}
