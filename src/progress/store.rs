//! Progress files on disk: one TOML file per pack in the data directory.
//!
//! Saving never damages what is on disk: the file is replaced atomically
//! (through a symbolic link, the link's target, keeping its mode), a file
//! that is not TOML is moved aside rather than overwritten, parts a newer
//! version wrote are kept, and a save by another instance in between is
//! merged in under a lock whose wait is bounded. FIFOs and devices are
//! never opened for reading or written over. Errors are values for the app
//! to show; it keeps the answers in memory and retries.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use atomic_write_file::AtomicWriteFile;

use super::merge::merge;
use super::model::Progress;
use crate::files::{self, ReadError};
use crate::pack::sanitize::clean;

/// How long a save waits for another instance's lock by default.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// Where progress files live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    pub dir: PathBuf,
    /// How long a save waits for the lock before giving up.
    pub lock_wait: Duration,
}

/// A loaded progress, and something to tell the learner when the file had
/// to be set aside.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadOutcome {
    pub progress: Progress,
    pub notice: Option<String>,
}

/// A save that went through: what is now on disk (with another instance's
/// answers merged in), and a notice if a damaged file was set aside.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveOutcome {
    pub progress: Progress,
    pub notice: Option<String>,
}

/// Why progress could not be saved. Nothing on disk was changed.
#[derive(Debug)]
pub enum SaveError {
    /// The data directory could not be created.
    CreateDir { dir: PathBuf, source: io::Error },
    /// The lock file could not be opened or locked.
    Lock { path: PathBuf, source: io::Error },
    /// Another instance held the lock for longer than [`Store::lock_wait`].
    LockTimeout { path: PathBuf, waited: Duration },
    /// The progress file is a FIFO, a device or a directory.
    NotAFile { path: PathBuf, what: &'static str },
    /// A damaged file was in the way and could not be moved aside.
    MoveAside { path: PathBuf, source: io::Error },
    /// Writing or replacing the file failed.
    Write { path: PathBuf, source: io::Error },
    /// The progress could not be turned into TOML.
    Serialize(String),
}

impl SaveError {
    /// The underlying I/O error, if any.
    pub fn io_error(&self) -> Option<&io::Error> {
        match self {
            SaveError::CreateDir { source, .. }
            | SaveError::Lock { source, .. }
            | SaveError::MoveAside { source, .. }
            | SaveError::Write { source, .. } => Some(source),
            SaveError::Serialize(_)
            | SaveError::LockTimeout { .. }
            | SaveError::NotAFile { .. } => None,
        }
    }

    /// Whether the disk (or quota) is full.
    pub fn is_disk_full(&self) -> bool {
        self.io_error().is_some_and(|e| {
            matches!(
                e.kind(),
                io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
            )
        })
    }
}

/// Paths and system messages can hold any byte: what is shown goes
/// through the one sanitiser.
impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clean(&self.describe(), false))
    }
}

impl SaveError {
    fn describe(&self) -> String {
        let cause = |e: &io::Error| {
            if matches!(
                e.kind(),
                io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
            ) {
                "the disk is full".to_string()
            } else {
                e.to_string()
            }
        };
        match self {
            SaveError::CreateDir { dir, source } => format!(
                "cannot create the data folder {}: {}",
                dir.display(),
                cause(source)
            ),
            SaveError::Lock { path, source } => {
                format!("cannot lock {}: {}", path.display(), cause(source))
            }
            SaveError::LockTimeout { path, waited } => format!(
                "another copy of liseuse kept {} locked for over {} s",
                path.display(),
                waited.as_secs_f32().ceil()
            ),
            SaveError::NotAFile { path, what } => format!(
                "{} is {what}, not a regular file, and is left alone",
                path.display()
            ),
            SaveError::MoveAside { path, source } => format!(
                "{} is damaged and cannot be moved aside: {}",
                path.display(),
                cause(source)
            ),
            SaveError::Write { path, source } => {
                format!("cannot write {}: {}", path.display(), cause(source))
            }
            SaveError::Serialize(msg) => format!("cannot encode progress: {msg}"),
        }
    }
}

impl std::error::Error for SaveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.io_error()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// What reading a progress file found.
enum OnDisk {
    Missing,
    Parsed(Box<Progress>),
    /// Present but unusable, with why: to be set aside.
    Damaged(String),
    /// A FIFO, device or directory: never read, moved or replaced.
    Special(&'static str),
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: dir.into(),
            lock_wait: LOCK_WAIT,
        }
    }

    /// The same store with another bound on lock waits.
    pub fn with_lock_wait(mut self, wait: Duration) -> Store {
        self.lock_wait = wait;
        self
    }

    /// Reads a pack's progress without changing anything on disk, for the
    /// commands that only report: a file that cannot be used is left where
    /// it is, with a notice.
    pub fn peek(&self, pack_id: &str) -> LoadOutcome {
        let path = self.path_for(pack_id);
        let (progress, notice) = match read(&path, pack_id) {
            OnDisk::Missing => (Progress::new(pack_id), None),
            OnDisk::Parsed(progress) => (*progress, None),
            OnDisk::Damaged(why) => (
                Progress::new(pack_id),
                Some(clean(
                    &format!(
                        "The progress file {} {why}; it is left as it is.",
                        path.display()
                    ),
                    false,
                )),
            ),
            OnDisk::Special(what) => (Progress::new(pack_id), Some(special_notice(&path, what))),
        };
        LoadOutcome { progress, notice }
    }

    /// The file of a pack: its id, made safe as a file name.
    pub fn path_for(&self, pack_id: &str) -> PathBuf {
        self.dir.join(format!("{}.toml", file_stem(pack_id)))
    }

    fn lock_path(&self, pack_id: &str) -> PathBuf {
        self.dir.join(format!("{}.lock", file_stem(pack_id)))
    }

    /// Loads a pack's progress. A missing file is a fresh start; a damaged
    /// one is moved aside (never deleted) with a notice, and progress starts
    /// afresh. `now` (unix seconds) names the set-aside file.
    pub fn load(&self, pack_id: &str, now: i64) -> LoadOutcome {
        let path = self.path_for(pack_id);
        let path = resolve_links(&path).unwrap_or(path);
        let fresh = || Progress::new(pack_id);
        match read(&path, pack_id) {
            OnDisk::Special(what) => LoadOutcome {
                progress: fresh(),
                notice: Some(special_notice(&path, what)),
            },
            OnDisk::Missing => LoadOutcome {
                progress: fresh(),
                notice: None,
            },
            OnDisk::Parsed(progress) => LoadOutcome {
                progress: *progress,
                notice: None,
            },
            OnDisk::Damaged(_) => {
                // Hold the lock so another instance does not move it too, and
                // look again under it: another instance may have set the file
                // aside and saved a good one since it was read.
                let _lock = self.lock(pack_id).ok();
                let why = match read(&path, pack_id) {
                    OnDisk::Special(what) => {
                        return LoadOutcome {
                            progress: fresh(),
                            notice: Some(special_notice(&path, what)),
                        };
                    }
                    OnDisk::Missing => {
                        return LoadOutcome {
                            progress: fresh(),
                            notice: None,
                        };
                    }
                    OnDisk::Parsed(progress) => {
                        return LoadOutcome {
                            progress: *progress,
                            notice: None,
                        };
                    }
                    OnDisk::Damaged(why) => why,
                };
                let notice = match move_aside(&path, now) {
                    Ok(aside) => format!(
                        "The progress file {} {why}. It was kept as {} and progress starts afresh.",
                        path.display(),
                        aside.display()
                    ),
                    Err(e) => format!(
                        "The progress file {} {why} and could not be moved aside ({e}). \
                         Progress starts afresh; it will not be saved over that file.",
                        path.display()
                    ),
                };
                LoadOutcome {
                    progress: fresh(),
                    notice: Some(clean(&notice, false)),
                }
            }
        }
    }

    /// Saves atomically, merging in whatever another instance saved since.
    pub fn save(&self, progress: &Progress, now: i64) -> Result<(), SaveError> {
        self.save_merged(progress, now).map(|_| ())
    }

    /// Like [`Store::save`], returning the merged progress now on disk so
    /// the app can carry on from it.
    pub fn save_merged(&self, progress: &Progress, now: i64) -> Result<SaveOutcome, SaveError> {
        fs::create_dir_all(&self.dir).map_err(|source| SaveError::CreateDir {
            dir: self.dir.clone(),
            source,
        })?;
        let _lock = self.lock(&progress.pack_id)?;
        let link = self.path_for(&progress.pack_id);
        // Through a symbolic link, the target is what is replaced.
        let path = resolve_links(&link).map_err(|source| SaveError::Write {
            path: link.clone(),
            source,
        })?;
        let (merged, notice) = match read(&path, &progress.pack_id) {
            OnDisk::Special(what) => return Err(SaveError::NotAFile { path, what }),
            OnDisk::Missing => (progress.clone(), None),
            OnDisk::Parsed(disk) => (merge(&disk, progress), None),
            OnDisk::Damaged(why) => {
                let aside = move_aside(&path, now).map_err(|source| SaveError::MoveAside {
                    path: path.clone(),
                    source,
                })?;
                let notice = format!(
                    "The progress file {} {why}. It was kept as {}.",
                    path.display(),
                    aside.display()
                );
                (progress.clone(), Some(clean(&notice, false)))
            }
        };
        remove_stale_temporaries(&path);
        let text = merged
            .to_toml()
            .map_err(|e| SaveError::Serialize(e.to_string()))?;
        write_atomic(&path, text.as_bytes()).map_err(|source| SaveError::Write {
            path: path.clone(),
            source,
        })?;
        Ok(SaveOutcome {
            progress: merged,
            notice,
        })
    }

    /// An exclusive lock on the pack's lock file, released when dropped.
    /// The lock file is left in place: deleting it would race. It is never
    /// followed if it is a symbolic link and needs no write permission;
    /// when it cannot be opened at all, the data folder itself is locked,
    /// so a broken lock file never stops every save. The wait is bounded by
    /// [`Store::lock_wait`].
    fn lock(&self, pack_id: &str) -> Result<File, SaveError> {
        let path = self.lock_path(pack_id);
        let file = match open_lock_file(&path) {
            Ok(file) => file,
            Err(_) => File::open(&self.dir).map_err(|source| SaveError::Lock {
                path: path.clone(),
                source,
            })?,
        };
        let deadline = Instant::now() + self.lock_wait;
        loop {
            // Qualified: the std method of the same name needs a newer Rust.
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => return Ok(file),
                Err(fs4::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(SaveError::LockTimeout {
                        path,
                        waited: self.lock_wait,
                    });
                }
                Err(fs4::TryLockError::Error(source)) => {
                    return Err(SaveError::Lock { path, source });
                }
            }
        }
    }
}

/// Writes `progress` to a new file in the first of `dirs` that takes it,
/// for when the data folder cannot be written: `liseuse-<pack>-<time>.toml`
/// (with a counter if taken), never replacing anything. Returns its path.
pub fn write_copy(progress: &Progress, dirs: &[PathBuf], now: i64) -> Result<PathBuf, String> {
    let text = progress
        .to_toml()
        .map_err(|e| format!("cannot encode progress: {e}"))?;
    let stem = format!(
        "liseuse-{}-{}",
        file_stem(&progress.pack_id),
        timestamp(now)
    );
    let mut errors = Vec::new();
    for dir in dirs {
        for n in 1..100u32 {
            let name = if n == 1 {
                format!("{stem}.toml")
            } else {
                format!("{stem}-{n}.toml")
            };
            let path = dir.join(name);
            let written = File::options()
                .write(true)
                .create_new(true)
                .open(&path)
                .and_then(|mut f| {
                    f.write_all(text.as_bytes())?;
                    f.sync_all()
                });
            match written {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    // Half a copy is worth nothing: take it away.
                    if path.exists() {
                        let _ = fs::remove_file(&path);
                    }
                    errors.push(format!("{}: {}", dir.display(), e));
                    break;
                }
            }
        }
    }
    Err(if errors.is_empty() {
        "no folder to write to".into()
    } else {
        errors.join("; ")
    })
}

/// Opens (creating it if need be, with the umask's permissions) the lock
/// file without following a symbolic link and without needing to write
/// to it: `flock` only needs an open file.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
            .mode(0o666);
    }
    match options.open(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => options
            .write(true)
            .create_new(true)
            .open(path)
            .or_else(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    options.write(false).create_new(false).open(path)
                } else {
                    Err(e)
                }
            }),
        result => {
            let file = result?;
            if file.metadata()?.is_file() {
                Ok(file)
            } else {
                Err(io::Error::other("the lock file is not a regular file"))
            }
        }
    }
}

fn special_notice(path: &Path, what: &str) -> String {
    clean(
        &format!(
            "The progress file {} is {what}, not a regular file: it is left alone \
             and progress will not be saved.",
            path.display()
        ),
        false,
    )
}

/// `path` with its symbolic links followed (the last one may point at a
/// file yet to be made), so that a save replaces the target, not the link.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) => parent.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn read(path: &Path, pack_id: &str) -> OnDisk {
    let mut bytes = Vec::new();
    let read = files::open_regular(path).and_then(|mut f| Ok(f.read_to_end(&mut bytes)?));
    match read {
        Ok(_) => {}
        // A data folder that cannot exist (a file in its way) holds no file
        // either: saving will say why.
        Err(ReadError::Io(e))
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return OnDisk::Missing;
        }
        Err(ReadError::NotAFile(what)) => return OnDisk::Special(what),
        Err(e) => return OnDisk::Damaged(format!("could not be read ({e})")),
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return OnDisk::Damaged("is not UTF-8 text".into());
    };
    match Progress::from_toml(&text) {
        Ok(p) if p.pack_id == pack_id => OnDisk::Parsed(Box::new(p)),
        Ok(p) => OnDisk::Damaged(format!(
            "belongs to another pack ({:?})",
            p.pack_id.chars().take(80).collect::<String>()
        )),
        Err(e) => OnDisk::Damaged(format!("could not be parsed: it {e}")),
    }
}

/// Writes through a temporary file, fsynced, then renamed over `path`.
fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicWriteFile::options().open(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Removes the temporary files of saves killed midway (`.<name>.XXXXXX`,
/// as `atomic-write-file` names them), which would otherwise pile up.
/// Called under the lock only: then no save of this pack is writing one.
fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let is_temporary = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .is_some_and(|suffix| {
                suffix.len() == 6 && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if is_temporary && entry.file_type().is_ok_and(|t| t.is_file()) {
            // Best effort: a leftover costs only disk space.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Renames a damaged file to `<stem>.corrupt-<timestamp>.toml`, adding a
/// counter rather than replacing an earlier one.
fn move_aside(path: &Path, now: i64) -> io::Result<PathBuf> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "progress".into());
    let stamp = timestamp(now);
    for n in 1..10_000u32 {
        let name = if n == 1 {
            format!("{stem}.corrupt-{stamp}.toml")
        } else {
            format!("{stem}.corrupt-{stamp}-{n}.toml")
        };
        let target = path.with_file_name(name);
        if target.symlink_metadata().is_ok() {
            continue;
        }
        fs::rename(path, &target)?;
        return Ok(target);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many set-aside files",
    ))
}

/// `pack_id` with anything but letters, digits, `-`, `_` and `.` replaced,
/// so an id cannot reach outside the data directory.
fn file_stem(pack_id: &str) -> String {
    let safe: String = pack_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        "pack".into()
    } else {
        safe.to_string()
    }
}

/// `20260102T030405Z` for unix seconds `t` (UTC).
pub fn timestamp(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::{CardRecord, DeckStatus};
    use crate::quiz::schedule::{CardState, Phase};

    const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

    fn store() -> (tempfile::TempDir, Store) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let store = Store::new(tmp.path().join("data"));
        (tmp, store)
    }

    fn studied(p: &mut Progress, id: &str, at: i64) {
        p.cards.insert(
            id.into(),
            CardRecord {
                state: CardState {
                    phase: Phase::Review,
                    stability: 4.0,
                    difficulty: 5.0,
                    due: at + 86_400,
                    last_review: Some(at),
                    reps: 2,
                    lapses: 0,
                },
                ..CardRecord::default()
            },
        );
    }

    #[test]
    fn missing_file_is_a_fresh_start() {
        let (_tmp, store) = store();
        let out = store.load("p", NOW);
        assert_eq!(out.progress, Progress::new("p"));
        assert_eq!(out.notice, None);
    }

    #[test]
    fn save_then_load_round_trips_and_creates_the_dir() {
        let (_tmp, store) = store();
        let mut p = Progress::new("p");
        studied(&mut p, "ordre", NOW);
        p.set_deck_status("vite", DeckStatus::Suspended, NOW);
        store.save(&p, NOW).expect("saved");
        assert!(store.path_for("p").is_file());
        let out = store.load("p", NOW);
        assert_eq!(out.progress, p);
        assert_eq!(out.notice, None);
    }

    #[test]
    fn the_file_is_on_disk_after_every_save() {
        let (_tmp, store) = store();
        let mut p = Progress::new("p");
        for i in 0..5 {
            studied(&mut p, &format!("c{i}"), NOW + i);
            store.save(&p, NOW + i).expect("saved");
            let text = fs::read_to_string(store.path_for("p")).expect("file present");
            let on_disk = Progress::from_toml(&text).expect("parses");
            assert_eq!(on_disk.cards.len(), i as usize + 1);
        }
        // No temporary files left behind.
        let names: Vec<_> = fs::read_dir(&store.dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        let mut names = names;
        names.sort();
        assert_eq!(names, vec!["p.lock", "p.toml"]);
    }

    #[test]
    fn corrupt_file_is_moved_aside_intact_and_reported() {
        let (_tmp, store) = store();
        fs::create_dir_all(&store.dir).expect("dir");
        let path = store.path_for("p");
        let garbage = "version = 1\npack_id = \"p\"\ncards = [[[ oops";
        fs::write(&path, garbage).expect("write");
        // An earlier set-aside file with the same name must survive too.
        let first = store.dir.join("p.corrupt-20260101T000000Z.toml");
        fs::write(&first, "older").expect("write");

        let out = store.load("p", NOW);
        assert_eq!(out.progress, Progress::new("p"));
        let notice = out.notice.expect("a notice");
        assert!(notice.contains("could not be parsed"), "{notice}");
        assert!(!path.exists());
        let aside = store.dir.join("p.corrupt-20260101T000000Z-2.toml");
        assert!(
            notice.contains("p.corrupt-20260101T000000Z-2.toml"),
            "{notice}"
        );
        assert_eq!(fs::read_to_string(&aside).expect("aside"), garbage);
        assert_eq!(fs::read_to_string(&first).expect("first"), "older");
    }

    #[test]
    fn non_utf8_and_foreign_files_are_set_aside() {
        let (_tmp, store) = store();
        fs::create_dir_all(&store.dir).expect("dir");
        fs::write(store.path_for("p"), [0xff, 0xfe, 0x00]).expect("write");
        let out = store.load("p", NOW);
        assert!(out.notice.is_some_and(|n| n.contains("UTF-8")));
        store.save(&Progress::new("other"), NOW).expect("saved");
        fs::copy(store.path_for("other"), store.path_for("p")).expect("copy");
        let out = store.load("p", NOW + 1);
        assert!(out.notice.is_some_and(|n| n.contains("another pack")));
    }

    #[test]
    fn a_damaged_file_found_while_saving_is_kept() {
        let (_tmp, store) = store();
        fs::create_dir_all(&store.dir).expect("dir");
        fs::write(store.path_for("p"), "not = [toml").expect("write");
        let out = store.save_merged(&Progress::new("p"), NOW).expect("saved");
        assert!(out.notice.is_some());
        let aside = store.dir.join("p.corrupt-20260101T000000Z.toml");
        assert_eq!(fs::read_to_string(aside).expect("aside"), "not = [toml");
        assert_eq!(store.load("p", NOW).progress, Progress::new("p"));
    }

    #[test]
    fn two_instances_saving_in_turn_keep_both_answers() {
        let (_tmp, store) = store();
        let mut base = Progress::new("p");
        studied(&mut base, "a", NOW);
        store.save(&base, NOW).expect("saved");

        let mut one = store.load("p", NOW).progress;
        let mut two = store.load("p", NOW).progress;
        studied(&mut one, "b", NOW + 10);
        one.record_question("q1", true, None, NOW + 11);
        studied(&mut two, "c", NOW + 20);
        two.record_round(2, 3, NOW + 21);
        store.save(&one, NOW + 12).expect("one saved");
        let out = store.save_merged(&two, NOW + 22).expect("two saved");

        let on_disk = store.load("p", NOW + 30).progress;
        assert_eq!(on_disk, out.progress);
        let ids: Vec<_> = on_disk.cards.keys().cloned().collect();
        assert_eq!(ids, vec!["a", "b", "c"]);
        assert!(on_disk.questions.answered.contains_key("q1"));
        assert_eq!(on_disk.questions.last.map(|s| s.correct), Some(2));
    }

    #[test]
    fn unknown_fields_from_a_newer_version_are_preserved_on_save() {
        let (_tmp, store) = store();
        fs::create_dir_all(&store.dir).expect("dir");
        let newer = "version = 9\npack_id = \"p\"\nshiny = { a = 1 }\n\n\
                     [cards.a]\nphase = \"review\"\ndue = 5\nlast_review = 1\nhalo = true\n";
        fs::write(store.path_for("p"), newer).expect("write");
        let mut p = store.load("p", NOW).progress;
        assert_eq!(p.version, 9);
        studied(&mut p, "b", NOW);
        store.save(&p, NOW).expect("saved");
        let text = fs::read_to_string(store.path_for("p")).expect("read");
        let back = Progress::from_toml(&text).expect("parses");
        assert_eq!(back.version, 9);
        assert!(back.extra.contains_key("shiny"), "{text}");
        assert!(back.cards["a"].extra.contains_key("halo"), "{text}");
    }

    #[test]
    fn a_file_repaired_by_another_instance_meanwhile_is_not_set_aside() {
        let (_tmp, store) = store();
        fs::create_dir_all(&store.dir).expect("dir");
        let path = store.path_for("p");
        fs::write(&path, "not = [toml").expect("write");
        // Another instance holds the lock, about to set the file aside and
        // save its progress.
        let lock = store.lock("p").expect("lock");
        let loader = {
            let store = store.clone();
            std::thread::spawn(move || store.load("p", NOW))
        };
        // Let the loader read the damaged file and wait for the lock. (If it
        // is slower, it reads the good file: the outcome is the same.)
        std::thread::sleep(std::time::Duration::from_millis(100));
        let mut good = Progress::new("p");
        studied(&mut good, "a", NOW);
        fs::rename(&path, store.dir.join("elsewhere.toml")).expect("set aside");
        write_atomic(&path, good.to_toml().expect("toml").as_bytes()).expect("write");
        drop(lock);
        let out = loader.join().expect("loader");
        assert_eq!(out.notice, None);
        assert_eq!(out.progress, good);
        assert_eq!(store.load("p", NOW).progress, good);
    }

    #[test]
    fn temporaries_of_a_killed_save_are_removed_by_the_next_save() {
        let (_tmp, store) = store();
        fs::create_dir_all(&store.dir).expect("dir");
        let keep = [
            ".p.toml.notes",
            ".p.toml.abc12",
            ".q.toml.Ab3dE9",
            "p.corrupt-20260101T000000Z.toml",
        ];
        for name in keep.iter().chain(&[".p.toml.Ab3dE9", ".p.toml.000000"]) {
            fs::write(store.dir.join(name), "half a save").expect("write");
        }
        store.save(&Progress::new("p"), NOW).expect("saved");
        let mut names: Vec<_> = fs::read_dir(&store.dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<_> = keep.iter().chain(&["p.lock", "p.toml"]).copied().collect();
        expected.sort();
        assert_eq!(names, expected);
    }

    #[test]
    fn an_unwritable_directory_is_an_error_value() {
        // Tests may run as root, which ignores permission bits: a "directory"
        // below a regular file cannot be created by anyone.
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("plain-file");
        fs::write(&file, "x").expect("write");
        let store = Store::new(file.join("data"));
        let err = store.save(&Progress::new("p"), NOW).expect_err("must fail");
        assert!(matches!(err, SaveError::CreateDir { .. }), "{err:?}");
        assert!(err.to_string().contains("cannot create the data folder"));
        assert_eq!(fs::read_to_string(&file).expect("intact"), "x");
        // Loading from there is just a fresh start, with nothing to say.
        let loaded = store.load("p", NOW);
        assert_eq!(loaded.progress, Progress::new("p"));
        assert_eq!(loaded.notice, None);
    }

    #[test]
    fn disk_full_is_recognised() {
        let err = SaveError::Write {
            path: PathBuf::from("p.toml"),
            source: io::Error::from(io::ErrorKind::StorageFull),
        };
        assert!(err.is_disk_full());
        assert!(err.to_string().contains("the disk is full"));
    }

    #[test]
    fn pack_ids_become_safe_file_names() {
        let store = Store::new("d");
        assert_eq!(
            store.path_for("le-monde_2024.1"),
            Path::new("d/le-monde_2024.1.toml")
        );
        assert_eq!(
            store.path_for("../etc/passwd"),
            Path::new("d/_etc_passwd.toml")
        );
        assert_eq!(store.path_for(""), Path::new("d/pack.toml"));
    }

    #[test]
    fn a_copy_goes_to_the_first_folder_that_takes_it_and_replaces_nothing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let blocked = tmp.path().join("file").join("below");
        fs::write(tmp.path().join("file"), "x").expect("write");
        let mut p = Progress::new("p");
        studied(&mut p, "a", NOW);
        let dirs = [blocked, tmp.path().to_path_buf()];
        let first = write_copy(&p, &dirs, NOW).expect("written");
        assert_eq!(first, tmp.path().join("liseuse-p-20260101T000000Z.toml"));
        let second = write_copy(&p, &dirs, NOW).expect("written");
        assert_eq!(second, tmp.path().join("liseuse-p-20260101T000000Z-2.toml"));
        let back = Progress::from_toml(&fs::read_to_string(&first).expect("read")).expect("parses");
        assert_eq!(back, p);
        let err = write_copy(&p, &dirs[..1], NOW).expect_err("nowhere to write");
        assert!(err.contains("file"), "{err}");
    }

    #[test]
    fn timestamps_are_utc_calendar_times() {
        assert_eq!(timestamp(0), "19700101T000000Z");
        assert_eq!(timestamp(NOW + 3 * 3600 + 4 * 60 + 5), "20260101T030405Z");
        assert_eq!(timestamp(951_782_400), "20000229T000000Z");
    }
}
