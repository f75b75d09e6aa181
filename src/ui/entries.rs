//! Reuses the rendered entries of long lists (the console and the timeline) between renders.
//!
//! Every statement re-renders both lists, and with hundreds of statements building every entry
//! again (formatting az output, describing events) is most of the cost. An entry is rebuilt only
//! when its key changes. Keys chain over the records before it, because a record's output is a
//! function of the script up to it: the same text at the same line after a different prefix is a
//! different entry.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use yew::Html;

use crate::sim::script::session::Record;

/// Built entries by position, each with the key it was built for.
#[derive(Default)]
pub struct EntryCache(Vec<(u64, Html)>);

impl EntryCache {
    /// The entry at `index` for `key`: the cached one if the key matches, else `build()`.
    pub fn entry(&mut self, index: usize, key: u64, build: impl FnOnce() -> Html) -> Html {
        match self.0.get(index) {
            Some((cached, html)) if *cached == key => html.clone(),
            _ => {
                let html = build();
                if index < self.0.len() {
                    self.0[index] = (key, html.clone());
                } else {
                    self.0.push((key, html.clone()));
                }
                html
            }
        }
    }

    /// Forgets entries past `len` (after an undo).
    pub fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }
}

/// The key of a record given the key of the one before it.
pub fn chain(previous: u64, record: &Record) -> u64 {
    let mut hasher = DefaultHasher::new();
    previous.hash(&mut hasher);
    record.line.hash(&mut hasher);
    record.end_line.hash(&mut hasher);
    record.text.hash(&mut hasher);
    // Leading blanks move an error's column without changing the statement's text.
    record.error.as_ref().map(|e| e.pos).hash(&mut hasher);
    hasher.finish()
}

/// A key with per-entry flags (selection, newest error) mixed in.
pub fn with_flags(key: u64, flags: &[bool]) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    flags.hash(&mut hasher);
    hasher.finish()
}
