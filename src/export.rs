//! Exporting the glossary for other tools.

use crate::pack::Pack;

/// The glossary as a tab-separated file Anki imports as is: its header
/// lines name the separator, the columns and the tags column.
pub fn anki_tsv(pack: &Pack) -> String {
    let mut out = String::new();
    out.push_str("#separator:tab\n#html:false\n");
    out.push_str("#columns:French\tEnglish\tGrammar\tSentence\tTags\n");
    out.push_str("#tags column:5\n");
    out.push_str(&format!("#deck:liseuse::{}\n", field(&pack.pack.id)));
    for e in &pack.glossary {
        let mut grammar = e.pos.name().to_string();
        if let Some(g) = e.gender {
            grammar.push_str(", ");
            grammar.push_str(g.label());
        }
        let mut english = e.en.to_string();
        if let Some(lit) = e.literal() {
            english.push_str(&format!(" (lit. {lit})"));
        }
        let mut tags = vec![tag(&pack.pack.id), tag(e.pos.name())];
        tags.extend(e.tags().iter().map(|t| tag(t)));
        let row = [
            field(&e.term),
            field(&english),
            grammar,
            field(&e.sentence),
            tags.join(" "),
        ];
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// Tabs and line breaks would split a field: they become spaces.
fn field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Anki tags are separated by spaces.
fn tag(s: &str) -> String {
    field(s).trim().replace(' ', "_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{Entry, Extras, Gender, Meta, Pos, Text};

    #[test]
    fn writes_anki_headers_and_one_row_per_entry() {
        let pack = Pack {
            pack: Meta {
                id: "p".into(),
                title: "T".into(),
                author: "A".into(),
                date: "2024".into(),
                source: String::new(),
                level: String::new(),
                language: "fr".into(),
            },
            text: Text {
                body: "La menace.".into(),
            },
            glossary: vec![Entry {
                id: "menace".into(),
                term: "menace".into(),
                pos: Pos::Noun,
                gender: Some(Gender::Feminine),
                en: "threat".into(),
                extras: Extras {
                    tags: vec!["false friend".into()],
                    ..Extras::default()
                }
                .boxed(),
                forms: vec!["menace".into()].into(),
                sentence: "La\tmenace.".into(),
                drill: true,
                todo: false,
            }],
            questions: vec![],
            translation: vec![],
            notes: vec![],
        };
        let tsv = anki_tsv(&pack);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0], "#separator:tab");
        assert_eq!(lines[1], "#html:false");
        assert!(lines[2].starts_with("#columns:French\tEnglish"));
        assert_eq!(lines[3], "#tags column:5");
        assert_eq!(
            lines[5],
            "menace\tthreat\tnoun, f\tLa menace.\tp noun false_friend"
        );
    }
}
