//! Managed Identity Playground.
pub mod sim;
