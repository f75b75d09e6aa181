//! Share links: the whole script travels in the URL fragment as `#s=<data>`, where `<data>` is
//! the script's UTF-8 bytes, raw-deflated and written in base64url without padding.
//!
//! The fragment never reaches a server, so sharing needs none (style habit 11: the URL is the
//! share API). Invariants: `decode(&encode(s)) == Ok(Some(s))` for every string; `decode` never
//! panics and never unpacks more than [`MAX_SCRIPT_BYTES`], whatever a link holds, because links
//! come from strangers; every failure is a [`ShareError`] whose message tells the learner what
//! is wrong with the link.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use miniz_oxide::inflate::TINFLStatus;

/// The largest script a link may unpack to: far above any real scenario, small enough that a
/// crafted link (a "zip bomb") cannot exhaust the tab's memory.
pub const MAX_SCRIPT_BYTES: usize = 1 << 20;

/// The fragment key that holds the script.
const KEY: &str = "s=";

/// Deflate level 9: links are made once and opened often, so the smallest output wins.
const LEVEL: u8 = 9;

/// Why a share link could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareError {
    /// The data has characters outside base64url, or a length no encoder produces.
    NotBase64,
    /// The bytes are not a deflate stream (cut short or altered).
    NotDeflate,
    /// The unpacked bytes are not UTF-8.
    NotUtf8,
    /// The unpacked script would exceed [`MAX_SCRIPT_BYTES`].
    TooLarge,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ShareError::NotBase64 => "This share link is damaged: it is not valid base64url text. Copy the whole link again; part of it may have been cut off or changed.",
            ShareError::NotDeflate => "This share link is damaged: its script could not be decompressed. Copy the whole link again; part of it may have been cut off.",
            ShareError::NotUtf8 => "This share link is damaged: its script is not UTF-8 text. Copy the whole link again.",
            ShareError::TooLarge => "This share link cannot be opened: its script is larger than 1 MB once unpacked, more than the playground accepts.",
        })
    }
}

impl std::error::Error for ShareError {}

/// The fragment body for a script, `s=<data>`, without the leading `#`.
pub fn encode(script: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(script.as_bytes(), LEVEL);
    format!("{KEY}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The script in a fragment (with or without its leading `#`); `Ok(None)` when the fragment
/// holds no `s=` entry, so other fragment uses pass through untouched.
///
/// Trailing `=` padding is tolerated: some tools add it when they re-encode a link.
pub fn decode(fragment: &str) -> Result<Option<String>, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(data) = fragment
        .split('&')
        .find_map(|entry| entry.strip_prefix(KEY))
    else {
        return Ok(None);
    };
    let packed = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|_| ShareError::NotBase64)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_SCRIPT_BYTES)
        .map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::NotDeflate,
        })?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| ShareError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn pack(bytes: &[u8]) -> String {
        format!(
            "s={}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 6))
        )
    }

    #[test]
    fn a_script_round_trips_through_a_fragment() {
        let script =
            "az group create -n rg -l eastus\naz vm create -g rg -n vm1 --assign-identity\n";
        let fragment = encode(script);
        assert!(fragment.starts_with("s="));
        assert!(fragment[2..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&fragment), Ok(Some(script.to_string())));
        assert_eq!(
            decode(&format!("#{fragment}")),
            Ok(Some(script.to_string()))
        );
        assert_eq!(
            decode(&format!("#lesson=2&{fragment}")),
            Ok(Some(script.to_string()))
        );
        assert_eq!(
            decode(&format!("{fragment}==")),
            Ok(Some(script.to_string()))
        );
    }

    #[test]
    fn fragments_without_a_script_are_not_errors() {
        for fragment in ["", "#", "#lesson=2", "x=1&y=2", "#S=abc"] {
            assert_eq!(decode(fragment), Ok(None), "{fragment}");
        }
    }

    #[test]
    fn each_kind_of_damage_has_its_own_message() {
        assert_eq!(decode("#s=not*base64!"), Err(ShareError::NotBase64));
        assert_eq!(decode("#s=A"), Err(ShareError::NotBase64));
        assert_eq!(decode("#s="), Err(ShareError::NotDeflate));
        assert_eq!(decode("#s=_____w"), Err(ShareError::NotDeflate));
        let cut = encode(&"az group create -n rg -l eastus\n".repeat(20));
        assert_eq!(decode(&cut[..cut.len() / 2]), Err(ShareError::NotDeflate));
        assert_eq!(decode(&pack(&[0xff, 0xfe, 0x00])), Err(ShareError::NotUtf8));
        let bomb = pack(&vec![b'a'; MAX_SCRIPT_BYTES + 1]);
        assert!(
            bomb.len() < 3000,
            "a tiny link unpacks to more than the cap"
        );
        assert_eq!(decode(&bomb), Err(ShareError::TooLarge));
        assert_eq!(
            decode(&pack(&vec![b'a'; MAX_SCRIPT_BYTES])).map(|s| s.map(|s| s.len())),
            Ok(Some(MAX_SCRIPT_BYTES))
        );
        let messages: Vec<String> = [
            ShareError::NotBase64,
            ShareError::NotDeflate,
            ShareError::NotUtf8,
            ShareError::TooLarge,
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        expect_test::expect![[r#"
            This share link is damaged: it is not valid base64url text. Copy the whole link again; part of it may have been cut off or changed.
            This share link is damaged: its script could not be decompressed. Copy the whole link again; part of it may have been cut off.
            This share link is damaged: its script is not UTF-8 text. Copy the whole link again.
            This share link cannot be opened: its script is larger than 1 MB once unpacked, more than the playground accepts."#]].assert_eq(&messages.join("\n"));
    }

    proptest! {
        #[test]
        fn any_string_round_trips(script in any::<String>()) {
            prop_assert_eq!(decode(&encode(&script)), Ok(Some(script)));
        }

        #[test]
        fn unicode_scripts_round_trip(script in "\\PC{0,200}") {
            prop_assert_eq!(decode(&format!("#{}", encode(&script))), Ok(Some(script)));
        }

        #[test]
        fn arbitrary_fragments_never_panic(fragment in any::<String>()) {
            let _ = decode(&fragment);
            let _ = decode(&format!("#s={fragment}"));
        }

        #[test]
        fn arbitrary_base64_payloads_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode(&format!("s={}", URL_SAFE_NO_PAD.encode(&bytes)));
            let _ = decode(&pack(&bytes));
        }
    }
}
