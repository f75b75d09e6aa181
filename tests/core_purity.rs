//! Keeps the simulation core pure: nothing under `src/sim/` may reach for the
//! browser, a random number generator or the clock.
//!
//! The core must run the same way in `cargo test`, in the native CLI and in the
//! browser, and replay the same events from the same inputs. So it names none
//! of `yew`, `web_sys`, `js_sys`, `gloo`, `wasm_bindgen` or `rand`, and never
//! asks for the time (`SystemTime`, `Instant::now`). Ids come from seeded
//! counters and time, if needed, comes in as data.
//!
//! The check reads source text rather than compiling anything, so it flags:
//! a forbidden crate as a path segment (`yew::`, `::gloo::…`), a forbidden
//! crate anywhere inside a `use` or `extern crate` statement (also
//! `use {yew, …};` spread over several lines), `#[wasm_bindgen]` attributes,
//! and the clock calls. Comments and string literals are ignored, so docs may
//! say "imports no yew".

use std::fs;
use std::path::{Path, PathBuf};

/// Crates the core must not use.
const FORBIDDEN_CRATES: &[&str] = &["yew", "web_sys", "js_sys", "gloo", "wasm_bindgen", "rand"];

/// Clock access, matched as whole identifiers or paths anywhere in code.
const FORBIDDEN_CLOCK: &[&str] = &["SystemTime", "Instant::now"];

#[test]
fn simulation_core_imports_no_browser_randomness_or_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sim = root.join("src/sim");
    let files = rust_files(&sim);
    assert!(
        !files.is_empty(),
        "found no .rs files under {}: the purity check would pass vacuously",
        sim.display()
    );

    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let shown = file.strip_prefix(root).unwrap_or(file);
        for finding in findings(&text) {
            problems.push(format!(
                "{}:{}: `{}` — {}",
                shown.display(),
                finding.line,
                finding.what,
                finding.source.trim()
            ));
        }
    }

    assert!(
        problems.is_empty(),
        "the simulation core must not use the browser, randomness or the clock \
         (take ids from a seeded counter and time as data instead):\n{}",
        problems.join("\n")
    );
}

/// The detector itself, checked on small samples so that a pass above means
/// something.
#[test]
fn detector_flags_forbidden_uses_and_ignores_comments() {
    let flagged =
        |src: &str| -> Vec<String> { findings(src).into_iter().map(|f| f.what).collect() };

    assert_eq!(flagged("use yew::prelude::*;"), ["yew"]);
    assert_eq!(flagged("pub(crate) use web_sys::Window;"), ["web_sys"]);
    assert_eq!(
        flagged("let x = ::gloo::timers::Timeout::new(1, f);"),
        ["gloo"]
    );
    assert_eq!(flagged("#[wasm_bindgen]\npub fn f() {}"), ["wasm_bindgen"]);
    assert_eq!(flagged("let n: u8 = rand::random();"), ["rand"]);
    assert_eq!(flagged("use {\n    std::fmt,\n    yew,\n};"), ["yew"]);
    assert_eq!(flagged("extern crate js_sys;"), ["js_sys"]);
    assert_eq!(flagged("use std::time::SystemTime;"), ["SystemTime"]);
    assert_eq!(
        flagged("let t = std::time::Instant::now();"),
        ["Instant::now"]
    );

    // Comments, strings and look-alike names are fine.
    assert!(flagged("//! This module imports no yew, gloo or rand::random.").is_empty());
    assert!(flagged("let a = 1; // uses yew::Html later").is_empty());
    assert!(flagged("/* SystemTime\n   Instant::now() */ let b = 2;").is_empty());
    assert!(flagged(r#"let msg = "rand::thread_rng is not allowed";"#).is_empty());
    assert!(flagged("let s = \"first line\n  yew::Html on the next\";").is_empty());
    assert!(flagged(r"let q = '\''; let c = '/'; // gloo::x").is_empty());
    assert!(flagged("let operand = brand::id(); let yewtree = 3;").is_empty());
    assert!(flagged("use crate::sim::random_seed::Seed;").is_empty());
}

/// One forbidden mention: which rule it broke and where.
struct Finding {
    line: usize,
    what: String,
    source: String,
}

/// Every forbidden mention in a Rust source text, in line order.
fn findings(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut lexer = Lexer::default();
    let mut in_use = false;
    for (index, raw) in text.lines().enumerate() {
        let code = lexer.code_of(raw);
        let trimmed = code.trim_start();
        if starts_use(trimmed) {
            in_use = true;
        }
        let mut hits: Vec<String> = Vec::new();
        for name in FORBIDDEN_CRATES {
            let as_path = format!("{name}::");
            let attribute = *name == "wasm_bindgen" && code.contains("#[wasm_bindgen");
            if has_word(&code, &as_path) || (in_use && has_word(&code, name)) || attribute {
                hits.push((*name).to_string());
            }
        }
        for name in FORBIDDEN_CLOCK {
            if has_word(&code, name) {
                hits.push((*name).to_string());
            }
        }
        for what in hits {
            out.push(Finding {
                line: index + 1,
                what,
                source: raw.to_string(),
            });
        }
        if in_use && code.contains(';') {
            in_use = false;
        }
    }
    out
}

/// Whether a line of code opens a `use` or `extern crate` item.
fn starts_use(trimmed: &str) -> bool {
    let rest = trimmed
        .strip_prefix("pub")
        .map(|r| {
            // `pub`, `pub(crate)`, `pub(super)`, `pub(in path)`.
            let r = r.trim_start();
            match r.strip_prefix('(') {
                Some(inner) => inner.split_once(')').map_or("", |(_, after)| after),
                None => r,
            }
        })
        .unwrap_or(trimmed)
        .trim_start();
    rest.starts_with("use ")
        || rest.starts_with("use{")
        || rest.starts_with("use::")
        || rest.starts_with("extern crate ")
}

/// Whether `needle` occurs in `code` not glued to an identifier character on
/// its left, nor (when it ends in an identifier character) on its right.
fn has_word(code: &str, needle: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(pos) = code[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let left_ok = code[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_ident(c));
        let right_ok =
            !needle.ends_with(is_ident) || code[end..].chars().next().is_none_or(|c| !is_ident(c));
        if left_ok && right_ok {
            return true;
        }
        from = start + needle.len().max(1);
    }
    false
}

/// What carries over from one line to the next: an open `/* … */` comment or
/// an open string literal.
#[derive(Default)]
struct Lexer {
    in_block_comment: bool,
    in_string: bool,
}

impl Lexer {
    /// The code on one line with comments and the contents of string and char
    /// literals blanked out. Raw strings are treated as ordinary strings, which
    /// is close enough for this check.
    fn code_of(&mut self, line: &str) -> String {
        let chars: Vec<char> = line.chars().collect();
        let mut out = String::with_capacity(line.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if self.in_block_comment {
                if c == '*' && next == Some('/') {
                    self.in_block_comment = false;
                    i += 2;
                } else {
                    i += 1;
                }
                out.push(' ');
                continue;
            }
            if self.in_string {
                match c {
                    '\\' => i += 2,
                    '"' => {
                        self.in_string = false;
                        out.push('"');
                        i += 1;
                    }
                    _ => i += 1,
                }
                continue;
            }
            match (c, next) {
                ('/', Some('/')) => break,
                ('/', Some('*')) => {
                    self.in_block_comment = true;
                    i += 2;
                    out.push(' ');
                }
                ('"', _) => {
                    self.in_string = true;
                    out.push('"');
                    i += 1;
                }
                // A char literal such as 'x' or '\n' (but not a lifetime like 'a).
                ('\'', _) if is_char_literal(&chars[i..]) => {
                    out.push_str("' '");
                    i += char_literal_len(&chars[i..]);
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }
}

fn is_char_literal(rest: &[char]) -> bool {
    matches!(rest, ['\'', '\\', ..] | ['\'', _, '\'', ..])
}

fn char_literal_len(rest: &[char]) -> usize {
    // The closing quote comes after the opening one and the first character
    // (two characters for an escape such as '\'').
    let first_possible_close = if rest.get(1) == Some(&'\\') { 3 } else { 2 };
    rest.iter()
        .enumerate()
        .skip(first_possible_close)
        .find(|(_, c)| **c == '\'')
        .map_or(rest.len(), |(i, _)| i + 1)
}

/// All `.rs` files under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = fs::read_dir(&current)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", current.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", current.display()))
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
