//! Commands as data: each `az`/`mip` command is a [`CommandSpec`] (path, flags, handler), so one
//! table drives parsing, `--help`, error suggestions and the console's completion.
//!
//! Parsing turns expanded words into [`Args`] or a located [`ScriptError`]; handlers read typed
//! values from `Args` and change the world only through `World`'s methods.

use serde_json::Value;

use super::error::{ErrorKind, ScriptError};
use super::lexer::{Expanded, Pos};
use crate::sim::evaluate::Decision;
use crate::sim::suggest::closest;
use crate::sim::token::{Token, TokenError};
use crate::sim::world::{ModelError, World};

/// How many values a flag takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// No value: `--yes`.
    Switch,
    One,
    /// One or more: `--identities id1 id2`.
    Many,
    /// Zero or more: `--assign-identity [system] [id…]`.
    OptionalMany,
}

/// Whether a flag changes anything in the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Used,
    /// A real az flag that does not affect identities: accepted, noted, ignored.
    Ignored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    /// The long name first, then aliases: `["--resource-group", "-g"]`.
    pub names: &'static [&'static str],
    pub arity: Arity,
    pub required: bool,
    pub effect: Effect,
    pub help: &'static str,
}

impl FlagSpec {
    pub fn long(&self) -> &'static str {
        self.names[0]
    }
}

pub const fn req(names: &'static [&'static str], help: &'static str) -> FlagSpec {
    FlagSpec {
        names,
        arity: Arity::One,
        required: true,
        effect: Effect::Used,
        help,
    }
}
pub const fn opt(names: &'static [&'static str], help: &'static str) -> FlagSpec {
    FlagSpec {
        names,
        arity: Arity::One,
        required: false,
        effect: Effect::Used,
        help,
    }
}
pub const fn many(names: &'static [&'static str], help: &'static str) -> FlagSpec {
    FlagSpec {
        names,
        arity: Arity::Many,
        required: false,
        effect: Effect::Used,
        help,
    }
}
pub const fn any(names: &'static [&'static str], help: &'static str) -> FlagSpec {
    FlagSpec {
        names,
        arity: Arity::OptionalMany,
        required: false,
        effect: Effect::Used,
        help,
    }
}
pub const fn switch(names: &'static [&'static str], help: &'static str) -> FlagSpec {
    FlagSpec {
        names,
        arity: Arity::Switch,
        required: false,
        effect: Effect::Used,
        help,
    }
}
/// A real flag with one value that has no effect on identities.
pub const fn ignored(names: &'static [&'static str]) -> FlagSpec {
    FlagSpec {
        names,
        arity: Arity::One,
        required: false,
        effect: Effect::Ignored,
        help: "accepted and ignored: it does not affect identities",
    }
}
/// A real switch that has no effect on identities.
pub const fn ignored_switch(names: &'static [&'static str]) -> FlagSpec {
    FlagSpec {
        names,
        arity: Arity::Switch,
        required: false,
        effect: Effect::Ignored,
        help: "accepted and ignored: it does not affect identities",
    }
}

/// Flags every `az` command takes.
pub static AZ_GLOBAL_FLAGS: &[FlagSpec] = &[
    opt(&["--query"], "JMESPath query applied to the output"),
    opt(
        &["--output", "-o"],
        "output format: json, jsonc, tsv, table, yaml, none",
    ),
    ignored(&["--subscription"]),
    ignored_switch(&["--only-show-errors"]),
    ignored_switch(&["--debug"]),
    ignored_switch(&["--verbose"]),
    ignored_switch(&["--no-wait"]),
    switch(&["--help", "-h"], "show this command's help"),
];

/// What a command produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// az-shaped JSON, rendered with `--query` and `--output`.
    Json(Value),
    /// az prints nothing (deletes and the like).
    Nothing,
    /// `mip check` / `mip expect`.
    Decision(Decision),
    /// `mip token` / `mip federated-token`.
    Token(Result<Token, TokenError>),
    /// Plain text: `echo`, help.
    Text(String),
}

/// What a handler can touch: the world, and a place for notes to the learner.
pub struct Ctx<'a> {
    pub world: &'a mut World,
    pub notes: Vec<String>,
}

pub type Handler = fn(&mut Ctx<'_>, &Args) -> Result<Output, ScriptError>;

pub struct CommandSpec {
    /// The words that name the command, e.g. `["az", "vm", "identity", "assign"]`.
    pub path: &'static [&'static str],
    pub summary: &'static str,
    pub flags: &'static [FlagSpec],
    /// A leading positional argument (`mip expect allowed|denied`), described for help.
    pub positional: Option<&'static str>,
    pub run: Handler,
}

impl CommandSpec {
    pub fn name(&self) -> String {
        self.path.join(" ")
    }

    /// The command's own flags followed by the global ones (for az commands).
    pub fn all_flags(&self) -> impl Iterator<Item = &'static FlagSpec> {
        let globals: &'static [FlagSpec] = if self.path.first() == Some(&"az") {
            AZ_GLOBAL_FLAGS
        } else {
            MIP_GLOBAL_FLAGS
        };
        self.flags.iter().chain(globals.iter())
    }

    /// `--help` text.
    pub fn help(&self) -> String {
        let mut text = format!("{}\n    {}\n", self.name(), self.summary);
        if let Some(p) = self.positional {
            text.push_str(&format!("\nArguments\n    {p}\n"));
        }
        text.push_str("\nFlags\n");
        for f in self.all_flags() {
            let names = f.names.join(" ");
            let value = match f.arity {
                Arity::Switch => "",
                Arity::One => " VALUE",
                Arity::Many => " VALUE…",
                Arity::OptionalMany => " [VALUE…]",
            };
            let required = if f.required { " [required]" } else { "" };
            text.push_str(&format!(
                "    {names}{value}{required}\n        {}\n",
                f.help
            ));
        }
        text
    }
}

/// Flags every `mip` statement takes.
pub static MIP_GLOBAL_FLAGS: &[FlagSpec] = &[
    opt(&["--query"], "JMESPath query applied to the JSON output"),
    opt(
        &["--output", "-o"],
        "output format: json, jsonc, tsv, table, yaml, none",
    ),
    switch(&["--help", "-h"], "show this statement's help"),
];

/// One flag as given on the command line.
#[derive(Debug, Clone)]
pub struct GivenFlag {
    pub spec: &'static FlagSpec,
    pub pos: Pos,
    pub values: Vec<Expanded>,
}

/// Parsed arguments of one command.
pub struct Args {
    pub spec: &'static CommandSpec,
    pub pos: Pos,
    pub flags: Vec<GivenFlag>,
    pub positional: Vec<Expanded>,
}

impl Args {
    fn find(&self, long: &str) -> Option<&GivenFlag> {
        self.flags.iter().rev().find(|f| f.spec.long() == long)
    }

    pub fn has(&self, long: &str) -> bool {
        self.find(long).is_some()
    }

    /// The value of a one-value flag.
    pub fn get(&self, long: &str) -> Option<&str> {
        self.find(long)
            .and_then(|f| f.values.first())
            .map(|v| v.text.as_str())
    }

    /// All values of a multi-value flag (across repeats).
    pub fn values(&self, long: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|f| f.spec.long() == long)
            .flat_map(|f| f.values.iter().map(|v| v.text.as_str()))
            .collect()
    }

    /// Where a flag's value (or the flag, or the command) is, for error messages.
    pub fn pos_of(&self, long: &str) -> Pos {
        self.find(long)
            .map(|f| f.values.first().map(|v| v.pos).unwrap_or(f.pos))
            .unwrap_or(self.pos)
    }

    pub fn require(&self, long: &str) -> Result<&str, ScriptError> {
        self.get(long).ok_or_else(|| {
            ScriptError::new(
                self.pos,
                ErrorKind::MissingArgument,
                format!("'{}' needs {long}", self.spec.name()),
            )
        })
    }

    /// An error located at a flag's value.
    pub fn invalid(&self, long: &str, message: impl Into<String>) -> ScriptError {
        ScriptError::new(self.pos_of(long), ErrorKind::InvalidValue, message)
    }

    /// A model error, located at the flag most likely responsible.
    pub fn model(&self, long: &str, error: ModelError) -> ScriptError {
        ScriptError::from_model(self.pos_of(long), error)
    }

    /// Parses a boolean value as az does (`true/false/yes/no/1/0`); a bare flag means true.
    pub fn bool_flag(&self, long: &str) -> Result<Option<bool>, ScriptError> {
        let Some(given) = self.find(long) else {
            return Ok(None);
        };
        match given.values.first().map(|v| v.text.to_ascii_lowercase()) {
            None => Ok(Some(true)),
            Some(v) if matches!(v.as_str(), "true" | "yes" | "1") => Ok(Some(true)),
            Some(v) if matches!(v.as_str(), "false" | "no" | "0") => Ok(Some(false)),
            Some(v) => Err(self.invalid(long, format!("{long} takes true or false, not '{v}'"))),
        }
    }
}

/// Splits `words` (after the command path) into flags and values against `spec`.
pub fn parse_args(
    spec: &'static CommandSpec,
    pos: Pos,
    words: &[Expanded],
) -> Result<Args, ScriptError> {
    let mut args = Args {
        spec,
        pos,
        flags: Vec::new(),
        positional: Vec::new(),
    };
    // A positional described with a trailing '…' takes every word, like `echo`.
    if spec.positional.is_some_and(|p| p.ends_with('…')) {
        args.positional = words.to_vec();
        return Ok(args);
    }
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let is_flag =
            word.text.starts_with('-') && word.text.len() > 1 && word.text.parse::<f64>().is_err();
        if !is_flag {
            if spec.positional.is_some() && args.flags.is_empty() && args.positional.is_empty() {
                args.positional.push(word.clone());
                i += 1;
                continue;
            }
            return Err(ScriptError::new(
                word.pos,
                ErrorKind::UnknownFlag,
                format!(
                    "unexpected value '{}' for '{}': values follow a flag such as --name",
                    word.text,
                    spec.name()
                ),
            ));
        }
        let (name, inline) = match word.text.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (word.text.clone(), None),
        };
        let Some(flag) = find_flag(spec, &name) else {
            let names: Vec<&str> = spec
                .all_flags()
                .flat_map(|f| f.names.iter().copied())
                .collect();
            let hint = closest(&name, names)
                .map(|s| format!("; did you mean {s}?"))
                .unwrap_or_default();
            return Err(ScriptError::new(
                word.pos,
                ErrorKind::UnknownFlag,
                format!("unknown flag {name} for '{}'{hint}", spec.name()),
            ));
        };
        let mut values = Vec::new();
        if let Some(v) = inline {
            values.push(Expanded {
                text: v,
                pos: Pos {
                    line: word.pos.line,
                    col: word.pos.col + name.chars().count() + 1,
                },
            });
        }
        i += 1;
        let takes_value = |w: &Expanded| {
            !(w.text.starts_with('-') && w.text.len() > 1 && w.text.parse::<f64>().is_err())
        };
        match flag.arity {
            Arity::Switch => {
                // az accepts `--flag true|false` for boolean switches.
                if values.is_empty() {
                    if let Some(next) = words.get(i).filter(|w| {
                        matches!(w.text.to_ascii_lowercase().as_str(), "true" | "false")
                    }) {
                        values.push(next.clone());
                        i += 1;
                    }
                }
            }
            Arity::One => {
                if values.is_empty() {
                    match words.get(i) {
                        Some(next) if takes_value(next) || flag.long() == "--query" => {
                            values.push(next.clone());
                            i += 1;
                        }
                        _ => {
                            return Err(ScriptError::new(
                                word.pos,
                                ErrorKind::MissingArgument,
                                format!("{name} needs a value"),
                            ))
                        }
                    }
                }
            }
            Arity::Many | Arity::OptionalMany => {
                while let Some(next) = words.get(i).filter(|w| takes_value(w)) {
                    values.push(next.clone());
                    i += 1;
                }
                if flag.arity == Arity::Many && values.is_empty() {
                    return Err(ScriptError::new(
                        word.pos,
                        ErrorKind::MissingArgument,
                        format!("{name} needs at least one value"),
                    ));
                }
            }
        }
        args.flags.push(GivenFlag {
            spec: flag,
            pos: word.pos,
            values,
        });
    }
    if args.has("--help") {
        return Ok(args);
    }
    let missing: Vec<&FlagSpec> = spec
        .flags
        .iter()
        .filter(|f| f.required && !args.has(f.long()))
        .collect();
    if spec.path.first() == Some(&"az") && !missing.is_empty() {
        // az's own argument parser, word for word (e.g. EN-9.13's --scope).
        let names: Vec<String> = missing.iter().map(|f| f.names.join("/")).collect();
        return Err(ScriptError::new(
            pos,
            ErrorKind::MissingArgument,
            format!("the following arguments are required: {}", names.join(", ")),
        ));
    }
    if let Some(missing) = missing.first() {
        let aliases = if missing.names.len() > 1 {
            format!(" ({})", missing.names[1..].join(", "))
        } else {
            String::new()
        };
        return Err(ScriptError::new(
            pos,
            ErrorKind::MissingArgument,
            format!(
                "'{}' needs {}{aliases}: {}",
                spec.name(),
                missing.long(),
                missing.help
            ),
        ));
    }
    Ok(args)
}

/// A flag by exact name, or (like az's argument parser) by an unambiguous prefix of a long
/// name, so `--out tsv` works as it does in Microsoft's tutorials.
pub fn find_flag(spec: &'static CommandSpec, name: &str) -> Option<&'static FlagSpec> {
    if let Some(exact) = spec.all_flags().find(|f| f.names.contains(&name)) {
        return Some(exact);
    }
    if !name.starts_with("--") || name.len() < 4 {
        return None;
    }
    let mut prefixed = spec.all_flags().filter(|f| {
        f.names
            .iter()
            .any(|n| n.starts_with("--") && n.starts_with(name))
    });
    match (prefixed.next(), prefixed.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Finds the command that `words` start with. On failure, the error names the first word that
/// does not fit and suggests the closest command or group at that level.
pub fn find_command(
    table: &'static [CommandSpec],
    words: &[Expanded],
) -> Result<(&'static CommandSpec, usize), ScriptError> {
    let mut best: Option<(&'static CommandSpec, usize)> = None;
    for spec in table {
        let n = spec.path.len();
        if words.len() >= n
            && spec.path.iter().zip(words).all(|(p, w)| *p == w.text)
            && best.is_none_or(|(_, m)| n > m)
        {
            best = Some((spec, n));
        }
    }
    if let Some(found) = best {
        return Ok(found);
    }
    // Walk as deep as the words go, then suggest among the children at the level that failed.
    let mut depth = 0;
    while depth < words.len()
        && table.iter().any(|s| {
            s.path.len() > depth
                && s.path[..=depth]
                    .iter()
                    .zip(words)
                    .all(|(p, w)| *p == w.text)
        })
    {
        depth += 1;
    }
    let prefix: Vec<&str> = words[..depth].iter().map(|w| w.text.as_str()).collect();
    let mut children: Vec<&str> = table
        .iter()
        .filter(|s| s.path.len() > depth && s.path[..depth] == prefix[..])
        .map(|s| s.path[depth])
        .collect();
    children.dedup();
    let Some(word) = words.get(depth) else {
        let pos = words
            .last()
            .map(|w| w.pos)
            .unwrap_or(Pos { line: 1, col: 1 });
        return Err(ScriptError::new(
            pos,
            ErrorKind::UnknownCommand,
            format!(
                "'{}' is a command group, not a command; choose one of: {}",
                prefix.join(" "),
                children.join(", ")
            ),
        ));
    };
    if depth == 0 {
        return Err(ScriptError::new(
            word.pos,
            ErrorKind::UnknownCommand,
            format!(
                "unknown command '{}': statements start with az, mip, echo or NAME=value",
                word.text
            ),
        ));
    }
    let hint = closest(&word.text, children.iter().copied())
        .map(|s| format!("; did you mean '{s}'?"))
        .unwrap_or_default();
    let group = prefix.join(" ");
    let message = if word.text.starts_with('-') {
        format!(
            "'{group}' is a command group; name a command before {} (one of: {})",
            word.text,
            children.join(", ")
        )
    } else {
        format!("'{}' is not a command in '{group}'{hint}", word.text)
    };
    Err(ScriptError::new(
        word.pos,
        ErrorKind::UnknownCommand,
        message,
    ))
}
