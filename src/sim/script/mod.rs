//! The script language: a shell subset ([`lexer`]) running `az` and `mip` commands from one
//! table ([`table`]) against the world, statement by statement ([`session`]).

pub mod arm_access;
pub mod arm_json;
pub mod authorize;
pub mod az_account;
pub mod az_general;
pub mod az_resources;
pub mod az_role;
pub mod command;
pub mod error;
pub mod host;
pub mod human;
pub mod lexer;
pub mod mip;
pub mod resolve;
pub mod session;
pub mod table;
pub mod time;
