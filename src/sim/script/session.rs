//! A session runs a script statement by statement, like a shell without `set -e`: a failing
//! statement records its error and the next one runs.
//!
//! Invariant: a session is a pure function of its script. Running the whole script at once, or
//! chunk by chunk with [`Session::execute`], gives the same records; undo is "replay all but the
//! last statement" ([`without_last_statement`]).

use std::cell::Cell;
use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::authorize;
use super::command::{find_command, parse_args, Ctx, Output};
use super::error::{ErrorKind, ScriptError};
use super::lexer::{
    expand_word_joined, expand_words, parse_script, Expander, LexError, Pos, StatementKind, Word,
};
use super::table::COMMANDS;
use crate::sim::account::Host;
use crate::sim::event::Event;
use crate::sim::output::{apply_query, check_query, render_with, OutputFormat, RenderOptions};
use crate::sim::world::World;

/// Each statement moves the simulated clock this far, so log entries are ordered in time.
const SECONDS_PER_STATEMENT: u64 = 1;

/// What one statement did.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// First and last source lines of the statement.
    pub line: usize,
    pub end_line: usize,
    /// The statement's source text.
    pub text: String,
    /// The typed result of `mip` statements and text commands; az-shaped output is in `json`,
    /// so this is `Nothing` for az commands, assignments and failures.
    pub output: Output,
    /// The JSON value `--json` prints (after `--query`), if the statement produced one.
    pub json: Option<Value>,
    /// How [`Record::rendered`] prints the output.
    pub rendering: Rendering,
    /// Remarks for the learner: ignored flags, consequences worth knowing.
    pub notes: Vec<String>,
    pub error: Option<ScriptError>,
    /// The domain events, in order.
    pub events: Vec<Event>,
    /// The machine the statement ran on (`mip on`), for a prompt such as `learner@vm1`.
    pub host: Host,
}

impl Record {
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// What the command prints, as az would (or as prose for `mip` statements).
    pub fn rendered(&self) -> String {
        render_outcome(&self.output, self.json.as_ref(), self.rendering)
    }

    /// The `mip run --json` line for this statement, if it produced output or an error.
    pub fn to_json_line(&self) -> Option<Value> {
        if let Some(error) = &self.error {
            return Some(json!({
                "line": self.line,
                "statement": self.text,
                "error": { "code": error.kind.code(), "message": error.to_string() },
            }));
        }
        self.json
            .as_ref()
            .map(|output| json!({ "line": self.line, "statement": self.text, "output": output }))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub world: World,
    vars: BTreeMap<String, String>,
    pub records: Vec<Record>,
    /// Lines consumed so far, so later chunks continue the numbering.
    lines: usize,
}

impl Default for Session {
    fn default() -> Session {
        Session::new()
    }
}

impl Session {
    pub fn new() -> Session {
        Session {
            world: World::default(),
            vars: BTreeMap::new(),
            records: Vec::new(),
            lines: 0,
        }
    }

    /// Runs a whole script in a fresh session.
    pub fn run(src: &str) -> Session {
        let mut session = Session::new();
        session.execute(src);
        session
    }

    /// Runs more statements; their line numbers continue after the previous chunk's.
    /// Returns the records this chunk added.
    pub fn execute(&mut self, src: &str) -> &[Record] {
        let start = self.records.len();
        let offset = self.lines;
        for parsed in parse_script(src) {
            let record = match parsed {
                Ok(statement) => {
                    let (line, end_line, text) = (
                        statement.pos.line + offset,
                        statement.end_line + offset,
                        statement.text.clone(),
                    );
                    self.world.advance(SECONDS_PER_STATEMENT);
                    let host = self.world.host.clone();
                    let mut notes = Vec::new();
                    let result = self.statement(&statement.kind, offset, &mut notes);
                    let events = self.world.take_events();
                    let (outcome, error) = match result {
                        Ok(outcome) => (outcome, None),
                        Err(e) => (
                            Outcome {
                                output: Output::Nothing,
                                json: None,
                                rendering: Rendering::Human,
                            },
                            Some(e),
                        ),
                    };
                    Record {
                        line,
                        end_line,
                        text,
                        output: outcome.output,
                        json: outcome.json,
                        rendering: outcome.rendering,
                        notes,
                        error,
                        events,
                        host,
                    }
                }
                Err(e) => {
                    let error = ScriptError::from(shift(e, offset));
                    let line = error.pos.line;
                    Record {
                        line,
                        end_line: line,
                        text: source_line(src, line - offset),
                        output: Output::Nothing,
                        json: None,
                        rendering: Rendering::Human,
                        notes: Vec::new(),
                        error: Some(error),
                        events: Vec::new(),
                        host: self.world.host.clone(),
                    }
                }
            };
            self.records.push(record);
        }
        self.lines += src.lines().count().max(usize::from(!src.is_empty()));
        if src.ends_with('\n') && src.lines().count() == 0 {
            self.lines += 1;
        }
        &self.records[start..]
    }

    /// True when any statement failed (`mip run` exits 1).
    pub fn failed(&self) -> bool {
        self.records.iter().any(Record::failed)
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    fn statement(
        &mut self,
        kind: &StatementKind,
        offset: usize,
        notes: &mut Vec<String>,
    ) -> Result<Outcome, ScriptError> {
        match kind {
            StatementKind::Assign { name, value } => {
                let text = {
                    let mut ex = SessionExpander::new(&mut self.world, &self.vars, offset, notes);
                    let result = expand_word_joined(value, &mut ex);
                    ex.finish(result)?
                };
                self.vars.insert(name.clone(), text);
                Ok(Outcome {
                    output: Output::Nothing,
                    json: None,
                    rendering: Rendering::Human,
                })
            }
            StatementKind::Command { words } => {
                let mut ex = SessionExpander::new(&mut self.world, &self.vars, offset, notes);
                let expanded = expand_words(words, &mut ex);
                let expanded = shift_words(ex.finish(expanded)?, offset);
                run_command(
                    &mut self.world,
                    &expanded,
                    words.first().map(|w| shift_pos(w.pos, offset)),
                    notes,
                )
            }
        }
    }
}

/// Runs one expanded command: finds it, parses flags, runs it, applies `--query`.
fn run_command(
    world: &mut World,
    words: &[super::lexer::Expanded],
    first: Option<Pos>,
    notes: &mut Vec<String>,
) -> Result<Outcome, ScriptError> {
    let pos = first.unwrap_or(Pos { line: 1, col: 1 });
    if words.is_empty() {
        return Err(ScriptError::new(
            pos,
            ErrorKind::Syntax,
            "the command is empty after expansion",
        ));
    }
    let (spec, used) = find_command(COMMANDS, words)?;
    let args = parse_args(spec, words[0].pos, &words[used..])?;
    if args.has("--help") {
        let help = spec.help();
        return Ok(Outcome {
            json: Some(Value::String(help.trim_end().to_string())),
            output: Output::Text(help),
            rendering: Rendering::Human,
        });
    }
    for given in &args.flags {
        if given.spec.effect == super::command::Effect::Ignored {
            let value = given
                .values
                .first()
                .map(|v| format!(" {}", v.text))
                .unwrap_or_default();
            notes.push(format!(
                "{}{value} does not affect identities; accepted and ignored",
                given.spec.long()
            ));
        }
    }
    let format = match args.get("--output") {
        Some(text) => {
            Some(OutputFormat::parse(text).map_err(|e| args.invalid("--output", e.message))?)
        }
        None => None,
    };
    // Like az, a malformed --query is refused before the command changes anything.
    if let Some(q) = args.get("--query") {
        check_query(q).map_err(|e| args.invalid("--query", e.message))?;
    }
    if let Host::Resource(id) = &world.host {
        if world.resource(id).is_none() && spec.path != super::host::PATH {
            return Err(super::host::gone(id, pos));
        }
    }
    if authorize::needs_account(spec.path) && world.caller().is_none() {
        return Err(ScriptError::new(
            pos,
            ErrorKind::NotSignedIn,
            super::data_auth::NOT_SIGNED_IN,
        ));
    }
    authorize::before(world, &args, notes)?;
    let mut ctx = Ctx {
        world,
        notes: Vec::new(),
    };
    let result = (spec.run)(&mut ctx, &args);
    notes.append(&mut ctx.notes);
    let output = match result? {
        Output::Json(Value::Array(items)) => Output::Json(Value::Array(authorize::filter_list(
            ctx.world, spec.path, items,
        ))),
        output => output,
    };
    let query = |value: Value| -> Result<Value, ScriptError> {
        match args.get("--query") {
            Some(q) => apply_query(&value, q).map_err(|e| args.invalid("--query", e.message)),
            None => Ok(value),
        }
    };
    // `mip` results read as prose unless an output format or query asks for data.
    let human = format.is_none() && !args.has("--query");
    let az = Rendering::Az {
        format: format.unwrap_or(OutputFormat::Json),
        query_active: args.has("--query"),
    };
    Ok(match output {
        // The JSON lives on in `Record::json` only: az-shaped output needs no typed copy.
        Output::Json(value) => Outcome {
            json: Some(query(value)?),
            output: Output::Nothing,
            rendering: az,
        },
        Output::Nothing => Outcome {
            json: None,
            output,
            rendering: az,
        },
        Output::Text(text) => Outcome {
            json: Some(Value::String(text.trim_end().to_string())),
            output: Output::Text(text),
            rendering: Rendering::Human,
        },
        Output::Decision(decision) => Outcome {
            json: Some(query(decision.to_json())?),
            output: Output::Decision(decision),
            rendering: if human { Rendering::Human } else { az },
        },
        Output::Token(token) => Outcome {
            json: Some(query(super::human::token_json(&token))?),
            output: Output::Token(token),
            rendering: if human { Rendering::Human } else { az },
        },
    })
}

/// What a command produced, before it is printed.
struct Outcome {
    output: Output,
    json: Option<Value>,
    rendering: Rendering,
}

/// How a record is printed: as az prints JSON in a format, or as prose (`mip`, help, echo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// `query_active`: az keeps a query's column order in tables instead of sorting.
    Az {
        format: OutputFormat,
        query_active: bool,
    },
    Human,
}

/// The text a command prints. Rendering is deferred to here so that replaying a long script
/// does not format output nobody reads.
fn render_outcome(output: &Output, json: Option<&Value>, rendering: Rendering) -> String {
    match (rendering, output, json) {
        (Rendering::Human, Output::Decision(d), _) => super::human::decision(d),
        (Rendering::Human, Output::Token(t), _) => super::human::token(t),
        (Rendering::Human, Output::Text(text), _) => text.clone(),
        (
            Rendering::Az {
                format,
                query_active,
            },
            _,
            Some(value),
        ) => render_with(value, format, RenderOptions { query_active }),
        (Rendering::Human, _, Some(value)) => {
            render_with(value, OutputFormat::Json, RenderOptions::default())
        }
        (_, _, None) => String::new(),
    }
}

/// Expands variables and runs `$(…)` substitutions against the session's world.
struct SessionExpander<'a> {
    world: &'a mut World,
    vars: &'a BTreeMap<String, String>,
    offset: usize,
    notes: &'a mut Vec<String>,
    /// The full error of a failed substitution (the lexer's error type carries only text).
    failure: Option<ScriptError>,
    /// `$RANDOM`, deterministic: a small LCG.
    random: Cell<u32>,
}

impl<'a> SessionExpander<'a> {
    fn new(
        world: &'a mut World,
        vars: &'a BTreeMap<String, String>,
        offset: usize,
        notes: &'a mut Vec<String>,
    ) -> SessionExpander<'a> {
        SessionExpander {
            world,
            vars,
            offset,
            notes,
            failure: None,
            random: Cell::new(12_345),
        }
    }

    fn finish<T>(self, result: Result<T, LexError>) -> Result<T, ScriptError> {
        match (result, self.failure) {
            (Ok(v), _) => Ok(v),
            (Err(_), Some(failure)) => Err(failure),
            (Err(e), None) => Err(ScriptError::from(shift(e, self.offset))),
        }
    }
}

impl Expander for SessionExpander<'_> {
    fn var(&self, name: &str) -> Option<String> {
        if name == "RANDOM" && !self.vars.contains_key(name) {
            let next = self
                .random
                .get()
                .wrapping_mul(1_103_515_245)
                .wrapping_add(12_345);
            self.random.set(next);
            return Some(((next >> 16) % 32_768).to_string());
        }
        self.vars.get(name).cloned()
    }

    fn subst(&mut self, words: &[Word], pos: Pos) -> Result<String, LexError> {
        let pos = shift_pos(pos, self.offset);
        let result = {
            let mut inner = SessionExpander::new(self.world, self.vars, self.offset, self.notes);
            let expanded = expand_words(words, &mut inner);
            inner
                .finish(expanded)
                .map(|words| shift_words(words, self.offset))
        };
        let outcome =
            result.and_then(|expanded| run_command(self.world, &expanded, Some(pos), self.notes));
        match outcome {
            Ok(outcome) => Ok(render_outcome(
                &outcome.output,
                outcome.json.as_ref(),
                outcome.rendering,
            )),
            Err(error) => {
                let lex = LexError {
                    pos: error.pos,
                    message: error.message.clone(),
                };
                self.failure = Some(error);
                Err(lex)
            }
        }
    }
}

fn shift_pos(pos: Pos, offset: usize) -> Pos {
    Pos {
        line: pos.line + offset,
        col: pos.col,
    }
}

fn shift_words(words: Vec<super::lexer::Expanded>, offset: usize) -> Vec<super::lexer::Expanded> {
    words
        .into_iter()
        .map(|w| super::lexer::Expanded {
            pos: shift_pos(w.pos, offset),
            text: w.text,
        })
        .collect()
}

fn shift(e: LexError, offset: usize) -> LexError {
    LexError {
        pos: shift_pos(e.pos, offset),
        message: e.message,
    }
}

fn source_line(src: &str, line: usize) -> String {
    src.lines()
        .nth(line.saturating_sub(1))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The script minus its last statement: what undo replays. The cut is made where the last
/// statement starts, so `a; b` keeps `a`.
///
/// Where that is is not always plain. A statement that failed to parse is known only by its
/// error's position, which can lie past its start: `a; b |` fails at the pipe, and an unclosed
/// `$(` is reported at the innermost opener, possibly lines below the statement's first line.
/// And trimming the blanks before a cut can eat an escaped one (`a\ ; b`). So the cut is chosen
/// among: where the statement starts (its error's whole line for a failed one), right after the
/// statement before it, whole lines before earlier lines; the first that leaves exactly the other
/// statements wins. Error recovery can make garbage statements overlap (an unclosed quote swallows
/// lines that are then parsed again); then no prefix keeps exactly the others, and the first cut
/// that removes at least one statement is taken.
pub fn without_last_statement(src: &str) -> String {
    let parsed = parse_script(src);
    let Some((last, rest)) = parsed.split_last() else {
        return String::new();
    };
    let start = match last {
        Ok(statement) => statement.pos,
        Err(error) => Pos {
            line: error.pos.line,
            col: 1,
        },
    };
    let after_previous = match rest.last() {
        Some(Ok(previous)) => Some(format!("{}{}\n", before(src, previous.pos), previous.text)),
        _ => None,
    };
    // Built lazily: the first candidate is nearly always the one.
    let candidates = std::iter::once(cut_at(src, start))
        .chain(after_previous)
        .chain(
            (1..start.line)
                .rev()
                .map(|line| cut_at(src, Pos { line, col: 1 })),
        );
    let mut fewer = None;
    for kept in candidates {
        let statements = parse_script(&kept);
        if statements == rest {
            return kept;
        }
        if fewer.is_none() && statements.len() < parsed.len() {
            fewer = Some(kept);
        }
    }
    fewer.unwrap_or_default()
}

/// The source before `pos`, exactly (what stays when everything from `pos` on is cut).
pub fn before(src: &str, pos: Pos) -> String {
    let mut kept = String::new();
    for (i, line) in src.split_inclusive('\n').enumerate() {
        if i + 1 < pos.line {
            kept.push_str(line);
        } else {
            kept.extend(line.chars().take(pos.col.saturating_sub(1)));
            break;
        }
    }
    kept
}

/// The source before `pos`, without the blanks and `;` that separated it from what followed.
fn cut_at(src: &str, pos: Pos) -> String {
    let kept = before(src, pos);
    let (whole_lines, head) = match kept.rfind('\n') {
        Some(i) => kept.split_at(i + 1),
        None => ("", kept.as_str()),
    };
    let head = head.trim_end().trim_end_matches(';').trim_end();
    let mut kept = whole_lines.to_string();
    if !head.is_empty() {
        kept.push_str(head);
        kept.push('\n');
    }
    kept
}
