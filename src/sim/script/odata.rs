//! The OData `$filter` subset that `az ad … list --filter` passes to Microsoft Graph:
//! `prop eq 'value'` and `startswith(prop,'value')`, joined with `and`.
//!
//! Graph compares these string properties case-insensitively. A property the object type can't
//! be filtered on gets Graph's own error, and anything else that isn't one of these forms a
//! message that shows the forms that work.

use super::command::Args;
use super::error::{ErrorKind, ScriptError};
use super::lexer::Pos;
use crate::sim::case::lowercase;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    StartsWith,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Clause {
    property: String,
    op: Op,
    value: String,
}

/// A parsed `--filter`: every clause must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    clauses: Vec<Clause>,
}

impl Filter {
    /// Parses `text` for objects of `resource` (Graph's type name, for errors) whose filterable
    /// properties are `properties`.
    pub fn parse(
        text: &str,
        resource: &str,
        properties: &[&str],
        pos: Pos,
    ) -> Result<Filter, ScriptError> {
        let invalid = || {
            ScriptError::new(
                pos,
                ErrorKind::InvalidValue,
                format!("Invalid filter clause: '{text}'. The playground's Graph understands \"displayName eq 'NAME'\", \"startswith(displayName,'PREFIX')\" and \"appId eq 'GUID'\"-style clauses joined with 'and'."),
            )
        };
        let mut clauses = Vec::new();
        for part in split_and(text) {
            let part = part.trim();
            let clause = if let Some(inner) = part
                .strip_prefix("startswith(")
                .and_then(|r| r.strip_suffix(')'))
            {
                let (property, value) = inner.split_once(',').ok_or_else(invalid)?;
                Clause {
                    property: property.trim().to_string(),
                    op: Op::StartsWith,
                    value: quoted(value.trim()).ok_or_else(invalid)?,
                }
            } else {
                let mut words = part.splitn(3, ' ');
                let (Some(property), Some(op), Some(value)) =
                    (words.next(), words.next(), words.next())
                else {
                    return Err(invalid());
                };
                if !op.eq_ignore_ascii_case("eq") {
                    return Err(invalid());
                }
                Clause {
                    property: property.to_string(),
                    op: Op::Eq,
                    value: quoted(value.trim()).ok_or_else(invalid)?,
                }
            };
            if !properties
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&clause.property))
            {
                return Err(ScriptError::new(
                    pos,
                    ErrorKind::InvalidValue,
                    format!(
                        "Unsupported or invalid query filter clause specified for property '{}' of resource '{resource}'.",
                        clause.property
                    ),
                ));
            }
            clauses.push(clause);
        }
        if clauses.is_empty() {
            return Err(invalid());
        }
        Ok(Filter { clauses })
    }

    /// Whether an object matches; `value_of` gives its value of a property (by the name used
    /// in `properties`, any case).
    pub fn matches<'a>(&self, value_of: impl Fn(&str) -> Option<&'a str>) -> bool {
        self.clauses.iter().all(|c| {
            let Some(actual) = value_of(&c.property) else {
                return false;
            };
            let (actual, wanted) = (lowercase(actual), lowercase(&c.value));
            match c.op {
                Op::Eq => actual == wanted,
                Op::StartsWith => actual.starts_with(&wanted),
            }
        })
    }
}

/// What every `az ad … list` narrows by: `--display-name` as a case-insensitive prefix and
/// `--filter` as OData. Each list adds its own flags (`--upn`, `--app-id`, `--show-mine` …) on
/// top, so Graph's filtering is written once for users, groups, applications and principals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    prefix: Option<String>,
    filter: Option<Filter>,
}

impl ListQuery {
    /// Reads `--filter` (for objects of `resource` filterable on `properties`, see
    /// [`Filter::parse`]) and `--display-name`.
    pub fn from_args(
        args: &Args,
        resource: &str,
        properties: &[&str],
    ) -> Result<ListQuery, ScriptError> {
        let filter = args
            .get("--filter")
            .map(|f| Filter::parse(f, resource, properties, args.pos_of("--filter")))
            .transpose()?;
        let prefix = args.get("--display-name").map(lowercase);
        Ok(ListQuery { prefix, filter })
    }

    /// Whether neither flag narrows the list: az then warns that the list may be incomplete.
    pub fn narrows_nothing(&self) -> bool {
        self.prefix.is_none() && self.filter.is_none()
    }

    /// Whether the object named `display_name`, whose filterable properties have `values`
    /// (by the names given to [`ListQuery::from_args`]), is listed.
    pub fn keeps(&self, display_name: &str, values: &[(&str, &str)]) -> bool {
        self.prefix
            .as_ref()
            .is_none_or(|p| lowercase(display_name).starts_with(p))
            && self.filter.as_ref().is_none_or(|f| {
                f.matches(|property| {
                    values
                        .iter()
                        .find(|(name, _)| name.eq_ignore_ascii_case(property))
                        .map(|(_, value)| *value)
                })
            })
    }
}

/// Splits on ` and ` outside single quotes.
fn split_and(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let lower = text.to_ascii_lowercase().into_bytes();
    let mut i = 0;
    while i < lower.len() {
        if lower[i] == b'\'' {
            quoted = !quoted;
        } else if !quoted && lower[i..].starts_with(b" and ") {
            // ' and ' is ASCII, so both ends are character boundaries.
            parts.extend(text.get(start..i));
            start = i + 5;
            i += 5;
            continue;
        }
        i += 1;
    }
    parts.extend(text.get(start..));
    parts
}

/// `'value'` → `value`, with OData's doubled quote `''` standing for one.
fn quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POS: Pos = Pos { line: 1, col: 1 };

    #[test]
    fn eq_startswith_and_and() {
        let f = Filter::parse(
            "startswith(displayName,'web') and appId eq 'ABC'",
            "servicePrincipal",
            &["displayName", "appId"],
            POS,
        )
        .unwrap();
        let app = |p: &str| match p {
            "displayName" => Some("WebApp1"),
            "appId" => Some("abc"),
            _ => None,
        };
        assert!(f.matches(|p| app(p)));
        let f = Filter::parse("displayName eq 'it''s'", "user", &["displayName"], POS).unwrap();
        assert!(f.matches(|_| Some("It's")));
        assert!(!f.matches(|_| Some("its")));
    }

    #[test]
    fn unknown_properties_and_forms_are_refused() {
        let e = Filter::parse("jobTitle eq 'x'", "user", &["displayName"], POS).unwrap_err();
        assert!(e.message.contains("property 'jobTitle' of resource 'user'"));
        assert!(Filter::parse("displayName ne 'x'", "user", &["displayName"], POS).is_err());
        assert!(Filter::parse("displayName eq x", "user", &["displayName"], POS).is_err());
    }
}
