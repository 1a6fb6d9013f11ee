//! "Did you mean" for misspelt names, offered only when the name is close.

/// The candidate nearest to `word`, if it is within a typo or two.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d > 0 && *d <= 2.min(1 + c.chars().count() / 4))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_names() {
        let names = ["quit", "page_down", "theme", "keys", "study"];
        assert_eq!(nearest("quti", &names), Some("quit"));
        assert_eq!(nearest("page_donw", &names), Some("page_down"));
        assert_eq!(nearest("them", &names), Some("theme"));
        assert_eq!(nearest("colours", &names), None);
        assert_eq!(nearest("x", &names), None);
        assert_eq!(nearest("quit", &names), None);
    }
}
