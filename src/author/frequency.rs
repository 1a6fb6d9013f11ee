//! The French frequency list (wordfreq, CC-BY-SA 4.0; see
//! `data/frequency/README.md`) and the levels it ranks words for.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// The list shipped with the project, 50,000 word forms.
// Linked apart from the data a start reads (see `FORMS_BYTES` in
// src/lexicon/mod.rs).
#[cfg_attr(target_os = "linux", unsafe(link_section = ".lrodata.frequency"))]
static BUILTIN_BYTES: [u8; include_bytes!("../../data/frequency/fr.txt").len()] =
    *include_bytes!("../../data/frequency/fr.txt");
static BUILTIN: &str = match std::str::from_utf8(&BUILTIN_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("data/frequency/fr.txt is not UTF-8"),
};

/// How often word forms occur, in wordfreq's centibels: a form with value
/// `n` occurs about 10^(−n/100) of the time (`de` is 133). Larger is rarer.
#[derive(Debug, Clone)]
pub struct Frequencies {
    centibels: HashMap<String, u16>,
    /// Every form with its centibels, in the list's order.
    forms: Vec<(String, u16)>,
    /// Centibels of the form at each rank, for level thresholds.
    by_rank: Vec<u16>,
}

impl Frequencies {
    /// The list shipped with the project.
    pub fn builtin() -> Self {
        Frequencies::parse(BUILTIN)
    }

    /// Reads lines `N<TAB>word word …` (`#` starts a comment). Malformed
    /// lines are skipped: the list is ours, not the user's.
    pub fn parse(source: &str) -> Self {
        let mut centibels = HashMap::new();
        let mut forms = Vec::new();
        let mut by_rank = Vec::new();
        for line in source.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((n, words)) = line.split_once('\t') else {
                continue;
            };
            let Ok(n) = n.trim().parse::<u16>() else {
                continue;
            };
            for word in words.split_whitespace() {
                let key = crate::text::match_key(word);
                if !centibels.contains_key(&key) {
                    centibels.insert(key.clone(), n);
                    forms.push((key, n));
                }
                by_rank.push(n);
            }
        }
        Frequencies {
            centibels,
            forms,
            by_rank,
        }
    }

    /// Centibels of a word form, any case; `None` if it is not in the list.
    pub fn centibels(&self, form: &str) -> Option<u16> {
        self.centibels.get(&crate::text::match_key(form)).copied()
    }

    /// Centibels of the rarest form in the list: anything absent is rarer.
    pub fn floor(&self) -> u16 {
        self.by_rank.last().copied().unwrap_or(u16::MAX)
    }

    /// Centibels of the form at `rank` (0 = most frequent).
    pub fn at_rank(&self, rank: usize) -> u16 {
        self.by_rank
            .get(rank)
            .or(self.by_rank.last())
            .copied()
            .unwrap_or(u16::MAX)
    }

    /// Estimated centibels of a lemma from its forms: their frequencies
    /// added up (forms absent from the list count as half the floor's).
    /// Forms are deduplicated by the caller.
    pub fn combined<'a>(&self, forms: impl IntoIterator<Item = &'a str>) -> u16 {
        let floor = f64::from(self.floor());
        let total: f64 = forms
            .into_iter()
            .map(|f| match self.centibels(f) {
                Some(n) => share(n),
                None => libm::pow(10.0, -floor / 100.0) / 2.0,
            })
            .sum();
        to_centibels(total)
    }

    /// How often each lemma occurs: the frequencies of all the list's
    /// forms added up by lemma (`craint`, `craignait`… for craindre), so a
    /// verb ranks by all its forms, not its infinitive. A form of several
    /// lemmas is shared among them equally (`prête`: prêt and prêter).
    /// Takes a lexicon lookup per form of the list.
    pub fn by_lemma(&self, morphology: &dyn super::Morphology) -> LemmaFrequencies {
        let mut totals: HashMap<String, f64> = HashMap::new();
        // In the list's order, so that the sums (and their rounding) are
        // the same on every run.
        for (form, n) in &self.forms {
            let mut lemmas: Vec<String> = morphology
                .readings(form)
                .into_iter()
                .map(|r| crate::text::match_key(&r.lemma))
                .collect();
            lemmas.sort_unstable();
            lemmas.dedup();
            let each = share(*n) / lemmas.len().max(1) as f64;
            for lemma in lemmas {
                *totals.entry(lemma).or_insert(0.0) += each;
            }
        }
        LemmaFrequencies { totals }
    }
}

/// Lemma frequencies summed from the list's forms (see
/// [`Frequencies::by_lemma`]).
#[derive(Debug, Clone, Default)]
pub struct LemmaFrequencies {
    totals: HashMap<String, f64>,
}

impl LemmaFrequencies {
    /// Centibels of a lemma, if any form of the list has it.
    pub fn centibels(&self, lemma: &str) -> Option<u16> {
        self.totals
            .get(&crate::text::match_key(lemma))
            .map(|t| to_centibels(*t))
    }
}

/// The frequency a centibel value stands for.
fn share(centibels: u16) -> f64 {
    libm::pow(10.0, -f64::from(centibels) / 100.0)
}

fn to_centibels(total: f64) -> u16 {
    if total <= 0.0 {
        return u16::MAX;
    }
    let n = (-100.0 * libm::log10(total)).round();
    // In range: totals are between 10^-7 and a few units.
    n.clamp(0.0, f64::from(u16::MAX)) as u16
}

/// A learner's level (CEFR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::A1,
        Level::A2,
        Level::B1,
        Level::B2,
        Level::C1,
        Level::C2,
    ];

    /// How many of the most frequent word forms a learner at this level
    /// probably knows. Forms, not lemmas: a verb's dozen common forms take
    /// a dozen ranks. Rough figures from vocabulary sizes usually quoted
    /// for the levels (A1 ≈ 500 words … C2 ≈ 10,000), times about two.
    pub fn known_forms(self) -> usize {
        match self {
            Level::A1 => 1_000,
            Level::A2 => 2_500,
            Level::B1 => 5_000,
            Level::B2 => 9_000,
            Level::C1 => 16_000,
            Level::C2 => 30_000,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::A1 => "A1",
            Level::A2 => "A2",
            Level::B1 => "B1",
            Level::B2 => "B2",
            Level::C1 => "C1",
            Level::C2 => "C2",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown level \"{s}\"; expected one of A1, A2, B1, B2, C1, C2"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_list_ranks_common_words_first() {
        let f = Frequencies::builtin();
        assert_eq!(f.by_rank.len(), 50_000);
        assert_eq!(f.centibels("de"), Some(133));
        let (Some(common), Some(rare)) = (f.centibels("maison"), f.centibels("chaumière")) else {
            panic!("maison and chaumière are in the list");
        };
        assert!(common < rare);
        assert_eq!(f.centibels("Maison"), f.centibels("maison"));
        assert_eq!(f.centibels("zzzzq"), None);
    }

    #[test]
    fn combined_frequency_is_at_least_the_best_form() {
        let f = Frequencies::parse("300\tchat\n400\tchats\n");
        let both = f.combined(["chat", "chats"]);
        assert!(both < 300 && both > 290, "{both}");
        assert_eq!(f.combined(["chat"]), 300);
        assert!(f.combined(["absent"]) > f.floor());
    }

    #[test]
    fn levels_parse_in_any_case() {
        assert_eq!("b2".parse::<Level>(), Ok(Level::B2));
        assert!(
            "B3".parse::<Level>()
                .unwrap_err()
                .contains("expected one of")
        );
        assert!(Level::A1.known_forms() < Level::C1.known_forms());
    }
}
