//! Lexes and parses the small shell subset that playground scripts are written in, and expands
//! parsed words into command arguments.
//!
//! Scripts are Azure CLI tutorial scripts: one command or `NAME=value` assignment per statement,
//! quotes, `$VAR`, `${VAR}`, `$(...)` and backticks. Shell features beyond that (pipes,
//! redirections, `&&`, control flow, here-documents, arithmetic) are reported as located errors for
//! their statement rather than half-supported, so a script never does something other than what it
//! says.
//!
//! Invariants:
//! - Parsing never panics and never stops at the first error: every statement gets its own
//!   `Result`, and every error position is a 1-based line/column inside the source.
//! - Parsing evaluates nothing. Variables and substitutions stay as `WordPart`s until
//!   `expand_words` asks an `Expander` for their values, so this module has no state, does no I/O
//!   and knows no commands.
//! - There is no globbing, tilde or brace expansion: `[*]`, `~` and `{a,b}` stay literal.

use std::fmt;

/// 1-based line and column (columns count chars, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One parsed statement: a command or an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Where the statement's first word starts.
    pub pos: Pos,
    /// The line the statement's last word ends on (later than `pos.line` with `\` continuations
    /// or multi-line quotes).
    pub end_line: usize,
    /// The statement's source text exactly as written, continuations included; the trailing
    /// comment, the `;` and surrounding whitespace are left out. Meant for echoing the command.
    pub text: String,
    pub kind: StatementKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementKind {
    /// `NAME=value` or `export NAME=value`; the value is not split into words when expanded.
    Assign { name: String, value: Word },
    /// A command and its arguments, before expansion.
    Command { words: Vec<Word> },
}

/// One shell word as written, e.g. `"${storageId}/blobs"`, made of literal and expandable parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub pos: Pos,
    pub parts: Vec<WordPart>,
}

/// A piece of a word. `quoted` records whether it sat inside quotes (or after a `\`), which
/// decides whether its expansion is split on whitespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPart {
    /// Text taken as is. Adjacent literals with the same `quoted` are merged; an empty quoted
    /// literal (from `''` or `""`) is kept because it makes the word an (empty) argument.
    Literal { text: String, quoted: bool },
    /// `$NAME` or `${NAME}`.
    Var { name: String, quoted: bool },
    /// `$(...)` or `` `...` ``: the inner command's words, and where the `$` or `` ` `` is.
    Subst {
        words: Vec<Word>,
        quoted: bool,
        pos: Pos,
    },
}

/// A problem in the script, located where the user should look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub pos: Pos,
    pub message: String,
}

impl LexError {
    fn new(pos: Pos, message: impl Into<String>) -> Self {
        LexError {
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.pos.line, self.pos.col, self.message
        )
    }
}

impl std::error::Error for LexError {}

/// Parses a whole script into statements, one `Result` per statement, in source order.
///
/// Blank and comment-only lines produce nothing. After an error the parser skips to the next
/// newline outside quotes and goes on, so one bad line does not hide the problems (or the good
/// commands) after it. When the input ends inside a quote or `$(`, the error points at the opener
/// and parsing resumes on the line after it.
pub fn parse_script(src: &str) -> Vec<Result<Statement, LexError>> {
    let chars: Vec<char> = src.chars().collect();
    let at = positions(&chars);
    let mut lexer = Lexer::new(&chars, &at, 0);
    let mut out = Vec::new();
    while let Some(result) = lexer.statement() {
        out.push(result);
    }
    out
}

/// One argument after expansion, with the position of the word it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    pub pos: Pos,
}

/// Supplies the values that expansion needs; the script runner implements it.
pub trait Expander {
    /// The value of a variable, or `None` when it is not set.
    fn var(&self, name: &str) -> Option<String>;
    /// Runs a command substitution and returns its output; `pos` is where the `$(` or `` ` ``
    /// is. Trailing newlines are removed by the caller.
    fn subst(&mut self, words: &[Word], pos: Pos) -> Result<String, LexError>;
}

/// Expands words into arguments like bash: quoted parts are kept whole; unquoted `Var`/`Subst`
/// results are split on whitespace (an unquoted empty expansion yields no argument); command
/// substitution output loses trailing newlines; an unset variable is an error: "line L, column C:
/// $NAME is not set (assign it first, e.g. NAME=value)". No globbing (`[*]` stays literal).
///
/// Errors point at the word that holds the variable, since parts carry no position of their own.
pub fn expand_words(words: &[Word], ex: &mut dyn Expander) -> Result<Vec<Expanded>, LexError> {
    let mut out = Vec::new();
    for word in words {
        let mut field = Field::new(word.pos);
        for part in &word.parts {
            match part {
                WordPart::Literal { text, quoted } => field.append(text, *quoted),
                WordPart::Var { name, quoted } => {
                    let value = lookup(ex, name, word.pos)?;
                    field.expansion(&value, *quoted, &mut out);
                }
                WordPart::Subst { words, quoted, pos } => {
                    let output = ex.subst(words, *pos)?;
                    field.expansion(output.trim_end_matches('\n'), *quoted, &mut out);
                }
            }
        }
        field.finish(&mut out);
    }
    Ok(out)
}

/// Expands one word into a single string without splitting, as bash does for the right-hand side
/// of an assignment (`ids=$(...)` keeps the output's inner newlines and spaces).
pub fn expand_word_joined(word: &Word, ex: &mut dyn Expander) -> Result<String, LexError> {
    let mut text = String::new();
    for part in &word.parts {
        match part {
            WordPart::Literal { text: lit, .. } => text.push_str(lit),
            WordPart::Var { name, .. } => text.push_str(&lookup(ex, name, word.pos)?),
            WordPart::Subst { words, pos, .. } => {
                let output = ex.subst(words, *pos)?;
                text.push_str(output.trim_end_matches('\n'));
            }
        }
    }
    Ok(text)
}

// ---------------------------------------------------------------------------------------------
// Messages. Each says what was wrong and what to write instead.

const PIPE: &str =
    "pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values";
const OR: &str = "'||' is not supported; run one command per line";
const AND: &str = "'&&' is not supported; put each command on its own line";
const BACKGROUND: &str =
    "background jobs ('&') are not supported; commands run one at a time, so drop the '&'";
const HEREDOC: &str =
    "here-documents ('<<') are not supported; pass the text as a quoted argument instead";
const HERESTRING: &str =
    "here-strings ('<<<') are not supported; pass the text as a quoted argument instead";
const ARITHMETIC: &str = "arithmetic ('$((...))') is not supported; write the number out";
const SUBSHELL: &str =
    "subshells ('( ... )') are not supported; run the commands directly, one per line";
const ARRAY: &str = "arrays ('NAME=(...)') are not supported; use one variable per value";
const OPEN_PAREN: &str = "'(' is not supported here (there are no functions or subshells); \
     quote the argument if '(' is part of it";
const CLOSE_PAREN: &str = "unexpected ')'; quote the argument if ')' is part of it";
const GROUP: &str =
    "command groups ('{ ... }') are not supported; run the commands directly, one per line";
const UNCLOSED_SINGLE: &str =
    "unclosed single quote ('): add the matching ' where the quoted text ends";
const UNCLOSED_DOUBLE: &str =
    "unclosed double quote (\"): add the matching \" where the quoted text ends";
const UNCLOSED_DOLLAR: &str = "unclosed '$(': add the matching ')' after the command";
const UNCLOSED_BACKTICK: &str =
    "unclosed backtick ('`'): add the matching '`' after the command, or use $(...) instead";
const UNCLOSED_BRACE: &str = "unclosed '${': write the variable as ${NAME}";
const BAD_BRACE: &str = "only a variable name may go inside '${...}', like ${storageId}; \
     forms such as ${NAME:-default} or ${#NAME} are not supported";
const TOO_DEEP: &str = "command substitutions are nested too deeply; \
     assign inner results to variables first";
const EXPORT: &str = "only 'export NAME=value' is supported: one variable, with its value";
const AFTER_ASSIGN: &str = "an assignment must stand alone: quote a value that has spaces \
     (NAME=\"two words\"), or put the command on its own line";

/// Substitutions nest at most this deep, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

fn redirect(op: &str) -> String {
    format!(
        "redirections ('{op}') are not supported; pass values as arguments and capture output \
         with VAR=$(...)"
    )
}

fn special_param(c: char) -> String {
    format!(
        "'${c}' is a special shell parameter, which is not supported; use a named variable like \
         $NAME, or write \\$ for a literal dollar sign"
    )
}

fn one_command(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Backtick => "only one command may go inside `...`; run the others on their own lines",
        _ => "only one command may go inside $(...); run the others on their own lines",
    }
}

/// The message for a reserved word (or `{`, `[[`, `!`) used as a command, if it is one.
fn keyword_message(word: &str) -> Option<String> {
    let message = match word {
        "if" | "then" | "elif" | "else" | "fi" | "case" | "esac" => format!(
            "conditionals ('{word}') are not supported; scripts run top to bottom, one command \
             per line"
        ),
        "for" | "while" | "until" | "do" | "done" | "select" => {
            format!("loops ('{word}') are not supported; write out each command")
        }
        "function" => "functions are not supported; write out each command".to_string(),
        "[[" | "]]" | "[" => format!(
            "tests ('{word}') are not supported; scripts run top to bottom, one command per line"
        ),
        "{" | "}" => GROUP.to_string(),
        "!" => "negation ('!') is not supported; run the command on its own".to_string(),
        _ => return None,
    };
    Some(message)
}

// ---------------------------------------------------------------------------------------------
// Lexer

/// Where a command is being read, which decides what ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// A statement of the script: ends at a newline or `;`.
    Top,
    /// Inside `$(`, opened at `open`: ends at the matching `)`.
    Dollar { open: Pos },
    /// Inside backticks, whose text has already been cut out: ends at the end of input.
    Backtick,
}

/// The input ended inside a quote or substitution. Unlike other errors this ends the statement
/// at once, since its extent is unknown; parsing resumes after the opener's line.
struct Unclosed(LexError);

/// A here-document whose body must be skipped after the statement that opened it, so the body
/// lines are not reported as commands of their own.
struct Heredoc {
    delimiter: String,
    strip_tabs: bool,
}

struct Lexer<'a> {
    chars: &'a [char],
    /// The position of each char, plus one entry for the end of input.
    at: &'a [Pos],
    i: usize,
    depth: usize,
    /// The first error of the current statement; later ones are dropped as likely follow-ons.
    error: Option<LexError>,
    heredoc: Option<Heredoc>,
    /// Index just past the last word of the current statement, which ends `Statement::text`.
    last_word_end: usize,
}

fn positions(chars: &[char]) -> Vec<Pos> {
    let mut at = Vec::with_capacity(chars.len() + 1);
    let mut pos = Pos { line: 1, col: 1 };
    for &c in chars {
        at.push(pos);
        if c == '\n' {
            pos = Pos {
                line: pos.line + 1,
                col: 1,
            };
        } else {
            pos.col += 1;
        }
    }
    at.push(pos);
    at
}

fn is_blank(c: char) -> bool {
    // A carriage return is blank so scripts saved with CRLF line ends still work.
    matches!(c, ' ' | '\t' | '\r')
}

fn is_operator(c: char) -> bool {
    matches!(c, '|' | '&' | '<' | '>' | '(' | ')')
}

fn ends_word(c: char) -> bool {
    is_blank(c) || c == '\n' || c == ';' || is_operator(c)
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

impl<'a> Lexer<'a> {
    fn new(chars: &'a [char], at: &'a [Pos], depth: usize) -> Self {
        Lexer {
            chars,
            at,
            i: 0,
            depth,
            error: None,
            heredoc: None,
            last_word_end: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).copied()
    }

    fn here(&self) -> Pos {
        self.pos_of(self.i)
    }

    fn pos_of(&self, i: usize) -> Pos {
        self.at
            .get(i)
            .or(self.at.last())
            .copied()
            .unwrap_or(Pos { line: 1, col: 1 })
    }

    fn bump(&mut self) {
        self.i = (self.i + 1).min(self.chars.len());
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars.get(from..to).unwrap_or(&[]).iter().collect()
    }

    /// Records an error for the current statement unless it already has one.
    fn fail(&mut self, pos: Pos, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(LexError::new(pos, message));
        }
    }

    /// Reads the next statement, or `None` at the end of input.
    fn statement(&mut self) -> Option<Result<Statement, LexError>> {
        loop {
            self.skip_separators();
            self.peek()?;
            self.error = None;
            self.heredoc = None;
            let start = self.i;
            self.last_word_end = start;
            let words = match self.command(Ctx::Top) {
                Ok(words) => words,
                Err(Unclosed(unclosed)) => {
                    self.resume_after_line(start, unclosed.pos.line);
                    return Some(Err(root_cause(self.error.take(), unclosed)));
                }
            };
            let ended_line = self.peek() == Some('\n');
            if matches!(self.peek(), Some('\n' | ';')) {
                self.bump();
            }
            if ended_line {
                self.skip_heredoc_body();
            }
            if let Some(error) = self.error.take() {
                return Some(Err(error));
            }
            if words.is_empty() {
                continue;
            }
            return Some(self.finish(start, words));
        }
    }

    fn finish(&self, start: usize, words: Vec<Word>) -> Result<Statement, LexError> {
        let end = self.last_word_end.max(start);
        let text = self.text(start, end);
        let end_line = self.pos_of(end.saturating_sub(1).max(start)).line;
        let pos = words.first().map_or(self.pos_of(start), |w| w.pos);
        let kind = statement_kind(words)?;
        Ok(Statement {
            pos,
            end_line,
            text,
            kind,
        })
    }

    /// Reads words until the end of the command for `ctx`. At the top level it stops before the
    /// newline or `;` (after an error only a newline ends the statement, so the rest of a broken
    /// line such as `if x; then` is not parsed as more statements).
    fn command(&mut self, ctx: Ctx) -> Result<Vec<Word>, Unclosed> {
        let mut words = Vec::new();
        let mut separated = false;
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else {
                return match ctx {
                    Ctx::Dollar { open } => Err(Unclosed(LexError::new(open, UNCLOSED_DOLLAR))),
                    Ctx::Top | Ctx::Backtick => Ok(words),
                };
            };
            match c {
                '\n' | ';' => {
                    if ctx == Ctx::Top {
                        if c == '\n' || self.error.is_none() {
                            return Ok(words);
                        }
                    } else if !words.is_empty() {
                        separated = true;
                    }
                    self.bump();
                }
                '#' => self.skip_comment(),
                ')' if matches!(ctx, Ctx::Dollar { .. }) => {
                    self.bump();
                    return Ok(words);
                }
                c if is_operator(c) => self.operator(&words)?,
                _ => {
                    if separated {
                        separated = false;
                        self.fail(self.here(), one_command(ctx));
                    }
                    let word = self.word()?;
                    if words.is_empty() {
                        self.check_keyword(&word);
                    }
                    self.last_word_end = self.i;
                    words.push(word);
                }
            }
        }
    }

    fn word(&mut self) -> Result<Word, Unclosed> {
        let pos = self.here();
        let mut parts = Parts::default();
        while let Some(c) = self.peek() {
            match c {
                c if ends_word(c) => break,
                '\\' => self.backslash(&mut parts),
                '\'' => self.single_quoted(&mut parts)?,
                '"' => self.double_quoted(&mut parts)?,
                '`' => {
                    let part = self.backtick(false)?;
                    parts.push(part);
                }
                '$' => {
                    let part = self.dollar(false)?;
                    parts.push(part);
                }
                c => {
                    self.bump();
                    parts.char(c, false);
                }
            }
        }
        Ok(Word {
            pos,
            parts: parts.0,
        })
    }

    /// A backslash outside quotes: `\` + newline continues the line, `\` + char is that char.
    fn backslash(&mut self, parts: &mut Parts) {
        self.bump();
        match (self.peek(), self.peek_at(1)) {
            // A trailing backslash at the end of input continues into nothing.
            (None, _) => {}
            (Some('\n'), _) => self.bump(),
            (Some('\r'), Some('\n')) => {
                self.bump();
                self.bump();
            }
            (Some(c), _) => {
                self.bump();
                parts.char(c, true);
            }
        }
    }

    fn single_quoted(&mut self, parts: &mut Parts) -> Result<(), Unclosed> {
        let open = self.here();
        self.bump();
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err(Unclosed(LexError::new(open, UNCLOSED_SINGLE))),
                Some('\'') => {
                    self.bump();
                    break;
                }
                Some(c) => {
                    self.bump();
                    text.push(c);
                }
            }
        }
        parts.str(&text, true);
        Ok(())
    }

    fn double_quoted(&mut self, parts: &mut Parts) -> Result<(), Unclosed> {
        let open = self.here();
        let parts_before = parts.0.len();
        self.bump();
        loop {
            match (self.peek(), self.peek_at(1)) {
                (None, _) => return Err(Unclosed(LexError::new(open, UNCLOSED_DOUBLE))),
                (Some('"'), _) => {
                    self.bump();
                    break;
                }
                (Some('\\'), Some(c @ ('"' | '\\' | '$' | '`'))) => {
                    self.bump();
                    self.bump();
                    parts.char(c, true);
                }
                (Some('\\'), Some('\n')) => {
                    self.bump();
                    self.bump();
                }
                (Some('\\'), Some('\r')) if self.peek_at(2) == Some('\n') => {
                    self.bump();
                    self.bump();
                    self.bump();
                }
                (Some('$'), _) => {
                    let part = self.dollar(true)?;
                    parts.push(part);
                }
                (Some('`'), _) => {
                    let part = self.backtick(true)?;
                    parts.push(part);
                }
                (Some(c), _) => {
                    self.bump();
                    parts.char(c, true);
                }
            }
        }
        if parts.0.len() == parts_before {
            // `""` is still an argument, so keep an empty quoted part.
            parts.str("", true);
        }
        Ok(())
    }

    /// Reads what follows a `$`: a substitution, a variable, or a literal `$`.
    fn dollar(&mut self, quoted: bool) -> Result<WordPart, Unclosed> {
        let pos = self.here();
        match self.peek_at(1) {
            Some('(') => {
                if self.peek_at(2) == Some('(') {
                    self.fail(pos, ARITHMETIC);
                }
                if self.depth >= MAX_DEPTH {
                    return Err(Unclosed(LexError::new(pos, TOO_DEEP)));
                }
                self.bump();
                self.bump();
                self.depth += 1;
                let words = self.command(Ctx::Dollar { open: pos });
                self.depth -= 1;
                Ok(WordPart::Subst {
                    words: words?,
                    quoted,
                    pos,
                })
            }
            Some('{') => Ok(self.braced(quoted)),
            Some(c) if is_name_start(c) => {
                self.bump();
                let name = self.name();
                Ok(WordPart::Var { name, quoted })
            }
            Some(c) if c.is_ascii_digit() || "@*#?$!-".contains(c) => {
                self.fail(pos, special_param(c));
                self.bump();
                self.bump();
                Ok(WordPart::Literal {
                    text: format!("${c}"),
                    quoted,
                })
            }
            _ => {
                self.bump();
                Ok(WordPart::Literal {
                    text: "$".to_string(),
                    quoted,
                })
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
            name.push(c);
            self.bump();
        }
        name
    }

    /// Reads `${NAME}`. Anything else inside the braces is an error; the braces are then skipped
    /// up to a `}` on the same line so the rest of the statement still lexes.
    fn braced(&mut self, quoted: bool) -> WordPart {
        let start = self.i;
        let pos = self.here();
        self.bump();
        self.bump();
        let name = if self.peek().is_some_and(is_name_start) {
            self.name()
        } else {
            String::new()
        };
        if self.peek() == Some('}') && !name.is_empty() {
            self.bump();
            return WordPart::Var { name, quoted };
        }
        // Once the statement has an error this one would be dropped anyway, so skip the search
        // (which keeps a line full of `${` linear).
        if self.error.is_some() {
            return WordPart::Literal {
                text: self.text(start, self.i),
                quoted,
            };
        }
        let close = self
            .chars
            .get(self.i..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&c| c != '\n')
            .position(|&c| c == '}');
        match close {
            Some(offset) => {
                self.fail(pos, BAD_BRACE);
                self.i += offset + 1;
            }
            None => self.fail(pos, UNCLOSED_BRACE),
        }
        WordPart::Literal {
            text: self.text(start, self.i),
            quoted,
        }
    }

    /// Reads `` `...` ``. The text between the backticks is unescaped as bash does and then lexed
    /// as a command by a nested lexer that keeps the original positions.
    fn backtick(&mut self, in_double_quotes: bool) -> Result<WordPart, Unclosed> {
        let pos = self.here();
        self.bump();
        let mut inner = Vec::new();
        let mut at = Vec::new();
        loop {
            match (self.peek(), self.peek_at(1)) {
                (None, _) => return Err(Unclosed(LexError::new(pos, UNCLOSED_BACKTICK))),
                (Some('`'), _) => {
                    at.push(self.here());
                    self.bump();
                    break;
                }
                (Some('\\'), Some(c))
                    if matches!(c, '`' | '\\' | '$') || (in_double_quotes && c == '"') =>
                {
                    self.bump();
                    at.push(self.here());
                    inner.push(c);
                    self.bump();
                }
                (Some(c), _) => {
                    at.push(self.here());
                    inner.push(c);
                    self.bump();
                }
            }
        }
        if self.depth >= MAX_DEPTH {
            self.fail(pos, TOO_DEEP);
            return Ok(WordPart::Subst {
                words: Vec::new(),
                quoted: in_double_quotes,
                pos,
            });
        }
        let mut nested = Lexer::new(&inner, &at, self.depth + 1);
        let words = match nested.command(Ctx::Backtick) {
            Ok(words) => words,
            Err(Unclosed(unclosed)) => {
                nested.error = Some(root_cause(nested.error.take(), unclosed));
                Vec::new()
            }
        };
        if let Some(error) = nested.error {
            self.fail(error.pos, error.message);
        }
        Ok(WordPart::Subst {
            words,
            quoted: in_double_quotes,
            pos,
        })
    }

    /// Reports an unquoted operator character and steps over it. A here-document's delimiter is
    /// remembered so that its body can be skipped.
    fn operator(&mut self, words: &[Word]) -> Result<(), Unclosed> {
        let pos = self.here();
        let Some(c) = self.peek() else {
            return Ok(());
        };
        let next = self.peek_at(1);
        let (len, message) = match (c, next) {
            ('|', Some('|')) => (2, OR.to_string()),
            ('|', _) => (1, PIPE.to_string()),
            ('&', Some('&')) => (2, AND.to_string()),
            ('&', Some('>')) => (2, redirect("&>")),
            ('&', _) => (1, BACKGROUND.to_string()),
            ('<', Some('<')) if self.peek_at(2) == Some('<') => (3, HERESTRING.to_string()),
            ('<', Some('<')) => (2, HEREDOC.to_string()),
            ('>', Some(n @ ('>' | '&' | '|'))) => (2, redirect(&format!(">{n}"))),
            ('<', Some('&')) => (2, redirect("<&")),
            ('(', _) if words.is_empty() => (1, SUBSHELL.to_string()),
            ('(', _) if self.after_empty_assignment(words) => (1, ARRAY.to_string()),
            ('(', _) => (1, OPEN_PAREN.to_string()),
            (')', _) => (1, CLOSE_PAREN.to_string()),
            (c, _) => (1, redirect(&c.to_string())),
        };
        self.fail(pos, message);
        for _ in 0..len {
            self.bump();
        }
        if (c, next, len) == ('<', Some('<'), 2) {
            self.heredoc_delimiter()?;
        }
        Ok(())
    }

    /// Whether the lexer stands right after `NAME=` as the only word so far, as in `a=(1 2)`.
    fn after_empty_assignment(&self, words: &[Word]) -> bool {
        let glued = self.i > 0 && self.chars.get(self.i - 1) == Some(&'=');
        glued
            && words.len() == 1
            && words
                .first()
                .and_then(split_assignment)
                .is_some_and(|(_, value)| value.parts.is_empty())
    }

    fn heredoc_delimiter(&mut self) -> Result<(), Unclosed> {
        let strip_tabs = self.peek() == Some('-');
        if strip_tabs {
            self.bump();
        }
        self.skip_blanks();
        if self.peek().is_none_or(ends_word) {
            return Ok(());
        }
        let word = self.word()?;
        let delimiter: String = word
            .parts
            .iter()
            .map(|part| match part {
                WordPart::Literal { text, .. } => text.clone(),
                WordPart::Var { name, .. } => format!("${name}"),
                WordPart::Subst { .. } => String::new(),
            })
            .collect();
        if !delimiter.is_empty() {
            self.heredoc = Some(Heredoc {
                delimiter,
                strip_tabs,
            });
        }
        Ok(())
    }

    fn skip_heredoc_body(&mut self) {
        let Some(heredoc) = self.heredoc.take() else {
            return;
        };
        while self.peek().is_some() {
            let start = self.i;
            while self.peek().is_some_and(|c| c != '\n') {
                self.bump();
            }
            let line = self.text(start, self.i);
            self.bump();
            let line = line.trim_end_matches('\r');
            let line = if heredoc.strip_tabs {
                line.trim_start_matches('\t')
            } else {
                line
            };
            if line == heredoc.delimiter {
                break;
            }
        }
    }

    fn check_keyword(&mut self, word: &Word) {
        if let [WordPart::Literal {
            text,
            quoted: false,
        }] = word.parts.as_slice()
        {
            if let Some(message) = keyword_message(text) {
                self.fail(word.pos, message);
            }
        }
    }

    /// Skips spaces, tabs, carriage returns and `\`-newline continuations.
    fn skip_blanks(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1), self.peek_at(2)) {
                (Some(c), _, _) if is_blank(c) => self.bump(),
                (Some('\\'), None, _) => self.bump(),
                (Some('\\'), Some('\n'), _) => {
                    self.bump();
                    self.bump();
                }
                (Some('\\'), Some('\r'), Some('\n')) => {
                    self.bump();
                    self.bump();
                    self.bump();
                }
                _ => return,
            }
        }
    }

    /// Skips what lies between statements: blanks, newlines, stray `;` and comments.
    fn skip_separators(&mut self) {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some('\n' | ';') => self.bump(),
                Some('#') => self.skip_comment(),
                _ => return,
            }
        }
    }

    /// Skips a comment up to (not including) the newline.
    fn skip_comment(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.bump();
        }
    }

    /// After an unclosed quote or substitution, continues with the line after `line`.
    fn resume_after_line(&mut self, from: usize, line: usize) {
        let newline = (from..self.chars.len())
            .find(|&i| self.chars.get(i) == Some(&'\n') && self.pos_of(i).line >= line);
        self.i = newline.map_or(self.chars.len(), |i| i + 1);
    }
}

/// Picks the error to report when the input ended inside a quote or substitution: an error
/// found earlier inside the unclosed construct is most likely a symptom of it (text that was
/// meant to be quoted, say), so the unclosed opener wins unless the other error came before it.
fn root_cause(earlier: Option<LexError>, unclosed: LexError) -> LexError {
    match earlier {
        Some(error) if error.pos < unclosed.pos => error,
        _ => unclosed,
    }
}

/// Literal text is merged into the previous literal part when both are quoted alike.
#[derive(Default)]
struct Parts(Vec<WordPart>);

impl Parts {
    fn char(&mut self, c: char, quoted: bool) {
        let mut buf = [0; 4];
        self.str(c.encode_utf8(&mut buf), quoted);
    }

    fn str(&mut self, s: &str, quoted: bool) {
        if let Some(WordPart::Literal { text, quoted: q }) = self.0.last_mut() {
            if *q == quoted {
                text.push_str(s);
                return;
            }
        }
        self.0.push(WordPart::Literal {
            text: s.to_string(),
            quoted,
        });
    }

    fn push(&mut self, part: WordPart) {
        match part {
            WordPart::Literal { text, quoted } => self.str(&text, quoted),
            part => self.0.push(part),
        }
    }
}

/// Splits `NAME=rest` off the front of a word when its first part is unquoted literal text that
/// starts with a valid shell name and `=`, returning the name and the value word.
fn split_assignment(word: &Word) -> Option<(String, Word)> {
    let (first, rest) = word.parts.split_first()?;
    let WordPart::Literal {
        text,
        quoted: false,
    } = first
    else {
        return None;
    };
    let (name, value) = text.split_once('=')?;
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::with_capacity(rest.len() + 1);
    if !value.is_empty() {
        parts.push(WordPart::Literal {
            text: value.to_string(),
            quoted: false,
        });
    }
    parts.extend(rest.iter().cloned());
    let pos = Pos {
        line: word.pos.line,
        col: word.pos.col + name.chars().count() + 1,
    };
    Some((name.to_string(), Word { pos, parts }))
}

fn statement_kind(words: Vec<Word>) -> Result<StatementKind, LexError> {
    let Some((first, rest)) = words.split_first() else {
        return Ok(StatementKind::Command { words });
    };
    let is_export = matches!(
        first.parts.as_slice(),
        [WordPart::Literal { text, quoted: false }] if text == "export"
    );
    if is_export {
        return match rest {
            [only] => split_assignment(only)
                .map(|(name, value)| StatementKind::Assign { name, value })
                .ok_or_else(|| LexError::new(only.pos, EXPORT)),
            _ => Err(LexError::new(first.pos, EXPORT)),
        };
    }
    match (split_assignment(first), rest.first()) {
        (Some(_), Some(extra)) => Err(LexError::new(extra.pos, AFTER_ASSIGN)),
        (Some((name, value)), None) => Ok(StatementKind::Assign { name, value }),
        (None, _) => Ok(StatementKind::Command { words }),
    }
}

// ---------------------------------------------------------------------------------------------
// Expansion

fn lookup(ex: &dyn Expander, name: &str, pos: Pos) -> Result<String, LexError> {
    ex.var(name).ok_or_else(|| {
        LexError::new(
            pos,
            format!("${name} is not set (assign it first, e.g. {name}=value)"),
        )
    })
}

/// The argument being built while expanding a word. `started` tells an empty-but-real argument
/// (from `""`) apart from nothing at all.
struct Field {
    pos: Pos,
    text: String,
    started: bool,
}

impl Field {
    fn new(pos: Pos) -> Self {
        Field {
            pos,
            text: String::new(),
            started: false,
        }
    }

    fn append(&mut self, s: &str, quoted: bool) {
        self.text.push_str(s);
        self.started |= quoted || !s.is_empty();
    }

    /// Adds a variable's value or a substitution's output, splitting it on whitespace unless
    /// it was quoted. Whitespace at either end of an unquoted value ends the current argument.
    fn expansion(&mut self, value: &str, quoted: bool, out: &mut Vec<Expanded>) {
        if quoted {
            self.append(value, true);
            return;
        }
        let is_ifs = |c: char| matches!(c, ' ' | '\t' | '\n');
        let mut pieces = value.split(is_ifs).filter(|s| !s.is_empty());
        let Some(first) = pieces.next() else {
            if !value.is_empty() {
                self.finish(out);
            }
            return;
        };
        if value.starts_with(is_ifs) {
            self.finish(out);
        }
        self.append(first, false);
        for piece in pieces {
            self.finish(out);
            self.append(piece, false);
        }
        if value.ends_with(is_ifs) {
            self.finish(out);
        }
    }

    /// Emits the current argument, if any, and starts a new one.
    fn finish(&mut self, out: &mut Vec<Expanded>) {
        if self.started {
            out.push(Expanded {
                text: std::mem::take(&mut self.text),
                pos: self.pos,
            });
        }
        self.text.clear();
        self.started = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};
    use proptest::prelude::*;

    // -----------------------------------------------------------------------------------------
    // Helpers

    /// Parses `src` and renders one line per statement: `line:col kind`, or the error.
    ///
    /// Words print their parts back to back: unquoted text as is, quoted text in '...', variables
    /// as ${NAME} (in "..." when quoted) and substitutions as $(...) (in "..." when quoted).
    fn check(src: &str, expect: Expect) {
        let actual: String = parse_script(src)
            .iter()
            .map(|result| match result {
                Ok(s) => format!("{}:{} {}\n", s.pos.line, s.pos.col, render_kind(&s.kind)),
                Err(e) => format!("error {e}\n"),
            })
            .collect();
        expect.assert_eq(&actual);
    }

    /// Renders what `check` leaves out: each statement's line span and source text, and the
    /// position of every word and substitution.
    fn check_source(src: &str, expect: Expect) {
        let actual: String = parse_script(src)
            .iter()
            .map(|result| match result {
                Ok(s) => {
                    let words = match &s.kind {
                        StatementKind::Assign { value, .. } => vec![value.clone()],
                        StatementKind::Command { words } => words.clone(),
                    };
                    format!(
                        "{}:{}-{} {:?}\n  {}\n",
                        s.pos.line,
                        s.pos.col,
                        s.end_line,
                        s.text,
                        render_positions(&words)
                    )
                }
                Err(e) => format!("error {e}\n"),
            })
            .collect();
        expect.assert_eq(&actual);
    }

    /// Parses `src`, expands every statement with `vars` set, and renders the arguments as
    /// `[text]@line:col`, or the assigned value, or the error.
    ///
    /// The fake runner knows two commands for substitutions: `echo ARGS` prints the arguments
    /// joined by spaces and a newline, and `lines ARGS` prints each argument on its own line.
    fn check_expand(vars: &[(&str, &str)], src: &str, expect: Expect) {
        let mut ex = Fake {
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let actual: String = parse_script(src)
            .iter()
            .map(|result| {
                let rendered = match result {
                    Ok(Statement {
                        kind: StatementKind::Assign { name, value },
                        ..
                    }) => expand_word_joined(value, &mut ex).map(|v| format!("{name}={v:?}")),
                    Ok(Statement {
                        kind: StatementKind::Command { words },
                        ..
                    }) => expand_words(words, &mut ex).map(|args| {
                        args.iter()
                            .map(|a| format!("[{}]@{}:{}", esc(&a.text), a.pos.line, a.pos.col))
                            .collect::<Vec<_>>()
                            .join(" ")
                    }),
                    Err(e) => Err(e.clone()),
                };
                match rendered {
                    Ok(line) => format!("{line}\n"),
                    Err(e) => format!("error {e}\n"),
                }
            })
            .collect();
        expect.assert_eq(&actual);
    }

    struct Fake {
        vars: Vec<(String, String)>,
    }

    impl Expander for Fake {
        fn var(&self, name: &str) -> Option<String> {
            self.vars
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }

        fn subst(&mut self, words: &[Word], pos: Pos) -> Result<String, LexError> {
            let args: Vec<String> = expand_words(words, self)?
                .into_iter()
                .map(|a| a.text)
                .collect();
            match args.split_first() {
                Some((cmd, rest)) if cmd == "echo" => Ok(format!("{}\n", rest.join(" "))),
                Some((cmd, rest)) if cmd == "lines" => {
                    Ok(rest.iter().map(|a| format!("{a}\n")).collect())
                }
                _ => Err(LexError::new(pos, format!("unknown command {args:?}"))),
            }
        }
    }

    fn esc(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('\t', "\\t")
            .replace('\r', "\\r")
    }

    fn render_kind(kind: &StatementKind) -> String {
        match kind {
            StatementKind::Assign { name, value } => {
                format!("assign {name} = {}", render_word(value))
            }
            StatementKind::Command { words } => format!("cmd {}", render_words(words)),
        }
    }

    fn render_words(words: &[Word]) -> String {
        words.iter().map(render_word).collect::<Vec<_>>().join(" ")
    }

    fn render_word(word: &Word) -> String {
        if word.parts.is_empty() {
            return "<empty>".to_string();
        }
        word.parts
            .iter()
            .map(|part| match part {
                WordPart::Literal {
                    text,
                    quoted: false,
                } => esc(text),
                WordPart::Literal { text, quoted: true } => format!("'{}'", esc(text)),
                WordPart::Var { name, quoted } => quote(format!("${{{name}}}"), *quoted),
                WordPart::Subst { words, quoted, .. } => {
                    quote(format!("$({})", render_words(words)), *quoted)
                }
            })
            .collect()
    }

    fn quote(s: String, quoted: bool) -> String {
        if quoted {
            format!("\"{s}\"")
        } else {
            s
        }
    }

    fn render_positions(words: &[Word]) -> String {
        words
            .iter()
            .map(|w| {
                let substs: String = w
                    .parts
                    .iter()
                    .filter_map(|p| match p {
                        WordPart::Subst { words, pos, .. } => Some(format!(
                            " $({}:{} {})",
                            pos.line,
                            pos.col,
                            render_positions(words)
                        )),
                        _ => None,
                    })
                    .collect();
                format!("{}:{}{substs}", w.pos.line, w.pos.col)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    // -----------------------------------------------------------------------------------------
    // Parsing

    #[test]
    fn tutorial_script() {
        check(
            r#"# comment
az group create --name myResourceGroup -l eastus
az vm create --resource-group myResourceGroup --name myVM --image Ubuntu2204 \
   --admin-username azureuser --generate-ssh-keys
spID=$(az resource list -n myVM --query [*].identity.principalId --out tsv)
storageId=$(az storage account show -n mystorage -g myResourceGroup --query id --out tsv)
az role assignment create --assignee $spID --role 'Storage Blob Data Reader' --scope $storageId
az vm update -n myVM -g myResourceGroup --set identity.type="none"
az role assignment create --assignee "$spID" --scope "${storageId}/blobServices/default/containers/c1" --role "Storage Blob Data Reader"   # trailing comment
export RG=myResourceGroup; az group show -n $RG
mip check --from vm1 --action "Read blobs" --scope st1
"#,
            expect![[r#"
                2:1 cmd az group create --name myResourceGroup -l eastus
                3:1 cmd az vm create --resource-group myResourceGroup --name myVM --image Ubuntu2204 --admin-username azureuser --generate-ssh-keys
                5:1 assign spID = $(az resource list -n myVM --query [*].identity.principalId --out tsv)
                6:1 assign storageId = $(az storage account show -n mystorage -g myResourceGroup --query id --out tsv)
                7:1 cmd az role assignment create --assignee ${spID} --role 'Storage Blob Data Reader' --scope ${storageId}
                8:1 cmd az vm update -n myVM -g myResourceGroup --set identity.type='none'
                9:1 cmd az role assignment create --assignee "${spID}" --scope "${storageId}"'/blobServices/default/containers/c1' --role 'Storage Blob Data Reader'
                10:1 assign RG = myResourceGroup
                10:28 cmd az group show -n ${RG}
                11:1 cmd mip check --from vm1 --action 'Read blobs' --scope st1
            "#]],
        );
    }

    #[test]
    fn tutorial_script_source_text() {
        check_source(
            "az vm create -n myVM \\\n   --image Ubuntu2204   # comment\n\
             spID=$(az vm show -n myVM --query id)\n\
             \t export RG=rg1 ;  az group show -n \"$RG\";\n",
            expect![[r#"
                1:1-2 "az vm create -n myVM \\\n   --image Ubuntu2204"
                  1:1 1:4 1:7 1:14 1:17 2:4 2:12
                3:1-3 "spID=$(az vm show -n myVM --query id)"
                  3:6 $(3:6 3:8 3:11 3:14 3:19 3:22 3:27 3:35)
                4:3-4 "export RG=rg1"
                  4:13
                4:20-4 "az group show -n \"$RG\""
                  4:20 4:23 4:29 4:34 4:37
            "#]],
        );
    }

    #[test]
    fn comments() {
        check(
            "# only a comment\n\n   # indented\naz a#b 'c # d' \"e # f\" g\\#h #tail\necho x;# after semicolon\necho $(echo y # inner comment\n)",
            expect![[r#"
                4:1 cmd az a#b 'c # d' 'e # f' g'#'h
                5:1 cmd echo x
                6:1 cmd echo $(echo y)
            "#]],
        );
    }

    #[test]
    fn blank_and_separator_only_input_produces_nothing() {
        check("", expect![""]);
        check("\n \t\n;;\n  \\\n# c\n", expect![""]);
    }

    #[test]
    fn continuations() {
        check(
            "az vm create \\\n  --name vm1 \\\n\n  --next-line\naz con\\\ntinued\necho \"a\\\nb\"\r\naz crlf \\\r\n  --ok\r\naz trailing \\",
            expect![[r#"
                1:1 cmd az vm create --name vm1
                4:3 cmd --next-line
                5:1 cmd az continued
                7:1 cmd echo 'ab'
                9:1 cmd az crlf --ok
                11:1 cmd az trailing
            "#]],
        );
    }

    #[test]
    fn quoting() {
        check(
            r#"echo 'single $x "q" \n' "double \" \\ \$ \` \n $" '' "" a''b a\ b \$x \\ mixed"$x"'$y'"#,
            expect![[r#"
                1:1 cmd echo 'single $x "q" \\n' 'double " \\ $ ` \\n $' '' '' a''b a' 'b '$'x '\\' mixed"${x}"'$y'
            "#]],
        );
    }

    #[test]
    fn quotes_span_lines() {
        check(
            "az role definition create --role-definition '{\n  \"Name\": \"r\"\n}'\necho \"two\nlines\"",
            expect![[r#"
                1:1 cmd az role definition create --role-definition '{\n  "Name": "r"\n}'
                4:1 cmd echo 'two\nlines'
            "#]],
        );
    }

    #[test]
    fn variables() {
        check(
            r#"echo $a ${b} $_c1 "$d" "${e}" $f.g $h-i ${j}k "$l$m" $ "$" $/ a$ $é $'x'"#,
            expect![[r#"
                1:1 cmd echo ${a} ${b} ${_c1} "${d}" "${e}" ${f}.g ${h}-i ${j}k "${l}""${m}" $ '$' $/ a$ $é $'x'
            "#]],
        );
    }

    #[test]
    fn substitutions() {
        check(
            r#"echo $(a b) "$(c "d e")" `f g` "`h $i`" $(j $(k "$(l)")) x$(m)y $() `echo \`n\``"#,
            expect![[r#"
                1:1 cmd echo $(a b) "$(c 'd e')" $(f g) "$(h ${i})" $(j $(k "$(l)")) x$(m)y $() $(echo $(n))
            "#]],
        );
    }

    #[test]
    fn substitution_spanning_lines() {
        check(
            "id=$(az vm show \\\n  -n vm1\n  )\necho $(\n  az x\n)",
            expect![[r#"
                1:1 assign id = $(az vm show -n vm1)
                4:1 cmd echo $(az x)
            "#]],
        );
    }

    #[test]
    fn assignments() {
        check(
            r#"a=1
B_2=two\ words
c="quoted $a"
d=$(az x)
e=
f=''
export G=$(az y)"z"
x=y=z
my-var=1
1x=2
"h"=3
echo i=4
a=b=$c
"#,
            expect![[r#"
                1:1 assign a = 1
                2:1 assign B_2 = two' 'words
                3:1 assign c = 'quoted '"${a}"
                4:1 assign d = $(az x)
                5:1 assign e = <empty>
                6:1 assign f = ''
                7:1 assign G = $(az y)'z'
                8:1 assign x = y=z
                9:1 cmd my-var=1
                10:1 cmd 1x=2
                11:1 cmd 'h'=3
                12:1 cmd echo i=4
                13:1 assign a = b=${c}
            "#]],
        );
    }

    #[test]
    fn assignment_errors() {
        check(
            "role=Storage Blob Reader\nRG=rg1 az group show\nexport\nexport A=1 B=2\nexport PATH\nok=1",
            expect![[r#"
                error line 1, column 14: an assignment must stand alone: quote a value that has spaces (NAME="two words"), or put the command on its own line
                error line 2, column 8: an assignment must stand alone: quote a value that has spaces (NAME="two words"), or put the command on its own line
                error line 3, column 1: only 'export NAME=value' is supported: one variable, with its value
                error line 4, column 1: only 'export NAME=value' is supported: one variable, with its value
                error line 5, column 8: only 'export NAME=value' is supported: one variable, with its value
                6:1 assign ok = 1
            "#]],
        );
    }

    #[test]
    fn semicolons() {
        check(
            "a 1; b 2 ;c 3;\n; d\necho 'x;y' \"z;w\" u\\;v",
            expect![[r#"
                1:1 cmd a 1
                1:6 cmd b 2
                1:11 cmd c 3
                2:3 cmd d
                3:1 cmd echo 'x;y' 'z;w' u';'v
            "#]],
        );
    }

    #[test]
    fn no_globbing_or_other_expansions() {
        check(
            "az x --query [*].id ~/f {a,b} * ? [?name=='v'] {}",
            expect![[r#"
                1:1 cmd az x --query [*].id ~/f {a,b} * ? [?name=='v'] {}
            "#]],
        );
    }

    #[test]
    fn unsupported_operators() {
        check(
            "az vm list | jq .\na && b\na || b\nsleep 1 &\na > out\na >> out\na < in\na 2>&1\na &> f\ncat <<< text\na|b",
            expect![[r#"
                error line 1, column 12: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values
                error line 2, column 3: '&&' is not supported; put each command on its own line
                error line 3, column 3: '||' is not supported; run one command per line
                error line 4, column 9: background jobs ('&') are not supported; commands run one at a time, so drop the '&'
                error line 5, column 3: redirections ('>') are not supported; pass values as arguments and capture output with VAR=$(...)
                error line 6, column 3: redirections ('>>') are not supported; pass values as arguments and capture output with VAR=$(...)
                error line 7, column 3: redirections ('<') are not supported; pass values as arguments and capture output with VAR=$(...)
                error line 8, column 4: redirections ('>&') are not supported; pass values as arguments and capture output with VAR=$(...)
                error line 9, column 3: redirections ('&>') are not supported; pass values as arguments and capture output with VAR=$(...)
                error line 10, column 5: here-strings ('<<<') are not supported; pass the text as a quoted argument instead
                error line 11, column 2: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values
            "#]],
        );
    }

    #[test]
    fn operators_inside_quotes_and_escapes_are_text() {
        check(
            r#"echo "a | b && c > d (e)" 'f || g < h' \| \& \> \( \)"#,
            expect![[r#"
                1:1 cmd echo 'a | b && c > d (e)' 'f || g < h' '|' '&' '>' '(' ')'
            "#]],
        );
    }

    #[test]
    fn pipe_message_matches_the_documented_example() {
        check(
            "a\nb\nc\n   ids=$(az x | head)",
            expect![[r#"
                1:1 cmd a
                2:1 cmd b
                3:1 cmd c
                error line 4, column 15: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values
            "#]],
        );
    }

    #[test]
    fn parentheses_and_groups() {
        check(
            "(cd x; ls)\na=(1 2)\nf() { echo; }\necho a)b\n{ a; b; }\n}\na {\n",
            expect![[r#"
                error line 1, column 1: subshells ('( ... )') are not supported; run the commands directly, one per line
                error line 2, column 3: arrays ('NAME=(...)') are not supported; use one variable per value
                error line 3, column 2: '(' is not supported here (there are no functions or subshells); quote the argument if '(' is part of it
                error line 4, column 7: unexpected ')'; quote the argument if ')' is part of it
                error line 5, column 1: command groups ('{ ... }') are not supported; run the commands directly, one per line
                error line 6, column 1: command groups ('{ ... }') are not supported; run the commands directly, one per line
                7:1 cmd a {
            "#]],
        );
    }

    #[test]
    fn control_flow_keywords() {
        check(
            "if az group exists -n rg; then\n  az group create -n rg\nfi\nfor i in 1 2; do echo $i; done\nwhile true; do x; done\nuntil x; do y; done\ncase $x in a) b;; esac\nfunction f { x; }\n[[ -z $x ]]\n! az x\necho if then fi\n'if' x",
            expect![[r#"
                error line 1, column 1: conditionals ('if') are not supported; scripts run top to bottom, one command per line
                2:3 cmd az group create -n rg
                error line 3, column 1: conditionals ('fi') are not supported; scripts run top to bottom, one command per line
                error line 4, column 1: loops ('for') are not supported; write out each command
                error line 5, column 1: loops ('while') are not supported; write out each command
                error line 6, column 1: loops ('until') are not supported; write out each command
                error line 7, column 1: conditionals ('case') are not supported; scripts run top to bottom, one command per line
                error line 8, column 1: functions are not supported; write out each command
                error line 9, column 1: tests ('[[') are not supported; scripts run top to bottom, one command per line
                error line 10, column 1: negation ('!') is not supported; run the command on its own
                11:1 cmd echo if then fi
                12:1 cmd 'if' x
            "#]],
        );
    }

    #[test]
    fn here_documents_skip_their_body() {
        check(
            "cat <<EOF\nnot | a command\nEOF\nafter 1\ncat <<-'END' > f\n\tbody\n\tEND\nafter 2\ncat << \"X\"\nnever closed",
            expect![[r#"
                error line 1, column 5: here-documents ('<<') are not supported; pass the text as a quoted argument instead
                4:1 cmd after 1
                error line 5, column 5: here-documents ('<<') are not supported; pass the text as a quoted argument instead
                8:1 cmd after 2
                error line 9, column 5: here-documents ('<<') are not supported; pass the text as a quoted argument instead
            "#]],
        );
    }

    #[test]
    fn dollar_forms() {
        check(
            "echo $((1 + 2))\necho $1\necho \"$?\"\necho $@ $$\necho ${x:-d}\necho ${#x} ok\necho ${}\necho ${x\nnext",
            expect![[r#"
                error line 1, column 6: arithmetic ('$((...))') is not supported; write the number out
                error line 2, column 6: '$1' is a special shell parameter, which is not supported; use a named variable like $NAME, or write \$ for a literal dollar sign
                error line 3, column 7: '$?' is a special shell parameter, which is not supported; use a named variable like $NAME, or write \$ for a literal dollar sign
                error line 4, column 6: '$@' is a special shell parameter, which is not supported; use a named variable like $NAME, or write \$ for a literal dollar sign
                error line 5, column 6: only a variable name may go inside '${...}', like ${storageId}; forms such as ${NAME:-default} or ${#NAME} are not supported
                error line 6, column 6: only a variable name may go inside '${...}', like ${storageId}; forms such as ${NAME:-default} or ${#NAME} are not supported
                error line 7, column 6: only a variable name may go inside '${...}', like ${storageId}; forms such as ${NAME:-default} or ${#NAME} are not supported
                error line 8, column 6: unclosed '${': write the variable as ${NAME}
                9:1 cmd next
            "#]],
        );
    }

    #[test]
    fn substitution_errors() {
        check(
            "a=$(b; c)\na=$(b\nc)\na=$(b | c)\na=`b; c`\na=`x | y`\nok",
            expect![[r#"
                error line 1, column 8: only one command may go inside $(...); run the others on their own lines
                error line 3, column 1: only one command may go inside $(...); run the others on their own lines
                error line 4, column 7: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values
                error line 5, column 7: only one command may go inside `...`; run the others on their own lines
                error line 6, column 6: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values
                7:1 cmd ok
            "#]],
        );
    }

    #[test]
    fn unclosed_forms_point_at_the_opener() {
        check(
            "echo 'abc\nmore",
            expect![[r#"
            error line 1, column 6: unclosed single quote ('): add the matching ' where the quoted text ends
            2:1 cmd more
        "#]],
        );
        check(
            "a\necho x\"abc",
            expect![[r#"
            1:1 cmd a
            error line 2, column 7: unclosed double quote ("): add the matching " where the quoted text ends
        "#]],
        );
        check(
            "id=$(az vm show\nnext 1\nnext 2",
            expect![[r#"
            error line 1, column 4: unclosed '$(': add the matching ')' after the command
            2:1 cmd next 1
            3:1 cmd next 2
        "#]],
        );
        check(
            "x=`az vm\nnext",
            expect![[r#"
            error line 1, column 3: unclosed backtick ('`'): add the matching '`' after the command, or use $(...) instead
            2:1 cmd next
        "#]],
        );
        check(
            "x=$(az \"vm\nshow)\nnext",
            expect![[r#"
            error line 1, column 8: unclosed double quote ("): add the matching " where the quoted text ends
            error line 2, column 5: unexpected ')'; quote the argument if ')' is part of it
            3:1 cmd next
        "#]],
        );
        check(
            "x=`echo 'a`\nnext",
            expect![[r#"
            error line 1, column 9: unclosed single quote ('): add the matching ' where the quoted text ends
            2:1 cmd next
        "#]],
        );
    }

    #[test]
    fn recovery_continues_at_the_next_line_outside_quotes() {
        check(
            "a | b; c\nd && 'e\nf'; g\nok 1\nif x; then y; fi; z\nok 2",
            expect![[r#"
                error line 1, column 3: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values
                error line 2, column 3: '&&' is not supported; put each command on its own line
                4:1 cmd ok 1
                error line 5, column 1: conditionals ('if') are not supported; scripts run top to bottom, one command per line
                6:1 cmd ok 2
            "#]],
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}{}", "$(a ".repeat(40), ")".repeat(40));
        check(
            &deep,
            expect![[r#"
            error line 1, column 129: command substitutions are nested too deeply; assign inner results to variables first
        "#]],
        );
    }

    #[test]
    fn columns_count_chars_not_bytes() {
        check(
            "echo 'héllo wörld' | x",
            expect![[r#"
            error line 1, column 20: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values
        "#]],
        );
    }

    #[test]
    fn error_display() {
        let error = LexError::new(Pos { line: 4, col: 12 }, PIPE);
        assert_eq!(
            error.to_string(),
            "line 4, column 12: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values"
        );
    }

    // -----------------------------------------------------------------------------------------
    // Expansion

    #[test]
    fn expansion_splits_unquoted_values() {
        check_expand(
            &[("two", "a b"), ("spaced", "  x  y  "), ("empty", ""), ("blank", "  "), ("lines", "id1\nid2\n")],
            "az $two \"$two\" x${two}y \"x${two}y\"\naz $spaced. .$spaced\naz $empty \"$empty\" ''$empty $blank \"$blank\" a${blank}b\naz $lines",
            expect![[r#"
                [az]@1:1 [a]@1:4 [b]@1:4 [a b]@1:9 [xa]@1:16 [by]@1:16 [xa by]@1:25
                [az]@2:1 [x]@2:4 [y]@2:4 [.]@2:4 [.]@2:13 [x]@2:13 [y]@2:13
                [az]@3:1 []@3:11 []@3:20 [  ]@3:36 [a]@3:45 [b]@3:45
                [az]@4:1 [id1]@4:4 [id2]@4:4
            "#]],
        );
    }

    #[test]
    fn expansion_of_substitutions() {
        check_expand(
            &[("name", "my vm")],
            "az $(echo a  b) \"$(echo a  b)\" \"$(lines x y)\" $(lines x y)\nid=$(lines p q)\naz \"$(echo \"$(echo $name)\")\" $(echo $(echo $name))\naz `echo \\`echo n\\``\naz x$(echo)y \"$(lines)\" $(echo)",
            expect![[r#"
                [az]@1:1 [a]@1:4 [b]@1:4 [a b]@1:17 [x\ny]@1:32 [x]@1:47 [y]@1:47
                id="p\nq"
                [az]@3:1 [my vm]@3:4 [my]@3:30 [vm]@3:30
                [az]@4:1 [n]@4:4
                [az]@5:1 [xy]@5:4 []@5:14
            "#]],
        );
    }

    #[test]
    fn tutorial_lines_expand_to_cli_arguments() {
        check_expand(
            &[
                ("spID", "0000-11"),
                ("storageId", "/subscriptions/s1/providers/st1"),
                ("RG", "rg 1"),
            ],
            r#"az role assignment create --assignee "$spID" --scope "${storageId}/blobServices/default/containers/c1" --role "Storage Blob Data Reader"
az vm update -n myVM --set identity.type="none" --query [*].identity.principalId
az group show -n $RG -g "$RG""#,
            expect![[r#"
                [az]@1:1 [role]@1:4 [assignment]@1:9 [create]@1:20 [--assignee]@1:27 [0000-11]@1:38 [--scope]@1:46 [/subscriptions/s1/providers/st1/blobServices/default/containers/c1]@1:54 [--role]@1:104 [Storage Blob Data Reader]@1:111
                [az]@2:1 [vm]@2:4 [update]@2:7 [-n]@2:14 [myVM]@2:17 [--set]@2:22 [identity.type=none]@2:28 [--query]@2:49 [[*].identity.principalId]@2:57
                [az]@3:1 [group]@3:4 [show]@3:10 [-n]@3:15 [rg]@3:18 [1]@3:18 [-g]@3:22 [rg 1]@3:25
            "#]],
        );
    }

    #[test]
    fn assignment_values_are_not_split() {
        check_expand(
            &[("two", "a  b")],
            "x=$two\ny=\"$two\"\nz=$(echo 1  2)pre\nempty=\nexport E=$two",
            expect![[r#"
                x="a  b"
                y="a  b"
                z="1 2pre"
                empty=""
                E="a  b"
            "#]],
        );
    }

    #[test]
    fn unset_variables_and_failing_substitutions_are_errors() {
        check_expand(
            &[],
            "az --scope \"${storageId}/x\"\nid=$missing\naz $(unknown x)\naz $(echo $(echo $deep))",
            expect![[r#"
                error line 1, column 12: $storageId is not set (assign it first, e.g. storageId=value)
                error line 2, column 4: $missing is not set (assign it first, e.g. missing=value)
                error line 3, column 4: unknown command ["unknown", "x"]
                error line 4, column 18: $deep is not set (assign it first, e.g. deep=value)
            "#]],
        );
    }

    #[test]
    fn literal_arguments_keep_text() {
        check_expand(
            &[],
            "az --query [*].id --set a=\"b c\" '' x\\ y $ \"\"",
            expect![[r#"
                [az]@1:1 [--query]@1:4 [[*].id]@1:12 [--set]@1:19 [a=b c]@1:25 []@1:33 [x y]@1:36 [$]@1:41 []@1:43
            "#]],
        );
    }

    // -----------------------------------------------------------------------------------------
    // Properties

    /// Checks that every error position names a real line and a column within it (or just past
    /// its end), and that statements start within the input.
    fn positions_in_range(src: &str) -> Result<(), TestCaseError> {
        let lines: Vec<usize> = src.split('\n').map(|l| l.chars().count()).collect();
        let in_range = |pos: Pos| {
            pos.line >= 1
                && pos.col >= 1
                && lines
                    .get(pos.line - 1)
                    .is_some_and(|&len| pos.col <= len + 1)
        };
        for result in parse_script(src) {
            match result {
                Ok(s) => {
                    prop_assert!(in_range(s.pos), "statement at {:?} in {:?}", s.pos, src);
                    prop_assert!(s.end_line >= s.pos.line && s.end_line <= lines.len());
                }
                Err(e) => prop_assert!(in_range(e.pos), "error {e} out of range in {src:?}"),
            }
        }
        Ok(())
    }

    fn shellish() -> impl Strategy<Value = String> {
        "([a-z =;#|&<>(){}\\[\\]*\"'`$\\\\\n\t\r-]|é|日|\\$\\(|\\$\\{|\\$\\(\\(|<<|&&){0,40}"
    }

    /// One word that parses without error; `x` starts plain words so none is a keyword.
    fn valid_word() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            "x[a-z0-9._/=-]{0,6}",
            "'[^']{0,6}'",
            "\"([a-z ;|&()]|\\\\\"|\\$[A-Z]{1,3}|\\$\\{[A-Z]{1,3}\\})*\"",
            "\\$[A-Z][A-Z0-9_]{0,3}",
            "\\$\\{[a-z_]{1,4}\\}",
            "\\\\[|&;()<> ]",
        ];
        let piece = leaf.prop_recursive(2, 8, 3, |inner| {
            prop::collection::vec(inner, 1..3).prop_map(|words| format!("$({})", words.join(" ")))
        });
        prop::collection::vec(piece, 1..3).prop_map(|pieces| pieces.concat())
    }

    fn valid_statement() -> impl Strategy<Value = String> {
        prop_oneof![
            (
                "x[a-z]{0,4}",
                prop::collection::vec(valid_word(), 0..4),
                prop_oneof![Just(" "), Just(" \\\n  "), Just("\t")],
            )
                .prop_map(|(cmd, args, sep)| {
                    std::iter::once(cmd)
                        .chain(args)
                        .collect::<Vec<_>>()
                        .join(sep)
                }),
            ("(export )?[A-Za-z_][A-Za-z0-9_]{0,4}", valid_word())
                .prop_map(|(name, value)| format!("{name}={value}")),
        ]
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(src in any::<String>()) {
            positions_in_range(&src)?;
        }

        #[test]
        fn never_panics_on_shell_like_text(src in shellish()) {
            positions_in_range(&src)?;
        }

        #[test]
        fn concatenated_statements_parse_one_by_one(
            statements in prop::collection::vec(valid_statement(), 1..6),
            sep in prop_oneof![Just("\n"), Just("; "), Just(" # note\n"), Just("\n\n  ")],
        ) {
            let src = statements.join(sep);
            let results = parse_script(&src);
            prop_assert_eq!(results.len(), statements.len(), "{:?}", src);
            for (result, original) in results.iter().zip(&statements) {
                let parsed = result.as_ref().map_err(|e| TestCaseError::fail(format!("{e} in {src:?}")))?;
                // A statement's text is its source, so it reparses to the same thing.
                prop_assert_eq!(&parsed.text, original);
                let again = parse_script(&parsed.text);
                let again = match again.as_slice() {
                    [Ok(s)] => render_kind(&s.kind),
                    other => return Err(TestCaseError::fail(format!("{other:?}"))),
                };
                prop_assert_eq!(render_kind(&parsed.kind), again);
            }
        }
    }
}
