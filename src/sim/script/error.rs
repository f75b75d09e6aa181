//! Script errors: what went wrong, where, and what to do instead.
//!
//! Every error names a line and column; the kind's code is part of the `mip run --json` interface.

use std::fmt;

use super::lexer::{LexError, Pos};
use crate::sim::world::{ErrorCode, ModelError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    UnknownCommand,
    UnknownFlag,
    MissingArgument,
    InvalidValue,
    NotFound,
    Ambiguous,
    Conflict,
    PrincipalNotFound,
    ExpectationFailed,
    /// SI-8.10: a Graph call that exists only for a signed-in user (`/me`) made by an app.
    DelegatedOnly,
    /// SI-8.7, SI-8.9: no az account is signed in on the machine the statement runs on.
    NotSignedIn,
    /// AU-10.1, AU-10.3, AU-10.6: Azure RBAC refused a management command.
    AuthorizationFailed,
    DataAccessDenied,
    AuthenticationFailed,
    /// SI-8.2, SI-8.4, SI-8.6, SI-8.11: `az login` could not sign in.
    SignInFailed,
    /// `mip on`: the resource the statements run on was deleted.
    HostGone,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 17] = [
        ErrorKind::Syntax,
        ErrorKind::UnknownCommand,
        ErrorKind::UnknownFlag,
        ErrorKind::MissingArgument,
        ErrorKind::InvalidValue,
        ErrorKind::NotFound,
        ErrorKind::Ambiguous,
        ErrorKind::Conflict,
        ErrorKind::PrincipalNotFound,
        ErrorKind::ExpectationFailed,
        ErrorKind::DelegatedOnly,
        ErrorKind::NotSignedIn,
        ErrorKind::AuthorizationFailed,
        ErrorKind::DataAccessDenied,
        ErrorKind::AuthenticationFailed,
        ErrorKind::SignInFailed,
        ErrorKind::HostGone,
    ];

    /// The stable code printed in `--json` output.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::UnknownCommand => "unknown-command",
            ErrorKind::UnknownFlag => "unknown-flag",
            ErrorKind::MissingArgument => "missing-argument",
            ErrorKind::InvalidValue => "invalid-value",
            ErrorKind::NotFound => "not-found",
            ErrorKind::Ambiguous => "ambiguous",
            ErrorKind::Conflict => "conflict",
            ErrorKind::PrincipalNotFound => "principal-not-found",
            ErrorKind::ExpectationFailed => "expectation-failed",
            ErrorKind::DelegatedOnly => "delegated-only",
            ErrorKind::NotSignedIn => "not-signed-in",
            ErrorKind::AuthorizationFailed => "authorization-failed",
            ErrorKind::DataAccessDenied => "data-access-denied",
            ErrorKind::AuthenticationFailed => "authentication-failed",
            ErrorKind::SignInFailed => "sign-in-failed",
            ErrorKind::HostGone => "host-gone",
        }
    }

    /// One line on when the error happens, for the README's reference.
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "the statement is not valid shell (quotes, unsupported operators)",
            ErrorKind::UnknownCommand => "no such az/mip command or command group",
            ErrorKind::UnknownFlag => "the command has no such flag",
            ErrorKind::MissingArgument => "a required flag or value is missing",
            ErrorKind::InvalidValue => {
                "a value is malformed or not allowed (names, GUIDs, scopes, formats)"
            }
            ErrorKind::NotFound => "the resource, group, role or assignment does not exist",
            ErrorKind::Ambiguous => "a name matches several things; use an ARM id",
            ErrorKind::Conflict => "the change clashes with what exists (duplicates, dependants)",
            ErrorKind::PrincipalNotFound => {
                "a role assignment names a principal that does not exist (RB-4.9)"
            }
            ErrorKind::ExpectationFailed => "a `mip expect` assertion did not hold",
            ErrorKind::DelegatedOnly => {
                "the command needs a signed-in user, not a service principal or managed identity (SI-8.10)"
            }
            ErrorKind::NotSignedIn => "no account is signed in where the statement runs (SI-8.7)",
            ErrorKind::AuthorizationFailed => {
                "Azure Resource Manager refused the caller a management operation (AU-10.1)"
            }
            ErrorKind::DataAccessDenied => {
                "a storage account or key vault refused the caller's data request (DP-11.2, DP-11.9, DP-11.10)"
            }
            ErrorKind::AuthenticationFailed => {
                "the storage service did not accept the credential: none, a renewed key, or keys disabled (DP-11.1, DP-11.5, DP-11.6)"
            }
            ErrorKind::SignInFailed => {
                "`az login` could not sign in (wrong secret, no identity, …)"
            }
            ErrorKind::HostGone => "the resource the statements run on (`mip on`) was deleted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub pos: Pos,
    pub kind: ErrorKind,
    pub message: String,
}

impl ScriptError {
    pub fn new(pos: Pos, kind: ErrorKind, message: impl Into<String>) -> ScriptError {
        ScriptError {
            pos,
            kind,
            message: message.into(),
        }
    }

    pub fn from_model(pos: Pos, error: ModelError) -> ScriptError {
        let kind = match error.code {
            ErrorCode::NotFound => ErrorKind::NotFound,
            ErrorCode::Conflict => ErrorKind::Conflict,
            ErrorCode::InvalidValue => ErrorKind::InvalidValue,
            ErrorCode::PrincipalNotFound => ErrorKind::PrincipalNotFound,
            ErrorCode::Ambiguous => ErrorKind::Ambiguous,
        };
        ScriptError::new(pos, kind, error.message)
    }
}

impl From<LexError> for ScriptError {
    fn from(e: LexError) -> ScriptError {
        ScriptError::new(e.pos, ErrorKind::Syntax, e.message)
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.pos.line, self.pos.col, self.message
        )
    }
}
