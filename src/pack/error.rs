//! Problems found in a pack, each with where it is and what was expected.

use std::fmt;

/// A position in a pack file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// Converts a byte offset into a line and character column.
    pub fn from_offset(source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

/// Turns problems found at byte offsets into problems at lines and
/// columns, all in one pass over the source (sorted by position; the count
/// of problems not listed, if any, last).
pub fn locate_all(file: &str, source: &str, found: super::read::Found) -> Vec<Problem> {
    let (mut pending, more) = found.into_parts();
    pending.sort_by_key(|p| p.offset);
    // One copy of the file's name for all its problems.
    let file: std::sync::Arc<str> = file.into();
    let bytes = source.as_bytes();
    let (mut at, mut line, mut column) = (0usize, 1usize, 1usize);
    pending
        .into_iter()
        .chain(more)
        .map(|p| {
            let position = p.offset.map(|offset| {
                let offset = offset.min(bytes.len());
                while at < offset {
                    let b = bytes[at];
                    if b == b'\n' {
                        line += 1;
                        column = 1;
                    } else if b & 0xC0 != 0x80 {
                        column += 1;
                    }
                    at += 1;
                }
                Position { line, column }
            });
            Problem {
                file: file.clone(),
                position,
                message: p.message,
                severity: p.severity,
            }
        })
        .collect()
}

/// Whether a problem stops the pack from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    /// Worth fixing, but the pack loads (an unfinished entry, typography).
    Warning,
}

/// One problem in one pack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Shared by the problems of one file (a pack may have many).
    pub file: std::sync::Arc<str>,
    pub position: Option<Position>,
    pub message: String,
    pub severity: Severity,
}

impl Problem {
    pub fn new(file: &str, position: Option<Position>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            position,
            message: message.into(),
            severity: Severity::Error,
        }
    }

    pub fn warning(file: &str, position: Option<Position>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::new(file, position, message)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = super::sanitize::clean(&self.file, false);
        match self.position {
            Some(p) => write!(f, "{file}:{}:{}: ", p.line, p.column)?,
            None => write!(f, "{file}: ")?,
        }
        if self.is_warning() {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", super::sanitize::clean(&self.message, false))
    }
}

/// Every problem that stopped a pack from loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub problems: Vec<Problem>,
}

impl From<Problem> for PackError {
    fn from(problem: Problem) -> Self {
        PackError {
            problems: vec![problem],
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PackError {}
