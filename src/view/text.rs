//! Small text helpers for the sentences the views write.

pub use crate::sim::case::upper_first;
use crate::sim::case::{lower_char, upper_char};

/// A name inside a sentence: "Read blobs" → "read blobs"; an acronym such as "VM" or "SQL"
/// stays as it is.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if upper_char(second) != second => [lower_char(first), second]
            .into_iter()
            .chain(chars)
            .collect(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_letters() {
        assert_eq!(upper_first("no role assignment"), "No role assignment");
        assert_eq!(upper_first(""), "");
        assert_eq!(lower_first("Read blobs"), "read blobs");
        assert_eq!(lower_first("VM sizes"), "VM sizes");
        assert_eq!(lower_first("A"), "A");
        assert_eq!(lower_first(""), "");
    }
}
