//! A dictionary's data file: plain, gzip, or dictzip.
//!
//! Dictzip is gzip whose header lists the compressed size of each chunk
//! (the chunks are flushed independently), so an entry can be inflated on
//! its own: opening a dictzip file reads only its header, and a lookup
//! inflates the one or two chunks the entry lies in. Plain files and gzip
//! without a chunk table are held whole, as before.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Mutex;

use flate2::{Decompress, FlushDecompress};

/// Dictionaries larger than this (inflated) are read only this far.
pub(super) const MAX_DATA: u64 = 512 * 1024 * 1024;

/// The data of one dictionary.
#[derive(Debug)]
pub(super) enum Data {
    /// Plain text, or gzip without a chunk table: inflated whole.
    Whole(Vec<u8>),
    /// Dictzip: chunks inflated when an entry needs them.
    Chunked(Dictzip),
}

impl Data {
    /// Opens `path`, reading a dictzip file's header only.
    pub fn open(path: &Path) -> Result<Data, String> {
        let fail = |e: std::io::Error| format!("{}: {e}", path.display());
        let mut file = File::open(path).map_err(fail)?;
        let mut head = Vec::new();
        // The gzip header with its extra field is at most 10 + 2 + 65,535 bytes.
        (&mut file)
            .take(10 + 2 + 65_535)
            .read_to_end(&mut head)
            .map_err(fail)?;
        let size = file.metadata().map_err(fail)?.len();
        if let Some((chunk_len, bounds)) = chunk_table(&head, size) {
            return Ok(Data::Chunked(Dictzip {
                file: Mutex::new(file),
                last: Mutex::new(None),
                chunk_len,
                bounds,
            }));
        }
        let mut bytes = head;
        file.read_to_end(&mut bytes).map_err(fail)?;
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes.as_slice())
                .take(MAX_DATA)
                .read_to_end(&mut out)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(Data::Whole(out))
        } else {
            Ok(Data::Whole(bytes))
        }
    }

    /// `len` bytes from `start` (fewer at the end of the data); `None`
    /// when nothing can be read there.
    pub fn read(&self, start: u64, len: u64) -> Option<Cow<'_, [u8]>> {
        match self {
            Data::Whole(bytes) => {
                let from = usize::try_from(start).ok()?;
                let to = usize::try_from(start.checked_add(len)?)
                    .ok()?
                    .min(bytes.len());
                bytes.get(from..to).map(Cow::Borrowed)
            }
            Data::Chunked(dz) => dz.read(start, len).map(Cow::Owned),
        }
    }
}

/// An open dictzip file and its chunk table.
#[derive(Debug)]
pub(super) struct Dictzip {
    file: Mutex<File>,
    /// The chunk inflated last: neighbouring lookups often share it.
    last: Mutex<Option<(usize, std::sync::Arc<Vec<u8>>)>>,
    /// Inflated size of every chunk but the last.
    chunk_len: u64,
    /// Where each chunk's compressed bytes start in the file, and where
    /// the last one ends.
    bounds: Vec<u64>,
}

/// The chunk length and chunk bounds of a dictzip header (`RA` extra
/// field, version 1), checked against the file's size; `None` for anything
/// else (plain gzip included).
fn chunk_table(head: &[u8], file_size: u64) -> Option<(u64, Vec<u64>)> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    if head.get(..3)? != [0x1f, 0x8b, 8] {
        return None;
    }
    let flags = *head.get(3)?;
    if flags & FEXTRA == 0 {
        return None;
    }
    let u16_at = |at: usize| -> Option<u64> {
        Some(u64::from(u16::from_le_bytes([
            *head.get(at)?,
            *head.get(at + 1)?,
        ])))
    };
    let xlen = usize::try_from(u16_at(10)?).ok()?;
    let extra = head.get(12..12 + xlen)?;
    let mut table = None;
    let mut rest = extra;
    while rest.len() >= 4 {
        let len = usize::from(u16::from_le_bytes([rest[2], rest[3]]));
        let field = rest.get(4..4 + len)?;
        if rest[..2] == *b"RA" {
            table = Some(field);
        }
        rest = &rest[4 + len..];
    }
    let table = table?;
    let word = |i: usize| -> Option<u64> {
        Some(u64::from(u16::from_le_bytes([
            *table.get(2 * i)?,
            *table.get(2 * i + 1)?,
        ])))
    };
    let (version, chunk_len, count) = (word(0)?, word(1)?, word(2)?);
    if version != 1 || chunk_len == 0 || count.checked_mul(chunk_len)? > MAX_DATA {
        return None;
    }
    // The compressed data starts after the optional name, comment and CRC.
    let mut at = 12 + xlen;
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            at += head.get(at..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    let mut bounds = Vec::with_capacity(usize::try_from(count).ok()? + 1);
    let mut offset = u64::try_from(at).ok()?;
    bounds.push(offset);
    for i in 0..usize::try_from(count).ok()? {
        offset += word(3 + i)?;
        bounds.push(offset);
    }
    if offset > file_size {
        return None;
    }
    Some((chunk_len, bounds))
}

impl Dictzip {
    fn read(&self, start: u64, len: u64) -> Option<Vec<u8>> {
        if len == 0 {
            return Some(Vec::new());
        }
        let first = start / self.chunk_len;
        let last = (start.checked_add(len)? - 1) / self.chunk_len;
        let chunks = u64::try_from(self.bounds.len() - 1).ok()?;
        if first >= chunks {
            return None;
        }
        let mut out = Vec::new();
        for chunk in first..=last.min(chunks - 1) {
            out.extend_from_slice(&self.chunk(usize::try_from(chunk).ok()?)?);
        }
        let skip = usize::try_from(start - first * self.chunk_len).ok()?;
        let take = usize::try_from(len).ok()?;
        let end = skip.saturating_add(take).min(out.len());
        out.get(skip..end).map(<[u8]>::to_vec)
    }

    /// One chunk, inflated (or the one kept from the last lookup).
    fn chunk(&self, i: usize) -> Option<std::sync::Arc<Vec<u8>>> {
        if let Ok(last) = self.last.lock()
            && let Some((at, bytes)) = last.as_ref()
            && *at == i
        {
            return Some(bytes.clone());
        }
        let (from, to) = (*self.bounds.get(i)?, *self.bounds.get(i + 1)?);
        let mut compressed = vec![0; usize::try_from(to.checked_sub(from)?).ok()?];
        {
            let mut file = self.file.lock().ok()?;
            file.seek(SeekFrom::Start(from)).ok()?;
            file.read_exact(&mut compressed).ok()?;
        }
        let mut out = vec![0; usize::try_from(self.chunk_len).ok()?];
        let mut inflate = Decompress::new(false);
        inflate
            .decompress(&compressed, &mut out, FlushDecompress::Sync)
            .ok()?;
        out.truncate(usize::try_from(inflate.total_out()).ok()?);
        let out = std::sync::Arc::new(out);
        if let Ok(mut last) = self.last.lock() {
            *last = Some((i, out.clone()));
        }
        Some(out)
    }
}

/// `bytes` as dictzip: gzip whose `RA` extra field lists the compressed
/// size of each `chunk`-byte piece, each piece flushed on its own. Only the
/// tests and the fuzz harness write dictionaries; `None` when a piece does
/// not fit the table's 16-bit sizes.
pub fn write_dictzip(bytes: &[u8], chunk: usize) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, Crc, FlushCompress};
    let chunk_len = u16::try_from(chunk).ok().filter(|&n| n > 0)?;
    let mut deflate = Compress::new(Compression::default(), false);
    let mut body = Vec::new();
    let mut sizes: Vec<u16> = Vec::new();
    let pieces: Vec<&[u8]> = bytes.chunks(chunk).collect();
    for (i, piece) in pieces.iter().enumerate() {
        let flush = if i + 1 == pieces.len() {
            FlushCompress::Finish
        } else {
            FlushCompress::Full
        };
        let mut out = Vec::with_capacity(piece.len() * 2 + 64);
        deflate.compress_vec(piece, &mut out, flush).ok()?;
        sizes.push(u16::try_from(out.len()).ok()?);
        body.extend(out);
    }
    let mut table = Vec::new();
    for n in [1, chunk_len, u16::try_from(sizes.len()).ok()?] {
        table.extend(n.to_le_bytes());
    }
    for size in &sizes {
        table.extend(size.to_le_bytes());
    }
    let mut extra = b"RA".to_vec();
    extra.extend(u16::try_from(table.len()).ok()?.to_le_bytes());
    extra.extend(table);
    let mut out = vec![0x1f, 0x8b, 8, 4 | 8, 0, 0, 0, 0, 0, 3];
    out.extend(u16::try_from(extra.len()).ok()?.to_le_bytes());
    out.extend(extra);
    out.extend(b"fra-eng.dict\0");
    out.extend(body);
    let mut crc = Crc::new();
    crc.update(bytes);
    out.extend(crc.sum().to_le_bytes());
    out.extend(u32::try_from(bytes.len()).ok()?.to_le_bytes());
    Some(out)
}
