//! One component per file; data in through props, intents out through callbacks.
//!
//! Dialogs ([`add_dialog`], [`grant_dialog`], [`delete_dialog`]) share the [`modal`] shell;
//! everything else is a panel of the page (see `ui::app` for the layout).
//! The "Can it?" panel ([`can_it`]) keeps its form ([`check_form`]) and its rendered answer
//! ([`check_stages`]) in files of their own.

pub mod add_dialog;
pub mod can_it;
pub mod check_form;
pub mod check_stages;
pub mod compare_pane;
pub mod compare_table;
pub mod console;
pub mod console_input;
pub mod delete_dialog;
pub mod diagram;
pub mod embed_dialog;
pub mod entra;
pub mod grant_dialog;
pub mod inspector;
pub mod lesson_panel;
pub mod lesson_picker;
pub mod matrix_view;
pub mod messages;
pub mod modal;
pub mod page_links;
pub mod palette;
pub mod playback;
pub mod share_box;
pub mod tabs;
pub mod timeline;
pub mod toolbar;
