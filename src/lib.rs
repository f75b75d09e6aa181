//! Managed Identity Playground: learn Azure managed identities and RBAC by doing them.
//!
//! Codemap:
//! - `sim`: the simulation core — the Azure model, the RBAC evaluator, lifecycle rules, events
//!   and the script interpreter. Pure and deterministic; imports no UI or browser crate.
//! - `view`: view models computed from the core (state and reducer, layout, previews, share
//!   links, lessons and the Lessons panel's state). Pure and natively tested.
//! - `ui` (WebAssembly only): Yew components that render view models and send intents.
//!
//! Architecture invariant: the script is the source of truth. The UI never mutates state; it
//! appends statements, and everything it shows is computed from replaying them.

pub mod sim;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod view;
