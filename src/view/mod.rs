//! View models: everything the UI shows or sends that can be computed without a browser — the
//! playground state and its reducer, diagram layout, the az commands behind buttons, deletion
//! previews, share links and saved sessions. Pure and natively tested; `ui` only renders these.

pub mod commands;
pub mod complete;
pub mod describe;
pub mod diagram;
pub mod preview;
pub mod saved;
pub mod share;
pub mod state;
