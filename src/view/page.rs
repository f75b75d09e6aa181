//! Which page an address asks for, and which HTML file serves it. Each page is its own build
//! (`index.html`, `embed.html`, `present.html`, `compare.html`), so a visitor downloads only the
//! page it opens; the query keeps its meaning from the days of one page for all:
//! `index.html?present=03-user-assigned&slide=4` still asks for the presenter, and
//! `static/boot.js` sends such a visit on to the file that serves it. Pure, so the choice is
//! tested natively.
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

    /// The HTML file that serves the page. The notes window shares the presenter's build: the
    /// two talk over a `BroadcastChannel` and show the same slides. Must match the file names
    /// in `static/boot.js` and the Makefile's `PAGES`.
    pub fn file(self) -> &'static str {
        match self {
            Page::Playground => "index.html",
            Page::Embed => "embed.html",
            Page::Compare => "compare.html",
            Page::Present | Page::Notes => "present.html",
        }
    }

    /// A link to the page with `query` (with or without its leading `?`; empty for none),
    /// relative to the site's directory (every page has `<base href="./">`). The playground is
    /// the directory itself (`./`), the address people bookmark and share.
    pub fn href(self, query: &str) -> String {
        let file = match self {
            Page::Playground => "./",
            page => page.file(),
        };
        match query.strip_prefix('?').unwrap_or(query) {
            "" => file.to_string(),
            query => format!("{file}?{query}"),
        }
    }

    /// The page's address beside `url`, the full address of any page of the same site: the
    /// last path segment (a file name, or nothing after a final `/`) becomes the page's file,
    /// and the query and fragment are dropped. The playground stays the bare directory.
    pub fn beside(self, url: &str) -> String {
        let url = url.split(['?', '#']).next().unwrap_or_default();
        let directory = match url.rfind('/') {
            Some(slash) => &url[..=slash],
            None => "",
        };
        match self {
            Page::Playground => directory.to_string(),
            page => format!("{directory}{}", page.file()),
        }
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

    #[test]
    fn each_page_has_its_file_and_the_notes_share_the_presenters() {
        assert_eq!(Page::Playground.file(), "index.html");
        assert_eq!(Page::Embed.file(), "embed.html");
        assert_eq!(Page::Compare.file(), "compare.html");
        assert_eq!(Page::Present.file(), "present.html");
        assert_eq!(Page::Notes.file(), Page::Present.file());
    }

    #[test]
    fn links_name_the_file_and_keep_the_query() {
        assert_eq!(Page::Playground.href(""), "./");
        assert_eq!(Page::Playground.href("?"), "./");
        assert_eq!(Page::Compare.href("?compare"), "compare.html?compare");
        assert_eq!(
            Page::Present.href("present=03-user-assigned&slide=4"),
            "present.html?present=03-user-assigned&slide=4"
        );
        assert_eq!(Page::Notes.href("?notes"), "present.html?notes");
        // What the link asks for is what the page it opens reads.
        for page in [Page::Embed, Page::Compare, Page::Present, Page::Notes] {
            let query = match page {
                Page::Embed => "?embed&lesson=2",
                Page::Compare => "?compare=1&step=2",
                Page::Present => "?present=2&slide=1",
                _ => "?notes",
            };
            let href = page.href(query);
            let (file, asked) = href.split_once('?').unwrap();
            assert_eq!(file, page.file());
            assert_eq!(Page::from_query(asked), page);
        }
    }

    #[test]
    fn a_page_beside_another_replaces_the_file_name() {
        let site = "https://example.org/docs/playground/";
        assert_eq!(
            Page::Embed.beside("https://example.org/docs/playground/?x=1#s=old"),
            "https://example.org/docs/playground/embed.html"
        );
        assert_eq!(
            Page::Embed.beside("https://example.org/docs/playground/index.html"),
            "https://example.org/docs/playground/embed.html"
        );
        assert_eq!(
            Page::Playground.beside("/docs/playground/embed.html"),
            "/docs/playground/"
        );
        assert_eq!(Page::Playground.beside(site), site);
        assert_eq!(Page::Present.beside("embed.html"), "present.html");
    }
}
