//! Placeholder until the full module lands.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // The first three characters, not bytes: slicing `&w[..3]` panicked inside a multi-byte
    // character (`--gé`), found by tests/malformed.rs.
    let prefix: String = word.to_ascii_lowercase().chars().take(3).collect();
    candidates
        .into_iter()
        .find(|c| c.to_ascii_lowercase().starts_with(&prefix))
}
