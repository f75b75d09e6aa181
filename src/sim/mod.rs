//! The simulation core: a deterministic model of Azure managed identities and RBAC.
//!
//! Codemap:
//! - [`world`]: the state and its only mutators, which enforce the lifecycle rules (MI-*);
//! - [`resource`], [`directory`], [`rbac`], [`scope`]: the domain types;
//! - [`entra`]: users, security groups, app registrations and their secrets (EN-*);
//! - [`storage`], [`vault`]: what storage accounts and key vaults hold on their data planes (DP-*);
//! - [`account`]: who is signed in on which machine, the caller of every command (SI-*);
//! - [`evaluate`]: access decisions with reasons and traces (RB-*);
//! - [`token`]: identity selection and token claims (TK-*);
//! - [`event`]: what happened, for the UI's animations and the logs (LG-*);
//! - [`builtin_roles`], [`operations`]: Azure's published data;
//! - [`script`]: the shell-subset language, the `az` and `mip` commands, and the session that
//!   replays a script;
//! - [`output`]: `--query` and `-o json|tsv|table`;
//! - [`suggest`], [`case`]: "did you mean" suggestions and case mapping for text people type;
//! - [`sort`]: the crate's one stable sort.
//!
//! Invariants: nothing here imports a UI crate, reads a clock or draws unseeded randomness, so
//! the same script always gives the same ids, events and output; nothing here panics on input.

pub mod account;
pub mod builtin_roles;
pub mod case;
pub mod directory;
pub mod entra;
pub mod evaluate;
pub mod event;
pub mod ids;
pub mod matrix;
pub mod operations;
pub mod output;
pub mod rbac;
pub mod resource;
pub mod scope;
pub mod script;
pub mod sort;
pub mod storage;
pub mod suggest;
pub mod token;
pub mod vault;
pub mod world;
