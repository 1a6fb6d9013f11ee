//! "Did you mean" for misspelt names, offered only when the name is close.

/// The candidate nearest to `word`, if it is within a typo or two.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Long names are never typos of a short one; this also bounds the work
    // a hostile file can ask for.
    if word.chars().count() > 64 {
        return None;
    }
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| {
            // At most two edits, and at most one per three letters of the
            // shorter name: `x` is no typo of `f`, nor `nom` of `noun`.
            let shorter = word.chars().count().min(c.chars().count());
            *d > 0 && *d <= 2 && *d * 3 <= shorter
        })
        .min()
        .map(|(_, c)| c)
}

/// Edits between two names, in characters: insertions, deletions,
/// substitutions and swaps of neighbours (`blod` is one edit from `bold`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: edits between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
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
        assert_eq!(nearest("x", &["m", "f", "mf"]), None);
        assert_eq!(nearest("quit", &names), None);
        assert_eq!(nearest("blod", &["blue", "bold"]), Some("bold"));
        assert_eq!(nearest(&"quit".repeat(100), &names), None);
    }
}
