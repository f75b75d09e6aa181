//! Case mapping for text people write, without Unicode's case tables.
//!
//! Names, ids, flags and operations are ASCII and use `to_ascii_lowercase`; the text people
//! type (a search, a display name, an `--output` value) is at most Latin. `str::to_lowercase`
//! and `char::to_uppercase` would link Unicode's full case-conversion tables (about 11 KB
//! gzipped) into the web module for scripts no one types here, so these map ASCII, Latin-1 and
//! Latin Extended-A exactly as Unicode does, one character for one, and leave every other
//! character as it is (a test checks every character up to U+017F against the standard library).

/// `c` in lower case: ASCII, Latin-1 and Latin Extended-A letters; any other character as it is.
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde => u + 0x20,
        0x100..=0x12e | 0x132..=0x136 | 0x14a..=0x176 if u % 2 == 0 => u + 1,
        0x139..=0x147 | 0x179..=0x17d if u % 2 == 1 => u + 1,
        0x178 => 0xff,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// `c` in upper case: ASCII, Latin-1 and Latin Extended-A letters; any other character (and a
/// letter such as `ß` whose capital is two letters) as it is.
pub fn upper_char(c: char) -> char {
    let u = c as u32;
    let upper = match u {
        0x61..=0x7a | 0xe0..=0xf6 | 0xf8..=0xfe => u - 0x20,
        0x101..=0x12f | 0x133..=0x137 | 0x14b..=0x177 if u % 2 == 1 => u - 1,
        0x13a..=0x148 | 0x17a..=0x17e if u % 2 == 0 => u - 1,
        0xb5 => 0x39c,
        0xff => 0x178,
        0x131 => 0x49,
        0x17f => 0x53,
        _ => u,
    };
    char::from_u32(upper).unwrap_or(c)
}

/// `text` in lower case, character by character (see [`lower_char`]).
pub fn lowercase(text: &str) -> String {
    text.chars().map(lower_char).collect()
}

/// A phrase as a sentence's start: "no role assignment…" → "No role assignment…".
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(upper_char(first)).chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard library's mapping of `c`, when it is one character.
    fn single(mut mapped: impl Iterator<Item = char>) -> Option<char> {
        match (mapped.next(), mapped.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    #[test]
    fn agrees_with_unicode_up_to_latin_extended_a() {
        for c in (0..=0x17f).filter_map(char::from_u32) {
            assert_eq!(
                lower_char(c),
                single(c.to_lowercase()).unwrap_or(c),
                "{c:?}"
            );
            assert_eq!(
                upper_char(c),
                single(c.to_uppercase()).unwrap_or(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn leaves_other_scripts_alone() {
        for c in (0x180..=0x3000).filter_map(char::from_u32) {
            assert_eq!(lower_char(c), c);
            assert_eq!(upper_char(c), c);
        }
    }

    #[test]
    fn strings() {
        assert_eq!(
            lowercase("Storage Blob Data READER"),
            "storage blob data reader"
        );
        assert_eq!(lowercase("ÉTÉ Łódź"), "été łódź");
        assert_eq!(upper_first("no role assignment"), "No role assignment");
        assert_eq!(upper_first("état"), "État");
        assert_eq!(upper_first(""), "");
    }
}
