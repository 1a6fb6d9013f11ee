//! What the commands print. Writing to a closed pipe (`liseuse export |
//! head -1`) ends the program quietly with status 141, as a process ended
//! by SIGPIPE would, which is what shell users expect; any other write
//! error (a full disk) is said on stderr with status 1. Never a panic.

use std::fmt;
use std::io::{self, Write};

/// `println!` for the commands' output.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::write(format_args!($($arg)*), true)
    };
}

/// `print!` for the commands' output.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write(format_args!($($arg)*), false)
    };
}

pub(crate) use {out, outln};

pub fn write(args: fmt::Arguments, newline: bool) {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_fmt(args)
        .and_then(|()| {
            if newline {
                stdout.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| stdout.flush());
    if let Err(e) = written {
        fail(&e);
    }
}

fn fail(e: &io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(141);
    }
    let _ = writeln!(io::stderr(), "liseuse: cannot write the output: {e}");
    std::process::exit(1);
}
