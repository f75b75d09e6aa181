//! "Did you mean …?" suggestions for mistyped names: commands, `--options`, enum values.
//!
//! Pure and deterministic: the same word and candidates always give the same answer, and the
//! answer is `None` rather than a far-fetched guess, because a wrong suggestion teaches more
//! confusion than no suggestion.

/// The closest candidate by Damerau/Levenshtein edit distance (case-insensitive), if it is close
/// enough to be a plausible typo (distance <= max(1, len/3)), ties broken by candidate order.
///
/// `len` is the typed word's length in characters, so short words tolerate one slip and longer
/// ones a slip per three characters. Transposed neighbours (`--nmae`) count as one edit, the
/// commonest typing error.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed: Vec<char> = word.to_ascii_lowercase().chars().collect();
    let limit = (typed.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let other: Vec<char> = candidate.to_ascii_lowercase().chars().collect();
        if typed.len().abs_diff(other.len()) > limit {
            continue; // Every length difference costs an edit, so it cannot be close enough.
        }
        let d = distance(&typed, &other);
        if d <= limit && best.is_none_or(|(best_distance, _)| d < best_distance) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
/// adjacent characters each cost one.
fn distance(a: &[char], b: &[char]) -> usize {
    // rows[i][j] is the distance between a[..i] and b[..j]; three rolling rows suffice. Every
    // index below stays inside 0..width by the loop bounds (i, j >= 1; the swap case i, j >= 2).
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[width - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: [&str; 4] = ["--name", "--resource-group", "--location", "--output"];

    /// One line per typed word: what `closest` suggests from `OPTIONS`.
    fn check(words: &[&str], expect: expect_test::Expect) {
        let lines: Vec<String> = words
            .iter()
            .map(|w| format!("{w} -> {:?}", closest(w, OPTIONS)))
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn suggests_plausible_typos_only() {
        check(
            &[
                "--nme",
                "--nmae",
                "--NAME",
                "--name",
                "--resource-grp",
                "--resourcegroup",
                "--locaton",
                "--ouptut",
                "xyz",
                "--debug",
                "",
            ],
            expect_test::expect![[r#"
                --nme -> Some("--name")
                --nmae -> Some("--name")
                --NAME -> Some("--name")
                --name -> Some("--name")
                --resource-grp -> Some("--resource-group")
                --resourcegroup -> Some("--resource-group")
                --locaton -> Some("--location")
                --ouptut -> Some("--output")
                xyz -> None
                --debug -> None
                 -> None"#]],
        );
    }

    #[test]
    fn the_brief_examples() {
        assert_eq!(
            closest("--nme", ["--name", "--resource-group"]),
            Some("--name")
        );
        assert_eq!(closest("xyz", ["--name", "--resource-group"]), None);
        assert_eq!(closest("anything", []), None);
    }

    #[test]
    fn ties_go_to_the_earlier_candidate() {
        assert_eq!(closest("cat", ["bat", "cap"]), Some("bat"));
        assert_eq!(closest("cat", ["cap", "bat"]), Some("cap"));
    }

    #[test]
    fn distance_counts_edits() {
        let d = |a: &str, b: &str| {
            distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("", ""), 0);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("ab", "ba"), 1);
        assert_eq!(d("ca", "abc"), 3);
        assert_eq!(d("groüp", "gruop"), 2);
    }
}
