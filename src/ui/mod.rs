//! The browser UI (WebAssembly only): Yew components that render the view models of `view` and
//! send [`Intent`](crate::view::state::Intent)s.
//!
//! Codemap:
//! - [`root`]: the root component of each page's build (one HTML file and module per page);
//! - [`embed`]: the widget `embed.html?embed&…` shows in a documentation page's iframe;
//! - [`compare`]: compare mode (`compare.html?compare`), a storyline in two panes side by side;
//! - [`present`] and [`notes`]: workshop mode (`present.html?present`), a lesson as slides, and
//!   the speaker-notes window (`present.html?notes`) that follows it over [`channel`];
//! - [`playing`]: the playback of the last change, as a hook for every page that animates;
//! - [`lesson_files`]: the lessons, fetched when the playground first needs them;
//! - [`keys`]: the stepping keys (arrows, Page Up/Down, Home, End) of the pages that step;
//! - [`app`]: the playground's page. It owns the one [`Playground`](crate::view::state::Playground)
//!   reducer and the UI-only state (selection, open dialog, the moment viewed in the timeline,
//!   messages), restores and autosaves the script, and reads share links;
//! - [`components`]: one component per file, data in through props, intents out through
//!   callbacks;
//! - [`browser`]: the few browser APIs the UI needs (storage, URL, clipboard, files), each
//!   returning a `Result` instead of throwing;
//! - [`panic`]: the panic hook that replaces a dead app with a message and the learner's script;
//! - `icons`: the resource kind icons shared by the diagram and the palette.
//!
//! Invariants: components never change the world; every action becomes az command text appended
//! to the script. Text from the learner or the world is always rendered as text, never as HTML,
//! and nothing sets a `style` attribute (the Content-Security-Policy forbids inline styles).

pub mod app;
pub mod browser;
pub mod channel;
pub mod compare;
pub mod components;
pub mod embed;
pub mod entries;
pub mod icons;
pub mod keys;
pub mod lesson_files;
pub mod notes;
pub mod panic;
pub mod playing;
pub mod present;
pub mod root;
pub mod shared;
pub mod words;

pub use app::App;
pub use root::{ComparePage, EmbedPage, PlaygroundPage, PresentPage};
