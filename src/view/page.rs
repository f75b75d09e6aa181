//! Which page an address asks for: the playground, the embed widget (`?embed…`, see
//! `view::embed`), and the pages added beside them. Pure, so the choice is tested natively.
//!
//! Invariant: the first key of the query that names a page wins; an address without one, or with
//! only unknown keys, is the playground, so an old or mistyped link still opens something useful.

use crate::view::embed::pairs;

/// A page of the app, as chosen by the query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Playground,
    Embed,
    /// Compare mode: a storyline in two panes, system- and user-assigned (`view::compare`).
    Compare,
    /// Workshop mode: a lesson presented in large type (`view::present`).
    Present,
    /// The presenter's speaker-notes window.
    Notes,
}

impl Page {
    /// The page a query (with or without its leading `?`) asks for.
    pub fn from_query(query: &str) -> Page {
        pairs(query)
            .find_map(|(key, _)| match key {
                "embed" => Some(Page::Embed),
                "compare" => Some(Page::Compare),
                "present" => Some(Page::Present),
                "notes" => Some(Page::Notes),
                _ => None,
            })
            .unwrap_or(Page::Playground)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_chooses_the_page() {
        assert_eq!(Page::from_query(""), Page::Playground);
        assert_eq!(Page::from_query("?utm=x"), Page::Playground);
        assert_eq!(Page::from_query("?embed&lesson=02"), Page::Embed);
        assert_eq!(Page::from_query("lesson=02&embed"), Page::Embed);
        assert_eq!(Page::from_query("?compare"), Page::Compare);
        assert_eq!(
            Page::from_query("?compare=01-a-vm-and-its-storage&step=3"),
            Page::Compare
        );
        assert_eq!(Page::from_query("?present"), Page::Present);
        assert_eq!(
            Page::from_query("?present=03-user-assigned&slide=2"),
            Page::Present
        );
        assert_eq!(Page::from_query("?notes"), Page::Notes);
    }
}
