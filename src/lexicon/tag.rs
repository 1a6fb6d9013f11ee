//! What a reading of a form says: its word class, gender, number and, for a
//! verb, the moods/tenses and persons it can be — parsed from the Hunspell
//! dictionary's `po:`/`is:` fields and described in plain English.

/// The word class of a reading, coarser than the dictionary's tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    Noun,
    ProperNoun,
    Adjective,
    Verb,
    Adverb,
    Determiner,
    Pronoun,
    Preposition,
    Conjunction,
    Interjection,
    Numeral,
    Other,
}

impl WordClass {
    pub fn name(self) -> &'static str {
        match self {
            WordClass::Noun => "noun",
            WordClass::ProperNoun => "proper noun",
            WordClass::Adjective => "adjective",
            WordClass::Verb => "verb",
            WordClass::Adverb => "adverb",
            WordClass::Determiner => "determiner",
            WordClass::Pronoun => "pronoun",
            WordClass::Preposition => "preposition",
            WordClass::Conjunction => "conjunction",
            WordClass::Interjection => "interjection",
            WordClass::Numeral => "number",
            WordClass::Other => "word",
        }
    }

    /// The class a `po:` value names, if it names one.
    fn from_po(po: &str) -> Option<WordClass> {
        let class = match po {
            "nom" | "loc.nom" => WordClass::Noun,
            "npr" | "prn" | "patr" | "loc.patr" => WordClass::ProperNoun,
            "adj" | "loc.adj" => WordClass::Adjective,
            "adv" | "negadv" | "loc.adv" | "advint" | "proadv" => WordClass::Adverb,
            "prep" | "prepv" | "loc.prep" | "loc.prepv" => WordClass::Preposition,
            "cj" | "cjco" | "cjsub" | "loc.cj" | "loc.cjsub" => WordClass::Conjunction,
            "interj" | "loc.interj" => WordClass::Interjection,
            "nb" | "nbro" => WordClass::Numeral,
            "loc.verb" => WordClass::Verb,
            p if p.starts_with("det") => WordClass::Determiner,
            p if p.starts_with("pro") => WordClass::Pronoun,
            p if is_verb_traits(p) => WordClass::Verb,
            _ => return None,
        };
        Some(class)
    }
}

/// `v1_it_q__a`: a verb, its group, then its traits.
fn is_verb_traits(po: &str) -> bool {
    let b = po.as_bytes();
    b.len() >= 3 && b[0] == b'v' && b[1].is_ascii_digit()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Masculine,
    Feminine,
    /// Either gender with the same spelling (`un/une élève`).
    Either,
}

impl Gender {
    pub fn name(self) -> &'static str {
        match self {
            Gender::Masculine => "masculine",
            Gender::Feminine => "feminine",
            Gender::Either => "masculine or feminine",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Number {
    Singular,
    Plural,
    /// The same spelling in both (`pays`, `prix`).
    Invariable,
}

impl Number {
    pub fn name(self) -> &'static str {
        match self {
            Number::Singular => "singular",
            Number::Plural => "plural",
            Number::Invariable => "singular or plural",
        }
    }
}

/// A verb form: mood and tense together, as grammars name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tense {
    Infinitive,
    PresentParticiple,
    PastParticiple,
    Present,
    Imperfect,
    SimplePast,
    Future,
    Conditional,
    PresentSubjunctive,
    ImperfectSubjunctive,
    Imperative,
}

impl Tense {
    const ALL: [(&'static str, Tense); 11] = [
        ("infi", Tense::Infinitive),
        ("ppre", Tense::PresentParticiple),
        ("ppas", Tense::PastParticiple),
        ("ipre", Tense::Present),
        ("iimp", Tense::Imperfect),
        ("ipsi", Tense::SimplePast),
        ("ifut", Tense::Future),
        ("cond", Tense::Conditional),
        ("spre", Tense::PresentSubjunctive),
        ("simp", Tense::ImperfectSubjunctive),
        ("impe", Tense::Imperative),
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tense::Infinitive => "infinitive",
            Tense::PresentParticiple => "present participle",
            Tense::PastParticiple => "past participle",
            Tense::Present => "present",
            Tense::Imperfect => "imperfect",
            Tense::SimplePast => "simple past",
            Tense::Future => "future",
            Tense::Conditional => "conditional",
            Tense::PresentSubjunctive => "present subjunctive",
            Tense::ImperfectSubjunctive => "imperfect subjunctive",
            Tense::Imperative => "imperative",
        }
    }

    /// Whether the form is conjugated (has a person).
    pub fn is_finite(self) -> bool {
        !matches!(
            self,
            Tense::Infinitive | Tense::PresentParticiple | Tense::PastParticiple
        )
    }
}

/// Grammatical person and number of a conjugated form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Person {
    FirstSingular,
    SecondSingular,
    ThirdSingular,
    FirstPlural,
    SecondPlural,
    ThirdPlural,
}

impl Person {
    fn from_po(po: &str) -> Option<Person> {
        Some(match po {
            "1sg" | "1jsg" | "1isg" => Person::FirstSingular,
            "2sg" => Person::SecondSingular,
            "3sg" => Person::ThirdSingular,
            "1pl" => Person::FirstPlural,
            "2pl" => Person::SecondPlural,
            "3pl" => Person::ThirdPlural,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Person::FirstSingular => "1st person singular",
            Person::SecondSingular => "2nd person singular",
            Person::ThirdSingular => "3rd person singular",
            Person::FirstPlural => "1st person plural",
            Person::SecondPlural => "2nd person plural",
            Person::ThirdPlural => "3rd person plural",
        }
    }
}

/// The auxiliary a verb takes in compound tenses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Auxiliary {
    Avoir,
    Etre,
    /// Either, depending on use (`passer`, `monter`).
    Both,
}

/// One parsed tag: everything about a reading but its lemma.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    /// Usually one; the dictionary gives some words two (`français`: noun
    /// and adjective; `aux`: preposition and determiner).
    pub classes: Vec<WordClass>,
    pub gender: Option<Gender>,
    pub number: Option<Number>,
    pub tenses: Vec<Tense>,
    pub persons: Vec<Person>,
    pub auxiliary: Option<Auxiliary>,
    /// A reflexive-only verb (`s'évanouir`).
    pub pronominal: bool,
}

impl Tag {
    /// Parses one line of `tags.txt` (`po:v1_it_q__a po:ipre po:1sg`).
    pub fn parse(line: &str) -> Tag {
        let mut tag = Tag {
            classes: Vec::new(),
            gender: None,
            number: None,
            tenses: Vec::new(),
            persons: Vec::new(),
            auxiliary: None,
            pronominal: false,
        };
        for field in line.split_whitespace() {
            if let Some(po) = field.strip_prefix("po:") {
                if let Some((_, t)) = Tense::ALL.iter().find(|(n, _)| *n == po) {
                    tag.tenses.push(*t);
                } else if let Some(p) = Person::from_po(po) {
                    tag.persons.push(p);
                } else if let Some(c) = WordClass::from_po(po) {
                    if is_verb_traits(po) {
                        tag.auxiliary = auxiliary(po);
                        tag.pronominal = po.as_bytes().get(6) == Some(&b'p');
                    }
                    if !tag.classes.contains(&c) {
                        tag.classes.push(c);
                    }
                }
            } else if let Some(is) = field.strip_prefix("is:") {
                match is {
                    "mas" => tag.gender = Some(Gender::Masculine),
                    "fem" => tag.gender = Some(Gender::Feminine),
                    "epi" => tag.gender = Some(Gender::Either),
                    "sg" => tag.number = Some(Number::Singular),
                    "pl" => tag.number = Some(Number::Plural),
                    "inv" => tag.number = Some(Number::Invariable),
                    _ => {}
                }
            }
        }
        // A participle is tagged adjective too; it is the verb's form here.
        if tag.classes.contains(&WordClass::Verb) {
            tag.classes.retain(|c| *c == WordClass::Verb);
        }
        // `demandé` is also `demandé-je`; as a participle it has no person.
        if !tag.tenses.iter().any(|t| t.is_finite()) {
            tag.persons.clear();
        }
        tag.persons.sort();
        tag.persons.dedup();
        tag
    }
}

/// Every word class, tense, person, gender, number and auxiliary, in the
/// order of their codes in a packed tag (a code is a position plus one: 0
/// is none).
const CLASSES: [WordClass; 12] = [
    WordClass::Noun,
    WordClass::ProperNoun,
    WordClass::Adjective,
    WordClass::Verb,
    WordClass::Adverb,
    WordClass::Determiner,
    WordClass::Pronoun,
    WordClass::Preposition,
    WordClass::Conjunction,
    WordClass::Interjection,
    WordClass::Numeral,
    WordClass::Other,
];
const PERSONS: [Person; 6] = [
    Person::FirstSingular,
    Person::SecondSingular,
    Person::ThirdSingular,
    Person::FirstPlural,
    Person::SecondPlural,
    Person::ThirdPlural,
];
const GENDERS: [Gender; 3] = [Gender::Masculine, Gender::Feminine, Gender::Either];
const NUMBERS: [Number; 3] = [Number::Singular, Number::Plural, Number::Invariable];
const AUXILIARIES: [Auxiliary; 3] = [Auxiliary::Avoir, Auxiliary::Etre, Auxiliary::Both];

/// Where each part of a tag is in its packed form: up to 3 classes and 6
/// tenses as 4-bit codes in their order, the persons as a set (they are
/// sorted and without repeats), then gender, number, auxiliary (2 bits
/// each) and whether the verb is pronominal.
const CLASS_SLOTS: usize = 3;
const TENSE_SLOTS: usize = 6;
const TENSES_AT: u32 = 4 * CLASS_SLOTS as u32;
const PERSONS_AT: u32 = TENSES_AT + 4 * TENSE_SLOTS as u32;
const GENDER_AT: u32 = PERSONS_AT + PERSONS.len() as u32;
const NUMBER_AT: u32 = GENDER_AT + 2;
const AUXILIARY_AT: u32 = NUMBER_AT + 2;
const PRONOMINAL_AT: u32 = AUXILIARY_AT + 2;

/// A [`Tag`] in one word, without allocations: the build packs every line
/// of the lexicon's `tags.txt` (see `build.rs`), so that opening the
/// lexicon parses nothing and lookups read the readings from the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packed(pub u64);

impl Packed {
    /// The tag packed; `None` if it has more classes or tenses than a
    /// packed tag holds. (The build and tests pack; the program unpacks.)
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn new(tag: &Tag) -> Option<Packed> {
        fn codes<T: PartialEq>(items: &[T], all: &[T], slots: usize) -> Option<u64> {
            if items.len() > slots {
                return None;
            }
            items.iter().enumerate().try_fold(0, |bits, (i, item)| {
                let code = all.iter().position(|a| a == item)? as u64 + 1;
                Some(bits | (code << (4 * i)))
            })
        }
        fn code<T: PartialEq>(item: Option<T>, all: &[T]) -> u64 {
            item.and_then(|item| all.iter().position(|a| *a == item))
                .map_or(0, |i| i as u64 + 1)
        }
        let tenses: Vec<Tense> = Tense::ALL.iter().map(|(_, t)| *t).collect();
        let mut persons = 0;
        for (i, person) in PERSONS.iter().enumerate() {
            if tag.persons.contains(person) {
                persons |= 1 << i;
            }
        }
        let packed = Packed(
            codes(&tag.classes, &CLASSES, CLASS_SLOTS)?
                | (codes(&tag.tenses, &tenses, TENSE_SLOTS)? << TENSES_AT)
                | (persons << PERSONS_AT)
                | (code(tag.gender, &GENDERS) << GENDER_AT)
                | (code(tag.number, &NUMBERS) << NUMBER_AT)
                | (code(tag.auxiliary, &AUXILIARIES) << AUXILIARY_AT)
                | (u64::from(tag.pronominal) << PRONOMINAL_AT),
        );
        // Persons are a set here: a tag whose list is not one (unsorted,
        // repeated) would not come back the same.
        (packed.tag() == *tag).then_some(packed)
    }

    /// The word classes, in order.
    pub fn classes(self) -> impl Iterator<Item = WordClass> {
        (0..CLASS_SLOTS).map_while(move |i| self.slot(4 * i as u32, &CLASSES))
    }

    fn tenses(self) -> Vec<Tense> {
        (0..TENSE_SLOTS)
            .map_while(|i| {
                let code = ((self.0 >> (TENSES_AT + 4 * i as u32)) & 0xf) as usize;
                Some(Tense::ALL.get(code.checked_sub(1)?)?.1)
            })
            .collect()
    }

    fn persons(self) -> Vec<Person> {
        PERSONS
            .iter()
            .enumerate()
            .filter(|(i, _)| (self.0 >> (PERSONS_AT + *i as u32)) & 1 == 1)
            .map(|(_, p)| *p)
            .collect()
    }

    /// The value whose code (of `all`) is at bit `at`, 4 bits or fewer.
    fn slot<T: Copy>(self, at: u32, all: &[T]) -> Option<T> {
        let code = ((self.0 >> at) & 0xf) as usize;
        all.get(code.checked_sub(1)?).copied()
    }

    fn two_bits<T: Copy>(self, at: u32, all: &[T]) -> Option<T> {
        Packed(self.0 & (0b11 << at)).slot(at, all)
    }

    /// The reading of `lemma` as `class` (one of [`Packed::classes`]):
    /// what [`Analysis::new`] makes of the unpacked tag.
    pub fn analysis(self, lemma: String, class: WordClass) -> Analysis {
        Analysis {
            lemma,
            class,
            gender: self.two_bits(GENDER_AT, &GENDERS),
            number: self.two_bits(NUMBER_AT, &NUMBERS),
            tenses: self.tenses(),
            persons: self.persons(),
            auxiliary: self.two_bits(AUXILIARY_AT, &AUXILIARIES),
        }
    }

    /// The tag unpacked.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn tag(self) -> Tag {
        Tag {
            classes: self.classes().collect(),
            gender: self.two_bits(GENDER_AT, &GENDERS),
            number: self.two_bits(NUMBER_AT, &NUMBERS),
            tenses: self.tenses(),
            persons: self.persons(),
            auxiliary: self.two_bits(AUXILIARY_AT, &AUXILIARIES),
            pronominal: (self.0 >> PRONOMINAL_AT) & 1 == 1,
        }
    }
}

/// The auxiliary from a verb's traits (`v1_it_q__a`: the last two marks are
/// `e` for être and `a` for avoir).
fn auxiliary(traits: &str) -> Option<Auxiliary> {
    let b = traits.as_bytes();
    if b.len() < 10 {
        return None;
    }
    match (b[8] == b'e', b[9] == b'a') {
        (true, true) => Some(Auxiliary::Both),
        (true, false) => Some(Auxiliary::Etre),
        (false, true) => Some(Auxiliary::Avoir),
        // Pronominal-only verbs take être.
        _ if b[6] == b'p' => Some(Auxiliary::Etre),
        _ => None,
    }
}

/// One reading of a form: its lemma and what the form is here.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Analysis {
    /// Dictionary form: infinitive, masculine singular.
    pub lemma: String,
    pub class: WordClass,
    pub gender: Option<Gender>,
    pub number: Option<Number>,
    /// For a verb: every tense the form can be (`aime`: present or present
    /// subjunctive), empty otherwise.
    pub tenses: Vec<Tense>,
    /// For a conjugated verb: every person the form can be.
    pub persons: Vec<Person>,
    pub auxiliary: Option<Auxiliary>,
}

impl Analysis {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn new(lemma: String, class: WordClass, tag: &Tag) -> Analysis {
        Analysis {
            lemma,
            class,
            gender: tag.gender,
            number: tag.number,
            tenses: tag.tenses.clone(),
            persons: tag.persons.clone(),
            auxiliary: tag.auxiliary,
        }
    }

    /// A reading with nothing known but its class (numbers, elided words).
    pub(crate) fn bare(lemma: String, class: WordClass) -> Analysis {
        Analysis {
            lemma,
            class,
            gender: None,
            number: None,
            tenses: Vec::new(),
            persons: Vec::new(),
            auxiliary: None,
        }
    }

    pub fn is_verb(&self) -> bool {
        self.class == WordClass::Verb
    }

    pub fn is_past_participle(&self) -> bool {
        self.tenses.contains(&Tense::PastParticiple)
    }

    /// What the form is, in plain English: "past participle, feminine
    /// singular", "present or present subjunctive, 1st or 3rd person
    /// singular", "masculine plural". Empty when nothing is known.
    pub fn inflection(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.tenses.is_empty() {
            let tenses: Vec<&str> = self.tenses.iter().map(|t| t.name()).collect();
            parts.push(tenses.join(" or "));
        }
        if !self.persons.is_empty() {
            parts.push(persons_phrase(&self.persons));
        }
        let agreement: Vec<&str> = [self.gender.map(Gender::name), self.number.map(Number::name)]
            .into_iter()
            .flatten()
            .collect();
        if !agreement.is_empty() {
            // "feminine plural", but "masculine or feminine, singular or plural".
            let compound =
                self.gender == Some(Gender::Either) || self.number == Some(Number::Invariable);
            parts.push(agreement.join(if compound { ", " } else { " " }));
        }
        parts.join(", ")
    }
}

/// "1st or 3rd person singular", "2nd person singular or plural".
fn persons_phrase(persons: &[Person]) -> String {
    let singular: Vec<&str> = persons
        .iter()
        .filter(|p| **p <= Person::ThirdSingular)
        .map(|p| &p.name()[..3])
        .collect();
    let plural: Vec<&str> = persons
        .iter()
        .filter(|p| **p > Person::ThirdSingular)
        .map(|p| &p.name()[..3])
        .collect();
    let side = |ordinals: &[&str], number: &str| {
        (!ordinals.is_empty()).then(|| format!("{} person {number}", ordinals.join(" or ")))
    };
    [side(&singular, "singular"), side(&plural, "plural")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_verb_form() {
        let tag = Tag::parse("po:v1_it_q__a po:ipre po:spre po:1sg po:3sg");
        assert_eq!(tag.classes, vec![WordClass::Verb]);
        assert_eq!(tag.tenses, vec![Tense::Present, Tense::PresentSubjunctive]);
        assert_eq!(
            tag.persons,
            vec![Person::FirstSingular, Person::ThirdSingular]
        );
        assert_eq!(tag.auxiliary, Some(Auxiliary::Avoir));
    }

    #[test]
    fn participle_is_the_verb_not_an_adjective() {
        let tag = Tag::parse("po:v1_it_q__a po:ppas po:adj is:fem is:sg");
        assert_eq!(tag.classes, vec![WordClass::Verb]);
        let a = Analysis::new("trouver".into(), WordClass::Verb, &tag);
        assert_eq!(a.inflection(), "past participle, feminine singular");
    }

    #[test]
    fn describes_persons_compactly() {
        let tag = Tag::parse("po:v3_itnq__a po:ipre po:1sg po:2sg");
        let a = Analysis::new("rendre".into(), WordClass::Verb, &tag);
        assert_eq!(a.inflection(), "present, 1st or 2nd person singular");
    }

    #[test]
    fn auxiliaries_from_traits() {
        assert_eq!(auxiliary("v0ei_____a"), Some(Auxiliary::Avoir));
        assert_eq!(auxiliary("v1_i__e_e_"), Some(Auxiliary::Etre));
        assert_eq!(auxiliary("v1____p_e_"), Some(Auxiliary::Etre));
    }
}
