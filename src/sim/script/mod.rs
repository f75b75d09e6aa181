//! The script language: a shell subset ([`lexer`]) running `az` and `mip` commands from one
//! table ([`table`]) against the world, statement by statement ([`session`]).

pub mod arm_access;
pub mod arm_json;
pub mod assignee;
pub mod authorize;
pub mod az_account;
pub mod az_ad_app;
pub mod az_ad_group;
pub mod az_ad_sp;
pub mod az_ad_user;
pub mod az_general;
pub mod az_keyvault;
pub mod az_keyvault_secret;
pub mod az_resources;
pub mod az_role;
pub mod az_storage_data;
pub mod az_storage_keys;
pub mod command;
pub mod data_auth;
pub mod error;
pub mod graph_json;
pub mod host;
pub mod human;
pub mod lexer;
pub mod mip;
pub mod odata;
pub mod quote;
pub mod resolve;
pub mod session;
pub mod table;
pub mod time;
