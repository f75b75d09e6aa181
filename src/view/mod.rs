//! View models: everything the UI shows or sends that can be computed without a browser — the
//! playground state and its reducer, diagram layout, the az commands behind buttons, deletion
//! previews, share links, saved sessions and embed addresses. Pure and natively tested; `ui` only
//! renders these.

pub mod caller;
pub mod check;
pub mod commands;
pub mod compare;
pub mod complete;
pub mod describe;
pub mod diagram;
pub mod document;
pub mod embed;
pub mod entra;
pub mod lesson;
pub mod lesson_files;
pub mod matrix;
pub mod motion;
pub mod page;
pub mod playback;
pub mod present;
pub mod preview;
pub mod saved;
pub mod share;
pub mod state;
pub mod text;
pub mod tutor;
pub mod viewport;

#[cfg(test)]
mod testing;
