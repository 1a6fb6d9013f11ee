//! Compiled packs, cached by the hash of their source.
//!
//! Opening a pack the first time parses its TOML, cleans, validates and
//! indexes it; the result is written here in the compiled-pack format
//! ([`crate::study::compiled`]), so that opening the same file again costs
//! a read and a check of the bytes, about what the built-in pack costs. An
//! entry is found by the hash of the pack's source alone (a moved or copied
//! file hits, an edited one misses), under a folder named after this
//! version of the program and of the format, so a newer program never
//! trusts an older one's validation. A missing, unreadable, damaged or
//! inconsistent entry is simply a miss: the cache only ever saves time.
//!
//! Hashing a large source on every open costs more than the rest of the
//! first screen, so the hash found for a file is also remembered with its
//! identity, size and times (as `make` and `git` trust a file's stat): a
//! file whose stat has not changed since is not read at all. The stat is
//! taken before the file is read, and the hash is remembered only if the
//! file is unchanged after, and had not changed in the two seconds before
//! (an edit within the same timestamp tick could not be told).
//!
//! An entry is the [`content_hash`] of the compiled bytes' head (the pack
//! and all that is small), that of the rest (tokens and occurrences), 16
//! bytes each, little-endian, then the compiled bytes: a damaged entry,
//! even one cut short, is a miss, and a long text's preview reads and
//! checks the head alone. What passes the checks is still read with every
//! offset checked.

use std::ffi::OsString;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::study::compiled::FORMAT;

/// Where compiled packs are kept: `LISEUSE_CACHE_DIR` (read by the caller,
/// so this stays testable); else, when the data directory was chosen
/// (`--data-dir`, `LISEUSE_DATA_DIR`), a `cache` folder inside it, so that a
/// self-contained set-up (a test, a portable copy) stays self-contained;
/// else the platform's cache directory.
pub fn cache_dir(env_value: Option<OsString>, chosen_data_dir: Option<PathBuf>) -> Option<PathBuf> {
    env_value
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            chosen_data_dir
                .filter(|d| !d.as_os_str().is_empty())
                .map(|d| d.join("cache"))
        })
        .or_else(|| {
            directories::ProjectDirs::from("", "", "liseuse").map(|p| p.cache_dir().to_path_buf())
        })
}

/// The compiled packs in one directory.
#[derive(Debug, Clone)]
pub struct PackCache {
    dir: PathBuf,
}

impl PackCache {
    pub fn new(root: &Path) -> PackCache {
        PackCache {
            dir: root.join(format!("packs-{}-c{FORMAT}", env!("CARGO_PKG_VERSION"))),
        }
    }

    /// The entry for the source with this [`key`].
    fn entry_for(&self, key: Key) -> PathBuf {
        self.dir.join(format!("{:032x}.pack", key.0))
    }

    /// Where the key of the file with this stat is remembered.
    fn seen_path(&self, stat: &Stat) -> PathBuf {
        self.dir
            .join("seen")
            .join(format!("{:x}-{:x}", stat.dev, stat.ino))
    }

    /// The key of the source whose stat is `seen` (taken before reading
    /// it), if it was remembered with that same identity, size and times:
    /// then it need not be read.
    pub fn known(&self, seen: &FileStat) -> Option<Key> {
        let bytes = std::fs::read(self.seen_path(&seen.stat)).ok()?;
        let (head, key) = bytes.split_at_checked(SEEN_MAGIC.len() + Stat::BYTES)?;
        (head.get(..SEEN_MAGIC.len())? == SEEN_MAGIC
            && head.get(SEEN_MAGIC.len()..)? == seen.stat.to_bytes())
        .then(|| Some(Key(u128::from_le_bytes(key.try_into().ok()?))))
        .flatten()
    }

    /// Remembers the key of the source at `path`, whose stat was `seen`
    /// before it was read and hashed to `key`. Not when the file has
    /// changed since (the key could be of other contents), nor when it was
    /// changed less than two seconds before it was read (a later edit in
    /// the same timestamp tick would go unseen). Failing is harmless: the
    /// file is read and hashed next time.
    pub fn remember(&self, path: &Path, seen: &FileStat, key: Key) -> std::io::Result<()> {
        let now = Stat::of(&std::fs::metadata(path)?);
        if now.as_ref() != Some(&seen.stat) || !seen.settled() {
            return Ok(());
        }
        let path = self.seen_path(&seen.stat);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // The file had other contents when last remembered (edited in
        // place): their entry is of no more use to it.
        let before = std::fs::read(&path).ok().and_then(|b| {
            let key = b.get(SEEN_MAGIC.len() + Stat::BYTES..)?;
            Some(Key(u128::from_le_bytes(key.try_into().ok()?)))
        });
        if let Some(old) = before.filter(|&old| old != key) {
            let _ = std::fs::remove_file(self.entry_for(old));
        }
        let mut file = atomic_write_file::AtomicWriteFile::open(path)?;
        file.write_all(SEEN_MAGIC)?;
        file.write_all(&seen.stat.to_bytes())?;
        file.write_all(&key.0.to_le_bytes())?;
        file.commit()
    }

    /// Whether the pack file at `path`, unchanged, has a compiled entry
    /// (which may still turn out damaged when read): its open is quick.
    pub fn holds(&self, path: &Path) -> bool {
        FileStat::of(path)
            .and_then(|seen| self.known(&seen))
            .is_some_and(|key| self.entry_for(key).is_file())
    }

    /// The head of the entry with this key (see [`PackCache::get_head`]).
    pub fn head_for(&self, key: Key) -> Option<CachedHead> {
        read_head(self.entry_for(key))
    }

    /// Keeps the cache within [`LIMIT`] bytes of entries (and as many
    /// remembered files), removing those used longest ago first (an entry
    /// is dated when written and again when used, at most daily), but
    /// never the entry for `keep`, just written.
    fn trim(&self, keep: Key) {
        self.trim_to(LIMIT, keep);
        self.sweep();
    }

    /// Removes what no one will read: the directories of compiled packs
    /// of an older format (a newer one's are left to the program that
    /// wrote them), and files left half-written an hour ago or more (a
    /// program stopped while writing).
    fn sweep(&self) {
        let format = |name: &str| -> Option<u32> {
            name.strip_prefix("packs-")?
                .rsplit_once("-c")?
                .1
                .parse()
                .ok()
        };
        if let Some(Ok(list)) = self.dir.parent().map(std::fs::read_dir) {
            for entry in list.flatten() {
                let name = entry.file_name();
                let older = name.to_str().and_then(format).is_some_and(|f| f < FORMAT);
                if older && entry.file_type().is_ok_and(|t| t.is_dir()) {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let Ok(list) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = std::time::SystemTime::now();
        for entry in list.flatten() {
            let half_written = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with('.'));
            let old = entry
                .metadata()
                .ok()
                .filter(std::fs::Metadata::is_file)
                .and_then(|m| m.modified().ok())
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age >= HALF_WRITTEN_AGE);
            if half_written && old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    fn trim_to(&self, limit: u64, keep: Key) {
        let kept = self.entry_for(keep);
        let dated = |dir: &Path| -> Vec<(std::time::SystemTime, u64, PathBuf)> {
            let Ok(list) = std::fs::read_dir(dir) else {
                return Vec::new();
            };
            list.flatten()
                .filter_map(|e| {
                    let meta = e.metadata().ok().filter(std::fs::Metadata::is_file)?;
                    Some((meta.modified().ok()?, meta.len(), e.path()))
                })
                .collect()
        };
        let mut entries = dated(&self.dir);
        entries.retain(|(_, _, p)| p.extension().is_some_and(|x| x == "pack") && *p != kept);
        entries.sort();
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum::<u64>()
            + std::fs::metadata(&kept).map_or(0, |m| m.len());
        for (_, len, path) in &entries {
            if total <= limit {
                break;
            }
            if std::fs::remove_file(path).is_ok() {
                total = total.saturating_sub(*len);
            }
        }
        let mut seen = dated(&self.dir.join("seen"));
        seen.sort();
        let extra = seen.len().saturating_sub(SEEN_LIMIT);
        for (_, _, path) in seen.iter().take(extra) {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Keeps the compiled bytes of the pack whose source has this key, then
    /// keeps the cache within its limit.
    pub fn put_for(&self, key: Key, compiled: &[u8]) -> std::io::Result<()> {
        let head_len = crate::study::compiled::head_len(compiled)
            .filter(|&n| n <= compiled.len())
            .ok_or_else(|| std::io::Error::other("not compiled data"))?;
        let (head, rest) = compiled.split_at(head_len);
        std::fs::create_dir_all(&self.dir)?;
        let mut file = atomic_write_file::AtomicWriteFile::open(self.entry_for(key))?;
        file.write_all(&content_hash(head).to_le_bytes())?;
        file.write_all(&content_hash(rest).to_le_bytes())?;
        file.write_all(compiled)?;
        file.commit()?;
        self.trim(key);
        Ok(())
    }

    /// Where the entry for this source is.
    pub fn entry_path(&self, source: impl AsRef<[u8]>) -> PathBuf {
        self.entry_for(key(source.as_ref()))
    }

    /// The compiled bytes cached for this source, if their checks hold
    /// (they are still to be read with every offset checked).
    pub fn get(&self, source: impl AsRef<[u8]>) -> Option<Vec<u8>> {
        read_entry(&self.entry_path(source))
    }

    /// The head of the compiled bytes cached for this source (see
    /// [`compiled::head_len`](crate::study::compiled::head_len)), checked,
    /// with the file left open to read parts of the rest on demand: a long
    /// text's preview needs no more.
    pub fn get_head(&self, source: impl AsRef<[u8]>) -> Option<CachedHead> {
        self.head_for(key(source.as_ref()))
    }

    /// Keeps the compiled bytes of the pack made from `source`.
    pub fn put(&self, source: impl AsRef<[u8]>, compiled: &[u8]) -> std::io::Result<()> {
        self.put_for(key(source.as_ref()), compiled)
    }
}

/// What finds a source's entry: the [`content_hash`] of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(u128);

/// The key of a pack's source.
pub fn key(source: &[u8]) -> Key {
    Key(content_hash(source))
}

/// Starts a remembered key, with the format's version.
const SEEN_MAGIC: &[u8; 8] = b"LSSEEN1\n";

/// A file's [`Stat`], and when it was taken.
#[derive(Debug, Clone)]
pub struct FileStat {
    stat: Stat,
    taken: std::time::SystemTime,
}

impl FileStat {
    /// The stat of a regular file now; `None` for anything else, or
    /// where a file's identity is not at hand.
    pub fn of(path: &Path) -> Option<FileStat> {
        let taken = std::time::SystemTime::now();
        Some(FileStat {
            stat: Stat::of(&std::fs::metadata(path).ok()?)?,
            taken,
        })
    }

    /// As if taken `secs` seconds later: for tests, which cannot date a
    /// file's status change back.
    #[cfg(test)]
    pub(crate) fn aged(mut self, secs: u64) -> FileStat {
        self.taken += std::time::Duration::from_secs(secs);
        self
    }

    /// Whether the file had not changed for two seconds when its stat was
    /// taken (its contents or its status: an edit that dated the file back
    /// still changed its status).
    fn settled(&self) -> bool {
        let taken = self
            .taken
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        self.stat.mtime.0 <= taken - 2 && self.stat.ctime.0 <= taken - 2
    }
}

/// What says a file has not changed: its device and inode, its size, and
/// its modification and status-change times to the nanosecond (an edit
/// in place changes both times; a replaced file has another inode).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stat {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stat {
    const BYTES: usize = 7 * 8;

    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Option<Stat> {
        use std::os::unix::fs::MetadataExt;
        meta.is_file().then(|| Stat {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// Elsewhere a file's identity is not at hand: sources are always read.
    #[cfg(not(unix))]
    fn of(_meta: &std::fs::Metadata) -> Option<Stat> {
        None
    }

    fn to_bytes(&self) -> Vec<u8> {
        [
            self.dev,
            self.ino,
            self.size,
            self.mtime.0 as u64,
            self.mtime.1 as u64,
            self.ctime.0 as u64,
            self.ctime.1 as u64,
        ]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect()
    }
}

/// The checked head of the entry at `path`, with the file left open.
pub fn read_head(path: PathBuf) -> Option<CachedHead> {
    read_head_knowing(path, None)
}

/// Like [`read_head`], for a head read before (its strings' contents
/// `strings` and its hash `check`): only its bytes are read again, and
/// the head is `None` unless they and those strings hash to `check`. A
/// long text's whole is read so, beside its preview's strings: no second
/// copy of them read, checked and kept.
pub fn read_head_again(path: PathBuf, strings: &Arc<String>, check: u128) -> Option<CachedHead> {
    read_head_knowing(path, Some((strings, check)))
}

fn read_head_knowing(path: PathBuf, known: Option<(&Arc<String>, u128)>) -> Option<CachedHead> {
    let mut file = std::fs::File::open(&path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut start = [0u8; CHECKS + crate::study::compiled::HEADER];
    file.read_exact(&mut start).ok()?;
    let head_len = crate::study::compiled::head_len(&start[CHECKS..])?;
    if (CHECKS + head_len) as u64 > size {
        return None;
    }
    // The strings' contents end the head: read into a string of their
    // own, which the entries read from the head borrow (no copies).
    let strings_len = crate::study::compiled::strings_len(&start[CHECKS..])?;
    let header = crate::study::compiled::HEADER;
    let bytes_len = head_len.checked_sub(strings_len).filter(|&n| n >= header)?;
    let mut head = Vec::with_capacity(bytes_len);
    head.extend_from_slice(&start[CHECKS..]);
    read_more(&mut file, &mut head, bytes_len - header)?;
    let check = u128::from_le_bytes(start[..16].try_into().ok()?);
    let rest_check = u128::from_le_bytes(start[16..CHECKS].try_into().ok()?);
    let mut hasher = ContentHasher::new(head_len);
    hasher.update(&head);
    let strings = match known {
        Some((strings, known_check)) => {
            if strings.len() != strings_len || check != known_check {
                return None;
            }
            hasher.update(strings.as_bytes());
            Arc::clone(strings)
        }
        None => {
            let mut strings = Vec::with_capacity(strings_len);
            read_more(&mut file, &mut strings, strings_len)?;
            hasher.update(&strings);
            Arc::new(String::from_utf8(strings).ok()?)
        }
    };
    if hasher.finish() != check {
        return None;
    }
    // Dated when used (at most daily), so that trimming removes the
    // entries used longest ago.
    let now = std::time::SystemTime::now();
    let stale = file
        .metadata()
        .ok()
        .and_then(|m| m.modified().ok())
        .and_then(|m| now.duration_since(m).ok())
        .is_some_and(|age| age.as_secs() > 24 * 3600);
    if stale {
        let _ = file.set_modified(now);
    }
    Some(CachedHead {
        file,
        head,
        strings,
        rest: size - (CHECKS + head_len) as u64,
        rest_at: (CHECKS + head_len) as u64,
        check,
        rest_check,
        path,
    })
}

/// Reads exactly `n` more bytes onto `to`; `None` if the file ends first.
/// Read into spare capacity, not zeroed first: a cached head is most of
/// the memory a long text's first frame touches.
fn read_more(file: &mut impl Read, to: &mut Vec<u8>, n: usize) -> Option<()> {
    let want = to.len().checked_add(n)?;
    file.take(n as u64).read_to_end(to).ok()?;
    (to.len() == want).then_some(())
}

/// How long a half-written entry is left to the program writing it.
const HALF_WRITTEN_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// How many bytes of entries the cache keeps: a 10 MB text compiles to
/// about 30 MB, so several long texts and any number of short ones.
const LIMIT: u64 = 256 * 1024 * 1024;
/// How many files the cache remembers by their stat.
const SEEN_LIMIT: usize = 4096;

/// An entry starts with the hashes of the head and of the rest.
const CHECKS: usize = 32;

/// The compiled bytes of a cache entry, if both its checks hold.
pub fn read_entry(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    let head_len = crate::study::compiled::head_len(bytes.get(CHECKS..)?)?;
    let (checks, compiled) = bytes.split_at_checked(CHECKS)?;
    let (head, rest) = compiled.split_at_checked(head_len)?;
    let head_check = u128::from_le_bytes(checks[..16].try_into().ok()?);
    let rest_check = u128::from_le_bytes(checks[16..].try_into().ok()?);
    if content_hash(head) != head_check || content_hash(rest) != rest_check {
        return None;
    }
    bytes.drain(..CHECKS);
    Some(bytes)
}

/// The checked head of a cache entry, and the file to read the rest from.
#[derive(Debug)]
pub struct CachedHead {
    file: std::fs::File,
    /// The head of the compiled bytes, less its strings' contents.
    pub head: Vec<u8>,
    /// Those contents, read apart (see [`Strings::Apart`]).
    ///
    /// [`Strings::Apart`]: crate::study::compiled::Strings::Apart
    pub strings: Arc<String>,
    /// How many bytes follow the head.
    rest: u64,
    /// Where they start in the file (the head may be taken away once read).
    rest_at: u64,
    /// The hash of the head, checked: two heads read with the same are
    /// the same bytes.
    pub check: u128,
    /// The hash of those bytes, as the entry says.
    rest_check: u128,
    /// The entry, to read it whole or remove it.
    pub path: PathBuf,
}

impl CachedHead {
    /// Where the head's strings are, to decode it with (they were read
    /// apart from its bytes).
    pub fn strings_apart(&self) -> crate::study::compiled::Strings {
        crate::study::compiled::Strings::Apart(Arc::clone(&self.strings))
    }

    /// Whether the bytes after the head hash to what the entry says: read
    /// in a pass of small pieces, so that a long text's entry is checked
    /// without a copy of it all in memory.
    pub fn rest_holds(&self) -> bool {
        let Ok(len) = usize::try_from(self.rest) else {
            return false;
        };
        let mut file = &self.file;
        if file.seek(SeekFrom::Start(self.rest_at)).is_err() {
            return false;
        }
        let mut hasher = ContentHasher::new(len);
        let mut piece = vec![0u8; 256 * 1024];
        let mut left = len;
        while left > 0 {
            let n = left.min(piece.len());
            if file.read_exact(&mut piece[..n]).is_err() {
                return false;
            }
            hasher.update(&piece[..n]);
            left -= n;
        }
        hasher.finish() == self.rest_check
    }

    /// How many bytes follow the head.
    pub fn rest_len(&self) -> Option<usize> {
        usize::try_from(self.rest).ok()
    }

    /// `len` bytes of the compiled data from `at` past the head; `None`
    /// past its end (nothing is allocated then). Not checked by a hash:
    /// the caller checks every value, and the whole is hashed when read.
    pub fn read_rest(&self, at: usize, len: usize) -> Option<Vec<u8>> {
        let end = at.checked_add(len)?;
        if end as u64 > self.rest {
            return None;
        }
        let mut file = &self.file;
        file.seek(SeekFrom::Start(self.rest_at + at as u64)).ok()?;
        let mut buf = Vec::with_capacity(len);
        read_more(&mut file, &mut buf, len)?;
        Some(buf)
    }
}

/// A 128-bit hash of the bytes: four independent multiply-rotate lanes
/// over 32-byte blocks (the processor runs them side by side), then a
/// final mix. Over 5 GB/s, so checking a cached head costs a fraction of a
/// millisecond; a cache key and a check against damage, not a defence
/// (whoever can write the cache directory can change far more than a
/// pack).
pub fn content_hash(bytes: &[u8]) -> u128 {
    let mut hasher = ContentHasher::new(bytes.len());
    hasher.update(bytes);
    hasher.finish()
}

/// [`content_hash`] of bytes given in pieces, their total length told
/// first (it seeds the lanes).
pub struct ContentHasher {
    lanes: [u64; 4],
    /// A block's bytes not yet hashed, when a piece ends inside one.
    pending: [u8; 32],
    filled: usize,
}

const LANE_KEYS: [u64; 4] = [
    0x9E37_79B9_7F4A_7C15,
    0xC2B2_AE3D_27D4_EB4F,
    0x1656_67B1_9E37_79F9,
    0x85EB_CA77_C2B2_AE63,
];

/// A little-endian word of up to 8 bytes, zero-padded.
fn word(w: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word[..w.len()].copy_from_slice(w);
    u64::from_le_bytes(word)
}

impl ContentHasher {
    pub fn new(total_len: usize) -> ContentHasher {
        let len = total_len as u64;
        ContentHasher {
            lanes: [
                0x243F_6A88_85A3_08D3 ^ len,
                0x1319_8A2E_0370_7344 ^ len.rotate_left(16),
                0xA409_3822_299F_31D0 ^ len.rotate_left(32),
                0x082E_FA98_EC4E_6C89 ^ len.rotate_left(48),
            ],
            pending: [0; 32],
            filled: 0,
        }
    }

    fn block(&mut self, block: &[u8]) {
        for ((lane, k), w) in self
            .lanes
            .iter_mut()
            .zip(LANE_KEYS)
            .zip(block.chunks_exact(8))
        {
            *lane = (*lane ^ word(w)).wrapping_mul(k).rotate_left(29);
        }
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        if self.filled > 0 {
            let take = (32 - self.filled).min(bytes.len());
            self.pending[self.filled..self.filled + take].copy_from_slice(&bytes[..take]);
            self.filled += take;
            bytes = &bytes[take..];
            if self.filled < 32 {
                return;
            }
            let block = self.pending;
            self.block(&block);
            self.filled = 0;
        }
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            self.block(block);
        }
        let rest = blocks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.filled = rest.len();
    }

    pub fn finish(mut self) -> u128 {
        // The last 0 to 31 bytes, zero-padded (the length is in the seeds).
        let pending = self.pending;
        for ((lane, k), w) in self
            .lanes
            .iter_mut()
            .zip(LANE_KEYS)
            .zip(pending[..self.filled].chunks(8))
        {
            *lane = (*lane ^ word(w)).wrapping_mul(k).rotate_left(31);
        }
        let [a, b, c, d] = self.lanes;
        let high = mix(a ^ b.rotate_left(17) ^ c.rotate_left(37) ^ d.rotate_left(53));
        let low = mix(b ^ c.rotate_left(19) ^ d.rotate_left(41) ^ a.rotate_left(7));
        (u128::from(high) << 64) | u128::from(low)
    }
}

/// MurmurHash3's finaliser: every input bit affects every output bit.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^ (x >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writing an entry clears the directories of older formats and files
    /// left half-written long ago; a newer format's directory and a file
    /// being written now are left alone.
    #[test]
    fn writing_sweeps_older_formats_and_stale_half_written_files() {
        let root = tempfile::tempdir().expect("temp dir");
        let cache = PackCache::new(root.path());
        let older = root.path().join(format!("packs-0.1.0-c{}", FORMAT - 1));
        let newer = root.path().join(format!("packs-0.1.0-c{}", FORMAT + 1));
        for dir in [&older, &newer, &cache.dir] {
            std::fs::create_dir_all(dir).expect("made");
        }
        std::fs::write(older.join("a.pack"), b"old").expect("written");
        std::fs::write(newer.join("b.pack"), b"new").expect("written");
        let stale = cache.dir.join(".c.pack.AbCdEf");
        let fresh = cache.dir.join(".d.pack.GhIjKl");
        for file in [&stale, &fresh] {
            std::fs::write(file, b"half").expect("written");
        }
        let long_ago = std::time::SystemTime::now() - 2 * HALF_WRITTEN_AGE;
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .and_then(|f| f.set_modified(long_ago))
            .expect("dated");
        let (_, source) = crate::pack::BUILTIN[0];
        let study = crate::study::Study::load("p.toml", source).expect("valid");
        cache
            .put(source, &study.to_compiled().expect("fits"))
            .expect("cached");
        assert!(!older.exists(), "an older format's directory stays");
        assert!(newer.join("b.pack").exists(), "a newer format's entry went");
        assert!(!stale.exists(), "a file half-written long ago stays");
        assert!(fresh.exists(), "a file being written went");
        assert!(cache.get(source).is_some());
    }

    #[test]
    fn hash_sees_every_byte_and_the_length() {
        let base = b"Il n'est pas facile d'etablir le juste equilibre.".to_vec();
        let h = content_hash(&base);
        for i in 0..base.len() {
            let mut changed = base.clone();
            changed[i] ^= 1;
            assert_ne!(content_hash(&changed), h, "byte {i}");
        }
        assert_ne!(content_hash(&base[..base.len() - 1]), h);
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        assert_eq!(content_hash(&base), h);
    }

    /// Hashing in pieces gives the hash of the whole, wherever the pieces
    /// are cut.
    #[test]
    fn hashing_in_pieces_is_hashing_the_whole() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for len in [0, 1, 31, 32, 33, 64, 100, 1000] {
            let whole = content_hash(&bytes[..len]);
            for cut in [1, 5, 31, 32, 33, 70] {
                let mut hasher = ContentHasher::new(len);
                for piece in bytes[..len].chunks(cut) {
                    hasher.update(piece);
                }
                assert_eq!(hasher.finish(), whole, "{len} bytes in pieces of {cut}");
            }
        }
    }

    /// Past its limit the cache removes the entries used longest ago,
    /// never the one just written; a file edited in place loses its old
    /// entry when its new one is remembered.
    #[test]
    fn the_cache_stays_within_its_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = PackCache::new(dir.path());
        let compiled = crate::study::Study::builtin()
            .expect("valid")
            .to_compiled()
            .expect("fits");
        let day = std::time::Duration::from_secs(24 * 3600);
        let now = std::time::SystemTime::now();
        let sources = ["a", "b", "c", "d"];
        for (i, source) in sources.iter().enumerate() {
            cache.put(source, &compiled).expect("written");
            // "a" used longest ago, "d" most recently.
            let when = now - day * (10 - i as u32);
            std::fs::File::options()
                .write(true)
                .open(cache.entry_path(source))
                .and_then(|f| f.set_modified(when))
                .expect("dated");
        }
        // Using "a" dates it anew: now "b" is the oldest.
        assert!(cache.get_head("a").is_some());
        let each = compiled.len() as u64 + CHECKS as u64;
        cache.trim_to(2 * each, key(b"b"));
        let left: Vec<bool> = sources
            .iter()
            .map(|s| cache.entry_path(s).exists())
            .collect();
        assert_eq!(left, [true, true, false, false], "b kept, c and d gone");

        // A file remembered with one content, then edited in place.
        let pack = dir.path().join("p.toml");
        std::fs::write(&pack, "a").expect("written");
        let an_hour_ago = now - std::time::Duration::from_secs(3600);
        let date = |p: &Path| {
            std::fs::File::options()
                .write(true)
                .open(p)
                .and_then(|f| f.set_modified(an_hour_ago))
                .expect("dated");
        };
        date(&pack);
        let seen = |p: &Path| FileStat::of(p).expect("a file").aged(3);
        cache
            .remember(&pack, &seen(&pack), key(b"a"))
            .expect("remembered");
        std::fs::write(&pack, "c").expect("edited");
        date(&pack);
        cache.put("c", &compiled).expect("written");
        cache
            .remember(&pack, &seen(&pack), key(b"c"))
            .expect("remembered");
        assert!(!cache.entry_path("a").exists(), "the old content's entry");
        assert!(cache.entry_path("c").exists());
        assert!(cache.entry_path("b").exists(), "another file's entry");
    }

    #[test]
    fn round_trip_miss_and_damage() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = PackCache::new(dir.path());
        let source = "any source";
        let compiled = crate::study::Study::builtin()
            .expect("valid")
            .to_compiled()
            .expect("fits");
        assert!(cache.get(source).is_none());
        cache.put(source, &compiled).expect("written");
        assert_eq!(cache.get(source), Some(compiled.clone()));
        // Parts of the rest are read in bounds only, never allocated past.
        let cached = cache.get_head(source).expect("head");
        // The head is read in two: its bytes, then its strings' contents.
        let head_len = cached.head.len() + cached.strings.len();
        assert_eq!(
            [cached.head.as_slice(), cached.strings.as_bytes()].concat(),
            &compiled[..head_len]
        );
        let rest = compiled.len() - head_len;
        assert_eq!(
            cached.read_rest(0, rest).as_deref(),
            Some(&compiled[head_len..])
        );
        assert!(cached.read_rest(1, rest).is_none());
        assert!(cached.read_rest(0, usize::MAX).is_none());
        assert!(cached.read_rest(usize::MAX, 2).is_none());
        // Another source misses.
        assert!(cache.get(format!("{source}\n")).is_none());
        // A damaged entry is a miss, not an error.
        let entry = cache.entry_path(source);
        let bytes = std::fs::read(&entry).expect("entry");
        let head_end = CHECKS + crate::study::compiled::head_len(&compiled).expect("head");
        // Every byte of the checks and around the head's end, and a spread.
        let places: Vec<usize> = (0..48)
            .chain(head_end - 8..head_end + 8)
            .chain((0..bytes.len()).step_by(509))
            .chain(bytes.len() - 8..bytes.len())
            .collect();
        for &cut in &places {
            std::fs::write(&entry, &bytes[..cut]).expect("truncated");
            assert!(cache.get(source).is_none(), "cut at {cut}");
        }
        for &at in &places {
            let mut flipped = bytes.clone();
            flipped[at] ^= 1;
            std::fs::write(&entry, &flipped).expect("damaged");
            assert!(cache.get(source).is_none(), "flipped at {at}");
            // The head alone is checked for a preview; the rest when read.
            let in_head = at < 16 || (CHECKS..head_end).contains(&at);
            assert_eq!(
                cache.get_head(source).is_some(),
                !in_head,
                "flipped at {at}"
            );
        }
        // An unwritable cache fails quietly for the caller to ignore.
        let blocked = PackCache::new(&dir.path().join("file"));
        std::fs::write(dir.path().join("file"), b"x").expect("a file");
        assert!(blocked.put(source, &compiled).is_err());
        assert!(cache.put(source, b"not compiled").is_err());
        assert!(blocked.get(source).is_none());
    }

    #[test]
    fn cache_dir_prefers_the_variable() {
        let data = Some(PathBuf::from("d"));
        assert_eq!(
            cache_dir(Some(OsString::from("c")), data.clone()),
            Some(PathBuf::from("c"))
        );
        assert_eq!(cache_dir(None, data), Some(PathBuf::from("d/cache")));
        assert_eq!(
            cache_dir(Some(OsString::new()), None),
            cache_dir(None, None)
        );
    }
}
