//! Opening the learner's files safely: packs, progress and config must be
//! regular files. A FIFO would block the reader forever and a device could
//! stream without end, so both are refused before a byte is read.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Opening or reading failed.
    Io(io::Error),
    /// Not a regular file: what it is (`"a FIFO"`, `"a directory"`…).
    NotAFile(&'static str),
    /// Larger than the limit given, in bytes.
    TooLarge(u64),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::TooLarge(limit) => write!(f, "it is larger than {limit} bytes"),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// What a file type is, in words.
pub fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Opens `path` (following symbolic links) for reading, refusing anything
/// but a regular file. The open itself never blocks, even on a FIFO with
/// no writer.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let file_type = file.metadata()?.file_type();
    if !file_type.is_file() {
        return Err(ReadError::NotAFile(describe(file_type)));
    }
    Ok(file)
}

/// The bytes of the regular file at `path`, refusing more than `limit`.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // The file may grow after the check: read one byte past the limit.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_and_the_limit_holds() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("a.toml");
        std::fs::write(&path, "abc").expect("write");
        assert_eq!(read_regular(&path, 3).expect("read"), b"abc");
        assert!(matches!(
            read_regular(&path, 2),
            Err(ReadError::TooLarge(2))
        ));
        let missing = read_regular(&tmp.path().join("none"), 9);
        assert!(matches!(missing, Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound));
    }

    #[test]
    fn directories_devices_and_fifos_are_refused_at_once() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let err = read_regular(tmp.path(), 9).expect_err("a directory");
        assert_eq!(err.to_string(), "it is a directory, not a regular file");
        #[cfg(unix)]
        {
            let err = read_regular(Path::new("/dev/zero"), 9).expect_err("a device");
            assert!(matches!(err, ReadError::NotAFile("a character device")));
            let fifo = tmp.path().join("fifo");
            let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            // No writer: a blocking open would never return.
            let err = read_regular(&fifo, 9).expect_err("a FIFO");
            assert!(matches!(err, ReadError::NotAFile("a FIFO")));
        }
    }
}
