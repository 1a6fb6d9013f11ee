//! The learner's library of packs: the built-in statement, and the packs
//! added with `liseuse add`, kept as files in a `packs` folder of the data
//! directory (beside the progress files). Also where progress is tied to a
//! pack's text, so that two texts sharing an id never share progress.

use std::path::{Path, PathBuf};

use crate::pack::{self, PackError, Problem};
use crate::progress::Store;
use crate::study::Study;

/// The folder of the data directory that holds added packs.
pub const FOLDER: &str = "packs";

/// The key in a progress file that holds the hash of the pack's text.
pub const TEXT_HASH_KEY: &str = "text_hash";

/// Where a pack of the library comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Compiled into the binary: index into [`pack::BUILTIN`].
    Builtin(usize),
    File(PathBuf),
}

/// One pack of the library, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub title: String,
    pub place: Place,
}

/// What `add` did.
#[derive(Debug)]
pub struct Added {
    pub id: String,
    pub title: String,
    pub path: PathBuf,
    /// A pack with this id and the same text was there and is replaced.
    pub replaced: bool,
    pub warnings: Vec<Problem>,
}

/// Why `add` refused a pack.
#[derive(Debug)]
pub enum AddError {
    /// The pack has problems: `check` would list them.
    Invalid(PackError),
    Refused(String),
}

/// A short, stable fingerprint of a text (64-bit FNV-1a, in hex): stable
/// across versions and platforms, unlike the standard library's hasher.
pub fn text_hash(text: &str) -> String {
    format_text_hash(crate::study::compiled::text_fingerprint(text))
}

/// How a text's fingerprint is written in progress files.
pub fn format_text_hash(fingerprint: u64) -> String {
    format!("fnv1a64:{fingerprint:016x}")
}

/// Whether a pack id can name a file everywhere: ASCII letters, digits,
/// `-` and `_`.
pub fn is_file_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub struct Library {
    pub dir: PathBuf,
}

impl Library {
    /// The library inside a data directory.
    pub fn new(data_dir: &Path) -> Library {
        Library {
            dir: data_dir.join(FOLDER),
        }
    }

    /// The file an added pack with this id is kept in.
    pub fn path_for(&self, id: &str) -> Option<PathBuf> {
        is_file_safe_id(id).then(|| self.dir.join(format!("{id}.toml")))
    }

    /// Checks a pack and copies it into the library under its id. A pack
    /// already there with the same id is replaced only if its text is the
    /// same (an edited glossary); a different text is refused.
    pub fn add(&self, file: &Path) -> Result<Added, AddError> {
        let name = file.display().to_string();
        let source = pack::load::read_file(file).map_err(AddError::Invalid)?;
        let (checked, warnings) = Study::check(&name, &source).map_err(AddError::Invalid)?;
        let id = checked.pack.id.clone();
        let title = checked.pack.title.clone();
        if let Some(i) = builtin_with_id(&id) {
            let _ = i;
            return Err(AddError::Refused(format!(
                "the built-in pack already has the id \"{id}\"; give this pack another id in its [pack] table"
            )));
        }
        let Some(path) = self.path_for(&id) else {
            return Err(AddError::Refused(format!(
                "the pack id \"{id}\" cannot name a file; use letters a-z, digits, '-' and '_'"
            )));
        };
        let mut replaced = false;
        if path.exists() {
            let theirs = pack::load::read_file(&path)
                .and_then(|s| Study::check(&path.display().to_string(), &s));
            match theirs {
                Ok((old, _)) if text_hash(&old.text.body) != text_hash(&checked.text.body) => {
                    return Err(AddError::Refused(format!(
                        "the library already has a pack with the id \"{id}\" (\"{}\") and a different text; \
                         give this pack another id in its [pack] table",
                        old.pack.title
                    )));
                }
                _ => replaced = true,
            }
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            AddError::Refused(format!(
                "cannot create the library folder {}: {e}",
                self.dir.display()
            ))
        })?;
        write_atomically(&path, source.as_bytes())
            .map_err(|e| AddError::Refused(format!("cannot write {}: {e}", path.display())))?;
        Ok(Added {
            id,
            title,
            path,
            replaced,
            warnings,
        })
    }

    /// The packs added, by id: (id, file). Files that are not packs are
    /// skipped.
    fn files(&self) -> Vec<(String, PathBuf)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<(String, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter_map(|p| {
                let id = p.file_stem()?.to_str()?.to_string();
                is_file_safe_id(&id).then_some((id, p))
            })
            .collect();
        out.sort();
        out
    }

    /// How many packs [`Library::list`] would list, without opening any.
    pub fn count(&self) -> usize {
        pack::BUILTIN.len() + self.files().len()
    }

    /// Every pack: the built-in ones first, then the library's by id. A
    /// library file that no longer loads is listed with its problem as
    /// title, so that it can be found and fixed.
    pub fn list(&self) -> Vec<(Listed, Result<Study, PackError>)> {
        let mut out = Vec::new();
        for (i, (name, _)) in pack::BUILTIN.iter().enumerate() {
            let study = Study::builtin();
            let (id, title) = match &study {
                Ok(s) => (s.pack.pack.id.clone(), s.pack.pack.title.clone()),
                Err(_) => (name.to_string(), name.to_string()),
            };
            out.push((
                Listed {
                    id,
                    title,
                    place: Place::Builtin(i),
                },
                study,
            ));
        }
        for (id, path) in self.files() {
            let study = Study::open(&path);
            let title = match &study {
                Ok(s) => s.pack.pack.title.clone(),
                Err(_) => "(does not load: run liseuse check on it)".to_string(),
            };
            out.push((
                Listed {
                    id,
                    title,
                    place: Place::File(path),
                },
                study,
            ));
        }
        out
    }

    /// Finds a pack by id: the library's, else a built-in one.
    pub fn find(&self, id: &str) -> Option<Place> {
        if let Some(path) = self.path_for(id).filter(|p| p.is_file()) {
            return Some(Place::File(path));
        }
        builtin_with_id(id).map(Place::Builtin)
    }
}

fn builtin_with_id(id: &str) -> Option<usize> {
    // The built-in packs' ids, read from their sources' [pack] tables
    // without loading them.
    pack::BUILTIN.iter().position(|(_, source)| {
        source
            .lines()
            .skip_while(|l| l.trim() != "[pack]")
            .find_map(|l| {
                let (key, value) = l.split_once('=')?;
                (key.trim() == "id").then(|| value.trim().trim_matches('"').to_string())
            })
            .is_some_and(|found| found == id)
    })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = atomic_write_file::AtomicWriteFile::options().open(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Ties progress to a text, by its [`text_hash`], in memory: the hash goes
/// to the file with the next save.
pub fn tie(progress: &mut crate::progress::Progress, text_hash: String) {
    progress
        .extra
        .insert(TEXT_HASH_KEY.to_string(), toml::Value::String(text_hash));
}

/// Whether progress is tied to a text yet.
pub fn is_tied(progress: &crate::progress::Progress) -> bool {
    progress.extra.contains_key(TEXT_HASH_KEY)
}

/// Checks a pack's progress belongs to its text. Progress written before
/// texts were tied is claimed for this text when `claim` is set; progress
/// tied to another text is refused with a message saying how to keep the
/// two apart. A pack never studied has no file, and none is written for
/// it: the app ties its progress with [`tie`] and saves it when there is
/// something to save.
pub fn check_progress(
    store: &Store,
    pack_id: &str,
    hash: String,
    now: i64,
    claim: bool,
) -> Result<(), String> {
    let path = store.path_for(pack_id);
    // Read without the store: a damaged or special file is left for the
    // app to report (and set aside) as it always does.
    let on_disk = match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok()),
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(_) => return Ok(()),
    };
    let stored = on_disk
        .as_ref()
        .and_then(|t| t.get(TEXT_HASH_KEY))
        .and_then(toml::Value::as_str);
    match stored {
        Some(h) if h == hash => Ok(()),
        Some(_) => Err(format!(
            "a pack with id \"{pack_id}\" but a different text already has progress in {}; \
             use --pack-id to keep this pack's progress under another id, or rename the pack's id",
            path.display()
        )),
        None if claim && on_disk.is_some() => {
            let mut progress = store.load(pack_id, now).progress;
            progress
                .extra
                .insert(TEXT_HASH_KEY.to_string(), toml::Value::String(hash));
            // Not being able to save now is not a reason to refuse the
            // pack: the app reports unsaved progress itself.
            let _ = store.save(&progress, now);
            Ok(())
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = "[pack]\nid = 'mon-texte'\ntitle = 'Mon texte'\nauthor = 'A'\ndate = '2024'\n\n[text]\nbody = 'Le chat dort.'\n";

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    }

    #[test]
    fn add_list_and_find() {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let lib = Library::new(data.path());
        let file = write(data.path(), "p.toml", PACK);
        let added = lib.add(&file).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(added.id, "mon-texte");
        assert!(!added.replaced);
        let listed: Vec<String> = lib.list().into_iter().map(|(l, _)| l.id).collect();
        assert_eq!(listed, ["durov-2024-09", "mon-texte"]);
        assert_eq!(lib.count(), 2);
        assert_eq!(lib.find("mon-texte"), Some(Place::File(added.path.clone())));
        assert_eq!(lib.find("durov-2024-09"), Some(Place::Builtin(0)));
        assert_eq!(lib.find("absent"), None);
        // The same text with another glossary replaces it.
        let again = lib.add(&file).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(again.replaced);
        // Another text under the same id is refused.
        let other = write(
            data.path(),
            "q.toml",
            &PACK.replace("Le chat dort.", "Il pleut."),
        );
        match lib.add(&other) {
            Err(AddError::Refused(m)) => assert!(m.contains("different text"), "{m}"),
            other => panic!("{other:?}"),
        }
        let builtin = write(
            data.path(),
            "b.toml",
            &PACK.replace("mon-texte", "durov-2024-09"),
        );
        assert!(matches!(lib.add(&builtin), Err(AddError::Refused(_))));
    }

    #[test]
    fn progress_is_tied_to_the_text() {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::new(data.path());
        assert_eq!(
            check_progress(&store, "p", text_hash("Le chat dort."), 0, true),
            Ok(())
        );
        // Nothing is written for a pack never studied.
        assert!(!store.path_for("p").exists());
        // The app's first save holds the tie.
        let mut progress = store.load("p", 0).progress;
        assert!(!is_tied(&progress));
        tie(&mut progress, text_hash("Le chat dort."));
        store.save(&progress, 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            check_progress(&store, "p", text_hash("Le chat dort."), 0, true),
            Ok(())
        );
        let err = check_progress(&store, "p", text_hash("Il pleut."), 0, true).unwrap_err();
        assert!(
            err.starts_with("a pack with id \"p\" but a different text already has progress"),
            "{err}"
        );
        assert!(err.contains("--pack-id"), "{err}");
    }
}
