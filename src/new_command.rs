//! `liseuse new`: reads a text, drafts its pack, writes it.

use std::io::{Read, Write};
use std::path::Path;

use atomic_write_file::AtomicWriteFile;
use liseuse::author::{self, ExpressionList, Frequencies, Tools};
use liseuse::dict::Dictionaries;

use crate::cli::NewArgs;

/// Reads the text (a file or `-`), writes the pack to `--output` (or
/// standard output), and says on standard error what the draft holds.
pub fn run(args: &NewArgs) -> Result<(), String> {
    let input = args.text.as_path();
    let output = args.output.as_deref();
    let name = input.display().to_string();
    let bytes = read_input(input).map_err(|e| format!("{name}: cannot read the text: {e}"))?;
    let text = author::decode_text(&bytes).map_err(|e| format!("{name}: {e}"))?;
    if let Some(out) = output {
        if out.exists() && !args.force {
            return Err(format!(
                "{}: already exists; choose another name, or add --force to replace it",
                out.display()
            ));
        }
        if same_file(input, out) {
            return Err(format!(
                "{}: is the text itself; expected another file for the pack",
                out.display()
            ));
        }
    }
    let places = if args.no_dictionary {
        Vec::new()
    } else {
        liseuse::dict::standard_places()
    };
    let dictionaries = Dictionaries::load_from(&places, &args.dictionary);
    for (path, why) in &dictionaries.failed {
        eprintln!("{}: cannot read this dictionary: {why}", path.display());
    }
    let frequencies = Frequencies::builtin();
    let expressions = ExpressionList::builtin();
    let tools = Tools {
        morphology: liseuse::lexicon::lexicon(),
        meanings: &dictionaries,
        frequencies: &frequencies,
        expressions: &expressions,
    };
    let drafted = author::draft(text, args.title.as_deref(), args.level, &tools);
    match output {
        Some(out) => {
            write_atomic(out, drafted.source.as_bytes())
                .map_err(|e| format!("{}: cannot write the pack: {e}", out.display()))?;
            eprintln!(
                "{}: {} words and {} expressions proposed, {} marked todo ({}); next: liseuse check {}",
                out.display(),
                drafted.words,
                drafted.expressions,
                drafted.todo,
                dictionary_note(&dictionaries),
                out.display()
            );
        }
        None => crate::output::out!("{}", drafted.source),
    }
    Ok(())
}

fn read_input(input: &Path) -> std::io::Result<Vec<u8>> {
    let limit = author::MAX_TEXT_BYTES as u64 + 4;
    let mut bytes = Vec::new();
    if input == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(input)?
            .take(limit)
            .read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicWriteFile::options().open(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Which dictionaries gave meanings, or how to get one.
fn dictionary_note(d: &Dictionaries) -> String {
    if d.is_empty() {
        "no dictionary found for meanings: apt install dict-freedict-fra-eng, or --dictionary PATH"
            .to_string()
    } else {
        let names: Vec<&str> = d.open.iter().map(|d| d.name.as_str()).collect();
        format!("meanings from {}", names.join(", "))
    }
}
