//! The Markdown dialect of the documents compiled into the app — lessons (`view::lesson`) and
//! compare storylines (`view::compare`) — and the one reader of it, [`read`], which a [`Format`]
//! parameterises: the front matter keys a document has, the kinds of fenced block it allows,
//! and whether its steps may carry hints. Each format then gives the parts it read their
//! meaning (a lesson's goals, a storyline's two panes).
//!
//! # The dialect
//!
//! ````text
//! title: System-assigned identities
//! rules: MI-1.1, MI-1.5
//!
//! The intro: one or two short paragraphs.
//!
//! > note: What a trainer may say before the first step.
//!
//! ```setup
//! az group create -n demo -l eastus
//! ```
//!
//! ## A step's title
//!
//! Narration: paragraphs and `- ` list items, with **bold**, *emphasis*, `code` and
//! [links](https://learn.microsoft.com/) (https only).
//!
//! ```run
//! az webapp identity assign -g demo -n shop
//! ```
//! ````
//!
//! - Front matter: `key: value` lines up to the first blank line; every key of the format is
//!   required, and only `ask` may be given more than once.
//! - The intro and exactly one `setup` block come before the first step.
//! - `> note:` lines are speaker notes: before the first step the intro's, after a step heading
//!   that step's. `> hint:` lines belong to steps, in formats that have hints.
//! - Each `## ` heading starts a step: narration, then at most one block of each kind the format
//!   allows in a step. A block's statements must parse as the script language.
//!
//! Narration is text-level Markdown only, kept as data ([`Span`]s), never as HTML: anything
//! else, `<script>` included, is text. Backslash escapes `\*`, `` \` ``, `\[` and `\\`.
//!
//! Invariants: reading never panics; every error names the file and the line and says what to
//! write instead, in the words of the document's format ([`DocumentError`]).

use std::fmt;

use crate::sim::script::lexer::parse_script;

// ----- formats -----------------------------------------------------------------------------------

/// What a document of one format may contain.
#[derive(Debug, PartialEq, Eq)]
pub struct Format {
    /// What errors call the document: "lesson", "storyline".
    pub noun: &'static str,
    /// Its front matter keys, in the order errors list them; every one is required.
    pub keys: &'static [Key],
    /// The kinds of fenced block it allows: `setup` before the steps, the others in steps.
    pub blocks: &'static [BlockKind],
    /// The step blocks whose statements run during a step: what an error suggests instead of a
    /// `setup` block inside a step.
    pub during_step: &'static [BlockKind],
    /// Whether steps may have `> hint:` lines.
    pub hints: bool,
}

/// A front matter key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Title,
    /// The ids of the Azure rules the document teaches, comma-separated.
    Rules,
    /// The arguments of a `mip check`, one question per line (storylines).
    Ask,
}

impl Key {
    const ALL: [Key; 3] = [Key::Title, Key::Rules, Key::Ask];

    pub fn name(self) -> &'static str {
        match self {
            Key::Title => "title",
            Key::Rules => "rules",
            Key::Ask => "ask",
        }
    }

    fn parse(word: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == word)
    }

    /// Only questions come in numbers; a document has one title and one list of rules.
    fn repeats(self) -> bool {
        self == Key::Ask
    }

    /// How an error describes the key's line(s).
    fn example(self) -> &'static str {
        match self {
            Key::Title => "a 'title: …' line",
            Key::Rules => "a 'rules: MI-1.1, …' line",
            Key::Ask => "one or more 'ask: --from … --action … --scope …' lines",
        }
    }
}

/// The kinds of fenced block in the dialect; each format allows some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Builds the world the document starts from; before the first step.
    Setup,
    /// A lesson step's statements run for the learner.
    Run,
    /// A lesson step's `mip expect` statements.
    Goal,
    /// What a lesson step's "show solution" runs.
    Solution,
    /// A storyline step's statements in the system-assigned pane.
    System,
    /// A storyline step's statements in the user-assigned pane.
    User,
}

impl BlockKind {
    const ALL: [BlockKind; 6] = [
        BlockKind::Setup,
        BlockKind::Run,
        BlockKind::Goal,
        BlockKind::Solution,
        BlockKind::System,
        BlockKind::User,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Setup => "setup",
            BlockKind::Run => "run",
            BlockKind::Goal => "goal",
            BlockKind::Solution => "solution",
            BlockKind::System => "system",
            BlockKind::User => "user",
        }
    }

    fn parse(word: &str) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|k| k.name() == word)
    }
}

// ----- what a document holds ---------------------------------------------------------------------

/// A document as the dialect reads it, before its format gives the parts their meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub rules: Vec<String>,
    /// The `ask:` values, each with its line; empty in formats without the key.
    pub asks: Vec<(usize, String)>,
    pub intro: Vec<Block>,
    /// The intro's speaker notes.
    pub notes: Vec<Vec<Span>>,
    /// The `setup` block, which builds the world the document starts from.
    pub setup: Fenced,
    pub steps: Vec<Section>,
}

/// One step as written: its heading, text and fenced blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// The line of its `## ` heading.
    pub line: usize,
    pub narration: Vec<Block>,
    pub hints: Vec<Vec<Span>>,
    pub notes: Vec<Vec<Span>>,
    pub blocks: Vec<Fenced>,
}

impl Section {
    /// The step's block of this kind, if it has one (it has at most one).
    pub fn block(&self, kind: BlockKind) -> Option<&Fenced> {
        self.blocks.iter().find(|b| b.kind == kind)
    }
}

/// A fenced block whose statements parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fenced {
    pub kind: BlockKind,
    /// The script: the block's lines as written.
    pub script: String,
    /// Each statement's text with the line of the file it starts on.
    pub statements: Vec<(usize, String)>,
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

// ----- errors ------------------------------------------------------------------------------------

/// A mistake in a document, with its file, its line and the format it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError {
    pub file: String,
    pub line: usize,
    pub kind: ErrorKind,
    pub format: &'static Format,
}

/// What is wrong; [`DocumentError`]'s `Display` says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file does not start with `key: value` lines.
    NoFrontMatter,
    NotFrontMatter(String),
    UnknownKey(String),
    DuplicateKey(String),
    MissingKey(Key),
    EmptyTitle,
    NoRules,
    BadRuleId(String),
    EmptyAsk,
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
    // Lessons.
    GoalNotExpect(String),
    GoalUsesVariable(String),
    GoalWithoutSolution,
    // Storylines.
    /// A step with neither pane's block.
    NoPaneBlock,
    /// An `ask:` line that is not the arguments of a `mip check`; the reason.
    BadAsk(String),
}

/// Inline Markdown markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Strong,
    Emphasis,
    Code,
}

/// "a, b or c", "a and b": a list in words.
fn listed(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., end] => format!("{} {last} {end}", rest.join(", ")),
    }
}

impl Format {
    fn block_list(&self, fence: bool, last: &str) -> String {
        let names: Vec<String> = self
            .blocks
            .iter()
            .map(|k| {
                if fence {
                    format!("```{}", k.name())
                } else {
                    k.name().to_string()
                }
            })
            .collect();
        listed(&names, last)
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind as K;
        let format = self.format;
        let noun = format.noun;
        write!(f, "{} line {}: ", self.file, self.line)?;
        match &self.kind {
            K::NoFrontMatter => {
                let examples: Vec<String> =
                    format.keys.iter().map(|k| k.example().to_string()).collect();
                write!(f, "a {noun} starts with its front matter: {}, then a blank line", listed(&examples, "and"))
            }
            K::NotFrontMatter(line) => write!(f, "'{line}' is not a 'key: value' line; end the front matter with a blank line before the intro"),
            K::UnknownKey(key) => {
                let keys: Vec<String> = format.keys.iter().map(|k| format!("'{}'", k.name())).collect();
                write!(f, "unknown front matter key '{key}'; the keys are {}", listed(&keys, "and"))
            }
            K::DuplicateKey(key) => write!(f, "'{key}' is given twice; keep one"),
            K::MissingKey(key) => write!(f, "the front matter has no '{}:' line", key.name()),
            K::EmptyTitle => write!(f, "the title is empty"),
            K::NoRules => write!(f, "cite at least one rule, e.g. 'rules: MI-1.1, MI-1.5'"),
            K::BadRuleId(id) => write!(f, "'{id}' is not a rule id; rule ids look like MI-1.3 or RB-4.10, separated by commas"),
            K::EmptyAsk => write!(f, "the question is empty; write the arguments of a mip check, e.g. 'ask: --from web-1 --action \"Read blobs\" --scope shopdata'"),
            K::NoIntro => write!(f, "write a short intro paragraph after the front matter"),
            K::NoSetup => write!(f, "the {noun} has no ```setup block; put one before the first step (it may create nothing but a resource group)"),
            K::DuplicateBlock(kind) => match kind {
                BlockKind::Setup => write!(f, "a {noun} has one ```setup block; merge them"),
                _ => write!(f, "a step has at most one ```{} block; merge them, or split the step", kind.name()),
            },
            K::SetupInStep => {
                let during: Vec<String> = format.during_step.iter().map(|k| format!("```{}", k.name())).collect();
                write!(f, "a ```setup block belongs before the first step; for statements run during a step, use {}", listed(&during, "or"))
            }
            K::BlockBeforeSteps(kind) => write!(f, "a ```{} block belongs to a step: put it after a '## ' step heading", kind.name()),
            K::UnknownBlock(word) if word.is_empty() => write!(f, "a fenced block needs a kind: {}", format.block_list(true, "or")),
            K::UnknownBlock(word) => write!(f, "unknown block kind '{word}': use {}", format.block_list(false, "or")),
            K::UnclosedBlock(kind) => write!(f, "the ```{} block is never closed; end it with a line holding only ```", kind.name()),
            K::EmptyBlock(kind) => write!(f, "the ```{} block is empty", kind.name()),
            K::Syntax { block, message } => write!(f, "in the ```{} block: {message}", block.name()),
            K::NoSteps => write!(f, "the {noun} has no steps; start one with a '## ' heading"),
            K::EmptyStepTitle => write!(f, "a step heading needs a title after '## '"),
            K::NoNarration => write!(f, "this step has no narration; say in a sentence or two what the learner does and why"),
            K::HeadingLevel(hashes) => write!(f, "'{hashes}' headings are not used; a step starts with '## '"),
            K::StrayQuote if format.hints => write!(f, "a quoted line must be a hint ('> hint: …') or a speaker note ('> note: …')"),
            K::StrayQuote => write!(f, "a quoted line must be a speaker note ('> note: …'); a {noun} has no hints"),
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
            K::GoalNotExpect(statement) => write!(f, "a goal block must contain only mip expect statements, not '{statement}'; move it to the step's ```run or ```solution block"),
            K::GoalUsesVariable(statement) => write!(f, "a goal cannot use variables ('{statement}'): the learner's variables are their own; name resources instead (--scope shopdata)"),
            K::GoalWithoutSolution => write!(f, "this step has a goal but no ```solution block: 'show solution' needs one"),
            K::NoPaneBlock => write!(f, "this step has neither a ```system nor a ```user block; give it at least one (a pane without one stays as it was)"),
            K::BadAsk(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for DocumentError {}

// ----- reading -----------------------------------------------------------------------------------

/// Reads a document of `format`; `file` is its name (`02-system-assigned.md`), used in errors.
pub fn read(file: &str, text: &str, format: &'static Format) -> Result<Document, DocumentError> {
    let error = |line: usize, kind: ErrorKind| DocumentError {
        file: file.to_string(),
        line,
        kind,
        format,
    };
    let lines: Vec<&str> = text.lines().collect();

    // Front matter.
    let mut title: Option<String> = None;
    let mut rules: Option<Vec<String>> = None;
    let mut asks: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() && !lines[i].trim().is_empty() {
        let number = i + 1;
        let Some((key, value)) = lines[i].split_once(':') else {
            let kind = if i == 0 {
                ErrorKind::NoFrontMatter
            } else {
                ErrorKind::NotFrontMatter(lines[i].trim().to_string())
            };
            return Err(error(number, kind));
        };
        let (word, value) = (key.trim(), value.trim());
        let key = match Key::parse(word).filter(|k| format.keys.contains(k)) {
            Some(key) => key,
            None if i == 0 && word.contains(' ') => {
                return Err(error(number, ErrorKind::NoFrontMatter))
            }
            None => return Err(error(number, ErrorKind::UnknownKey(word.into()))),
        };
        let given = match key {
            Key::Title => title.is_some(),
            Key::Rules => rules.is_some(),
            Key::Ask => !asks.is_empty(),
        };
        if given && !key.repeats() {
            return Err(error(number, ErrorKind::DuplicateKey(word.into())));
        }
        match key {
            Key::Title => {
                if value.is_empty() {
                    return Err(error(number, ErrorKind::EmptyTitle));
                }
                title = Some(value.to_string());
            }
            Key::Rules => {
                let ids: Vec<String> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                if ids.is_empty() {
                    return Err(error(number, ErrorKind::NoRules));
                }
                if let Some(bad) = ids.iter().find(|id| !is_rule_id(id)) {
                    return Err(error(number, ErrorKind::BadRuleId(bad.clone())));
                }
                rules = Some(ids);
            }
            Key::Ask => {
                if value.is_empty() {
                    return Err(error(number, ErrorKind::EmptyAsk));
                }
                asks.push((number, value.to_string()));
            }
        }
        i += 1;
    }
    if i == 0 {
        return Err(error(1, ErrorKind::NoFrontMatter));
    }
    for &key in format.keys {
        let given = match key {
            Key::Title => title.is_some(),
            Key::Rules => rules.is_some(),
            Key::Ask => !asks.is_empty(),
        };
        if !given {
            return Err(error(1, ErrorKind::MissingKey(key)));
        }
    }

    // The body: the intro section, then one section per step.
    let mut drafts = vec![Draft::new(None, i + 2)];
    let mut text_block: Option<TextBlock> = None;
    while i < lines.len() {
        let number = i + 1;
        let line = lines[i];
        let trimmed = line.trim();
        let draft = drafts.len() - 1;
        if trimmed.is_empty() {
            flush(&mut text_block, &mut drafts[draft]);
            i += 1;
            continue;
        }
        if let Some(word) = trimmed.strip_prefix("```") {
            flush(&mut text_block, &mut drafts[draft]);
            let word = word.trim();
            let kind = BlockKind::parse(word)
                .filter(|k| format.blocks.contains(k))
                .ok_or_else(|| error(number, ErrorKind::UnknownBlock(word.into())))?;
            // The next fence must close this block: an opening fence first means it never does.
            let close = lines[i + 1..]
                .iter()
                .position(|l| l.trim().starts_with("```"))
                .filter(|&n| lines[i + 1 + n].trim() == "```")
                .ok_or_else(|| error(number, ErrorKind::UnclosedBlock(kind)))?;
            let body = &lines[i + 1..i + 1 + close];
            let current = &mut drafts[draft];
            match (kind, current.title.is_some()) {
                (BlockKind::Setup, true) => return Err(error(number, ErrorKind::SetupInStep)),
                (BlockKind::Setup, false) => {}
                (other, false) => return Err(error(number, ErrorKind::BlockBeforeSteps(other))),
                _ => {}
            }
            if current.blocks.iter().any(|b| b.kind == kind) {
                return Err(error(number, ErrorKind::DuplicateBlock(kind)));
            }
            let block = check_block(kind, body, number + 1).map_err(|(l, k)| error(l, k))?;
            current.blocks.push(block);
            i += close + 2;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("##") {
            if rest.starts_with('#') {
                let hashes = trimmed.split(|c| c != '#').next().unwrap_or("#");
                return Err(error(number, ErrorKind::HeadingLevel(hashes.into())));
            }
            flush(&mut text_block, &mut drafts[draft]);
            let heading = rest.trim();
            if heading.is_empty() {
                return Err(error(number, ErrorKind::EmptyStepTitle));
            }
            drafts.push(Draft::new(Some(heading.to_string()), number));
            i += 1;
            continue;
        }
        if trimmed.starts_with('#') {
            let hashes = trimmed.split(|c| c != '#').next().unwrap_or("#");
            return Err(error(number, ErrorKind::HeadingLevel(hashes.into())));
        }
        if let Some(quoted) = trimmed.strip_prefix('>') {
            flush(&mut text_block, &mut drafts[draft]);
            let quoted = quoted.trim_start();
            if let Some(note) = quoted.strip_prefix("note:") {
                // Notes may come before the steps: they are the intro's, for the title slide.
                let note = note.trim();
                if note.is_empty() {
                    return Err(error(number, ErrorKind::EmptyNote));
                }
                drafts[draft].notes.push((number, note.to_string()));
                i += 1;
                continue;
            }
            let Some(hint) = quoted.strip_prefix("hint:").filter(|_| format.hints) else {
                return Err(error(number, ErrorKind::StrayQuote));
            };
            if drafts[draft].title.is_none() {
                return Err(error(number, ErrorKind::HintBeforeSteps));
            }
            let hint = hint.trim();
            if hint.is_empty() {
                return Err(error(number, ErrorKind::EmptyHint));
            }
            drafts[draft].hints.push((number, hint.to_string()));
            i += 1;
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            flush(&mut text_block, &mut drafts[draft]);
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
    let last = drafts.len() - 1;
    flush(&mut text_block, &mut drafts[last]);

    // Drafts into the document.
    let mut drafts = drafts.into_iter();
    let Some(intro_draft) = drafts.next() else {
        return Err(error(1, ErrorKind::NoIntro));
    };
    if intro_draft.text.is_empty() {
        return Err(error(intro_draft.line, ErrorKind::NoIntro));
    }
    let intro = blocks(&intro_draft.text).map_err(|(l, k)| error(l, k))?;
    let notes = spans(&intro_draft.notes).map_err(|(l, k)| error(l, k))?;
    let setup = intro_draft
        .blocks
        .into_iter()
        .find(|b| b.kind == BlockKind::Setup)
        .ok_or_else(|| error(intro_draft.line, ErrorKind::NoSetup))?;
    let mut steps = Vec::new();
    for draft in drafts {
        let line = draft.line;
        if draft.text.is_empty() {
            return Err(error(line, ErrorKind::NoNarration));
        }
        steps.push(Section {
            title: draft.title.unwrap_or_default(),
            line,
            narration: blocks(&draft.text).map_err(|(l, k)| error(l, k))?,
            hints: spans(&draft.hints).map_err(|(l, k)| error(l, k))?,
            notes: spans(&draft.notes).map_err(|(l, k)| error(l, k))?,
            blocks: draft.blocks,
        });
    }
    if steps.is_empty() {
        return Err(error(lines.len().max(1), ErrorKind::NoSteps));
    }
    Ok(Document {
        title: title.unwrap_or_default(),
        rules: rules.unwrap_or_default(),
        asks,
        intro,
        notes,
        setup,
        steps,
    })
}

/// The document an address names among `documents`: by its id (`02-system-assigned`), its
/// number in the catalog (from 1), or its id without the number (`system-assigned`).
pub fn find_by_id<'a, T>(
    documents: &'a [T],
    given: &str,
    id: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    let given = given.trim();
    documents
        .iter()
        .find(|d| id(d) == given)
        .or_else(|| {
            let index: usize = given.parse().ok()?;
            documents.get(index.checked_sub(1)?)
        })
        .or_else(|| {
            documents
                .iter()
                .find(|d| id(d).split_once('-').is_some_and(|(_, name)| name == given))
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
struct Draft {
    /// `None` for the intro.
    title: Option<String>,
    line: usize,
    text: Vec<TextBlock>,
    hints: Vec<(usize, String)>,
    notes: Vec<(usize, String)>,
    blocks: Vec<Fenced>,
}

impl Draft {
    fn new(title: Option<String>, line: usize) -> Draft {
        Draft {
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

fn flush(block: &mut Option<TextBlock>, draft: &mut Draft) {
    if let Some(block) = block.take() {
        draft.text.push(block);
    }
}

/// Checks that a fenced block's statements parse. `first` is the line number of the block's
/// first line.
fn check_block(kind: BlockKind, body: &[&str], first: usize) -> Result<Fenced, (usize, ErrorKind)> {
    let script: String = body.iter().map(|l| format!("{l}\n")).collect();
    let parsed = parse_script(&script);
    if parsed.is_empty() {
        return Err((first - 1, ErrorKind::EmptyBlock(kind)));
    }
    let mut statements = Vec::new();
    for statement in parsed {
        let statement = statement.map_err(|e| {
            (
                first + e.pos.line - 1,
                ErrorKind::Syntax {
                    block: kind,
                    message: e.message,
                },
            )
        })?;
        statements.push((
            first + statement.pos.line - 1,
            statement.text.trim().to_string(),
        ));
    }
    Ok(Fenced {
        kind,
        script,
        statements,
    })
}

/// Hints or notes, each one line of inline text with its line number.
fn spans(lines: &[(usize, String)]) -> Result<Vec<Vec<Span>>, (usize, ErrorKind)> {
    lines
        .iter()
        .map(|(l, text)| inline(text).map_err(|(_, k)| (*l, k)))
        .collect()
}

fn blocks(text: &[TextBlock]) -> Result<Vec<Block>, (usize, ErrorKind)> {
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
pub(crate) fn inline(text: &str) -> Result<Vec<Span>, (usize, ErrorKind)> {
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
                let end =
                    find(i + 1, &['`']).ok_or((offset(i), ErrorKind::Unclosed(Marker::Code)))?;
                push(
                    &mut spans,
                    &mut plain,
                    Some(Span::Code(tidy(&slice(i + 1, end)))),
                );
                i = end + 1;
            }
            '*' if next == Some('*') && at(i + 2).is_some_and(|n| !n.is_whitespace()) => {
                let end = find(i + 2, &['*', '*'])
                    .ok_or((offset(i), ErrorKind::Unclosed(Marker::Strong)))?;
                let inner = unescape(&slice(i + 2, end));
                push(&mut spans, &mut plain, Some(Span::Strong(tidy(&inner))));
                i = end + 2;
            }
            '*' if next.is_some_and(|n| !n.is_whitespace() && n != '*') => {
                let end = find(i + 1, &['*'])
                    .ok_or((offset(i), ErrorKind::Unclosed(Marker::Emphasis)))?;
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
                let end = find(close + 2, &[')']).ok_or((offset(i), ErrorKind::UnclosedLink))?;
                let url = slice(close + 2, end).trim().to_string();
                let valid = url.strip_prefix("https://").is_some_and(|rest| {
                    !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c == '"')
                });
                if !valid {
                    return Err((offset(i), ErrorKind::LinkNotHttps(url)));
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
