//! `liseuse new`: reads a text, drafts its pack, writes it.

use std::io::{Read, Write};
use std::path::Path;

use atomic_write_file::AtomicWriteFile;
use liseuse::author::{self, ExpressionList, Frequencies, Level, NoMeanings, Tools};

/// Reads `input` (a file or `-`), writes the pack to `output` (or standard
/// output), and reports what the draft holds on standard error.
pub fn run(
    input: &Path,
    output: Option<&Path>,
    title: Option<&str>,
    level: Level,
    force: bool,
) -> Result<(), String> {
    let name = input.display().to_string();
    let bytes = read_input(input).map_err(|e| format!("{name}: cannot read the text: {e}"))?;
    let text = author::decode_text(&bytes).map_err(|e| format!("{name}: {e}"))?;
    if let Some(out) = output {
        if out.exists() && !force {
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
    let frequencies = Frequencies::builtin();
    let expressions = ExpressionList::builtin();
    let tools = Tools {
        morphology: liseuse::lexicon::lexicon(),
        meanings: &NoMeanings,
        frequencies: &frequencies,
        expressions: &expressions,
    };
    let drafted = author::draft(text, title, level, &tools);
    match output {
        Some(out) => {
            write_atomic(out, drafted.source.as_bytes())
                .map_err(|e| format!("{}: cannot write the pack: {e}", out.display()))?;
            eprintln!(
                "{}: {} words and {} expressions proposed, {} marked todo; next: liseuse check {}",
                out.display(),
                drafted.words,
                drafted.expressions,
                drafted.todo,
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
