//! Deterministic identifiers: GUIDs drawn from a seeded generator.
//!
//! Invariant: nothing in the core reads the clock or an unseeded random source, so the same
//! script always yields the same tenant, principal, client and assignment ids.

use std::fmt;

/// A GUID as Azure prints it: lower-case, hyphenated, version-4 shaped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Guid(u128);

impl Guid {
    /// The all-zero GUID Azure uses for "Everyone" in deny assignments.
    pub const NIL: Guid = Guid(0);

    /// A well-known GUID written as a number, e.g. a Microsoft application's client id.
    pub const fn from_u128(value: u128) -> Guid {
        Guid(value)
    }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any case); `None` for anything else.
    pub fn parse(text: &str) -> Option<Guid> {
        let groups: Vec<&str> = text.split('-').collect();
        let lengths = [8, 4, 4, 4, 12];
        if groups.len() != 5 || groups.iter().zip(lengths).any(|(g, n)| g.len() != n) {
            return None;
        }
        let hex: String = groups.concat();
        u128::from_str_radix(&hex, 16).ok().map(Guid)
    }
}

impl fmt::Display for Guid {
    /// Writes the 36 characters directly: ids are printed thousands of times per replay, and
    /// padded hex formatting is several times slower.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [b'-'; 36];
        let mut nibble = 0;
        for (i, slot) in out.iter_mut().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                continue;
            }
            *slot = HEX[((self.0 >> (124 - 4 * nibble)) & 0xf) as usize];
            nibble += 1;
        }
        // Only ASCII hex digits and hyphens were written.
        f.write_str(std::str::from_utf8(&out).map_err(|_| fmt::Error)?)
    }
}

/// SplitMix64: tiny, fast and good enough to make ids that look random but replay exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdGen {
    state: u64,
}

impl IdGen {
    pub fn new(seed: u64) -> IdGen {
        IdGen { state: seed }
    }

    /// The next 64 random-looking bits (also used to derive key material from a hashed seed).
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A new version-4-shaped GUID.
    pub fn guid(&mut self) -> Guid {
        let raw = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        // Version nibble 4 and variant bits 10xx, as random GUIDs in Azure have.
        let versioned = (raw & !(0xf << 76)) | (0x4 << 76);
        Guid((versioned & !(0x3 << 62)) | (0x2 << 62))
    }
}

/// A stable 64-bit hash (FNV-1a) of a text, for values derived from names instead of drawn from
/// the generator: drawing would shift every id a script makes afterwards.
pub(crate) fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_round_trip_and_are_version_4() {
        let mut ids = IdGen::new(7);
        for _ in 0..100 {
            let g = ids.guid();
            let text = g.to_string();
            assert_eq!(text.len(), 36);
            assert_eq!(&text[14..15], "4");
            assert!(matches!(&text[19..20], "8" | "9" | "a" | "b"));
            assert_eq!(Guid::parse(&text), Some(g));
            assert_eq!(Guid::parse(&text.to_uppercase()), Some(g));
        }
    }

    #[test]
    fn prints_like_azure() {
        let g = Guid::parse("8E3AF657-A8FF-443C-A75C-2FE8C4BCB635").unwrap();
        assert_eq!(g.to_string(), "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
        assert_eq!(
            Guid::NIL.to_string(),
            "00000000-0000-0000-0000-000000000000"
        );
    }

    #[test]
    fn same_seed_same_ids() {
        let a: Vec<Guid> = (0..5).scan(IdGen::new(1), |g, _| Some(g.guid())).collect();
        let b: Vec<Guid> = (0..5).scan(IdGen::new(1), |g, _| Some(g.guid())).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "1234",
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
            "00000000-0000-0000-0000-00000000000",
        ] {
            assert_eq!(Guid::parse(bad), None, "{bad}");
        }
    }
}
