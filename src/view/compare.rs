//! Compare mode: one storyline played in two synchronized panes, one giving its resources
//! system-assigned identities and the other user-assigned ones, and what differs between the two
//! worlds after every step ([`Storyline::at`]).
//!
//! # The storyline format
//!
//! A storyline is a file `static/compare/NN-slug.md`, compiled in ([`STORYLINE_FILES`]), in the
//! dialect of `view::document` (format and examples in `static/compare/README.md`):
//!
//! - front matter: `title:`, `rules:` (the Azure rules it shows) and one or more `ask:` lines,
//!   each the arguments of a `mip check` ([`Ask`]) asked in both panes after every step: the
//!   decisions the two worlds are compared by;
//! - an intro, optional `> note:` speaker notes, and one `setup` block, run in both panes;
//! - steps (`## ` headings) with narration, notes, and a ```` ```system ```` block (statements
//!   for the system-assigned pane), a ```` ```user ```` block (for the user-assigned pane), or
//!   both. A pane without a block in a step stays as it was.
//!
//! Steps are numbered from 1; step 0 is the world right after the setup.
//!
//! Invariants: a pane's world is always the result of running its script — the setup, then its
//! own blocks up to the step — through a [`Session`]; asking a question never changes a pane (it
//! runs on a copy of the world, as a lesson's goal does); what the two panes are compared by is
//! exactly the summary each cell shows, never names or ids, which differ between any two worlds.

use crate::sim::directory::{ObjectKind, PrincipalSource};
use crate::sim::evaluate::Outcome;
use crate::sim::ids::Guid;
use crate::sim::resource::ResourceKind;
use crate::sim::script::command::Output;
use crate::sim::script::lexer::{parse_script, StatementKind, WordPart};
use crate::sim::script::session::{Record, Session};
use crate::sim::world::World;
use crate::view::describe::scope_text;
use crate::view::document::{
    self, Block, BlockKind, DocumentError, ErrorKind, Fenced, Format, Key, Span,
};
use crate::view::embed::pairs;
use crate::view::text::{lower_first, upper_first};

/// Every storyline file, in order, compiled in.
pub const STORYLINE_FILES: &[(&str, &str)] = &[
    (
        "01-a-vm-and-its-storage.md",
        include_str!("../../static/compare/01-a-vm-and-its-storage.md"),
    ),
    (
        "02-turn-it-off-and-on-again.md",
        include_str!("../../static/compare/02-turn-it-off-and-on-again.md"),
    ),
];

/// What a storyline file may contain: `ask` questions, and a step's `system` and `user` blocks;
/// no hints (nobody is asked to do anything).
pub static STORYLINE_FORMAT: Format = Format {
    noun: "storyline",
    keys: &[Key::Title, Key::Rules, Key::Ask],
    blocks: &[BlockKind::Setup, BlockKind::System, BlockKind::User],
    during_step: &[BlockKind::System, BlockKind::User],
    hints: false,
};

/// Every storyline, parsed, in order.
pub fn catalog() -> Result<Vec<Storyline>, DocumentError> {
    STORYLINE_FILES
        .iter()
        .map(|(file, text)| parse(file, text))
        .collect()
}

/// One storyline, as its file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Storyline {
    /// The file name without `.md`, e.g. `01-a-vm-and-its-storage`: its name in the address.
    pub id: String,
    /// The file name, for errors located in it.
    pub file: String,
    pub title: String,
    /// The ids of the Azure rules it shows, e.g. `MI-1.5`.
    pub rules: Vec<String>,
    /// The questions both panes are asked after every step.
    pub asks: Vec<Ask>,
    pub intro: Vec<Block>,
    /// Speaker notes for the intro.
    pub notes: Vec<Vec<Span>>,
    /// Run in both panes before the first step.
    pub setup: Fenced,
    pub steps: Vec<StoryStep>,
}

/// One step: its text and what each pane runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryStep {
    pub title: String,
    /// The line of its `## ` heading.
    pub line: usize,
    pub narration: Vec<Block>,
    pub notes: Vec<Vec<Span>>,
    pub system: Option<Fenced>,
    pub user: Option<Fenced>,
}

impl StoryStep {
    /// The statements `pane` runs in this step, if any.
    pub fn block(&self, pane: Pane) -> Option<&Fenced> {
        match pane {
            Pane::System => self.system.as_ref(),
            Pane::User => self.user.as_ref(),
        }
    }
}

/// A question asked in both panes: the arguments of a `mip check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The arguments as written, e.g. `--from web-1 --action "Read blobs" --scope shopdata`.
    pub args: String,
    pub from: String,
    pub action: String,
    pub scope: String,
}

impl Ask {
    /// The statement that asks it.
    pub fn statement(&self) -> String {
        format!("mip check {}", self.args)
    }

    /// The question in words: "Can web-1 read blobs at shopdata?"
    pub fn question(&self) -> String {
        let action = if self.action.contains('/') {
            format!("perform {}", self.action)
        } else {
            lower_first(&self.action)
        };
        format!("Can {} {action} at {}?", self.from, self.scope)
    }
}

/// The two panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    System,
    User,
}

impl Pane {
    pub const BOTH: [Pane; 2] = [Pane::System, Pane::User];

    /// The pane's heading.
    pub fn label(self) -> &'static str {
        match self {
            Pane::System => "System-assigned identity",
            Pane::User => "User-assigned identity",
        }
    }

    /// The pane's column in the differences table.
    pub fn column(self) -> &'static str {
        match self {
            Pane::System => "System-assigned",
            Pane::User => "User-assigned",
        }
    }

    /// A word for element ids and classes.
    pub fn key(self) -> &'static str {
        match self {
            Pane::System => "system",
            Pane::User => "user",
        }
    }
}

// ----- parsing -----------------------------------------------------------------------------------

/// Parses a storyline file; `file` is its name (`01-a-vm-and-its-storage.md`), used for the id
/// and in errors.
pub fn parse(file: &str, text: &str) -> Result<Storyline, DocumentError> {
    let error = |line: usize, kind: ErrorKind| DocumentError {
        file: file.to_string(),
        line,
        kind,
        format: &STORYLINE_FORMAT,
    };
    let document = document::read(file, text, &STORYLINE_FORMAT)?;
    let asks = document
        .asks
        .iter()
        .map(|(line, args)| ask(args).map_err(|why| error(*line, ErrorKind::BadAsk(why))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut steps = Vec::new();
    for section in document.steps {
        let system = section.block(BlockKind::System).cloned();
        let user = section.block(BlockKind::User).cloned();
        if system.is_none() && user.is_none() {
            return Err(error(section.line, ErrorKind::NoPaneBlock));
        }
        steps.push(StoryStep {
            title: section.title,
            line: section.line,
            narration: section.narration,
            notes: section.notes,
            system,
            user,
        });
    }
    Ok(Storyline {
        id: file.strip_suffix(".md").unwrap_or(file).to_string(),
        file: file.to_string(),
        title: document.title,
        rules: document.rules,
        asks,
        intro: document.intro,
        notes: document.notes,
        setup: document.setup,
        steps,
    })
}

/// An `ask:` value as a question, or why it is not one. It must parse as the arguments of one
/// `mip check` with `--from`, `--action` and `--scope`, and name things instead of using
/// variables: each pane's variables are its own.
fn ask(args: &str) -> Result<Ask, String> {
    let statement = format!("mip check {args}");
    let parsed = parse_script(&statement);
    let words = match parsed.as_slice() {
        [Ok(s)] => match &s.kind {
            StatementKind::Command { words } => words.clone(),
            StatementKind::Assign { .. } => Vec::new(),
        },
        [Err(e)] => return Err(format!("the question does not parse: {}", e.message)),
        _ => Vec::new(),
    };
    if words.is_empty() {
        return Err(format!(
            "'{args}' is not the arguments of one mip check; write e.g. 'ask: --from web-1 --action \"Read blobs\" --scope shopdata'"
        ));
    }
    let mut texts = Vec::new();
    for word in &words {
        let mut text = String::new();
        for part in &word.parts {
            match part {
                WordPart::Literal { text: t, .. } => text.push_str(t),
                _ => {
                    return Err(format!(
                        "a question cannot use variables ('{args}'): each pane's variables are its own; name resources instead (--scope shopdata)"
                    ))
                }
            }
        }
        texts.push(text);
    }
    let value = |flag: &str| {
        texts
            .iter()
            .position(|t| t == flag)
            .and_then(|i| texts.get(i + 1))
            .filter(|v| !v.starts_with("--"))
            .cloned()
            .ok_or_else(|| format!("the question has no {flag} value; a question needs --from, --action and --scope, e.g. 'ask: --from web-1 --action \"Read blobs\" --scope shopdata'"))
    };
    Ok(Ask {
        args: args.to_string(),
        from: value("--from")?,
        action: value("--action")?,
        scope: value("--scope")?,
    })
}

// ----- the address -------------------------------------------------------------------------------

/// Where a `?compare=ID&step=N` address points, resolved against the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The storyline's index in the catalog.
    pub storyline: usize,
    pub step: usize,
    /// What in the address could not be followed, and what is shown instead.
    pub problem: Option<String>,
}

impl Place {
    /// The place `query` asks for: the storyline named by `compare` (its id, number or name; the
    /// first when none is named) and the step `step` (0 when none is given). A name or step that
    /// does not exist is not an error page: the nearest place is shown, with the problem.
    pub fn from_query(query: &str, storylines: &[Storyline]) -> Place {
        let mut problems = Vec::new();
        let mut storyline = 0;
        let mut step = 0;
        let given = |key: &str| {
            pairs(query)
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v)
                .filter(|v| !v.is_empty())
        };
        if let Some(name) = given("compare") {
            match document::find_by_id(storylines, name, |s| s.id.as_str()) {
                Some(found) => {
                    storyline = storylines
                        .iter()
                        .position(|s| s.id == found.id)
                        .unwrap_or(0)
                }
                None => problems.push(format!(
                    "There is no storyline '{name}'; the first one is shown."
                )),
            }
        }
        let last = storylines.get(storyline).map_or(0, |s| s.steps.len());
        if let Some(text) = given("step") {
            match text.parse::<usize>() {
                Ok(n) if n <= last => step = n,
                Ok(_) => {
                    step = last;
                    problems.push(format!(
                        "This storyline has {last} steps, not {text}; the last is shown."
                    ));
                }
                Err(_) => problems.push(format!(
                    "step={text} is not a step number; the first step is shown."
                )),
            }
        }
        Place {
            storyline,
            step,
            problem: (!problems.is_empty()).then(|| problems.join(" ")),
        }
    }
}

/// The query of a place, to keep it in the address: `?compare=01-…&step=3`.
pub fn query(storyline: &Storyline, step: usize) -> String {
    format!("?compare={}&step={step}", storyline.id)
}

// ----- playing a step ----------------------------------------------------------------------------

/// Both panes after a step, and how they compare.
#[derive(Debug, Clone, PartialEq)]
pub struct StepView {
    /// From 0 (the setup) to the number of steps.
    pub step: usize,
    /// The system-assigned pane, then the user-assigned one.
    pub panes: [PaneView; 2],
    pub rows: Vec<Row>,
}

/// One pane after a step.
#[derive(Debug, Clone, PartialEq)]
pub struct PaneView {
    pub pane: Pane,
    /// The session that ran the pane's script up to and including the step.
    pub session: Session,
    /// What the pane ran in this step (the setup, at step 0); empty when it had nothing to run.
    pub ran: Vec<Ran>,
}

/// A statement a pane ran in this step, with what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// The line of the storyline file the statement starts on.
    pub line: usize,
    pub statement: String,
    pub output: String,
    /// Remarks: flags accepted and ignored, consequences worth knowing.
    pub notes: Vec<String>,
    /// Why it failed, located in the storyline file.
    pub error: Option<String>,
}

impl Storyline {
    /// The statements `pane` has run by the end of `step`: the setup, then its blocks of steps 1
    /// to `step`.
    pub fn script(&self, pane: Pane, step: usize) -> String {
        let mut script = self.setup.script.clone();
        for block in self.blocks(pane, step) {
            script.push_str(&block.script);
        }
        script
    }

    /// The pane's blocks of steps 1 to `step`.
    fn blocks(&self, pane: Pane, step: usize) -> impl Iterator<Item = &Fenced> {
        self.steps
            .iter()
            .take(step)
            .filter_map(move |s| s.block(pane))
    }

    /// Both panes after `step` (0 is the setup), or `None` past the last step.
    pub fn at(&self, step: usize) -> Option<StepView> {
        if step > self.steps.len() {
            return None;
        }
        let [system, user] = Pane::BOTH.map(|pane| self.play(pane, step));
        let rows = compare(&system, &user, &self.asks);
        Some(StepView {
            step,
            panes: [system.view, user.view],
            rows,
        })
    }

    /// Runs the pane's script up to `step`, keeping the world as it was before the step.
    fn play(&self, pane: Pane, step: usize) -> Played {
        let mut session = Session::new();
        let mut ran = Vec::new();
        let this_step = match step {
            0 => Some(&self.setup),
            n => self.steps.get(n - 1).and_then(|s| s.block(pane)),
        };
        let earlier = std::iter::once(&self.setup)
            .filter(|_| step > 0)
            .chain(self.blocks(pane, step.saturating_sub(1)));
        for block in earlier {
            session.execute(&block.script);
        }
        let before = session.world.clone();
        if let Some(block) = this_step {
            let records = session.execute(&block.script);
            ran = records
                .iter()
                .zip(&block.statements)
                .map(|(record, (line, _))| ran_from(record, *line, &self.file))
                .collect();
        }
        Played {
            before,
            view: PaneView { pane, session, ran },
        }
    }
}

/// A pane's session and the world before its step.
struct Played {
    before: World,
    view: PaneView,
}

/// A record as shown: its error located in the storyline file (the session numbers lines of the
/// whole script).
fn ran_from(record: &Record, line: usize, file: &str) -> Ran {
    Ran {
        line,
        statement: record.text.trim().to_string(),
        output: record.rendered(),
        notes: record.notes.clone(),
        error: record.error.as_ref().map(|e| {
            let at = line + e.pos.line.saturating_sub(record.line);
            format!("{file} line {at}: {}", e.message)
        }),
    }
}

// ----- comparing ---------------------------------------------------------------------------------

/// One aspect of the two worlds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    Identities,
    Principals,
    Assignments,
    /// The storyline's question with this index.
    Decision(usize),
}

/// One row of the differences table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub aspect: Aspect,
    /// "Managed identities", …, or a question.
    pub label: String,
    pub system: Cell,
    pub user: Cell,
    /// The two panes' summaries differ.
    pub differs: bool,
}

impl Row {
    pub fn cell(&self, pane: Pane) -> &Cell {
        match pane {
            Pane::System => &self.system,
            Pane::User => &self.user,
        }
    }

    /// Either pane's cell changed in this step.
    pub fn changed(&self) -> bool {
        self.system.changed || self.user.changed
    }
}

/// What one pane shows on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// What the panes are compared by: a count, or a decision and its reason code.
    pub summary: String,
    /// Names, ids, or the reason in words: shown, never compared.
    pub details: Vec<String>,
    /// A question's answer; `None` on the other rows.
    pub answer: Option<Answer>,
    /// The cell reads differently than before the step.
    pub changed: bool,
}

/// A question's answer in one pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub verdict: Verdict,
    /// What `mip check` explains (the assignment that granted it, or what is missing), or why
    /// the question could not be asked.
    pub explanation: String,
}

/// The answer to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Denied,
    /// The question could not be asked, e.g. its resource does not exist.
    NotAsked,
}

impl Verdict {
    /// The glyph that goes with the colour, so that colour is never the only signal.
    pub fn glyph(self) -> &'static str {
        match self {
            Verdict::Allowed => "✓",
            Verdict::Denied => "✗",
            Verdict::NotAsked => "–",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Verdict::Allowed => "Allowed",
            Verdict::Denied => "Denied",
            Verdict::NotAsked => "Cannot be asked",
        }
    }
}

/// A cell's content before the `changed` flag is known: summary, details, answer.
type Content = (String, Vec<String>, Option<Answer>);

fn compare(system: &Played, user: &Played, asks: &[Ask]) -> Vec<Row> {
    let mut rows = vec![
        row(
            Aspect::Identities,
            "Managed identities",
            [system, user],
            identities,
        ),
        row(
            Aspect::Principals,
            "Service principals in Entra ID",
            [system, user],
            principals,
        ),
        row(
            Aspect::Assignments,
            "Role assignments",
            [system, user],
            assignments,
        ),
    ];
    for (index, ask) in asks.iter().enumerate() {
        rows.push(row(
            Aspect::Decision(index),
            &ask.question(),
            [system, user],
            |world| answer(world, ask),
        ));
    }
    rows
}

/// A row: each pane's content now and before its step.
fn row(aspect: Aspect, label: &str, panes: [&Played; 2], read: impl Fn(&World) -> Content) -> Row {
    let [system, user] = panes.map(|played| {
        let (summary, details, answer) = read(&played.view.session.world);
        let before = read(&played.before);
        // An answer changes with its decision and reason; the wording around them follows the
        // rest of the world (a "did you mean" naming a resource created elsewhere).
        let changed = before.0 != summary || (answer.is_none() && before.1 != details);
        Cell {
            summary,
            details,
            answer,
            changed,
        }
    });
    Row {
        aspect,
        label: label.to_string(),
        differs: system.summary != user.summary,
        system,
        user,
    }
}

/// "none", "1", "2".
fn count(n: usize) -> String {
    match n {
        0 => "none".to_string(),
        n => n.to_string(),
    }
}

/// The first block of a GUID: enough to tell two principals apart on screen.
fn short_id(id: Guid) -> String {
    let text = id.to_string();
    format!("{}…", text.split('-').next().unwrap_or(&text))
}

/// Enabled system-assigned identities and user-assigned identity resources, with where each is
/// in use.
fn identities(world: &World) -> Content {
    let mut details = Vec::new();
    for resource in world.resources() {
        if resource.identity.system.is_some() {
            details.push(format!("system-assigned identity of {}", resource.name));
        }
        if resource.kind == ResourceKind::UserAssignedIdentity {
            let users: Vec<&str> = world
                .users_of_identity(&resource.id)
                .map(|r| r.name.as_str())
                .collect();
            let attached = if users.is_empty() {
                "attached to nothing".to_string()
            } else {
                format!("attached to {}", users.join(", "))
            };
            details.push(format!("{}, user-assigned, {attached}", resource.name));
        }
    }
    (count(details.len()), details, None)
}

/// Live service principals, and the soft-deleted ones (MI-1.4): a deleted managed identity's
/// principal stays in Entra ID's deleted list and never comes back.
fn principals(world: &World) -> Content {
    let directory = &world.directory;
    let mut details: Vec<String> = directory
        .principals()
        .map(|sp| {
            let kind = match sp.source {
                PrincipalSource::System { .. } => "system-assigned",
                PrincipalSource::User { .. } => "user-assigned",
                PrincipalSource::Application { .. } => "application",
            };
            format!(
                "{} ({kind}), object id {}",
                sp.display_name,
                short_id(sp.object_id)
            )
        })
        .collect();
    let deleted = directory.deleted();
    details.extend(deleted.iter().map(|d| {
        format!(
            "{}: soft-deleted, object id {}",
            d.principal.display_name,
            short_id(d.principal.object_id)
        )
    }));
    let mut summary = count(directory.len());
    if !deleted.is_empty() {
        summary.push_str(&format!(", {} soft-deleted", deleted.len()));
    }
    (summary, details, None)
}

/// Role assignments of identities, and how many are orphaned: their principal no longer exists,
/// so they show as "Identity not found" and grant nothing (MI-1.5). Users' and groups'
/// assignments (the learner's own Owner role) are the same in both panes and left out.
fn assignments(world: &World) -> Content {
    let mut orphaned = 0;
    let details: Vec<String> = world
        .assignments()
        .iter()
        .filter(|a| {
            !matches!(
                world.directory.kind_of(a.principal_id),
                Some(ObjectKind::User | ObjectKind::Group)
            )
        })
        .map(|a| {
            let role = world
                .role_by_id(&a.role_id)
                .map_or(a.role_id.as_str(), |r| r.name.as_str());
            let to = match world.directory.get(a.principal_id) {
                Some(sp) => format!("{} ({})", sp.display_name, short_id(a.principal_id)),
                None => {
                    orphaned += 1;
                    format!("Identity not found ({})", short_id(a.principal_id))
                }
            };
            format!("{role} on {} → {to}", scope_text(&a.scope))
        })
        .collect();
    let mut summary = count(details.len());
    if orphaned > 0 {
        summary.push_str(&format!(", {orphaned} orphaned"));
    }
    (summary, details, None)
}

/// Asks the question on a copy of the world: a check logs a sign-in, which must not change the
/// pane.
fn answer(world: &World, ask: &Ask) -> Content {
    let mut probe = Session::new();
    probe.world = world.clone();
    let records = probe.execute(&ask.statement());
    match records.first().map(|r| (&r.output, &r.error)) {
        Some((Output::Decision(decision), _)) => {
            let verdict = match decision.outcome {
                Outcome::Allowed => Verdict::Allowed,
                Outcome::Denied => Verdict::Denied,
            };
            let answer = Answer {
                verdict,
                explanation: decision.explanation.clone(),
            };
            (
                format!("{}: {}", verdict.word(), decision.reason.code()),
                vec![upper_first(decision.reason.plain())],
                Some(answer),
            )
        }
        Some((_, Some(error))) => not_asked(&error.message),
        _ => not_asked("mip check gave no decision"),
    }
}

fn not_asked(why: &str) -> Content {
    let why = upper_first(why);
    let answer = Answer {
        verdict: Verdict::NotAsked,
        explanation: why.clone(),
    };
    (
        Verdict::NotAsked.word().to_string(),
        vec![why],
        Some(answer),
    )
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    fn storyline() -> Storyline {
        catalog()
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .next()
            .expect("a storyline")
    }

    /// The step as text: what each pane ran (statements and errors; output only for `mip`
    /// and listing statements, which are short), then the table, one row per paragraph.
    fn show(view: &StepView) -> String {
        let mut out = String::new();
        for pane in &view.panes {
            out.push_str(&format!("{} ran:\n", pane.pane.column()));
            if pane.ran.is_empty() {
                out.push_str("  nothing\n");
            }
            for ran in &pane.ran {
                out.push_str(&format!("  {}: {}\n", ran.line, ran.statement));
                if let Some(error) = &ran.error {
                    out.push_str(&format!("    error: {error}\n"));
                }
            }
        }
        for row in &view.rows {
            let marks = [
                row.differs.then_some("≠ differs"),
                row.changed().then_some("● changed"),
            ];
            let marks: Vec<&str> = marks.into_iter().flatten().collect();
            out.push_str(&format!("\n{} [{}]\n", row.label, marks.join(", ")));
            for pane in Pane::BOTH {
                let cell = row.cell(pane);
                let changed = if cell.changed { " (changed)" } else { "" };
                out.push_str(&format!("  {}: {}{changed}\n", pane.key(), cell.summary));
                for detail in &cell.details {
                    out.push_str(&format!("    {detail}\n"));
                }
                if let Some(answer) = &cell.answer {
                    out.push_str(&format!("    why: {}\n", answer.explanation));
                }
            }
        }
        out
    }

    fn check(step: usize, expect: Expect) {
        let view = storyline().at(step).expect("a step in range");
        expect.assert_eq(&show(&view));
    }

    #[test]
    fn after_the_setup_both_panes_are_the_same() {
        check(
            0,
            expect![[r#"
            System-assigned ran:
              14: az group create -n demo -l eastus
              15: az storage account create -g demo -n shopdata
              16: storageId=$(az storage account show -g demo -n shopdata --query id -o tsv)
            User-assigned ran:
              14: az group create -n demo -l eastus
              15: az storage account create -g demo -n shopdata
              16: storageId=$(az storage account show -g demo -n shopdata --query id -o tsv)

            Managed identities []
              system: none
              user: none

            Service principals in Entra ID []
              system: none
              user: none

            Role assignments []
              system: none
              user: none

            Can web-1 read blobs at shopdata? []
              system: Cannot be asked
                No resource is named 'web-1'
                why: No resource is named 'web-1'
              user: Cannot be asked
                No resource is named 'web-1'
                why: No resource is named 'web-1'

            Can web-2 read blobs at shopdata? []
              system: Cannot be asked
                No resource is named 'web-2'
                why: No resource is named 'web-2'
              user: Cannot be asked
                No resource is named 'web-2'
                why: No resource is named 'web-2'
        "#]],
        );
    }

    #[test]
    fn step_1_gives_the_vm_an_identity() {
        check(
            1,
            expect![[r#"
            System-assigned ran:
              29: az vm create -g demo -n web-1 --image Ubuntu2204 --assign-identity
            User-assigned ran:
              33: az identity create -g demo -n web-identity
              34: identityId=$(az identity show -g demo -n web-identity --query id -o tsv)
              35: az vm create -g demo -n web-1 --image Ubuntu2204 --assign-identity $identityId

            Managed identities [● changed]
              system: 1 (changed)
                system-assigned identity of web-1
              user: 1 (changed)
                web-identity, user-assigned, attached to web-1

            Service principals in Entra ID [● changed]
              system: 1 (changed)
                web-1 (system-assigned), object id 85db1bc0…
              user: 1 (changed)
                web-identity (user-assigned), object id 85db1bc0…

            Role assignments []
              system: none
              user: none

            Can web-1 read blobs at shopdata? [● changed]
              system: Denied: no-role-assignment (changed)
                No role assignment applies at this scope
                why: Token for the system-assigned identity of web-1. Denied: web-1 (system-assigned) has no role assignment at storage account shopdata or any scope above it (resource group demo, subscription 'Playground subscription', the tenant root). Suggestion: Grant Storage Blob Data Reader on storage account shopdata.
              user: Denied: no-role-assignment (changed)
                No role assignment applies at this scope
                why: Token for the user-assigned identity web-identity. Denied: web-identity (user-assigned) has no role assignment at storage account shopdata or any scope above it (resource group demo, subscription 'Playground subscription', the tenant root). Suggestion: Grant Storage Blob Data Reader on storage account shopdata.

            Can web-2 read blobs at shopdata? []
              system: Cannot be asked
                No resource is named 'web-2'; did you mean 'web-1'?
                why: No resource is named 'web-2'; did you mean 'web-1'?
              user: Cannot be asked
                No resource is named 'web-2'; did you mean 'web-1'?
                why: No resource is named 'web-2'; did you mean 'web-1'?
        "#]],
        );
    }

    #[test]
    fn step_2_grants_one_assignment_each() {
        check(
            2,
            expect![[r#"
            System-assigned ran:
              46: principalId=$(az vm show -g demo -n web-1 --query identity.principalId -o tsv)
              47: az role assignment create --assignee $principalId --role "Storage Blob Data Reader" --scope $storageId
            User-assigned ran:
              51: principalId=$(az identity show -g demo -n web-identity --query principalId -o tsv)
              52: az role assignment create --assignee $principalId --role "Storage Blob Data Reader" --scope $storageId

            Managed identities []
              system: 1
                system-assigned identity of web-1
              user: 1
                web-identity, user-assigned, attached to web-1

            Service principals in Entra ID []
              system: 1
                web-1 (system-assigned), object id 85db1bc0…
              user: 1
                web-identity (user-assigned), object id 85db1bc0…

            Role assignments [● changed]
              system: 1 (changed)
                Storage Blob Data Reader on shopdata → web-1 (85db1bc0…)
              user: 1 (changed)
                Storage Blob Data Reader on shopdata → web-identity (85db1bc0…)

            Can web-1 read blobs at shopdata? [● changed]
              system: Allowed: role-assignment (changed)
                A role assignment grants it
                why: Token for the system-assigned identity of web-1. Allowed: web-1 (system-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).
              user: Allowed: role-assignment (changed)
                A role assignment grants it
                why: Token for the user-assigned identity web-identity. Allowed: web-identity (user-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).

            Can web-2 read blobs at shopdata? []
              system: Cannot be asked
                No resource is named 'web-2'; did you mean 'web-1'?
                why: No resource is named 'web-2'; did you mean 'web-1'?
              user: Cannot be asked
                No resource is named 'web-2'; did you mean 'web-1'?
                why: No resource is named 'web-2'; did you mean 'web-1'?
        "#]],
        );
    }

    #[test]
    fn step_3_deleting_the_vm_orphans_only_the_system_assigned_assignment() {
        check(
            3,
            expect![[r#"
            System-assigned ran:
              66: az vm delete -g demo -n web-1 --yes
            User-assigned ran:
              70: az vm delete -g demo -n web-1 --yes

            Managed identities [≠ differs, ● changed]
              system: none (changed)
              user: 1 (changed)
                web-identity, user-assigned, attached to nothing

            Service principals in Entra ID [≠ differs, ● changed]
              system: none, 1 soft-deleted (changed)
                web-1: soft-deleted, object id 85db1bc0…
              user: 1
                web-identity (user-assigned), object id 85db1bc0…

            Role assignments [≠ differs, ● changed]
              system: 1, 1 orphaned (changed)
                Storage Blob Data Reader on shopdata → Identity not found (85db1bc0…)
              user: 1
                Storage Blob Data Reader on shopdata → web-identity (85db1bc0…)

            Can web-1 read blobs at shopdata? [● changed]
              system: Cannot be asked (changed)
                No resource is named 'web-1'
                why: No resource is named 'web-1'
              user: Cannot be asked (changed)
                No resource is named 'web-1'
                why: No resource is named 'web-1'

            Can web-2 read blobs at shopdata? []
              system: Cannot be asked
                No resource is named 'web-2'
                why: No resource is named 'web-2'
              user: Cannot be asked
                No resource is named 'web-2'
                why: No resource is named 'web-2'
        "#]],
        );
    }

    #[test]
    fn step_4_the_recreated_vm_is_denied_only_with_a_system_assigned_identity() {
        check(
            4,
            expect![[r#"
            System-assigned ran:
              81: az vm create -g demo -n web-1 --image Ubuntu2204 --assign-identity
            User-assigned ran:
              85: az vm create -g demo -n web-1 --image Ubuntu2204 --assign-identity $identityId

            Managed identities [● changed]
              system: 1 (changed)
                system-assigned identity of web-1
              user: 1 (changed)
                web-identity, user-assigned, attached to web-1

            Service principals in Entra ID [≠ differs, ● changed]
              system: 1, 1 soft-deleted (changed)
                web-1 (system-assigned), object id e63c8ab3…
                web-1: soft-deleted, object id 85db1bc0…
              user: 1
                web-identity (user-assigned), object id 85db1bc0…

            Role assignments [≠ differs]
              system: 1, 1 orphaned
                Storage Blob Data Reader on shopdata → Identity not found (85db1bc0…)
              user: 1
                Storage Blob Data Reader on shopdata → web-identity (85db1bc0…)

            Can web-1 read blobs at shopdata? [≠ differs, ● changed]
              system: Denied: no-role-assignment (changed)
                No role assignment applies at this scope
                why: Token for the system-assigned identity of web-1. Denied: web-1 (system-assigned) has no role assignment at storage account shopdata or any scope above it (resource group demo, subscription 'Playground subscription', the tenant root). Suggestion: Grant Storage Blob Data Reader on storage account shopdata.
              user: Allowed: role-assignment (changed)
                A role assignment grants it
                why: Token for the user-assigned identity web-identity. Allowed: web-identity (user-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).

            Can web-2 read blobs at shopdata? []
              system: Cannot be asked
                No resource is named 'web-2'; did you mean 'web-1'?
                why: No resource is named 'web-2'; did you mean 'web-1'?
              user: Cannot be asked
                No resource is named 'web-2'; did you mean 'web-1'?
                why: No resource is named 'web-2'; did you mean 'web-1'?
        "#]],
        );
    }

    #[test]
    fn step_5_only_the_system_assigned_pane_needs_a_new_assignment() {
        check(
            5,
            expect![[r#"
            System-assigned ran:
              94: principalId=$(az vm show -g demo -n web-1 --query identity.principalId -o tsv)
              95: az role assignment create --assignee $principalId --role "Storage Blob Data Reader" --scope $storageId
              96: az role assignment list --scope $storageId --query "[].{principalId:principalId, principalType:principalType}" -o table
            User-assigned ran:
              nothing

            Managed identities []
              system: 1
                system-assigned identity of web-1
              user: 1
                web-identity, user-assigned, attached to web-1

            Service principals in Entra ID [≠ differs]
              system: 1, 1 soft-deleted
                web-1 (system-assigned), object id e63c8ab3…
                web-1: soft-deleted, object id 85db1bc0…
              user: 1
                web-identity (user-assigned), object id 85db1bc0…

            Role assignments [≠ differs, ● changed]
              system: 2, 1 orphaned (changed)
                Storage Blob Data Reader on shopdata → Identity not found (85db1bc0…)
                Storage Blob Data Reader on shopdata → web-1 (e63c8ab3…)
              user: 1
                Storage Blob Data Reader on shopdata → web-identity (85db1bc0…)

            Can web-1 read blobs at shopdata? [● changed]
              system: Allowed: role-assignment (changed)
                A role assignment grants it
                why: Token for the system-assigned identity of web-1. Allowed: web-1 (system-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).
              user: Allowed: role-assignment
                A role assignment grants it
                why: Token for the user-assigned identity web-identity. Allowed: web-identity (user-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).

            Can web-2 read blobs at shopdata? []
              system: Cannot be asked
                No resource is named 'web-2'; did you mean 'web-1'?
                why: No resource is named 'web-2'; did you mean 'web-1'?
              user: Cannot be asked
                No resource is named 'web-2'; did you mean 'web-1'?
                why: No resource is named 'web-2'; did you mean 'web-1'?
        "#]],
        );
    }

    #[test]
    fn step_6_a_second_vm_needs_a_second_assignment_only_with_system_assigned_identities() {
        check(
            6,
            expect![[r#"
            System-assigned ran:
              108: az vm create -g demo -n web-2 --image Ubuntu2204 --assign-identity
              109: principalId=$(az vm show -g demo -n web-2 --query identity.principalId -o tsv)
              110: az role assignment create --assignee $principalId --role "Storage Blob Data Reader" --scope $storageId
            User-assigned ran:
              114: az vm create -g demo -n web-2 --image Ubuntu2204 --assign-identity $identityId

            Managed identities [≠ differs, ● changed]
              system: 2 (changed)
                system-assigned identity of web-1
                system-assigned identity of web-2
              user: 1 (changed)
                web-identity, user-assigned, attached to web-1, web-2

            Service principals in Entra ID [≠ differs, ● changed]
              system: 2, 1 soft-deleted (changed)
                web-2 (system-assigned), object id a0e61e77…
                web-1 (system-assigned), object id e63c8ab3…
                web-1: soft-deleted, object id 85db1bc0…
              user: 1
                web-identity (user-assigned), object id 85db1bc0…

            Role assignments [≠ differs, ● changed]
              system: 3, 1 orphaned (changed)
                Storage Blob Data Reader on shopdata → Identity not found (85db1bc0…)
                Storage Blob Data Reader on shopdata → web-1 (e63c8ab3…)
                Storage Blob Data Reader on shopdata → web-2 (a0e61e77…)
              user: 1
                Storage Blob Data Reader on shopdata → web-identity (85db1bc0…)

            Can web-1 read blobs at shopdata? []
              system: Allowed: role-assignment
                A role assignment grants it
                why: Token for the system-assigned identity of web-1. Allowed: web-1 (system-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).
              user: Allowed: role-assignment
                A role assignment grants it
                why: Token for the user-assigned identity web-identity. Allowed: web-identity (user-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).

            Can web-2 read blobs at shopdata? [● changed]
              system: Allowed: role-assignment (changed)
                A role assignment grants it
                why: Token for the system-assigned identity of web-2. Allowed: web-2 (system-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).
              user: Allowed: role-assignment (changed)
                A role assignment grants it
                why: Token for the user-assigned identity web-identity. Allowed: web-identity (user-assigned) has 'Storage Blob Data Reader' at storage account shopdata. Its DataActions entry 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' covers Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data plane).
        "#]],
        );
    }

    /// A small storyline: the base every parser test edits.
    const STORYLINE: &str = "\
title: A test storyline
rules: MI-1.1, MI-2.1
ask: --from vm1 --action 'Read blobs' --scope st1

An intro.

```setup
az group create -n rg -l eastus
az storage account create -g rg -n st1
```

## Create the VM

Both panes create vm1.

```system
az vm create -g rg -n vm1 --assign-identity
```

```user
az identity create -g rg -n id1
az vm create -g rg -n vm1 --assign-identity id1
```

## Only the left

The right has nothing to do.

```system
az vm show -g rg -n nope
```
";

    fn check_error(text: &str, expect: Expect) {
        let shown = match parse("02-test.md", text) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        };
        expect.assert_eq(&shown);
    }

    /// The base storyline with `from` replaced by `to` (which must occur).
    fn edited(from: &str, to: &str) -> String {
        assert!(STORYLINE.contains(from), "{from}");
        STORYLINE.replacen(from, to, 1)
    }

    #[test]
    fn a_storyline_parses_into_its_parts_and_each_pane_gets_its_own_script() {
        let storyline = parse("01-test.md", STORYLINE).unwrap();
        assert_eq!(storyline.id, "01-test");
        assert_eq!(
            storyline.asks,
            [Ask {
                args: "--from vm1 --action 'Read blobs' --scope st1".into(),
                from: "vm1".into(),
                action: "Read blobs".into(),
                scope: "st1".into(),
            }]
        );
        assert_eq!(storyline.asks[0].question(), "Can vm1 read blobs at st1?");
        assert_eq!(storyline.steps[1].block(Pane::User), None);
        expect![[r#"
            az group create -n rg -l eastus
            az storage account create -g rg -n st1
            az identity create -g rg -n id1
            az vm create -g rg -n vm1 --assign-identity id1
        "#]]
        .assert_eq(&storyline.script(Pane::User, 2));
        expect![[r#"
            az group create -n rg -l eastus
            az storage account create -g rg -n st1
            az vm create -g rg -n vm1 --assign-identity
        "#]]
        .assert_eq(&storyline.script(Pane::System, 1));
        assert_eq!(storyline.at(3), None, "two steps: 0, 1 and 2");
    }

    #[test]
    fn a_failed_statement_is_shown_with_its_line_in_the_storyline_file() {
        let storyline = parse("01-test.md", STORYLINE).unwrap();
        let view = storyline.at(2).unwrap();
        let [system, user] = &view.panes;
        assert_eq!(system.ran.len(), 1);
        assert_eq!(
            system.ran[0].error.as_deref(),
            Some("01-test.md line 30: (ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/nope' under resource group 'rg' was not found.")
        );
        assert!(user.ran.is_empty(), "the right pane has nothing to run");
        assert!(
            view.rows.iter().all(|r| !r.changed()),
            "a failed show changes nothing"
        );
    }

    #[test]
    fn errors_say_what_a_storyline_allows() {
        check_error(
            "An intro.\n",
            expect!["02-test.md line 1: a storyline starts with its front matter: a 'title: …' line, a 'rules: MI-1.1, …' line and one or more 'ask: --from … --action … --scope …' lines, then a blank line"],
        );
        check_error(
            &edited("ask: --from vm1 --action 'Read blobs' --scope st1\n", ""),
            expect!["02-test.md line 1: the front matter has no 'ask:' line"],
        );
        check_error(
            &edited("rules: MI-1.1, MI-2.1\n", "rules: MI-1.1, MI-2.1\nlevel: 2\n"),
            expect!["02-test.md line 3: unknown front matter key 'level'; the keys are 'title', 'rules' and 'ask'"],
        );
        check_error(
            &edited(
                "--scope st1\n\n",
                "--scope st1\nask: --from vm1 --scope st1\n\n",
            ),
            expect![[
                r#"02-test.md line 4: the question has no --action value; a question needs --from, --action and --scope, e.g. 'ask: --from web-1 --action "Read blobs" --scope shopdata'"#
            ]],
        );
        check_error(
            &edited("--scope st1\n\n", "--scope st1\nask: --from $vm --action 'Read blobs' --scope st1\n\n"),
            expect!["02-test.md line 4: a question cannot use variables ('--from $vm --action 'Read blobs' --scope st1'): each pane's variables are its own; name resources instead (--scope shopdata)"],
        );
        check_error(
            &edited("--scope st1\n\n", "--scope st1\nask: --from 'vm1\n\n"),
            expect!["02-test.md line 4: the question does not parse: unclosed single quote ('): add the matching ' where the quoted text ends"],
        );
        check_error(
            &edited("```user\n", "```run\n"),
            expect!["02-test.md line 20: unknown block kind 'run': use setup, system or user"],
        );
        check_error(
            &edited("```system\naz vm show", "```setup\naz vm show"),
            expect!["02-test.md line 29: a ```setup block belongs before the first step; for statements run during a step, use ```system or ```user"],
        );
        check_error(
            &edited("Both panes create vm1.", "Both panes create vm1.\n\n> hint: `az vm create`"),
            expect!["02-test.md line 16: a quoted line must be a speaker note ('> note: …'); a storyline has no hints"],
        );
        check_error(
            &edited("```system\naz vm show -g rg -n nope\n```\n", ""),
            expect!["02-test.md line 25: this step has neither a ```system nor a ```user block; give it at least one (a pane without one stays as it was)"],
        );
        check_error(
            &edited("```setup\naz group create -n rg -l eastus\naz storage account create -g rg -n st1\n```\n", ""),
            expect!["02-test.md line 5: the storyline has no ```setup block; put one before the first step (it may create nothing but a resource group)"],
        );
    }

    #[test]
    fn the_address_names_a_storyline_and_a_step() {
        let storylines = catalog().unwrap();
        let place = |query: &str| Place::from_query(query, &storylines);
        let at = |storyline: usize, step: usize| Place {
            storyline,
            step,
            problem: None,
        };
        assert_eq!(place("?compare"), at(0, 0));
        assert_eq!(place("?compare=01-a-vm-and-its-storage&step=3"), at(0, 3));
        assert_eq!(place("?compare=1&step=2"), at(0, 2));
        assert_eq!(place("?compare=a-vm-and-its-storage"), at(0, 0));
        assert_eq!(
            place("?compare=02-turn-it-off-and-on-again&step=1"),
            at(1, 1)
        );
        assert_eq!(
            place("?compare=nope&step=99").problem.as_deref(),
            Some("There is no storyline 'nope'; the first one is shown. This storyline has 6 steps, not 99; the last is shown.")
        );
        assert_eq!(place("?compare=nope&step=99").step, 6);
        assert_eq!(
            place("?compare&step=x"),
            Place {
                storyline: 0,
                step: 0,
                problem: Some("step=x is not a step number; the first step is shown.".into()),
            }
        );
        assert_eq!(
            query(&storylines[0], 4),
            "?compare=01-a-vm-and-its-storage&step=4"
        );
        assert_eq!(
            Place::from_query(&query(&storylines[0], 4), &storylines),
            at(0, 4)
        );
    }

    #[test]
    fn asking_a_question_leaves_the_pane_as_it_was() {
        let storyline = storyline();
        let view = storyline.at(2).unwrap();
        let session = &view.panes[0].session;
        let replayed = Session::run(&storyline.script(Pane::System, 2));
        assert_eq!(session, &replayed, "no sign-in or event from the questions");
    }
}
