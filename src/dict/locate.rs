//! Where dictionaries are: dictd's `/usr/share/dictd`, StarDict's
//! `~/.stardict/dic`, `$XDG_DATA_HOME/stardict/dic` and
//! `/usr/share/stardict/dic` (one level of subdirectories too), and any
//! file or directory the config lists.
//!
//! In the standard places only dictionaries from French are taken (their
//! name says so: `fra-eng`, `french`…): a system may hold dozens for other
//! languages. Paths the learner lists are always taken.

use std::path::{Path, PathBuf};

/// One dictionary on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictionaryFile {
    Dictd { index: PathBuf, data: PathBuf },
    StarDict { ifo: PathBuf },
}

impl DictionaryFile {
    /// The file that names the dictionary (`.index` or `.ifo`).
    pub fn path(&self) -> &Path {
        match self {
            DictionaryFile::Dictd { index, .. } => index,
            DictionaryFile::StarDict { ifo } => ifo,
        }
    }

    /// The file's name with its folder's (StarDict dictionaries often say
    /// their languages in the folder's name only).
    fn name(&self) -> String {
        let path = self.path();
        let part = |p: Option<&std::ffi::OsStr>| p.map(|n| n.to_string_lossy().to_lowercase());
        let folder = part(path.parent().and_then(Path::file_name)).unwrap_or_default();
        let file = part(path.file_name()).unwrap_or_default();
        format!("{folder}/{file}")
    }
}

/// The standard places on this system, existing or not.
pub fn standard_places() -> Vec<PathBuf> {
    let mut places = vec![PathBuf::from("/usr/share/dictd")];
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(home) = &home {
        places.push(home.join(".stardict/dic"));
    }
    match std::env::var_os("XDG_DATA_HOME").map(PathBuf::from) {
        Some(data) if data.is_absolute() => places.push(data.join("stardict/dic")),
        _ => {
            if let Some(home) = &home {
                places.push(home.join(".local/share/stardict/dic"));
            }
        }
    }
    places.push(PathBuf::from("/usr/share/stardict/dic"));
    places
}

/// Whether a file name says the dictionary is from French.
fn from_french(name: &str) -> bool {
    [
        "fra-",
        "fre-",
        "fr-",
        "fr_",
        "french",
        "français",
        "francais",
    ]
    .iter()
    .any(|m| name.contains(m))
}

/// The dictionaries in `places` (from French only) and in `extra` (files or
/// directories, all taken), without duplicates, in that order.
pub fn find_dictionaries(places: &[PathBuf], extra: &[PathBuf]) -> Vec<DictionaryFile> {
    let mut found: Vec<DictionaryFile> = Vec::new();
    let mut add = |d: DictionaryFile| {
        if !found.contains(&d) {
            found.push(d);
        }
    };
    for place in places {
        for d in in_dir(place, 1) {
            if from_french(&d.name()) {
                add(d);
            }
        }
    }
    for path in extra {
        if path.is_dir() {
            in_dir(path, 1).into_iter().for_each(&mut add);
        } else if let Some(d) = as_dictionary(path) {
            add(d);
        }
    }
    found
}

/// Dictionaries in a directory, and in its subdirectories down to `depth`.
fn in_dir(dir: &Path, depth: usize) -> Vec<DictionaryFile> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            if depth > 0 {
                out.extend(in_dir(&p, depth - 1));
            }
        } else if let Some(d) = as_dictionary(&p) {
            out.push(d);
        }
    }
    out
}

/// A dictionary named by its `.index`, `.ifo` or data file.
fn as_dictionary(path: &Path) -> Option<DictionaryFile> {
    let s = path.to_string_lossy();
    if let Some(base) = s.strip_suffix(".index") {
        let data = [format!("{base}.dict.dz"), format!("{base}.dict")]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())?;
        return Some(DictionaryFile::Dictd {
            index: path.to_path_buf(),
            data,
        });
    }
    if s.ends_with(".ifo") {
        return Some(DictionaryFile::StarDict {
            ifo: path.to_path_buf(),
        });
    }
    None
}
