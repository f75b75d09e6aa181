//! Placeholder until the full module lands.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    candidates.into_iter().find(|c| { let c = c.to_ascii_lowercase(); c.starts_with(&w[..w.len().min(3)]) })
}
