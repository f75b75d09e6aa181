//! One stable sort for the whole crate, so the web module holds one copy of it.
//!
//! `slice::sort_by` is generic over the element type and the comparison, so every call site
//! compiles its own copy of the standard library's merge sort (about 3 KB of WebAssembly each).
//! These sort the elements' positions instead, with the comparison behind `dyn`, so all callers
//! share one copy, then move the elements into place. The result is exactly `sort_by`'s: a
//! stable sort, in which equal elements keep their order.

use std::cmp::Ordering;

/// `items.sort_by(compare)`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    place(items, &order);
}

/// `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in sorted order, comparing positions with `compare`.
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the element at `order[k]` to `k`, for every `k`.
fn place<T>(items: &mut [T], order: &[usize]) {
    // destination[i]: where the element now at i belongs.
    let mut destination = vec![0; order.len()];
    for (k, &i) in order.iter().enumerate() {
        destination[i] = k;
    }
    for i in 0..destination.len() {
        while destination[i] != i {
            let d = destination[i];
            items.swap(i, d);
            destination.swap(i, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_library_does(pairs in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)) {
            // Sorting by the first field only, so equal keys show whether the order is stable.
            let mut expected = pairs.clone();
            expected.sort_by_key(|p| p.0);
            let mut actual = pairs.clone();
            sort_by(&mut actual, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(&actual, &expected);
            let mut expected = pairs.clone();
            expected.sort_by_key(|p| std::cmp::Reverse(p.0));
            let mut actual = pairs;
            sort_by_key(&mut actual, |p| std::cmp::Reverse(p.0));
            prop_assert_eq!(actual, expected);
        }
    }

    #[test]
    fn empty_and_single() {
        let mut none: Vec<u8> = Vec::new();
        sort_by(&mut none, u8::cmp);
        assert!(none.is_empty());
        let mut one = vec![7];
        sort_by_key(&mut one, |x| *x);
        assert_eq!(one, [7]);
    }
}
