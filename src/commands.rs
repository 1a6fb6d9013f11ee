//! The subcommands that print instead of opening the terminal UI.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::ExportFormat;
use crate::clock::Clock;
use crate::output::{out, outln};
use liseuse::library::{self, AddError, Library, Place};
use liseuse::pack::sanitize::clean;
use liseuse::pack::{self, PackError};
use liseuse::progress::Store;
use liseuse::study::{Study, ToCache, Whole};

/// What `--pack` names: a file if there is one at that path, else a pack
/// of the library (or a built-in one) with that id.
fn resolve(given: &Path, store: Option<&Store>) -> Result<Place, String> {
    if given.exists() {
        return Ok(Place::File(given.to_path_buf()));
    }
    let id = given.to_str().unwrap_or_default();
    let library = store.map(|s| Library::new(&s.dir));
    if let Some(place) = library.as_ref().and_then(|l| l.find(id)) {
        return Ok(place);
    }
    let builtin = pack::BUILTIN
        .iter()
        .position(|(name, _)| Path::new(name) == given);
    builtin.map(Place::Builtin).ok_or_else(|| {
        format!(
            "{}: no such pack file, and no pack with that id in the library (`liseuse list` shows them; `liseuse add FILE` adds one)",
            given.display()
        )
    })
}

/// Loads the pack `--pack` names (a file or an id), or the built-in
/// statement. `--pack-id` keeps progress under another id. Progress tied
/// to another text under the same id is refused; with `claim`, progress
/// not yet tied to a text is tied to this one.
pub fn open(
    given: Option<&Path>,
    pack_id: Option<&str>,
    store: Option<&Store>,
    cache: Option<&liseuse::cache::PackCache>,
    now: i64,
    claim: bool,
) -> Result<Study, String> {
    open_previewing(given, pack_id, store, cache, now, claim, false).map(|(study, ..)| study)
}

/// Like [`open`]; with `preview`, a long text compiled before comes back as
/// a study of its beginning, with the whole pack to index in the background,
/// and a pack compiled now comes back to be cached once it is on screen
/// (see [`ToCache::write`]).
pub fn open_previewing(
    given: Option<&Path>,
    pack_id: Option<&str>,
    store: Option<&Store>,
    cache: Option<&liseuse::cache::PackCache>,
    now: i64,
    claim: bool,
    preview: bool,
) -> Result<(Study, Option<Whole>, Option<ToCache>), String> {
    let place = match given {
        Some(given) => resolve(given, store)?,
        None => Place::Builtin(0),
    };
    let (mut study, mut whole, mut to_cache) = match place {
        Place::Builtin(_) => (Study::builtin().map_err(|e| e.to_string())?, None, None),
        Place::File(path) if preview => {
            Study::open_deferring(&path, cache).map_err(|e| e.to_string())?
        }
        Place::File(path) => (
            Study::open_cached(&path, cache).map_err(|e| e.to_string())?,
            None,
            None,
        ),
    };
    if let Some(id) = pack_id {
        if !library::is_file_safe_id(id) {
            return Err(format!(
                "--pack-id \"{id}\" is not a valid id; use letters a-z, digits, '-' and '_'"
            ));
        }
        // The cache keeps the pack as its file has it.
        if let Some(to_cache) = to_cache.take() {
            to_cache.write(&study);
        }
        study.pack.pack.id = id.to_string();
        if let Some(whole) = &mut whole {
            whole.set_id(id);
        }
    }
    if let Some(store) = store {
        // Progress is tied to the whole text, not to a preview of it.
        let hash = whole
            .as_ref()
            .map_or_else(|| library::text_hash(study.text()), Whole::text_hash);
        if let Err(refused) = library::check_progress(store, &study.pack.pack.id, hash, now, claim)
        {
            // The pack is sound: cached all the same.
            if let Some(to_cache) = to_cache {
                to_cache.write(&study);
            }
            return Err(refused);
        }
    }
    Ok((study, whole, to_cache))
}

/// `liseuse check`: validates packs, exit 1 if any has a problem.
/// Warnings are printed too but do not fail the check.
pub fn check(files: &[PathBuf], given: Option<&Path>, store: Option<&Store>) -> ExitCode {
    let sources: Vec<(String, Result<String, PackError>)> = if files.is_empty() {
        match given.map(|g| resolve(g, store)) {
            Some(Ok(Place::File(path))) => {
                vec![(path.display().to_string(), pack::load::read_file(&path))]
            }
            Some(Err(message)) => {
                outln!("{}", clean(&message, false));
                return ExitCode::FAILURE;
            }
            Some(Ok(Place::Builtin(_))) | None => pack::BUILTIN
                .iter()
                .map(|(name, source)| (name.to_string(), Ok(source.to_string())))
                .collect(),
        }
    } else {
        files
            .iter()
            .map(|f| (f.display().to_string(), pack::load::read_file(f)))
            .collect()
    };
    let mut failed = false;
    for (name, source) in sources {
        let result = source.and_then(|source| Study::check(&name, &source));
        match result {
            Ok((p, warnings)) => {
                for warning in warnings {
                    outln!("{warning}");
                }
                let todo = p.glossary.iter().filter(|e| e.todo).count();
                let todo = if todo > 0 {
                    format!(", {todo} to finish")
                } else {
                    String::new()
                };
                outln!(
                    "{}: ok ({} glossary entries{todo}, {} questions, {} translated paragraphs, {} notes)",
                    pack::sanitize::clean(&name, false),
                    p.glossary.len(),
                    p.questions.len(),
                    p.translation.len(),
                    p.notes.len()
                );
            }
            Err(e) => {
                failed = true;
                outln!("{e}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `liseuse add`: checks a pack and copies it into the library.
pub fn add(file: &Path, store: Option<&Store>) -> Result<(), String> {
    let store = store.ok_or("no data directory: set LISEUSE_DATA_DIR or --data-dir")?;
    let library = Library::new(&store.dir);
    match library.add(file) {
        Ok(added) => {
            for w in &added.warnings {
                outln!("{w}");
            }
            let verb = if added.replaced { "updated" } else { "added" };
            outln!(
                "{verb} \"{}\" in the library as {}; open it with: liseuse --pack {}",
                clean(&added.title, false),
                clean(&added.path.display().to_string(), false),
                clean(&added.id, false)
            );
            Ok(())
        }
        Err(AddError::Invalid(e)) => Err(format!("{e}\nthe pack was not added")),
        Err(AddError::Refused(message)) => Err(message),
    }
}

/// `liseuse list`: every pack with its progress.
pub fn list(store: Option<&Store>, clock: Clock) -> Result<(), String> {
    let store = store.ok_or("no data directory: set LISEUSE_DATA_DIR or --data-dir")?;
    let library = Library::new(&store.dir);
    outln!("{:<24} {:>5} {:>11}  title", "id", "due", "known");
    for row in pack_rows(store, clock.now(), clock.utc_offset()) {
        let place = if row.builtin { " (built in)" } else { "" };
        outln!(
            "{:<24} {:>5} {:>11}  {}{place}",
            clean(&row.id, false),
            row.due,
            row.known,
            clean(&row.title, false)
        );
    }
    outln!(
        "library folder: {}",
        clean(&library.dir.display().to_string(), false)
    );
    Ok(())
}

/// Every pack with its progress (due today, known/total), the built-in
/// ones first: what `list` prints and the app's pack picker shows.
pub fn pack_rows(store: &Store, now: i64, utc_offset: i64) -> Vec<crate::app::effect::PackRow> {
    Library::new(&store.dir)
        .list()
        .into_iter()
        .map(|(listed, study)| {
            let (due, known) = match &study {
                Ok(study) => {
                    // Read only: listing never sets a file aside.
                    let progress = store.peek(&listed.id).progress;
                    let s = liseuse::quiz::stats::stats(
                        &study.pack.glossary,
                        &progress,
                        now,
                        utc_offset,
                    );
                    let total = s.new + s.learning + s.known;
                    (s.due_today.to_string(), format!("{}/{total}", s.known))
                }
                Err(_) => ("-".to_string(), "-".to_string()),
            };
            crate::app::effect::PackRow {
                id: listed.id,
                title: listed.title,
                builtin: matches!(listed.place, Place::Builtin(_)),
                due,
                known,
            }
        })
        .collect()
}

/// `liseuse export`: the glossary as Anki-ready TSV.
pub fn export(study: &Study, format: ExportFormat) {
    match format {
        ExportFormat::Tsv => out!("{}", liseuse::export::anki_tsv(&study.pack)),
    }
}

/// `liseuse stats`: learning statistics, as text or one JSON object.
pub fn stats(
    study: &Study,
    store: Option<Store>,
    clock: Clock,
    json: bool,
    settings: liseuse::config::StudySettings,
) -> Result<(), String> {
    let store = store.ok_or("no data directory: set LISEUSE_DATA_DIR or --data-dir")?;
    let now = clock.now();
    // Read only: a file that cannot be used is reported, never set aside.
    let mut loaded = store.peek(&study.pack.pack.id);
    if let Some(notice) = loaded.notice {
        eprintln!("{}", clean(&notice, true));
    }
    settings.apply_to(&mut loaded.progress.settings);
    let s = liseuse::quiz::stats::stats(
        &study.pack.glossary,
        &loaded.progress,
        now,
        clock.utc_offset(),
    );
    if json {
        let text = serde_json::to_string(&s).map_err(|e| format!("cannot write JSON: {e}"))?;
        outln!("{text}");
        return Ok(());
    }
    outln!("{}", study.pack.pack.title);
    outln!(
        "words: {} new, {} learning, {} known ({} out of the deck)",
        s.new,
        s.learning,
        s.known,
        s.suspended
    );
    outln!("due today: {} (+ up to {} new)", s.due_today, s.new_today);
    outln!(
        "reviews: {} today, {} in all ({} practice)",
        s.reviews_today,
        s.reviews,
        s.practice
    );
    outln!("retention (30 days): {}", s.retention_label());
    let forecast: Vec<String> = s.forecast.iter().map(u64::to_string).collect();
    outln!("due in the next 14 days: {}", forecast.join(" "));
    outln!("questions: {}", s.questions_label());
    Ok(())
}
